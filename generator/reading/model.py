"""The content model: what each content file may hold, and the arithmetic on it.

Each class here is the schema of one part of the content. The docstring under
each field is what an editor sees in the JSON Schema and in error messages,
so write it for agency staff, not for programmers.

Totals, ratios and numbering are properties of the model, never typed in the
content: templates only look them up.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PrivateAttr
from pydantic_core import PydanticCustomError

from ..errors import ContentProblem
from .fiscal import PERIOD_KEYS, DateSpan, FiscalCalendar, PeriodId
from .loading import Document

LANGUAGE_NAMES = {"th": "Thai", "en": "English"}
# The key of a period within its fiscal year, as the scorecard's scores name it (fiscal.py).
ScoreKey = Literal["q1", "q2", "q3", "q4", "h1", "h2", "fy"]
# Sums of decimals such as 7.50 + 16.25 are not exact in binary floating point.
TOLERANCE = 1e-9


class ContentModel(BaseModel):
    """Base of all content models: strict types, no unknown fields, immutable."""

    # strict: "85.94" (text) is not a number; numbers must be YAML numbers.
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True, use_attribute_docstrings=True)
    _source: Document | None = PrivateAttr(default=None)

    def keep_source(self, document: Document) -> None:
        """Remember the YAML document this model was read from (validation does, for each file's model)."""
        self._source = document

    @property
    def document(self) -> Document:
        """The YAML document this model was read from, to point at the line of a problem found later."""
        if self._source is None:
            raise LookupError(f"this {type(self).__name__} was not read from a file")
        return self._source


def number_text(value: float) -> str:
    """A number as an editor typed it: 40 rather than 40.0, 145.8 as it is."""
    return str(int(value)) if float(value).is_integer() else repr(value)


def _percentage(value: float) -> float:
    if not 0 <= value <= 100:
        raise PydanticCustomError(
            "percentage", "expected a number from 0 to 100, got {value}", {"value": number_text(value)}
        )
    return value


def _not_negative(value: float) -> float:
    if value < 0:
        raise PydanticCustomError(
            "not_negative", "expected a number of 0 or more, got {value}", {"value": number_text(value)}
        )
    return value


def _non_blank(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("blank_text", "the text is empty")
    return value


# Strict floats accept YAML integers (40) but not text ("40") or true/false.
Number = float
# The validators give the error messages; the schema extras tell editors' language servers the same rules.
Percentage = Annotated[Number, AfterValidator(_percentage), Field(json_schema_extra={"minimum": 0, "maximum": 100})]
Amount = Annotated[Number, AfterValidator(_not_negative), Field(json_schema_extra={"minimum": 0})]
Count = Annotated[int, AfterValidator(_not_negative), Field(json_schema_extra={"minimum": 0})]
Slug = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=64)]
NonBlank = Annotated[str, AfterValidator(_non_blank), Field(json_schema_extra={"pattern": r"\S"})]


class Text(ContentModel):
    """A piece of text in both languages."""

    th: NonBlank
    """The Thai text, as written in the report."""
    en: NonBlank
    """The English translation: complete and faithful, never a summary."""

    def __getitem__(self, language: str) -> str:
        text: str = getattr(self, language)
        return text


# --- site.yaml -----------------------------------------------------------


class Organisation(ContentModel):
    """The organisation that publishes the report."""

    name: Text
    """The organisation's full name."""
    short_name: Text
    """The organisation's short name or abbreviation."""

    @property
    def file_prefix(self) -> str:
        """The English short name as the start of a file name: "DGA" gives "dga"; "report" if nothing is left."""
        return re.sub(r"[^a-z0-9]+", "-", self.short_name.en.lower()).strip("-") or "report"


class SiteWords(ContentModel):
    """The organisation's words for the parts of its report and for the report itself, in both languages.

    Write each as in running text (in English, usually in lower case); headings start with a capital by themselves.
    """

    grouping: Text = Text(th="ด้าน", en="area")
    """What one grouping of projects is called: "ยุทธศาสตร์"/"strategy", "ด้าน"/"area", "แผนงาน"/"programme"."""
    groupings: Text = Text(th="ด้าน", en="areas")
    """The same word for several groupings, as in the navigation: "ยุทธศาสตร์"/"strategies"."""
    report: Text = Text(th="รายงานผลการดำเนินงาน", en="performance report")
    """What one of the site's reports is called, as in the site's name: "รายงานประจำปี"/"annual report"."""
    reports: Text = Text(th="รายงานผลการดำเนินงาน", en="performance reports")
    """What its reports are called together, on the front door: "รายงานผลการดำเนินงานรายไตรมาส"/"quarterly …"."""

    def values(self, language: str) -> dict[str, str]:
        """Each word in `language` by its name (`grouping`), and capitalised to start a heading (`Grouping`)."""
        values = {}
        for name in type(self).model_fields:
            word = getattr(self, name)[language]
            values[name] = word
            values[name[:1].upper() + name[1:]] = word[:1].upper() + word[1:]
        return values


