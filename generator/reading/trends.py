"""Trends across every period of the report: the total score, each project's progress, each headline figure.

A series holds only what the periods' own files give: a period without a
total score, or without the project or the figure, has no point in that
series, and a series needs two points to be a trend. Like the changes in
comparison.py, every point is read from its own period's folder, frozen
periods included, never typed again.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

from .comparison import figures_by_place, progress_by_id
from .model import KeyFigure, Period, Report, Text


@dataclass(frozen=True)
class Point:
    """One period's value in a series; `figure`, for a key figure's series, the figure as that period gives it."""

    period: Period
    value: Decimal
    figure: KeyFigure | None = None


@dataclass(frozen=True)
class Series:
    """One thing over the periods, oldest first: its id (unique among the report's series), title and unit.

    The total score's title is None: the interface names it, in each language.
    """

    id: str
    title: Text | None
    unit: Text | None
    points: list[Point]

    @property
    def comparable(self) -> bool:
        """Whether every point can be drawn on one axis from 0: one unit, none qualified ("more than"), none below 0."""
        figures = [point.figure for point in self.points if point.figure is not None]
        return all(point.value >= 0 for point in self.points) and all(
            figure.qualifier is None and figure.unit == figures[-1].unit for figure in figures
        )


@dataclass(frozen=True)
class Trends:
    periods: list[Period]
    """Every period of the report, oldest first."""
    total_score: Series | None
    """The total score of each period that has one; None unless two periods do."""
    progress: list[Series]
    """Each project's (or item's) progress against its annual target, where two periods or more give it."""
    figures: list[Series]
    """Each key figure marked headline in any period, where two periods or more give it."""

    @property
    def all_series(self) -> list[Series]:
        """Every series, in the page's order: the total score, the progress, the figures."""
        return [*([self.total_score] if self.total_score else []), *self.progress, *self.figures]

    @property
    def any(self) -> bool:
        return bool(self.all_series)


def trends(report: Report) -> Trends:
    periods = list(report.periods)
    scores = [Point(period, period.total_score) for period in periods if period.total_score is not None]
    total_score = Series("total-score", None, None, scores) if len(scores) > 1 else None
    return Trends(periods, total_score, _progress_series(periods), _figure_series(periods))


def _progress_series(periods: list[Period]) -> list[Series]:
    titles: dict[str, Text] = {}
    points: dict[str, list[Point]] = {}
    for period in periods:
        progress = progress_by_id(period)
        for entry in period.progress_entries:
            target = progress[entry.id].vs_annual_target
            if target is not None:
                titles[entry.id] = entry.title  # the latest period's title
                points.setdefault(entry.id, []).append(Point(period, target))
    return _recurring(points, lambda key: (f"progress-{key}", titles[key], None))


def _figure_series(periods: list[Period]) -> list[Series]:
    headline = {key for period in periods for key, figure in figures_by_place(period).items() if figure.headline}
    latest: dict[tuple[Any, ...], KeyFigure] = {}
    points: dict[tuple[Any, ...], list[Point]] = {}
    for period in periods:
        for key, figure in figures_by_place(period).items():
            if key in headline:
                latest[key] = figure
                points.setdefault(key, []).append(Point(period, figure.value, figure))

    def describe(key: tuple[Any, ...]) -> tuple[str, Text, Text | None]:
        # The figure's place makes its id unique: section, project or grouping, figure.
        return "figure-" + "-".join(part for part in key if part), latest[key].label, latest[key].unit

    return _recurring(points, describe)


K = TypeVar("K")


def _recurring(points: dict[K, list[Point]], describe: Callable[[K], tuple[str, Text, Text | None]]) -> list[Series]:
    """A series for each key with two points or more, in the order the keys were first met."""
    return [Series(*describe(key), found) for key, found in points.items() if len(found) > 1]
