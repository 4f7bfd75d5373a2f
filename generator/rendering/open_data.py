"""Open data: each period's figures as CSV and JSON files, described by a Frictionless Data Package.

The files are rendered here as bytes, beside the period's pages, and written
into the docs folder's `data/`, so each language's build carries them and the
archive freezes them with the period. Three tables (every project's progress,
the key figures, the scorecard) each get a CSV file; one JSON file holds the
same rows, the period's dates and the scorecard's computed totals; and
`datapackage.json` gives each CSV file's columns, types and keys.

The CSV and JSON files are the same in every language, so they are rendered
once per period (`render_period_data`); `render_open_data` adds the Data
Package of one language's build.

- CSV files start with a UTF-8 byte order mark: without it Excel reads them
  in the system's code page and garbles Thai.
- Column names are English and never change; texts come in both languages
  (`title_th`, `title_en`), so the files are the same in both builds. Only
  `datapackage.json` speaks the build's language, in its titles and
  descriptions.
- The same content gives the same bytes: rows keep the report's order, JSON
  keys are sorted, and numbers are written in their shortest exact form
  (85.94, 100), so that reading a file back gives the model's numbers.
- The scorecard's total is computed, so it is not a row of the CSV file; the
  JSON file gives it apart, as `scorecard_totals`.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Literal, get_args

from ..reading.fiscal import PeriodId
from ..reading.model import Period, Qualifier, RowGroup, SiteSettings, Status, TableBlock, Text, cell_value
from .localization import Localizer

DATA_DIR = "data"
PACKAGE_FILE = "datapackage.json"
CSV_BOM = "\ufeff"
PERCENTAGE = {"minimum": 0, "maximum": 100}
PERCENT_UNIT = Text(th="%", en="%")


@dataclass(frozen=True)
class Column:
    """One column of a table, as the Data Package's table schema gives it, in no language."""

    name: str
    type: Literal["integer", "number", "string", "date"]
    required: bool = True
    constraints: dict[str, Any] | None = None
    period: PeriodId | None = None
    """The period whose weighted score the column holds (`score_q2`: Q2), which its description names."""
    heading: Text | None = None
    """For a column of one of the report's own tables: its heading, which describes it."""
    unit: Text | None = None
    """For a number column of one of the report's own tables: the unit of its numbers ("%" for a percentage)."""
    group: Text | None = None
    """For a column of one of the report's own tables under a heading over several columns: that heading."""
    language: str | None = None
    """For a text column of one of the report's own tables: the language of its texts."""
    description_key: str | None = None
    """The interface string that describes the column, `data_column_<key>`, where it is not its name."""

    def description(self, l10n: Localizer, report_period: PeriodId) -> str:
        """The column's meaning in `l10n`'s language, in a table of the report of `report_period`."""
        if self.period is not None:
            return l10n.string("data_column_score", period=l10n.period_short(self.period))
        if self.heading is not None:
            heading = self.heading[l10n.language]
            if self.unit is not None:
                heading = l10n.string("column_unit", title=heading, unit=self.unit[l10n.language])
            if self.group is not None:
                heading = l10n.string("column_in_group", group=self.group[l10n.language], heading=heading)
            if self.language is None:
                return heading
            return l10n.string("data_column_text_in", heading=heading, language=l10n.string(f"in_{self.language}"))
        key = self.description_key or self.name
        return l10n.period_string(f"data_column_{key}", report_period, **_DESCRIPTION_VALUES.get(key, {}))


# The numbers that column descriptions name (as numerals, in Thai digits where the site asks for them):
# numbering starts from 1, progress passes 100 when ahead of plan, and the weights add up to 100.
_DESCRIPTION_VALUES = {"component_number": {"first": 1}, "vs_period_plan": {"full": 100}, "weight": {"total": 100}}


