"""Edit a content file's text where its values are written, leaving every other character as the editor typed it.

PyYAML's nodes know where they start and end in the text (`start_mark.index`,
`end_mark.index`), so a value can be replaced, and a mapping's entries kept,
dropped or added, without dumping the file again: comments, block scalars
(`>-`), quoting, key order, decimals as typed, the line ends (LF or CRLF) and
every line that no edit touches stay byte for byte. What cannot be edited so
(a value written over several lines, say) is refused, with its place and what
to do about it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import yaml

from ..errors import ContentProblem, ReportsiteError
from .loading import FieldPath, format_field_path

NULL_TAG = "tag:yaml.org,2002:null"
# YAML's line breaks besides LF and CRLF. Edits work on lines ended by LF; one of these would make
# YAML's lines and ours differ, so a file that has one is refused rather than edited on a guess.
OTHER_BREAKS = {"\r": "CR", "\x85": "U+0085", "\u2028": "U+2028", "\u2029": "U+2029"}
OTHER_BREAK = re.compile("\r(?!\n)|[\x85\u2028\u2029]")
AGAIN = "then run new-period again"


@dataclass(frozen=True)
class Place:
    """A node of a file, with its field path and, inside a flow collection (`{…}`, `[…]`), the outermost one."""

    node: yaml.Node
    path: FieldPath = ()
    flow: yaml.Node | None = None
    key: yaml.Node | None = None
    """The key whose value it is, in a mapping."""

    def children(self) -> Iterator[Place]:
        """The items of a sequence, or the entries of a mapping under their keys, in the order written."""
        flow = self.flow
        if flow is None and isinstance(self.node, yaml.CollectionNode) and self.node.flow_style:
            flow = self.node
        if isinstance(self.node, yaml.SequenceNode):
            for index, item in enumerate(self.node.value):
                yield Place(item, (*self.path, index), flow)
        elif isinstance(self.node, yaml.MappingNode):
            for key, value in self.node.value:
                yield Place(value, (*self.path, key.value), flow, key)

    def get(self, name: str) -> Place | None:
        """The value of a mapping's entry `name`, or None (for a sequence or a scalar too)."""
        return next((child for child in self.children() if child.name == name), None)

    @property
    def name(self) -> str | None:
        return self.key.value if isinstance(self.key, yaml.ScalarNode) else None

    @property
    def scalar(self) -> str | None:
        """The text of a scalar, as in `type: key_figures`; None for a collection."""
        return self.node.value if isinstance(self.node, yaml.ScalarNode) else None

    @property
    def is_mapping(self) -> bool:
        return isinstance(self.node, yaml.MappingNode)

    @property
    def is_null(self) -> bool:
        return self.node.tag == NULL_TAG


