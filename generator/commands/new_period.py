"""Start a new period from the latest earlier one: its files as the editor wrote them, this period's figures null.

The new period is a quarter, a half year or a fiscal year, as its name says
(`2563-q3`, `2563-h2`, `2563-fy`); without a name, it is the period after the
latest one, of the same kind (after 2563-q4, 2564-q1; after 2563-h1,
2563-h2; after 2563-fy, 2564-fy).

Each file of the latest earlier period is copied as it is written (comments,
`>-` blocks, key order, quoting and decimals as typed, line ends, a byte
order mark), and only the values that the new report gives anew are edited,
in place: its as-of date, the key figures' values and every field of every
progress become `null`, each with the previous value beside it as a comment
(`value: null  # 2563-q2: 13655`), and each scorecard component keeps the
earlier scores of its fiscal year that the new report may repeat (none in a
new fiscal year) and gets its own, `q3: null`. Null, and not the previous
value to confirm: `reportsite validate` lists every null as not filled in
yet, so a stale figure can never be published as the new period's. Texts,
the title among them, and tables' rows are kept, for the editor to bring up
to date; CSV files are copied byte for byte.

The new folder is written beside the others and renamed into place, so it
appears whole or not at all.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from ..errors import ReportsiteError, display_path
from ..reading.editing import FileEdits, Place
from ..reading.fiscal import FOLDER_RULE, PERIOD_KEYS, PeriodId
from ..reading.loading import FieldPath, compose_text, load_document
from ..reading.model import PERIOD_INFO_FILE
from ..reading.schema import SCHEMA_DIR, schema_comment
from ..reading.sources import find_period_folders
from ..storage.staging import new_folder

BOM = "\ufeff"
SCHEMA_LINE = "# yaml-language-server:"
# The kinds of value left null, and how the command's summary names one of them and several.
AS_OF, KEY_FIGURE, PROGRESS = "as_of", "key_figure", "progress"
NAMES = {
    AS_OF: ("the as-of date", "{} as-of dates"),
    KEY_FIGURE: ("1 key figure's value", "{} key figures' values"),
    PROGRESS: ("1 progress figure", "{} progress figures"),
}
DROPPED = object()  # in the changes made to a file's data: an entry dropped


@dataclass
class NewPeriod:
    """What `scaffold_period` did: the new folder, the period it started from, and what it left to fill in."""

    folder: Path
    source: Path
    files: list[str] = field(default_factory=list)
    """The YAML files copied as written, edited where the new period's values go."""
    tables: list[str] = field(default_factory=list)
    """The CSV files copied byte for byte."""
    emptied: Counter[str] = field(default_factory=Counter)
    """How many values of each kind (a key of NAMES) are null now, with the previous one beside."""
    components: int = 0
    """How many scorecard components got this period's score, null."""
    scores_dropped: bool = False
    """Whether earlier scores were dropped: those of another fiscal year."""

    def summary(self) -> list[str]:
        """What was done, and what the editor does next, as the command says it."""
        name, source = self.folder.name, self.source.name
        lines = [f"Started {display_path(self.folder)}/ from {source}: {_count(len(self.files), 'file')} as written"]
        if self.tables:
            lines[0] += f", and {_count(len(self.tables), 'CSV file')} byte for byte"
        lines[0] += "."
        emptied = [
            one if count == 1 else several.format(count)
            for kind, (one, several) in NAMES.items()
            if (count := self.emptied[kind])
        ]
        if emptied:
            listed = ", ".join(emptied[:-1]) + " and " + emptied[-1] if len(emptied) > 1 else emptied[0]
            lines.append(f"Left null, each with its {source} value beside it as a comment: {listed}.")
        if self.components:
            added = (
                f"Added {PeriodId.of_folder(name).key}: null to the scorecard's {_count(self.components, 'component')}"
            )
            if self.scores_dropped:
                added += f", and dropped their scores of fiscal year {PeriodId.of_folder(source).fiscal_year_be}"
            lines.append(added + ".")
        lines.append(
            f"Fill in what `reportsite validate {name}` lists, then read the copied texts again, the title too: "
            f"they still describe {source}."
        )
        return lines


