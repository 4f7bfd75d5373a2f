"""`reportsite build`: the whole pipeline, top-down.

1. Check every frozen period of the archive against its manifest.
2. Load and validate all the content; a problem anywhere stops the run here,
   with every problem listed and nothing written.
3. Plan one MkDocs build per period (not frozen) and language, each keyed on
   the content files it reads; where an earlier run rendered the same files,
   the cache records the key of what they rendered, and holds that build.
4. Render the others, here or in forked workers (which share the templates
   and each period's CSV and JSON files, made before they fork), and build
   those whose rendered pages the cache does not hold (an edit to one
   language's text leaves the other's pages, and so its build, as they were).
   Each build is written into the cache's scratch space and enters the cache whole.
5. Assemble the site aside (frozen periods, builds, period lists, redirects,
   front door, trends pages) and swap it into place whole, so that a failure at any step
   leaves the previous site as it was.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import shutil
import threading
import time
from dataclasses import dataclass, field
from functools import cache

from ..engine.period_site import build_period_site
from ..engine.versions import render_versions_json, write_latest_redirects
from ..errors import NOTHING_WRITTEN, ContentError
from ..project import Project
from ..reading.model import Period, Report, SiteWords
from ..reading.sources import SITE_FILE
from ..reading.validation import validate_content
from ..rendering.editor_config import render_editor_config, render_editor_page
from ..rendering.front_door import render_front_door
from ..rendering.pages import RenderedPeriod, Renderer
from ..rendering.thai_words import preload_thai_segmenter
from ..rendering.trends_page import TRENDS_CSV, TRENDS_FOLDER, render_trends_pages
from ..storage.archive import SITE, archived_periods, check_intact, offline_zip_name, published_content, read_manifest
from ..storage.build_cache import BuildCache
from ..storage.fingerprint import Hasher, code_and_templates, file_identity, site_fingerprint
from ..storage.staging import staged_output
from ..theme import Theme
from .editor import EDITOR_FOLDER, EditorFiles

# A worker process builds this many period × language sites, then makes way for a fresh one, so that
# whatever MkDocs and its plugins keep between builds cannot add up over a long archive.
TASKS_PER_WORKER = 8


@dataclass(frozen=True)
class BuildOptions:
    """What every period × language build of one run shares, besides the content."""

    base_url: str
    chromium: str | None
    """The Chromium that prints the PDF editions, or None for a site without them."""


@dataclass(frozen=True)
class PeriodBuild:
    """One MkDocs build: a period in a language, and the key of everything it reads."""

    period: str
    language: str
    key: str

    def __str__(self) -> str:
        return f"{self.language}/{self.period}"


@dataclass
class BuildStats:
    """What a build did, and where its time went (summed over processes): for tests and benchmarks."""

    validation: float = 0.0
    rendering: float = 0.0
    mkdocs: float = 0.0
    """Per period and language: the font subset, the MkDocs build, the Thai search index and the PDF."""
    built: list[str] = field(default_factory=list)
    reused: list[str] = field(default_factory=list)
    damaged: list[str] = field(default_factory=list)
    """The builds the cache held damaged (a file missing, truncated or changed), dropped and built again."""


def build(
    project: Project,
    *,
    base_url: str | None = None,
    rebuild_archived: bool = False,
    chromium: str | None = None,
    editor: EditorFiles | None = None,
    jobs: int = 1,
    fingerprint: str | None = None,
    stats: BuildStats | None = None,
) -> Report:
    """Build the whole site of `project` into its site folder, and return the report built.

    `chromium` prints the PDF editions (look it up once per run, with
    engine.chromium.find_chromium); without it the site has none, and says so.
    `editor` holds the editors' page's packages (commands.editor.find_editor_files);
    without it the site has no `admin/`.
    Archived periods are copied from the archive byte for byte, unless
    `rebuild_archived` asks for them to be built again from the content.
    A period × language build whose inputs are unchanged since an earlier
    build is taken from the cache; the others run in `jobs` processes.
    `fingerprint` is the run's site_fingerprint, when the caller has it already.
    """
    stats = stats if stats is not None else BuildStats()
    cache = BuildCache(project.cache_dir)
    if fingerprint is None:
        fingerprint = site_fingerprint(
            project,
            base_url=base_url,
            rebuild_archived=rebuild_archived,
            chromium=chromium,
            editor=editor.name if editor else None,
        )
    frozen = [] if rebuild_archived else archived_periods(project.archive_dir)
    check_intact(project.archive_dir, frozen)

    started = time.perf_counter()
    try:
        report = validate_content(
            project.content_dir, published=published_content(project.archive_dir), cache=cache.validation
        )
    except ContentError as error:
        raise error.with_consequence(NOTHING_WRITTEN) from None
    stats.validation = time.perf_counter() - started

    to_build = [period for period in report.periods if str(period.id) not in frozen]
    options = BuildOptions(base_url=base_url or report.site.base_url, chromium=chromium)
    shared_key = _shared_key(project, options)
    # Each build is keyed first by the content files it reads; that key leads to the key of what it renders, under
    # which the cache holds it (BuildCache.rendered_key), when an earlier run rendered the same files.
    plan = [
        PeriodBuild(str(period.id), language, _build_key(project, report, period, language, shared_key))
        for period in to_build
        for language in report.site.languages
    ]
    found = {job: _rendered_build(cache, job) for job in plan}
    ready = {job: rendered for job, rendered in found.items() if rendered and _cached(cache, rendered, stats)}
    missing = [job for job in plan if job not in ready]
    for job in missing:
        cache.clear_scratch(job.language, job.period)
    try:
        ready |= _run_builds(project, report, options, shared_key, missing, jobs, stats)
    except BaseException:
        # When one build fails, the pool stops the others halfway: clear what they left in the cache.
        for job in missing:
            cache.clear_scratch(job.language, job.period)
        raise
    for job in missing:
        cache.remember_rendered_key(job.language, job.period, job.key, ready[job].key)
    stats.reused = [str(job) for job in plan if str(job) not in stats.built]

    localizers = _renderer(project.theme, report.site.thai_digits, chromium is not None, report.site.words).localizers(
        report.site.languages
    )
    downloads = {period: offline_zip_name(period) for period in frozen}
    front_door = render_front_door(report, project.theme, localizers, downloads=downloads)
    trends_pages = render_trends_pages(report, project.theme, localizers)
    if editor is not None:
        editor_page = render_editor_page(report, project.theme, localizers)
        editor_config = render_editor_config(report, _content_path(project), localizers)
    with staged_output(project.site_dir) as staging:
        for period in frozen:
            manifest = read_manifest(project.archive_dir / period)
            for language in report.site.languages:
                target = staging / language / period
                shutil.copytree(project.archive_dir / period / SITE / language, target)
                prefix = f"{SITE}/{language}/"
                cache.store_once(
                    target,
                    {name[len(prefix) :]: digest for name, digest in manifest.items() if name.startswith(prefix)},
                )
        for job in plan:
            cache.use(job.language, job.period, ready[job].key, staging / job.language / job.period)
        for period, name in downloads.items():
            (staging / "downloads").mkdir(exist_ok=True)
            shutil.copyfile(project.archive_dir / period / name, staging / "downloads" / name)
        for code, l10n in localizers.items():
            (staging / code / "versions.json").write_text(render_versions_json(report, l10n), encoding="utf-8")
            write_latest_redirects(staging / code, str(report.latest.id), l10n, project.theme)
        (staging / "index.html").write_text(front_door, encoding="utf-8")
        for code, page in trends_pages.pages.items():
            folder = staging / code / TRENDS_FOLDER
            folder.mkdir(parents=True)
            (folder / "index.html").write_text(page, encoding="utf-8")
            (folder / TRENDS_CSV).write_bytes(trends_pages.csv)
        if editor is not None:
            admin = staging / EDITOR_FOLDER
            editor.copy_into(admin)
            project.theme.copy_tree(EDITOR_FOLDER, admin)
            (admin / "index.html").write_text(editor_page, encoding="utf-8")
            (admin / "config.json").write_text(editor_config, encoding="utf-8")
    cache.record(project.site_dir, fingerprint, [str(warning) for warning in report.warnings])
    if missing:
        cache.collect_garbage()
    return report


def _rendered_build(cache: BuildCache, job: PeriodBuild) -> PeriodBuild | None:
    """The build of what `job`'s files rendered last time, if a run recorded it."""
    key = cache.rendered_key(job.language, job.period, job.key)
    return None if key is None else PeriodBuild(job.period, job.language, key)


