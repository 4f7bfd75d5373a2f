"""Charts as static, accessible SVG, written at build time as text.

Each chart is drawn from the same model objects as the table beside it, and
inlined in the page: no JavaScript, it prints, and its text stays real
<text>, so readers can select, find and translate it. Labels are laid out with
the advance widths of Sarabun, the face the pages use, so that the label
column fits its longest label.

Colours are CSS custom properties (see reportsite.css), so that one SVG
follows Material's light and dark palettes; the text inherits the page's font.
Every id starts with the chart's name, so that several charts can share a
page, and the same input gives the same bytes.
"""

from __future__ import annotations

import math
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from functools import cache
from pathlib import Path

from markupsafe import escape

from ..reading.fiscal import PeriodId
from ..reading.model import Period, Progress, ProgressBlock, ProgressEntry, ScorecardBlock, TableBlock, cell_value
from .filters import strip_footnote_marks
from .localization import Localizer

INK = "var(--rs-chart-ink)"
BAR = "var(--rs-chart-bar)"
BAR_2 = "var(--rs-chart-bar-2)"
BAR_BEHIND = "var(--rs-chart-bar-behind)"
TRACK = "var(--rs-chart-track)"
GRID = "var(--rs-chart-grid)"

# User units. The SVG scales to the column, so this sets the text's size against the page's: at 504
# (the width of the matplotlib charts before) a 12-unit label is about as large as the body text in Material's column.
WIDTH = 504
FONT_SIZE = 12  # labels, ticks and panel titles
VALUE_SIZE = 11.5  # the value after each bar
ROW = 30  # from one bar to the next
BAR_HEIGHT = 19
GROUP_GAP = 0.5  # in rows: between strategy groups, and before a total
GAP = 4  # between a bar or an axis and its label, and around the chart
PANEL_GAP = 16  # between the two panels of a progress chart, after the first panel's value labels
MIN_PLOT = 120  # the narrowest a panel's axis may get before the chart widens instead


@dataclass(frozen=True)
class Chart:
    """A chart ready to inline: its SVG, title and one-line summary."""

    name: str
    title: str
    summary: str
    svg: str

    def html(self) -> str:
        """The chart as a <figure>, with a visible caption; one block of HTML for Markdown."""
        caption = f"<figcaption><strong>{escape(self.title)}</strong><br>{escape(self.summary)}</figcaption>"
        return f'<figure class="rs-chart" id="{self.name}" data-search-exclude>\n{self.svg}\n{caption}\n</figure>'


# --- measuring text --------------------------------------------------------


@dataclass(frozen=True)
class _Face:
    advances: dict[int, int]
    units_per_em: int
    ascent: float  # in ems, like the rest
    descent: float
    cap_height: float


@cache
def _face(bold: bool = False) -> _Face:
    # Imported here: only chart drawing needs them, and they cost import time.
    import fontpkg_sarabun
    from fontTools.ttLib import TTFont

    name = "Sarabun-Bold.ttf" if bold else "Sarabun-Regular.ttf"
    font = TTFont(Path(fontpkg_sarabun.__file__).parent / "files" / name, lazy=True)
    metrics = font["hmtx"].metrics
    advances = {code: metrics[glyph][0] for code, glyph in font.getBestCmap().items()}
    em = font["head"].unitsPerEm
    return _Face(advances, em, font["hhea"].ascent / em, -font["hhea"].descent / em, font["OS/2"].sCapHeight / em)


def text_width(text: str, size: float = FONT_SIZE, bold: bool = False) -> float:
    """The advance width of `text` set in Sarabun at `size`; kerning left out."""
    face = _face(bold)
    units = 0.0
    for char in text:
        advance: float | None = face.advances.get(ord(char))
        if advance is None:
            # The browser falls back to another face: guess, from the character's kind.
            if unicodedata.combining(char) or unicodedata.category(char) == "Cf":
                advance = 0
            elif unicodedata.east_asian_width(char) in "WF":
                advance = face.units_per_em
            else:
                advance = face.units_per_em * 0.6
        units += advance
    return units * size / face.units_per_em


def _label(text: str, width: int = 60) -> str:
    """A label short enough to leave the bars room, without footnote marks; the full text is in the table beside it."""
    text = " ".join(strip_footnote_marks(text).split())
    return text if len(text) <= width else text[: width - 1] + "…"


