"""Check the loaded content and turn it into the typed model.

Every problem found is collected, with its file, line, column and field path,
and reported together in one ContentError. A file whose structure is broken
is not checked further for meaning, because those errors would be noise
(as mkdocs learned in its PR #3437).
"""

from __future__ import annotations

import difflib
import re
import typing
from collections.abc import Iterable, Mapping
from datetime import date
from pathlib import Path
from typing import Any, Protocol

import pydantic
import yaml
from pydantic_core import ErrorDetails

from ..errors import ContentError, ContentProblem
from .comparison import check_agreement
from .dates import DATE_TEXT, date_problem, unreadable_date
from .fiscal import PeriodId
from .hints import number_hint
from .loading import Document, FieldPath, NotADate, format_field_path, load_document
from .model import (
    BLOCK_KINDS,
    LANGUAGE_NAMES,
    PERIOD_INFO_FILE,
    RESERVED_SECTION_NAMES,
    ContentModel,
    Period,
    PeriodInfo,
    Report,
    Section,
    SiteSettings,
    Text,
    number_text,
)
from .period_words import check_period_words
from .published import check_published_figures
from .section_checks import check_sections
from .sources import SITE_FILE, find_period_folders
from .text_checks import check_texts

TYPE_ERRORS = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping of fields",
    "model_type": "a mapping of fields",
    "date_type": "a date like 2020-03-31",
}


class CheckedFiles(Protocol):
    """Where checked files are kept between runs (the build cache's `validation/`), by their bytes."""

    def get(self, file: Path, data: bytes, model_name: str) -> Any | None: ...

    def put(self, file: Path, data: bytes, model_name: str, value: Any) -> None: ...


def validate_content(
    content_dir: Path, *, published: Mapping[str, Path] | None = None, cache: CheckedFiles | None = None
) -> Report:
    """Load and check all of `content_dir`. Raise ContentError listing every problem.

    Warnings (which do not stop a build) are kept on the report. `published`
    gives, for each frozen period, the folder of its YAML as it was published:
    figures that differ from it are warned about. With `cache`, a file checked
    before, with the same bytes and code, is not checked again.
    """
    problems: list[ContentProblem] = []
    site = _validate_file(content_dir / SITE_FILE, SiteSettings, problems, cache)
    period_dirs, folder_problems = find_period_folders(content_dir)
    problems += folder_problems
    periods = [period for d in period_dirs if (period := _validate_period(d, site, problems, cache))]
    if not period_dirs and not folder_problems:
        problems.append(ContentProblem(content_dir, 1, 1, "", "no period folder (like 2563-q2) was found"))
    if any(not problem.warning for problem in problems):
        raise ContentError(problems)
    periods.sort(key=lambda period: period.id)
    problems += check_agreement(periods)
    problems += check_published_figures(periods, published or {})
    return Report(site=site, periods=periods, warnings=sorted(problems))


def _validate_file(
    file: Path, model: type[ContentModel], problems: list[ContentProblem], cache: CheckedFiles | None = None
) -> Any:
    """Load one file and check it against its model. Return the model, or None."""
    if not file.is_file():
        problems.append(ContentProblem(file, 1, 1, "", "the file is missing"))
        return None
    if cache is None:
        value, found = _check_file(file, model)
    else:
        data = file.read_bytes()
        cached = cache.get(file, data, model.__name__)
        if cached is None:
            cached = _check_file(file, model)
            cache.put(file, data, model.__name__, cached)
        value, found = cached
    problems += found
    return value


def _check_file(file: Path, model: type[ContentModel]) -> tuple[ContentModel | None, list[ContentProblem]]:
    document, problems = load_document(file)
    if document.data is None:
        return None, problems
    problems += check_texts(document)
    period = PeriodId.parse(file.parent.name)
    if period is not None:  # a file of a period's folder: its headings name that period, not another
        problems += check_period_words(document, period)
    try:
        value = model.model_validate(document.data)
    except pydantic.ValidationError as error:
        described = _describe_all(document, model, error.errors())
        return None, problems + described + _left_empty(document, described)
    value.keep_source(document)  # so that checks of meaning, later, can point at lines
    left_empty = _left_empty(document, [])
    return (None if left_empty else value), problems + left_empty


