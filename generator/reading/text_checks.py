"""Checks of the text itself, reported as warnings: likely untranslated or mistyped text.

These never stop a build on their own (`validate --strict` makes them fail).
Thai is checked for what Thai typing commonly gets wrong: text not in NFC,
doubled vowels or tone marks (the seed report has "พัฒนาารัฐบาล"), marks in
the wrong order, a vowel or mark with no consonant to sit on, and stray
zero-width characters. PyThaiNLP's normaliser says what it would change; we
only report, and never apply NFKC, which breaks ำ.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from typing import Any

from ..errors import ContentProblem
from .loading import Document, FieldPath

THAI = re.compile(r"[\u0e00-\u0e7f]")
# The length up to which a text without Thai script, the same in both languages, is a code rather than prose.
SHORT_CODE = 12
LATIN = re.compile(r"[A-Za-z]")
ZERO_WIDTH = re.compile(r"[\u200b\u200c\u200d\u2060\ufeff]")
CONSONANTS = r"\u0e01-\u0e2e"
# Marks that sit above or below a consonant: mai han-akat, upper and lower vowels, tone marks and others.
MARKS = r"\u0e31\u0e34-\u0e3a\u0e47-\u0e4e"
DOUBLED = re.compile(r"([\u0e30-\u0e3a\u0e40-\u0e45\u0e47-\u0e4e])\1")
MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>|javascript\s*:|\bon[a-z]+\s*=", re.IGNORECASE)
# A vowel or mark that follows neither a consonant nor another mark: the first of a run with no consonant.
DANGLING = re.compile(f"(?<![{CONSONANTS}{MARKS}])[{MARKS}]")
# What PyThaiNLP's `normalize` (5.x) can change; where none of it occurs, normalize returns the text as it is.
# By its steps: zero-width characters; doubled spaces, newlines, and white space at either end; a mark after a
# space or at the start; its reorderings (เเ, a tone mark or thanthakhat before an upper or lower vowel,
# nikhahit, a follow vowel before a tone mark, lakkhangyao); a repeated vowel or sign; two tone marks.
_TONES, _ABOVE_BELOW = "\u0e48-\u0e4b", "\u0e31\u0e34-\u0e37\u0e4d\u0e47\u0e38\u0e39"
_DANGLING_CHARS = f"{_ABOVE_BELOW}{_TONES}\u0e3a\u0e4c\u0e4d\u0e4e"
_NO_REPEAT = f"\u0e30\u0e32\u0e33\u0e45\u0e40-\u0e44{_ABOVE_BELOW}\u0e3a\u0e4c\u0e4d\u0e4e"
MIGHT_NORMALIZE = re.compile(
    "|".join(
        [
            "[\u200b\u200c]",
            "  ",
            "\n",
            r"^\s",
            r"\s$",
            f" [{_DANGLING_CHARS}]",
            f"^[{_DANGLING_CHARS}]",
            "\u0e40\u0e40",
            f"[{_TONES}\u0e4c][{_ABOVE_BELOW}]",
            "\u0e4d",
            f"[\u0e30\u0e32\u0e33\u0e45][{_TONES}]",
            "\u0e45",
            f"([{_NO_REPEAT}]) *\\1",
            f"[{_TONES}]{{2}}",
        ]
    )
)
TONE_BEFORE_VOWEL = re.compile(r"[\u0e48-\u0e4b][\u0e31\u0e34-\u0e37\u0e38-\u0e3a]")


def check_texts(document: Document) -> Iterable[ContentProblem]:
    """Warn about each bilingual text whose translation looks missing."""
    for path, text in _texts(document.data, ()):
        thai, english = " ".join(text["th"].split()), " ".join(text["en"].split())
        if not thai or not english:
            continue  # an empty text is an error, reported by validation
        if thai == english and not THAI.search(thai) and len(thai) <= SHORT_CODE:
            continue  # a code that both languages write alike: N/A, GDP, ISO 9001
        if thai == english and any(character.isalpha() for character in thai):
            # A symbol (%, a code of digits) is the same in both languages; words are not.
            yield document.problem(
                (*path, "en"), "the English text is the same as the Thai; is it translated?", warning=True
            )
            continue
        if match := THAI.search(english):
            yield document.problem(
                (*path, "en"),
                f"the English text contains Thai script ('{_around(english, match.start())}')",
                warning=True,
            )
        if not THAI.search(thai) and LATIN.search(thai):
            yield document.problem((*path, "th"), "the Thai text has no Thai script; is it untranslated?", warning=True)
        for message in thai_typing_problems(text["th"]):
            yield document.problem((*path, "th"), message, warning=True)
        for language in ("th", "en"):
            if match := MARKUP.search(text[language]):
                yield document.problem(
                    (*path, language),
                    f"'{match.group(0)[:30]}' looks like HTML or a script; prose is shown exactly as typed, "
                    "so it will appear as these characters and never run",
                    warning=True,
                )
        for match in ZERO_WIDTH.finditer(text["en"]):
            yield document.problem((*path, "en"), _zero_width(text["en"], match.start()), warning=True)


def thai_typing_problems(text: str) -> list[str]:
    """What looks mistyped in a Thai text, in plain words, one message per kind of problem."""
    problems = []
    if unicodedata.normalize("NFC", text) != text:
        problems.append("the text is not in Unicode NFC form; retype it or save it as NFC")
    if match := ZERO_WIDTH.search(text):
        problems.append(_zero_width(text, match.start()))
    if match := DOUBLED.search(text):
        problems.append(f"a doubled vowel or mark in '{_around(text, match.start())}'")
    if match := TONE_BEFORE_VOWEL.search(text):
        problems.append(f"a tone mark typed before its vowel in '{_around(text, match.start())}'")
    if match := DANGLING.search(text):
        problems.append(f"a vowel or mark with no consonant before it in '{_around(text, match.start())}'")
    if not problems and (normalized := _normalize(text)) != text:
        index = next(i for i, (a, b) in enumerate(zip(text, normalized + "\0" * len(text), strict=False)) if a != b)
        problems.append(f"'{_around(text, index)}' would be '{_around(normalized, index)}' after Thai normalisation")
    return problems


def _normalize(text: str) -> str:
    if not MIGHT_NORMALIZE.search(text):
        return text  # what PyThaiNLP would return, without its forty passes over the text
    from pythainlp.util import normalize

    return normalize(text)


def _zero_width(text: str, index: int) -> str:
    return f"a zero-width character (U+{ord(text[index]):04X}) at character {index + 1}"


def _texts(data: Any, path: FieldPath) -> Iterable[tuple[FieldPath, dict[str, str]]]:
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
    return text[start : start + width].replace("\u200b", "").strip()
