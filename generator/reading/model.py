"""The content model: what each content file may hold, and the arithmetic on it.

Each class here is the schema of one part of the content. The docstring under
each field is what an editor sees in the JSON Schema, in the block reference
and in error messages, so write it for agency staff, not for programmers.

A period is a folder of files: `quarter.yaml` (its title and date) and one
file per section of the report. A section is a list of typed blocks
(paragraphs, lists, key figures, tables, progress, a scorecard, groupings of
projects), each with its own class below and its own partial template.

Numbers are read as decimals, exactly as typed: `19.20` keeps its two
decimals, and sums of money are exact. Totals, ratios and numbering are
properties of the model, never typed in the content: templates only look
them up.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PrivateAttr,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from ..errors import ContentProblem
from .fiscal import PERIOD_KEYS, DateSpan, FiscalCalendar, PeriodId
from .loading import Document

LANGUAGE_NAMES = {"th": "Thai", "en": "English"}
# The key of a period within its fiscal year, as the scorecard's scores name it (fiscal.py).
ScoreKey = Literal["q1", "q2", "q3", "q4", "h1", "h2", "fy"]
# The file of a period folder that gives its title and date; every other YAML file there is a section.
PERIOD_INFO_FILE = "quarter.yaml"
# Section file names that would take the address of a page the site makes itself.
RESERVED_SECTION_NAMES = frozenset({"index", "data", "print", "quarter", "downloads", "search", "assets"})


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


def number_text(value: Decimal | float | int) -> str:
    """A number as an editor typed it: 40 rather than 40.0, 19.20 as it is."""
    if isinstance(value, Decimal):
        return f"{value:f}"
    return str(int(value)) if float(value).is_integer() else repr(value)


# A report's figures are far from these; beyond them Babel's formatting fails (Python's decimal context keeps 28
# significant digits) or writes out a number of a billion digits (1.0e+999999999).
MAX_WHOLE_DIGITS = 15
MAX_DECIMALS = 10


def number_digits_problem(number: Decimal) -> str | None:
    """Why a number is too long to be a report's figure, or None."""
    exponent = number.as_tuple().exponent
    assert isinstance(exponent, int), "only finite numbers have digits"
    whole = max(number.adjusted() + 1, 0) if number else 0
    decimals = max(-exponent, 0)
    if whole <= MAX_WHOLE_DIGITS and decimals <= MAX_DECIMALS:
        return None
    return (
        f"expected a number of at most {MAX_WHOLE_DIGITS} digits before the decimal point and {MAX_DECIMALS} after "
        f"it; this one has {whole:,} before it and {decimals:,} after it"
    )


def _number(value: Any) -> Decimal:
    # The loader reads YAML numbers as Decimal (loading.py); code may give int or float.
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        raise PydanticCustomError("float_type", "expected a number")
    number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    if not number.is_finite():
        raise PydanticCustomError("float_type", "expected a number")
    if (too_long := number_digits_problem(number)) is not None:
        raise PydanticCustomError("number_too_long", too_long)
    return number


def _not_negative(value: Decimal) -> Decimal:
    if value < 0:
        raise PydanticCustomError(
            "not_negative", "expected a number of 0 or more, got {value}", {"value": number_text(value)}
        )
    return value


def _non_blank(value: str) -> str:
    if not value.strip():
        raise PydanticCustomError("blank_text", "the text is empty")
    return value


# A number exactly as typed (a Decimal): `7.50` keeps its decimals. Text ("85.94") and true/false are refused.
Number = Annotated[Decimal, BeforeValidator(_number), WithJsonSchema({"type": "number"})]
# The validators give the error messages; the schema extras tell editors' language servers the same rules.
Amount = Annotated[Number, AfterValidator(_not_negative), WithJsonSchema({"type": "number", "minimum": 0})]
Count = Annotated[int, AfterValidator(_not_negative), Field(json_schema_extra={"minimum": 0})]
Slug = Annotated[str, Field(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=64)]
NonBlank = Annotated[str, AfterValidator(_non_blank), Field(json_schema_extra={"pattern": r"\S"})]
# A number as a report prints it before an item: "4", "4.2.1", "(3)", "ก".
GivenNumber = Annotated[str, Field(pattern=r"^\S{1,16}$")]


class Text(ContentModel):
    """A piece of text in both languages.

    A footnote is referred to by writing `[^id]` where its mark goes, with the
    footnote's id from the section's `footnotes`.
    """

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
    """The same word for several groupings: "ยุทธศาสตร์"/"strategies"."""
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


