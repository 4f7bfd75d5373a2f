"""What changed since the previous period of the same kind, and where periods disagree.

Changes are computed from each period's own files: the previous period's
figures are read from its folder, never typed again in the later one.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..errors import ContentProblem
from .fiscal import PeriodId
from .loading import Document, FieldPath
from .model import KeyFigure, Period, Progress, Report, ScoreComponent, number_text
from .section_checks import walk_blocks


@dataclass(frozen=True)
class Change:
    before: Decimal
    after: Decimal

    @property
    def delta(self) -> Decimal:
        return self.after - self.before


@dataclass(frozen=True)
class Comparison:
    """This period against the previous period of the same kind (`previous_period`)."""

    period: Period
    previous: Period

    def progress(self, entry_id: str) -> Change | None:
        """The change in progress against the annual target; None where either period does not give it."""
        before = progress_by_id(self.previous).get(entry_id)
        after = progress_by_id(self.period).get(entry_id)
        if before is None or after is None or before.vs_annual_target is None or after.vs_annual_target is None:
            return None
        return Change(before.vs_annual_target, after.vs_annual_target)

    def is_new(self, entry_id: str) -> bool:
        """Whether the previous period has no progress for this project or item."""
        return entry_id not in progress_by_id(self.previous)

    @property
    def has_progress_changes(self) -> bool:
        return any(self.progress(entry.id) for entry in self.period.progress_entries)

    def score(self, component_id: str) -> Change | None:
        """The change in a component's weighted score, each as its own period reported it; None if new."""
        before = _components(self.previous).get(component_id)
        after = _components(self.period).get(component_id)
        if before is None or after is None:
            return None
        before_score = before.scores.get(self.previous.score_key)
        after_score = after.scores.get(self.period.score_key)
        if before_score is None or after_score is None:
            return None
        return Change(before_score, after_score)

    def key_figure(self, figure: KeyFigure) -> FigureChange | None:
        """The same figure in the previous period (the same id, in the same section and project), and its change;
        None if the previous period has no such figure. The change is None where the two cannot be subtracted:
        their units differ, or either is qualified ("more than")."""
        key = self._figure_keys.get(id(figure))
        before = self._previous_figures.get(key) if key else None
        if before is None:
            return None
        comparable = before.unit == figure.unit and before.qualifier is None and figure.qualifier is None
        return FigureChange(before, Change(before.value, figure.value) if comparable else None)

    @functools.cached_property
    def _figure_keys(self) -> dict[int, tuple[Any, ...]]:
        return {id(figure): key for key, figure in figures_by_place(self.period).items()}

    @functools.cached_property
    def _previous_figures(self) -> dict[tuple[Any, ...], KeyFigure]:
        return figures_by_place(self.previous)

    @property
    def total_score(self) -> Change | None:
        """The change in the total score; None unless both periods give their own total."""
        before, after = self.previous.total_score, self.period.total_score
        return None if before is None or after is None else Change(before, after)


@dataclass(frozen=True)
class FigureChange:
    """A key figure as the previous period gave it, and the change since (None where there can be none)."""

    before: KeyFigure
    change: Change | None


def figures_by_place(period: Period) -> dict[tuple[Any, ...], KeyFigure]:
    """The period's key figures by where they are and their id: (section, project or grouping, figure id).

    A figure's id is unique only within its block: where one place has two figures of one id, neither is compared.
    """
    found: dict[tuple[Any, ...], list[KeyFigure]] = {}
    for placed in period.key_figures:
        owner = (
            placed.project.project.id if placed.project else placed.grouping.grouping.id if placed.grouping else None
        )
        for figure in placed.block.figures:
            found.setdefault((placed.section, owner, figure.id), []).append(figure)
    return {key: figures[0] for key, figures in found.items() if len(figures) == 1}


def previous_period(report: Report, period: Period) -> Period | None:
    """The period that `period` is compared with, when the report has it: the previous one of the same kind.

    A quarter or a half year is compared with the one before it in the same
    fiscal year (q2 with q1, h2 with h1), and a fiscal year with the fiscal
    year before (2563-fy with 2562-fy); see PeriodId.previous.
    """
    wanted = period.id.previous
    return next((other for other in report.periods if other.id == wanted), None)


def compare(report: Report, period: Period) -> Comparison | None:
    previous = previous_period(report, period)
    return Comparison(period, previous) if previous else None


def check_agreement(periods: list[Period]) -> Iterable[ContentProblem]:
    """Warn where a period's scorecard repeats an earlier period's score differently from that period's files."""
    by_id = {period.id: period for period in periods}
    for period in periods:
        found = _scorecard_path(period)
        if found is None:
            continue
        document, base = found
        scorecard = period.scorecard
        assert scorecard is not None
        for index, component in enumerate(scorecard.components):
            for key, score in component.scores.items():
                earlier_id = PeriodId.of_key(period.id.fiscal_year_be, key)
                earlier = by_id.get(earlier_id) if earlier_id else None
                if earlier is None or earlier is period:
                    continue
                reported = _components(earlier).get(component.id)
                if reported is None or key not in reported.scores:
                    continue
                if reported.scores[key] != score:
                    earlier_found = _scorecard_path(earlier)
                    assert earlier_found is not None
                    source = earlier_found[0].file
                    yield document.problem(
                        (*base, "components", index, "scores", key),
                        f"{key} is {number_text(score)} here but {number_text(reported.scores[key])} in "
                        f"{source.parent.name}/{source.name}, that period's own report",
                        warning=True,
                    )


def progress_by_id(period: Period) -> dict[str, Progress]:
    return {entry.id: entry.progress for entry in period.progress_entries}


def _components(period: Period) -> dict[str, ScoreComponent]:
    return {component.id: component for component in period.scorecard.components} if period.scorecard else {}


def _scorecard_path(period: Period) -> tuple[Document, FieldPath] | None:
    """The document of the period's scorecard, and the scorecard's path in it."""
    found = period.scorecard_section
    if found is None:
        return None
    name, scorecard = found
    section = period.sections[name]
    path = next(path for path, block in walk_blocks(section) if block is scorecard)
    return section.document, path