def next_period_name(content_dir: Path) -> str:
    """The name of the period after the latest one in `content_dir`, of the same kind."""
    folders = find_period_folders(content_dir)[0]
    if not folders:
        raise ReportsiteError(f"there is no period in {content_dir} to start from; name the new one: {FOLDER_RULE}")
    return str(PeriodId.of_folder(folders[-1].name).next)


def scaffold_period(content_dir: Path, name: str) -> NewPeriod:
    """Write `content_dir/<name>/` from the latest earlier period, whole or not at all."""
    target = PeriodId.parse(name)
    if target is None:
        raise ReportsiteError(f"'{name}' is not a period's name; write {FOLDER_RULE}")
    folder = content_dir / name
    if folder.exists():
        raise ReportsiteError(f"{folder} already exists")
    earlier = [f for f in find_period_folders(content_dir)[0] if PeriodId.of_folder(f.name) < target]
    if not earlier:
        raise ReportsiteError(f"there is no period before {name} in {content_dir} to start from")
    source = earlier[-1]
    if not (source / PERIOD_INFO_FILE).is_file():
        raise ReportsiteError(f"{source.name}/{PERIOD_INFO_FILE} is missing; fix the period first")

    # Every file is read and edited before anything is written.
    result = NewPeriod(folder, source)
    copies: dict[str, bytes] = {}
    schema_dir = content_dir.parent / SCHEMA_DIR
    for file in sorted(source.glob("*.yaml")):
        schema = schema_comment(
            (folder / file.name).relative_to(content_dir.parent), schema_dir.relative_to(content_dir.parent)
        )
        copies[file.name] = _new_period_file(file, schema, PeriodId.of_folder(source.name), target, result)
        result.files.append(file.name)
    # The rows of tables kept in CSV files come along, to be brought up to date like the rest.
    for table_file in sorted(source.glob("*.csv")):
        copies[table_file.name] = table_file.read_bytes()
        result.tables.append(table_file.name)

    with new_folder(folder, "new") as assembly:
        for file_name, data in copies.items():
            (assembly / file_name).write_bytes(data)
    return result


def _new_period_file(file: Path, schema: str, previous: PeriodId, target: PeriodId, result: NewPeriod) -> bytes:
    """The bytes of `file` for the new period: as written, with this period's values null and its own score added."""
    _, problems = load_document(file)
    if problems:
        raise ReportsiteError(f"{file.parent.name} has problems; fix them first:\n" + "\n".join(map(str, problems)))
    raw = file.read_bytes().decode("utf-8")
    bom = raw.startswith(BOM)
    text = raw.removeprefix(BOM)
    root, data = compose_text(text)
    edits = FileEdits(file, text, str(previous))
    changes: list[tuple[FieldPath, Any]] = []
    place = Place(root)
    if file.name == PERIOD_INFO_FILE:
        as_of = place.get("as_of")
        if as_of is not None and edits.empty(as_of):
            changes.append((as_of.path, None))
            result.emptied[AS_OF] += 1
    else:
        _empty_figures(place, edits, previous, target, changes, result)
    first_line = text.split("\n", 1)[0].removesuffix("\r")
    if first_line.startswith(SCHEMA_LINE) and first_line != schema:
        # The same path as before, the new folder being a sibling; unless the editor's pointed elsewhere.
        edits.replace(0, len(first_line), schema)

    new_text = edits.apply()
    # The copy must read as the previous file with exactly these changes: anything else is a mistake of ours.
    expected = _with_changes(data, changes)
    try:
        new_data = compose_text(new_text)[1]
    except yaml.YAMLError:
        new_data = None
    if _ordered(new_data) != _ordered(expected):
        raise ReportsiteError(
            f"{display_path(file)}: new-period could not copy this file safely, and wrote nothing; "
            "please report it, with the file"
        )
    return ((BOM if bom else "") + new_text).encode("utf-8")