def _one_word(value: str) -> str:
    if not value or re.search(r"\s", value):
        raise PydanticCustomError("not_one_word", "write one word, with no spaces: got {value}", {"value": repr(value)})
    return value


# One spelling in a group of search equivalents: a single word, as a reader types it into the search box.
Spelling = Annotated[str, AfterValidator(_one_word), Field(max_length=64, json_schema_extra={"pattern": r"^\S+$"})]


def _distinct_spellings(group: list[str]) -> list[str]:
    seen: set[str] = set()
    for spelling in group:
        if spelling.lower() in seen:
            raise PydanticCustomError("repeated_spelling", "{spelling} is given twice", {"spelling": repr(spelling)})
        seen.add(spelling.lower())
    return group


SearchEquivalents = Annotated[list[Spelling], Field(min_length=2), AfterValidator(_distinct_spellings)]


def _spellings_in_one_group(groups: list[list[str]]) -> list[list[str]]:
    seen: set[str] = set()
    for group in groups:
        for spelling in group:
            if spelling.lower() in seen:
                raise PydanticCustomError(
                    "repeated_spelling",
                    "{spelling} is in two groups; put all its equivalents in one",
                    {"spelling": repr(spelling)},
                )
            seen.add(spelling.lower())
    return groups


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
    editor_sign_in: Annotated[str, Field(pattern=r"^https://[^\s/]+/[^\s]*$")] | None = None
    """The address at which the editors' page (`/admin/`) signs editors in to the repository's host: the
    sign-in address of the organisation's OAuth proxy, such as `https://sign-in.example.org/auth`
    (CONTRIBUTING.md, "Signing in on the published site"). Leave it out while nobody edits on the published site."""
    words: SiteWords = SiteWords()
    """The organisation's words for its groupings of projects and for its reports, in both languages."""
    search_equivalents: Annotated[list[SearchEquivalents], AfterValidator(_spellings_in_one_group)] = []
    """Groups of words that a reader may type for one another in the Thai site's search, where they differ only
    by script: with `[โควิด, COVID-19]`, a search for โควิด also finds the pages that write COVID-19. A search for
    a word of a group finds the pages that hold any word of it, though a word with a hyphen is searched as its
    parts (COVID and 19), as any search is. Write each word without spaces, and give a group only when the
    report writes one of its words: the pages themselves do not change."""

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
    """The date the figures were taken ("ข้อมูล ณ วันที่"), as YYYY-MM-DD, with the year A.D. (2020, not 2563)."""
    title: Text
    """The report's title."""
    covers: Text | None = None
    """What the figures cover when more than the period, like "Q3, and the fiscal year to date"; on the overview."""
    sections: list[Slug] | None = None
    """The section files of this folder in the order of the report, without `.yaml`: `[background, results]`.

    Leave it out to take them in the order of their file names."""


# --- blocks: the parts a section is made of ------------------------------


class TextBlock(ContentModel):
    """Paragraphs of prose."""

    type: Literal["text"]
    title: Text | None = None
    """A heading above the paragraphs, if the report has one."""
    number: GivenNumber | None = None
    """The heading's number as the report prints it ("1.4", "2."), if it has one; it needs a `title`."""
    paragraphs: Annotated[list[Text], Field(min_length=1)]
    """The paragraphs, in order."""


class ListItem(ContentModel):
    """One point of a list, with the points under it."""

    text: Text
    """The point, without its number."""
    number: GivenNumber | None = None
    """The point's number as the report prints it ("4.2.1", "(3)", "ก."), in a list whose `numbering` is `given`;
    a plain number is shown with a dot after it ("2" as "2.")."""
    paragraphs: list[Text] = []
    """Paragraphs that follow the point's first line."""
    items: list[ListItem] = []
    """The points under this one; lists nest as deep as the report's do."""


class ListBlock(ContentModel):
    """A list of points, with bullets, computed numbers or the report's own numbers."""

    type: Literal["list"]
    title: Text | None = None
    """A heading above the list, if the report has one."""
    number: GivenNumber | None = None
    """The heading's number as the report prints it ("2.3"), if it has one; it needs a `title`."""
    numbering: Literal["bullets", "numbers", "given"] = "bullets"
    """`bullets`; `numbers`, computed (1, 2; under project 1: 1.1, 1.2; nested 1.1.1); or `given`, each item's own."""
    items: Annotated[list[ListItem], Field(min_length=1)]
    """The points, in order."""


