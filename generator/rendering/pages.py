"""Render each quarter, in each language, into Markdown pages.

Templates (`site_templates/*.md.jinja`) only loop and look up: the model
computes totals and numbering, and the translation function `t` and the
filters (filters.py) put interface strings and values in the page's language.
Nothing is written here: the pages are returned as text, with the quarter's
open data files (open_data.py) as bytes.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import jinja2
import yaml

from ..reading.comparison import compare, previous_quarter
from ..reading.fiscal import QuarterId
from ..reading.model import Quarter, Report, SiteSettings
from ..theme import Theme
from . import charts
from .filters import register_filters
from .localization import Localizer, load_strings
from .open_data import QuarterData, render_open_data, render_quarter_data


@dataclass(frozen=True)
class Page:
    """A rendered Markdown page and its place in the navigation."""

    path: str
    """Path below the docs folder, the same in every language, e.g. `strategies/gdx.md`."""
    section: str | None
    """The navigation section the page belongs to, or None for a top-level page."""
    title: str
    """The page's title in the navigation."""
    markdown: str
    source: str | None
    """The content file the page mostly comes from, for its "edit this page" link; None for none."""


@dataclass(frozen=True)
class RenderedQuarter:
    quarter: Quarter
    language: str
    l10n: Localizer
    pages: list[Page]
    files: dict[str, bytes] = field(default_factory=dict)
    """Other files for the docs folder (the open data), by path below it."""
    pdf_file: str | None = None
    """The PDF edition's file name, at the quarter's root, printed after MkDocs built the print page; None for none."""


def pdf_file_name(site: SiteSettings, quarter: Quarter, language: str) -> str:
    """The PDF edition's file name, which tells whose report, which quarter and which language: `dga-2563-q2-th.pdf`."""
    return f"{site.organisation.file_prefix}-{quarter.id}-{language}.pdf"


def _yaml(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=float("inf"))


