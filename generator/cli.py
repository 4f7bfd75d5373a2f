"""The `reportsite` command. Errors are caught once, here, and printed without a traceback."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .errors import ContentError, ContentProblem, MachineFault, ReportsiteError, display_path
from .project import Project

if TYPE_CHECKING:  # pydantic stays out of the no-change path
    from .reading.model import Report

# The cores this process may use (sched_getaffinity is Linux's; elsewhere, all of them).
CORES = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
# The rest of the generator (pydantic, Jinja, MkDocs, …) is imported inside the commands that use
# it: `reportsite build` with nothing changed must answer in a fraction of a second.

project_option = click.option(
    "--project",
    "project_root",
    type=click.Path(file_okay=False, path_type=Path),
    default=".",
    show_default=True,
    help="The folder holding content/ and archive/, and site_templates/ and mkdocs.yml where it has its own.",
)
content_option = click.option(
    "--content",
    "content_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="The content folder  [default: <project>/content]",
)
archive_option = click.option(
    "--archive",
    "archive_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="The folder of frozen periods  [default: <project>/archive]",
)
work_dir_option = click.option(
    "--work-dir",
    "work_dir",
    type=click.Path(file_okay=False, path_type=Path),
    envvar="REPORTSITE_WORK_DIR",
    help="Where intermediate files and the build cache go (or $REPORTSITE_WORK_DIR)  [default: <project>/build]",
)
no_wait_option = click.option(
    "--no-wait",
    is_flag=True,
    help="When another run is using the project's work folder, stop (status 1) instead of waiting for it to end.",
)


def _take_run_lock(project: Project, no_wait: bool) -> None:
    """Hold the project's lock until the command ends (generator/storage/run_lock.py): one run at a time."""
    from .storage.run_lock import run_lock

    # The folders a machine fault names when the error itself names no path (see ReportsiteCommands).
    click.get_current_context().meta[_WRITES] = [project.site_dir, project.work_dir]

    lock = run_lock(project.work_dir, wait=not no_wait, on_wait=lambda line: click.echo(line, err=True))
    click.get_current_context().with_resource(lock)


_WRITES = "reportsite.writes"


class ReportsiteCommands(click.Group):
    """The commands, with the machine's faults made one line: an OSError that reaches here (a full disk, a
    folder this user may not write, a read-only file system) names its path and what to do, with status 1 and
    no traceback. What a command writes is staged, so the site and the cache stay as they were."""

    def invoke(self, ctx: click.Context) -> object:
        try:
            return super().invoke(ctx)
        except OSError as error:
            raise MachineFault.of(error, ctx.meta.get(_WRITES, [])) from None


