"""`reportsite archive`: freeze a published period, built online and offline, in every language."""

from __future__ import annotations

import tempfile
from pathlib import Path
from urllib.parse import urlsplit

from ..engine.chromium import find_chromium
from ..engine.period_site import build_period_site
from ..errors import NOTHING_WRITTEN, BuildError, ContentError, ReportsiteError, display_path
from ..project import Project
from ..reading.sources import SITE_FILE
from ..reading.validation import validate_content
from ..rendering.front_door import render_front_door
from ..rendering.pages import Renderer, render_report
from ..storage.archive import freeze, refuse_if_archived

# Names that can never be a site's address (RFC 2606 and RFC 6761): the example domains, which the packaged and
# example content use as placeholders (https://reportsite.example.org/), and the reserved top-level domains.
PLACEHOLDER_DOMAINS = ("example.org", "example.com", "example.net")
PLACEHOLDER_TOP_LEVEL = ("example", "invalid", "test")


def is_placeholder_url(url: str) -> bool:
    """Whether `url`'s host is a placeholder: an example domain (or below one), or a reserved top-level domain."""
    host = (urlsplit(url).hostname or "").lower().rstrip(".")
    return host.rsplit(".", 1)[-1] in PLACEHOLDER_TOP_LEVEL or any(
        host == domain or host.endswith(f".{domain}") for domain in PLACEHOLDER_DOMAINS
    )


def archive(project: Project, period_name: str, *, allow_placeholder_url: bool = False) -> Path:
    """Freeze one period: build it online and offline, in every language, and store it with its manifest.

    Refused while site.yaml's base_url is a placeholder (unless `allow_placeholder_url`): the archived
    period would keep that address for good.
    """
    refuse_if_archived(project.archive_dir, period_name)  # before the builds, which take a while
    try:
        report = validate_content(project.content_dir)
    except ContentError as error:
        raise error.with_consequence(NOTHING_WRITTEN) from None
    if not allow_placeholder_url and is_placeholder_url(report.site.base_url):
        raise ReportsiteError(
            f"{period_name} was not archived: base_url in {display_path(project.content_dir / SITE_FILE)} is still "
            f"a placeholder ({report.site.base_url}), and an archived period keeps the address it was built with "
            "for good (in its sitemap and canonical links); set base_url to the site's real address first, "
            "or archive anyway with --allow-placeholder-url (a trial, never to be committed)"
        )
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
