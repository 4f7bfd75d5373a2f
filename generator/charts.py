"""Charts as static, accessible SVG, drawn at build time by matplotlib.

Each chart is drawn from the same model objects as the table beside it, and
inlined in the page: no JavaScript, it prints, and its text stays real
<text> (svg.fonttype "none"), so readers can select, find and translate it.

Matplotlib draws with placeholder colours that we then swap for CSS custom
properties, so that one SVG follows Material's light and dark palettes. Ids
are prefixed with the chart's name and hashed with a fixed salt, so that
several charts can share a page and the same input gives the same bytes.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import matplotlib

matplotlib.use("svg")  # no display, no GUI toolkit

import matplotlib.pyplot as plt  # noqa: E402
from markupsafe import escape  # noqa: E402
from matplotlib import font_manager  # noqa: E402
from matplotlib.ticker import FixedLocator, FuncFormatter  # noqa: E402

from .localization import Localizer  # noqa: E402
from .model import Project, Quarter, Strategy  # noqa: E402

# Placeholder colours and the CSS custom property each becomes (see reportsite.css).
PALETTE = {
    "#010101": "var(--rs-chart-ink)",
    "#020202": "var(--rs-chart-bar)",
    "#030303": "var(--rs-chart-bar-behind)",
    "#040404": "var(--rs-chart-track)",
    "#050505": "var(--rs-chart-grid)",
    "#060606": "var(--rs-chart-bar-2)",
}
INK, BAR, BAR_BEHIND, TRACK, GRID, BAR_2 = PALETTE
FONT_FAMILY = "Sarabun"
WIDTH_INCHES = 7.0
BAR_HEIGHT = 0.62
LABEL_ROOM = 1.22  # the x axis runs past the maximum so that value labels fit after the bars


@dataclass(frozen=True)
class Chart:
    """A chart ready to inline: its SVG, title and one-line summary."""

    name: str
    title: str
    summary: str
    svg: str

    def html(self) -> str:
        """The chart as a <figure>, with a visible caption; one block of HTML for Markdown."""
        caption = f'<figcaption><strong>{escape(self.title)}</strong><br>{escape(self.summary)}</figcaption>'
        return f'<figure class="rs-chart" id="{self.name}" data-search-exclude>\n{self.svg}\n{caption}\n</figure>'


@cache
def _set_up_fonts() -> None:
    # Measure text with the face the pages use, so that labels are laid out to fit.
    import fontpkg_sarabun

    files = Path(fontpkg_sarabun.__file__).parent / "files"
    for name in ("Sarabun-Regular.ttf", "Sarabun-Bold.ttf"):
        font_manager.fontManager.addfont(str(files / name))


def _style(name: str) -> dict:
    return {
        "svg.fonttype": "none",
        "svg.hashsalt": name,
        "font.family": FONT_FAMILY,
        "font.size": 12,
        "text.color": INK,
        "axes.labelcolor": INK,
        "axes.edgecolor": GRID,
        "axes.facecolor": "none",
        "figure.facecolor": "none",
        "xtick.color": INK,
        "ytick.color": INK,
        "axes.titlesize": 12,
        "axes.titleweight": "bold",
        "axes.spines.top": False,
        "axes.spines.right": False,
    }


def _finish(figure, name: str, title: str, summary: str) -> Chart:
    buffer = io.StringIO()
    figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
    plt.close(figure)
    return Chart(name, title, summary, _to_inline_svg(buffer.getvalue(), name, title, summary))


def _to_inline_svg(svg: str, name: str, title: str, summary: str) -> str:
    svg = svg[svg.index("<svg") :]
    svg = re.sub(r"\s*<metadata>.*?</metadata>", "", svg, flags=re.S)
    # Prefix every id, and every reference to one, with the chart's name.
    svg = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{name}-{m.group(1)}"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{name}-{m.group(1)})", svg)
    svg = re.sub(r'(xlink:href|href)="#([^"]+)"', lambda m: f'{m.group(1)}="#{name}-{m.group(2)}"', svg)
    for placeholder, variable in PALETTE.items():
        svg = svg.replace(placeholder, variable)
    # Inherit the page's font (and its fallbacks) instead of naming one.
    svg = svg.replace(f"; font-family: '{FONT_FAMILY}'", "").replace(f"font-family: '{FONT_FAMILY}'; ", "")
    # Scale with the page: keep the viewBox, drop the fixed size.
    svg = re.sub(r'<svg ([^>]*?)width="[^"]+" height="[^"]+" ', r"<svg \1", svg, count=1)
    svg = svg.replace(
        "<svg ",
        f'<svg role="img" aria-labelledby="{name}-title {name}-desc" class="rs-chart__svg" ',
        1,
    )
    head, rest = svg.split(">", 1)
    svg = f'{head}>\n <title id="{name}-title">{escape(title)}</title>\n <desc id="{name}-desc">{escape(summary)}</desc>{rest}'
    # Markdown ends a raw HTML block at a blank line: keep none.
    return "\n".join(line for line in svg.splitlines() if line.strip())


def _label(text: str, width: int = 60) -> str:
    """A label short enough to leave the bars room; the full text is in the table beside the chart."""
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def _percent_axis(axis, l10n: Localizer, maximum: float) -> None:
    axis.set_xlim(0, maximum * LABEL_ROOM)
    ticks = [maximum * step / 4 for step in range(5)]
    axis.xaxis.set_major_locator(FixedLocator(ticks))
    axis.xaxis.set_major_formatter(FuncFormatter(lambda value, _: l10n.number(value)))
    axis.grid(axis="x", color=GRID, linewidth=0.6)
    axis.set_axisbelow(True)
    axis.spines["bottom"].set_bounds(0, maximum)


def _label_bars(axis, bars, labels: list[str]) -> None:
    axis.bar_label(bars, labels=labels, padding=3, color=INK, fontsize=11.5)


def _tag_bars(bars, prefix: str) -> None:
    for index, bar in enumerate(bars):
        bar.set_gid(f"{prefix}-{index}")


# --- the charts ----------------------------------------------------------


def progress_chart(name: str, rows: list[tuple[str, Strategy, Project]], l10n: Localizer) -> Chart:
    """Each project's progress against its quarter plan and its annual target, in two panels.

    `rows` holds (label, strategy group, project) in display order; a change of
    group leaves a gap, so that projects stay grouped by strategy.
    """
    _set_up_fonts()
    positions, position, previous = [], 0.0, None
    for _, group, _ in rows:
        if previous is not None and group is not previous:
            position += 0.5
        positions.append(position)
        position += 1
        previous = group
    projects = [project for _, _, project in rows]
    labels = [label for label, _, _ in rows]
    behind = [not project.progress.on_plan for project in projects]
    title = l10n.string("chart_progress_title")
    summary = l10n.string("chart_progress_summary", behind=sum(behind), total=len(projects))

    with plt.rc_context(_style(name)):
        height = 1.0 + 0.48 * (position + 0.5)
        figure, (plan_axis, target_axis) = plt.subplots(
            1, 2, figsize=(WIDTH_INCHES, height), sharey=True, layout="constrained"
        )
        plan = [p.progress.vs_quarter_plan for p in projects]
        target = [p.progress.vs_annual_target for p in projects]
        colours = [BAR_BEHIND if is_behind else BAR for is_behind in behind]
        plan_bars = plan_axis.barh(positions, plan, height=BAR_HEIGHT, color=colours)
        target_bars = target_axis.barh(positions, target, height=BAR_HEIGHT, color=BAR_2)
        _tag_bars(plan_bars, "plan")
        _tag_bars(target_bars, "target")
        for axis, bars, values, heading in (
            (plan_axis, plan_bars, plan, l10n.string("column_vs_quarter_plan")),
            (target_axis, target_bars, target, l10n.string("column_vs_annual_target")),
        ):
            _percent_axis(axis, l10n, 100)
            _label_bars(axis, bars, [l10n.decimal2(value) for value in values])
            axis.set_title(heading, loc="left")
        plan_axis.set_yticks(positions, labels)
        plan_axis.invert_yaxis()
        plan_axis.tick_params(axis="y", length=0)
        target_axis.tick_params(axis="y", length=0)
        return _finish(figure, name, title, summary)


def overview_progress_chart(quarter: Quarter, l10n: Localizer) -> Chart:
    rows = [
        (l10n.string("chart_project_label", strategy=s_number, project=p_number), strategy, project)
        for s_number, p_number, strategy, project in quarter.projects
    ]
    return progress_chart("chart-progress", rows, l10n)


def strategy_progress_chart(strategy: Strategy, strategy_number: int, l10n: Localizer) -> Chart:
    rows = [
        (l10n.string("chart_project_label", strategy=strategy_number, project=number), strategy, project)
        for number, project in enumerate(strategy.projects, start=1)
    ]
    return progress_chart(f"chart-progress-{strategy.id}", rows, l10n)


def scorecard_chart(quarter: Quarter, l10n: Localizer) -> Chart:
    """Each component's weighted score this quarter against its weight, and the total against 100."""
    _set_up_fonts()
    name = "chart-scorecard"
    scorecard, key = quarter.scorecard, quarter.current_score_key
    components = scorecard.components
    labels = [_label(f"{number}. {component.title[l10n.language]}") for number, component in enumerate(components, 1)]
    labels.append(l10n.string("total_row"))
    weights = [component.weight for component in components] + [scorecard.total_weight]
    scores = [component.scores[key] for component in components] + [scorecard.total_score(key)]
    positions = list(range(len(components))) + [len(components) + 0.5]
    title = l10n.string("chart_scorecard_title", quarter=l10n.string("quarter_short", quarter=quarter.id.number))
    summary = l10n.string(
        "chart_scorecard_summary",
        score=l10n.decimal2(scorecard.total_score(key)),
        weight=l10n.number(scorecard.total_weight),
    )
    with plt.rc_context(_style(name)):
        figure, axis = plt.subplots(figsize=(WIDTH_INCHES, 1.0 + 0.48 * (positions[-1] + 1)), layout="constrained")
        tracks = axis.barh(positions, weights, height=BAR_HEIGHT, color=TRACK)
        bars = axis.barh(positions, scores, height=BAR_HEIGHT, color=BAR)
        _tag_bars(tracks, "weight")
        _tag_bars(bars, "score")
        _percent_axis(axis, l10n, 100)
        labels_on_bars = [
            l10n.string("score_of_weight", score=l10n.decimal2(score), weight=l10n.number(weight))
            for score, weight in zip(scores, weights)
        ]
        _label_bars(axis, tracks, labels_on_bars)
        axis.set_yticks(positions, labels)
        axis.invert_yaxis()
        axis.tick_params(axis="y", length=0)
        return _finish(figure, name, title, summary)


