"""What a change to the content does to the published report, for review: `reportsite diff`.

Both sides are loaded and validated as the site would be, then compared by
ids (by position only where the content has no ids), and each difference is
written in each language, in the report's reading order:

- a changed figure, where it is and what it was:
  `2563-q2 · ยุทธศาสตร์ที่ 1 · โครงการ 1: ร้อยละเทียบเป้าหมายปี 45.83 → 47.00`;
- a changed text, by the words that changed (Thai cut into words as the search
  index is), between a few unchanged words on each side, and cut with "…"
  only between words; each separate change in a text on a line of its own;
- a new period (or a project, a table… added to a period), by every figure it
  publishes, under the titles of the sections, groupings and projects that hold
  them, each with the previous period's value and the change:
  `2563-q3 · ยุทธศาสตร์ที่ 1 · โครงการ 1: ร้อยละเทียบแผนไตรมาส 90.00 (ไตรมาส 2: 85.94, +4.06)`.

Lines name a grouping's section only where two sections have groupings, whose
numbers would otherwise be the same.
"""

from __future__ import annotations

import io
import re
import subprocess
import tarfile
import tempfile
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from difflib import SequenceMatcher
from functools import partial
from pathlib import Path
from typing import Any, Literal

from ..engine.thai_search import split_words
from ..errors import ContentError, ReportsiteError
from ..reading.comparison import previous_period
from ..reading.fiscal import PeriodId
from ..reading.model import (
    Column,
    GroupingsBlock,
    KeyFiguresBlock,
    ListBlock,
    ListItem,
    NumberCell,
    NumberedGrouping,
    NumberedProject,
    Period,
    Progress,
    ProgressBlock,
    Report,
    ScorecardBlock,
    Section,
    TableBlock,
    Text,
    TextBlock,
    cell_value,
)
from ..reading.validation import validate_content
from ..rendering.filters import strip_footnote_marks
from ..rendering.localization import Localizer

# Unchanged text shown on each side of a change: whole words, up to at least this many characters.
CONTEXT = 24
# A removed text is named by its first words, up to this many characters.
OPENING = 60

# A GitHub comment holds at most 65,536 characters: a longer Markdown summary is cut to this many, with a note.
MARKDOWN_LIMIT = 60_000

Key = tuple[Any, ...]
# What would open a list or a heading at the start of a Markdown list item's text: escape its character.
_BLOCK_START = re.compile(r"^(\d*)([-+#]|(?<=\d)[.)])")
# A piece of a line, and whether it is words that changed.
Part = tuple[str, bool]


@contextmanager
def content_at(root: Path, revision: str | None, content_dir: Path) -> Iterator[Path]:
    """Yield the content folder as it is at a git revision (None: the working tree)."""
    if revision is None:
        yield content_dir
        return
    relative = content_dir.resolve().relative_to(root.resolve()).as_posix()
    result = subprocess.run(["git", "archive", "--format=tar", revision, relative], cwd=root, capture_output=True)
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip()
        raise ReportsiteError(f"cannot read {relative}/ at the revision '{revision}': {message}")
    with tempfile.TemporaryDirectory() as scratch:
        with tarfile.open(fileobj=io.BytesIO(result.stdout)) as archive:
            archive.extractall(scratch, filter="data")
        yield Path(scratch) / relative


def load_side(root: Path, revision: str | None, content_dir: Path) -> Report:
    with content_at(root, revision, content_dir) as folder:
        try:
            return validate_content(folder)
        except ContentError as error:
            side = f"at {revision}" if revision else "in the working tree"
            raise ReportsiteError(f"the content {side} has problems:\n{error.format_message()}") from None


@dataclass(frozen=True)
class DiffLine:
    """One difference in one language, some of its words marked as those that changed."""

    period: str
    parts: tuple[Part, ...]

    @property
    def text(self) -> str:
        return "".join(piece for piece, _ in self.parts)

    @property
    def markdown(self) -> str:
        # <b> rather than **: emphasis would not open between a Thai letter and a parenthesis.
        line = "".join(_marked(piece) if changed else _escape_markdown(piece) for piece, changed in self.parts)
        # Not a nested list or a heading inside the line's list item.
        return _BLOCK_START.sub(lambda match: match.group(1) + "\\" + match.group(2), line, count=1)