@dataclass(frozen=True)
class DataTable:
    """A table of the period's data, with its rows in the report's order; the same in every language."""

    name: str
    """The table's name in the Data Package, and in the JSON file: `projects`, `key_figures`, `scorecard`."""
    path: str
    """The CSV file's path below the docs folder, e.g. `data/2563-q2-projects.csv`."""
    columns: tuple[Column, ...]
    rows: tuple[tuple[Any, ...], ...]
    """Values in the order of `columns`; None for an empty optional value."""
    primary_key: tuple[str, ...]
    foreign_keys: tuple[dict[str, Any], ...] = ()
    title: Text | None = None
    """For one of the report's own tables: its caption; the site's tables are named by the interface strings."""
    section: Text | None = None
    """For one of the report's own tables: the title of the section it is in."""

    @property
    def file_name(self) -> str:
        return self.path.rsplit("/", 1)[-1]

    def records(self) -> list[dict[str, Any]]:
        return [{column.name: value for column, value in zip(self.columns, row, strict=True)} for row in self.rows]


@dataclass(frozen=True)
class PeriodData:
    """A period's tables, and its CSV and JSON files: the same bytes in every language's build.

    Rendered once per period (`render_period_data`), for the builds of all its languages.
    """

    tables: tuple[DataTable, ...]
    json_path: str
    files: dict[str, bytes]
    """The CSV and JSON files' bytes, by their path below the docs folder."""


@dataclass(frozen=True)
class DescribedTable:
    """A table as one language describes it, on the data page and in the Data Package."""

    table: DataTable
    title: str
    description: str
    columns: tuple[tuple[Column, str], ...]
    """Each column with its description."""

    @property
    def name(self) -> str:
        return self.table.name

    @property
    def path(self) -> str:
        return self.table.path

    @property
    def file_name(self) -> str:
        return self.table.file_name


@dataclass(frozen=True)
class OpenData:
    """A period's data files in one language's build, rendered but not written."""

    tables: tuple[DescribedTable, ...]
    json_path: str
    package_path: str
    files: dict[str, bytes]
    """Each file's bytes, by its path below the docs folder: the period's CSV and JSON files, and the package."""

    @property
    def json_file_name(self) -> str:
        return self.json_path.rsplit("/", 1)[-1]

    @property
    def package_file_name(self) -> str:
        return self.package_path.rsplit("/", 1)[-1]

    def table(self, name: str) -> DescribedTable:
        return next(table for table in self.tables if table.name == name)

    @property
    def paths(self) -> dict[str, str]:
        """Each file's path below the docs folder, by table name, plus `json` and `package`."""
        return {
            **{table.name: table.path for table in self.tables},
            "json": self.json_path,
            "package": self.package_path,
        }


def render_period_data(period: Period) -> PeriodData:
    """Render a period's tables and its CSV and JSON files, which every language's build shares.

    Only the tables the period has: progress if something has progress, key
    figures if it has some, the scorecard if it has one, and each of the
    report's own tables.
    """
    tables = tuple(
        table
        for table in (
            _progress_table(period),
            _key_figures_table(period),
            _scorecard_table(period),
            *(_report_table(period, placed.section, placed.block) for placed in period.tables),
        )
        if table is not None
    )
    json_path = f"{DATA_DIR}/{period.id}.json"
    files = {table.path: render_csv(table) for table in tables}
    files[json_path] = render_json(period, tables)
    return PeriodData(tables, json_path, files)


def render_open_data(site: SiteSettings, period: Period, data: PeriodData, l10n: Localizer) -> OpenData:
    """A period's data files in the build of `l10n`'s language: `data`'s files, and a Data Package in that language."""
    tables = tuple(
        DescribedTable(
            table,
            _title(table, l10n),
            _description(table, period, l10n),
            tuple((column, column.description(l10n, period.id)) for column in table.columns),
        )
        for table in data.tables
    )
    package_path = f"{DATA_DIR}/{PACKAGE_FILE}"
    files = {**data.files, package_path: render_package(site, period, tables, data.files, l10n)}
    return OpenData(tables, data.json_path, package_path, files)


def _title(table: DataTable, l10n: Localizer) -> str:
    return table.title[l10n.language] if table.title else l10n.string(f"data_table_{table.name}")


