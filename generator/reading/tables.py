"""Tables' rows: typed by their columns, from the YAML or from a CSV file beside it.

A table's rows come as the editor wrote them: mappings of column id to cell,
groups of such rows, or the lines of a CSV file (as Excel saves it). Each
cell is checked against its column's type, and every problem is reported
with where it is: `file:line:col: field.path: message` in the YAML, and
`file.csv:line:col: column: message` in a CSV file.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import pydantic

from ..errors import ContentProblem
from .dates import date_problem, unreadable_date
from .fiscal import DateSpan
from .hints import number_hint
from .loading import Document, FieldPath, NotADate
from .model import Column, NumberCell, Row, RowGroup, TableBlock, Text, number_digits_problem, number_text

# Keys of a row mapping that are not cells: a group's.
GROUP_KEYS = frozenset({"group", "rows", "subtotal"})
MAX_CSV_BYTES = 1_000_000
# A number as Excel writes it in a CSV file: an optional minus, digits with or without thousands commas, decimals;
# or, in accounting format, a negative number in brackets: (45.18).
CSV_NUMBER = re.compile(r"^(?P<minus>[-−])?(?P<digits>(\d{1,3}(,\d{3})+|\d+)(\.\d+)?)$")
CSV_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
CSV_BRACKETED = re.compile(r"^\((?P<digits>(\d{1,3}(,\d{3})+|\d+)(\.\d+)?)\)$")

Problem = Callable[[FieldPath, str], ContentProblem]


def typed_rows(
    table: TableBlock, document: Document, path: FieldPath, dates: DateSpan | None = None
) -> tuple[list[Row | RowGroup], list[ContentProblem]]:
    """The table's YAML rows with each cell typed by its column, and the problems found in them.

    `dates` is the period's: a date far from it is a slip (reading/dates.py)."""
    problems: list[ContentProblem] = []

    def problem(at: FieldPath, message: str) -> ContentProblem:
        return document.problem(at, message)

    rows: list[Row | RowGroup] = []
    for index, entry in enumerate(table.rows):
        at = (*path, "rows", index)
        if "group" in entry:
            group = _typed_group(table, entry, at, problem, problems, dates)
            if group is not None:
                rows.append(group)
        else:
            rows.append(_typed_row(table, entry, at, problem, problems, dates))
    return rows, problems


def typed_total_cells(
    table: TableBlock, document: Document, path: FieldPath, dates: DateSpan | None = None
) -> tuple[Row, list[ContentProblem]]:
    """The table's `total_cells`, each typed by its column as a row's cells are, and the problems found in them."""
    problems: list[ContentProblem] = []
    if not table.total_cells:
        return {}, problems
    cells = _typed_row(
        table,
        dict(table.total_cells),
        (*path, "total_cells"),
        lambda at, message: document.problem(at, message),
        problems,
        dates,
    )
    return cells, problems


def _typed_group(
    table: TableBlock,
    entry: dict[str, Any],
    at: FieldPath,
    problem: Problem,
    problems: list[ContentProblem],
    dates: DateSpan | None,
) -> RowGroup | None:
    for key in entry:
        if key not in GROUP_KEYS:
            problems.append(
                problem((*at, key), f"unknown field '{key}' in a group of rows; expected group, rows, subtotal")
            )
    label = _text(entry.get("group"), (*at, "group"), problem, problems)
    inner = entry.get("rows")
    if not isinstance(inner, list) or not inner:
        problems.append(problem((*at, "rows"), "a group needs its rows: a list of at least one row"))
        return None
    subtotal = entry.get("subtotal", False)
    if not isinstance(subtotal, bool):
        problems.append(problem((*at, "subtotal"), "expected true or false"))
        subtotal = False
    typed = []
    for index, row in enumerate(inner):
        if isinstance(row, dict) and "group" in row:
            problems.append(problem((*at, "rows", index), "groups of rows cannot be nested"))
            continue
        typed.append(_typed_row(table, row, (*at, "rows", index), problem, problems, dates))
    if label is None:
        return None
    return RowGroup(group=label, rows=typed, subtotal=subtotal)