@click.group(cls=ReportsiteCommands)
@click.version_option(package_name="reportsite")
def main() -> None:
    """Publish periodic performance reports (quarters, half years, fiscal years) as bilingual static sites."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")


@main.command("build")
@project_option
@content_option
@archive_option
@work_dir_option
@click.option(
    "--site",
    "site_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where to write the site  [default: <project>/site]",
)
@click.option("--base-url", help="Override site.yaml's base_url, e.g. for a local preview.")
@click.option(
    "--rebuild-archived",
    is_flag=True,
    help="Build archived periods from the content again instead of copying them from archive/.",
)
@click.option(
    "--jobs",
    "-j",
    type=click.IntRange(min=1),
    default=CORES,
    show_default="one per core",
    help="How many period × language builds to run at once, each in its own process.",
)
@no_wait_option
def build_command(
    project_root: Path,
    content_dir: Path | None,
    archive_dir: Path | None,
    work_dir: Path | None,
    site_dir: Path | None,
    base_url: str | None,
    rebuild_archived: bool,
    jobs: int,
    no_wait: bool,
) -> None:
    """Check the content and build the whole site, rebuilding only what changed since the last build."""
    from .commands.editor import find_editor_files
    from .engine.chromium import NO_CHROMIUM_NOTICE, find_chromium
    from .storage.build_cache import BuildCache
    from .storage.fingerprint import site_fingerprint

    project = Project.at(
        project_root, content_dir=content_dir, site_dir=site_dir, archive_dir=archive_dir, work_dir=work_dir
    )
    _take_run_lock(project, no_wait)
    if base_url and not base_url.endswith("/"):
        base_url += "/"
    chromium = find_chromium()
    editor_files, editor = find_editor_files()
    fingerprint = site_fingerprint(
        project,
        base_url=base_url,
        rebuild_archived=rebuild_archived,
        chromium=chromium,
        editor=editor if editor_files else None,
    )
    if (warnings := BuildCache(project.cache_dir).up_to_date(project.site_dir, fingerprint)) is not None:
        for warning in warnings:
            click.echo(warning, err=True)
        click.echo(f"Nothing changed since the last build: {display_path(project.site_dir)}/ is up to date.")
        return

    from .commands.build import BuildStats, build

    if chromium is None:
        logging.getLogger("reportsite").warning(NO_CHROMIUM_NOTICE)
    if editor_files is None:
        logging.getLogger("reportsite").warning(editor)
    stats = BuildStats()
    report = build(
        project,
        base_url=base_url,
        rebuild_archived=rebuild_archived,
        chromium=chromium,
        editor=editor_files,
        jobs=jobs,
        fingerprint=fingerprint,
        stats=stats,
    )
    _show_warnings(report)
    builds = len(report.periods) * len(report.site.languages)
    click.echo(
        f"Built {len(report.periods)} period(s) in {len(report.site.languages)} languages into "
        f"{display_path(project.site_dir)}/: {len(stats.built)} of {builds} MkDocs builds ran, "
        f"{len(stats.reused)} were unchanged and reused."
    )


@main.command("validate")
@project_option
@content_option
@archive_option
@work_dir_option
@click.option("--strict", is_flag=True, help="Fail on warnings too.")
@click.argument("period", required=False)
def validate_command(
    project_root: Path,
    content_dir: Path | None,
    archive_dir: Path | None,
    work_dir: Path | None,
    strict: bool,
    period: str | None,
) -> None:
    """Check the content (or one PERIOD, like 2563-q2 or 2563-fy) and report every problem, without building."""
    from .reading.validation import validate_content
    from .storage.archive import published_content
    from .storage.build_cache import BuildCache

    project = Project.at(project_root, content_dir=content_dir, archive_dir=archive_dir, work_dir=work_dir)
    try:
        report = validate_content(
            project.content_dir,
            published=published_content(project.archive_dir),
            cache=BuildCache(project.cache_dir).validation,
        )
    except ContentError as error:
        if period:
            error = ContentError([p for p in error.problems + error.warnings if _concerns(p, project, period)])
        raise error from None
    if period and period not in {str(q.id) for q in report.periods}:
        raise ReportsiteError(f"there is no period {period} in {display_path(project.content_dir)}")
    warnings = [w for w in report.warnings if not period or _concerns(w, project, period)]
    for warning in warnings:
        click.echo(str(warning), err=True)
    scope = period or f"{len(report.periods)} period(s)"
    if warnings and strict:
        raise ReportsiteError(f"{len(warnings)} warning(s) in {scope}, and --strict makes them fail.")
    click.echo(f"The content is valid: {scope}" + (f", with {len(warnings)} warning(s)." if warnings else "."))


def _concerns(problem: ContentProblem, project: Project, period: str) -> bool:
    """Whether a problem lies in the period's folder, or in the settings every period shares."""
    path = problem.file.resolve()
    return project.content_dir / period in path.parents or path.parent == project.content_dir