def diff_reports(before: Report, after: Report, l10n: Localizer) -> list[DiffLine]:
    """Every published difference, in the language of `l10n`: period by period, each in its reading order."""
    old = {str(period.id): period for period in before.periods}
    new = {str(period.id): period for period in after.periods}
    lines: list[DiffLine] = []
    for name in sorted(old.keys() | new.keys(), key=PeriodId.of_folder):
        if name not in old:
            found = _new_period(after, new[name], l10n)
        elif name not in new:
            found = [[(l10n.string("diff_period_removed"), False)]]
        else:
            found = _changes(_Entries(old[name], l10n), _Entries(new[name], l10n), l10n)
        lines += [DiffLine(name, _merged(parts)) for parts in found]
    return lines


# --- what a reader sees of a period ----------------------------------------------


@dataclass(frozen=True)
class _Entry:
    """One thing a reader sees of a period: where it is, what it is, and what it shows."""

    kind: Literal["thing", "figure", "text"]
    """A thing (a section, a grouping, a project, a table, a component, an item) holds others, and shows its
    title; a figure is compared as it is shown; a text, word by word."""
    where: str
    label: str
    shown: str
    within: tuple[Key, ...] = ()
    """The things it is in, outermost first."""
    amount: Decimal | None = None
    """The number shown, for the change since the previous period."""
    change: Callable[[Decimal], str] | None = None
    """How a change in `amount` is written."""
    compare_as: Key | None = None
    """Its key in the previous period, where that is not its own: a period's own score is compared with the
    previous period's own score."""
    listed: bool = False
    """A text that is listed with the figures of a new period: its title, what it covers, a table's text cell."""
    heading: bool = False
    """A thing whose title heads its figures in a new period: a section, a grouping, a project."""