def _typed_row(
    table: TableBlock,
    row: Any,
    at: FieldPath,
    problem: Problem,
    problems: list[ContentProblem],
    dates: DateSpan | None,
) -> Row:
    if not isinstance(row, dict):
        problems.append(problem(at, "expected a row: a mapping of column id to cell"))
        return {}
    known = {column.id: column for column in table.columns}
    typed: Row = {}
    for key, cell in row.items():
        column = known.get(str(key))
        if column is None:
            names = ", ".join(known)
            problems.append(problem((*at, key), f"unknown column '{key}'; the table's columns are: {names}"))
            continue
        typed[column.id] = _typed_cell(column, cell, (*at, key), problem, problems, dates)
    return typed


def _typed_cell(
    column: Column, cell: Any, at: FieldPath, problem: Problem, problems: list[ContentProblem], dates: DateSpan | None
) -> Any:
    if cell is None:
        return None  # an empty cell, shown as a dash
    if isinstance(cell, NotADate):
        return None  # the loader has said why it is no date
    if column.type == "text":
        return _text(cell, at, problem, problems)
    if column.type == "date":
        if isinstance(cell, date):
            if (slip := date_problem(cell, dates)) is not None:
                problems.append(problem(at, slip))
                return None
            return cell
        problems.append(problem(at, f"expected a date like 2020-03-31 in the {column.type} column '{column.id}'"))
        return None
    if isinstance(cell, dict):
        unknown = set(cell) - {"value", "note", "text"}
        if unknown or not ({"note", "text"} & set(cell)) or ("text" in cell and cell.get("value") is not None):
            problems.append(
                problem(
                    at,
                    "a cell with a footnote is written `{value: 12.5, note: footnote-id}`; "
                    "a word in place of a number, `{text: {th: …, en: …}}` (with a `note` if it has one)",
                )
            )
            return None
        value = _number(column, cell.get("value"), (*at, "value"), problem, problems)
        text = _text(cell["text"], (*at, "text"), problem, problems) if "text" in cell else None
        note = cell.get("note")
        if note is not None and not isinstance(note, str):
            problems.append(problem((*at, "note"), "expected the id of one of the section's footnotes"))
            note = None
        return NumberCell(value=value, note=note, text=text)
    return _number(column, cell, at, problem, problems)


def _number(
    column: Column, value: Any, at: FieldPath, problem: Problem, problems: list[ContentProblem]
) -> Decimal | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, Decimal)):
        shown = f"text '{value}'" if isinstance(value, str) else type(value).__name__
        hint = number_hint(value, "the column's `unit`") if isinstance(value, str) else ""
        problems.append(problem(at, f"expected a number in the {column.type} column '{column.id}', got {shown}{hint}"))
        return None
    number = Decimal(value)
    if not number.is_finite():
        problems.append(problem(at, f"expected a number in the {column.type} column '{column.id}'"))
        return None
    if (too_long := number_digits_problem(number)) is not None:
        problems.append(problem(at, too_long))
        return None
    if column.type == "count" and number != number.to_integral_value():
        problems.append(
            problem(at, f"expected a whole number in the count column '{column.id}', got {number_text(number)}")
        )
    return number


def _text(value: Any, at: FieldPath, problem: Problem, problems: list[ContentProblem]) -> Text | None:
    if not isinstance(value, dict) or set(value) != {"th", "en"}:
        problems.append(problem(at, "expected a text in both languages: th and en"))
        return None
    try:
        return Text.model_validate(value)
    except pydantic.ValidationError:
        problems.append(problem(at, "expected a text in both languages: th and en, neither empty"))
        return None


# --- rows from a CSV file -------------------------------------------------


