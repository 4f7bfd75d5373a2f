"""Checks of meaning across the blocks of a period's sections, which types alone cannot make.

Ids that must be unique, footnotes that must exist, list numbers that must be
given, a scorecard's weights and periods, tables' cells and charts. Each
problem points at its line, through the section's YAML document.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from ..errors import ContentProblem
from .fiscal import PERIOD_KEYS, DateSpan, PeriodId
from .loading import Document, FieldPath
from .model import (
    GroupingsBlock,
    KeyFiguresBlock,
    ListBlock,
    ListItem,
    NumberCell,
    ProgressBlock,
    ScorecardBlock,
    Section,
    TableBlock,
    TextBlock,
    cell_value,
    number_text,
)
from .tables import read_csv_rows, typed_rows, typed_total_cells

# A footnote's mark in a text: [^id].
FOOTNOTE_MARK = re.compile(r"\[\^([^\]\s]+)\]")


def walk_blocks(section: Section) -> Iterator[tuple[FieldPath, Any]]:
    """Every block of a section, groupings' and projects' blocks too, with its path in the section's file."""
    for index, block in enumerate(section.blocks):
        path: FieldPath = ("blocks", index)
        yield path, block
        if isinstance(block, GroupingsBlock):
            for g, grouping in enumerate(block.groupings):
                for b, inner in enumerate(grouping.blocks):
                    yield (*path, "groupings", g, "blocks", b), inner
                for p, project in enumerate(grouping.projects):
                    for b, inner in enumerate(project.blocks):
                        yield (*path, "groupings", g, "projects", p, "blocks", b), inner


def check_sections(
    period_id: PeriodId, sections: dict[str, Section], dates: DateSpan | None = None
) -> Iterable[ContentProblem]:
    """Check the sections of one period together (ids unique in the period, one scorecard), and each section.

    `dates` is the period's, when the calendar is known: the tables' dates are checked against it."""
    period_ids: dict[str, tuple[Document, FieldPath]] = {}
    table_ids: dict[str, tuple[Document, FieldPath]] = {}
    scorecards: list[tuple[Document, FieldPath]] = []
    for section in sections.values():
        document = section.document
        for path, block in walk_blocks(section):
            if isinstance(block, TextBlock | ListBlock | ScorecardBlock) and block.number and block.title is None:
                yield document.problem(
                    (*path, "number"), "a number goes before the block's heading: give the block its `title` too"
                )
            if isinstance(block, GroupingsBlock):
                for g, grouping in enumerate(block.groupings):
                    yield from _unique(period_ids, grouping.id, document, (*path, "groupings", g, "id"))
                    for p, project in enumerate(grouping.projects):
                        yield from _unique(
                            period_ids, project.id, document, (*path, "groupings", g, "projects", p, "id")
                        )
            elif isinstance(block, ProgressBlock):
                for i, item in enumerate(block.items):
                    yield from _unique(period_ids, item.id, document, (*path, "items", i, "id"))
            elif isinstance(block, TableBlock):
                yield from _unique(table_ids, block.id, document, (*path, "id"))
                yield from _check_table(block, document, path, dates)
            elif isinstance(block, KeyFiguresBlock):
                seen: dict[str, tuple[Document, FieldPath]] = {}
                for i, figure in enumerate(block.figures):
                    yield from _unique(seen, figure.id, document, (*path, "figures", i, "id"))
            elif isinstance(block, ListBlock):
                yield from _check_list(block.items, block.numbering, document, (*path, "items"))
            elif isinstance(block, ScorecardBlock):
                scorecards.append((document, path))
                yield from _check_scorecard(period_id, block, document, path)
        yield from _check_footnotes(section)
    for document, path in scorecards[1:]:
        first, first_path = scorecards[0]
        line, _ = first.position(first_path)
        yield document.problem(
            path, f"a period has at most one scorecard; the first is in {first.file.name}, line {line}"
        )


def _unique(
    seen: dict[str, tuple[Document, FieldPath]], value: str, document: Document, path: FieldPath
) -> Iterable[ContentProblem]:
    if value in seen:
        first, first_path = seen[value]
        line, _ = first.position(first_path)
        where = f"line {line}" if first is document else f"{first.file.name}, line {line}"
        yield document.problem(path, f"duplicate id '{value}' (first used on {where})")
    else:
        seen[value] = (document, path)