@main.command("archive")
@project_option
@content_option
@archive_option
@work_dir_option
@no_wait_option
@click.option(
    "--allow-placeholder-url",
    is_flag=True,
    help="Archive even while site.yaml's base_url is a placeholder (an example domain), e.g. for a trial.",
)
@click.argument("period")
def archive_command(
    project_root: Path,
    content_dir: Path | None,
    archive_dir: Path | None,
    work_dir: Path | None,
    no_wait: bool,
    allow_placeholder_url: bool,
    period: str,
) -> None:
    """Freeze a published PERIOD (like 2563-q2, 2563-h1 or 2563-fy) in archive/, never to change again.

    Set base_url in content/site.yaml to the site's real address first: the period keeps it for good.
    """
    from .commands.archive import archive

    project = Project.at(project_root, content_dir=content_dir, archive_dir=archive_dir, work_dir=work_dir)
    _take_run_lock(project, no_wait)
    destination = archive(project, period, allow_placeholder_url=allow_placeholder_url)
    click.echo(f"Archived {period} in {display_path(destination)}/; commit that folder.")


@main.command("verify")
@project_option
@archive_option
@work_dir_option
@click.option(
    "--cache",
    "check_cache",
    is_flag=True,
    help="Check the build cache too (every object against its name, every cached build against its manifest), "
    "and remove what is damaged, for the next build to make again.",
)
def verify_command(project_root: Path, archive_dir: Path | None, work_dir: Path | None, check_cache: bool) -> None:
    """Check every archived period against its manifest; name each file changed, missing or added."""
    from .storage.archive import verify_archive

    project = Project.at(project_root, archive_dir=archive_dir, work_dir=work_dir)
    problems = verify_archive(project.archive_dir)
    for found in problems:
        for line in found.lines():
            click.echo(line, err=True)
    damaged: list[str] = []
    if check_cache:
        from .storage.build_cache import verify_cache

        if project.cache_dir.is_dir():  # (else there is nothing to check, and no work folder to make for the lock)
            _take_run_lock(project, no_wait=False)  # never beside a build that is writing the cache
        damaged, checked = verify_cache(project.cache_dir)
        for line in damaged:
            click.echo(line, err=True)
    if problems and damaged:
        raise ReportsiteError(
            f"{len(problems)} archived period(s) differ from their manifest, and {len(damaged)} entries of the "
            f"build cache were damaged (removed: the next build makes them again)."
        )
    if problems:
        raise ReportsiteError(f"{len(problems)} archived period(s) differ from their manifest.")
    if damaged:
        raise ReportsiteError(
            f"{len(damaged)} entries of the build cache in {display_path(project.cache_dir)}/ were damaged, "
            "and are removed: the next build makes them again."
        )
    click.echo(f"Every archived period matches its manifest ({display_path(project.archive_dir)}/).")
    if check_cache and not checked:
        click.echo(f"There is no build cache to check in {display_path(project.cache_dir)}/.")
    elif check_cache:
        click.echo(f"The build cache is intact: {checked} entries checked ({display_path(project.cache_dir)}/).")


