"""Checks of the text itself, reported as warnings: likely untranslated or mistyped text.

These never stop a build on their own (`validate --strict` makes them fail).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from .errors import ContentProblem
from .loading import Document, FieldPath

THAI = re.compile(r"[\u0e00-\u0e7f]")
LATIN = re.compile(r"[A-Za-z]")


def check_texts(document: Document) -> Iterable[ContentProblem]:
    """Warn about each bilingual text whose translation looks missing."""
    for path, text in _texts(document.data, ()):
        thai, english = " ".join(text["th"].split()), " ".join(text["en"].split())
        if not thai or not english:
            continue  # an empty text is an error, reported by validation
        if thai == english:
            yield document.problem((*path, "en"), "the English text is the same as the Thai; is it translated?",
                                   warning=True)
            continue
        if match := THAI.search(english):
            yield document.problem(
                (*path, "en"), f"the English text contains Thai script ('{_around(english, match.start())}')",
                warning=True,
            )
        if not THAI.search(thai) and LATIN.search(thai):
            yield document.problem((*path, "th"), "the Thai text has no Thai script; is it untranslated?",
                                   warning=True)


def _texts(data: Any, path: FieldPath) -> Iterable[tuple[FieldPath, dict]]:
    if isinstance(data, dict):
        if set(data) == {"th", "en"} and all(isinstance(value, str) for value in data.values()):
            yield path, data
            return
        for key, value in data.items():
            yield from _texts(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _texts(value, (*path, index))


def _around(text: str, index: int, width: int = 12) -> str:
    start = max(0, index - 2)
    return text[start : start + width]
