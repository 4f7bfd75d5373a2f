"""Render each period, in each language, into Markdown pages.

Templates (`site_templates/*.md.jinja`) only loop and look up: the model
computes totals and numbering, and the translation function `t` and the
filters (filters.py) put interface strings and values in the page's language.
Nothing is written here: the pages are returned as text, with the period's
open data files (open_data.py) as bytes.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import jinja2
import yaml

from ..reading.comparison import compare, previous_period
from ..reading.fiscal import PeriodId
from ..reading.model import (
    PERIOD_INFO_FILE,
    NumberedGrouping,
    NumberedProject,
    Period,
    Report,
    SiteSettings,
    SiteWords,
    Text,
)
from ..theme import Theme
from . import charts
from .filters import escape_markdown, footnote_key, number_label, register_filters, strip_footnote_marks
from .front_door import html_environment
from .localization import Localizer, load_strings
from .open_data import PeriodData, render_open_data, render_period_data


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
class RenderedPeriod:
    period: Period
    language: str
    l10n: Localizer
    pages: list[Page]
    files: dict[str, bytes] = field(default_factory=dict)
    """Other files for the docs folder (the open data), by path below it."""
    pdf_file: str | None = None
    """The PDF edition's file name, at the period's root, printed after MkDocs built the print page; None for none."""
    share_card: str | None = None
    """The HTML of the period's share image (SHARE_IMAGE), drawn after MkDocs built the site; None for none."""


# Where a period's share image is, below its root: the picture that a link to any of its pages shows.
SHARE_IMAGE = "assets/share.png"
SHARE_IMAGE_SIZE = (1200, 630)


def pdf_file_name(site: SiteSettings, period: Period, language: str) -> str:
    """The PDF edition's file name, which tells whose report, which period and which language: `dga-2563-q2-th.pdf`."""
    return f"{site.organisation.file_prefix}-{period.id}-{language}.pdf"


def _yaml(data: dict[str, Any]) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=float("inf"))


class Renderer:
    """Renders periods with the templates of a theme: the packaged ones, and a project's own over them.

    One Jinja environment serves every language: `t` and the filters take the
    page's language from its `language` variable (filters.py). A period's
    CSV and JSON files are the same in every language, so they are rendered
    once per period and kept (`period_data`). `with_pdf` says whether the PDF
    edition will be printed (engine/pdf.py), so that the pages link to it, or
    say that it is unavailable. `words` are the site's words (site.yaml's
    `words`), which the interface strings use.
    """

    def __init__(
        self,
        theme: Theme,
        *,
        thai_digits: bool = False,
        with_pdf: bool = True,
        words: SiteWords | None = None,
    ) -> None:
        self.theme = theme
        self.thai_digits = thai_digits
        self.words = words or SiteWords()
        self.with_pdf = with_pdf
        self._localizers: dict[str, Localizer] = {}
        self._period_data: dict[PeriodId, tuple[Period, PeriodData]] = {}
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
            self._localizers[language] = Localizer(language, strings, self.thai_digits, self.words)
        return self._localizers[language]

    def localizers(self, languages: Iterable[str]) -> dict[str, Localizer]:
        """The Localizer of each language, by language code."""
        return {language: self.localizer(language) for language in languages}

    def compile_templates(self) -> None:
        """Load every template now, e.g. once before forking workers that will all use them."""
        for name in self.environment.list_templates(filter_func=lambda name: name.endswith(".md.jinja")):
            self.environment.get_template(name)

    def period_data(self, period: Period) -> PeriodData:
        """The period's tables and its CSV and JSON files, rendered on first use and kept for every language.

        Kept for this very `period` object: a period loaded again (after an edit) is rendered again.
        """
        kept = self._period_data.get(period.id)
        if kept is None or kept[0] is not period:
            kept = (period, render_period_data(period))
            self._period_data[period.id] = kept
        return kept[1]

    @staticmethod
    def periods_read(report: Report, period: Period) -> list[Period]:
        """The periods whose content the pages of `period` show: itself, and the one it is compared with.

        The build cache keys each period's build on these alone, so that an
        edit to one period rebuilds it and the period that follows it, and
        no other; anything else that `render_period` reads from `report` must
        be added here (a test checks the two agree).
        """
        previous = previous_period(report, period)
        return [period] if previous is None else [previous, period]

    def render_period(self, report: Report, period: Period, language: str) -> RenderedPeriod:
        environment, l10n = self.environment, self.localizer(language)
        comparison = compare(report, period)
        open_data = render_open_data(report.site, period, self.period_data(period), l10n)
        pdf_file = pdf_file_name(report.site, period, language) if self.with_pdf else None
        period_charts = charts.period_charts(period, l10n)
        footnotes = {
            footnote_key(name, footnote.id): footnote.text
            for name, section in period.sections.items()
            for footnote in section.footnotes
        }
        common = {
            "report": report,
            "site": report.site,
            "period": period,
            "language": language,
            "comparison": comparison,
            "open_data": open_data,
            "data_files": open_data.paths,
            "pdf_file": pdf_file,
            "links": Links(period, in_print=False),
            "chart_for": period_charts.get,
            "progress_chart": period_charts.get(period),
        }

        def page(
            path: str,
            template: str,
            title: str,
            source: str | None,
            nav_section: str | None = None,
            meta: dict[str, Any] | None = None,
            **extra: Any,
        ) -> Page:
            # Front matter tells the theme which YAML file to offer for editing, and anything in `meta`.
            front_matter = {**({"edit_path": f"content/{period.id}/{source}"} if source else {}), **(meta or {})}
            # Links from a page in a folder (strategies/…) to other pages and the data files climb out of it first.
            root = "../" * path.count("/")
            markdown = environment.get_template(template).render({**common, "root": root, **extra})
            markdown = _with_links_from(markdown, root) + _footnote_definitions(markdown, footnotes, language)
            if front_matter:
                markdown = "---\n" + _yaml(front_matter) + "---\n\n" + markdown
            return Page(path, nav_section, title, markdown, source)

        # The overview's own words (its title, period and what the figures cover) are quarter.yaml's; the rest it
        # gathers from the sections, whose pages link to their own files.
        pages = [page("index.md", "overview.md.jinja", l10n.string("nav_overview"), PERIOD_INFO_FILE)]
        for name, section in period.sections.items():
            source = f"{name}.yaml"
            label = strip_footnote_marks(section.nav_label[language])
            if section.number:
                label = f"{l10n.digits(number_label(section.number))} {label}"
            groupings = [numbered for numbered in period.groupings if numbered.section == name]
            context: dict[str, Any] = {"section": section, "footnote_prefix": name}
            if not groupings:
                pages.append(page(f"{name}.md", "section.md.jinja", label, source, **context))
                continue
            # A section of groupings is a folder: its own page first (its index), then a page per grouping.
            pages.append(page(f"{name}/index.md", "section.md.jinja", label, source, nav_section=label, **context))
            for numbered in groupings:
                title = strip_footnote_marks(numbered.grouping.title[language])
                pages.append(
                    page(
                        f"{name}/{numbered.grouping.id}.md",
                        "grouping.md.jinja",
                        f"{l10n.digits(number_label(numbered.number))} {title}",
                        source,
                        nav_section=label,
                        grouping=numbered,
                        progress_chart=period_charts.get(numbered.grouping),
                        **context,
                    )
                )
        pages += [
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
                meta={"title": html.escape(period.info.title[language]), "search": {"exclude": True}, "hide": ["toc"]},
                links=Links(period, in_print=True),
            ),
        ]
        # The share image is drawn by the Chromium that prints the PDF: with the PDF, or not at all.
        share_card = (
            html_environment(self.theme, {language: l10n})
            .get_template("share_card.html.jinja")
            .render(report=report, period=period, language=language)
            if self.with_pdf
            else None
        )
        return RenderedPeriod(
            period, language, l10n, pages, files=open_data.files, pdf_file=pdf_file, share_card=share_card
        )