class _Entries:
    """Everything a reader sees of a period, by keys of ids, in the report's reading order (`found`)."""

    def __init__(self, period: Period, l10n: Localizer) -> None:
        self.period = period
        self.l10n = l10n
        self.found: dict[Key, _Entry] = {}
        self._numbered = {id(numbered.grouping): numbered for numbered in period.groupings}
        # Groupings are numbered within their section: where two sections have them, the lines name the section.
        self._name_sections = sum(1 for section in period.sections.values() if section.groupings) > 1
        s = l10n.string
        info = period.info
        self._figure(("as_of",), "", s("as_of"), l10n.date(info.as_of), ())
        self._text(("title",), "", s("diff_title"), info.title, (), listed=True)
        if info.covers is not None:
            self._text(("covers",), "", s("covers"), info.covers, (), listed=True)
        for name, section in period.sections.items():
            self._section(name, section)

    def _words(self, text: Text) -> str:
        """A title as a label of a line: on one line, without its footnote marks."""
        return " ".join(strip_footnote_marks(text[self.l10n.language]).split())

    def _thing(self, key: Key, where: str, title: Text, within: tuple[Key, ...], *, heading: bool = False) -> None:
        self.found[key] = _Entry("thing", where, "", self._words(title), within, heading=heading)
        self._text((*key, "title"), where, self.l10n.string("diff_title"), title, (*within, key))

    def _text(
        self, key: Key, where: str, label: str, text: Text, within: tuple[Key, ...], *, listed: bool = False
    ) -> None:
        self.found[key] = _Entry("text", where, label, self._words(text), within, listed=listed)

    def _figure(
        self,
        key: Key,
        where: str,
        label: str,
        shown: str,
        within: tuple[Key, ...],
        amount: Decimal | None = None,
        change: Callable[[Decimal], str] | None = None,
        compare_as: Key | None = None,
    ) -> None:
        self.found[key] = _Entry("figure", where, label, shown, within, amount, change, compare_as)

    def _section(self, name: str, section: Section) -> None:
        key = ("section", name)
        place = self._words(section.nav_label)
        self._thing(key, place, section.title, (), heading=True)
        if section.nav_title is not None:
            self._text((*key, "nav_title"), place, self.l10n.string("diff_nav_title"), section.nav_title, (key,))
        self._blocks(key, place, section.blocks, (key,), "")

    def _blocks(self, container: Key, place: str, blocks: Sequence[Any], within: tuple[Key, ...], prefix: str) -> None:
        """The blocks of a section, a grouping or a project, each kind counted apart (a new table before a
        paragraph leaves the paragraph where it was); paragraphs are numbered across the blocks, as read."""
        s = self.l10n.string
        seen: Counter[str] = Counter()
        paragraphs = 0
        lists = sum(1 for block in blocks if isinstance(block, ListBlock))
        for block in blocks:
            seen[block.type] += 1
            key = (*container, block.type, seen[block.type])
            if isinstance(block, GroupingsBlock):
                for grouping in block.groupings:
                    self._grouping(self._numbered[id(grouping)], place, within)
                continue
            if isinstance(block, TableBlock):
                self._table(place, block, within)
                continue
            if block.title is not None:
                self._text((*key, "title"), place, s("diff_heading"), block.title, within)
            if isinstance(block, TextBlock):
                for index, paragraph in enumerate(block.paragraphs, start=1):
                    paragraphs += 1
                    where = f"{place} · {s('diff_paragraph', number=paragraphs)}"
                    self._text((*key, index), where, "", paragraph, within)
            elif isinstance(block, ListBlock):
                where = place
                if block.title is not None:
                    where += f" · {self._words(block.title)}"
                elif lists > 1:
                    where += f" · {s('diff_list', number=seen['list'])}"
                self._list_items(key, where, block, block.items, prefix, within)
            elif isinstance(block, KeyFiguresBlock):
                self._key_figures(key, place, block, within)
            elif isinstance(block, ProgressBlock):
                for item in block.items:
                    item_key = ("item", item.id)
                    item_where = f"{place} · {self._words(item.title)}"
                    self._thing(item_key, item_where, item.title, within)
                    self._progress(item_key, item_where, item.progress, (*within, item_key))
            elif isinstance(block, ScorecardBlock):
                self._scorecard(place, block, within)

    def _list_items(
        self, key: Key, where: str, block: ListBlock, items: list[ListItem], prefix: str, within: tuple[Key, ...]
    ) -> None:
        s = self.l10n.string
        for index, item in enumerate(items, start=1):
            number = item.number if block.numbering == "given" and item.number else f"{prefix}{index}"
            item_where = f"{where} · {s('diff_item', number=self.l10n.digits(number))}"
            self._text((*key, number), item_where, "", item.text, within)
            for paragraph_number, paragraph in enumerate(item.paragraphs, start=1):
                paragraph_where = f"{item_where} · {s('diff_paragraph', number=paragraph_number)}"
                self._text((*key, number, paragraph_number), paragraph_where, "", paragraph, within)
            self._list_items(key, where, block, item.items, f"{number}.", within)

    def _key_figures(self, key: Key, place: str, block: KeyFiguresBlock, within: tuple[Key, ...]) -> None:
        l10n = self.l10n
        for figure in block.figures:
            unit = figure.unit[l10n.language] if figure.unit else None
            shown = l10n.quantity(figure.value, unit)
            if figure.qualifier:
                shown = l10n.string(figure.qualifier, value=shown)
            label = self._words(figure.label)
            change = partial(l10n.quantity, unit=unit, signed=True)
            self._figure((*key, figure.id), place, label, shown, within, figure.value, change)
            if figure.compare_with is not None:
                compared = figure.compare_with
                compared_label = l10n.string("diff_compared_with", figure=label, label=self._words(compared.label))
                shown = l10n.quantity(compared.value, unit)
                self._figure(
                    (*key, figure.id, "compare_with"), place, compared_label, shown, within, compared.value, change
                )

    def _table(self, place: str, table: TableBlock, within: tuple[Key, ...]) -> None:
        s = self.l10n.string
        key = ("table", table.id)
        where = f"{place} · {self._words(table.title)}"
        self._thing(key, where, table.title, within)
        inner = (*within, key)
        headings = {column.id: self._column_heading(table, column) for column in table.columns}
        for number, row in enumerate(table.data_rows, start=1):
            for column in table.columns:
                label = f"{s('diff_row', number=number)} · {headings[column.id]}"
                self._cell((*key, number, column.id), where, label, row.get(column.id), inner)
        # The total row's given cells (its sums follow from the rows above).
        total = self._words(table.total) if table.total else ""
        for column_id, cell in table.given_total_cells.items():
            self._cell((*key, "total", column_id), where, f"{total} · {headings[column_id]}", cell, inner)

    def _column_heading(self, table: TableBlock, column: Column) -> str:
        """A column's heading as the table shows it, with its unit and the heading over it: columns of the same
        title (a count and its percentage, or the same figure under two years) are told apart as on the page."""
        s = self.l10n.string
        heading = self._words(column.title)
        table_unit = table.unit_of(column)
        unit = "%" if column.type == "percent" else (table_unit[self.l10n.language] if table_unit else None)
        if unit:
            heading = s("column_unit", title=heading, unit=unit)
        group = next((group for group in table.column_groups if column.id in group.columns), None)
        if group is not None:
            heading = s("column_in_group", group=self._words(group.title), heading=heading)
        return heading

    def _cell(self, key: Key, where: str, label: str, cell: Any, within: tuple[Key, ...]) -> None:
        l10n = self.l10n
        value = cell.text if isinstance(cell, NumberCell) and cell.text is not None else cell_value(cell)
        if isinstance(value, Text):
            self._text(key, where, label, value, within, listed=True)
        elif value is None:
            self._figure(key, where, label, l10n.string("empty_cell"), within)
        elif isinstance(value, date):
            self._figure(key, where, label, l10n.date(value), within)
        else:
            self._figure(key, where, label, l10n.exact(value), within, Decimal(value), l10n.signed_exact)

    def _progress(self, key: Key, where: str, progress: Progress | None, within: tuple[Key, ...]) -> None:
        if progress is None:
            return
        l10n = self.l10n
        fields: list[tuple[str, str, Callable[[Decimal], str]]] = [
            ("vs_period_plan", l10n.period_string("diff_vs_period_plan", self.period.id), l10n.decimal2),
            ("vs_annual_target", l10n.string("diff_vs_annual_target"), l10n.decimal2),
            ("points_vs_plan", l10n.string("diff_points_vs_plan"), l10n.signed),  # signed, as the site shows it
        ]
        for field, label, shown in fields:
            value = getattr(progress, field)
            if value is not None:
                self._figure((*key, field), where, label, shown(value), within, value, l10n.signed)
        if progress.status is not None:
            status = l10n.string(f"status_{progress.status}")
            self._figure((*key, "status"), where, l10n.string("diff_status"), status, within)

    def _scorecard(self, place: str, block: ScorecardBlock, within: tuple[Key, ...]) -> None:
        l10n, s = self.l10n, self.l10n.string
        for number, component in enumerate(block.components, start=1):
            key = ("component", component.id)
            where = f"{place} · {l10n.numeral(number)}. {self._words(component.title)}"
            self._thing(key, where, component.title, within)
            inner = (*within, key)
            for field, value in (("indicators", Decimal(component.indicators)), ("weight", component.weight)):
                label = s(f"diff_{field}")
                self._figure((*key, field), where, label, l10n.number(value), inner, value, l10n.signed_exact)
            for score_key in block.periods_reported:
                scored = PeriodId.of_key(self.period.id.fiscal_year_be, score_key)
                assert scored is not None, "every score key names a period"
                score = component.scores[score_key]
                own = (*key, "own score") if score_key == self.period.score_key else None
                label = s("diff_score", period=l10n.period_short(scored))
                self._figure((*key, score_key), where, label, l10n.decimal2(score), inner, score, l10n.signed, own)

    def _grouping(self, numbered: NumberedGrouping, place: str, within: tuple[Key, ...]) -> None:
        where = self.l10n.string("strategy_number", number=self.l10n.digits(numbered.number))
        if self._name_sections:
            where = f"{place} · {where}"
        key = ("grouping", numbered.grouping.id)
        self._thing(key, where, numbered.grouping.title, within, heading=True)
        inner = (*within, key)
        self._blocks(key, where, numbered.grouping.blocks, inner, "")
        for project in self.period.projects:
            if project.grouping is numbered:
                self._project(project, where, inner)

    def _project(self, numbered: NumberedProject, place: str, within: tuple[Key, ...]) -> None:
        project = numbered.project
        where = f"{place} · {self.l10n.string('project_number', number=self.l10n.digits(numbered.number))}"
        key = ("project", project.id)
        self._thing(key, where, project.title, within, heading=True)
        inner = (*within, key)
        self._blocks(key, where, project.blocks, inner, f"{numbered.number}.")
        self._progress(key, where, project.progress, inner)


