"""What changed since the previous period of the same kind, and where periods disagree.

Changes are computed from each period's own files: the previous period's
figures are read from its folder, never typed again in the later one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..errors import ContentProblem
from .fiscal import PeriodId
from .model import TOLERANCE, Component, Number, Period, Project, Report, number_text


@dataclass(frozen=True)
class Change:
    before: Number
    after: Number

    @property
    def delta(self) -> Number:
        return round(self.after - self.before, 9)


@dataclass(frozen=True)
class Comparison:
    """This period against the previous period of the same kind (`previous_period`)."""

    period: Period
    previous: Period

    def progress(self, project_id: str) -> Change | None:
        """The change in progress against the annual target, or None for a project new this period."""
        before = _projects(self.previous).get(project_id)
        after = _projects(self.period)[project_id]
        if before is None:
            return None
        return Change(before.progress.vs_annual_target, after.progress.vs_annual_target)

    def score(self, component_id: str) -> Change | None:
        """The change in a component's weighted score, each as its own period reported it."""
        before = _components(self.previous).get(component_id)
        after = _components(self.period)[component_id]
        if before is None:
            return None
        return Change(before.scores[self.previous.score_key], after.scores[self.period.score_key])

    @property
    def total_score(self) -> Change:
        return Change(self.previous.total_score, self.period.total_score)


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
        document = period.scorecard.document
        for index, component in enumerate(period.scorecard.components):
            for key, score in component.scores.items():
                earlier_id = PeriodId.of_key(period.id.fiscal_year_be, key)
                earlier = by_id.get(earlier_id) if earlier_id else None
                if earlier is None or earlier is period:
                    continue
                reported = _components(earlier).get(component.id)
                if reported is None or key not in reported.scores:
                    continue
                if abs(reported.scores[key] - score) > TOLERANCE:
                    source = earlier.scorecard.document.file
                    yield document.problem(
                        ("components", index, "scores", key),
                        f"{key} is {number_text(score)} here but {number_text(reported.scores[key])} in "
                        f"{source.parent.name}/{source.name}, that period's own report",
                        warning=True,
                    )


def _projects(period: Period) -> dict[str, Project]:
    return {project.id: project for *_, project in period.projects}


def _components(period: Period) -> dict[str, Component]:
    return {component.id: component for component in period.scorecard.components}