@dataclass(frozen=True)
class Links:
    """Where a link to a section, a grouping or a project goes: its page, or (in the print edition) its heading.

    The paths are from the period's root; pages in a folder climb out of it first (`_with_links_from`).
    """

    period: Period
    in_print: bool

    def section(self, name: str) -> str:
        if self.in_print:
            return f"#section-{name}"
        grouped = any(numbered.section == name for numbered in self.period.groupings)
        return f"{ROOT_MARK}{name}/index.md" if grouped else f"{ROOT_MARK}{name}.md"

    def grouping(self, numbered: NumberedGrouping) -> str:
        if self.in_print:
            return f"#section-{numbered.section}-{numbered.grouping.id}"
        return f"{ROOT_MARK}{numbered.section}/{numbered.grouping.id}.md"

    def project(self, numbered: NumberedProject) -> str:
        page = "" if self.in_print else self.grouping(numbered.grouping)
        return f"{page}#{numbered.project.id}"


# Links are written from the period's root with this mark, then made relative to each page (a page in a
# folder climbs out of it first): templates need not know where the page that includes them sits.
ROOT_MARK = "\x00root/"


def _with_links_from(markdown: str, root: str) -> str:
    return markdown.replace(ROOT_MARK, root)


_FOOTNOTE_REFERENCE = re.compile(r"\[\^([a-z0-9-]+)\](?!:)")


def _footnote_definitions(markdown: str, footnotes: dict[str, Text], language: str) -> str:
    """The definitions of the footnotes that `markdown` refers to, in the order of their first mark."""
    used = dict.fromkeys(match.group(1) for match in _FOOTNOTE_REFERENCE.finditer(markdown))
    lines = [f"[^{key}]: {escape_markdown(footnotes[key][language])}" for key in used if key in footnotes]
    return "\n" + "\n".join(lines) + "\n" if lines else ""


def render_report(report: Report, renderer: Renderer, periods: list[Period] | None = None) -> list[RenderedPeriod]:
    """Render every period (or the given ones) in every language of the site."""
    return [
        renderer.render_period(report, period, language)
        for period in (report.periods if periods is None else periods)
        for language in report.site.languages
    ]
