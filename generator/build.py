"""The whole pipeline, top-down: load and validate, render, build with MkDocs, swap into place.

Every piece of content is checked and every page rendered before the first
file is written, so bad content never leaves a half-written site behind.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .archive import archived_quarters, copy_frozen_quarter, freeze, offline_zip_name
from .errors import BuildError, ReportsiteError
from .fonts import write_fonts
from .model import Quarter, Report
from .pdf import NO_CHROMIUM_NOTICE, find_chromium, print_to_pdf
from .rendering import RenderedQuarter, Renderer
from .site import (
    build_with_mkdocs,
    mkdocs_config,
    render_front_door,
    staged_output,
    write_config,
    write_docs,
)
from .thai_search import SEPARATOR, patch_search_worker, rewrite_search_index
from .validation import validate_content
from .versions import render_versions_json, write_latest_redirects

logger = logging.getLogger("reportsite")


@dataclass(frozen=True)
class Project:
    """Where a reportsite project keeps its parts."""

    root: Path
    content_dir: Path
    site_dir: Path
    work_dir: Path
    """Intermediate Markdown and MkDocs configs, kept for inspection; git-ignored."""
    archive_dir: Path
    """Frozen quarters; committed, and never changed once written."""

    @classmethod
    def at(cls, root: Path, *, content_dir: Path | None = None, site_dir: Path | None = None,
           work_dir: Path | None = None, archive_dir: Path | None = None) -> Project:
        root = root.resolve()
        return cls(
            root=root,
            content_dir=(content_dir or root / "content").resolve(),
            site_dir=(site_dir or root / "site").resolve(),
            work_dir=(work_dir or root / "build").resolve(),
            archive_dir=(archive_dir or root / "archive").resolve(),
        )

    @property
    def templates_dir(self) -> Path:
        return self.root / "site_templates"



def find_pdf_printer() -> str | None:
    """The machine's Chromium, which prints the PDF editions; without one, say so and go on without them."""
    chromium = find_chromium()
    if chromium is None:
        logger.warning(NO_CHROMIUM_NOTICE)
    return chromium


def render_report(report: Report, renderer: Renderer, quarters: list[Quarter] | None = None) -> list[RenderedQuarter]:
    """Render every quarter (or the given ones) in every language of the site."""
    return [
        renderer.render_quarter(report, quarter, language)
        for quarter in (report.quarters if quarters is None else quarters)
        for language in report.site.languages
    ]


def build(project: Project, *, base_url: str | None = None, rebuild_archived: bool = False,
          print_pdfs: bool = True) -> Report:
    """Build the whole site of `project` into its site folder, and return the report built.

    Archived quarters are copied from the archive byte for byte, unless
    `rebuild_archived` asks for them to be built again from the content.
    `print_pdfs=False` leaves out the PDF editions, for a fast preview.
    """
    report = validate_content(project.content_dir, project.archive_dir)
    frozen = set() if rebuild_archived else set(archived_quarters(project.archive_dir))
    to_build = [quarter for quarter in report.quarters if str(quarter.id) not in frozen]
    chromium = find_pdf_printer() if to_build and print_pdfs else None
    renderer = Renderer(project.templates_dir, thai_digits=report.site.thai_digits, with_pdf=chromium is not None)
    rendered = render_report(report, renderer, to_build)
    localizers = renderer.localizers(report.site.languages)
    downloads = {quarter: offline_zip_name(quarter) for quarter in sorted(frozen)}
    front_door = render_front_door(report, project.templates_dir, localizers, downloads=downloads)

    with staged_output(project.site_dir) as staging:
        for quarter in report.quarters:
            if str(quarter.id) in frozen:
                for language in report.site.languages:
                    copy_frozen_quarter(project.archive_dir, str(quarter.id), language,
                                        staging / language / str(quarter.id))
        for quarter_pages in rendered:
            build_quarter_site(project, report, quarter_pages, localizers, staging, base_url=base_url,
                               chromium=chromium)
        for quarter, name in downloads.items():
            (staging / "downloads").mkdir(exist_ok=True)
            shutil.copyfile(project.archive_dir / quarter / name, staging / "downloads" / name)
        for language, l10n in localizers.items():
            (staging / language / "versions.json").write_text(render_versions_json(report, l10n), encoding="utf-8")
            write_latest_redirects(staging / language, str(report.latest.id), language, project.templates_dir)
        (staging / "index.html").write_text(front_door, encoding="utf-8")
    return report