Qualifier = Literal["more_than", "about", "less_than", "at_least", "at_most"]


class Comparison(ContentModel):
    """A value a key figure is set against, such as its target."""

    value: Number
    """The value, as typed."""
    label: Text
    """What the value is, for example "target" (เป้าหมาย) or "fiscal year 2562"."""


class KeyFigure(ContentModel):
    """A figure from the report's text, shown on its own."""

    id: Slug
    """A short name for the figure, unique within its block (lowercase letters, digits, hyphens)."""
    value: Number
    """The number itself, as typed: `19.20` keeps both decimals; a negative number starts with `-`."""
    unit: Text | None = None
    """The unit after the number: "คน"/"people", "ล้านบาท"/"million baht", "%"/"%"; leave out for a plain count."""
    qualifier: Qualifier | None = None
    """When the text says so: `more_than` (กว่า), `about` (ประมาณ), `less_than`, `at_least`, `at_most`."""
    label: Text
    """What is counted, for example "government personnel trained"."""
    compare_with: Comparison | None = None
    """A target or earlier value that the report sets this figure against."""
    headline: bool = False
    """`true` to show the figure as a tile at the top of the overview, with its change since the previous period:
    for the few figures a reader should see first."""


class KeyFiguresBlock(ContentModel):
    """Figures from the text, each with its unit, shown as a table (and on the overview)."""

    type: Literal["key_figures"]
    title: Text | None = None
    """A heading above the figures; without one, the site writes "Key figures"."""
    number: GivenNumber | None = None
    """The heading's number as the report prints it ("3.1"), if it has one."""
    figures: Annotated[list[KeyFigure], Field(min_length=1)]
    """The figures, in order."""


ColumnType = Literal["text", "number", "percent", "money", "count", "date"]


class Column(ContentModel):
    """One column of a table."""

    id: Slug
    """A short name for the column; rows name their cells by it, and it heads the CSV file's column."""
    title: Text
    """The column's heading."""
    type: ColumnType = "number"
    """What its cells hold: `text` (in both languages), `number`, `percent` (its heading says %), `money` (an amount,
    with its currency as the `unit`), `count` (whole numbers) or `date`. Numbers are shown as typed."""
    unit: Text | None = None
    """The unit of its numbers, shown in the heading: "บาท"/"baht", "ล้านบาท"/"million baht"."""
    total: bool = False
    """Sum this column in the table's total row and its groups' subtotals (the sums are computed, never typed)."""


class ColumnGroup(ContentModel):
    """A heading over several columns side by side, as in a table whose heading has two rows."""

    title: Text
    """The heading over the columns."""
    columns: Annotated[list[Slug], Field(min_length=1)]
    """The ids of the columns under it, side by side and in the table's order."""


class NumberCell(ContentModel):
    """A cell of a number column written out: a number with a footnote mark (`{value: 12.5, note: fn-1}`), or what
    the report prints there instead of a number (`{text: {th: N/A, en: N/A}}`, "ไม่จำกัดจำนวน")."""

    value: Number | None = None
    """The number, or nothing for an empty cell (or one that holds a `text`)."""
    note: Slug | None = None
    """The id of the section's footnote that the cell refers to."""
    text: Text | None = None
    """What the report prints in place of a number ("N/A", "ไม่จำกัดจำนวน"); it counts for nothing in a sum."""


# A row: the cells by column id. A text cell is a Text; a number cell a number, a NumberCell, or nothing (empty).
Row = dict[str, Any]


class RowGroup(ContentModel):
    """Rows under a heading of their own, with an optional subtotal."""

    group: Text
    """The group's heading row."""
    rows: Annotated[list[Row], Field(min_length=1)]
    """The group's rows."""
    subtotal: bool = False
    """Add a row with the sums of the table's `total` columns over this group."""


class TableChart(ContentModel):
    """A bar chart drawn from a table's columns."""

    kind: Literal["bars", "grouped_bars"] = "bars"
    """`bars` for one column of values; `grouped_bars` for several, side by side."""
    label_column: Slug
    """The text column that names each bar (or group of bars)."""
    value_columns: Annotated[list[Slug], Field(min_length=1)]
    """The number columns to draw; one for `bars`."""


