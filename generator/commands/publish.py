"""Publish the site to a git branch with mike: one version per period under each language prefix.

mike keeps each version in its own folder of the branch and lists them in
`<lang>/versions.json`. We hand mike periods that we have already built (or
copied from the archive), so mike only commits them. By default only the
periods that the branch does not have yet are committed: a published
period's files on the branch are never touched again, unless its
republication is asked for by name. The front door, the language roots,
`versions.json`, the trends pages and the offline editions (`downloads/`) are committed with
every publish.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mike import commands as mike
from mike import git_utils

from ..engine.versions import LATEST, dumps_versions
from ..errors import ReportsiteError
from ..reading.model import Report
from ..rendering.trends_page import TRENDS_FOLDER


@dataclass(frozen=True)
class Published:
    language: str
    period: str


def publish(
    report: Report,
    site_dir: Path,
    *,
    branch: str,
    titles: dict[str, dict[str, str]],
    republish: tuple[str, ...] = (),
    push_to: str | None = None,
) -> list[Published]:
    """Commit the periods of `site_dir` that `branch` lacks (and those in `republish`) with mike.

    `titles[language][period]` is each period's title for the version selector.
    Run inside the git repository that holds `branch`.
    """
    known = {str(period.id) for period in report.periods}
    if unknown := sorted(set(republish) - known):
        raise ReportsiteError(f"cannot republish {', '.join(unknown)}: no such period in the content")
    latest = str(report.latest.id)
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
                message = f"Publish {language}/{period} with reportsite"
                with mike.deploy(
                    config,
                    period,
                    titles[language][period],
                    aliases,
                    update_aliases=True,
                    alias_type=mike.AliasType.redirect,
                    branch=branch,
                    message=message,
                    deploy_prefix=language,
                ):
                    pass  # already built: mike only commits it
                done.append(Published(language, period))
        with git_utils.Commit(branch, "Publish the front door with reportsite", allow_empty=True) as commit:
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
            # The offline editions of the archived periods, which the front door links to.
            downloads = site_dir / "downloads"
            for download in sorted(downloads.rglob("*")) if downloads.is_dir() else []:
                if download.is_file():
                    name = download.relative_to(site_dir).as_posix()
                    commit.add_file(git_utils.FileInfo(name, download.read_bytes()))
        if push_to:
            git_utils.push_branch(push_to, branch)
    except git_utils.GitError as error:
        raise ReportsiteError(f"publishing to the branch '{branch}' failed: {error}") from None
    return done


def _aliases_of(branch: str, language: str, period: str) -> set[str]:
    versions = mike.list_versions(branch, language)
    try:
        return set(versions[period].aliases)
    except KeyError:
        return set()