class SiteSettings(ContentModel):
    """Settings shared by every period: `content/site.yaml`."""

    organisation: Organisation
    """Who publishes the report."""
    languages: Annotated[list[Literal["th", "en"]], Field(min_length=1)]
    """The languages of the site, the default language first."""
    fiscal_year_start_month: Annotated[int, Field(ge=1, le=12)] = 10
    """The month (1–12) in which the fiscal year starts; 10 for the Thai government."""
    base_url: Annotated[str, Field(pattern=r"^https?://[^\s/]+(/[^\s]*)?/$")]
    """The address where the site is published, ending with a slash."""
    repository_url: Annotated[str, Field(pattern=r"^https?://[^\s]+$")]
    """The address of the repository that holds the content."""
    thai_digits: bool = False
    """Write the figures, dates and numbers that the site formats with Thai digits (๐–๙) on Thai pages."""
    edit_uri: Annotated[str, Field(pattern=r"^[^\s]*/$")] = "edit/main/"
    """Where a file is edited, after the repository's address: `edit/main/` on GitHub, `-/edit/main/` on GitLab."""
    words: SiteWords = SiteWords()
    """The organisation's words for its groupings of projects and for its reports, in both languages."""

    @property
    def edit_base(self) -> str:
        return f"{self.repository_url.rstrip('/')}/{self.edit_uri}"

    @property
    def calendar(self) -> FiscalCalendar:
        return FiscalCalendar(self.fiscal_year_start_month)


# --- quarter.yaml --------------------------------------------------------


class PeriodInfo(ContentModel):
    """The period's title and date: `quarter.yaml`, whatever the period (a quarter, a half year, a fiscal year)."""

    as_of: date
    """The date the figures were taken ("ข้อมูล ณ วันที่"), as YYYY-MM-DD."""
    title: Text
    """The report's title."""
    covers: Text | None = None
    """What the figures cover when more than the period, like "Q3, and the fiscal year to date"; on the overview."""


# --- background.yaml -----------------------------------------------------


class Section(ContentModel):
    """A section of prose with a heading."""

    title: Text
    """The section's heading."""
    paragraphs: Annotated[list[Text], Field(min_length=1)]
    """The section's paragraphs, in order."""


# --- strategies.yaml -----------------------------------------------------


class Progress(ContentModel):
    """How far a project has come, as percentages."""

    vs_quarter_plan: Percentage
    """Progress against this period's plan, in percent (0–100)."""
    vs_annual_target: Percentage
    """Progress against the target for the whole fiscal year, in percent (0–100)."""

    @property
    def on_plan(self) -> bool:
        return self.vs_quarter_plan >= 100 - TOLERANCE


class KeyFigure(ContentModel):
    """A figure from a project's text, shown on its own."""

    id: Slug
    """A short name for the figure, unique within its project (lowercase letters, digits, hyphens)."""
    value: Amount
    """The number itself."""
    qualifier: Literal["more_than"] | None = None
    """`more_than` when the text says "more than" (กว่า); otherwise leave it out."""
    label: Text
    """What is counted, for example "government personnel trained"."""


class Project(ContentModel):
    """A project of a strategy, with what it did this period."""

    id: Slug
    """A short name for the project, unique in the period (lowercase letters, digits, hyphens)."""
    title: Text
    """The project's name, without its number."""
    description: list[Text] = []
    """The paragraphs that introduce the project, before its sub-items."""
    items: list[Text] = []
    """The project's sub-items (1.1, 1.2, …) without their numbers, which are computed."""
    closing: list[Text] = []
    """The paragraphs after the sub-items."""
    key_figures: list[KeyFigure] = []
    """Figures from the project's text to show on their own."""
    progress: Progress
    """The project's progress this period."""


class Strategy(ContentModel):
    """A strategy of the action plan and its projects."""

    id: Slug
    """A short name for the strategy, used in its page's address (lowercase letters, digits, hyphens)."""
    title: Text
    """The strategy's name, without "Strategy N"."""
    projects: Annotated[list[Project], Field(min_length=1)]
    """The strategy's projects, in order; they are numbered from 1."""


class ActionPlan(ContentModel):
    """The report on the action plan: `strategies.yaml`."""

    title: Text
    """The section's heading."""
    paragraphs: list[Text] = []
    """The paragraphs that introduce the strategies."""
    strategies: Annotated[list[Strategy], Field(min_length=1)]
    """The strategies, in order; they are numbered from 1."""


# --- scorecard.yaml ------------------------------------------------------