def _empty_figures(
    place: Place,
    edits: FileEdits,
    previous: PeriodId,
    target: PeriodId,
    changes: list[tuple[FieldPath, Any]],
    result: NewPeriod,
) -> None:
    """Empty the figures that belong to the new period, wherever they are in a section's blocks.

    Progress and key figures become null; a scorecard keeps the scores of the
    earlier periods its new report may repeat, and gets a null for its own.
    Tables keep their rows: they hold what the report says, figures or not,
    and the editor brings them up to date.
    """
    if place.is_mapping:
        progress = place.get("progress")
        if progress is not None and progress.is_mapping:
            for figure in progress.children():
                if edits.empty(figure):
                    changes.append((figure.path, None))
                    result.emptied[PROGRESS] += 1
        block_type = place.get("type")
        kind = block_type.scalar if block_type is not None else None
        if kind == "key_figures":
            for figure in _items(place.get("figures")):
                value = figure.get("value")
                if value is not None and edits.empty(value):
                    changes.append((value.path, None))
                    result.emptied[KEY_FIGURE] += 1
        if kind == "scorecard":
            for component in _items(place.get("components")):
                scores = component.get("scores")
                if scores is not None and scores.is_mapping:
                    _renew_scores(scores, edits, previous, target, changes, result)
    for child in place.children():
        if child.name != "progress":
            _empty_figures(child, edits, previous, target, changes, result)


def _renew_scores(
    scores: Place,
    edits: FileEdits,
    previous: PeriodId,
    target: PeriodId,
    changes: list[tuple[FieldPath, Any]],
    result: NewPeriod,
) -> None:
    """Keep the scores the new report may repeat, drop the others, and add the new period's own, null."""
    entries = list(scores.children())
    kept = [entry for entry in entries if entry.name in _kept_keys(previous, target)]
    own = next((entry for entry in kept if entry.name == target.key), None)
    if own is not None:
        # A score for the new period already (given too early): it is emptied like any other figure.
        if edits.empty(own):
            changes.append((own.path, None))
    else:
        result.components += 1
    edits.keep_entries(scores, kept, None if own is not None else f"{target.key}: null")
    for entry in entries:
        if entry not in kept:
            changes.append((entry.path, DROPPED))
            result.scores_dropped = True
    if own is None:
        changes.append(((*scores.path, target.key), None))


def _kept_keys(previous: PeriodId, target: PeriodId) -> set[str]:
    """The scores that the target's report may repeat: of its fiscal year, and before it; and its own."""
    if previous.fiscal_year_be != target.fiscal_year_be:
        return set()
    return {key for key in PERIOD_KEYS if (period := PeriodId.of_key(target.fiscal_year_be, key)) and period <= target}


def _count(number: int, thing: str) -> str:
    return f"{number} {thing}{'s' if number != 1 else ''}"


def _items(place: Place | None) -> list[Place]:
    return [item for item in place.children() if item.is_mapping] if place is not None else []


def _with_changes(data: Any, changes: list[tuple[FieldPath, Any]]) -> Any:
    """A copy of `data` with the value at each path of `changes` replaced (or dropped, or added at the end)."""
    copy = _copy(data)
    for path, value in changes:
        parent = copy
        for part in path[:-1]:
            parent = parent[part]
        if value is DROPPED:
            del parent[path[-1]]
        else:
            parent[path[-1]] = value
    return copy


def _copy(data: Any) -> Any:
    if isinstance(data, dict):
        return {key: _copy(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_copy(value) for value in data]
    return data


def _ordered(data: Any) -> Any:
    """`data` with its mappings as lists of entries, so that comparing it compares the keys' order too."""
    if isinstance(data, dict):
        return [(key, _ordered(value)) for key, value in data.items()]
    if isinstance(data, list):
        return [_ordered(value) for value in data]
    return data
