"""Check the loaded content and turn it into the typed model.

Every problem found is collected, with its file, line, column and field path,
and reported together in one ContentError. A file whose structure is broken
is not checked further for meaning, because those errors would be noise
(as mkdocs learned in its PR #3437).
"""

from __future__ import annotations

import difflib
import typing
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any, Protocol

import pydantic
import yaml
from pydantic_core import ErrorDetails

from ..errors import ContentError, ContentProblem
from .comparison import check_agreement
from .fiscal import PERIOD_KEYS, PeriodId
from .loading import Document, FieldPath, load_document
from .model import (
    LANGUAGE_NAMES,
    PERIOD_FILES,
    TOLERANCE,
    ActionPlan,
    ContentModel,
    Period,
    PeriodInfo,
    Report,
    Scorecard,
    SiteSettings,
    Text,
    number_text,
)
from .published import check_published_figures
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
    try:
        value = model.model_validate(document.data)
    except pydantic.ValidationError as error:
        return None, problems + _describe_all(document, model, error.errors())
    value.keep_source(document)  # so that checks of meaning, later, can point at lines
    return value, problems


def _validate_period(
    folder: Path, site: SiteSettings | None, problems: list[ContentProblem], cache: CheckedFiles | None
) -> Period | None:
    period_id = PeriodId.parse(folder.name)
    assert period_id is not None, "find_period_folders returns only well-named folders"
    for extra in sorted(folder.glob("*.yaml")):
        if extra.name not in PERIOD_FILES:
            expected = ", ".join(PERIOD_FILES)
            problems.append(ContentProblem(extra, 1, 1, "", f"unknown file; a period folder holds {expected}"))
    parts = {name: _validate_file(folder / name, model, problems, cache) for name, model in PERIOD_FILES.items()}
    meaning_problems = list(_check_meaning(period_id, site, parts))
    problems += meaning_problems
    if site is None or meaning_problems or any(part is None for part in parts.values()):
        return None
    return Period(
        id=period_id,
        info=parts["quarter.yaml"],
        background=parts["background.yaml"],
        action_plan=parts["strategies.yaml"],
        scorecard=parts["scorecard.yaml"],
        problems=parts["problems.yaml"],
        calendar=site.calendar,
    )


# --- checks of meaning, across fields ------------------------------------


def _check_meaning(period_id: PeriodId, site: SiteSettings | None, parts: dict[str, Any]) -> Iterable[ContentProblem]:
    """Check what types cannot, in each file whose structure is sound."""
    if site is not None and parts["quarter.yaml"] is not None:
        yield from _check_as_of(period_id, site, parts["quarter.yaml"])
    if parts["strategies.yaml"] is not None:
        yield from _check_action_plan_ids(parts["strategies.yaml"])
    if parts["scorecard.yaml"] is not None:
        yield from _check_scorecard(period_id, parts["scorecard.yaml"])


def _check_as_of(period_id: PeriodId, site: SiteSettings, info: PeriodInfo) -> Iterable[ContentProblem]:
    period = site.calendar.dates_of(period_id)
    if info.as_of < period.start:
        yield info.document.problem(
            ("as_of",), f"the date {info.as_of.isoformat()} is before the period starts ({period.start.isoformat()})"
        )


def _check_action_plan_ids(plan: ActionPlan) -> Iterable[ContentProblem]:
    document = plan.document
    yield from _duplicate_ids(document, [(("strategies", i, "id"), s.id) for i, s in enumerate(plan.strategies)])
    yield from _duplicate_ids(
        document,
        [
            (("strategies", i, "projects", j, "id"), project.id)
            for i, strategy in enumerate(plan.strategies)
            for j, project in enumerate(strategy.projects)
        ],
    )
    for i, strategy in enumerate(plan.strategies):
        for j, project in enumerate(strategy.projects):
            base = ("strategies", i, "projects", j, "key_figures")
            yield from _duplicate_ids(document, [((*base, k, "id"), f.id) for k, f in enumerate(project.key_figures)])


def _duplicate_ids(document: Document, ids: list[tuple[FieldPath, str]]) -> Iterable[ContentProblem]:
    first_at: dict[str, FieldPath] = {}
    for path, value in ids:
        if value in first_at:
            line, _ = document.position(first_at[value])
            yield document.problem(path, f"duplicate id '{value}' (first used on line {line})")
        else:
            first_at[value] = path