class TableBlock(ContentModel):
    """A table of figures, with typed columns, computed totals, a CSV download and an optional chart."""

    type: Literal["table"]
    id: Slug
    """A short name for the table, unique in the period; its CSV file is named after it."""
    title: Text
    """The table's caption."""
    number: GivenNumber | None = None
    """The table's number as the report prints it before its caption ("1.4", "ตารางที่ 2"), if it has one."""
    unit: Text | None = None
    """The unit of all the table's numbers, when the report gives one for the whole table: the unit alone
    ("ล้านบาท" for "หน่วย : ล้านบาท"), which the site shows under the caption after "หน่วย:"; a column with a
    `unit` of its own keeps it."""
    columns: Annotated[list[Column], Field(min_length=1)]
    """The columns, in order."""
    column_groups: list[ColumnGroup] = []
    """Headings over several columns each, when the table's heading has two rows; the other columns span both."""
    rows: list[dict[str, Any]] = []
    """The rows, each a mapping of column id to cell; or groups of rows. Leave out when `rows_file` gives them."""
    rows_file: Annotated[str, Field(pattern=r"^[A-Za-z0-9._-]+\.csv$")] | None = None
    """A CSV file beside this one (UTF-8, as Excel saves it); its header names the columns (`id.th`, `id.en`)."""
    total: Text | None = None
    """The label of a total row (รวม / Total) summing the `total` columns; leave out for no total row."""
    total_cells: dict[Slug, Any] = {}
    """Cells of the total row that are not sums of their column, as the report prints them (an average, a
    share), by column id; written like a row's cells. A column the rows add up to takes `total: true` instead."""
    total_notes: dict[Slug, Slug] = {}
    """Footnotes on the total row's computed sums: the column's id, then the footnote's id (`act: fn-2`)."""
    chart: TableChart | None = None
    """Draw a chart of some of the columns."""
    _loaded_rows: list[Row | RowGroup] | None = PrivateAttr(default=None)
    _typed_total_cells: Row | None = PrivateAttr(default=None)

    def use_rows(self, rows: list[Row | RowGroup], total_cells: Row | None = None) -> None:
        """Take the rows and total cells typed by their columns (validation does, once they are checked)."""
        self._loaded_rows = rows
        self._typed_total_cells = total_cells

    @property
    def given_total_cells(self) -> Row:
        """The total row's cells as typed by their columns (`total_cells`)."""
        return self._typed_total_cells if self._typed_total_cells is not None else {}

    @property
    def header_rows(self) -> list[list[HeaderCell]]:
        """The table's heading, a row or two: with `column_groups`, their headings over the columns in them,
        and each other column spanning both rows."""
        if not self.column_groups:
            return [[HeaderCell(column, None) for column in self.columns]]
        group_of = {column_id: group for group in self.column_groups for column_id in group.columns}
        top: list[HeaderCell] = []
        bottom: list[HeaderCell] = []
        for column in self.columns:
            group = group_of.get(column.id)
            if group is None:
                top.append(HeaderCell(column, None, rows=2))
            elif group.columns[0] == column.id:
                top.append(HeaderCell(None, group, columns=len(group.columns)))
                bottom.append(HeaderCell(column, None))
            else:
                bottom.append(HeaderCell(column, None))
        return [top, bottom]

    @property
    def all_rows(self) -> list[Row | RowGroup]:
        return self._loaded_rows if self._loaded_rows is not None else list(self.rows)

    @property
    def data_rows(self) -> list[Row]:
        """Every row that holds figures, groups opened."""
        return [row for entry in self.all_rows for row in (entry.rows if isinstance(entry, RowGroup) else [entry])]

    def column(self, column_id: str) -> Column:
        return next(column for column in self.columns if column.id == column_id)

    def unit_of(self, column: Column) -> Text | None:
        """The unit of a column's numbers: its own, or else the table's; none for texts, dates and percentages."""
        if column.type in ("text", "date", "percent"):
            return None
        return column.unit or self.unit

    def sum(self, column_id: str, rows: list[Row]) -> Decimal:
        return sum((value for row in rows if (value := cell_value(row.get(column_id))) is not None), Decimal(0))


@dataclass(frozen=True)
class HeaderCell:
    """A cell of a table's heading: a column's own heading, or a group's over several columns."""

    column: Column | None
    group: ColumnGroup | None
    rows: int = 1
    columns: int = 1


def cell_value(cell: Any) -> Any:
    """The value of a cell, without its footnote."""
    return cell.value if isinstance(cell, NumberCell) else cell