class FileEdits:
    """The edits of one file's text, made together by `apply`.

    `note` starts each comment that keeps a replaced value: `null  # 2563-q2: 85.94`.
    """

    def __init__(self, file: Path, text: str, note: str) -> None:
        self.file = file
        self.text = text
        self.note = note
        self._edits: list[tuple[int, int, str]] = []
        self._flow_notes: dict[int, list[str]] = {}
        if other := OTHER_BREAK.search(text):
            self._refuse_at(
                other.start(),
                (),
                f"the file has a line break other than LF or CRLF ({OTHER_BREAKS[other[0]]}), which new-period "
                f"cannot edit; remove it or save the file with LF or CRLF line ends, {AGAIN}",
            )

    def empty(self, place: Place) -> bool:
        """Write `null` for the value at `place`, with the value as typed beside it: `null  # 2563-q2: 85.94`.

        In a flow collection, where a comment would hide the rest of the line, the comment comes after the
        collection and names each key: `{a: null, b: null}  # 2563-q2: a: 1, b: 2`. A value that is null
        already is left as it is: return False.
        """
        if place.is_null:
            return False
        start, end = place.node.start_mark.index, place.node.end_mark.index
        typed = self.text[start:end]
        if "\n" in typed:
            self._refuse(
                place,
                f"the value is written over several lines, which new-period cannot edit; write it on one line, {AGAIN}",
            )
        if place.flow is None:
            self._check_line_ends_at(end, place)
            self._edits.append((start, end, f"null  # {self.note}: {typed}"))
        else:
            self._check_line_ends_at(place.flow.end_mark.index, place)
            key = self._typed(place.key) if place.key is not None else str(place.path[-1])
            self._edits.append((start, end, "null"))
            self._flow_notes.setdefault(place.flow.end_mark.index, []).append(f"{key}: {typed}")
        return True

    def keep_entries(self, mapping: Place, kept: Sequence[Place], added: str | None) -> None:
        """Keep only the entries `kept` of `mapping`, as typed, and add the entry `added` (`q3: null`) after them."""
        entries = list(mapping.children())
        kept_keys = {id(entry.key) for entry in kept}
        kept = [entry for entry in entries if id(entry.key) in kept_keys]
        if len(kept) == len(entries) and added is None:
            return
        if isinstance(mapping.node, yaml.CollectionNode) and mapping.node.flow_style:
            self._keep_in_flow(mapping, entries, kept, added)
        else:
            self._keep_in_block(entries, kept, added)

    def replace(self, start: int, end: int, new: str) -> None:
        """Replace the characters from `start` to `end` with `new`."""
        self._edits.append((start, end, new))

    def apply(self) -> str:
        """The text with every edit made; two edits of the same characters are refused."""
        notes = [(at, at, f"  # {self.note}: " + ", ".join(texts)) for at, texts in self._flow_notes.items()]
        parts, position = [], 0
        for start, end, new in sorted(self._edits + notes):
            if start < position:
                self._refuse_at(
                    start,
                    (),
                    f"new-period cannot edit the file safely here (two edits overlap); {AGAIN} "
                    "after writing each value on a line of its own",
                )
            parts += [self.text[position:start], new]
            position = end
        parts.append(self.text[position:])
        edited = "".join(parts)
        if not _line_end(self.text):
            edited = edited.removesuffix(_line_end(edited))  # a file that ended without a line break still does
        return edited

    def _keep_in_block(self, entries: list[Place], kept: list[Place], added: str | None) -> None:
        lines = []
        for entry in entries:
            key = _start(entry.key)
            line_start = self.text.rfind("\n", 0, key) + 1
            if self.text[line_start:key].strip(" ") or "\n" in self.text[key : entry.node.end_mark.index]:
                self._refuse(
                    entry,
                    f"new-period can only drop or add an entry that has its line to itself; "
                    f"give each one a line of its own, {AGAIN}",
                )
            lines.append((line_start, self._next_line(entry.node.end_mark.index)))
        indent = self.text[lines[0][0] : _start(entries[0].key)]
        for entry, (start, end) in zip(entries, lines, strict=True):
            if entry in kept:
                continue
            if added is not None and not kept and entry is entries[0]:
                # Nothing kept: the added entry takes the place of the first one.
                self._edits.append((start, end, f"{indent}{added}{_line_end(self.text[start:end])}"))
            else:
                self._edits.append((start, end, ""))
        if added is None or not kept:
            return
        after = lines[entries.index(kept[-1])][1]
        if self.text[after - 1 : after] == "\n":
            self._edits.append((after, after, f"{indent}{added}{self._line_break(after - 1)}"))
        else:  # the last line of a file that does not end with a line break
            self._edits.append((after, after, f"{self._line_break(0)}{indent}{added}"))

    def _keep_in_flow(self, mapping: Place, entries: list[Place], kept: list[Place], added: str | None) -> None:
        if not entries:
            opening = mapping.node.start_mark.index
            if added is not None and self.text[opening : opening + 1] == "{":
                self._edits.append((opening + 1, opening + 1, added))
            return
        if len(kept) == len(entries):
            at = entries[-1].node.end_mark.index
            self._edits.append((at, at, f", {added}"))
            return
        start, end = _start(entries[0].key), entries[-1].node.end_mark.index
        if "\n" in self.text[start:end]:
            self._refuse(
                mapping,
                f"new-period can only drop entries of a {{…}} mapping written on one line; "
                f"write it on one line, {AGAIN}",
            )
        texts = [self.text[_start(entry.key) : entry.node.end_mark.index] for entry in kept]
        self._edits.append((start, end, ", ".join([*texts, *([added] if added else [])])))

    def _check_line_ends_at(self, index: int, place: Place) -> None:
        # What follows a block value (or an outermost flow collection) on its line can only be a comment:
        # the comment that keeps the previous value goes there. A check that the grammar makes needless, but cheap.
        rest = self.text[index : self._next_line(index)].strip()
        if rest and not rest.startswith("#"):
            self._refuse(
                place, f"new-period cannot add a comment after this value; write it on a line of its own, {AGAIN}"
            )

    def _next_line(self, index: int) -> int:
        """Where the line after the one holding `index` starts (the end of the text after its last line)."""
        end = self.text.find("\n", index)
        return len(self.text) if end < 0 else end + 1

    def _line_break(self, index: int) -> str:
        """The line break that ends the line holding `index` (for the last line, the file's first one, or LF)."""
        end = self.text.find("\n", index)
        if end < 0:
            end = self.text.find("\n")
        return "\r\n" if end > 0 and self.text[end - 1] == "\r" else "\n"

    def _typed(self, node: yaml.Node) -> str:
        return self.text[node.start_mark.index : node.end_mark.index]

    def _refuse(self, place: Place, message: str) -> NoReturn:
        self._refuse_at(_start(place.node), place.path, message)

    def _refuse_at(self, index: int, path: FieldPath, message: str) -> NoReturn:
        line = self.text.count("\n", 0, index) + 1
        column = index - (self.text.rfind("\n", 0, index) + 1) + 1
        raise ReportsiteError(str(ContentProblem(self.file, line, column, format_field_path(path), message)))


def _line_end(text: str) -> str:
    """The line break that ends `text` (CRLF or LF), or nothing."""
    return "\r\n" if text.endswith("\r\n") else "\n" if text.endswith("\n") else ""


def _start(node: yaml.Node | None) -> int:
    assert node is not None
    return int(node.start_mark.index)