def build_quarter_site(project: Project, report: Report, rendered: RenderedQuarter, localizers: dict,
                       site_root: Path, *, base_url: str | None = None, offline: bool = False,
                       thai_search: bool = True, chromium: str | None = None) -> None:
    """Write one quarter's docs in one language and build it with MkDocs into `site_root/<lang>/<quarter>/`.

    Then print its PDF edition from the built print page, with `chromium`, when
    the pages were rendered with one. `thai_search=False` leaves Material's
    search as it is, for measuring what the Thai segmentation adds.
    """
    edition = "offline" if offline else "online"
    build_dir = project.work_dir / edition / rendered.language / str(rendered.quarter.id)
    docs_dir = build_dir / "docs"
    write_docs(rendered, docs_dir, project.templates_dir / "assets")
    texts = [page.markdown for page in rendered.pages] + list(rendered.l10n.strings.values())
    write_fonts(texts, docs_dir / "assets" / "fonts")
    segment = thai_search and rendered.language == "th" and not offline
    site_dir = site_root / rendered.language / str(rendered.quarter.id)
    config = mkdocs_config(
        report, rendered, base_url=base_url or report.site.base_url, project_dir=project.root,
        site_dir=site_dir, renderers=localizers, offline=offline, search_separator=SEPARATOR if segment else None,
    )
    write_config(config, build_dir / "mkdocs.yml")
    build_with_mkdocs(build_dir / "mkdocs.yml", rendered.quarter.source_date_epoch)
    if segment:
        rewrite_search_index(site_dir)
        patch_search_worker(site_dir)
    if rendered.pdf_file:
        if chromium is None:
            raise BuildError(f"{rendered.quarter.id} ({rendered.language}) links to its PDF, but no Chromium was "
                             "given to print it")
        print_page = site_dir / ("print.html" if offline else "print/index.html")
        print_to_pdf(chromium, print_page, site_dir / rendered.pdf_file, rendered.quarter.info.as_of)


def archive(project: Project, quarter_name: str) -> Path:
    """Freeze one quarter: build it online and offline, in every language, and store it with its manifest."""
    report = validate_content(project.content_dir)
    quarter = next((q for q in report.quarters if str(q.id) == quarter_name), None)
    if quarter is None:
        known = ", ".join(str(q.id) for q in report.quarters)
        raise ReportsiteError(f"there is no quarter {quarter_name} in {project.content_dir}; the quarters are: {known}")
    # An archived quarter never changes, so one frozen without its PDF would lack it for good.
    chromium = find_chromium()
    if chromium is None:
        raise BuildError(f"{quarter_name} was not archived: archiving freezes the PDF edition with the quarter, "
                         "and printing it needs Chromium, which was not found. Install Debian's chromium "
                         "(tools/install-system-packages) and archive again.")
    renderer = Renderer(project.templates_dir, thai_digits=report.site.thai_digits)
    localizers = renderer.localizers(report.site.languages)
    rendered = render_report(report, renderer, [quarter])
    with tempfile.TemporaryDirectory() as scratch:
        online, offline = Path(scratch) / "online", Path(scratch) / "offline"
        for quarter_pages in rendered:
            build_quarter_site(project, report, quarter_pages, localizers, online, chromium=chromium)
            build_quarter_site(project, report, quarter_pages, localizers, offline, offline=True, chromium=chromium)
        front_door = render_front_door(report, project.templates_dir, localizers, quarters=[quarter], offline=True)
        (offline / "index.html").write_text(front_door, encoding="utf-8")
        return freeze(project.archive_dir, quarter_name, online, offline, quarter.source_date_epoch,
                      content=project.content_dir / quarter_name)
