"""The whole pipeline, top-down: load and validate, render, build with MkDocs, swap into place.

Every piece of content is checked and every page rendered before the first
file is written, so bad content never leaves a half-written site behind.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import shutil
import tempfile
import threading
import time
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from .archive import SITE, archived_quarters, copy_frozen_quarter, freeze, offline_zip_name, read_manifest
from .build_cache import BuildCache, code_and_templates, site_fingerprint
from .errors import BuildError, ReportsiteError
from .fingerprint import Hasher, file_identity
from .fonts import write_fonts
from .model import Quarter, Report
from .project import Project
from .pdf import NO_CHROMIUM_NOTICE, find_chromium, print_to_pdf
from .rendering import RenderedQuarter, Renderer
from .site import (
    build_with_mkdocs,
    leave_out_unused_theme_files,
    mkdocs_config,
    search_languages,
    render_front_door,
    staged_output,
    write_config,
    write_docs,
)
from .sources import SITE_FILE
from .thai_search import SEPARATOR, patch_search_worker, preload_thai_segmenter, rewrite_search_index
from .validation import validate_content
from .versions import render_versions_json, write_latest_redirects

logger = logging.getLogger("reportsite")
# A worker process builds this many quarter × language sites, then makes way for a fresh one, so that
# whatever MkDocs and its plugins keep between builds cannot add up over a long archive.
TASKS_PER_WORKER = 8


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


@dataclass(frozen=True)
class BuildOptions:
    """What every quarter × language build of one run shares, besides the content."""

    base_url: str
    chromium: str | None
    """The Chromium that prints the PDF editions, or None for a site without them."""


@dataclass(frozen=True)
class QuarterBuild:
    """One MkDocs build: a quarter in a language, and the key of everything it reads."""

    quarter: str
    language: str
    key: str

    def __str__(self) -> str:
        return f"{self.language}/{self.quarter}"


@dataclass
class BuildStats:
    """What a build did, and where its time went (summed over processes): for tests and benchmarks."""

    validation: float = 0.0
    rendering: float = 0.0
    mkdocs: float = 0.0
    """Per quarter and language: the font subset, the MkDocs build, the Thai search index and the PDF."""
    built: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)


def build(project: Project, *, base_url: str | None = None, rebuild_archived: bool = False,
          print_pdfs: bool = True, jobs: int = 1, stats: BuildStats | None = None) -> Report:
    """Build the whole site of `project` into its site folder, and return the report built.

    Archived quarters are copied from the archive byte for byte, unless
    `rebuild_archived` asks for them to be built again from the content.
    `print_pdfs=False` leaves out the PDF editions, for a fast preview.
    A quarter × language build whose inputs are unchanged since an earlier
    build is taken from the cache; the others run in `jobs` processes.
    """
    stats = stats if stats is not None else BuildStats()
    cache = BuildCache(project.cache_dir)
    fingerprint = site_fingerprint(project, base_url=base_url, rebuild_archived=rebuild_archived,
                                   print_pdfs=print_pdfs)
    started = time.perf_counter()
    report = validate_content(project.content_dir, project.archive_dir, cache=cache.validation)
    stats.validation = time.perf_counter() - started
    frozen = set() if rebuild_archived else set(archived_quarters(project.archive_dir))
    to_build = [quarter for quarter in report.quarters if str(quarter.id) not in frozen]
    chromium = find_pdf_printer() if to_build and print_pdfs else None
    options = BuildOptions(base_url=base_url or report.site.base_url, chromium=chromium)
    shared_key = _shared_key(project, options)
    plan = [QuarterBuild(str(quarter.id), language, _build_key(project, report, quarter, language, shared_key))
            for quarter in to_build for language in report.site.languages]
    missing = [job for job in plan if not cache.has(job.language, job.quarter, job.key)]
    stats.reused = [str(job) for job in plan if job not in missing]
    for job in missing:
        cache.clear_scratch(job.language, job.quarter)
    _run_builds(project, report, options, missing, jobs, stats)

    localizers = _renderer(project.templates_dir, report.site.thai_digits, chromium is not None) \
        .localizers(report.site.languages)
    downloads = {quarter: offline_zip_name(quarter) for quarter in sorted(frozen)}
    front_door = render_front_door(report, project.templates_dir, localizers, downloads=downloads)
    with staged_output(project.site_dir) as staging:
        for quarter in sorted(frozen):
            manifest = read_manifest(project.archive_dir / quarter)
            for language in report.site.languages:
                target = staging / language / quarter
                copy_frozen_quarter(project.archive_dir, quarter, language, target)
                prefix = f"{SITE}/{language}/"
                cache.store_once(target, {name[len(prefix):]: digest for name, digest in manifest.items()
                                          if name.startswith(prefix)})
        for job in plan:
            cache.use(job.language, job.quarter, job.key, staging / job.language / job.quarter)
        for quarter, name in downloads.items():
            (staging / "downloads").mkdir(exist_ok=True)
            shutil.copyfile(project.archive_dir / quarter / name, staging / "downloads" / name)
        for language, l10n in localizers.items():
            (staging / language / "versions.json").write_text(render_versions_json(report, l10n), encoding="utf-8")
            write_latest_redirects(staging / language, str(report.latest.id), language, project.templates_dir)
        (staging / "index.html").write_text(front_door, encoding="utf-8")
    cache.record(project.site_dir, fingerprint, [str(warning) for warning in report.warnings])
    if missing:
        cache.collect_garbage()
    return report


def _shared_key(project: Project, options: BuildOptions) -> Hasher:
    """The part of every build's key that all quarters share: code, templates, settings and options."""
    hasher = code_and_templates("build", project)
    hasher.add("site.yaml", (project.content_dir / SITE_FILE).read_bytes())
    hasher.add("base_url", options.base_url).add("chromium", file_identity(options.chromium))
    return hasher


