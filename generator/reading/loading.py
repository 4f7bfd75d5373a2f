"""Read YAML files into plain data, keeping the line and column of every node.

PyYAML's safe loader does the parsing, with libyaml's C parser when PyYAML
has it (ten times faster than the pure Python one, which matters for a long
archive). We walk its node tree ourselves as well, to remember where each
value came from (so that later stages can say `file:line:col`) and to reject
duplicate keys, which PyYAML silently resolves by keeping the last one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml
import yaml.composer
import yaml.constructor
import yaml.cyaml
import yaml.resolver

from ..errors import ContentProblem
from .dates import unreadable_date

# A path into a document: mapping keys and sequence indexes, as pydantic's `loc`.
# YAML keys may also be numbers, true/false or null, which the loader reports on before the models see them.
FieldPath = tuple[str | int | float | bool | None, ...]

# Content files are short text. The limit keeps a hostile file from costing time or memory.
MAX_FILE_BYTES = 1_000_000
# The plain YAML types; anything else (!!python/object, !!binary, !custom…) is refused.
PLAIN_TAGS = {
    f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp")
}


if yaml.__with_libyaml__:

    class _SafeLoader(
        yaml.composer.Composer,
        yaml.cyaml.CParser,  # type: ignore[misc,name-defined]  # the stubs hide libyaml's parser
        yaml.constructor.SafeConstructor,
        yaml.resolver.Resolver,
    ):
        """libyaml's parser under PyYAML's own composer, so that `compose_node` below runs for every node."""

        def __init__(self, stream: str) -> None:
            yaml.cyaml.CParser.__init__(self, stream)  # type: ignore[attr-defined]
            yaml.constructor.SafeConstructor.__init__(self)
            yaml.resolver.Resolver.__init__(self)
            yaml.composer.Composer.__init__(self)
else:  # pragma: no cover - PyYAML's wheels ship libyaml on the platforms we build on
    _SafeLoader = yaml.SafeLoader  # type: ignore[misc,assignment]


class _ContentLoader(_SafeLoader):
    """PyYAML's safe loader, refusing aliases.

    An alias (`*name`) repeats another part of the file; a few nested ones
    ("billion laughs") expand to billions of values. Content has no use for
    them, so the first alias is an error, found while parsing, in linear time.
    """

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self.unreadable_dates: dict[tuple[int, int], str] = {}
        """The texts written as dates that are none, by their line and column."""

    def compose_node(self, parent: yaml.Node | None, index: int) -> yaml.Node | None:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None,
                None,
                f"aliases (*{event.anchor}) are not allowed in content; write the value out",
                event.start_mark,
            )
        return super().compose_node(parent, index)

    def construct_exact_number(self, node: yaml.ScalarNode) -> Decimal:
        """A YAML float as the Decimal the editor typed: `19.20` keeps both decimals, and sums are exact."""
        text = str(self.construct_scalar(node)).replace("_", "")
        try:
            return Decimal(text)
        except InvalidOperation:  # .inf, .nan and their spellings: keep PyYAML's reading, which the models refuse
            return Decimal(self.construct_yaml_float(node))

    def construct_long_int(self, node: yaml.ScalarNode) -> int | Decimal | str:
        """A YAML integer; one of more digits than Python reads into an int (4,300) as a Decimal, which the models
        refuse as too long."""
        try:
            return int(self.construct_yaml_int(node))
        except ValueError:
            text = str(self.construct_scalar(node)).replace("_", "")
            try:
                return Decimal(text)
            except InvalidOperation:
                return text

    def construct_checked_timestamp(self, node: yaml.ScalarNode) -> Any:
        """A YAML date, or, for one no calendar has (`2020-02-30`), its text, kept with where it is written.

        PyYAML raises a bare ValueError there, which no YAML error handler catches.
        """
        try:
            return self.construct_yaml_timestamp(node)
        except (ValueError, OverflowError):
            text = str(self.construct_scalar(node))
            self.unreadable_dates.setdefault(_mark(node), text)
            return NotADate(text)


_ContentLoader.add_constructor("tag:yaml.org,2002:float", _ContentLoader.construct_exact_number)
_ContentLoader.add_constructor("tag:yaml.org,2002:int", _ContentLoader.construct_long_int)
_ContentLoader.add_constructor("tag:yaml.org,2002:timestamp", _ContentLoader.construct_checked_timestamp)


class NotADate(str):
    """The text of a date that is none (`2020-02-30`), already reported where it is written: no check repeats it."""

    __slots__ = ()


@dataclass
class Document:
    """The data of one YAML file, with the position of each of its values and keys."""

    file: Path
    data: Any = None
    value_marks: dict[FieldPath, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[FieldPath, tuple[int, int]] = field(default_factory=dict)

    def position(self, path: FieldPath, *, prefer_key: bool = False) -> tuple[int, int]:
        """Return (line, column), 1-based, of the deepest known node along `path`."""
        for end in range(len(path), -1, -1):
            prefix = path[:end]
            if prefer_key and end == len(path) and prefix in self.key_marks:
                return self.key_marks[prefix]
            if prefix in self.value_marks:
                return self.value_marks[prefix]
        return (1, 1)

    def problem(
        self, path: FieldPath, message: str, *, prefer_key: bool = False, warning: bool = False
    ) -> ContentProblem:
        line, column = self.position(path, prefer_key=prefer_key)
        return ContentProblem(self.file, line, column, format_field_path(path), message, warning, self.names(path))

    def names(self, path: FieldPath) -> str:
        """The ids of the entries along `path` that have one, outermost first: "synthetic-alpha › alpha-one"."""
        found, node = [], self.data
        for part in path:
            if isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
                node = node[part]
                if isinstance(node, dict) and isinstance(node.get("id"), str):
                    found.append(node["id"])
            elif isinstance(node, dict) and part in node:
                node = node[part]
            else:
                break
        return " › ".join(found)


def format_field_path(path: FieldPath) -> str:
    """Write a field path the way editors read it: `strategies[0].projects[1].title`."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else str(part)
    return text