# --- writing SVG -------------------------------------------------------------


def _n(value: float) -> str:
    """A coordinate: at most two decimals, no trailing zeros."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def _text(value: str) -> str:
    # One line, escaped: content is untrusted, and a blank line would end Markdown's HTML block.
    return str(escape(" ".join(value.split())))


def _baseline(center: float, size: float) -> float:
    """The baseline that centres digits and capitals on `center`."""
    return center + _face().cap_height * size / 2


class _Canvas:
    """The elements of one chart, in drawing order."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.lines: list[str] = []

    def add(self, line: str) -> None:
        self.lines.append(line)

    def text(self, x: float, y: float, text: str, style: str = "") -> None:
        style = f' style="{style}"' if style else ""
        self.add(f'<text x="{_n(x)}" y="{_n(y)}"{style}>{_text(text)}</text>')

    def bar(self, key: str, x: float, y: float, width: float, height: float, fill: str | None = None) -> None:
        style = f' style="fill:{fill}"' if fill else ""
        self.add(
            f'<rect id="{self.name}-{key}" x="{_n(x)}" y="{_n(y)}" width="{_n(max(width, 0))}" '
            f'height="{_n(height)}"{style}/>'
        )

    def svg(self, width: float, height: float, title: str, summary: str) -> str:
        name = self.name
        head = (
            f'<svg role="img" aria-labelledby="{name}-title {name}-desc" class="rs-chart__svg" '
            f'viewBox="0 0 {_n(width)} {_n(height)}" xmlns="http://www.w3.org/2000/svg">\n'
            f'<title id="{name}-title">{_text(title)}</title>\n'
            f'<desc id="{name}-desc">{_text(summary)}</desc>\n'
            f'<g style="fill:{INK};font-size:{_n(FONT_SIZE)}px">'
        )
        return "\n".join([head, *self.lines, "</g>", "</svg>"])


@dataclass(frozen=True)
class _Axis:
    """A horizontal value axis from 0 to `maximum`, drawn from `x` over `length` units."""

    x: float
    length: float
    maximum: float

    def at(self, value: float) -> float:
        return self.x + self.length * value / self.maximum

    def size(self, value: float) -> float:
        return self.length * value / self.maximum

    def draw(self, canvas: _Canvas, ticks: list[float], top: float, bottom: float, l10n: Localizer) -> None:
        # Grid lines behind the bars, the axis line, and a label under each tick.
        grid = "".join(f"M{_n(self.at(tick))} {_n(top)}V{_n(bottom)}" for tick in ticks)
        grid += f"M{_n(self.x)} {_n(bottom)}H{_n(self.at(ticks[-1]))}"
        canvas.add(f'<path d="{grid}" style="fill:none;stroke:{GRID};stroke-width:0.75"/>')
        canvas.add('<g class="rs-chart-ticks" style="text-anchor:middle">')
        for tick in ticks:
            canvas.text(self.at(tick), _tick_baseline(bottom), l10n.number(tick))
        canvas.add("</g>")


def _tick_baseline(bottom: float) -> float:
    # The labels' line box starts just below the axis line.
    return bottom + 1 + _face().ascent * FONT_SIZE


def _tick_room() -> float:
    """From the axis line to the bottom of the tick labels."""
    return _tick_baseline(0) + _face().descent * FONT_SIZE + 1


def _quarters(maximum: float) -> list[float]:
    return [maximum * step / 4 for step in range(5)]


def _nice_ticks(maximum: float) -> list[float]:
    """Round ticks from 0 to at least `maximum`, four or five of them."""
    maximum = maximum if maximum > 0 else 1
    raw = maximum / 4
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= raw * (1 - 1e-9))
    count = math.ceil(maximum / step - 1e-9)
    return [round(step * i, 10) for i in range(count + 1)]


def _row_labels(canvas: _Canvas, right: float, rows: list[tuple[str, float]]) -> None:
    """Labels right-aligned at `right`, each centred on its row."""
    canvas.add('<g style="text-anchor:end">')
    for text, center in rows:
        canvas.text(right, _baseline(center, FONT_SIZE), text)
    canvas.add("</g>")