# --- the lines ---------------------------------------------------------------------


def _new_period(report: Report, period: Period, l10n: Localizer) -> list[list[Part]]:
    """A new period: what it is compared with, then every figure it publishes, in reading order."""
    previous = previous_period(report, period)
    entries = _Entries(period, l10n)
    listing = _Listing(entries, _Entries(previous, l10n) if previous else None, l10n)
    if previous is None:
        opening = l10n.string("diff_period_added")
    else:
        opening = l10n.string("diff_period_added_since", period=l10n.period_short(previous.id))
    lines = [[(opening, False)]]
    for key in entries.found:
        lines += listing.lines(key)
    return lines


class _Listing:
    """The figures of a new period (or of a thing added to one), each after the titles of the things it is in
    that head it, and with the previous period's value and the change, when there is a previous period."""

    def __init__(self, entries: _Entries, previous: _Entries | None, l10n: Localizer) -> None:
        self.entries = entries.found
        self.l10n = l10n
        self.since = l10n.period_short(previous.period.id) if previous else None
        self.previous: dict[Key, _Entry] = {}
        for key, entry in (previous.found if previous else {}).items():
            self.previous[key] = entry
            if entry.compare_as is not None:
                self.previous[entry.compare_as] = entry
        self.titled: set[Key] = set()
        """The things whose title is already shown, or that need none (an added thing has its own line)."""

    def lines(self, key: Key) -> list[list[Part]]:
        entry = self.entries[key]
        if entry.kind == "thing" or (entry.kind == "text" and not entry.listed):
            return []
        lines = []
        for thing in entry.within:
            if thing not in self.titled:
                self.titled.add(thing)
                if self.entries[thing].heading:
                    title = self.entries[(*thing, "title")]
                    lines.append([(_lead(title) + f"«{title.shown}»", False)])
        if entry.kind == "text":
            lines.append([(_lead(entry) + f"«{entry.shown}»", False)])
        else:
            lines.append([(_lead(entry) + entry.shown + self._since(key, entry), False)])
        return lines

    def _since(self, key: Key, entry: _Entry) -> str:
        if self.since is None:
            return ""
        s = self.l10n.string
        before = self.previous.get(entry.compare_as or key)
        if before is None:
            return " " + s("diff_not_in", period=self.since)
        if entry.amount is None or before.amount is None or entry.change is None:
            return " " + s("diff_previous", period=self.since, value=before.shown)
        change = entry.change(entry.amount - before.amount)
        return " " + s("diff_previous_change", period=self.since, value=before.shown, change=change)