def _mark(node: yaml.Node) -> tuple[int, int]:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


def load_document(file: Path) -> tuple[Document, list[ContentProblem]]:
    """Load one YAML file safely. Return its document and the problems found in it."""
    document = Document(file)
    try:
        size = file.stat().st_size
        if size > MAX_FILE_BYTES:
            return document, [
                ContentProblem(
                    file, 1, 1, "", f"the file is {size:,} bytes; content files may be at most {MAX_FILE_BYTES:,} bytes"
                )
            ]
        text = file.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = file.read_bytes()[: error.start].count(b"\n") + 1
        return document, [ContentProblem(file, line, 1, "", "the file is not valid UTF-8 text")]
    except OSError as error:
        return document, [ContentProblem(file, 1, 1, "", f"cannot read the file: {error.strerror}")]

    loader = _ContentLoader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return document, [ContentProblem(file, 1, 1, "", "the file is empty")]
        problems: list[ContentProblem] = []
        _walk(loader, root, (), document, problems)
        if any(problem.message.startswith("YAML tags") for problem in problems):
            return document, problems
        document.data = loader.construct_document(root)
        if document.data is None:  # `null` or `~` alone: as empty as no text, though YAML reads a value
            line, column = document.position(())
            return document, [ContentProblem(file, line, column, "", "the file holds no fields, only an empty value")]
        return document, problems + _unreadable_dates(document, loader.unreadable_dates)
    except RecursionError:
        return document, [ContentProblem(file, 1, 1, "", "the file is nested too deeply to be content")]
    except yaml.MarkedYAMLError as error:
        return document, [_syntax_problem(file, text, error)]
    except yaml.YAMLError as error:
        return document, [ContentProblem(file, 1, 1, "", f"invalid YAML: {error}")]
    finally:
        loader.dispose()


