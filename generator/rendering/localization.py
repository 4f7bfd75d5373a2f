"""Numbers, dates and interface strings in the language of a page.

Every number and date that the site writes is formatted here, and every
interface string is filled in here (`Localizer.string`), so that with
`thai_digits` (site.yaml) Thai pages write them all with Thai digits (๐–๙).
Prose from the content never passes through: it stays as typed.

Thai pages give years in the Buddhist Era (C.E. + 543) with Thai month names:
"31 มีนาคม พ.ศ. 2563". Babel knows only the Gregorian calendar, so we ask it
for the month name alone and put the day, the month and the year into the
string table's `date` pattern ourselves; never build date(year + 543, …),
which breaks on 29 February.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from babel.dates import format_date as babel_format_date
from babel.numbers import format_decimal

from ..errors import BuildError
from ..reading.fiscal import BUDDHIST_ERA_OFFSET, DateSpan, PeriodId
from ..reading.loading import load_document
from ..reading.model import SiteWords
from ..theme import Theme

# Babel locales for each content language: en_GB gives "31 March 2020".
BABEL_LOCALES = {"th": "th_TH", "en": "en_GB"}
# Babel keeps Latin digits even with numbering_system="thai"; we map them ourselves.
THAI_DIGITS = str.maketrans("0123456789", "๐๑๒๓๔๕๖๗๘๙")


@lru_cache(maxsize=4096)
def _format_decimal(value: float | Decimal, pattern: str, locale: str) -> str:
    # Babel parses the pattern and looks up the locale on every call; a report repeats its numbers
    # (100.00, 0, the weights) on many pages, in tables, charts and data files.
    return format_decimal(value, format=pattern, locale=locale)


def load_strings(theme: Theme, language: str) -> dict[str, str]:
    """The interface strings of one language: the packaged table, with a project's own strings over it.

    A project's table may give any of the packaged names, and no other: a
    name the templates never ask for is most likely a misspelt one.
    """
    strings: dict[str, str] = {}
    for layer in theme.layers(f"strings/{language}.yaml"):
        table = _read_strings(layer)
        if strings and (unknown := sorted(table.keys() - strings.keys())):
            raise BuildError(
                f"{layer}: unknown string name(s) {', '.join(unknown)}; a project's table may only replace "
                f"the packaged strings, whose names are in {theme.layers(f'strings/{language}.yaml')[0]}"
            )
        strings.update(table)
    if not strings:
        raise BuildError(f"there are no interface strings for the language '{language}'")
    return strings


def _read_strings(file: Path) -> dict[str, str]:
    document, problems = load_document(file)
    if problems:
        raise BuildError("\n".join(map(str, problems)))
    if not isinstance(document.data, dict) or not all(isinstance(v, str) for v in document.data.values()):
        raise BuildError(f"{file}: expected a mapping of names to texts")
    return document.data


def load_localizers(
    theme: Theme, languages: Iterable[str], *, thai_digits: bool, words: SiteWords | None = None
) -> dict[str, Localizer]:
    """The Localizer of each language, by language code, with the theme's strings."""
    return {
        language: Localizer(language, load_strings(theme, language), thai_digits, words or SiteWords())
        for language in languages
    }