def _changes(before: _Entries, after: _Entries, l10n: Localizer) -> list[list[Part]]:
    """The differences between two versions of a period, in reading order (what was removed, where it was)."""
    old, new = before.found, after.found
    added = {key for key in new if key not in old}
    gone = {key for key in old if key not in new}
    listing = _Listing(after, None, l10n)
    listing.titled |= new.keys() - added  # what was there already is named by the lines' places
    lines: list[list[Part]] = []
    for key in _reading_order(old, new):
        if key in new:
            entry = new[key]
            if any(thing in added for thing in entry.within):
                lines += listing.lines(key)  # in a thing that is new: listed as a new period's figures are
            elif key in added:
                listing.titled.add(key)
                lines.append(_added(entry, l10n))
            else:
                lines += _changed(old[key], entry)
        elif not any(thing in gone for thing in old[key].within):
            lines.append(_removed(old[key], l10n))
    return lines


def _reading_order(old: dict[Key, _Entry], new: dict[Key, _Entry]) -> list[Key]:
    """The keys of both versions: the new one's order, with each removed entry after the one it followed."""
    following: defaultdict[Key | None, list[Key]] = defaultdict(list)
    anchor: Key | None = None
    for key in old:
        if key in new:
            anchor = key
        else:
            following[anchor].append(key)
    order = list(following[None])
    for key in new:
        order += [key, *following[key]]
    return order


