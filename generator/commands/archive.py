"""`reportsite archive`: freeze a published period, built online and offline, in every language."""

from __future__ import annotations

import tempfile
from pathlib import Path

from ..engine.chromium import find_chromium
from ..engine.period_site import build_period_site
from ..errors import NOTHING_WRITTEN, BuildError, ContentError, ReportsiteError
from ..project import Project
from ..reading.validation import validate_content
from ..rendering.front_door import render_front_door
from ..rendering.pages import Renderer, render_report
from ..storage.archive import freeze, refuse_if_archived


def archive(project: Project, period_name: str) -> Path:
    """Freeze one period: build it online and offline, in every language, and store it with its manifest."""
    refuse_if_archived(project.archive_dir, period_name)  # before the builds, which take a while
    try:
        report = validate_content(project.content_dir)
    except ContentError as error:
        raise error.with_consequence(NOTHING_WRITTEN) from None
    period = next((q for q in report.periods if str(q.id) == period_name), None)
    if period is None:
        known = ", ".join(str(q.id) for q in report.periods)
        raise ReportsiteError(f"there is no period {period_name} in {project.content_dir}; the periods are: {known}")
    # An archived period never changes, so one frozen without its PDF would lack it for good.
    chromium = find_chromium()
    if chromium is None:
        raise BuildError(
            f"{period_name} was not archived: archiving freezes the PDF edition with the period, "
            "and printing it needs Chromium, which was not found. Install Debian's chromium "
            "(tools/install-system-packages) and archive again."
        )
    renderer = Renderer(project.theme, thai_digits=report.site.thai_digits, words=report.site.words)
    localizers = renderer.localizers(report.site.languages)
    rendered = render_report(report, renderer, [period])
    with tempfile.TemporaryDirectory() as scratch:
        online, offline = Path(scratch) / "online", Path(scratch) / "offline"
        for period_pages in rendered:
            where = Path(period_pages.language) / period_name
            build_period_site(project, report, period_pages, localizers, online / where, chromium=chromium)
            # The offline edition's PDF is the online one's: the print page links nowhere from the PDF.
            printed = online / where / period_pages.pdf_file if period_pages.pdf_file else None
            build_period_site(project, report, period_pages, localizers, offline / where, offline=True, printed=printed)
        front_door = render_front_door(report, project.theme, localizers, periods=[period], offline=True)
        (offline / "index.html").write_text(front_door, encoding="utf-8")
        return freeze(
            project.archive_dir,
            period_name,
            online,
            offline,
            period.source_date_epoch,
            content=project.content_dir / period_name,
        )