def _description(table: DataTable, period: Period, l10n: Localizer) -> str:
    if table.section is not None:
        return l10n.string("data_file_table", section=table.section[l10n.language])
    return l10n.period_string(f"data_file_{table.name}", period.id)


# --- the tables ------------------------------------------------------------


def _table(
    name: str,
    period: Period,
    columns: list[Column],
    rows: list[tuple[Any, ...]],
    primary_key: tuple[str, ...],
    foreign_keys: tuple[dict[str, Any], ...] = (),
    **described: Any,
) -> DataTable:
    path = f"{DATA_DIR}/{period.id}-{name.replace('_', '-')}.csv"
    return DataTable(name, path, tuple(columns), tuple(rows), primary_key, foreign_keys, **described)


def _progress_table(period: Period) -> DataTable | None:
    entries = period.progress_entries
    if not entries:
        return None
    columns = [
        Column("section", "string"),
        Column("grouping_number", "string", required=False),
        Column("grouping_id", "string", required=False),
        Column("grouping_title_th", "string", required=False),
        Column("grouping_title_en", "string", required=False),
        Column("number", "string", required=False),
        Column("id", "string", constraints={"unique": True}),
        Column("title_th", "string"),
        Column("title_en", "string"),
        Column("vs_period_plan", "number", required=False, constraints={"minimum": 0}),
        Column("vs_annual_target", "number", required=False, constraints={"minimum": 0}),
        Column("points_vs_plan", "number", required=False),
        Column("status", "string", required=False, constraints={"enum": list(get_args(Status))}),
    ]
    rows = []
    for entry in entries:
        numbered, progress = entry.project, entry.progress
        grouping = numbered.grouping if numbered else None
        rows.append(
            (
                entry.section,
                grouping.number if grouping else None,
                grouping.grouping.id if grouping else None,
                grouping.grouping.title.th if grouping else None,
                grouping.grouping.title.en if grouping else None,
                numbered.number if numbered else None,
                entry.id,
                entry.title.th,
                entry.title.en,
                _number(progress.vs_period_plan),
                _number(progress.vs_annual_target),
                _number(progress.points_vs_plan),
                progress.status,
            )
        )
    return _table("projects", period, columns, rows, ("id",))


def _key_figures_table(period: Period) -> DataTable | None:
    placed_figures = [(placed, figure) for placed in period.key_figures for figure in placed.block.figures]
    if not placed_figures:
        return None
    columns = [
        Column("section", "string"),
        Column("project_id", "string", required=False),
        Column("figure_id", "string"),
        Column("value", "number"),
        Column("unit_th", "string", required=False),
        Column("unit_en", "string", required=False),
        Column("qualifier", "string", required=False, constraints={"enum": list(get_args(Qualifier))}),
        Column("label_th", "string"),
        Column("label_en", "string"),
        Column("compared_value", "number", required=False),
        Column("compared_label_th", "string", required=False),
        Column("compared_label_en", "string", required=False),
    ]
    rows = [
        (
            placed.section,
            placed.project.project.id if placed.project else None,
            figure.id,
            _number(figure.value),
            figure.unit.th if figure.unit else None,
            figure.unit.en if figure.unit else None,
            figure.qualifier,
            figure.label.th,
            figure.label.en,
            _number(figure.compare_with.value) if figure.compare_with else None,
            figure.compare_with.label.th if figure.compare_with else None,
            figure.compare_with.label.en if figure.compare_with else None,
        )
        for placed, figure in placed_figures
    ]
    # A figure of a project belongs to a project of the progress table, when the project reports progress.
    progress_ids = {entry.id for entry in period.progress_entries}
    belongs: tuple[dict[str, Any], ...] = ()
    if all(placed.project and placed.project.project.id in progress_ids for placed, _ in placed_figures):
        belongs = ({"fields": ["project_id"], "reference": {"resource": "projects", "fields": ["id"]}},)
    keys = [(row[0], row[1], row[2]) for row in rows]
    primary_key = ("section", "project_id", "figure_id") if len(set(keys)) == len(keys) and all(keys) else ()
    return _table("key_figures", period, columns, rows, primary_key, belongs)


