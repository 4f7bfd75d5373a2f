"""A Markdown extension that names every table cell by its column, so that a phone can show a row as a card.

On a narrow screen a table of six columns either scrolls sideways, hiding the
figures, or shrinks them. reportsite.css shows each row as a card there
instead: the row's label, then each figure after its column's heading. CSS
can show the heading only from an attribute of the cell itself, so this
writes the heading's text into each body cell (`data-label`), working out
which heading covers which column from the header's colspans and rowspans
(two heading rows for a group of columns give "group · column").

The row's own label cell is marked `rs-row-label`. No ARIA roles are added:
they would repeat the elements' own, which HTML forbids on a table's rows and
cells, and the browsers that read pages aloud keep a table's semantics when
CSS shows it as blocks.

It runs on every table of every page, whatever wrote it: the generator's
Markdown tables, its HTML ones (md_in_html), or a project's own.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as etree

from markdown import Extension, Markdown
from markdown.treeprocessors import Treeprocessor

# Raw HTML that Python-Markdown keeps aside while it works leaves this mark in the text.
_STASHED = re.compile("\x02wzxhzdk:\\d+\x03")

# A first cell this short is a key (a number), not the row's label.
_KEY_LENGTH = 6


class TableCells(Extension):
    def extendMarkdown(self, md: Markdown) -> None:
        # After the inline patterns (priority 20), so that the headings' text is final.
        md.treeprocessors.register(_CellLabels(md), "reportsite_table_cells", 1)


def makeExtension(**kwargs: object) -> TableCells:  # the name Python-Markdown looks for
    return TableCells(**kwargs)


class _CellLabels(Treeprocessor):
    def run(self, root: etree.Element) -> None:
        for table in root.iter("table"):
            headings = _column_headings(table)
            rows = [row for section in table if section.tag != "thead" for row in section.iter("tr")]
            keyed = len(headings) > 2 and all(_is_key(row) for row in rows if len(row) == len(headings))
            for row in rows:
                _label_cells(row, headings, keyed)


def _is_key(row: etree.Element) -> bool:
    """Whether the row's first cell is a short key (a grouping's number: "1", "2.1") rather than its label."""
    return len(_text(row[0])) <= _KEY_LENGTH


def _label_cells(row: etree.Element, headings: list[str], keyed: bool) -> None:
    """Mark the row's label (its first cell; its second, after a short key such as a grouping's number, which keeps
    its heading: "Strategy 2") and name every other cell by its column's heading."""
    column = 0
    label = 1 if keyed and len(row) == len(headings) else 0
    for index, cell in enumerate(row):
        if index == label:
            _add_class(cell, "rs-row-label")
        elif cell.tag == "td" and column < len(headings) and headings[column]:
            cell.set("data-label", headings[column])
            if index < label:
                _add_class(cell, "rs-row-key")
        column += _span(cell, "colspan")


def _add_class(cell: etree.Element, name: str) -> None:
    cell.set("class", " ".join(filter(None, [cell.get("class"), name])))


def _column_headings(table: etree.Element) -> list[str]:
    """Each column's heading text, from the header's rows: the headings over it, top to bottom, joined with " · "."""
    head = table.find("thead")
    if head is None:
        return []
    grid: list[list[str]] = []
    pending: dict[int, tuple[str, int]] = {}  # column → (text, rows still to cover) from a rowspan above
    for row in head.iter("tr"):
        line: list[str] = []
        cells = iter(row)
        while True:
            carried = pending.get(len(line))
            if carried is not None:
                text, rows = carried
                line.append("")  # the heading was already counted in the row it starts in
                if rows > 1:
                    pending[len(line) - 1] = (text, rows - 1)
                else:
                    del pending[len(line) - 1]
                continue
            cell = next(cells, None)
            if cell is None:
                break
            text = _text(cell)
            span, rows = _span(cell, "colspan"), _span(cell, "rowspan")
            for _ in range(span):
                if rows > 1:
                    pending[len(line)] = (text, rows - 1)
                line.append(text)
        grid.append(line)
    width = max((len(line) for line in grid), default=0)
    headings = []
    for column in range(width):
        parts = [line[column] for line in grid if column < len(line) and line[column]]
        headings.append(" · ".join(dict.fromkeys(parts)))
    return headings


def _span(cell: etree.Element, name: str) -> int:
    value = cell.get(name, "1")
    return int(value) if value.isdigit() and int(value) > 0 else 1


def _text(cell: etree.Element) -> str:
    """The heading's words, without its footnote marks (their numbers would run into the last word)."""
    parts: list[str] = []

    def walk(element: etree.Element) -> None:
        if element.tag == "sup":
            return
        parts.append(element.text or "")
        for child in element:
            walk(child)
            parts.append(child.tail or "")

    walk(cell)
    return " ".join(_STASHED.sub("", "".join(parts)).split())