def _value_labels(canvas: _Canvas, labels: list[tuple[float, float, str]], size: float = VALUE_SIZE) -> None:
    """Each (x, row centre, text) just after the end of its bar."""
    canvas.add(f'<g style="font-size:{_n(size)}px">')
    for x, center, text in labels:
        canvas.text(x + GAP, _baseline(center, size), text)
    canvas.add("</g>")


def _widest(texts: list[str], size: float = FONT_SIZE, bold: bool = False) -> float:
    return max((text_width(text, size, bold) for text in texts), default=0)


# --- the charts ----------------------------------------------------------


ProgressRow = tuple[str, object, Progress]
"""A row of a progress chart: its label, the group it belongs to (a change of group leaves a gap), its progress."""


def progress_chart(name: str, rows: list[ProgressRow], period: PeriodId, l10n: Localizer) -> Chart | None:
    """Each row's progress against the plan of its `period` and against its annual target, a panel for each.

    Only the percentages the content gives are drawn: a panel for each of the
    two that some row gives, and no bar where a row does not give it. Bars of
    rows below their period plan take another colour. None when no row gives
    either percentage (points and statuses are in the table beside it).
    """
    wanted = [
        ("plan", l10n.period_string("column_vs_period_plan", period), "vs_period_plan"),
        ("target", l10n.string("column_vs_annual_target"), "vs_annual_target"),
    ]
    panels = [
        (key, heading, [_float(getattr(progress, field)) for _, _, progress in rows])
        for key, heading, field in wanted
        if any(getattr(progress, field) is not None for _, _, progress in rows)
    ]
    if not panels:
        return None
    positions, position, previous = [], 0.0, None
    for _, group, _ in rows:
        if previous is not None and group is not previous:
            position += GROUP_GAP
        positions.append(position)
        position += 1
        previous = group
    labels = [_label(label) for label, _, _ in rows]
    behind = [progress.on_plan is False for _, _, progress in rows]
    title = l10n.string("chart_progress_title")
    summary = l10n.period_string("chart_progress_summary", period, behind=sum(behind), total=len(rows))

    highest = max([100.0, *(value for _, _, values in panels for value in values if value is not None)])
    # Up to 100 %, quarters of the plan; beyond it (ahead of plan), round ticks that pass the highest value.
    ticks = _quarters(highest) if highest == 100 else _nice_ticks(highest)
    maximum = ticks[-1]
    value_texts = {
        key: [l10n.string("empty_cell") if value is None else l10n.decimal2(value) for value in values]
        for key, _, values in panels
    }
    # Room after the axis for the longest value label; a panel is at least as wide as its title's longest word.
    rooms = {key: _widest(texts, VALUE_SIZE) + 2 * GAP for key, texts in value_texts.items()}
    labels_right = _widest(labels) + 1
    plot_left = labels_right + 2 * GAP
    panel_words = max(_widest(heading.split(), bold=True) for _, heading, _ in panels)
    fixed = plot_left + sum(rooms.values()) + PANEL_GAP * (len(panels) - 1)
    length = max((WIDTH - fixed) / len(panels), MIN_PLOT, panel_words - min(rooms.values()))
    width = fixed + len(panels) * length

    canvas = _Canvas(name)
    # Panel titles, wrapped at spaces to their panel's width.
    axes, x, title_lines = {}, plot_left, {}
    for key, heading, _ in panels:
        axes[key] = _Axis(x, length, maximum)
        title_lines[key] = _wrap(heading, length + rooms[key] - GAP)
        x += length + rooms[key] + PANEL_GAP
    line_height = FONT_SIZE * (_face(True).ascent + _face(True).descent)
    top = GAP + max(len(lines) for lines in title_lines.values()) * line_height + GAP
    for key, _, _ in panels:
        for number, line in enumerate(title_lines[key]):
            baseline = GAP + _face(True).ascent * FONT_SIZE + number * line_height
            canvas.text(axes[key].x, baseline, line, "font-weight:bold")
    bottom = top + (position if rows else 1) * ROW
    centers = [top + (p + 0.5) * ROW for p in positions]

    for axis in axes.values():
        axis.draw(canvas, ticks, top, bottom, l10n)
    _row_labels(canvas, labels_right, list(zip(labels, centers, strict=True)))
    for key, _, values in panels:
        axis = axes[key]
        canvas.add(f'<g style="fill:{BAR if key == "plan" else BAR_2}">')
        for index, (value, center) in enumerate(zip(values, centers, strict=True)):
            if value is None:
                continue
            fill = BAR_BEHIND if key == "plan" and behind[index] else None
            canvas.bar(f"{key}-{index}", axis.x, center - BAR_HEIGHT / 2, axis.size(value), BAR_HEIGHT, fill)
        canvas.add("</g>")
        # A row that does not give this percentage has no bar and no label: the table says "–".
        _value_labels(
            canvas,
            [(axis.at(v), c, t) for v, c, t in zip(values, centers, value_texts[key], strict=True) if v is not None],
        )
    return Chart(name, title, summary, canvas.svg(width, bottom + _tick_room(), title, summary))