class Renderer:
    """Renders quarters with the templates of a theme: the packaged ones, and a project's own over them.

    One Jinja environment serves every language: `t` and the filters take the
    page's language from its `language` variable (filters.py). A quarter's
    CSV and JSON files are the same in every language, so they are rendered
    once per quarter and kept (`quarter_data`). `with_pdf` says whether the PDF
    edition will be printed (engine/pdf.py), so that the pages link to it, or
    say that it is unavailable.
    """

    def __init__(self, theme: Theme, *, thai_digits: bool = False, with_pdf: bool = True) -> None:
        self.theme = theme
        self.thai_digits = thai_digits
        self.with_pdf = with_pdf
        self._localizers: dict[str, Localizer] = {}
        self._quarter_data: dict[QuarterId, tuple[Quarter, QuarterData]] = {}
        self.environment = jinja2.Environment(
            loader=jinja2.FileSystemLoader(theme.template_dirs),
            undefined=jinja2.StrictUndefined,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            autoescape=False,  # Markdown, not HTML: the `text` filter escapes prose instead.
        )
        register_filters(self.environment, self.localizer)

    def localizer(self, language: str) -> Localizer:
        """The Localizer of `language`, with the theme's strings (site_templates/strings/)."""
        if language not in self._localizers:
            strings = load_strings(self.theme, language)
            self._localizers[language] = Localizer(language, strings, self.thai_digits)
        return self._localizers[language]

    def localizers(self, languages: Iterable[str]) -> dict[str, Localizer]:
        """The Localizer of each language, by language code."""
        return {language: self.localizer(language) for language in languages}

    def compile_templates(self) -> None:
        """Load every template now, e.g. once before forking workers that will all use them."""
        for name in self.environment.list_templates(filter_func=lambda name: name.endswith(".md.jinja")):
            self.environment.get_template(name)

    def quarter_data(self, quarter: Quarter) -> QuarterData:
        """The quarter's tables and its CSV and JSON files, rendered on first use and kept for every language.

        Kept for this very `quarter` object: a quarter loaded again (after an edit) is rendered again.
        """
        kept = self._quarter_data.get(quarter.id)
        if kept is None or kept[0] is not quarter:
            kept = (quarter, render_quarter_data(quarter))
            self._quarter_data[quarter.id] = kept
        return kept[1]

    @staticmethod
    def quarters_read(report: Report, quarter: Quarter) -> list[Quarter]:
        """The quarters whose content the pages of `quarter` show: itself, and the one it is compared with.

        The build cache keys each quarter's build on these alone, so that an
        edit to one quarter rebuilds it and the quarter that follows it, and
        no other; anything else that `render_quarter` reads from `report` must
        be added here (a test checks the two agree).
        """
        previous = previous_quarter(report, quarter)
        return [quarter] if previous is None else [previous, quarter]

    def render_quarter(self, report: Report, quarter: Quarter, language: str) -> RenderedQuarter:
        environment, l10n = self.environment, self.localizer(language)
        comparison = compare(report, quarter)
        open_data = render_open_data(report.site, quarter, self.quarter_data(quarter), l10n)
        pdf_file = pdf_file_name(report.site, quarter, language) if self.with_pdf else None
        strategies = quarter.action_plan.strategies
        common = {
            "report": report,
            "site": report.site,
            "quarter": quarter,
            "language": language,
            "comparison": comparison,
            "open_data": open_data,
            "data_files": open_data.paths,
            "pdf_file": pdf_file,
            # Where each strategy's projects are: on its own page, or (print.md) on the same page.
            "strategy_links": {strategy.id: f"strategies/{strategy.id}.md" for strategy in strategies},
        }

        def page(
            path: str,
            template: str,
            title: str,
            source: str | None,
            section: str | None = None,
            meta: dict[str, Any] | None = None,
            **extra: Any,
        ) -> Page:
            # Front matter tells the theme which YAML file to offer for editing, and anything in `meta`.
            front_matter = {**({"edit_path": f"content/{quarter.id}/{source}"} if source else {}), **(meta or {})}
            # Links from a page in a folder (strategies/…) to the data files climb out of it first.
            root = "../" * path.count("/")
            markdown = environment.get_template(template).render({**common, "root": root, **extra})
            if front_matter:
                markdown = "---\n" + _yaml(front_matter) + "---\n\n" + markdown
            return Page(path, section, title, markdown, source)

        progress_chart = charts.overview_progress_chart(quarter, l10n)
        strategy_charts = {
            strategy.id: charts.strategy_progress_chart(strategy, number, l10n)
            for number, strategy in enumerate(strategies, start=1)
        }
        scorecard_chart = charts.scorecard_chart(quarter, l10n)
        quarters_chart = charts.scorecard_by_quarter_chart(quarter, l10n)

        pages = [
            page(
                "index.md",
                "overview.md.jinja",
                l10n.string("nav_overview"),
                "strategies.yaml",
                progress_chart=progress_chart,
            )
        ]
        for number, strategy in enumerate(strategies, start=1):
            pages.append(
                page(
                    f"strategies/{strategy.id}.md",
                    "strategy.md.jinja",
                    f"{l10n.numeral(number)}. {strategy.title[language]}",
                    "strategies.yaml",
                    section=l10n.string("nav_strategies"),
                    strategy=strategy,
                    strategy_number=number,
                    progress_chart=strategy_charts[strategy.id],
                )
            )
        pages += [
            page(
                "scorecard.md",
                "scorecard.md.jinja",
                l10n.string("nav_scorecard"),
                "scorecard.yaml",
                scorecard_chart=scorecard_chart,
                quarters_chart=quarters_chart,
            ),
            page("background.md", "background.md.jinja", l10n.string("nav_background"), "background.yaml"),
            page("problems.md", "problems.md.jinja", l10n.string("nav_problems"), "problems.yaml"),
            page("data.md", "data.md.jinja", l10n.string("nav_data"), None),
            # The whole report on one page. Each chart appears once on it, so the ids inside the
            # charts (prefixed by the chart's name) stay unique there too. Its <title> is the report's,
            # which the PDF takes as its own; the theme writes it unescaped, so it is escaped here.
            # Search would find every passage twice, so the print page stays out of the index; and its
            # own contents list replaces the sidebar's.
            page(
                "print.md",
                "print.md.jinja",
                l10n.string("nav_print"),
                None,
                meta={"title": html.escape(quarter.info.title[language]), "search": {"exclude": True}, "hide": ["toc"]},
                progress_chart=progress_chart,
                strategy_charts=strategy_charts,
                scorecard_chart=scorecard_chart,
                quarters_chart=quarters_chart,
                strategy_links={strategy.id: "" for strategy in strategies},
            ),
        ]
        return RenderedQuarter(quarter, language, l10n, pages, files=open_data.files, pdf_file=pdf_file)


def render_report(report: Report, renderer: Renderer, quarters: list[Quarter] | None = None) -> list[RenderedQuarter]:
    """Render every quarter (or the given ones) in every language of the site."""
    return [
        renderer.render_quarter(report, quarter, language)
        for quarter in (report.quarters if quarters is None else quarters)
        for language in report.site.languages
    ]