def read_csv_rows(
    table: TableBlock, file: Path, dates: DateSpan | None = None
) -> tuple[list[Row | RowGroup], list[ContentProblem]]:
    """The rows of `file`, a CSV file whose header names the table's columns (`id.th` and `id.en` for text)."""

    def problem(line: int, column: int, field: str, message: str) -> ContentProblem:
        return ContentProblem(file, line, column, field, message)

    try:
        if file.stat().st_size > MAX_CSV_BYTES:
            return [], [problem(1, 1, "", f"the file is larger than {MAX_CSV_BYTES:,} bytes")]
        text = file.read_bytes().decode("utf-8-sig")
    except FileNotFoundError:
        return [], [problem(1, 1, "", "the file is missing; rows_file names a CSV file in the same folder")]
    except UnicodeDecodeError:
        return [], [problem(1, 1, "", "the file is not UTF-8 text; in Excel, save it as “CSV UTF-8”")]
    except OSError as error:
        return [], [problem(1, 1, "", f"cannot read the file: {error.strerror}")]
    lines = text.splitlines()
    records = list(csv.reader(io.StringIO(text)))
    if not records:
        return [], [problem(1, 1, "", "the file is empty; its first line names the columns")]
    header, problems = records[0], []
    expected = [
        name
        for column in table.columns
        for name in ((f"{column.id}.th", f"{column.id}.en") if column.type == "text" else (column.id,))
    ]
    for index, name in enumerate(header):
        if name.strip() not in expected:
            problems.append(
                problem(1, _offset(lines[0], index), name, f"unknown column; the header names: {', '.join(expected)}")
            )
    for name in expected:
        if name not in (cell.strip() for cell in header):
            problems.append(problem(1, 1, name, "this column is missing from the header"))
    if problems:
        return [], problems
    position = {name.strip(): index for index, name in enumerate(header)}
    rows: list[Row | RowGroup] = []
    for line_number, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            continue
        raw = lines[line_number - 1] if line_number - 1 < len(lines) else ""
        if len(record) != len(header):
            problems.append(
                problem(line_number, 1, "", f"the line has {len(record)} cells; the header has {len(header)}")
            )
            continue
        row: Row = {}
        for column in table.columns:
            if column.type == "text":
                th, en = (record[position[f"{column.id}.{language}"]].strip() for language in ("th", "en"))
                if not th and not en:
                    row[column.id] = None
                elif not th or not en:
                    missing = "th" if not th else "en"
                    at = position[f"{column.id}.{missing}"]
                    problems.append(
                        problem(line_number, _offset(raw, at), f"{column.id}.{missing}", "the text is empty")
                    )
                else:
                    row[column.id] = Text(th=th, en=en)
                continue
            at = position[column.id]
            value, message = _csv_value(column, record[at].strip(), dates)
            if message:
                problems.append(problem(line_number, _offset(raw, at), column.id, message))
            row[column.id] = value
        rows.append(row)
    return rows, problems


def _csv_value(column: Column, text: str, dates: DateSpan | None) -> tuple[Any, str | None]:
    if not text:
        return None, None
    if column.type == "date":
        if not CSV_DATE.match(text):
            return None, f"expected a date like 2020-03-31, got '{text}'"
        try:
            day = date.fromisoformat(text)
        except ValueError:
            return None, unreadable_date(text)
        slip = date_problem(day, dates)
        return (None, slip) if slip else (day, None)
    match = CSV_NUMBER.match(text) or CSV_BRACKETED.match(text)
    if match is None:
        hint = "; remove the %" if text.endswith("%") else ""
        return None, f"expected a number like 1234.50, 1,234.50 or -45.18, got '{text}'{hint}"
    negative = text.startswith(("(", "-", "−"))
    try:
        number = Decimal(("-" if negative else "") + match.group("digits").replace(",", ""))
    except InvalidOperation:  # pragma: no cover - the patterns above admit only numbers
        return None, f"expected a number, got '{text}'"
    if column.type == "count" and number != number.to_integral_value():
        return None, f"expected a whole number, got '{text}'"
    if (too_long := number_digits_problem(number)) is not None:
        return None, too_long
    return number, None


def _offset(line: str, field_index: int) -> int:
    """The 1-based character column where the CSV field `field_index` of `line` starts."""
    index, quoted = 0, False
    for position, character in enumerate(line):
        if index == field_index:
            return position + 1
        if character == '"':
            quoted = not quoted
        elif character == "," and not quoted:
            index += 1
    return len(line) + 1 if index == field_index else 1