def cell_note(cell: Any) -> str | None:
    return cell.note if isinstance(cell, NumberCell) else None


Status = Literal["ahead", "on_plan", "behind", "not_reported"]


class Progress(ContentModel):
    """How far a project has come: give only what the report gives, at least one of these."""

    vs_period_plan: Amount | None = None
    """Progress against this period's plan, in percent; above 100 when ahead of plan."""
    vs_annual_target: Amount | None = None
    """Progress against the target for the whole fiscal year, in percent."""
    points_vs_plan: Number | None = None
    """How far ahead of plan (positive) or behind it (negative), in percentage points."""
    status: Status | None = None
    """As the report says it: `ahead`, `on_plan`, `behind`, or `not_reported`."""

    @model_validator(mode="after")
    def _something_given(self) -> Progress:
        if all(getattr(self, name) is None for name in type(self).model_fields):
            raise PydanticCustomError(
                "progress_empty", "give at least one of vs_period_plan, vs_annual_target, points_vs_plan or status"
            )
        return self

    @property
    def on_plan(self) -> bool | None:
        """Whether the project is on or ahead of plan, as far as what is given says; None if it does not say."""
        if self.status is not None:
            return None if self.status == "not_reported" else self.status != "behind"
        if self.points_vs_plan is not None:
            return self.points_vs_plan >= 0
        if self.vs_period_plan is not None:
            return self.vs_period_plan >= 100
        return None


class ProgressItem(ContentModel):
    """One item of a progress block."""

    id: Slug
    """A short name for the item, unique in the period."""
    title: Text
    """The item's name."""
    progress: Progress
    """Its progress."""


class ProgressBlock(ContentModel):
    """The progress of several items, as a table and a chart."""

    type: Literal["progress"]
    title: Text | None = None
    """A heading above the table; without one, the site writes "Progress"."""
    number: GivenNumber | None = None
    """The heading's number as the report prints it ("2.1"), if it has one."""
    items: Annotated[list[ProgressItem], Field(min_length=1)]
    """The items, in order."""


# The blocks a project or a grouping may hold.
InnerBlock = Annotated[
    TextBlock | ListBlock | KeyFiguresBlock | TableBlock | ProgressBlock, Field(discriminator="type")
]


class ScoreComponent(ContentModel):
    """One component of the scorecard."""

    id: Slug
    """A short name for the component, unique in the scorecard."""
    title: Text
    """The component's name, without its number."""
    indicators: Count
    """How many indicators or issues the component has."""
    weight: Annotated[Number, WithJsonSchema({"type": "number", "exclusiveMinimum": 0, "maximum": 100})]
    """The component's weight, in percent; the weights add up to 100."""
    scores: dict[ScoreKey, Amount]
    """The weighted score of each period so far, by its key (`q1`–`q4`, `h1`, `h2`, `fy`), e.g. `q1: 0.00`."""

    @model_validator(mode="after")
    def _weight_in_range(self) -> ScoreComponent:
        if not 0 < self.weight <= 100:
            raise PydanticCustomError("weight", "the weight must be more than 0 and at most 100")
        return self


class ScorecardBlock(ContentModel):
    """A weighted scorecard: components with weights and their scores by period; totals are computed."""

    type: Literal["scorecard"]
    title: Text | None = None
    """A heading above the scorecard, if the report has one."""
    number: GivenNumber | None = None
    """The heading's number as the report prints it ("2."), if it has one; it needs a `title`."""
    components: Annotated[list[ScoreComponent], Field(min_length=1)]
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
    def total_weight(self) -> Decimal:
        return sum((component.weight for component in self.components), Decimal(0))

    def total_score(self, key: ScoreKey) -> Decimal:
        return sum((component.scores[key] for component in self.components), Decimal(0))


class Project(ContentModel):
    """A project (or activity, or indicator) of a grouping, with what it did this period."""

    id: Slug
    """A short name for the project, unique in the period (lowercase letters, digits, hyphens)."""
    title: Text
    """The project's name, without its number."""
    number: GivenNumber | None = None
    """The project's number as the report prints it; leave out to number the projects 1, 2, 3."""
    blocks: list[InnerBlock] = []
    """What the report says of it: paragraphs, lists of sub-items, key figures, tables, in order."""
    progress: Progress | None = None
    """The project's progress this period, if the report gives it."""

    def blocks_of(self, kind: type[Any]) -> list[Any]:
        return [block for block in self.blocks if isinstance(block, kind)]