def _check_list(items: list[ListItem], numbering: str, document: Document, path: FieldPath) -> Iterable[ContentProblem]:
    for index, item in enumerate(items):
        at = (*path, index)
        if numbering == "given" and item.number is None:
            yield document.problem(at, "the list's numbering is `given`: give this item its `number`")
        if numbering != "given" and item.number is not None:
            yield document.problem(
                (*at, "number"), f"the list's numbering is `{numbering}`; set `numbering: given` to use numbers"
            )
        yield from _check_list(item.items, numbering, document, (*at, "items"))


def _check_scorecard(
    period_id: PeriodId, scorecard: ScorecardBlock, document: Document, base: FieldPath
) -> Iterable[ContentProblem]:
    seen: dict[str, tuple[Document, FieldPath]] = {}
    for i, component in enumerate(scorecard.components):
        yield from _unique(seen, component.id, document, (*base, "components", i, "id"))
    total = scorecard.total_weight
    if total != 100:
        # Each weight where it is, so that the editor can check them one by one against the report.
        parts = [
            document.problem((*base, "components", i, "weight"), number_text(component.weight))
            for i, component in enumerate(scorecard.components)
        ]
        weights = ", ".join(number_text(component.weight) for component in scorecard.components)
        yield document.problem(
            (*base, "components"),
            f"the weights ({weights}) add up to {number_text(total)}, expected 100; they are:"
            + "".join(f"\n    {part}" for part in parts),
        )
    current = period_id.key
    for i, component in enumerate(scorecard.components):
        path = (*base, "components", i, "scores")
        for key, score in component.scores.items():
            period = PeriodId.of_key(period_id.fiscal_year_be, key)
            assert period is not None, "the model admits only the keys of periods"
            if period.last_month > period_id.last_month:
                yield document.problem(
                    (*path, key),
                    f"{key} comes after this report's period ({current}); report only {current} and earlier",
                )
            elif period > period_id:
                yield document.problem(
                    (*path, key),
                    f"{key} is longer than this report's period ({current}) and ends with it; "
                    f"report only {current} and earlier",
                )
            elif score > component.weight:
                yield document.problem(
                    (*path, key),
                    f"the weighted score {number_text(score)} is more than the weight {number_text(component.weight)}",
                )
        first = scorecard.components[0]
        if i > 0 and set(component.scores) != set(first.scores):
            reported = ", ".join(key for key in PERIOD_KEYS if key in first.scores)
            yield document.problem(path, f"every component must report the same periods as the first ({reported})")


def _check_table(
    table: TableBlock, document: Document, path: FieldPath, dates: DateSpan | None
) -> Iterable[ContentProblem]:
    columns = {column.id: column for column in table.columns}
    seen: dict[str, tuple[Document, FieldPath]] = {}
    for i, column in enumerate(table.columns):
        yield from _unique(seen, column.id, document, (*path, "columns", i, "id"))
        if column.total and column.type not in ("number", "percent", "money", "count"):
            yield document.problem(
                (*path, "columns", i, "total"), f"only number columns can be summed, not {column.type}"
            )
    if table.rows and table.rows_file:
        yield document.problem((*path, "rows_file"), "give the rows either in `rows` or in `rows_file`, not both")
        return
    if not table.rows and not table.rows_file:
        yield document.problem(path, "the table has no rows: give `rows`, or a CSV file in `rows_file`")
        return
    yield from _check_column_groups(table, document, path)
    if table.rows_file:
        rows, problems = read_csv_rows(table, Path(document.file).parent / table.rows_file, dates)
    else:
        rows, problems = typed_rows(table, document, path, dates)
    total_cells, total_problems = typed_total_cells(table, document, path, dates)
    yield from problems
    yield from total_problems
    if not problems and not total_problems:
        table.use_rows(rows, total_cells)
        yield from _check_total_cells(table, total_cells, document, path)
    if table.total is None:
        for field in ("total_cells", "total_notes"):
            if getattr(table, field):
                yield document.problem((*path, field), "there is no total row: give its label in `total` first")
    elif not any(column.total for column in table.columns) and not table.total_cells:
        yield document.problem(
            (*path, "total"), "a total row needs at least one column with `total: true`, or its `total_cells`"
        )
    for column_id in table.total_notes:
        noted = columns.get(column_id)
        if noted is None or not noted.total:
            summed = ", ".join(column.id for column in table.columns if column.total) or "none"
            yield document.problem(
                (*path, "total_notes", column_id),
                f"expected the id of a column with `total: true` (summed: {summed}); "
                "a footnote on a cell of `total_cells` goes in that cell: {value: 12.5, note: footnote-id}",
            )
    if table.chart is not None:
        chart = table.chart
        label = columns.get(chart.label_column)
        if label is None or label.type != "text":
            yield document.problem(
                (*path, "chart", "label_column"), "expected the id of one of the table's text columns"
            )
        for i, column_id in enumerate(chart.value_columns):
            drawn = columns.get(column_id)
            if drawn is None or drawn.type in ("text", "date"):
                yield document.problem(
                    (*path, "chart", "value_columns", i), "expected the id of one of the table's number columns"
                )
        if chart.kind == "bars" and len(chart.value_columns) > 1:
            yield document.problem((*path, "chart", "kind"), "`bars` draws one column; use `grouped_bars` for several")