def _scorecard_table(period: Period) -> DataTable | None:
    scorecard = period.scorecard
    if scorecard is None:
        return None
    score_columns = period.score_columns
    columns = [
        Column("component_number", "integer"),
        Column("component_id", "string"),
        Column("title_th", "string"),
        Column("title_en", "string"),
        Column("indicators", "integer", constraints={"minimum": 0}),
        Column("weight", "number", constraints=PERCENTAGE),
        *(Column(f"score_{c.key}", "number", constraints={"minimum": 0}, period=c.period) for c in score_columns),
    ]
    rows = [
        (
            number,
            component.id,
            component.title.th,
            component.title.en,
            component.indicators,
            _number(component.weight),
            *(_number(component.scores[c.key]) for c in score_columns),
        )
        for number, component in enumerate(scorecard.components, start=1)
    ]
    return _table("scorecard", period, columns, rows, ("component_id",))


def _report_table(period: Period, section: str, table: TableBlock) -> DataTable:
    """One of the report's own tables: a CSV column per column (two for text: Thai and English); no total rows."""
    grouped = any(isinstance(entry, RowGroup) for entry in table.all_rows)
    columns: list[Column] = []
    if grouped:
        columns += [
            Column(f"group.{language}", "string", False, description_key=f"group_{language}")
            for language in ("th", "en")
        ]
    group_of = {column_id: group.title for group in table.column_groups for column_id in group.columns}
    for column in table.columns:
        group = group_of.get(column.id)
        if column.type == "text":
            columns += [
                Column(f"{column.id}.{language}", "string", False, heading=column.title, language=language, group=group)
                for language in ("th", "en")
            ]
        else:
            kind: Literal["integer", "number", "date"] = (
                "integer" if column.type == "count" else "date" if column.type == "date" else "number"
            )
            unit = PERCENT_UNIT if column.type == "percent" else table.unit_of(column)
            columns.append(Column(column.id, kind, False, heading=column.title, unit=unit, group=group))
    rows = []
    for entry in table.all_rows:
        group = entry.group if isinstance(entry, RowGroup) else None
        for row in entry.rows if isinstance(entry, RowGroup) else [entry]:
            values: list[Any] = [group.th if group else None, group.en if group else None] if grouped else []
            for column in table.columns:
                value = cell_value(row.get(column.id))
                if column.type == "text":
                    values += [value.th, value.en] if value is not None else [None, None]
                elif column.type == "date":
                    values.append(value.isoformat() if value is not None else None)
                else:
                    values.append(_number(value))
            rows.append(tuple(values))
    title, section_title = table.title, period.sections[section].title
    return _table(f"table-{table.id}", period, columns, rows, (), title=title, section=section_title)


def _field(column: Column, description: str) -> dict[str, Any]:
    """A column as the Data Package's table schema gives it."""
    constraints = {"required": column.required, **(column.constraints or {})}
    return {"name": column.name, "type": column.type, "description": description, "constraints": constraints}


def _number(value: Decimal | int | None) -> Decimal | int | None:
    """A number as the content typed it: the CSV files write 19.20 as 19.20; JSON, which has no decimals, 19.2."""
    return value


def _json_cell(value: Any) -> Any:
    """A cell's value in the JSON file: a number as it is, a text in both languages, a date as YYYY-MM-DD."""
    if isinstance(value, Text):
        return {"th": value.th, "en": value.en}
    if isinstance(value, date):
        return value.isoformat()
    return _number(value)


def _json_number(value: Any) -> int | float:
    """A Decimal for JSON: 100 rather than 100.0, 85.94 as it is."""
    if not isinstance(value, Decimal):
        raise TypeError(f"{type(value).__name__} is not a number")
    return int(value) if value == value.to_integral_value() else float(value)


# --- the files ---------------------------------------------------------------