class Grouping(ContentModel):
    """A grouping of projects: a strategy, an area, a programme (site.yaml's `words` name it)."""

    id: Slug
    """A short name for the grouping, used in its page's address."""
    title: Text
    """The grouping's name, without its word and number ("Strategy 1")."""
    number: GivenNumber | None = None
    """The grouping's number as the report prints it; leave out to number the groupings 1, 2, 3."""
    blocks: list[InnerBlock] = []
    """What the report says of the grouping itself, before its projects."""
    projects: list[Project] = []
    """The grouping's projects, in order."""


class GroupingsBlock(ContentModel):
    """Groupings of projects, each on a page of its own."""

    type: Literal["groupings"]
    groupings: Annotated[list[Grouping], Field(min_length=1)]
    """The groupings, in order."""


Block = Annotated[
    TextBlock | ListBlock | KeyFiguresBlock | TableBlock | ProgressBlock | ScorecardBlock | GroupingsBlock,
    Field(discriminator="type"),
]
BLOCK_KINDS: tuple[type[ContentModel], ...] = (
    TextBlock,
    ListBlock,
    KeyFiguresBlock,
    TableBlock,
    ProgressBlock,
    ScorecardBlock,
    GroupingsBlock,
)


class Footnote(ContentModel):
    """A footnote of the section, referred to as `[^id]` in its texts or by a cell's `note`."""

    id: Slug
    """The footnote's id."""
    text: Text
    """The footnote's text."""


class Section(ContentModel):
    """A section of the report: one file of the period folder, one page of the site (or several, for groupings)."""

    title: Text
    """The section's heading."""
    number: GivenNumber | None = None
    """The section's number as the report prints it before its heading ("1", "2.", "ส่วนที่ 1"), if it has one."""
    nav_title: Text | None = None
    """A shorter name for the navigation, if the heading is long."""
    blocks: Annotated[list[Block], Field(min_length=1)]
    """What the section holds, in order; each block has a `type`."""
    footnotes: list[Footnote] = []
    """The section's footnotes."""

    @property
    def nav_label(self) -> Text:
        """The section's name in the navigation, without its number (the navigation puts it in front)."""
        return self.nav_title or self.title

    @property
    def groupings(self) -> list[Grouping]:
        return [grouping for block in self.blocks if isinstance(block, GroupingsBlock) for grouping in block.groupings]


# --- the whole period ---------------------------------------------------


@dataclass(frozen=True)
class ScoreColumn:
    """One period's column of the scorecard."""

    key: ScoreKey
    period: PeriodId
    dates: DateSpan


@dataclass(frozen=True)
class NumberedGrouping:
    """A grouping with its section and its number as shown ("2", or the report's own)."""

    section: str
    grouping: Grouping
    number: str


@dataclass(frozen=True)
class NumberedProject:
    """A project with its grouping and its number as shown."""

    grouping: NumberedGrouping
    project: Project
    number: str


@dataclass(frozen=True)
class ProgressEntry:
    """Something with progress: a project of a grouping, or an item of a progress block."""

    id: str
    title: Text
    progress: Progress
    project: NumberedProject | None
    """The project, for a project; None for an item of a progress block."""
    section: str


@dataclass(frozen=True)
class PlacedBlock:
    """A block with where it sits: its section, and its grouping and project if inside one."""

    section: str
    block: Any
    grouping: NumberedGrouping | None = None
    project: NumberedProject | None = None