def _check_scorecard(period_id: PeriodId, scorecard: Scorecard) -> Iterable[ContentProblem]:
    document = scorecard.document
    yield from _duplicate_ids(document, [(("components", i, "id"), c.id) for i, c in enumerate(scorecard.components)])
    total = scorecard.total_weight
    if abs(total - 100) > TOLERANCE:
        yield document.problem(("components",), f"the weights add up to {number_text(total)}, expected 100")
    # The periods of the report's fiscal year that end no later than its own: q1 and q2 in a q2 report;
    # q1, q2 and h1 in an h1 report; every one in an fy report.
    current = period_id.key
    for i, component in enumerate(scorecard.components):
        path = ("components", i, "scores")
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
            elif score > component.weight + TOLERANCE:
                yield document.problem(
                    (*path, key),
                    f"the weighted score {number_text(score)} is more than the weight {number_text(component.weight)}",
                )
        if current not in component.scores:
            yield document.problem(path, f"the score for this report's period ({current}) is missing")
        first = scorecard.components[0]
        if i > 0 and set(component.scores) != set(first.scores):
            reported = ", ".join(key for key in PERIOD_KEYS if key in first.scores)
            yield document.problem(path, f"every component must report the same periods as the first ({reported})")


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
    ]


def _suggestion(model: type[ContentModel], path: FieldPath) -> str | None:
    matches = difflib.get_close_matches(str(path[-1]), _fields_at(model, path[:-1]), n=1)
    return matches[0] if matches else None


def _describe(document: Document, model: type[ContentModel], detail: ErrorDetails) -> ContentProblem:
    path: FieldPath = tuple(detail["loc"])
    kind = detail["type"]
    value = detail.get("input")
    if kind == "extra_forbidden":
        field = path[-1]
        suggestion = _suggestion(model, path)
        known = ", ".join(_fields_at(model, path[:-1]))
        hint = f"; did you mean '{suggestion}'?" if suggestion else f"; expected one of: {known}"
        return document.problem(path, f"unknown field '{field}'{hint}", prefer_key=True)
    if kind == "missing":
        return document.problem(path, _missing_message(model, path))
    if kind == "blank_text" and path and path[-1] in LANGUAGE_NAMES:
        return document.problem(path, f"the {LANGUAGE_NAMES[path[-1]]} text ({path[-1]}) is empty")
    if kind == "string_pattern_mismatch" and path and path[-1] == "id":
        return document.problem(
            path, f"expected an id of lowercase letters, digits and hyphens (like 'key-figures'), got {_show(value)}"
        )
    if kind in TYPE_ERRORS and value is None:
        # A field left empty, as `new-period` leaves this period's figures.
        expected = TYPE_ERRORS[kind]
        if _model_at(model, path) is Text:
            expected = "the Thai (th) and English (en) texts"
        return document.problem(path, f"not filled in yet: expected {expected}")
    if kind in TYPE_ERRORS:
        hint = ""
        if isinstance(value, str) and kind in ("float_type", "int_type", "date_type") and _looks_unquotable(value):
            hint = "; write it without quotes"
        return document.problem(path, f"expected {TYPE_ERRORS[kind]}, got {_show(value)}{hint}")
    if kind == "literal_error":
        return document.problem(path, f"expected {detail['ctx']['expected']}, got {_show(value)}")
    if kind in ("greater_than", "greater_than_equal", "less_than", "less_than_equal"):
        return document.problem(path, f"{_bound_message(kind, detail['ctx'])}, got {_show(value)}")
    if kind == "too_short":
        return document.problem(path, "the list is empty; give at least one entry")
    return document.problem(path, detail["msg"][0].lower() + detail["msg"][1:])


def _looks_unquotable(text: str) -> bool:
    """Whether text would be a YAML number or date if it were not quoted."""
    try:
        return not isinstance(yaml.safe_load(text), str)
    except yaml.YAMLError:
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
    """Follow a field path through the models' annotations to the model found there."""
    current: Any = model
    for part in path:
        if isinstance(part, int):
            continue
        if not (isinstance(current, type) and issubclass(current, ContentModel)) or part not in current.model_fields:
            return None
        current = _inner_model(current.model_fields[part].annotation)
    return current if isinstance(current, type) and issubclass(current, ContentModel) else None


def _inner_model(annotation: Any) -> Any:
    """Unwrap list[X] and X | None down to the model X."""
    if isinstance(annotation, type) and issubclass(annotation, ContentModel):
        return annotation
    for argument in typing.get_args(annotation):
        if (found := _inner_model(argument)) is not None:
            return found
    return None
