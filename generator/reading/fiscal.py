"""The fiscal calendar: which months a fiscal year and its periods cover.

A report covers one period of a fiscal year, named by its folder:
`<B.E. year>-q<1-4>` for a quarter (`2563-q2`), `<B.E. year>-h<1-2>` for a
half year (`2563-h1`), and `<B.E. year>-fy` for the whole fiscal year
(`2563-fy`). The fiscal year starts in the month that `site.yaml` names
(October for the Thai government), so fiscal year 2563 B.E. runs from October
2019 to September 2020, and it is called FY2020 in English: the year in which
it ends. Within a fiscal year, a period is also named by its key alone (`q2`,
`h1`, `fy`), as the scorecard's scores are.

Periods are ordered by the date they end, and at an equal end the shorter
first: 2563-q1, 2563-q2, 2563-h1, 2563-q3, 2563-q4, 2563-h2, 2563-fy, 2564-q1.
"""

from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass
from datetime import date
from typing import Literal, get_args

BUDDHIST_ERA_OFFSET = 543
PeriodKind = Literal["quarter", "half", "year"]
PERIOD_KINDS: tuple[PeriodKind, ...] = get_args(PeriodKind)
# How many months a period of each kind covers, and the letters of its key.
KIND_MONTHS: dict[PeriodKind, int] = {"quarter": 3, "half": 6, "year": 12}
KIND_LETTERS: dict[PeriodKind, str] = {"quarter": "q", "half": "h", "year": "fy"}
PERIOD_KEY = re.compile(r"^(?:q(?P<quarter>[1-4])|h(?P<half>[12])|(?P<year>fy))$")
PERIOD_FOLDER = re.compile(r"^(?P<year>[0-9]{4})-(?P<key>[a-z0-9]+)$")
FOLDER_RULE = "<B.E. year>-q<1-4>, -h<1-2> or -fy, like 2563-q2, 2563-h1 or 2563-fy"


def add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


@functools.total_ordering
@dataclass(frozen=True)
class PeriodId:
    """A period of a fiscal year: a quarter, a half year or the whole year, named by its B.E. fiscal year."""

    fiscal_year_be: int
    kind: PeriodKind
    number: int = 1
    """Which quarter (1–4) or half (1–2) of the fiscal year; 1 for the whole year."""

    def __post_init__(self) -> None:
        if not 1 <= self.number <= 12 // KIND_MONTHS[self.kind]:
            raise ValueError(f"a fiscal year has no {self.kind} {self.number}")

    @classmethod
    def parse(cls, name: str) -> PeriodId | None:
        """The period a folder name gives (`2563-q2`, `2563-h1`, `2563-fy`), or None."""
        match = PERIOD_FOLDER.match(name)
        if not match:
            return None
        return cls.of_key(int(match["year"]), match["key"])

    @classmethod
    def of_key(cls, fiscal_year_be: int, key: str) -> PeriodId | None:
        """The period of a fiscal year that a key names (`q2`, `h1`, `fy`), or None."""
        match = PERIOD_KEY.match(key)
        if not match:
            return None
        if match["quarter"]:
            return cls(fiscal_year_be, "quarter", int(match["quarter"]))
        if match["half"]:
            return cls(fiscal_year_be, "half", int(match["half"]))
        return cls(fiscal_year_be, "year")

    @classmethod
    def of_folder(cls, name: str) -> PeriodId:
        """The period a folder is named for; the name must have been checked with `parse`."""
        period = cls.parse(name)
        if period is None:
            raise ValueError(f"'{name}' is not a period folder's name")
        return period

    @property
    def key(self) -> str:
        """The period's name within its fiscal year: `q2`, `h1`, `fy`."""
        letters = KIND_LETTERS[self.kind]
        return letters if self.kind == "year" else f"{letters}{self.number}"

    @property
    def slug(self) -> str:
        return f"{self.fiscal_year_be}-{self.key}"

    @property
    def months(self) -> int:
        return KIND_MONTHS[self.kind]

    @property
    def first_month(self) -> int:
        """The month it starts in, counted from 0 at the start of the fiscal year."""
        return self.months * (self.number - 1)

    @property
    def last_month(self) -> int:
        """The month it ends in, counted from 0 at the start of the fiscal year (11 for its last month)."""
        return self.first_month + self.months - 1

    @property
    def previous(self) -> PeriodId | None:
        """The period a report of this one is compared with: the previous one of the same kind.

        The previous quarter or half of the same fiscal year (none before the
        first), and for a fiscal year the fiscal year before.
        """
        if self.kind == "year":
            return PeriodId(self.fiscal_year_be - 1, "year")
        return PeriodId(self.fiscal_year_be, self.kind, self.number - 1) if self.number > 1 else None

    @property
    def next(self) -> PeriodId:
        """The next period of the same kind, in the next fiscal year after the last one."""
        if self.number < 12 // self.months:
            return PeriodId(self.fiscal_year_be, self.kind, self.number + 1)
        return PeriodId(self.fiscal_year_be + 1, self.kind)

    def _order(self) -> tuple[int, int, int]:
        # By the month it ends in; at an equal end, the shorter first.
        return self.fiscal_year_be, self.last_month, self.months

    def __lt__(self, other: object) -> bool:
        if not isinstance(other, PeriodId):
            return NotImplemented
        return self._order() < other._order()

    def __str__(self) -> str:
        return self.slug


# The keys of a fiscal year's periods, in order: q1, q2, h1, q3, q4, h2, fy.
PERIOD_KEYS: tuple[str, ...] = tuple(
    period.key
    for period in sorted(
        PeriodId(0, kind, number) for kind in PERIOD_KINDS for number in range(1, 12 // KIND_MONTHS[kind] + 1)
    )
)


@dataclass(frozen=True)
class DateSpan:
    """A span of whole months, from `start` to `end` inclusive."""

    start: date
    end: date

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class FiscalCalendar:
    """Maps fiscal years and their periods to calendar dates."""

    start_month: int

    def fiscal_year_ce(self, fiscal_year_be: int) -> int:
        """The C.E. year in which a fiscal year ends, which names it in English (FY2020)."""
        return fiscal_year_be - BUDDHIST_ERA_OFFSET

    def dates_of(self, period: PeriodId) -> DateSpan:
        # The fiscal year ends in its C.E. year, so it starts in the year before
        # unless it starts in January.
        end_year = self.fiscal_year_ce(period.fiscal_year_be)
        first_year = end_year if self.start_month == 1 else end_year - 1
        year, month = add_months(first_year, self.start_month, period.first_month)
        last_year, last_month = add_months(year, month, period.months - 1)
        last_day = calendar.monthrange(last_year, last_month)[1]
        return DateSpan(date(year, month, 1), date(last_year, last_month, last_day))
