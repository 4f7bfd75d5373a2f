"""Warnings about published figures edited later: a frozen period's site keeps what was published."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date
from decimal import Decimal
from pathlib import Path
from typing import Any

from ..errors import ContentProblem
from .loading import FieldPath, load_document
from .model import Period


def check_published_figures(periods: list[Period], published: Mapping[str, Path]) -> Iterable[ContentProblem]:
    """Warn about each figure of a frozen period that differs from its YAML as published (`published[period]`)."""
    for period in periods:
        frozen_content = published.get(str(period.id))
        if frozen_content is None or not frozen_content.is_dir():
            continue
        for part in (period.info, *period.sections.values()):
            document = part.document
            frozen, _ = load_document(frozen_content / document.file.name)
            for path, before, _ in _changed_figures(frozen.data, document.data, ()):
                yield document.problem(
                    path,
                    f"{period.id} is archived: it was published with {before}, and the site keeps "
                    "showing that; a correction belongs in a later period",
                    warning=True,
                )


def _changed_figures(before: Any, after: Any, path: FieldPath) -> Iterable[tuple[FieldPath, Any, Any]]:
    if isinstance(before, dict) and isinstance(after, dict):
        for key in after.keys() & before.keys():
            yield from _changed_figures(before[key], after[key], (*path, key))
    elif isinstance(before, list) and isinstance(after, list):
        for index, (old, new) in enumerate(zip(before, after, strict=False)):
            yield from _changed_figures(old, new, (*path, index))
    elif isinstance(before, (int, float, Decimal, date)) and not isinstance(before, bool) and before != after:
        yield path, before, after
