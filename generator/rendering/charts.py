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
# From one line of a label broken into several to the next: more than the face's own line (15.6 units at 12), which
# the stacked marks of Thai (ตั้ง, ที่) overrun.
LINE_HEIGHT = 1.5 * FONT_SIZE


# A chart is drawn twice: wide, with its labels in a column beside the bars, and narrow, each label on its own
# line above its bars, drawn for a phone's column. The wide drawing scales with the column, so below some width its
# smallest text (VALUE_SIZE) would render under 12 CSS px: there the page shows the narrow one instead (a container
# query of reportsite.css, by the class that names the width). These are the widths it can name; a chart too wide
# for the last is shown narrow on every screen. Print always takes the wide one.
NARROW_BELOW = (560, 640, 720, 800, 960, 1120)
SMALLEST_READABLE = 12  # CSS px


@dataclass(frozen=True)
class Chart:
    """A chart ready to inline: its SVG, title and one-line summary, and its narrow drawing for phones, if any."""

    name: str
    title: str
    summary: str
    svg: str
    narrow: Narrow | None = None

    def html(self) -> str:
        """The chart as a <figure>, with a visible caption; one block of HTML for Markdown."""
        caption = f"<figcaption><strong>{escape(self.title)}</strong><br>{escape(self.summary)}</figcaption>"
        if self.narrow is None:
            return f'<figure class="rs-chart" id="{self.name}" data-search-exclude>\n{self.svg}\n{caption}\n</figure>'
        wide = self.svg.replace('class="rs-chart__svg"', 'class="rs-chart__svg rs-chart__svg--wide"', 1)
        return (
            f'<figure class="rs-chart {self.narrow.css_class}" id="{self.name}" data-search-exclude>\n'
            f"{wide}\n{self.narrow.svg}\n{caption}\n</figure>"
        )


@dataclass(frozen=True)
class Narrow:
    """A chart's narrow drawing, and the class that says below which column width it replaces the wide one."""

    svg: str
    css_class: str


def _narrow(wide_width: float, svg: str) -> Narrow:
    needed = wide_width * SMALLEST_READABLE / VALUE_SIZE
    below = next((width for width in NARROW_BELOW if width >= needed), None)
    return Narrow(svg, f"rs-chart--narrow-below-{below}" if below else "rs-chart--narrow-always")


