"""`reportsite archive`: freeze a published quarter, built online and offline, in every language."""

from __future__ import annotations

import tempfile
from pathlib import Path

from ..engine.chromium import find_chromium
from ..engine.quarter_site import build_quarter_site
from ..errors import BuildError, ReportsiteError
from ..project import Project
from ..reading.validation import validate_content
from ..rendering.front_door import render_front_door
from ..rendering.pages import Renderer, render_report
from ..storage.archive import freeze, refuse_if_archived


def archive(project: Project, quarter_name: str) -> Path:
    """Freeze one quarter: build it online and offline, in every language, and store it with its manifest."""
    refuse_if_archived(project.archive_dir, quarter_name)  # before the builds, which take a while
    report = validate_content(project.content_dir)
    quarter = next((q for q in report.quarters if str(q.id) == quarter_name), None)
    if quarter is None:
        known = ", ".join(str(q.id) for q in report.quarters)
        raise ReportsiteError(f"there is no quarter {quarter_name} in {project.content_dir}; the quarters are: {known}")
    # An archived quarter never changes, so one frozen without its PDF would lack it for good.
    chromium = find_chromium()
    if chromium is None:
        raise BuildError(
            f"{quarter_name} was not archived: archiving freezes the PDF edition with the quarter, "
            "and printing it needs Chromium, which was not found. Install Debian's chromium "
            "(tools/install-system-packages) and archive again."
        )
    renderer = Renderer(project.theme, thai_digits=report.site.thai_digits)
    localizers = renderer.localizers(report.site.languages)
    rendered = render_report(report, renderer, [quarter])
    with tempfile.TemporaryDirectory() as scratch:
        online, offline = Path(scratch) / "online", Path(scratch) / "offline"
        for quarter_pages in rendered:
            where = Path(quarter_pages.language) / quarter_name
            build_quarter_site(project, report, quarter_pages, localizers, online / where, chromium=chromium)
            build_quarter_site(
                project, report, quarter_pages, localizers, offline / where, offline=True, chromium=chromium
            )
        front_door = render_front_door(report, project.theme, localizers, quarters=[quarter], offline=True)
        (offline / "index.html").write_text(front_door, encoding="utf-8")
        return freeze(
            project.archive_dir,
            quarter_name,
            online,
            offline,
            quarter.source_date_epoch,
            content=project.content_dir / quarter_name,
        )