@main.command("publish")
@project_option
@content_option
@archive_option
@work_dir_option
@click.option("--branch", default="gh-pages", show_default=True, help="The branch to commit the site to.")
@click.option("--push", "remote", help="Push the branch to this remote afterwards, e.g. origin.")
@click.option(
    "--republish",
    multiple=True,
    metavar="PERIOD",
    help="Commit this already published period again (repeatable). Frozen periods stay byte for byte.",
)
@no_wait_option
@click.option(
    "--source-branch",
    default="main",
    show_default=True,
    metavar="NAME",
    help="The branch to publish from: publish refuses to run on any other.",
)
@click.option(
    "--allow-dirty",
    is_flag=True,
    help="Publish even with uncommitted changes under content/ or archive/ (they are published too).",
)
def publish_command(
    project_root: Path,
    content_dir: Path | None,
    archive_dir: Path | None,
    work_dir: Path | None,
    branch: str,
    remote: str | None,
    republish: tuple[str, ...],
    no_wait: bool,
    source_branch: str,
    allow_dirty: bool,
) -> None:
    """Build the committed site and commit the periods the branch lacks to it, with mike.

    Run in the git repository of the content, on the branch to publish from
    (main), with content/ and archive/ committed.
    """
    import tempfile

    from .commands.build import build
    from .commands.editor import find_editor_files
    from .commands.publish import check_source, outdated_on_branch, publish
    from .engine.chromium import NO_CHROMIUM_NOTICE, find_chromium
    from .engine.versions import version_titles
    from .rendering.localization import load_localizers
    from .storage.archive import archived_periods

    # Before anything is built: what is published is a commit of the branch that is published.
    folders = Project.at(project_root, content_dir=content_dir, archive_dir=archive_dir)
    source = check_source(
        Path.cwd(), [folders.content_dir, folders.archive_dir], branch=source_branch, allow_dirty=allow_dirty
    )
    on = f" of {source.branch}" if source.branch else ""
    click.echo(f"Publishing commit {source.short}{on} ({source.subject})")
    if source.changes:
        click.echo(
            f"warning: with {len(source.changes)} uncommitted change(s) under content/ or archive/ (--allow-dirty), "
            f"which commit {source.short} lacks: the branch will hold pages that no commit gives",
            err=True,
        )
    with tempfile.TemporaryDirectory() as scratch:
        project = Project.at(
            project_root,
            content_dir=content_dir,
            archive_dir=archive_dir,
            site_dir=Path(scratch) / "site",
            work_dir=work_dir,
        )
        _take_run_lock(project, no_wait)
        if (chromium := find_chromium()) is None:
            logging.getLogger("reportsite").warning(NO_CHROMIUM_NOTICE)
        editor_files, why = find_editor_files()
        if editor_files is None:
            logging.getLogger("reportsite").warning(why)
        report = build(project, chromium=chromium, editor=editor_files)
        _show_warnings(report)
        localizers = load_localizers(
            project.theme, report.site.languages, thai_digits=report.site.thai_digits, words=report.site.words
        )
        frozen = set(archived_periods(project.archive_dir))
        outdated = outdated_on_branch(report, project.content_dir, branch=branch, frozen=frozen, republish=republish)
        done = publish(
            report,
            project.site_dir,
            branch=branch,
            titles=version_titles(report, localizers),
            republish=republish,
            push_to=remote,
            source=source,
        )
    for item in done:
        click.echo(f"Published {item.language}/{item.period} to {branch}")
    if not done:
        click.echo(f"Every period was already on {branch}; only the front door was refreshed.")
    for period in sorted({item.period for item in outdated}):
        commit = next(item.commit for item in outdated if item.period == period)
        click.echo(
            f"warning: content/{period} has changed since its pages on {branch} were published (from {commit}): "
            f"they stay as they were, while the front door shows the content as it is; "
            f"publish again with --republish {period} to replace them",
            err=True,
        )


@main.command("new-period")
@project_option
@content_option
@click.argument("period", required=False)
def new_period_command(project_root: Path, content_dir: Path | None, period: str | None) -> None:
    """Start PERIOD (like 2563-q3, 2563-h2 or 2563-fy) from the latest earlier period, its figures left empty.

    The files are copied as written; each figure to give anew becomes null,
    with the previous value beside it as a comment. Without PERIOD, start the
    period after the latest one, of the same kind: the next quarter, the next
    half year or the next fiscal year.
    """
    from .commands.new_period import next_period_name, scaffold_period

    project = Project.at(project_root, content_dir=content_dir)
    name = period or next_period_name(project.content_dir)
    for line in scaffold_period(project.content_dir, name).summary():
        click.echo(line)