def render_csv(table: DataTable) -> bytes:
    """The table as CSV (RFC 4180: commas, CRLF, quotes where needed), UTF-8 with a byte order mark."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(column.name for column in table.columns)
    writer.writerows(["" if value is None else _csv_value(value) for value in row] for row in table.rows)
    return (CSV_BOM + buffer.getvalue()).encode("utf-8")


def _csv_value(value: Any) -> Any:
    # A decimal as typed, never in exponent form (1E+3).
    return f"{value:f}" if isinstance(value, Decimal) else value


def render_json(period: Period, tables: tuple[DataTable, ...]) -> bytes:
    """Every table's rows, the period's dates and titles, and the scorecard's computed totals, as one JSON file."""
    scorecard = period.scorecard
    document: dict[str, Any] = {
        "period": str(period.id),
        "period_kind": period.id.kind,
        "period_number": period.id.number,
        "fiscal_year_be": period.id.fiscal_year_be,
        "period_start": period.dates.start.isoformat(),
        "period_end": period.dates.end.isoformat(),
        "as_of": period.info.as_of.isoformat(),
        "title_th": period.info.title.th,
        "title_en": period.info.title.en,
        # What the figures cover, when the report says it is more than the period (`covers`); otherwise null.
        "covers_th": period.info.covers.th if period.info.covers else None,
        "covers_en": period.info.covers.en if period.info.covers else None,
        **{table.name: table.records() for table in tables},
    }
    # Computed from the rows above, never typed in the content; apart, so that summing the rows stays right.
    if scorecard is not None:
        document["scorecard_totals"] = {
            "indicators": scorecard.total_indicators,
            "weight": _number(scorecard.total_weight),
            **{f"score_{key}": _number(scorecard.total_score(key)) for key in scorecard.periods_reported},
        }
    # A table's total row: the sums the site computes, and the cells the report gives (`total_cells`).
    totals = {
        f"table-{placed.block.id}": {
            **{
                column_id: _json_cell(cell_value(cell))
                for column_id, cell in placed.block.given_total_cells.items()
                if cell_value(cell) is not None
            },
            **{
                column.id: _number(placed.block.sum(column.id, placed.block.data_rows))
                for column in placed.block.columns
                if column.total
            },
        }
        for placed in period.tables
        if placed.block.total is not None
    }
    if totals:
        document["table_totals"] = totals
    return (json.dumps(document, ensure_ascii=False, indent=2, sort_keys=True, default=_json_number) + "\n").encode(
        "utf-8"
    )


def render_package(
    site: SiteSettings,
    period: Period,
    tables: tuple[DescribedTable, ...],
    files: dict[str, bytes],
    l10n: Localizer,
) -> bytes:
    """The Frictionless Data Package (v1) that describes the CSV files: columns, types, keys, sizes and hashes."""
    resources = []
    for described in tables:
        table = described.table
        data = files[table.path]
        schema: dict[str, Any] = {
            "fields": [_field(column, description) for column, description in described.columns],
            "primaryKey": list(table.primary_key),
        }
        if not table.primary_key:
            del schema["primaryKey"]
        if table.foreign_keys:
            schema["foreignKeys"] = list(table.foreign_keys)
        resources.append(
            {
                "name": table.name,
                "path": table.file_name,
                "title": described.title,
                "description": described.description,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                # The byte order mark is part of UTF-8's encoding scheme; readers skip it.
                "encoding": "utf-8",
                "bytes": len(data),
                "hash": f"sha256:{hashlib.sha256(data).hexdigest()}",
                "schema": schema,
            }
        )
    package = {
        "profile": "tabular-data-package",
        "name": f"{site.organisation.file_prefix}-{period.id}",
        "title": period.info.title[l10n.language],
        "description": l10n.string(
            "data_package_description",
            organisation=site.organisation.name[l10n.language],
            period=l10n.period_with_months(period.id, period.dates),
            as_of=l10n.date(period.info.as_of),
        ),
        "resources": resources,
    }
    return (json.dumps(package, ensure_ascii=False, indent=2, sort_keys=True) + "\n").encode("utf-8")