def _lead(entry: _Entry, after_label: str = " ") -> str:
    """The start of an entry's line: where it is, then what it is (each where it has one); a line that starts
    with what it is starts with a capital ("Data as of…")."""
    if not entry.label:
        return f"{entry.where}: " if entry.where else ""
    if entry.where:
        return f"{entry.where}: {entry.label}{after_label}"
    return entry.label[:1].upper() + entry.label[1:] + after_label


def _named(entry: _Entry) -> str:
    return _lead(entry, ": ")


def _added(entry: _Entry, l10n: Localizer) -> list[Part]:
    added = l10n.string("diff_added")
    if entry.kind == "thing":
        return [(f"{entry.where}: {added} ({entry.shown})", False)]
    shown = f"«{entry.shown}»" if entry.kind == "text" else entry.shown
    return [(f"{_named(entry)}{added} {shown}", False)]


def _removed(entry: _Entry, l10n: Localizer) -> list[Part]:
    removed = l10n.string("diff_removed")
    if entry.kind == "thing":
        return [(f"{entry.where}: {removed} ({entry.shown})", False)]
    if entry.kind == "text":
        return [(f"{_named(entry)}{removed} «{_opening(entry.shown)}»", False)]
    return [(f"{_named(entry)}{removed}", False)]


def _changed(old: _Entry, new: _Entry) -> list[list[Part]]:
    if new.kind == "thing" or old.shown == new.shown:
        return []
    if old.kind == "text" and new.kind == "text":
        lead = _lead(new) + "«"
        return [[(lead, False), *a, ("» → «", False), *b, ("»", False)] for a, b in _word_changes(old.shown, new.shown)]
    return [[(f"{_lead(new)}{old.shown} → {new.shown}", False)]]


# --- the words of a text that changed ----------------------------------------------

# An opcode of difflib's SequenceMatcher: (tag, i1, i2, j1, j2).
_Opcode = tuple[str, int, int, int, int]


def _word_changes(old: str, new: str) -> list[tuple[list[Part], list[Part]]]:
    """The changes from `old` to `new`, each as both sides' words, the changed ones marked, between unchanged
    words (at least CONTEXT characters of them where the text has them) and "…" where the text goes on.
    Changes with little unchanged text between them are shown together."""
    a, b = split_words(old), split_words(new)
    hunks: list[list[_Opcode]] = []
    for opcode in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if opcode[0] == "equal":
            continue
        if hunks and _width(a[hunks[-1][-1][2] : opcode[1]]) <= 2 * CONTEXT:
            hunks[-1].append(opcode)
        else:
            hunks.append([opcode])
    changes = []
    for index, hunk in enumerate(hunks):
        before = hunks[index - 1][-1] if index > 0 else None
        after = hunks[index + 1][0] if index + 1 < len(hunks) else None
        old_side = _side(
            a, [(i1, i2) for _, i1, i2, _, _ in hunk], before[2] if before else 0, after[1] if after else len(a)
        )
        new_side = _side(
            b, [(j1, j2) for *_, j1, j2 in hunk], before[4] if before else 0, after[3] if after else len(b)
        )
        changes.append((old_side, new_side))
    return changes


