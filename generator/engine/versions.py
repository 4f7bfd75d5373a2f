"""The period list of each language, in mike's `versions.json` format, and the `latest` alias.

Material's version selector reads `../versions.json` beside the period
folders, so `site/<lang>/versions.json` lists every period, newest first,
with its title in that language. `latest` is an alias of the newest
period: `site/<lang>/latest/` holds one redirect page for each page of that
period, as mike's "redirect" aliases do, so that links to `latest/…` keep
working on any static host.

mike sorts versions as version numbers, which would put 2567-q3 before
2567-fy; the list is therefore written here in the periods' own order (by
the date each ends, newest first: 2567-fy, 2567-h2, 2567-q3, 2567-h1), both
in the built site and on a branch that mike publishes to.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from mike.versions import VersionInfo

from ..reading.fiscal import PeriodId
from ..reading.model import Period, Report
from ..rendering.front_door import html_environment
from ..rendering.localization import Localizer
from ..theme import Theme

LATEST = "latest"


def version_title(period: Period, l10n: Localizer) -> str:
    """The period's name in the selector: "ไตรมาส 2 ปีงบประมาณ 2563" or "Q2 FY2020", "ปีงบประมาณ 2563" or "FY2020"."""
    return l10n.period_string("version_title", period.id)


def version_titles(report: Report, localizers: dict[str, Localizer]) -> dict[str, dict[str, str]]:
    """Every period's title in every language: {language: {period: title}}."""
    return {
        language: {str(q.id): version_title(q, l10n) for q in report.periods} for language, l10n in localizers.items()
    }


def render_versions_json(report: Report, l10n: Localizer) -> str:
    """Every period of the report, newest first, with its title in `l10n`'s language, as mike writes it."""
    entries = [
        VersionInfo(str(period.id), version_title(period, l10n), [LATEST] if period is report.latest else []).to_json()
        for period in report.periods
    ]
    return dumps_versions(entries)


def dumps_versions(entries: list[dict[str, Any]]) -> str:
    """A versions.json listing, in mike's format, with its versions in the periods' order, newest first.

    A version that is not a period's name (none that reportsite publishes) comes last, as it was.
    """

    named = [(PeriodId.parse(str(entry["version"])), entry) for entry in entries]
    periods = sorted(((period, entry) for period, entry in named if period is not None), key=lambda pair: pair[0])
    others = [entry for period, entry in named if period is None]
    return json.dumps([entry for _, entry in reversed(periods)] + others, indent=2) + "\n"


def write_latest_redirects(language_dir: Path, latest: str, l10n: Localizer, theme: Theme) -> None:
    """Write `<language_dir>/latest/…`: a redirect page for each HTML page of the latest period."""
    language = l10n.language
    template = html_environment(theme, {language: l10n}).get_template("redirect.html.jinja")
    source = language_dir / latest

    def redirect(alias: Path, page: Path) -> None:
        alias.parent.mkdir(parents=True, exist_ok=True)
        target = Path(os.path.relpath(page, alias.parent)).as_posix()
        if target.endswith("/index.html") or target == "index.html":
            target = target.removesuffix("index.html") or "./"
        alias.write_text(template.render(href=target, language=language), encoding="utf-8")

    for page in sorted(source.rglob("*.html")):
        if page.name != "404.html":
            redirect(language_dir / LATEST / page.relative_to(source), page)
    # /th/ and /en/ lead to the newest period too.
    redirect(language_dir / "index.html", source / "index.html")