class Period(BaseModel):
    """One period's report, assembled from the files of its folder."""

    model_config = ConfigDict(frozen=True, arbitrary_types_allowed=True)

    id: PeriodId
    info: PeriodInfo
    sections: dict[str, Section]
    """The sections by file name (without `.yaml`), in the order of the report."""
    calendar: FiscalCalendar

    @property
    def dates(self) -> DateSpan:
        return self.calendar.dates_of(self.id)

    @property
    def source_date_epoch(self) -> int:
        """The as-of date, at midnight UTC, as the time of this period's build: reproducible, and true."""
        return int(datetime.combine(self.info.as_of, time(), tzinfo=UTC).timestamp())

    def placed_blocks(self) -> Iterator[PlacedBlock]:
        """Every block of the period, in reading order, with where it sits."""
        projects = self.projects
        groupings = {id(numbered.grouping): numbered for numbered in self.groupings}
        for name, section in self.sections.items():
            for block in section.blocks:
                yield PlacedBlock(name, block)
                if not isinstance(block, GroupingsBlock):
                    continue
                for grouping in block.groupings:
                    numbered = groupings[id(grouping)]
                    for inner in grouping.blocks:
                        yield PlacedBlock(name, inner, numbered)
                    for project in projects:
                        if project.grouping is numbered:
                            for inner in project.project.blocks:
                                yield PlacedBlock(name, inner, numbered, project)

    def blocks_of(self, kind: type[Any]) -> list[PlacedBlock]:
        return [placed for placed in self.placed_blocks() if isinstance(placed.block, kind)]

    @functools.cached_property
    def groupings(self) -> list[NumberedGrouping]:
        """Every grouping, numbered from 1 across its section unless the report numbers them."""
        found = []
        for name, section in self.sections.items():
            for index, grouping in enumerate(section.groupings, start=1):
                found.append(NumberedGrouping(name, grouping, grouping.number or str(index)))
        return found

    @functools.cached_property
    def projects(self) -> list[NumberedProject]:
        """Every project of every grouping, numbered from 1 within its grouping unless the report numbers them."""
        return [
            NumberedProject(grouping, project, project.number or str(index))
            for grouping in self.groupings
            for index, project in enumerate(grouping.grouping.projects, start=1)
        ]

    @property
    def progress_entries(self) -> list[ProgressEntry]:
        """Everything with progress, in reading order: projects first by grouping, then progress blocks' items."""
        entries = [
            ProgressEntry(p.project.id, p.project.title, p.project.progress, p, p.grouping.section)
            for p in self.projects
            if p.project.progress is not None
        ]
        for placed in self.blocks_of(ProgressBlock):
            entries += [
                ProgressEntry(item.id, item.title, item.progress, None, placed.section) for item in placed.block.items
            ]
        return entries

    @property
    def on_plan_count(self) -> int | None:
        """How many entries are on or ahead of plan; None unless the content says it for every entry."""
        states = [entry.progress.on_plan for entry in self.progress_entries]
        if not states or any(state is None for state in states):
            return None
        return sum(1 for state in states if state)

    @property
    def scorecard_section(self) -> tuple[str, ScorecardBlock] | None:
        """The period's scorecard and its section, if it has one (a period has at most one)."""
        return next(((p.section, p.block) for p in self.blocks_of(ScorecardBlock)), None)

    @property
    def scorecard(self) -> ScorecardBlock | None:
        found = self.scorecard_section
        return found[1] if found else None

    @property
    def score_columns(self) -> list[ScoreColumn]:
        """The scorecard's period columns, with the months each covers."""
        if self.scorecard is None:
            return []
        columns = []
        for key in self.scorecard.periods_reported:
            period = PeriodId.of_key(self.id.fiscal_year_be, key)
            assert period is not None, "every score key names a period"
            columns.append(ScoreColumn(key, period, self.calendar.dates_of(period)))
        return columns

    @property
    def score_key(self) -> ScoreKey:
        """The key of this period's own score in the scorecard: `q2`, `h1`, `fy`."""
        key: ScoreKey = self.id.key  # type: ignore[assignment]
        return key

    @property
    def total_score(self) -> Decimal | None:
        """This period's total score, if it has a scorecard with a score for this very period."""
        if self.scorecard is None or self.score_key not in self.scorecard.periods_reported:
            return None
        return self.scorecard.total_score(self.score_key)

    @property
    def key_figures(self) -> list[PlacedBlock]:
        return self.blocks_of(KeyFiguresBlock)

    @property
    def headline_figures(self) -> list[tuple[PlacedBlock, KeyFigure]]:
        """The key figures marked `headline`, in reading order, each with the block it is in."""
        return [(placed, figure) for placed in self.key_figures for figure in placed.block.figures if figure.headline]

    @property
    def behind_plan(self) -> list[ProgressEntry] | None:
        """The entries behind plan, in reading order; None unless the content says for every entry whether it is."""
        if self.on_plan_count is None:
            return None
        return [entry for entry in self.progress_entries if entry.progress.on_plan is False]

    @property
    def tables(self) -> list[PlacedBlock]:
        return self.blocks_of(TableBlock)

    def footnote_ids(self) -> Iterable[str]:
        return (footnote.id for section in self.sections.values() for footnote in section.footnotes)


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
