"""What a change to the content does to the published report, for review: `reportsite diff`.

Both sides are loaded and validated as the site would be, then compared by
ids (not by position), and each difference is written in each language,
for example `2563-q2 · ยุทธศาสตร์ที่ 1 · โครงการ 1: ร้อยละเทียบเป้าหมายปี 45.83 → 47.00`.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from ..errors import ContentError, ReportsiteError
from ..reading.fiscal import PeriodId
from ..reading.model import (
    GroupingsBlock,
    KeyFiguresBlock,
    ListBlock,
    ListItem,
    Period,
    Progress,
    ProgressBlock,
    Report,
    ScorecardBlock,
    TableBlock,
    Text,
    TextBlock,
    cell_value,
)
from ..reading.validation import validate_content
from ..rendering.localization import Localizer


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


def diff_reports(before: Report, after: Report, l10n: Localizer) -> list[tuple[str, str]]:
    """Every published difference, as (period, line) in the language of `l10n`."""
    old = {str(q.id): q for q in before.periods}
    new = {str(q.id): q for q in after.periods}
    lines = []
    for name in sorted(old.keys() | new.keys(), key=PeriodId.of_folder):
        if name not in old:
            lines.append((name, l10n.string("diff_period_added")))
        elif name not in new:
            lines.append((name, l10n.string("diff_period_removed")))
        else:
            lines += [(name, line) for line in _period_lines(old[name], new[name], l10n)]
    return lines


@dataclass(frozen=True)
class _Entry:
    """One thing a reader sees, with where it is, what it shows, and the entry it belongs to."""

    where: str
    label: str
    value: str
    parent: tuple[Any, ...] | None = None


def _period_lines(old: Period, new: Period, l10n: Localizer) -> Iterable[str]:
    s = l10n.string
    if old.info.as_of != new.info.as_of:
        yield f"{s('as_of')}: {l10n.date(old.info.as_of)} → {l10n.date(new.info.as_of)}"
    yield from _text(s("diff_title"), old.info.title, new.info.title, l10n)
    yield from _optional(s("covers"), old.info.covers, new.info.covers, l10n)
    before, after = _entries(old, l10n), _entries(new, l10n)
    gone = {key for key in before if key not in after}
    added = {key for key in after if key not in before}
    for key, entry in after.items():
        if key in added:
            if entry.parent not in added:
                yield (
                    f"{entry.where}: {s('diff_added')} ({entry.value})"
                    if entry.label == ""
                    else (f"{entry.where}: {entry.label}: {s('diff_added')} {entry.value}")
                )
        elif before[key].value != entry.value:
            was = before[key].value
            if entry.label.startswith("\x00"):  # prose: quoted and shortened
                yield f"{entry.where}{entry.label[1:]}: «{_short(was)}» → «{_short(entry.value)}»"
            else:
                yield f"{entry.where}: {entry.label} {was} → {entry.value}"
    for key, entry in before.items():
        if key in gone and entry.parent not in gone:
            yield (
                f"{entry.where}: {s('diff_removed')} ({entry.value})"
                if entry.label == ""
                else (f"{entry.where}: {entry.label}: {s('diff_removed')}")
            )


def _entries(period: Period, l10n: Localizer) -> dict[tuple[Any, ...], _Entry]:
    """Everything of the period a reader sees, by a key of ids (positions only where the content has no ids)."""
    s, language = l10n.string, l10n.language
    found: dict[tuple[Any, ...], _Entry] = {}

    def prose(key: tuple[Any, ...], where: str, label: str, text: Text, parent: tuple[Any, ...] | None) -> None:
        # A label starting with NUL marks prose: shown quoted, after the place without a colon.
        found[key] = _Entry(where, f"\x00 {label}".rstrip() if label else "\x00", text[language], parent)

    def blocks(container: tuple[Any, ...], where: str, items: list[Any], list_prefix: str) -> None:
        for index, block in enumerate(items, start=1):
            key = (*container, index)
            if isinstance(block, TextBlock):
                for number, paragraph in enumerate(block.paragraphs, start=1):
                    prose((*key, number), f"{where} · {s('diff_paragraph', number=number)}", "", paragraph, container)
            elif isinstance(block, ListBlock):
                list_items(key, where, block, block.items, list_prefix, container)
            elif isinstance(block, KeyFiguresBlock):
                for figure in block.figures:
                    value = l10n.quantity(figure.value, figure.unit[language] if figure.unit else None)
                    if figure.qualifier:
                        value = s(figure.qualifier, value=value)
                    found[(*container, "figure", figure.id)] = _Entry(where, figure.label[language], value, container)
            elif isinstance(block, TableBlock):
                table_entries(block, where)
            elif isinstance(block, ProgressBlock):
                for item in block.items:
                    item_where = f"{where} · {item.title[language]}"
                    found[("item", item.id)] = _Entry(item_where, "", item.title[language], container)
                    progress(("item", item.id), item_where, item.progress)

    def list_items(
        key: tuple[Any, ...], where: str, block: ListBlock, items: list[ListItem], prefix: str, parent: Any
    ) -> None:
        for index, item in enumerate(items, start=1):
            number = item.number if block.numbering == "given" and item.number else f"{prefix}{index}"
            prose((*key, number), f"{where} · {s('diff_item', number=number)}", "", item.text, parent)
            for paragraph_number, paragraph in enumerate(item.paragraphs, start=1):
                prose(
                    (*key, number, paragraph_number),
                    f"{where} · {s('diff_item', number=number)}",
                    "",
                    paragraph,
                    parent,
                )
            list_items(key, where, block, item.items, f"{number}.", parent)

    def table_entries(table: TableBlock, where: str) -> None:
        title = f"{where} · {table.title[language]}"

        def shown(cell: Any) -> str:
            value = cell_value(cell)
            if value is None:
                return "—"
            if isinstance(value, Text):
                return value[language]
            return l10n.date(value) if isinstance(value, date) else l10n.exact(value)

        for number, row in enumerate(table.data_rows, start=1):
            for column in table.columns:
                label = f"{s('diff_row', number=number)} · {column.title[language]}"
                found[("table", table.id, number, column.id)] = _Entry(
                    title, label, shown(row.get(column.id)), ("table", table.id)
                )
        # The total row's given cells (its sums follow from the rows above).
        for column_id, cell in table.given_total_cells.items():
            label = f"{table.total[language] if table.total else ''} · {table.column(column_id).title[language]}"
            found[("table", table.id, "total", column_id)] = _Entry(title, label, shown(cell), ("table", table.id))

    def progress(key: tuple[Any, ...], where: str, given: Progress | None) -> None:
        if given is None:
            return
        for field, label in (
            ("vs_period_plan", l10n.period_string("diff_vs_period_plan", period.id)),
            ("vs_annual_target", s("diff_vs_annual_target")),
            ("points_vs_plan", s("column_points_vs_plan")),
        ):
            value = getattr(given, field)
            if value is not None:
                found[(*key, field)] = _Entry(where, label, l10n.decimal2(value), key)
        if given.status is not None:
            found[(*key, "status")] = _Entry(where, s("column_status"), s(f"status_{given.status}"), key)

    for name, section in period.sections.items():
        label = section.nav_label[language]
        prose((name, "title"), label, s("diff_title"), section.title, None)
        blocks((name,), label, [b for b in section.blocks if not isinstance(b, (GroupingsBlock, ScorecardBlock))], "")
        scorecard = next((b for b in section.blocks if isinstance(b, ScorecardBlock)), None)
        if scorecard is not None:
            for number, component in enumerate(scorecard.components, start=1):
                where = f"{label} · {number}. {component.title[language]}"
                key = ("component", component.id)
                found[key] = _Entry(where, "", component.title[language])
                found[(*key, "indicators")] = _Entry(where, s("column_indicators"), str(component.indicators), key)
                found[(*key, "weight")] = _Entry(where, s("column_weight"), l10n.number(component.weight), key)
                for score_key, score in component.scores.items():
                    scored = PeriodId.of_key(period.id.fiscal_year_be, score_key)
                    if scored is not None:
                        score_label = s("diff_score", period=l10n.period_short(scored))
                        found[(*key, score_key)] = _Entry(where, score_label, l10n.decimal2(score), key)
    for numbered in period.groupings:
        grouping_where = s("strategy_number", number=l10n.digits(numbered.number))
        key = ("grouping", numbered.grouping.id)
        found[key] = _Entry(grouping_where, "", numbered.grouping.title[language])
        prose((*key, "title"), grouping_where, s("diff_title"), numbered.grouping.title, key)
        blocks(key, grouping_where, numbered.grouping.blocks, "")
    for project in period.projects:
        where = f"{s('strategy_number', number=l10n.digits(project.grouping.number))} · " + s(
            "project_number", number=l10n.digits(project.number)
        )
        key = ("project", project.project.id)
        found[key] = _Entry(where, "", project.project.title[language], ("grouping", project.grouping.grouping.id))
        prose((*key, "title"), where, s("diff_title"), project.project.title, key)
        blocks(key, where, project.project.blocks, f"{project.number}.")
        progress(key, where, project.project.progress)
    return found


def _text(label: str, old: Text, new: Text, l10n: Localizer) -> Iterable[str]:
    a, b = old[l10n.language], new[l10n.language]
    if a != b:
        yield f"{label}: «{_short(a)}» → «{_short(b)}»"


def _optional(label: str, old: Text | None, new: Text | None, l10n: Localizer) -> Iterable[str]:
    a, b = (text[l10n.language] if text else None for text in (old, new))
    if a is None and b is not None:
        yield f"{label}: {l10n.string('diff_added')} «{_short(b)}»"
    elif b is None and a is not None:
        yield f"{label}: {l10n.string('diff_removed')} «{_short(a)}»"
    elif a is not None and b is not None and a != b:
        yield f"{label}: «{_short(a)}» → «{_short(b)}»"


def _paragraphs(label: str, old: list[Text], new: list[Text], l10n: Localizer) -> Iterable[str]:
    for index in range(max(len(old), len(new))):
        a = old[index][l10n.language] if index < len(old) else None
        b = new[index][l10n.language] if index < len(new) else None
        if a != b:
            where = f"{label} {index + 1}"
            if a is None and b is not None:
                yield f"{where}: {l10n.string('diff_added')} «{_short(b)}»"
            elif b is None and a is not None:
                yield f"{where}: {l10n.string('diff_removed')} «{_short(a)}»"
            elif a is not None and b is not None:
                yield f"{where}: «{_short(a)}» → «{_short(b)}»"


def _short(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def format_lines(by_language: dict[str, list[tuple[str, str]]], names: dict[str, str], fmt: str) -> str:
    """Text: one line per difference. Markdown: a section per period and language, for a PR comment."""
    if not any(by_language.values()):
        return (
            "No change to the published figures or texts.\n"
            if fmt == "text"
            else "**reportsite diff:** no change to the published figures or texts.\n"
        )
    out = []
    if fmt == "markdown":
        out.append("## reportsite diff: what this change does to the published report\n")
    for language, lines in by_language.items():
        periods = list(dict.fromkeys(period for period, _ in lines))  # in the order of the periods
        for period in periods:
            entries = [line for q, line in lines if q == period]
            if fmt == "markdown":
                out.append(f"\n### {period} · {names[language]}\n")
                out += [f"- {_escape_markdown(line)}" for line in entries]
            else:
                out += [f"{period} · {line}" for line in entries]
    return "\n".join(out) + "\n"


def _escape_markdown(text: str) -> str:
    for char in "\\`*_[]<>|":
        text = text.replace(char, "\\" + char)
    return text