def _float(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def _wrap(text: str, width: float) -> list[str]:
    """Bold text broken at spaces into lines no wider than `width` (a longer word keeps its line)."""
    lines: list[str] = []
    for word in text.split():
        if lines and text_width(f"{lines[-1]} {word}", bold=True) <= width:
            lines[-1] += f" {word}"
        else:
            lines.append(word)
    return lines or [""]


def _entry_rows(entries: list[ProgressEntry], l10n: Localizer) -> list[ProgressRow]:
    rows: list[ProgressRow] = []
    for entry in entries:
        if entry.project is not None:
            label = l10n.string(
                "chart_project_label",
                strategy=l10n.digits(entry.project.grouping.number),
                project=l10n.digits(entry.project.number),
            )
            rows.append((label, entry.project.grouping.grouping, entry.progress))
        else:
            rows.append((entry.title[l10n.language], entry.section, entry.progress))
    return rows


class PeriodCharts:
    """The charts of a period's pages in one language, looked up by what each is drawn from."""

    def __init__(self) -> None:
        self._charts: dict[int, tuple[object, Chart]] = {}

    def add(self, source: object, chart: Chart | None) -> None:
        if chart is not None:
            self._charts[id(source)] = (source, chart)  # the source is kept, so that its id stays its own

    def get(self, source: object) -> Chart | None:
        found = self._charts.get(id(source))
        return found[1] if found else None


def period_charts(period: Period, l10n: Localizer) -> PeriodCharts:
    """Every chart of the period: progress (the period's, each grouping's, each progress block's) and scorecard."""
    found = PeriodCharts()
    entries = period.progress_entries
    found.add(period, progress_chart("chart-progress", _entry_rows(entries, l10n), period.id, l10n))
    for numbered in period.groupings:
        grouping = numbered.grouping
        own = [entry for entry in entries if entry.project and entry.project.grouping.grouping is grouping]
        found.add(grouping, progress_chart(f"chart-progress-{grouping.id}", _entry_rows(own, l10n), period.id, l10n))
    for index, placed in enumerate(period.blocks_of(ProgressBlock), start=1):
        items = {item.id for item in placed.block.items}
        own = [entry for entry in entries if entry.project is None and entry.id in items]
        found.add(
            placed.block, progress_chart(f"chart-progress-block-{index}", _entry_rows(own, l10n), period.id, l10n)
        )
    for placed in period.tables:
        found.add(placed.block, table_chart(f"chart-table-{placed.block.id}", placed.block, l10n))
    scorecard = period.scorecard
    if scorecard is not None:
        found.add(scorecard, scorecard_chart(period, scorecard, l10n))
        found.add(scorecard.components, scorecard_by_period_chart(period, scorecard, l10n))
    return found


def scorecard_chart(period: Period, scorecard: ScorecardBlock, l10n: Localizer) -> Chart | None:
    """Each component's weighted score this period inside a track as long as its weight, and the total against 100.

    None when the scorecard gives no score for this very period.
    """
    name = "chart-scorecard"
    key = period.score_key
    if key not in scorecard.periods_reported:
        return None
    components = scorecard.components
    labels = [
        _label(f"{l10n.numeral(number)}. {component.title[l10n.language]}")
        for number, component in enumerate(components, 1)
    ]
    labels.append(l10n.string("total_row"))
    weights = [float(component.weight) for component in components] + [float(scorecard.total_weight)]
    scores = [float(component.scores[key]) for component in components] + [float(scorecard.total_score(key))]
    positions = [float(index) for index in range(len(components))] + [len(components) + GROUP_GAP]
    title = l10n.string("chart_scorecard_title", period=l10n.period_short(period.id))
    summary = l10n.string(
        "chart_scorecard_summary",
        score=l10n.decimal2(scorecard.total_score(key)),
        weight=l10n.number(scorecard.total_weight),
    )
    value_texts = [
        l10n.string("score_of_weight", score=l10n.decimal2(score), weight=l10n.number(weight))
        for score, weight in zip(scores, weights, strict=True)
    ]

    maximum = max([100.0, *weights, *scores])
    labels_right = _widest(labels) + 1
    plot_left = labels_right + 2 * GAP
    room = _widest(value_texts, VALUE_SIZE) + 2 * GAP
    length = max(WIDTH - plot_left - room, MIN_PLOT)
    axis = _Axis(plot_left, length, maximum)
    top = GAP
    bottom = top + (positions[-1] + 1) * ROW
    centers = [top + (p + 0.5) * ROW for p in positions]

    canvas = _Canvas(name)
    axis.draw(canvas, _quarters(maximum), top, bottom, l10n)
    _row_labels(canvas, labels_right, list(zip(labels, centers, strict=True)))
    canvas.add(f'<g style="fill:{TRACK}">')
    for index, (weight, center) in enumerate(zip(weights, centers, strict=True)):
        canvas.bar(f"weight-{index}", axis.x, center - BAR_HEIGHT / 2, axis.size(weight), BAR_HEIGHT)
    canvas.add("</g>")
    canvas.add(f'<g style="fill:{BAR}">')
    for index, (score, center) in enumerate(zip(scores, centers, strict=True)):
        canvas.bar(f"score-{index}", axis.x, center - BAR_HEIGHT / 2, axis.size(score), BAR_HEIGHT)
    canvas.add("</g>")
    ends = [axis.at(max(weight, score)) for weight, score in zip(weights, scores, strict=True)]
    _value_labels(canvas, list(zip(ends, centers, value_texts, strict=True)))
    return Chart(name, title, summary, canvas.svg(plot_left + length + room, bottom + _tick_room(), title, summary))


def scorecard_by_period_chart(period: Period, scorecard: ScorecardBlock, l10n: Localizer) -> Chart | None:
    """Each component's weighted score in each period reported so far, as grouped bars; None for one period."""
    columns = period.score_columns
    if len(columns) < 2:
        return None
    name = "chart-scorecard-quarters"
    components = scorecard.components
    # "by quarter" where every column is a quarter, "by half year" where every one is a half year, and so on.
    kinds = {column.period.kind for column in columns}
    by = l10n.string(f"by_{kinds.pop()}" if len(kinds) == 1 else "by_period")
    title = l10n.string("chart_periods_title", by=by)
    totals = ", ".join(f"{l10n.period_short(c.period)} {l10n.decimal2(scorecard.total_score(c.key))}" for c in columns)
    summary = l10n.string("chart_periods_summary", by=by, totals=totals)
    colours = [BAR_2, BAR, BAR_BEHIND, TRACK]
    row, bar_height = ROW * 0.72, ROW * 0.6  # bars of one group sit closer than rows of another chart
    group = len(columns) + 0.6  # in rows

    labels = [
        _label(f"{l10n.numeral(number)}. {component.title[l10n.language]}")
        for number, component in enumerate(components, 1)
    ]
    values = [[float(component.scores[column.key]) for component in components] for column in columns]
    value_texts = [
        [f"{l10n.period_short(column.period)}: {l10n.decimal2(value)}" for value in scores]
        for column, scores in zip(columns, values, strict=True)
    ]
    ticks = _nice_ticks(max([float(component.weight) for component in components] + [v for vs in values for v in vs]))
    labels_right = _widest(labels) + 1
    plot_left = labels_right + 2 * GAP
    room = _widest([text for texts in value_texts for text in texts], VALUE_SIZE) + 2 * GAP
    length = max(WIDTH - plot_left - room, MIN_PLOT)
    axis = _Axis(plot_left, length, ticks[-1])
    top = GAP
    bottom = top + (group * len(components) - 0.6) * row

    canvas = _Canvas(name)
    axis.draw(canvas, ticks, top, bottom, l10n)
    _row_labels(
        canvas,
        labels_right,
        [(label, top + (number * group + len(columns) / 2) * row) for number, label in enumerate(labels)],
    )
    for index, column in enumerate(columns):
        centers = [top + (number * group + index + 0.5) * row for number in range(len(components))]
        canvas.add(f'<g style="fill:{colours[index % len(colours)]}">')
        for number, (value, center) in enumerate(zip(values[index], centers, strict=True)):
            canvas.bar(f"{column.key}-{number}", axis.x, center - bar_height / 2, axis.size(value), bar_height)
        canvas.add("</g>")
        ends = [axis.at(value) for value in values[index]]
        _value_labels(canvas, list(zip(ends, centers, value_texts[index], strict=True)))
    return Chart(name, title, summary, canvas.svg(plot_left + length + room, bottom + _tick_room(), title, summary))


def table_chart(name: str, table: TableBlock, l10n: Localizer) -> Chart | None:
    """Bars of a table's `chart.value_columns`, one row (or group of bars) per row of the table.

    Bars start at zero and run right for positive values and left for
    negative ones; an empty cell draws no bar. Each value is labelled as the
    table shows it. The title is the table's caption; the summary names the
    columns drawn, so that a screen reader knows what the bars are.
    """
    chart = table.chart
    if chart is None:
        return None
    rows = [row for row in table.data_rows if cell_value(row.get(chart.label_column)) is not None]
    if not rows:
        return None
    columns = [table.column(column_id) for column_id in chart.value_columns]
    language = l10n.language
    labels = [_label(cell_value(row[chart.label_column])[language]) for row in rows]
    values = [[_float(cell_value(row.get(column.id))) for row in rows] for column in columns]
    texts = [
        [
            l10n.string("empty_cell") if value is None else l10n.exact(cell_value(row.get(column.id)))
            for row, value in zip(rows, series, strict=True)
        ]
        for column, series in zip(columns, values, strict=True)
    ]
    group_of = {column_id: group.title for group in table.column_groups for column_id in group.columns}
    headings = []
    for column in columns:
        heading = strip_footnote_marks(column.title[language])
        if unit := table.unit_of(column):
            heading = l10n.string("column_unit", title=heading, unit=unit[language])
        if group_title := group_of.get(column.id):
            heading = l10n.string("column_in_group", group=strip_footnote_marks(group_title[language]), heading=heading)
        headings.append(heading)
    title = strip_footnote_marks(table.title[language])
    summary = l10n.string("chart_table_summary", columns=", ".join(headings))
    colours = [BAR, BAR_2, BAR_BEHIND, TRACK]

    known = [value for series in values for value in series if value is not None]
    high = max([0.0, *known])
    low = min([0.0, *known])
    # One step on both sides of zero, chosen for the longer side, so that the ticks of the shorter side do not crowd.
    longer = _nice_ticks(max(high, -low))
    step = longer[1] - longer[0]
    below = math.ceil(-low / step - 1e-9) if low < 0 else 0
    above = math.ceil(high / step - 1e-9) if high > 0 else 0
    ticks = [round(step * index, 10) for index in range(-below, above + 1)]
    span = ticks[-1] - ticks[0] or 1.0
    per_row = len(columns)
    row, bar_height = (ROW * 0.72, ROW * 0.6) if per_row > 1 else (ROW, BAR_HEIGHT)
    group = per_row + (0.6 if per_row > 1 else 0)

    labels_right = _widest(labels) + 1
    room_left = _widest([t for series in texts for t in series], VALUE_SIZE) + 2 * GAP if low < 0 else 0
    plot_left = labels_right + 2 * GAP + room_left
    room = _widest([t for series in texts for t in series], VALUE_SIZE) + 2 * GAP
    length = max(WIDTH - plot_left - room, MIN_PLOT)
    zero = plot_left + length * (0 - ticks[0]) / span
    # Grouped bars need a key: a swatch and the column's heading for each colour, one line each, above the bars.
    key_line = FONT_SIZE * (_face().ascent + _face().descent) + 2
    top = GAP + (key_line * per_row + GAP if per_row > 1 else 0)
    bottom = top + (group * len(rows) - (0.6 if per_row > 1 else 0)) * row

    def at(value: float) -> float:
        return plot_left + length * (value - ticks[0]) / span

    canvas = _Canvas(name)
    if per_row > 1:
        for index, heading in enumerate(headings):
            line_top = GAP + index * key_line
            swatch = FONT_SIZE * 0.8
            colour = colours[index % len(colours)]
            canvas.add(f'<g style="fill:{colour}">')
            canvas.bar(f"key-{index}", plot_left, line_top + (key_line - swatch) / 2, swatch, swatch)
            canvas.add("</g>")
            canvas.text(plot_left + swatch + GAP, _baseline(line_top + key_line / 2, FONT_SIZE), heading)
    grid = "".join(f"M{_n(at(tick))} {_n(top)}V{_n(bottom)}" for tick in ticks)
    grid += f"M{_n(at(ticks[0]))} {_n(bottom)}H{_n(at(ticks[-1]))}"
    canvas.add(f'<path d="{grid}" style="fill:none;stroke:{GRID};stroke-width:0.75"/>')
    canvas.add('<g class="rs-chart-ticks" style="text-anchor:middle">')
    for tick in ticks:
        canvas.text(at(tick), _tick_baseline(bottom), l10n.number(tick))
    canvas.add("</g>")
    _row_labels(
        canvas,
        labels_right,
        [(label, top + (number * group + per_row / 2) * row) for number, label in enumerate(labels)],
    )
    for index, series in enumerate(values):
        centers = [top + (number * group + index + 0.5) * row for number in range(len(rows))]
        canvas.add(f'<g style="fill:{colours[index % len(colours)]}">')
        for number, (value, center) in enumerate(zip(series, centers, strict=True)):
            if value is None:
                continue
            start, end = sorted((zero, at(value)))
            canvas.bar(f"{index}-{number}", start, center - bar_height / 2, end - start, bar_height)
        canvas.add("</g>")
        right = [
            (max(zero, at(v)), c, t)
            for v, c, t in zip(series, centers, texts[index], strict=True)
            if v is not None and v >= 0
        ]
        _value_labels(canvas, right)
        left = [(at(v), c, t) for v, c, t in zip(series, centers, texts[index], strict=True) if v is not None and v < 0]
        if left:
            canvas.add(f'<g style="font-size:{_n(VALUE_SIZE)}px;text-anchor:end">')
            for x, center, text in left:
                canvas.text(x - GAP, _baseline(center, VALUE_SIZE), text)
            canvas.add("</g>")
    return Chart(name, title, summary, canvas.svg(plot_left + length + room, bottom + _tick_room(), title, summary))


# The trends page's charts are drawn narrower than a period's, their values as large as their labels: at this
# width every label stays 12 CSS px or more in the column of a 360 px phone (328 px), which draws them at 1:1
# or more. Their labels are the periods' short names, which leave the bars room at that width.
TREND_WIDTH = 320
TREND_MIN_PLOT = 100


def trend_chart(name: str, title: str, rows: list[tuple[str, Decimal, str]], l10n: Localizer) -> Chart:
    """A value over the periods, oldest first: a bar per (period's label, value, value as the table writes it)."""
    labels = [_label(label) for label, _, _ in rows]
    values = [float(value) for _, value, _ in rows]
    summary = l10n.string(
        "chart_trend_summary",
        first=f"{rows[0][0]}: {rows[0][2]}",
        last=f"{rows[-1][0]}: {rows[-1][2]}",
    )
    ticks = _nice_ticks(max(values))
    labels_right = _widest(labels) + 1
    plot_left = labels_right + 2 * GAP
    room = _widest([text for _, _, text in rows], FONT_SIZE) + 2 * GAP
    length = max(TREND_WIDTH - plot_left - room, TREND_MIN_PLOT)
    axis = _Axis(plot_left, length, ticks[-1])
    top = GAP
    bottom = top + len(rows) * ROW
    centers = [top + (index + 0.5) * ROW for index in range(len(rows))]
    canvas = _Canvas(name)
    axis.draw(canvas, ticks, top, bottom, l10n)
    _row_labels(canvas, labels_right, list(zip(labels, centers, strict=True)))
    canvas.add(f'<g style="fill:{BAR_2}">')
    for index, (value, center) in enumerate(zip(values, centers, strict=True)):
        canvas.bar(str(index), axis.x, center - BAR_HEIGHT / 2, axis.size(value), BAR_HEIGHT)
    canvas.add("</g>")
    ends = [(axis.at(v), c, t) for v, c, (_, _, t) in zip(values, centers, rows, strict=True)]
    _value_labels(canvas, ends, FONT_SIZE)
    return Chart(name, title, summary, canvas.svg(plot_left + length + room, bottom + _tick_room(), title, summary))