def _left_empty(document: Document, reported: list[ContentProblem]) -> list[ContentProblem]:
    """A field written with no value (`null`, as `new-period` leaves this period's figures) is not filled in yet.

    An optional field the report does not give is left out, not written empty; so an empty one, even where
    the model would take it as not given, is listed for the editor to fill in or remove. A table's cells are
    the exception: there an empty cell is a cell the report leaves blank.
    """
    found = []
    for path in _null_paths(document.data, ()):
        field = format_field_path(path)
        if any(field == done.field or field.startswith((done.field + ".", done.field + "[")) for done in reported):
            continue
        found.append(
            document.problem(path, "not filled in yet: give its value, or remove the line if the report does not")
        )
    return found


def _null_paths(data: Any, path: FieldPath) -> Iterable[FieldPath]:
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "rows":
                continue  # a table's cells: empty means blank
            if value is None:
                yield (*path, key)
            else:
                yield from _null_paths(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _null_paths(value, (*path, index))


def _validate_period(
    folder: Path, site: SiteSettings | None, problems: list[ContentProblem], cache: CheckedFiles | None
) -> Period | None:
    period_id = PeriodId.parse(folder.name)
    assert period_id is not None, "find_period_folders returns only well-named folders"
    info: PeriodInfo | None = _validate_file(folder / PERIOD_INFO_FILE, PeriodInfo, problems, cache)
    files = sorted(file for file in folder.glob("*.yaml") if file.name != PERIOD_INFO_FILE)
    sections: dict[str, Section | None] = {}
    for file in files:
        if not SECTION_NAME.match(file.stem) or file.stem in RESERVED_SECTION_NAMES:
            problems.append(ContentProblem(file, 1, 1, "", _section_name_problem(file.stem)))
            continue
        sections[file.stem] = _validate_file(file, Section, problems, cache)
    for other in sorted(folder.iterdir()):
        if other.is_file() and other.suffix not in (".yaml", ".csv") and not other.name.startswith("."):
            problems.append(
                ContentProblem(other, 1, 1, "", "unknown file; a period folder holds YAML files and their CSV files")
            )
    if info is None:
        return None
    order = _section_order(info, list(sections), problems)
    meaning_problems = list(_check_as_of(period_id, site, info)) if site is not None else []
    # In the report's order, so that a duplicate is reported where it comes second for a reader.
    in_order = order if order is not None else sorted(sections)
    sound = {name: section for name in in_order if (section := sections.get(name)) is not None}
    meaning_problems += check_sections(period_id, sound, site.calendar.dates_of(period_id) if site else None)
    problems += meaning_problems
    if site is None or order is None or len(sound) != len(sections) or any(not p.warning for p in meaning_problems):
        return None
    return Period(id=period_id, info=info, sections={name: sound[name] for name in order}, calendar=site.calendar)


SECTION_NAME = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


def _section_name_problem(stem: str) -> str:
    if stem in RESERVED_SECTION_NAMES:
        reserved = ", ".join(sorted(RESERVED_SECTION_NAMES))
        return f"a section file cannot be named {stem}.yaml; these names are the site's own: {reserved}"
    return "a section file's name is its page's address: lowercase letters, digits and hyphens, like results.yaml"


def _section_order(info: PeriodInfo, names: list[str], problems: list[ContentProblem]) -> list[str] | None:
    """The sections in the order `quarter.yaml` gives, or in the order of their file names."""
    if info.sections is None:
        return sorted(names)
    found = []
    for index, name in enumerate(info.sections):
        if name not in names:
            found.append(info.document.problem(("sections", index), f"there is no file {name}.yaml in this folder"))
        elif name in info.sections[:index]:
            found.append(info.document.problem(("sections", index), f"{name} is listed twice"))
    for name in names:
        if name not in info.sections:
            found.append(
                info.document.problem(("sections",), f"the section file {name}.yaml is not listed in `sections`")
            )
    problems += found
    return None if found else list(info.sections)


# --- checks of meaning, across fields ------------------------------------


def _check_as_of(period_id: PeriodId, site: SiteSettings, info: PeriodInfo) -> Iterable[ContentProblem]:
    period = site.calendar.dates_of(period_id)
    if (slip := date_problem(info.as_of, period)) is not None:
        yield info.document.problem(("as_of",), slip)
    elif info.as_of < period.start:
        yield info.document.problem(
            ("as_of",), f"the date {info.as_of.isoformat()} is before the period starts ({period.start.isoformat()})"
        )


# --- pydantic's errors in plain words -------------------------------------


def _describe_all(document: Document, model: type[ContentModel], details: list[ErrorDetails]) -> list[ContentProblem]:
    # A misspelt key gives two errors: "unknown field 'tilte'" and "'title' is missing".
    # The suggestion already says it all, so drop the second.
    suggested = {
        (*detail["loc"][:-1], suggestion)
        for detail in details
        if detail["type"] == "extra_forbidden" and (suggestion := _suggestion(model, tuple(detail["loc"])))
    }
    return [
        _describe(document, model, detail)
        for detail in details
        if not (detail["type"] == "missing" and tuple(detail["loc"]) in suggested)
        # A date that is none (2020-02-30) was reported as the file was read: not again as "expected a date".
        and not isinstance(detail.get("input"), NotADate)
    ]


def _suggestion(model: type[ContentModel], path: FieldPath) -> str | None:
    matches = difflib.get_close_matches(str(path[-1]), _fields_at(model, path[:-1]), n=1)
    return matches[0] if matches else None


def _describe(document: Document, model: type[ContentModel], detail: ErrorDetails) -> ContentProblem:
    loc: FieldPath = tuple(detail["loc"])
    path = document_path(document.data, loc)
    kind = detail["type"]
    value = detail.get("input")
    if kind == "union_tag_not_found":
        kinds = ", ".join(_block_kinds())
        return document.problem(path, f"the block has no `type`; give one of: {kinds}")
    if kind == "union_tag_invalid":
        tag = str(detail["ctx"]["tag"])
        close = difflib.get_close_matches(tag, _block_kinds(), n=1)
        hint = f"; did you mean '{close[0]}'?" if close else f"; expected one of: {', '.join(_block_kinds())}"
        return document.problem((*path, "type"), f"unknown block type '{tag}'{hint}")
    if kind == "progress_empty":
        given = detail.get("input")
        if isinstance(given, dict) and given and all(value is None for value in given.values()):
            # As `new-period` leaves it: the fields are there, empty.
            names = ", ".join(str(name) for name in given)
            return document.problem(path, f"not filled in yet: give this period's {names} (at least one of them)")
        return document.problem(path, detail["msg"])
    if kind == "extra_forbidden":
        field = path[-1]
        suggestion = _suggestion(model, loc)
        known = ", ".join(_fields_at(model, loc[:-1]))
        hint = f"; did you mean '{suggestion}'?" if suggestion else f"; expected one of: {known}"
        return document.problem(path, f"unknown field '{field}'{hint}", prefer_key=True)
    if kind == "missing":
        return document.problem(path, _missing_message(model, loc))
    if kind == "blank_text" and path and path[-1] in LANGUAGE_NAMES:
        return document.problem(path, f"the {LANGUAGE_NAMES[path[-1]]} text ({path[-1]}) is empty")
    if kind == "string_pattern_mismatch" and path and path[-1] == "id":
        return document.problem(
            path, f"expected an id of lowercase letters, digits and hyphens (like 'key-figures'), got {_show(value)}"
        )
    if kind in TYPE_ERRORS and value is None:
        # A field left empty, as `new-period` leaves this period's figures.
        expected = TYPE_ERRORS[kind]
        if _model_at(model, loc) is Text:
            expected = "the Thai (th) and English (en) texts"
        return document.problem(path, f"not filled in yet: expected {expected}")
    if kind in TYPE_ERRORS:
        hint = ""
        if isinstance(value, str) and kind in ("float_type", "int_type"):
            hint = number_hint(value)
        elif isinstance(value, str) and kind == "date_type" and DATE_TEXT.match(value):
            try:
                date.fromisoformat(value.strip())
                hint = "; write it without quotes" if _looks_unquotable(value) else ""
            except ValueError:
                return document.problem(path, unreadable_date(value))
        return document.problem(path, f"expected {TYPE_ERRORS[kind]}, got {_show(value)}{hint}")
    if kind == "literal_error":
        return document.problem(path, f"expected {detail['ctx']['expected']}, got {_show(value)}")
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        return document.problem(path, f"{_bound_message(kind, detail['ctx'])}, got {_show(value)}")
    if kind == "too_short":
        wanted = detail["ctx"].get("min_length", 1)
        if wanted > 1:
            return document.problem(
                path, f"give at least {wanted} entries; the list has {detail['ctx']['actual_length']}"
            )
        return document.problem(path, "the list is empty; give at least one entry")
    return document.problem(path, detail["msg"][0].lower() + detail["msg"][1:])


def _looks_unquotable(text: str) -> bool:
    """Whether text would be a YAML number or date if it were not quoted."""
    try:
        return not isinstance(yaml.safe_load(text), str)
    except (yaml.YAMLError, ValueError, OverflowError):  # PyYAML raises ValueError for a date that is none
        return False


def _bound_message(kind: str, ctx: dict[str, Any]) -> str:
    words = {
        "greater_than": "more than",
        "greater_than_equal": "at least",
        "less_than": "less than",
        "less_than_equal": "at most",
    }
    bound = next(iter(ctx.values()))
    return f"expected a number {words[kind]} {bound}"


def _show(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return f"{str(value).lower()}"
    if isinstance(value, str):
        return f"text '{value}'" if len(value) <= 40 else f"text '{value[:37]}…'"
    if isinstance(value, (int, float)):
        return number_text(value)
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def _missing_message(model: type[ContentModel], path: FieldPath) -> str:
    parent = _model_at(model, path[:-1])
    if parent is Text and path[-1] in LANGUAGE_NAMES:
        return f"the {LANGUAGE_NAMES[path[-1]]} text ({path[-1]}) is missing"
    return "this required field is missing"


def _fields_at(model: type[ContentModel], path: FieldPath) -> list[str]:
    parent = _model_at(model, path)
    return list(parent.model_fields) if parent else []


def _model_at(model: type[ContentModel], path: FieldPath) -> type[ContentModel] | None:
    """Follow a field path through the models' annotations to the model found there.

    The path is pydantic's: where a list holds blocks of several kinds, it
    names the block's `type` (blocks.0.table.columns), which picks the kind.
    """
    candidates: list[type[ContentModel]] = [model]
    after_index = False
    for part in path:
        if isinstance(part, int):
            after_index = True
            continue
        # A block's kind comes right after its index in the list, and may be named as one of its fields is
        # (a `groupings` block has a field `groupings`): only there is it the kind.
        by_tag = [c for c in candidates if _tag_of(c) == part] if after_index and len(candidates) > 1 else []
        after_index = False
        if by_tag:
            candidates = by_tag
            continue
        name = str(part)
        owner = next((c for c in candidates if name in c.model_fields), None)
        if owner is None:
            return None
        candidates = list(_inner_models(owner.model_fields[name].annotation))
        if not candidates:
            return None
    return candidates[0] if len(candidates) == 1 else None


def _tag_of(model: type[ContentModel]) -> str | None:
    field = model.model_fields.get("type")
    arguments = typing.get_args(field.annotation) if field else ()
    return arguments[0] if len(arguments) == 1 and isinstance(arguments[0], str) else None


def _inner_models(annotation: Any) -> Iterable[type[ContentModel]]:
    """The models inside an annotation: X, list[X], X | None, and each kind of a union of blocks."""
    if isinstance(annotation, type) and issubclass(annotation, ContentModel):
        yield annotation
        return
    for argument in typing.get_args(annotation):
        yield from _inner_models(argument)


def document_path(data: Any, loc: FieldPath) -> FieldPath:
    """Pydantic's error location as a path in the document: without the block kinds it names (blocks.0.table)."""
    path: list[Any] = []
    current = data
    after_index = False
    for part in loc:
        # The kind comes right after the block's index, even where a field has the same name (`groupings`).
        if after_index and isinstance(current, dict) and current.get("type") == part:
            after_index = False
            continue
        after_index = isinstance(part, int)
        path.append(part)
        if isinstance(current, dict):
            current = current.get(part)
        elif isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current):
            current = current[part]
        else:
            current = None
    return tuple(path)


def _block_kinds() -> list[str]:
    return [tag for kind in BLOCK_KINDS if (tag := _tag_of(kind))]
