"""What changed since the previous quarter of the same fiscal year, and where quarters disagree.

Changes are computed from each quarter's own files: the previous quarter's
figures are read from its folder, never typed again in the later one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..errors import ContentProblem
from .model import TOLERANCE, Component, Number, Project, Quarter, Report, number_text


@dataclass(frozen=True)
class Change:
    before: Number
    after: Number

    @property
    def delta(self) -> Number:
        return round(self.after - self.before, 9)


@dataclass(frozen=True)
class Comparison:
    """This quarter against the previous quarter of its fiscal year."""

    quarter: Quarter
    previous: Quarter

    def progress(self, project_id: str) -> Change | None:
        """The change in progress against the annual target, or None for a project new this quarter."""
        before = _projects(self.previous).get(project_id)
        after = _projects(self.quarter)[project_id]
        if before is None:
            return None
        return Change(before.progress.vs_annual_target, after.progress.vs_annual_target)

    def score(self, component_id: str) -> Change | None:
        """The change in a component's weighted score, each as its own quarter reported it."""
        before = _components(self.previous).get(component_id)
        after = _components(self.quarter)[component_id]
        if before is None:
            return None
        return Change(before.scores[self.previous.current_score_key], after.scores[self.quarter.current_score_key])

    @property
    def total_score(self) -> Change:
        return Change(self.previous.total_score, self.quarter.total_score)


def previous_quarter(report: Report, quarter: Quarter) -> Quarter | None:
    """The latest earlier quarter of the same fiscal year in the report, if any."""
    earlier = [
        other
        for other in report.quarters
        if other.id.fiscal_year_be == quarter.id.fiscal_year_be and other.id.number < quarter.id.number
    ]
    return earlier[-1] if earlier else None


def compare(report: Report, quarter: Quarter) -> Comparison | None:
    previous = previous_quarter(report, quarter)
    return Comparison(quarter, previous) if previous else None


def check_agreement(quarters: list[Quarter]) -> Iterable[ContentProblem]:
    """Warn where a quarter's scorecard repeats an earlier quarter's score differently from that quarter's files."""
    by_id = {quarter.id: quarter for quarter in quarters}
    for quarter in quarters:
        document = quarter.scorecard.document
        for index, component in enumerate(quarter.scorecard.components):
            for key, score in component.scores.items():
                earlier = by_id.get(type(quarter.id)(quarter.id.fiscal_year_be, int(key[1:])))
                if earlier is None or earlier is quarter:
                    continue
                reported = _components(earlier).get(component.id)
                if reported is None or key not in reported.scores:
                    continue
                if abs(reported.scores[key] - score) > TOLERANCE:
                    source = earlier.scorecard.document.file
                    yield document.problem(
                        ("components", index, "scores", key),
                        f"{key} is {number_text(score)} here but {number_text(reported.scores[key])} in "
                        f"{source.parent.name}/{source.name}, that quarter's own report",
                        warning=True,
                    )


def _projects(quarter: Quarter) -> dict[str, Project]:
    return {project.id: project for *_, project in quarter.projects}


def _components(quarter: Quarter) -> dict[str, Component]:
    return {component.id: component for component in quarter.scorecard.components}