def _rendered_key(shared: Hasher, rendered: RenderedPeriod) -> str:
    """The key of one build by what it renders: the shared part (code, templates, settings, options), the
    period's own settings, and every page and file of its docs folder; all that `build_period_site` reads."""
    hasher = shared.copy().add("language", rendered.language).add("period", str(rendered.period.id))
    hasher.add("info", rendered.period.info.model_dump_json())
    for page in rendered.pages:
        hasher.add("page", page.path).add("section", page.section or "").add("title", page.title)
        hasher.add("source", page.source or "").add("markdown", page.markdown)
    for name, data in sorted(rendered.files.items()):
        hasher.add(f"file {name}", data)
    hasher.add("pdf", rendered.pdf_file or "").add("share card", rendered.share_card or "")
    return hasher.hexdigest()


def _content_path(project: Project) -> str:
    """The content folder's path in the repository, taken to be the project's folder: `content`."""
    try:
        return project.content_dir.relative_to(project.root).as_posix()
    except ValueError:
        return project.content_dir.name


def _cached(cache: BuildCache, job: PeriodBuild, stats: BuildStats) -> bool:
    """Whether the cache holds this build undamaged (every file hashed); a damaged one is dropped, and said."""
    if not cache.build_dir(job.language, job.period, job.key).is_dir():
        return False
    if found := cache.damage(job.language, job.period, job.key):
        more = f" and {len(found) - 1} more" if len(found) > 1 else ""
        logging.getLogger("reportsite").warning(
            f"the cached build of {job} is damaged ({found[0]}{more}); building it again"
        )
        cache.discard(job.language, job.period, job.key)
        stats.damaged.append(str(job))
        return False
    return True


