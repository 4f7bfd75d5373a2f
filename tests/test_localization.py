"""Dates, periods and numbers in each page language, and the fiscal calendar."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from generator.reading.fiscal import FiscalCalendar, PeriodId
from generator.rendering.localization import Localizer, load_strings
from generator.theme import PACKAGED_CONFIG, Theme

PACKAGED = Theme()  # the packaged theme alone


def test_thai_dates_use_buddhist_era_and_thai_months(thai):
    assert thai.date(date(2020, 3, 31)) == "31 มีนาคม พ.ศ. 2563"
    # A leap day exists in 2020 but not in 2563: the B.E. year is only a label.
    assert thai.date(date(2020, 2, 29)) == "29 กุมภาพันธ์ พ.ศ. 2563"
    assert thai.date(date(2019, 10, 1)) == "1 ตุลาคม พ.ศ. 2562"


def test_english_dates(english):
    assert english.date(date(2020, 3, 31)) == "31 March 2020"


def test_fiscal_quarters_of_a_year_starting_in_october():
    calendar = FiscalCalendar(start_month=10)
    q1 = calendar.dates_of(PeriodId(2563, "quarter", 1))
    q2 = calendar.dates_of(PeriodId(2563, "quarter", 2))
    q4 = calendar.dates_of(PeriodId(2563, "quarter", 4))
    assert (q1.start, q1.end) == (date(2019, 10, 1), date(2019, 12, 31))
    assert (q2.start, q2.end) == (date(2020, 1, 1), date(2020, 3, 31))
    assert (q4.start, q4.end) == (date(2020, 7, 1), date(2020, 9, 30))


def test_fiscal_quarters_of_a_calendar_year():
    calendar = FiscalCalendar(start_month=1)
    q1 = calendar.dates_of(PeriodId(2563, "quarter", 1))
    assert (q1.start, q1.end) == (date(2020, 1, 1), date(2020, 3, 31))


def test_quarter_names_with_their_months(thai, english):
    quarter = PeriodId(2563, "quarter", 2)
    period = FiscalCalendar(10).dates_of(quarter)
    assert english.period_with_months(quarter, period) == "Q2 FY2020 (January–March 2020)"
    assert thai.period_with_months(quarter, period) == "ไตรมาสที่ 2 ปีงบประมาณ พ.ศ. 2563 (มกราคม–มีนาคม 2563)"


def test_numbers_in_both_languages(thai, english):
    for l10n in (thai, english):
        assert l10n.number(236330) == "236,330"
        assert l10n.number(13655.0) == "13,655"
        assert l10n.decimal2(0) == "0.00"
        assert l10n.decimal2(85.94) == "85.94"
        assert l10n.decimal2(7.5) == "7.50"


def test_a_change_in_a_figure_keeps_its_decimals_and_shows_its_sign(thai, english):
    for l10n in (thai, english):
        assert l10n.signed_exact(Decimal("55")) == "+55"
        assert l10n.signed_exact(Decimal("-10.00")) == "\u221210.00"
        assert l10n.signed_exact(Decimal("0.00")) == "0.00"
        assert l10n.signed_exact(Decimal("1250.5")) == "+1,250.5"
    assert thai.quantity(Decimal("55"), "คน", signed=True) == "+55 คน"
    assert english.quantity(Decimal("-0.50"), "%", signed=True) == "\u22120.50%"


def test_quarter_folder_names():
    assert PeriodId.parse("2563-q2") == PeriodId(2563, "quarter", 2)
    for bad in ("2563-q5", "2563-Q2", "63-q2", "2563_q2", "2563-q2/..", "x2563-q2"):
        assert PeriodId.parse(bad) is None, bad


def test_interface_strings_have_the_same_names_in_every_language():
    thai = load_strings(PACKAGED, "th")
    english = load_strings(PACKAGED, "en")
    assert set(thai) == set(english)
    for name in thai:
        assert thai[name].strip() and english[name].strip(), name


def test_each_build_gives_the_themes_interface_text_in_its_language(tmp_path):
    from generator.engine.period_site import _palette, read_base_config
    from generator.errors import BuildError

    base = read_base_config(PACKAGED_CONFIG)
    # A mapping, so that MkDocs merges toc's permalink_title from each build's config into it.
    assert set(base["markdown_extensions"]) >= {"toc", "tables", "attr_list"}
    thai = Localizer("th", load_strings(PACKAGED, "th"))
    names = [option["toggle"]["name"] for option in _palette(base, thai)["palette"]]
    assert names == ["เปลี่ยนเป็นโหมดมืด", "เปลี่ยนเป็นโหมดสว่าง"]
    listed = tmp_path / "mkdocs.yml"
    listed.write_text("markdown_extensions:\n  - tables\n  - toc:\n      permalink: true\n", encoding="utf-8")
    with pytest.raises(BuildError, match="write markdown_extensions as a mapping"):
        read_base_config(listed)
