"""The trends pages, `site/<language>/trends/`: every period's total score, progress and headline figures.

Like the front door, they are HTML pages outside the periods' builds, written
with the site each time it is assembled: a new period updates them, and the
frozen periods' files are not touched. Their numbers come from reading/trends.py;
their charts are charts.py's, drawn narrow enough that their labels stay
12 CSS px or more on a phone.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from ..reading.model import Report, number_text
from ..reading.trends import Point, Trends, trends
from ..theme import Theme
from .charts import trend_chart
from .filters import figure_text
from .front_door import html_environment
from .localization import Localizer
from .open_data import CSV_BOM

TRENDS_FOLDER = "trends"
TRENDS_CSV = "trends.csv"


@dataclass(frozen=True)
class TrendsPages:
    """Each language's page, by language, and the CSV file that each page offers (the same bytes in each)."""

    pages: dict[str, str]
    csv: bytes


def render_trends_pages(
    report: Report, theme: Theme, localizers: dict[str, Localizer], *, offline: bool = False
) -> TrendsPages:
    found = trends(report)
    environment = html_environment(theme, localizers)
    template = environment.get_template("trends.html.jinja")
    pages: dict[str, str] = {}
    for language in report.site.languages:
        l10n = localizers[language]
        pages[language] = template.render(
            report=report,
            trends=found,
            periods=found.periods,
            latest=report.latest,
            language=language,
            localizers=localizers,
            choices=[(code, f"../../{code}/{TRENDS_FOLDER}/{'index.html' if offline else ''}") for code in localizers],
            charts=_charts(found, l10n),
            value_text=lambda point, l10n=l10n: _value_text(point, l10n),
            csv_file=TRENDS_CSV,
            index_file="index.html" if offline else "",
        )
    return TrendsPages(pages, _csv(found))


def _value_text(point: Point, l10n: Localizer) -> str:
    """A point as its table writes it: a key figure as the pages do, a score or a percentage with two decimals."""
    return figure_text(point.figure, l10n) if point.figure is not None else l10n.decimal2(point.value)


def _charts(found: Trends, l10n: Localizer) -> dict[str, str]:
    """Each series' chart as HTML, by the series' id: those whose points share one axis from 0."""
    charts = {}
    for one in found.all_series:
        if not one.comparable:
            continue  # its table says it all
        title = l10n.string("total_score") if one.title is None else one.title[l10n.language]
        rows = [
            (l10n.period_string("version_title", point.period.id), point.value, _value_text(point, l10n))
            for point in one.points
        ]
        charts[one.id] = trend_chart(f"chart-{one.id}", title, rows, l10n).html()
    return charts


def _csv(found: Trends) -> bytes:
    """Every point of every series, one per row, with the titles in each language: for reuse, as the open data."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["series", "title_th", "title_en", "unit_th", "unit_en", "period", "as_of", "value"])
    for one in found.all_series:
        for point in one.points:
            unit = point.figure.unit if point.figure is not None else None
            writer.writerow(
                [
                    one.id,
                    one.title.th if one.title else "",
                    one.title.en if one.title else "",
                    unit.th if unit else "",
                    unit.en if unit else "",
                    str(point.period.id),
                    point.period.info.as_of.isoformat(),
                    number_text(point.value),
                ]
            )
    return (CSV_BOM + buffer.getvalue()).encode("utf-8")