def scorecard_by_quarter_chart(quarter: Quarter, l10n: Localizer) -> Chart | None:
    """The weighted score of each component in each quarter reported so far; None for a single quarter."""
    columns = quarter.score_columns
    if len(columns) < 2:
        return None
    _set_up_fonts()
    name = "chart-scorecard-quarters"
    components = quarter.scorecard.components
    group = len(columns) + 0.6
    labels, label_positions = [], []
    title = l10n.string("chart_quarters_title")
    totals = ", ".join(
        f"{l10n.string('quarter_short', quarter=c.quarter.number)} {l10n.decimal2(quarter.scorecard.total_score(c.key))}"
        for c in columns
    )
    summary = l10n.string("chart_quarters_summary", totals=totals)
    colours = [BAR_2, BAR, BAR_BEHIND, TRACK]
    maximum = max(component.weight for component in components)
    with plt.rc_context(_style(name)):
        height = 1.0 + 0.4 * group * len(components)
        figure, axis = plt.subplots(figsize=(WIDTH_INCHES, height), layout="constrained")
        for index, column in enumerate(columns):
            positions = [c * group + index for c in range(len(components))]
            values = [component.scores[column.key] for component in components]
            bars = axis.barh(positions, values, height=0.8, color=colours[index % len(colours)])
            _tag_bars(bars, column.key)
            quarter_name = l10n.string("quarter_short", quarter=column.quarter.number)
            _label_bars(axis, bars, [f"{quarter_name}: {l10n.decimal2(value)}" for value in values])
        for number, component in enumerate(components, 1):
            labels.append(_label(f"{number}. {component.title[l10n.language]}"))
            label_positions.append((number - 1) * group + (len(columns) - 1) / 2)
        axis.set_xlim(0, maximum * 1.35)
        axis.xaxis.set_major_formatter(FuncFormatter(lambda value, _: l10n.number(value)))
        axis.grid(axis="x", color=GRID, linewidth=0.6)
        axis.set_axisbelow(True)
        axis.set_yticks(label_positions, labels)
        axis.invert_yaxis()
        axis.tick_params(axis="y", length=0)
        return _finish(figure, name, title, summary)