class Component(ContentModel):
    """One component of the scorecard."""

    id: Slug
    """A short name for the component, unique in the scorecard."""
    title: Text
    """The component's name, without its number."""
    indicators: Count
    """How many indicators or issues the component has."""
    weight: Annotated[Number, Field(gt=0, le=100)]
    """The component's weight, in percent; the weights add up to 100."""
    scores: dict[ScoreKey, Amount]
    """The weighted score of each period so far, by its key (`q1`–`q4`, `h1`, `h2`, `fy`), e.g. `q1: 0.00`."""


class Scorecard(ContentModel):
    """The scorecard of indicators: `scorecard.yaml`."""

    title: Text
    """The section's heading."""
    paragraphs: list[Text] = []
    """The paragraphs before the table."""
    components: Annotated[list[Component], Field(min_length=1)]
    """The components, in order; the total row is computed."""

    @property
    def periods_reported(self) -> list[ScoreKey]:
        """The keys of the periods with scores, in the order of the periods (q1, q2, h1, q3, q4, h2, fy)."""
        scores = self.components[0].scores
        return [key for key in PERIOD_KEYS if key in scores]

    @property
    def total_indicators(self) -> int:
        return sum(component.indicators for component in self.components)

    @property
    def total_weight(self) -> Number:
        return _clean_sum(component.weight for component in self.components)

    def total_score(self, key: ScoreKey) -> Number:
        return _clean_sum(component.scores[key] for component in self.components)


def _clean_sum(values: Iterable[Number]) -> Number:
    # Round away binary noise (7.5 + 16.25 + 2.25 …) so that totals print and compare cleanly.
    return round(sum(values), 9)


# --- problems.yaml -------------------------------------------------------


class ListSection(ContentModel):
    """A heading with a list of points."""

    title: Text
    """The heading."""
    items: Annotated[list[Text], Field(min_length=1)]
    """The points, in order."""


class ProblemsAndSolutions(ContentModel):
    """The problems met this period and the ways to solve them: `problems.yaml`."""

    problems: ListSection
    """The problems and obstacles."""
    solutions: ListSection
    """The solutions."""


# --- the whole period ---------------------------------------------------


@dataclass(frozen=True)
class ScoreColumn:
    """One period's column of the scorecard."""

    key: ScoreKey
    period: PeriodId
    dates: DateSpan


# site.yaml, and each file of a period folder, with the model of its content.
PERIOD_FILES: dict[str, type[ContentModel]] = {
    "quarter.yaml": PeriodInfo,
    "background.yaml": Section,
    "strategies.yaml": ActionPlan,
    "scorecard.yaml": Scorecard,
    "problems.yaml": ProblemsAndSolutions,
}


class Period(BaseModel):
    """One period's report, assembled from the files of its folder."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    id: PeriodId
    info: PeriodInfo
    background: Section
    action_plan: ActionPlan
    scorecard: Scorecard
    problems: ProblemsAndSolutions
    calendar: FiscalCalendar

    @property
    def dates(self) -> DateSpan:
        return self.calendar.dates_of(self.id)

    @property
    def source_date_epoch(self) -> int:
        """The as-of date, at midnight UTC, as the time of this period's build: reproducible, and true."""
        return int(datetime.combine(self.info.as_of, time(), tzinfo=UTC).timestamp())

    @property
    def score_columns(self) -> list[ScoreColumn]:
        """The scorecard's period columns, with the months each covers."""
        columns = []
        for key in self.scorecard.periods_reported:
            period = PeriodId.of_key(self.id.fiscal_year_be, key)
            assert period is not None, "every score key names a period"
            columns.append(ScoreColumn(key, period, self.calendar.dates_of(period)))
        return columns

    @property
    def projects(self) -> list[tuple[int, int, Strategy, Project]]:
        """Every project with its strategy's and its own number, both counted from 1."""
        return [
            (s_number, p_number, strategy, project)
            for s_number, strategy in enumerate(self.action_plan.strategies, start=1)
            for p_number, project in enumerate(strategy.projects, start=1)
        ]

    @property
    def projects_on_plan(self) -> int:
        return sum(project.progress.on_plan for *_, project in self.projects)

    @property
    def score_key(self) -> ScoreKey:
        """The key of this period's own score in the scorecard: `q2`, `h1`, `fy`."""
        key: ScoreKey = self.id.key  # type: ignore[assignment]
        return key

    @property
    def total_score(self) -> Number:
        return self.scorecard.total_score(self.score_key)


class Report(BaseModel):
    """The whole content: site settings and every period, oldest first."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    site: SiteSettings
    periods: list[Period]
    warnings: list[ContentProblem] = []
    """Problems that do not stop the build, for the editor to look at."""

    @property
    def latest(self) -> Period:
        return self.periods[-1]
