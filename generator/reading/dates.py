"""Dates as editors slip on them: a Buddhist-era year, a day its month lacks, a date far from its period.

A Thai editor writes the year B.E. (2563) as naturally as the C.E. one (2020); YAML reads both as a date, and the
site would show a report taken five centuries ahead (and MkDocs fails to write a file dated then). Every date of
the content goes through `date_problem`, and every date YAML cannot read through `unreadable_date`.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

from .fiscal import BUDDHIST_ERA_OFFSET, DateSpan

# A year above this is taken for a B.E. one: 2400 B.E. is 1857 C.E., and no report is dated 2400 C.E.
BUDDHIST_ERA_FROM = 2400
# How far from its period a date may lie: a table may give last year's figures, or next year's deadline.
SLACK_YEARS = 1
DATE_TEXT = re.compile(r"^\s*(?P<year>[0-9]{4})-(?P<month>[0-9]{1,2})-(?P<day>[0-9]{1,2})")


def date_problem(day: date, period: DateSpan | None) -> str | None:
    """What is wrong with a date given for a period, or None: a B.E. year, or a year far from the period's."""
    if day.year > BUDDHIST_ERA_FROM:
        return _buddhist_era_hint(day.year, day.month, day.day)
    if period is None:
        return None
    if day < _years_after(period.start, -SLACK_YEARS):
        return (
            f"the date {day.isoformat()} is more than a year before the period starts "
            f"({period.start.isoformat()}); check its year"
        )
    if day > _years_after(period.end, SLACK_YEARS):
        return (
            f"the date {day.isoformat()} is more than a year after the period ends "
            f"({period.end.isoformat()}); check its year"
        )
    return None


def unreadable_date(text: str) -> str:
    """Why a text written as a date (`2020-02-30`) is none, in an editor's words."""
    match = DATE_TEXT.match(text)
    if match is None:
        return f"'{text}' is not a date; write it as year-month-day, like 2020-03-31"
    year, month, day = int(match["year"]), int(match["month"]), int(match["day"])
    ce_year = year - BUDDHIST_ERA_OFFSET
    if year > BUDDHIST_ERA_FROM and 1 <= month <= 12 and 1 <= day <= calendar.monthrange(ce_year, month)[1]:
        # 2567-02-29: no such day in 2567, but 29 February 2024 is one.
        return _buddhist_era_hint(year, month, day)
    if year == 0:
        return f"{text.strip()} is not a date: there is no year 0"
    if not 1 <= month <= 12:
        return f"{text.strip()} is not a date: there is no month {month}; write year-month-day, like 2020-03-31"
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        return f"{text.strip()} is not a date: {calendar.month_name[month]} {year} has {days} days"
    return f"{text.strip()} is not a date and time; write a date as year-month-day, like 2020-03-31"


def _buddhist_era_hint(year: int, month: int, day: int) -> str:
    ce_year = year - BUDDHIST_ERA_OFFSET
    return f"{year} looks like a B.E. year; write the C.E. year, {ce_year}: {ce_year:04d}-{month:02d}-{day:02d}"


def _years_after(day: date, years: int) -> date:
    """The same day `years` later (or earlier); 29 February becomes the 28th in a common year."""
    year = day.year + years
    if not 1 <= year <= 9999:
        return date.min if years < 0 else date.max
    return day.replace(year=year, day=min(day.day, calendar.monthrange(year, day.month)[1]))
