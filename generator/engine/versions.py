"""The period list of each language, in mike's `versions.json` format, and the `latest` alias.

Material's version selector reads `../versions.json` beside the period
folders, so `site/<lang>/versions.json` lists every period, newest first,
with its title in that language. `latest` is an alias of the newest
period: `site/<lang>/latest/` holds one redirect page for each page of that
period, as mike's "redirect" aliases do, so that links to `latest/…` keep
working on any static host.
"""

from __future__ import annotations

import os
from pathlib import Path

from mike.versions import Versions

from ..reading.model import Period, Report
from ..rendering.front_door import html_environment
from ..rendering.localization import Localizer

LATEST = "latest"


def version_title(period: Period, l10n: Localizer) -> str:
    """The period's name in the selector: "ไตรมาส 2 ปีงบประมาณ 2563" or "Q2 FY2020"."""
    return l10n.string("version_title", period=period.id.number, fiscal_year=l10n.fiscal_year(period.id.fiscal_year_be))


def version_titles(report: Report, localizers: dict[str, Localizer]) -> dict[str, dict[str, str]]:
    """Every period's title in every language: {language: {period: title}}."""
    return {
        language: {str(q.id): version_title(q, l10n) for q in report.periods} for language, l10n in localizers.items()
    }


def render_versions_json(report: Report, l10n: Localizer) -> str:
    versions = Versions()
    for period in report.periods:
        aliases = [LATEST] if period is report.latest else []
        versions.add(str(period.id), version_title(period, l10n), aliases)
    listing: str = versions.dumps()
    return listing + "\n"


def write_latest_redirects(language_dir: Path, latest: str, l10n: Localizer, templates_dir: Path) -> None:
    """Write `<language_dir>/latest/…`: a redirect page for each HTML page of the latest period."""
    language = l10n.language
    template = html_environment(templates_dir, {language: l10n}).get_template("redirect.html.jinja")
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