def _syntax_problem(file: Path, text: str, error: yaml.MarkedYAMLError) -> ContentProblem:
    """A YAML syntax error, where it is, in YAML's words and then in an editor's: what to do for the common slips."""
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    message = " ".join(part for part in (error.context, error.problem) if part)
    lines = text.splitlines()
    here = lines[line - 1] if 0 < line <= len(lines) else ""
    problem = error.problem or ""
    hint = None
    if "mapping values are not allowed" in problem:
        key = re.match(r"^\s*(- )?[^\s:#][^:#]*:(\s|$)", here)
        if key is not None and key.end() >= column:
            hint = "this line is indented further than the field above it: line it up with the fields of its level"
        else:
            hint = (
                "a colon and a space inside a text start a new field: "
                'put the whole text in quotes ("…"), or write it on the lines after `>-`'
            )
    elif "tab character" in problem or ("cannot start any token" in problem and "\t" in here):
        hint = "a tab: indent with spaces only"
    elif "while scanning a quoted scalar" in (error.context or "") and error.context_mark is not None:
        # Point at the quote that is never closed, not at the end of the file where YAML noticed.
        line, column = error.context_mark.line + 1, error.context_mark.column + 1
        hint = "this quote is never closed: close it at the end of the text, or remove it"
    elif "did not find expected key" in problem or "did not find expected '-' indicator" in problem:
        hint = (
            "this line does not line up with the lines around it: "
            "the fields of one level start in the same column, and each item of a list starts with '- ' in one column"
        )
    elif "while parsing a flow" in (error.context or ""):
        hint = "a list or mapping in brackets is not closed: close it with ] or }, or write one item a line"
    return ContentProblem(
        file, line, column, "", f"invalid YAML: {hint} (YAML: {message})" if hint else f"invalid YAML: {message}"
    )


def _unreadable_dates(document: Document, found: dict[tuple[int, int], str]) -> list[ContentProblem]:
    paths = {mark: path for path, mark in document.key_marks.items()} | {
        mark: path for path, mark in document.value_marks.items()
    }
    return [
        ContentProblem(
            document.file, line, column, format_field_path(path), unreadable_date(text), names=document.names(path)
        )
        for (line, column), text in found.items()
        for path in [paths.get((line, column), ())]
    ]


def compose_text(text: str) -> tuple[yaml.Node, Any]:
    """The node tree of a YAML text that `load_document` accepted, and its data.

    Each node's marks point into `text` itself (`index` counts characters, as `text[index]` does), so that a
    file can be edited where its values are written (reading/editing.py).
    """
    loader = _ContentLoader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            raise yaml.YAMLError("the file is empty")
        return root, loader.construct_document(root)
    finally:
        loader.dispose()


def _walk(
    loader: yaml.SafeLoader,
    node: yaml.Node,
    path: FieldPath,
    document: Document,
    problems: list[ContentProblem],
) -> None:
    document.value_marks[path] = _mark(node)
    if node.tag not in PLAIN_TAGS:
        problems.append(
            _at(
                document,
                node,
                path,
                f"YAML tags ({node.tag.replace('tag:yaml.org,2002:', '!!')}) are not allowed in content",
            )
        )
        return
    if isinstance(node, yaml.SequenceNode):
        for index, child in enumerate(node.value):
            _walk(loader, child, (*path, index), document, problems)
    elif isinstance(node, yaml.MappingNode):
        first_seen: dict[Any, tuple[int, int]] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, (str, int, float, bool)) and key is not None:
                problems.append(_at(document, key_node, path, "a key must be a plain word"))
                continue
            child_path = (*path, key)
            if key in first_seen:
                line, _ = first_seen[key]
                problems.append(
                    _at(document, key_node, child_path, f"duplicate key '{key}' (first given on line {line})")
                )
                continue
            first_seen[key] = _mark(key_node)
            document.key_marks[child_path] = _mark(key_node)
            _walk(loader, value_node, child_path, document, problems)


def _at(document: Document, node: yaml.Node, path: FieldPath, message: str) -> ContentProblem:
    line, column = _mark(node)
    return ContentProblem(document.file, line, column, format_field_path(path), message)
