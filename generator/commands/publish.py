"""Publish the site to a git branch with mike: one version per period under each language prefix.

mike keeps each version in its own folder of the branch and lists them in
`<lang>/versions.json`. We hand mike periods that we have already built (or
copied from the archive), so mike only commits them. By default only the
periods that the branch does not have yet are committed: a published
period's files on the branch are never touched again, unless its
republication is asked for by name. The front door, the language roots,
`versions.json`, the trends pages, the offline editions (`downloads/`) and the editors' page (`admin/`) are
committed with every publish.

What is published is a commit: `check_source` refuses (before anything is
built) a working tree with uncommitted changes under content/ or archive/,
whose pages would go out beside pages published from the commits, and a
branch other than the one that is published (main, as the workflow does).
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from mike import commands as mike
from mike import git_utils

from ..engine.versions import LATEST, dumps_versions
from ..errors import ReportsiteError
from ..reading.model import Report
from ..rendering.trends_page import TRENDS_FOLDER
from .editor import EDITOR_FOLDER


@dataclass(frozen=True)
class Published:
    language: str
    period: str


@dataclass(frozen=True)
class Source:
    """The commit that a publish publishes, and what the working tree adds to it."""

    commit: str
    subject: str
    branch: str | None
    """None where HEAD is detached."""
    changes: list[str] = field(default_factory=list)
    """Uncommitted changes under content/ and archive/ (`git status --porcelain` lines), when they were allowed."""

    @property
    def short(self) -> str:
        return self.commit[:12]


# How many of the uncommitted paths a refusal names.
NAMED_CHANGES = 3


def check_source(repository: Path, folders: list[Path], *, branch: str | None, allow_dirty: bool) -> Source:
    """The commit of `repository` to publish, refused while `folders` hold uncommitted changes (unless
    `allow_dirty`) or while HEAD is not on `branch` (None: any branch, or none)."""
    commit = _git(repository, "rev-parse", "--verify", "--quiet", "HEAD^{commit}")
    subject = _git(repository, "log", "-1", "--format=%s", commit)
    current = _git(repository, "symbolic-ref", "--quiet", "--short", "HEAD", check=False) or None
    if branch is not None and current != branch:
        if current is None:
            raise ReportsiteError(
                f"nothing was published: HEAD is detached at {commit[:12]}; "
                f"check out the branch {branch}, which publish publishes, and publish again"
            )
        raise ReportsiteError(
            f"nothing was published: HEAD is on the branch '{current}', and publish publishes '{branch}'; "
            f"switch to {branch}, or publish {current} deliberately with --source-branch {current}"
        )
    status = _git(repository, "status", "--porcelain", "--untracked-files=all", "--", *map(str, folders), strip=False)
    changes = status.splitlines()
    if changes and not allow_dirty:
        paths = ", ".join(line[3:] for line in changes[:NAMED_CHANGES])
        more = f" and {len(changes) - NAMED_CHANGES} more" if len(changes) > NAMED_CHANGES else ""
        raise ReportsiteError(
            f"nothing was published: {len(changes)} uncommitted change(s) under content/ or archive/ "
            f"({paths}{more}), which commit {commit[:12]} lacks; commit them (or stash them) and publish again, "
            "or publish the working tree as it is with --allow-dirty"
        )
    return Source(commit, subject, current, changes)


def _git(repository: Path, *arguments: str, check: bool = True, strip: bool = True) -> str:
    try:
        result = subprocess.run(
            ["git", *arguments], cwd=repository, capture_output=True, text=True, encoding="utf-8", check=False
        )
    except OSError as error:
        raise ReportsiteError(f"nothing was published: git could not be run ({error.strerror})") from None
    if check and result.returncode != 0:
        said = (result.stderr.strip().splitlines() or ["no commit to publish"])[-1]
        raise ReportsiteError(
            f"nothing was published: publish runs in the git repository that holds the content and the branch, "
            f"and git said, in {repository}: {said}"
        )
    # Porcelain status lines start with a space where the index is unchanged: keep it there.
    return result.stdout.strip() if strip else result.stdout.rstrip("\n")


def publish(
    report: Report,
    site_dir: Path,
    *,
    branch: str,
    titles: dict[str, dict[str, str]],
    republish: tuple[str, ...] = (),
    push_to: str | None = None,
    source: Source | None = None,
) -> list[Published]:
    """Commit the periods of `site_dir` that `branch` lacks (and those in `republish`) with mike.

    `titles[language][period]` is each period's title for the version selector.
    Run inside the git repository that holds `branch`. `source` (check_source's) is named in the branch's commits.
    """
    known = {str(period.id) for period in report.periods}
    if unknown := sorted(set(republish) - known):
        raise ReportsiteError(f"cannot republish {', '.join(unknown)}: no such period in the content")
    latest = str(report.latest.id)
    origin = f" from {source.short}{' and uncommitted changes' if source.changes else ''}" if source else ""
    done = []
    try:
        for language in report.site.languages:
            on_branch = {str(info.version) for info in mike.list_versions(branch, language)}
            for period in (str(q.id) for q in report.periods):
                alias_moves = period == latest and LATEST not in _aliases_of(branch, language, latest)
                if period in on_branch and period not in republish and not alias_moves:
                    continue
                aliases = [LATEST] if period == latest else []
                config = {"site_dir": str(site_dir / language / period), "use_directory_urls": True}
                message = f"Publish {language}/{period}{origin} with reportsite"
                with mike.deploy(
                    config,
                    period,
                    titles[language][period],
                    aliases,
                    update_aliases=True,
                    alias_type=mike.AliasType.redirect,
                    branch=branch,
                    message=message,
                    # A period republished as the branch holds it (a correction to the other language's text
                    # alone) changes nothing: its commit still records what it was published from.
                    allow_empty=True,
                    deploy_prefix=language,
                ):
                    pass  # already built: mike only commits it
                done.append(Published(language, period))
        with git_utils.Commit(branch, f"Publish the front door{origin} with reportsite", allow_empty=True) as commit:
            commit.add_file(git_utils.FileInfo("index.html", (site_dir / "index.html").read_bytes()))
            for language in report.site.languages:
                # /th/ and /en/ lead to the newest period.
                page = f"{language}/index.html"
                commit.add_file(git_utils.FileInfo(page, (site_dir / page).read_bytes()))
                # mike lists versions in the order of version numbers (2567-q3 before 2567-fy): list them again,
                # in the periods' order.
                listed = [info.to_json() for info in mike.list_versions(branch, language)]
                commit.add_file(git_utils.FileInfo(f"{language}/versions.json", dumps_versions(listed)))
                # The trends page and its CSV, which the front door and every period's navigation link to.
                for path in sorted((site_dir / language / TRENDS_FOLDER).iterdir()):
                    commit.add_file(git_utils.FileInfo(f"{language}/{TRENDS_FOLDER}/{path.name}", path.read_bytes()))
            commit.add_file(git_utils.FileInfo(".nojekyll", ""))
            # The offline editions of the archived periods, which the front door links to, and the editors' page.
            for folder in (site_dir / "downloads", site_dir / EDITOR_FOLDER):
                for file in sorted(folder.rglob("*")) if folder.is_dir() else []:
                    if file.is_file():
                        commit.add_file(git_utils.FileInfo(file.relative_to(site_dir).as_posix(), file.read_bytes()))
        if push_to:
            git_utils.push_branch(push_to, branch)
    except git_utils.GitError as error:
        raise ReportsiteError(f"publishing to the branch '{branch}' failed: {error}") from None
    return done


@dataclass(frozen=True)
class Outdated:
    """A period whose pages on the branch were published from content that has changed since."""

    language: str
    period: str
    commit: str
    """The (short) commit its pages were published from."""


# How publish names its source in the branch's commits ("Publish th/2563-q2 from 0123456789ab with reportsite");
# a publish with uncommitted changes says so, and is never matched: no commit gives what it published.
_PUBLISHED_FROM = re.compile(r"^Publish (?:\S+) from ([0-9a-f]{12}) with reportsite$")


def outdated_on_branch(
    report: Report, content_dir: Path, *, branch: str, frozen: set[str], republish: tuple[str, ...] = ()
) -> list[Outdated]:
    """The periods on `branch` that a publish leaves as they are although their folder in `content_dir` has
    changed since the commit they were published from: the front door would then differ from their pages.

    Archived (`frozen`) periods are left out: their pages are the archive's whatever the content says.
    Run inside the git repository that holds `branch`, before publishing.
    """
    repository = Path.cwd()
    outdated = []
    try:
        for language in report.site.languages:
            on_branch = {str(info.version) for info in mike.list_versions(branch, language)}
            for period in (str(q.id) for q in report.periods):
                if period not in on_branch or period in frozen or period in republish:
                    continue
                # The last publish of the period, by its commit's message: a republish that changed nothing
                # commits nothing but the message.
                pattern = f"^Publish {language}/{period} from "  # both are plain names: [a-z0-9-]
                subject = _git(repository, "log", "-1", "--format=%s", f"--grep={pattern}", branch)
                if (match := _PUBLISHED_FROM.match(subject)) is None:
                    continue
                changed = subprocess.run(
                    ["git", "diff", "--quiet", match[1], "--", str(content_dir / period)],
                    cwd=repository,
                    capture_output=True,
                    check=False,
                )
                if changed.returncode == 1:
                    outdated.append(Outdated(language, period, match[1]))
    except git_utils.GitError as error:
        raise ReportsiteError(f"nothing was published: the branch '{branch}' could not be read: {error}") from None
    return outdated


def _aliases_of(branch: str, language: str, period: str) -> set[str]:
    versions = mike.list_versions(branch, language)
    try:
        return set(versions[period].aliases)
    except KeyError:
        return set()