@dataclass(frozen=True)
class Localizer:
    """Formats values for pages in one language."""

    language: str
    strings: dict[str, str]
    thai_digits: bool = False
    """Write the numbers the generator formats with Thai digits (๐–๙); prose stays as typed."""
    words: SiteWords = SiteWords()
    """The site's words (site.yaml), which every string may use: `{grouping}`, `{Groupings}`, `{report}`…"""

    @cached_property
    def _words(self) -> dict[str, str]:
        return self.words.values(self.language)

    @property
    def writes_thai_digits(self) -> bool:
        return self.thai_digits and self.language == "th"

    def digits(self, text: str) -> str:
        return text.translate(THAI_DIGITS) if self.writes_thai_digits else text

    @property
    def locale(self) -> str:
        return BABEL_LOCALES[self.language]

    @property
    def uses_buddhist_era(self) -> bool:
        return self.language == "th"

    def string(self, name: str, **values: str | int) -> str:
        """Look up an interface string and fill in its `{placeholders}`.

        A whole number is written as a numeral (`numeral`); a text is put in
        as it is, so format other numbers first (`decimal2`, `number`, `date`),
        and prose is never changed. The site's words (SiteWords) fill the
        placeholders named after them: `{grouping}`, and `{Grouping}` to start
        a heading with a capital.
        """
        try:
            template = self.strings[name]
        except KeyError:
            raise BuildError(f"the interface string '{name}' is missing for language '{self.language}'") from None
        try:
            filled = {key: self._value(name, key, value) for key, value in values.items()}
            return template.format(**{**self._words, **filled})
        except (KeyError, IndexError, ValueError) as error:
            raise BuildError(f"the interface string '{name}' ({self.language}) was not filled in: {error!r}") from None

    def _value(self, name: str, key: str, value: Any) -> str:
        if isinstance(value, str):
            return value
        if isinstance(value, int) and not isinstance(value, bool):
            return self.numeral(value)
        raise BuildError(f"the interface string '{name}' got {value!r} for {{{key}}}: format it first")

    def numeral(self, value: int) -> str:
        """A whole number as it is written in a heading, a count or a year, without grouping: 3, 2563."""
        return self.digits(str(value))

    def year(self, ce_year: int) -> int:
        return ce_year + BUDDHIST_ERA_OFFSET if self.uses_buddhist_era else ce_year

    def fiscal_year(self, fiscal_year_be: int) -> int:
        # The English name of a fiscal year is the C.E. year in which it ends (FY2020).
        return fiscal_year_be if self.uses_buddhist_era else fiscal_year_be - BUDDHIST_ERA_OFFSET

    def number(self, value: float | Decimal) -> str:
        """A count or amount: 13,655 or 1,234.5; below zero, with a true minus sign: −200."""
        text = _format_decimal(abs(value), "#,##0.##", self.locale)
        return self.digits(("\u2212" if value < 0 else "") + text)

    def exact(self, value: Decimal | int) -> str:
        """A figure with the decimals the editor typed (19.20, 13,655), a true minus sign if negative: −1,250.50."""
        number = Decimal(value)
        exponent = number.as_tuple().exponent
        decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
        text = _format_decimal(abs(number), pattern, self.locale)
        return self.digits(("\u2212" if number < 0 else "") + text)

    def signed_exact(self, value: Decimal | int) -> str:
        """A change in a figure, with the decimals of the figures and always its sign: +55, −0.05, 0.00."""
        number = Decimal(value)
        return ("+" if number > 0 else "") + self.exact(number)

    def quantity(self, value: Decimal | int, unit: str | None, *, signed: bool = False) -> str:
        """A figure with its unit, as "13,655 คน", "19.20%" (a per cent sign follows the number directly);
        `signed`, a change in one: "+55 คน"."""
        number = self.signed_exact(value) if signed else self.exact(value)
        if not unit:
            return number
        return f"{number}{unit}" if unit == "%" else self.string("quantity", number=number, unit=unit)

    def decimal2(self, value: float | Decimal) -> str:
        """A percentage or a score, always with two decimals as in the report: 85.94, 0.00."""
        return self.digits(_format_decimal(value, "#,##0.00", self.locale))

    def signed(self, value: float | Decimal) -> str:
        """A change, always with its sign and two decimals: +14.17, −1.50 (a true minus sign), 0.00."""
        value = Decimal(repr(value)) if isinstance(value, float) else value
        if abs(value) < Decimal("0.005"):
            return self.decimal2(0)
        sign = "+" if value > 0 else "\u2212"
        return sign + self.decimal2(abs(value))

    def month(self, day: date) -> str:
        return babel_format_date(day, "MMMM", locale=self.locale)

    def date(self, day: date) -> str:
        """A full date: "31 มีนาคม พ.ศ. 2563" or "31 March 2020"."""
        return self.string("date", day=day.day, month=self.month(day), year=self.year(day.year))

    def months(self, dates: DateSpan) -> str:
        """The months of a period: "มกราคม–มีนาคม 2563" or "January–March 2020"."""
        start, end = dates.start, dates.end
        if start.year == end.year:
            return self.string("months", start=self.month(start), end=self.month(end), year=self.year(end.year))
        return self.string(
            "months_across_years",
            start=self.month(start),
            start_year=self.year(start.year),
            end=self.month(end),
            end_year=self.year(end.year),
        )

    def period_string(self, name: str, period: PeriodId, **values: str | int) -> str:
        """An interface string about a period, in the words of its kind (quarter, half year, fiscal year).

        The string `<name>_<kind>` (`period_name_half`) is used where the
        table has one, and `<name>` otherwise. Either may use the period's
        `{number}` (2), `{fiscal_year}` (2563 or 2020), `{kind}` ("quarter",
        "half year", "fiscal year"), `{plan}` ("quarter plan", "half-year
        plan", "annual plan"), and, for a half year, `{half}` ("first",
        "second"), besides the `values` given.
        """
        variant = f"{name}_{period.kind}"
        words: dict[str, str | int] = {
            "number": period.number,
            "fiscal_year": self.fiscal_year(period.fiscal_year_be),
            "kind": self.string(f"kind_{period.kind}"),
            "plan": self.string(f"plan_{period.kind}"),
        }
        if period.kind == "half":
            words["half"] = self.string(f"half_{period.number}")
        return self.string(variant if variant in self.strings else name, **{**words, **values})

    def period_name(self, period: PeriodId) -> str:
        """The period's name: "ไตรมาสที่ 2 ปีงบประมาณ พ.ศ. 2563" or "Q2 FY2020", "FY2020"."""
        return self.period_string("period_name", period)

    def period_short(self, period: PeriodId) -> str:
        """The period's name within its fiscal year: "ไตรมาส 2" or "Q2", "H1"; a fiscal year's name is "FY2020"."""
        return self.period_string("period_short", period)

    def period_with_months(self, period: PeriodId, dates: DateSpan) -> str:
        """The period's name and its months: "Q2 FY2020 (January–March 2020)"."""
        return self.string("period_with_months", period=self.period_name(period), months=self.months(dates))