def _chart(name: str, title: str, summary: str, canvas: _Canvas, width: float, height: float, narrow: str) -> Chart:
    """The chart whose wide drawing is on `canvas`, `width` by `height`, with its `narrow` drawing."""
    return Chart(name, title, summary, canvas.svg(width, height, title, summary), _narrow(width, narrow))


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

    def svg(self, width: float, height: float, title: str, summary: str, css_class: str = "rs-chart__svg") -> str:
        name = self.name
        head = (
            f'<svg role="img" aria-labelledby="{name}-title {name}-desc" class="{css_class}" '
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


# --- the narrow drawing ------------------------------------------------------

# Drawn to be shown at 1:1 or more in a phone's column (328 CSS px at 360 px wide): every text is FONT_SIZE.
NARROW_WIDTH = 320
NARROW_MIN_PLOT = 140  # the narrowest the bars may get before the drawing widens instead
NARROW_BAR = 16  # a bar's height where a row has one bar
NARROW_GROUPED_BAR = 13  # where it has several
NARROW_BAR_GAP = 3
NARROW_ROW_GAP = 10  # after each row's bars


@dataclass(frozen=True)
class _Bar:
    """One bar of a row: its value (None draws nothing), its text as the table writes it, a colour of its own."""

    value: float | None
    text: str
    fill: str | None = None


@dataclass(frozen=True)
class _Row:
    """A row of the narrow drawing: its label, a bar per series, a track (a weight) behind the first bar."""

    label: str
    bars: list[_Bar]
    track: float | None = None
    gap_before: bool = False  # a new group, or the total


def _lines(text: str, width: float, bold: bool = False) -> list[str]:
    """`text` broken into lines no wider than `width`: at spaces and between Thai words, mid-word only for a
    word that is wider than a line by itself (between characters, never inside one)."""
    from .thai_words import break_opportunities  # its dictionary loads only when a chart is drawn narrow

    lines = [""]
    for piece in break_opportunities(text):
        if text_width((lines[-1] + piece).rstrip(), bold=bold) <= width or not lines[-1]:
            lines[-1] += piece
        else:
            lines.append(piece)
        while text_width(lines[-1].rstrip(), bold=bold) > width and len(lines[-1].rstrip()) > 1:
            head, rest = _cut(lines[-1], width, bold)
            lines[-1:] = [head, rest]
    return [line.rstrip() for line in lines if line.strip()] or [""]


def _cut(text: str, width: float, bold: bool) -> tuple[str, str]:
    """The longest head of `text` that fits `width`, cut before a character that starts a new one."""
    cut = 1
    for end in range(2, len(text)):
        if unicodedata.combining(text[end]) or unicodedata.category(text[end]) in ("Mn", "Mc", "Cf"):
            continue
        if text_width(text[:end], bold=bold) > width:
            break
        cut = end
    return text[:cut], text[cut:]


def _key(canvas: _Canvas, left: float, right: float, headings: list[str], colours: list[str]) -> float:
    """A swatch of each colour and its series' heading, one under the other from the top, each heading broken
    into lines between `left` and `right`; gives the bottom of the key."""
    swatch = FONT_SIZE * 0.8
    entry = LINE_HEIGHT + 2
    top: float = GAP
    for index, heading in enumerate(headings):
        canvas.add(f'<g style="fill:{colours[index % len(colours)]}">')
        canvas.bar(f"key-{index}", left, top + (entry - swatch) / 2, swatch, swatch)
        canvas.add("</g>")
        lines = _lines(heading, right - left - swatch - GAP)
        for number, line in enumerate(lines):
            canvas.text(left + swatch + GAP, _baseline(top + entry / 2, FONT_SIZE) + number * LINE_HEIGHT, line)
        top += entry + (len(lines) - 1) * LINE_HEIGHT
    return top


def _face_line(bold: bool = False) -> float:
    """The height of one line of Sarabun at FONT_SIZE, from its ascent to its descent."""
    return FONT_SIZE * (_face(bold).ascent + _face(bold).descent)


def _narrow_svg(
    name: str,
    title: str,
    summary: str,
    rows: list[_Row],
    colours: list[str],
    ticks: list[float],
    l10n: Localizer,
    key: list[str] | None = None,
) -> str:
    """The narrow drawing: a key of the series (when given), then each row's label on its own lines, its bars
    under it (one per series, in `colours`), and one value axis from `ticks[0]` to `ticks[-1]` at the bottom."""
    canvas = _Canvas(f"{name}-narrow")
    right = [bar.text for row in rows for bar in row.bars if bar.value is not None and bar.value >= 0]
    left = [bar.text for row in rows for bar in row.bars if bar.value is not None and bar.value < 0]
    tick_texts = [l10n.number(tick) for tick in ticks]
    # Room beside the axis for the values after (and before) their bars, and for half of the end ticks' labels.
    room_right = max(_widest(right) + 2 * GAP if right else 0, text_width(tick_texts[-1]) / 2 + 1)
    room_left = max(_widest(left) + 2 * GAP if left else 0, text_width(tick_texts[0]) / 2 + 1)
    width = max(NARROW_WIDTH, room_left + room_right + NARROW_MIN_PLOT + 2 * GAP)
    plot_left = GAP + room_left
    length = width - GAP - room_right - plot_left
    span = ticks[-1] - ticks[0] or 1.0

    def at(value: float) -> float:
        return plot_left + length * (value - ticks[0]) / span

    zero = at(0)
    y: float = GAP
    if key:
        y = _key(canvas, GAP, width - GAP, key, colours) + GAP
    bar_height = NARROW_BAR if len(colours) == 1 else NARROW_GROUPED_BAR
    # Below a label, room for the values beside the first bar, whose text rises above it.
    label_gap = max(2.0, _face().ascent * FONT_SIZE - _face().cap_height * FONT_SIZE / 2 - bar_height / 2 + 2)
    grid: list[tuple[float, float]] = []
    bars: list[tuple[str, str, float, float, float]] = []
    values: list[tuple[float, float, str, bool]] = []
    for number, row in enumerate(rows):
        if row.gap_before and number:
            y += ROW * GROUP_GAP / 2
        for line in _lines(row.label, width - 2 * GAP):
            canvas.text(GAP, y + (LINE_HEIGHT - _face_line()) / 2 + _face().ascent * FONT_SIZE, line)
            y += LINE_HEIGHT
        y += label_gap
        block_top = y - 1
        for index, bar in enumerate(row.bars):
            center = y + bar_height / 2
            if index == 0 and row.track is not None:
                bars.append((TRACK, f"track-{number}", zero, y, at(row.track) - zero))
            if bar.value is not None:
                start, end = sorted((zero, at(bar.value)))
                bars.append((bar.fill or colours[index % len(colours)], f"{index}-{number}", start, y, end - start))
                ends = max(end, at(row.track)) if index == 0 and row.track is not None else end
                after = bar.value >= 0
                values.append((ends + GAP if after else start - GAP, center, bar.text, after))
            y += bar_height + NARROW_BAR_GAP
        y -= NARROW_BAR_GAP
        grid.append((block_top, y + 1))
        y += NARROW_ROW_GAP
    bottom = y - NARROW_ROW_GAP + 2
    path = "".join(f"M{_n(at(tick))} {_n(top)}V{_n(end)}" for top, end in grid for tick in ticks)
    path += f"M{_n(at(ticks[0]))} {_n(bottom)}H{_n(at(ticks[-1]))}"
    canvas.add(f'<path d="{path}" style="fill:none;stroke:{GRID};stroke-width:0.75"/>')
    for fill, bar_key, x, top, bar_width in bars:
        canvas.bar(bar_key, x, top, bar_width, bar_height, fill)
    for x, center, text, after in values:
        canvas.text(x, _baseline(center, FONT_SIZE), text, "" if after else "text-anchor:end")
    # Every tick gets a line, but only as many labels as fit side by side, counted from zero.
    spacing = length / max(len(ticks) - 1, 1)
    every = next((step for step in range(1, len(ticks)) if spacing * step >= _widest(tick_texts) + 2 * GAP), len(ticks))
    origin = ticks.index(0.0) if 0.0 in ticks else 0
    canvas.add('<g class="rs-chart-ticks" style="text-anchor:middle">')
    for index, (tick, text) in enumerate(zip(ticks, tick_texts, strict=True)):
        if (index - origin) % every == 0:
            canvas.text(at(tick), _tick_baseline(bottom), text)
    canvas.add("</g>")
    return canvas.svg(width, bottom + _tick_room(), title, summary, "rs-chart__svg rs-chart__svg--narrow")


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
    top = GAP + _face_line(True) + (max(len(lines) for lines in title_lines.values()) - 1) * LINE_HEIGHT + GAP
    for key, _, _ in panels:
        for number, line in enumerate(title_lines[key]):
            baseline = GAP + _face(True).ascent * FONT_SIZE + number * LINE_HEIGHT
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
    narrow_rows = [
        _Row(
            label,
            [
                _Bar(values[index], value_texts[key][index], BAR_BEHIND if key == "plan" and behind[index] else None)
                for key, _, values in panels
            ],
            gap_before=index > 0 and rows[index][1] is not rows[index - 1][1],
        )
        for index, label in enumerate(labels)
    ]
    colours = [BAR if key == "plan" else BAR_2 for key, _, _ in panels]
    headings = [heading for _, heading, _ in panels]
    narrow = _narrow_svg(name, title, summary, narrow_rows, colours, ticks, l10n, key=headings)
    return Chart(name, title, summary, canvas.svg(width, bottom + _tick_room(), title, summary), _narrow(width, narrow))


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
    narrow_rows = [
        _Row(label, [_Bar(score, text)], track=weight, gap_before=index == len(components))
        for index, (label, score, text, weight) in enumerate(zip(labels, scores, value_texts, weights, strict=True))
    ]
    narrow = _narrow_svg(name, title, summary, narrow_rows, [BAR], _quarters(maximum), l10n)
    return _chart(name, title, summary, canvas, plot_left + length + room, bottom + _tick_room(), narrow)


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
    narrow_rows = [
        _Row(label, [_Bar(values[column][number], value_texts[column][number]) for column in range(len(columns))])
        for number, label in enumerate(labels)
    ]
    narrow = _narrow_svg(name, title, summary, narrow_rows, colours[: len(columns)], ticks, l10n)
    return _chart(name, title, summary, canvas, plot_left + length + room, bottom + _tick_room(), narrow)


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
    canvas = _Canvas(name)
    # Grouped bars need a key: a swatch and the column's heading for each colour, above the bars.
    top = _key(canvas, plot_left, plot_left + length + room - GAP, headings, colours) + GAP if per_row > 1 else GAP
    bottom = top + (group * len(rows) - (0.6 if per_row > 1 else 0)) * row

    def at(value: float) -> float:
        return plot_left + length * (value - ticks[0]) / span

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
    narrow_rows = [
        _Row(label, [_Bar(values[index][number], texts[index][number]) for index in range(per_row)])
        for number, label in enumerate(labels)
    ]
    narrow = _narrow_svg(
        name, title, summary, narrow_rows, colours[:per_row], ticks, l10n, key=headings if per_row > 1 else None
    )
    return _chart(name, title, summary, canvas, plot_left + length + room, bottom + _tick_room(), narrow)


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
