"""Stage 3: render each quarter, in each language, into Markdown pages.

Templates (`site_templates/*.md.jinja`) only loop and look up: the model
computes totals and numbering, and the filters format values for the page's
language. Nothing is written here; the pages are returned as text.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jinja2

from . import charts
from .comparison import compare
from .filters import register_filters
from .localization import Localizer, load_strings
from .model import Quarter, Report


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
    source: str
    """The content file the page mostly comes from, for its "edit this page" link."""


@dataclass(frozen=True)
class RenderedQuarter:
    quarter: Quarter
    language: str
    l10n: Localizer
    pages: list[Page]


class Renderer:
    """Renders quarters with the templates of one `site_templates` folder."""

    def __init__(self, templates_dir: Path, *, thai_digits: bool = False) -> None:
        self.templates_dir = templates_dir
        self.thai_digits = thai_digits
        self._environments: dict[str, tuple[jinja2.Environment, Localizer]] = {}

    def environment(self, language: str) -> tuple[jinja2.Environment, Localizer]:
        if language not in self._environments:
            l10n = Localizer(language, load_strings(self.templates_dir / "strings", language), self.thai_digits)
            environment = jinja2.Environment(
                loader=jinja2.FileSystemLoader(self.templates_dir),
                undefined=jinja2.StrictUndefined,
                keep_trailing_newline=True,
                trim_blocks=True,
                lstrip_blocks=True,
                autoescape=False,  # Markdown, not HTML: the `text` filter escapes prose instead.
            )
            register_filters(environment, l10n)
            self._environments[language] = (environment, l10n)
        return self._environments[language]

    def render_quarter(self, report: Report, quarter: Quarter, language: str) -> RenderedQuarter:
        environment, l10n = self.environment(language)
        s = l10n.strings
        comparison = compare(report, quarter)
        common = {"report": report, "site": report.site, "quarter": quarter, "l10n": l10n, "s": s,
                  "comparison": comparison}

        def page(path: str, template: str, title: str, source: str, section: str | None = None, **extra) -> Page:
            # Front matter tells the theme which YAML file to offer for editing.
            edit_path = f"content/{quarter.id}/{source}"
            markdown = f"---\nedit_path: {edit_path}\n---\n\n" + environment.get_template(template).render(**common, **extra)
            return Page(path, section, title, markdown, source)

        pages = [page("index.md", "overview.md.jinja", s["nav_overview"], "strategies.yaml",
                      progress_chart=charts.overview_progress_chart(quarter, l10n))]
        for number, strategy in enumerate(quarter.action_plan.strategies, start=1):
            pages.append(
                page(
                    f"strategies/{strategy.id}.md",
                    "strategy.md.jinja",
                    f"{number}. {strategy.title[language]}",
                    "strategies.yaml",
                    section=s["nav_strategies"],
                    strategy=strategy,
                    strategy_number=number,
                    progress_chart=charts.strategy_progress_chart(strategy, number, l10n),
                )
            )
        pages += [
            page("scorecard.md", "scorecard.md.jinja", s["nav_scorecard"], "scorecard.yaml",
                 scorecard_chart=charts.scorecard_chart(quarter, l10n),
                 quarters_chart=charts.scorecard_by_quarter_chart(quarter, l10n)),
            page("background.md", "background.md.jinja", s["nav_background"], "background.yaml"),
            page("problems.md", "problems.md.jinja", s["nav_problems"], "problems.yaml"),
        ]
        return RenderedQuarter(quarter, language, l10n, pages)