def _side(words: list[str], spans: list[tuple[int, int]], lower: int, upper: int) -> list[Part]:
    """One side of a change: the words of `spans` marked, the unchanged words between them, and some of those
    around them (from no further than `lower` and `upper`): CONTEXT characters of whole words, or all of them to
    the start or the end of the text when fewer than CONTEXT more would be left out."""
    start, end = spans[0][0], spans[-1][1]
    first = start
    while first > lower and _width(words[first:start]) < CONTEXT:
        first -= 1
    if lower == 0 and _width(words[:first]) < CONTEXT:
        first = 0  # the text's few first words are shown rather than cut off
    while first < start and words[first].isspace():
        first += 1
    last = end
    while last < upper and _width(words[end:last]) < CONTEXT:
        last += 1
    if upper == len(words) and _width(words[last:]) < CONTEXT:
        last = upper
    while last > end and words[last - 1].isspace():
        last -= 1
    parts: list[Part] = [("…" if first > 0 else "", False), ("".join(words[first:start]), False)]
    position = start
    for span_start, span_end in spans:
        between = "".join(words[position:span_start])
        parts.append((between, not between.strip()))  # spaces alone between two changes are part of them
        parts.append(("".join(words[span_start:span_end]), True))
        position = span_end
    parts += [("".join(words[end:last]), False), ("…" if last < len(words) else "", False)]
    return parts


def _width(words: Iterable[str]) -> int:
    return sum(len(word) for word in words if not word.isspace())


def _opening(text: str) -> str:
    """The first words of `text`, up to OPENING characters (at least one word), with "…" if it goes on."""
    words = split_words(text)
    last = 1
    while last < len(words) and _width(words[: last + 1]) <= OPENING:
        last += 1
    if last >= len(words):
        return text
    while last > 1 and words[last - 1].isspace():
        last -= 1
    return "".join(words[:last]) + "…"


def _merged(parts: Iterable[Part]) -> tuple[Part, ...]:
    """The parts of a line without empty pieces, neighbours of the same kind joined."""
    merged: list[Part] = []
    for piece, changed in parts:
        if not piece:
            continue
        if merged and merged[-1][1] == changed:
            merged[-1] = (merged[-1][0] + piece, changed)
        else:
            merged.append((piece, changed))
    return tuple(merged)


def format_lines(by_language: dict[str, list[DiffLine]], names: dict[str, str], fmt: str) -> str:
    """Text: one line per difference. Markdown: a section per period and language, for a PR comment."""
    if not any(by_language.values()):
        return (
            "No change to the published figures or texts.\n"
            if fmt == "text"
            else "**reportsite diff:** no change to the published figures or texts.\n"
        )
    out = []
    if fmt == "markdown":
        out.append("## reportsite diff: what this change does to the published report")
    for language, lines in by_language.items():
        periods = list(dict.fromkeys(line.period for line in lines))  # in the order of the periods
        for period in periods:
            entries = [line for line in lines if line.period == period]
            if fmt == "markdown":
                out.append(f"\n### {period} · {names[language]}\n")
                out += [f"- {line.markdown}" for line in entries]
            else:
                out += [f"{period} · {line.text}" for line in entries]
    if fmt == "markdown" and sum(len(line) + 1 for line in out) > MARKDOWN_LIMIT:
        kept, size = 0, 0
        while size + len(out[kept]) + 1 <= MARKDOWN_LIMIT - 200:  # room for the note
            size += len(out[kept]) + 1
            kept += 1
        left_out = sum(1 for line in out[kept:] if line.startswith("- "))
        note = f"\n… and {left_out} more: run `reportsite diff` on the branch to see every line."
        out = [*out[:kept], note]
    return "\n".join(out) + "\n"


def _marked(piece: str) -> str:
    """Changed words in bold, the spaces around them left out of it."""
    words = piece.strip()
    if not words:
        return piece
    start = piece.index(words)
    return f"{piece[:start]}<b>{_escape_markdown(words)}</b>{piece[start + len(words) :]}"


def _escape_markdown(text: str) -> str:
    for char in "\\`*_[]<>|&~":
        text = text.replace(char, "\\" + char)
    return text