def _build_key(project: Project, report: Report, quarter: Quarter, language: str, shared: Hasher) -> str:
    """The key of one build: the shared part, the language, and the content of every quarter its pages read."""
    hasher = shared.copy().add("language", language)
    for read in Renderer.quarters_read(report, quarter):
        hasher.add_tree(f"quarter {read.id}", project.content_dir / str(read.id))
    return hasher.hexdigest()


# What forked workers share with the process that started them: set just before the pool forks.
_SHARED: tuple[Project, Report, BuildOptions] | None = None


def _run_builds(project: Project, report: Report, options: BuildOptions, missing: list[QuarterBuild], jobs: int,
                stats: BuildStats) -> None:
    """Run the builds missing from the cache: here, or in `jobs` processes forked from this one."""
    global _SHARED
    _SHARED = (project, report, options)
    try:
        if jobs <= 1 or len(missing) <= 1:
            results = [_build_one(job) for job in missing]
        else:
            # Once, here, rather than in every worker.
            started = time.perf_counter()
            _renderer(project.templates_dir, report.site.thai_digits, options.chromium is not None) \
                .compile_templates(report.site.languages)
            stats.rendering += time.perf_counter() - started
            if any(job.language == "th" for job in missing):
                preload_thai_segmenter()
            with multiprocessing.get_context("fork").Pool(min(jobs, len(missing)), initializer=_die_with_parent,
                                                          maxtasksperchild=TASKS_PER_WORKER) as pool:
                results = list(pool.imap_unordered(_build_one, missing))
    finally:
        _SHARED = None
    for job, rendering, mkdocs in results:
        stats.built.append(str(job))
        stats.rendering += rendering
        stats.mkdocs += mkdocs


def _die_with_parent() -> None:
    """Have this worker exit as soon as the build that forked it is gone (killed, say).

    An orphaned worker would go on writing into the cache while the next build
    clears its scratch folder. (prctl's PR_SET_PDEATHSIG would do this, but not
    on every kernel, nor in every sandbox.)
    """
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.2)
        os._exit(1)

    threading.Thread(target=watch, daemon=True).start()


def _build_one(job: QuarterBuild) -> tuple[QuarterBuild, float, float]:
    """Render one quarter in one language, build it, and put the result in the cache."""
    assert _SHARED is not None, "_run_builds sets what the builds share"
    project, report, options = _SHARED
    started = time.perf_counter()
    renderer = _renderer(project.templates_dir, report.site.thai_digits, options.chromium is not None)
    quarter = next(quarter for quarter in report.quarters if str(quarter.id) == job.quarter)
    rendered = renderer.render_quarter(report, quarter, job.language)
    rendered_at = time.perf_counter()
    cache = BuildCache(project.cache_dir)
    scratch = cache.scratch_dir(job.language, job.quarter, job.key)
    try:
        build_quarter_site(project, report, rendered, renderer.localizers(report.site.languages), scratch,
                           base_url=options.base_url, chromium=options.chromium)
        cache.add(job.language, job.quarter, job.key, scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return job, rendered_at - started, time.perf_counter() - rendered_at


@cache
def _renderer(templates_dir: Path, thai_digits: bool, with_pdf: bool) -> Renderer:
    # One per process, so that each worker compiles the templates once.
    return Renderer(templates_dir, thai_digits=thai_digits, with_pdf=with_pdf)


def build_quarter_site(project: Project, report: Report, rendered: RenderedQuarter, localizers: dict,
                       site_dir: Path, *, base_url: str | None = None, offline: bool = False,
                       thai_search: bool = True, chromium: str | None = None) -> None:
    """Write one quarter's docs in one language and build it with MkDocs into `site_dir`.

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
    config = mkdocs_config(
        report, rendered, base_url=base_url or report.site.base_url, project_dir=project.root,
        site_dir=site_dir, renderers=localizers, offline=offline, search_separator=SEPARATOR if segment else None,
    )
    write_config(config, build_dir / "mkdocs.yml")
    build_with_mkdocs(build_dir / "mkdocs.yml", rendered.quarter.source_date_epoch)
    leave_out_unused_theme_files(site_dir, search_languages(config))
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
            where = Path(quarter_pages.language) / quarter_name
            build_quarter_site(project, report, quarter_pages, localizers, online / where, chromium=chromium)
            build_quarter_site(project, report, quarter_pages, localizers, offline / where, offline=True,
                               chromium=chromium)
        front_door = render_front_door(report, project.templates_dir, localizers, quarters=[quarter], offline=True)
        (offline / "index.html").write_text(front_door, encoding="utf-8")
        return freeze(project.archive_dir, quarter_name, online, offline, quarter.source_date_epoch,
                      content=project.content_dir / quarter_name)