@main.command("init")
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path))
@click.option("--name-th", help="The organisation's full name in Thai.")
@click.option("--name-en", help="The organisation's full name in English.")
@click.option("--short-name-th", help="Its short name or abbreviation in Thai.")
@click.option("--short-name-en", help="Its short name or abbreviation in English (it also starts file names).")
@click.option("--base-url", help="Where the site will be published, ending with /.")
@click.option("--repository-url", help="The address of the repository that will hold the project.")
@click.option("--period", help="The first period's folder, like 2567-q1  [default: the current fiscal quarter]")
def init_command(
    folder: Path,
    name_th: str | None,
    name_en: str | None,
    short_name_th: str | None,
    short_name_en: str | None,
    base_url: str | None,
    repository_url: str | None,
    period: str | None,
) -> None:
    """Start a new organisation's project in FOLDER: its settings, a first period to fill in, schemas, workflows.

    What is not given here is left empty (null); `reportsite validate` then lists what is left to fill in.
    """
    from datetime import date

    from .commands.init import Organisation, current_quarter, init_project

    organisation = Organisation(name_th, name_en, short_name_th, short_name_en, base_url, repository_url)
    period = period or current_quarter(date.today())
    written = init_project(folder, organisation, period)
    click.echo(f"Started a project in {display_path(folder)}/ ({len(written)} files), with the period {period}.")
    click.echo(f"Next: fill in what `reportsite validate --project {display_path(folder)}` lists, then build.")


@main.command("new-quarter")
@project_option
@content_option
@click.argument("period", required=False)
@click.pass_context
def new_quarter_command(
    context: click.Context, project_root: Path, content_dir: Path | None, period: str | None
) -> None:
    """Another name for new-period, which starts a quarter, a half year or a fiscal year."""
    click.echo("new-quarter is another name for new-period.", err=True)
    context.forward(new_period_command)


@main.command("diff")
@project_option
@content_option
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown"]),
    default="text",
    show_default=True,
    help="markdown gives a pull-request comment.",
)
@click.argument("before", default="main")
@click.argument("after", required=False)
def diff_command(project_root: Path, content_dir: Path | None, fmt: str, before: str, after: str | None) -> None:
    """Summarise what changed in the published figures and texts between two git revisions.

    BEFORE defaults to main; AFTER defaults to the working tree.
    """
    from .commands.diff import diff_reports, format_lines, load_side
    from .rendering.localization import load_localizers

    project = Project.at(project_root, content_dir=content_dir)
    old = load_side(project.root, before, project.content_dir)
    new = load_side(project.root, after, project.content_dir)
    localizers = load_localizers(
        project.theme, new.site.languages, thai_digits=new.site.thai_digits, words=new.site.words
    )
    by_language = {language: diff_reports(old, new, l10n) for language, l10n in localizers.items()}
    names = {language: l10n.string("language_name") for language, l10n in localizers.items()}
    click.echo(format_lines(by_language, names, fmt), nl=False)


@main.command("serve")
@project_option
@content_option
@work_dir_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=click.IntRange(1, 65535))
def serve_command(project_root: Path, content_dir: Path | None, work_dir: Path | None, host: str, port: int) -> None:
    """Preview the site, rebuilding and reloading pages whenever the content changes."""
    from .commands.serve import serve

    serve(Project.at(project_root, content_dir=content_dir, work_dir=work_dir), host, port)


@main.command("schema")
@project_option
@click.option(
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where to write the schemas  [default: <project>/schema]",
)
def schema_command(project_root: Path, output: Path | None) -> None:
    """Write the JSON Schema of each content file, and the editors' page's forms, generated from the models."""
    from .reading.schema import SCHEMA_DIR, write_schemas
    from .rendering.editor_config import EDITOR_FORMS_FILE, render_editor_forms

    folder = output or Project.at(project_root).root / SCHEMA_DIR
    written = write_schemas(folder)
    (folder / EDITOR_FORMS_FILE).write_text(render_editor_forms(), encoding="utf-8")
    for path in [*written, folder / EDITOR_FORMS_FILE]:
        click.echo(f"Wrote {display_path(path)}")


@main.command("reference")
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the reference into this file  [default: print it]",
)
def reference_command(output: Path | None) -> None:
    """Write the editors' reference of every block kind, from the models' docstrings."""
    from .reading.reference import render_reference

    text = render_reference()
    if output is None:
        click.echo(text, nl=False)
        return
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(text, encoding="utf-8")
    click.echo(f"Wrote {display_path(output)}")


def _show_warnings(report: Report) -> None:
    for warning in report.warnings:
        click.echo(str(warning), err=True)