def _check_column_groups(table: TableBlock, document: Document, path: FieldPath) -> Iterable[ContentProblem]:
    """Each group heads columns of the table that stand side by side, in order, and in no other group."""
    order = {column.id: index for index, column in enumerate(table.columns)}
    grouped: set[str] = set()
    for g, group in enumerate(table.column_groups):
        at = (*path, "column_groups", g, "columns")
        unknown = [column_id for column_id in group.columns if column_id not in order]
        for column_id in unknown:
            yield document.problem(
                (*at, group.columns.index(column_id)),
                f"unknown column '{column_id}'; the table's columns are: {', '.join(order)}",
            )
        for c, column_id in enumerate(group.columns):
            if column_id in grouped:
                yield document.problem((*at, c), f"the column '{column_id}' is already under another group")
            grouped.add(column_id)
        if unknown:
            continue
        positions = [order[column_id] for column_id in group.columns]
        if positions != list(range(positions[0], positions[0] + len(positions))):
            yield document.problem(
                at, "a group's columns must stand side by side, in the table's order: " + ", ".join(group.columns)
            )


def _check_total_cells(
    table: TableBlock, total_cells: dict[str, Any], document: Document, path: FieldPath
) -> Iterable[ContentProblem]:
    first = table.columns[0].id
    for column_id, cell in total_cells.items():
        at = (*path, "total_cells", column_id)
        column = table.column(column_id)
        if column_id == first:
            yield document.problem(at, f"the first column ('{first}') holds the total row's label, `total`")
        elif column.total:
            yield document.problem(
                at, f"the column '{column_id}' is summed (`total: true`): its total is computed, never typed"
            )
        elif column.type not in ("text", "date") and (value := cell_value(cell)) is not None:
            rows_sum = table.sum(column_id, table.data_rows)
            if value == rows_sum and any(cell_value(row.get(column_id)) is not None for row in table.data_rows):
                yield document.problem(
                    at,
                    f"{number_text(value)} is the sum of the column's rows: give the column `total: true` "
                    "and leave this cell out, so that the site computes it",
                    warning=True,
                )


def _check_footnotes(section: Section) -> Iterable[ContentProblem]:
    document = section.document
    defined: dict[str, tuple[Document, FieldPath]] = {}
    for i, footnote in enumerate(section.footnotes):
        yield from _unique(defined, footnote.id, document, ("footnotes", i, "id"))
    used: set[str] = set()
    for path, text in _strings(document.data, ()):
        for match in FOOTNOTE_MARK.finditer(text):
            used.add(match.group(1))
            if match.group(1) not in defined:
                yield document.problem(path, f"the footnote [^{match.group(1)}] is not among the section's footnotes")
    for path, block in walk_blocks(section):
        if isinstance(block, TableBlock):
            for row in [*block.data_rows, block.given_total_cells]:
                for cell in row.values():
                    if isinstance(cell, NumberCell) and cell.note is not None:
                        used.add(cell.note)
                        if cell.note not in defined:
                            yield document.problem(
                                path, f"a cell refers to the footnote '{cell.note}', which the section does not have"
                            )
            for column_id, note in block.total_notes.items():
                used.add(note)
                if note not in defined:
                    yield document.problem(
                        (*path, "total_notes", column_id),
                        f"the footnote '{note}' is not among the section's footnotes",
                    )
    for footnote_id, (_, path) in defined.items():
        if footnote_id not in used:
            yield document.problem(path, f"the footnote '{footnote_id}' is never referred to", warning=True)


def _strings(data: Any, path: FieldPath) -> Iterator[tuple[FieldPath, str]]:
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _strings(value, (*path, index))
