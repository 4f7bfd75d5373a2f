"""The fiscal calendar: which months a fiscal year and its periods cover.

Period folders are named `<B.E. year>-q<n>` (for example `2563-q2`). The
fiscal year starts in the month that `site.yaml` names (October for the Thai
government), so fiscal year 2563 B.E. runs from October 2019 to September
2020, and it is called FY2020 in English: the year in which it ends.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

BUDDHIST_ERA_OFFSET = 543
PERIOD_FOLDER = re.compile(r"^(?P<year>[0-9]{4})-q(?P<period>[1-4])$")


def add_months(year: int, month: int, months: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + months
    return index // 12, index % 12 + 1


@dataclass(frozen=True, order=True)
class PeriodId:
    """A period of a fiscal year, named by its B.E. fiscal year."""

    fiscal_year_be: int
    number: int

    @classmethod
    def parse(cls, name: str) -> PeriodId | None:
        match = PERIOD_FOLDER.match(name)
        if not match:
            return None
        return cls(int(match["year"]), int(match["period"]))

    @classmethod
    def of_folder(cls, name: str) -> PeriodId:
        """The period a folder is named for; the name must have been checked with `parse`."""
        period = cls.parse(name)
        if period is None:
            raise ValueError(f"'{name}' is not a period folder's name")
        return period

    @property
    def slug(self) -> str:
        return f"{self.fiscal_year_be}-q{self.number}"

    def __str__(self) -> str:
        return self.slug


@dataclass(frozen=True)
class DateSpan:
    """A span of whole months, from `start` to `end` inclusive."""

    start: date
    end: date

    def __contains__(self, day: date) -> bool:
        return self.start <= day <= self.end


@dataclass(frozen=True)
class FiscalCalendar:
    """Maps fiscal years and periods to calendar dates."""

    start_month: int

    def fiscal_year_ce(self, fiscal_year_be: int) -> int:
        """The C.E. year in which a fiscal year ends, which names it in English (FY2020)."""
        return fiscal_year_be - BUDDHIST_ERA_OFFSET

    def dates_of(self, period: PeriodId) -> DateSpan:
        # The fiscal year ends in its C.E. year, so it starts in the year before
        # unless it starts in January.
        end_year = self.fiscal_year_ce(period.fiscal_year_be)
        first_year = end_year if self.start_month == 1 else end_year - 1
        year, month = add_months(first_year, self.start_month, 3 * (period.number - 1))
        last_year, last_month = add_months(year, month, 2)
        last_day = calendar.monthrange(last_year, last_month)[1]
        return DateSpan(date(year, month, 1), date(last_year, last_month, last_day))