def _shared_key(project: Project, options: BuildOptions) -> Hasher:
    """The part of every build's key that all periods share: code, templates, settings and options."""
    hasher = code_and_templates("build", project)
    hasher.add("site.yaml", (project.content_dir / SITE_FILE).read_bytes())
    hasher.add("base_url", options.base_url).add("chromium", file_identity(options.chromium))
    return hasher


def _build_key(project: Project, report: Report, period: Period, language: str, shared: Hasher) -> str:
    """The key of one build: the shared part, the language, and the content of every period its pages read."""
    hasher = shared.copy().add("language", language)
    for read in Renderer.periods_read(report, period):
        hasher.add_tree(f"period {read.id}", project.content_dir / str(read.id))
    return hasher.hexdigest()


# What forked workers share with the process that started them: set just before the pool forks.
_SHARED: tuple[Project, Report, BuildOptions, Hasher] | None = None


def _run_builds(
    project: Project,
    report: Report,
    options: BuildOptions,
    shared_key: Hasher,
    missing: list[PeriodBuild],
    jobs: int,
    stats: BuildStats,
) -> dict[PeriodBuild, PeriodBuild]:
    """Render the periods missing from the cache and build those whose pages it does not hold either: here, or
    in `jobs` processes forked from this one. Gives each job the build of what it rendered."""
    global _SHARED
    _SHARED = (project, report, options, shared_key)
    try:
        if jobs <= 1 or len(missing) <= 1:
            results = [_build_one(job) for job in missing]
        else:
            # Once, here, rather than in every worker: the templates, and each period's CSV and JSON
            # files, which its builds in every language share.
            started = time.perf_counter()
            renderer = _renderer(
                project.theme, report.site.thai_digits, options.chromium is not None, report.site.words
            )
            renderer.compile_templates()
            for period in report.periods:
                if any(job.period == str(period.id) for job in missing):
                    renderer.period_data(period)
            stats.rendering += time.perf_counter() - started
            if any(job.language == "th" for job in missing):
                preload_thai_segmenter()
            with multiprocessing.get_context("fork").Pool(
                min(jobs, len(missing)), initializer=_die_with_parent, maxtasksperchild=TASKS_PER_WORKER
            ) as pool:
                results = list(pool.imap_unordered(_build_one, missing))
    finally:
        _SHARED = None
    for job, _, built, rendering, mkdocs in results:
        if built:
            stats.built.append(str(job))
        stats.rendering += rendering
        stats.mkdocs += mkdocs
    return {job: rendered for job, rendered, _, _, _ in results}


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


def _build_one(job: PeriodBuild) -> tuple[PeriodBuild, PeriodBuild, bool, float, float]:
    """Render one period in one language and, unless the cache holds the build of these very pages, build it and
    put it in the cache. Gives the job, the build of what it rendered, whether it was built, and the times."""
    assert _SHARED is not None, "_run_builds sets what the builds share"
    project, report, options, shared_key = _SHARED
    started = time.perf_counter()
    renderer = _renderer(project.theme, report.site.thai_digits, options.chromium is not None, report.site.words)
    period = next(period for period in report.periods if str(period.id) == job.period)
    rendered = renderer.render_period(report, period, job.language)
    rendered_at = time.perf_counter()
    cache = BuildCache(project.cache_dir)
    build = PeriodBuild(job.period, job.language, _rendered_key(shared_key, rendered))
    if _cached(cache, build, BuildStats()):
        return job, build, False, rendered_at - started, 0.0
    scratch = cache.scratch_dir(build.language, build.period, build.key)
    try:
        build_period_site(
            project,
            report,
            rendered,
            renderer.localizers(report.site.languages),
            scratch,
            base_url=options.base_url,
            chromium=options.chromium,
        )
        cache.add(build.language, build.period, build.key, scratch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return job, build, True, rendered_at - started, time.perf_counter() - rendered_at


@cache
def _renderer(theme: Theme, thai_digits: bool, with_pdf: bool, words: SiteWords) -> Renderer:
    # One per process, so that each worker compiles the templates once.
    return Renderer(theme, thai_digits=thai_digits, with_pdf=with_pdf, words=words)
