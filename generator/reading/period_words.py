"""Warnings where a heading of a period's report names another period: words left from the report it was copied from.

`new-period` keeps every text of the previous report, titles included, so a
Q3 report starts with "ไตรมาสที่ 2" / "quarter 2" in its title. Headings
(the report's title and what it covers, sections', blocks' and tables'
titles) are checked: a heading that names a quarter or a fiscal year other
than the report's own, and not its own as well, is most likely stale. A
heading that names its own period too ("2564 และ 2565", a comparison) is
left alone, and so is prose, which speaks of other periods as a matter of
course ("compared with quarter 1"). A half year or a whole year is checked
for its fiscal year only: its report may well name the quarters it covers.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import Any

from ..errors import ContentProblem
from .fiscal import PeriodId
from .loading import Document, FieldPath

# The fields that hold a heading; a column's or a figure's title is not one (a table compares years).
HEADING_FIELDS = frozenset({"title", "nav_title", "covers"})
NOT_HEADINGS = frozenset({"columns", "column_groups", "figures", "compare_with"})
THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
QUARTER = {
    "th": re.compile(r"ไตรมาส(?:ที่)?\s*([1-4])(?![0-9])"),
    "en": re.compile(r"\b(?:quarter\s+([1-4])|Q([1-4]))(?![0-9])", re.IGNORECASE),
}
FISCAL_YEAR = {
    "th": re.compile(r"ปีงบ(?:ประมาณ)?\s*(?:พ\.ศ\.\s*)?(2[4-6][0-9]{2})(?![0-9])"),
    "en": re.compile(r"\b(?:fiscal\s+year|FY)\s*(20[0-9]{2}|2[4-6][0-9]{2})(?![0-9])", re.IGNORECASE),
}


def check_period_words(document: Document, period: PeriodId) -> Iterable[ContentProblem]:
    """Warn where a heading of `document` (a file of `period`'s folder) names another quarter or fiscal year."""
    for path, language, text in _headings(document.data, ()):
        digits = text.translate(THAI_DIGITS)
        others: list[str] = []
        if period.kind == "quarter":
            named = [
                (match.group(0), int(next(g for g in match.groups() if g)))
                for match in QUARTER[language].finditer(digits)
            ]
            if named and all(number != period.number for _, number in named):
                others += [words for words, _ in named]
        years = [(match.group(0), int(match.group(1))) for match in FISCAL_YEAR[language].finditer(digits)]
        own = {period.fiscal_year_be, period.fiscal_year_be - 543}
        if years and all(year not in own for _, year in years):
            others += [words for words, _ in years]
        if others:
            names = ", ".join(f"'{words}'" for words in dict.fromkeys(others))
            yield document.problem(
                path,
                f"names {names}, not this report's period ({period}): left from the report it was copied from?",
                warning=True,
            )


def _headings(data: Any, path: FieldPath) -> Iterator[tuple[FieldPath, str, str]]:
    """Each heading's Thai and English texts, with their paths."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key in NOT_HEADINGS:
                continue
            if key in HEADING_FIELDS and isinstance(value, dict):
                for language in ("th", "en"):
                    if isinstance(value.get(language), str):
                        yield (*path, key, language), language, value[language]
            else:
                yield from _headings(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _headings(value, (*path, index))
