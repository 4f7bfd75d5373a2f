"""What to do about a number typed as text: the common slips of editors, each with its fix.

Numbers in the content are plain YAML numbers (`13655`, `68.75`, `-3.50`). A
figure copied from a document often comes with what the page shows around it:
a percent sign, thousands separators, Thai digits, a decimal comma, quotes or
its unit. Each gets a hint that gives the number as it should be typed.
"""

from __future__ import annotations

import re
from decimal import Decimal

import yaml

THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
_NUMBER = re.compile(r"^[-−]?\d+(\.\d+)?$")
_THOUSANDS = re.compile(r"^[-−]?\d{1,3}(,\d{3})+(\.\d+)?$")
_DECIMAL_COMMA = re.compile(r"^[-−]?\d+,\d{1,2}$")
_WITH_UNIT = re.compile(r"^([-−]?[\d,]+(\.\d+)?)\s*\S.*$")
# 1e6 and 2.5E-3: YAML reads a number in this notation only with a point and a sign (1.0e+6); these are text.
_SCIENTIFIC = re.compile(r"^[-−]?\d+(\.\d+)?[eE][-+]?\d+$")
_DATE = re.compile(r"^\d{4}-\d{1,2}-\d{1,2}")
# As reading/model.py's limits on a figure's digits (this module stands below the models).
_MAX_WHOLE_DIGITS, _MAX_DECIMALS = 15, 10


def number_hint(text: str, unit_place: str = "`unit`") -> str:
    """A hint, starting "; ", for `text` given where a number belongs; "" when no fix is plain.

    `unit_place` says where a unit typed after the number belongs instead."""
    typed = text.strip()
    if typed.translate(THAI_DIGITS) != typed and _NUMBER.match(arabic := typed.translate(THAI_DIGITS)):
        return f"; use the digits 0–9: {_plain(arabic)}"
    if typed.endswith("%") and _NUMBER.match(number := typed[:-1].strip()):
        return f"; write it without the %: {_plain(number)}"
    if _THOUSANDS.match(typed):
        return f"; write it without the thousands separators: {_plain(typed.replace(',', ''))}"
    if _DECIMAL_COMMA.match(typed):
        return f"; write the decimals after a point: {_plain(typed.replace(',', '.'))}"
    if _NUMBER.match(typed) or _looks_like_yaml_number(typed):
        return "; write it without quotes"
    if _SCIENTIFIC.match(typed):
        return _in_digits(Decimal(_plain(typed)))
    if _DATE.match(typed):
        return ""  # a date where a number belongs: no number to suggest
    unit = _WITH_UNIT.match(typed)
    if unit and _NUMBER.match(unit.group(1).replace(",", "")):
        return f"; write the number alone ({_plain(unit.group(1).replace(',', ''))}): its unit goes in {unit_place}"
    return ""


def _in_digits(number: Decimal) -> str:
    exponent = number.as_tuple().exponent
    assert isinstance(exponent, int)
    if number.adjusted() < _MAX_WHOLE_DIGITS and -exponent <= _MAX_DECIMALS:
        return f"; write it in digits: {number:f}"
    return f"; write it in digits, at most {_MAX_WHOLE_DIGITS} before the point and {_MAX_DECIMALS} after it"


def _plain(number: str) -> str:
    return number.replace("−", "-")


def _looks_like_yaml_number(text: str) -> bool:
    """Whether text would be a YAML number if it were not quoted."""
    try:
        value = yaml.safe_load(text)
    except (yaml.YAMLError, ValueError, OverflowError):  # PyYAML raises ValueError for 2020-02-30 and long integers
        return False
    return isinstance(value, int | float) and not isinstance(value, bool)
