"""Periods of any length: quarters, half years and fiscal years, in every place that names or compares them.

The periods are synthetic (tests/synthetic.py): 2566-fy, 2567-h1, 2567-q3,
2567-h2 and 2567-fy, built once for the session (conftest.py's periods_build), without PDFs.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
import zipfile
from datetime import date
from pathlib import Path

import pytest

from generator.commands.archive import archive
from generator.commands.build import BuildStats, build
from generator.commands.diff import diff_reports
from generator.errors import ContentError, ReportsiteError
from generator.project import Project
from generator.reading.fiscal import PERIOD_KEYS, FiscalCalendar, PeriodId
from generator.reading.validation import validate_content
from generator.rendering.front_door import render_front_door
from generator.rendering.localization import Localizer
from generator.rendering.pages import Renderer
from generator.storage.archive import verify_archive
from generator.theme import Theme

from .conftest import ROOT, digests
from .pages import read_article
from .synthetic import (
    SCORECARD_YAML,
    SITE_YAML,
    SYNTHETIC_PERIODS,
    without_markup_warnings,
    write_synthetic_content,
    write_synthetic_period,
    write_synthetic_periods,
)
from .yaml_text import locate, replace_once

NEWEST_FIRST = ["2567-fy", "2567-h2", "2567-q3", "2567-h1", "2566-fy"]


# --- the periods themselves ---------------------------------------------------


def test_folder_names_of_every_kind():
    assert PeriodId.parse("2563-q2") == PeriodId(2563, "quarter", 2)
    assert PeriodId.parse("2563-h1") == PeriodId(2563, "half", 1)
    assert PeriodId.parse("2563-h2") == PeriodId(2563, "half", 2)
    assert PeriodId.parse("2563-fy") == PeriodId(2563, "year")
    for name in ("2563-q2", "2563-h1", "2563-fy"):
        assert str(PeriodId.parse(name)) == name
    for bad in ("2563-h3", "2563-h0", "2563-fy1", "2563-FY", "2563-H1", "2563-y", "2563-f", "2563-hy", "2563-q2h1"):
        assert PeriodId.parse(bad) is None, bad


def test_periods_are_ordered_by_their_end_and_the_shorter_first():
    names = ["2567-fy", "2568-q1", "2567-h2", "2567-q4", "2567-q1", "2566-fy", "2567-q3", "2567-h1", "2567-q2"]
    ordered = [str(period) for period in sorted(PeriodId.of_folder(name) for name in names)]
    assert ordered == [
        "2566-fy",
        "2567-q1",
        "2567-q2",
        "2567-h1",
        "2567-q3",
        "2567-q4",
        "2567-h2",
        "2567-fy",
        "2568-q1",
    ]
    assert PERIOD_KEYS == ("q1", "q2", "h1", "q3", "q4", "h2", "fy")


def test_the_months_of_each_kind():
    october = FiscalCalendar(start_month=10)
    spans = {
        name: (october.dates_of(PeriodId.of_folder(name)).start, october.dates_of(PeriodId.of_folder(name)).end)
        for name in ("2563-h1", "2563-h2", "2563-fy")
    }
    assert spans == {
        "2563-h1": (date(2019, 10, 1), date(2020, 3, 31)),
        "2563-h2": (date(2020, 4, 1), date(2020, 9, 30)),
        "2563-fy": (date(2019, 10, 1), date(2020, 9, 30)),
    }
    january = FiscalCalendar(start_month=1).dates_of(PeriodId.of_folder("2563-h2"))
    assert (january.start, january.end) == (date(2020, 7, 1), date(2020, 12, 31))


def test_each_period_is_compared_with_the_previous_one_of_its_kind():
    previous = {name: PeriodId.of_folder(name).previous for name in ("2567-q1", "2567-q3", "2567-h1", "2567-h2")}
    assert {name: str(p) if p else None for name, p in previous.items()} == {
        "2567-q1": None,
        "2567-q3": "2567-q2",
        "2567-h1": None,
        "2567-h2": "2567-h1",
    }
    assert str(PeriodId.of_folder("2567-fy").previous) == "2566-fy"


def test_names_of_each_kind_in_both_languages(thai, english):
    periods = [PeriodId.of_folder(name) for name in ("2563-q2", "2563-h1", "2563-h2", "2563-fy")]
    assert [english.period_name(p) for p in periods] == ["Q2 FY2020", "H1 FY2020", "H2 FY2020", "FY2020"]
    assert [thai.period_name(p) for p in periods] == [
        "ไตรมาสที่ 2 ปีงบประมาณ พ.ศ. 2563",
        "ครึ่งแรกของปีงบประมาณ พ.ศ. 2563",
        "ครึ่งหลังของปีงบประมาณ พ.ศ. 2563",
        "ปีงบประมาณ พ.ศ. 2563",
    ]
    assert [english.period_short(p) for p in periods] == ["Q2", "H1", "H2", "FY2020"]
    assert [thai.period_short(p) for p in periods] == ["ไตรมาส 2", "ครึ่งปีแรก", "ครึ่งปีหลัง", "ปีงบประมาณ 2563"]
    assert [thai.period_string("version_title", p) for p in periods] == [
        "ไตรมาส 2 ปีงบประมาณ 2563",
        "ครึ่งปีแรก ปีงบประมาณ 2563",
        "ครึ่งปีหลัง ปีงบประมาณ 2563",
        "ปีงบประมาณ 2563",
    ]
    digits = Localizer("th", thai.strings, thai_digits=True)
    assert digits.period_name(periods[3]) == "ปีงบประมาณ พ.ศ. ๒๕๖๓"


# --- a site with periods of every kind ------------------------------------------


@pytest.fixture(scope="module")
def periods_site(periods_build):
    """The session's build of the synthetic periods (conftest.py): its site, and the report it was built from."""
    return periods_build.project.site_dir, periods_build.report


def test_every_period_is_built_in_every_language(periods_site):
    site_dir, report = periods_site
    assert [str(period.id) for period in report.periods] == list(reversed(NEWEST_FIRST))
    for language in ("th", "en"):
        for name in SYNTHETIC_PERIODS:
            assert (site_dir / language / name / "index.html").is_file()
            assert (site_dir / language / name / "data" / f"{name}-projects.csv").is_file()


def test_versions_json_lists_periods_newest_first_with_their_titles(periods_site):
    site_dir, _ = periods_site
    thai = json.loads((site_dir / "th" / "versions.json").read_text(encoding="utf-8"))
    english = json.loads((site_dir / "en" / "versions.json").read_text(encoding="utf-8"))
    assert [entry["version"] for entry in thai] == NEWEST_FIRST
    assert [entry["title"] for entry in thai] == [
        "ปีงบประมาณ 2567",
        "ครึ่งปีหลัง ปีงบประมาณ 2567",
        "ไตรมาส 3 ปีงบประมาณ 2567",
        "ครึ่งปีแรก ปีงบประมาณ 2567",
        "ปีงบประมาณ 2566",
    ]
    assert [(entry["title"], entry["aliases"]) for entry in english] == [
        ("FY2024", ["latest"]),
        ("H2 FY2024", []),
        ("Q3 FY2024", []),
        ("H1 FY2024", []),
        ("FY2023", []),
    ]


def test_front_door_names_every_period_newest_first(periods_site):
    site_dir, _ = periods_site
    front = (site_dir / "index.html").read_text(encoding="utf-8")
    # The latest period first, at a glance; then every period, in the lists by fiscal year.
    assert re.search(r'รายงานล่าสุด: <a href="th/2567-fy/">', front)
    assert re.findall(r'<li>\s*<a href="en/([0-9]{4}-[a-z0-9]+)/">([^<]+)</a>', front) == [
        ("2567-fy", "FY2024 (October 2023–September 2024)"),
        ("2567-h2", "H2 FY2024 (April–September 2024)"),
        ("2567-q3", "Q3 FY2024 (April–June 2024)"),
        ("2567-h1", "H1 FY2024 (October 2023–March 2024)"),
        ("2566-fy", "FY2023 (October 2022–September 2023)"),
    ]
    assert [
        name for name, _ in re.findall(r'<li>\s*<a href="th/([0-9]{4}-[a-z0-9]+)/">([^<]+)</a>', front)
    ] == NEWEST_FIRST
    assert "ครึ่งแรกของปีงบประมาณ พ.ศ. 2567 (ตุลาคม 2566–มีนาคม 2567)" in front
    assert re.findall(r"Projects on their ([a-z -]+plan)", front) == [
        "annual plan",
        "half-year plan",
        "quarter plan",
        "half-year plan",
        "annual plan",
    ]
    assert re.findall(r"โครงการที่เป็นไปตาม(แผน\S*):", front) == [
        "แผนปี",
        "แผนครึ่งปี",
        "แผนไตรมาส",
        "แผนครึ่งปี",
        "แผนปี",
    ]


def test_overview_and_print_cover_name_the_period(periods_site):
    site_dir, _ = periods_site
    overview = read_article(site_dir / "en" / "2567-h1" / "index.html")[0]
    assert "Period: H1 FY2024 (October 2023–March 2024)" in overview
    # The tile of the projects behind plan: none of the three is.
    assert "Projects behind their half-year plan\n\n0 of 3 projects" in overview
    thai = read_article(site_dir / "th" / "2567-fy" / "index.html")[0]
    assert "ช่วงเวลา: ปีงบประมาณ พ.ศ. 2567 (ตุลาคม 2566–กันยายน 2567)" in thai
    cover = read_article(site_dir / "en" / "2567-h2" / "print" / "index.html")[0]
    assert "Half year: H2 FY2024" in cover and "Period: April–September 2024" in cover
    cover = read_article(site_dir / "th" / "2567-fy" / "print" / "index.html")[0]
    assert "ปีงบประมาณ: ปีงบประมาณ พ.ศ. 2567" in cover


def test_progress_speaks_of_each_kind(periods_site):
    site_dir, _ = periods_site
    sentences = {
        name: read_article(site_dir / "en" / name / "strategies" / "synthetic-beta" / "index.html")[0]
        for name in ("2567-q3", "2567-h2", "2567-fy")
    }
    assert "Progress in quarter 3 stands at 100.00% of the quarter plan, or 70.00%" in sentences["2567-q3"]
    assert "Progress in the second half stands at 100.00% of the half-year plan, or 100.00%" in sentences["2567-h2"]
    assert "Progress in fiscal year 2024 stands at 100.00% of the annual plan" in sentences["2567-fy"]
    thai = read_article(site_dir / "th" / "2567-h1" / "strategies" / "synthetic-beta" / "index.html")
    assert "ผลความก้าวหน้าในครึ่งปีแรก คิดเป็นร้อยละ 100.00 หรือ อยู่ที่ 50.00" in thai[0]
    assert thai[1][0] == ["เทียบกับแผนครึ่งปี (ร้อยละ)", "เทียบกับเป้าหมายปี (ร้อยละ)"]


def test_scorecard_columns_name_periods_of_every_kind(periods_site):
    site_dir, _ = periods_site
    header = read_article(site_dir / "en" / "2567-fy" / "scorecard" / "index.html")[1][0]
    assert header[3:] == [
        "H1 results (October 2023–March 2024) (weighted score)",
        "H2 results (April–September 2024) (weighted score)",
        "FY2024 results (October 2023–September 2024) (weighted score)",
        "Change in weighted score since FY2023",
    ]
    text = read_article(site_dir / "en" / "2567-q3" / "scorecard" / "index.html")[0]
    assert "Weighted score of each component by period" in text  # H1 and Q3: two kinds
    text = read_article(site_dir / "th" / "2567-h2" / "scorecard" / "index.html")[0]
    assert "คะแนนถ่วงน้ำหนักของแต่ละองค์ประกอบรายครึ่งปี" in text


def test_a_period_is_compared_with_the_previous_one_of_its_kind(periods_site):
    site_dir, report = periods_site
    by_name = {str(period.id): period for period in report.periods}
    half_change = by_name["2567-h2"].total_score - by_name["2567-h1"].total_score
    year_change = by_name["2567-fy"].total_score - by_name["2566-fy"].total_score
    assert (
        f"Total score\n\n49.75 out of 100\n\n+{half_change:.2f} since H1"
        in read_article(site_dir / "en" / "2567-h2" / "index.html")[0]
    )
    assert f"\n+{year_change:.2f} จากปีงบประมาณ 2566\n" in read_article(site_dir / "th" / "2567-fy" / "index.html")[0]
    rows = read_article(site_dir / "en" / "2567-h2" / "index.html")[1]
    progress = [row for row in rows if len(row) == 5]
    assert progress[0][4] == "Change against the annual target since H1 (points)"
    assert [row[4] for row in progress[1:]] == ["+50.00", "+50.00", "+50.00"]  # 100 against the target, from 50
    rows = read_article(site_dir / "en" / "2567-fy" / "scorecard" / "index.html")[1]
    assert rows[-1][-1] == f"+{year_change:.2f}"


def test_no_comparison_where_the_previous_period_of_the_kind_is_missing(periods_site):
    site_dir, _ = periods_site
    # 2567-h1 is the first half; 2567-q3 has no 2567-q2 beside it; 2566-fy has no 2565-fy.
    for name in ("2567-h1", "2567-q3", "2566-fy"):
        text, rows = read_article(site_dir / "en" / name / "index.html")
        assert " since " not in text, name
        assert not any(" since " in cell for row in rows for cell in row), name


def test_the_outdated_notice_speaks_of_an_earlier_period(periods_site):
    site_dir, _ = periods_site
    page = (site_dir / "en" / "2567-h1" / "index.html").read_text(encoding="utf-8")
    notice = page.split('data-md-component="outdated"', 1)[1].split("</strong>", 1)[0]
    assert "This is the report of an earlier period." in notice and "Read the latest report" in notice
    thai = (site_dir / "th" / "2567-h1" / "index.html").read_text(encoding="utf-8")
    assert "รายงานนี้เป็นรายงานฉบับก่อนหน้า" in thai and "อ่านรายงานฉบับล่าสุด" in thai


def test_open_data_of_a_fiscal_year(periods_site):
    site_dir, report = periods_site
    data = site_dir / "en" / "2567-fy" / "data"
    document = json.loads((data / "2567-fy.json").read_text(encoding="utf-8"))
    assert {key: document[key] for key in ("period", "period_kind", "period_number", "fiscal_year_be")} == {
        "period": "2567-fy",
        "period_kind": "year",
        "period_number": 1,
        "fiscal_year_be": 2567,
    }
    assert (document["period_start"], document["period_end"]) == ("2023-10-01", "2024-09-30")
    fy = report.periods[-1]
    assert document["scorecard_totals"] == {
        "indicators": 10,
        "weight": 100,
        "score_h1": fy.scorecard.total_score("h1"),
        "score_h2": fy.scorecard.total_score("h2"),
        "score_fy": fy.scorecard.total_score("fy"),
    }
    text = (data / "2567-fy-scorecard.csv").read_text(encoding="utf-8-sig")
    assert next(csv.reader(io.StringIO(text)))[-3:] == ["score_h1", "score_h2", "score_fy"]
    package = json.loads((site_dir / "th" / "2567-fy" / "data" / "datapackage.json").read_text(encoding="utf-8"))
    fields = {field["name"]: field["description"] for field in package["resources"][2]["schema"]["fields"]}
    assert fields["score_fy"] == "คะแนนถ่วงน้ำหนักของปีงบประมาณ 2567"
    assert fields["score_h1"] == "คะแนนถ่วงน้ำหนักของครึ่งปีแรก"
    assert "ปีงบประมาณ พ.ศ. 2567 (ตุลาคม 2566–กันยายน 2567)" in package["description"]


# --- the scorecard's keys -------------------------------------------------------


def scorecard_problems(tmp_path: Path, monkeypatch, period: str, text: str) -> list[str]:
    """The problems of the synthetic content with a `period` folder whose scorecard is `text`."""
    monkeypatch.chdir(tmp_path)
    content = write_synthetic_content(tmp_path / "content")
    folder = write_synthetic_period(content, period)
    (folder / "scorecard.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        validate_content(Path("content"))
    return [str(problem) for problem in caught.value.problems]


def scorecard_of(*keys: str) -> str:
    """The synthetic scorecard with the scores `key: 1` for each key, in place of quarter 1's."""
    text = SCORECARD_YAML
    for score in ("q1: 12.5", "q1: 7.25", "q1: 0"):
        text = replace_once(text, score, "\n          ".join(f"{key}: 1" for key in keys))
    return text


def value_of(text: str, key: str, occurrence: int = 1) -> tuple[int, int]:
    """The line and column of the value of the `occurrence`-th `key: …` in `text`."""
    line, column = locate(text, f"{key}: ", occurrence)
    return line, column + len(f"{key}: ")


# The synthetic scorecard's components, by their place: messages name a component by its id.
COMPONENTS = ("synthetic-effectiveness", "synthetic-efficiency", "synthetic-governance")


def test_a_score_for_a_period_that_ends_later(tmp_path, monkeypatch):
    text = scorecard_of("q1", "h1", "q3")
    problems = scorecard_problems(tmp_path, monkeypatch, "2567-h1", text)
    assert problems == [
        f"content/2567-h1/scorecard.yaml:{line}:{column}: blocks[1].components[{index}].scores.q3"
        f" ({COMPONENTS[index]}): "
        "q3 comes after this report's period (h1); report only h1 and earlier"
        for index, (line, column) in enumerate(value_of(text, "q3", n) for n in (1, 2, 3))
    ]


def test_a_score_for_a_longer_period_that_ends_with_this_one(tmp_path, monkeypatch):
    text = scorecard_of("h1", "h2", "fy")
    problems = scorecard_problems(tmp_path, monkeypatch, "2567-h2", text)
    line, column = value_of(text, "fy")
    assert problems[0] == (
        f"content/2567-h2/scorecard.yaml:{line}:{column}: blocks[1].components[0].scores.fy (synthetic-effectiveness): "
        "fy is longer than this report's period (h2) and ends with it; report only h2 and earlier"
    )
    assert len(problems) == 3


def test_a_scorecard_without_this_periods_score_is_valid_and_states_no_total(tmp_path):
    # A scorecard once had to give this period's own score; now it may give earlier periods' alone. The
    # period is valid, its table shows the scores given, and neither its overview nor the front door
    # states a total score for it (while quarter 1, which scores itself, keeps its total on the front door).
    content = write_synthetic_content(tmp_path / "content")
    folder = write_synthetic_period(content, "2567-h1")
    (folder / "scorecard.yaml").write_text(scorecard_of("q1", "q2"), encoding="utf-8")
    report = validate_content(content)
    period = report.latest
    assert str(period.id) == "2567-h1"
    assert period.scorecard.periods_reported == ["q1", "q2"]
    assert period.total_score is None
    assert [str(column.period) for column in period.score_columns] == ["2567-q1", "2567-q2"]
    renderer = Renderer(Theme(), with_pdf=False)
    localizers = renderer.localizers(report.site.languages)
    front = render_front_door(report, Theme(), localizers)
    for language in report.site.languages:
        l10n = localizers[language]
        total = l10n.string("total_score")
        pages = {page.path: page.markdown for page in renderer.render_period(report, period, language).pages}
        assert total not in pages["index.md"], language
        assert "| 1.00 | 1.00 |" in pages["scorecard.md"], language  # both scores given, in every row
        section = front.split(f'<section lang="{language}" id="{language}">', 1)[1].split("</section>", 1)[0]
        h1, q1 = section.split("<li>")[1:]
        assert total not in h1 and f"{total}: {l10n.string('score_out_of', score='19.75', weight='100')}" in q1


def test_components_report_the_same_periods_named_in_their_order(tmp_path, monkeypatch):
    text = replace_once(SCORECARD_YAML, "q1: 12.5", "h1: 1\n          q1: 1")
    text = replace_once(replace_once(text, "q1: 7.25", "h1: 1"), "q1: 0", "h1: 1")
    problems = scorecard_problems(tmp_path, monkeypatch, "2567-h1", text)
    assert problems == [
        f"content/2567-h1/scorecard.yaml:{line}:{column}: blocks[1].components[{index}].scores ({COMPONENTS[index]}): "
        "every component must report the same periods as the first (q1, h1)"
        for index, (line, column) in ((1, locate(text, "h1: 1", 2)), (2, locate(text, "h1: 1", 3)))
    ]


def test_every_key_of_a_fiscal_year_fits_its_year_report(tmp_path):
    content = write_synthetic_content(tmp_path / "content")
    folder = write_synthetic_period(content, "2567-fy")
    (folder / "scorecard.yaml").write_text(scorecard_of(*PERIOD_KEYS), encoding="utf-8")
    report = validate_content(content)
    assert report.periods[-1].scorecard.periods_reported == list(PERIOD_KEYS)


def test_a_key_that_names_no_period(tmp_path, monkeypatch):
    text = scorecard_of("h1", "h3")
    problems = scorecard_problems(tmp_path, monkeypatch, "2567-h1", text)
    line, column = value_of(text, "h3")
    assert problems[0] == (
        f"content/2567-h1/scorecard.yaml:{line}:{column}: blocks[1].components[0].scores.h3.[key]"
        f" (synthetic-effectiveness): "
        "expected 'q1', 'q2', 'q3', 'q4', 'h1', 'h2' or 'fy', got text 'h3'"
    )


def test_periods_of_other_kinds_that_disagree_about_a_score_give_a_warning(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    content = write_synthetic_periods(tmp_path / "content")
    scorecard = content / "2567-fy" / "scorecard.yaml"
    text = scorecard.read_text(encoding="utf-8")
    scorecard.write_text(replace_once(text, "h1: 17.5", "h1: 18.5"), encoding="utf-8")
    report = validate_content(Path("content"))
    line, column = locate(scorecard.read_text(encoding="utf-8"), "18.5")
    assert [str(w) for w in without_markup_warnings(report)] == [
        f"content/2567-fy/scorecard.yaml:{line}:{column}: blocks[1].components[0].scores.h1 (synthetic-effectiveness): "
        "warning: h1 is 18.5 here but 17.5 in 2567-h1/scorecard.yaml, that period's own report"
    ]


def test_diff_names_periods_and_scores_of_every_kind(tmp_path, english):
    old = write_synthetic_periods(tmp_path / "before")
    shutil.rmtree(old / "2567-h1")
    new = write_synthetic_periods(tmp_path / "after")
    shutil.rmtree(new / "2567-q3")
    scorecard = new / "2567-fy" / "scorecard.yaml"
    scorecard.write_text(replace_once(scorecard.read_text(encoding="utf-8"), "fy: 24.5", "fy: 25"), encoding="utf-8")
    lines = [(line.period, line.text) for line in diff_reports(validate_content(old), validate_content(new), english)]
    # A first half year has no earlier period of its kind to be compared with: its figures come alone.
    added = [text for period, text in lines if period == "2567-h1"]
    assert added[0] == "new period: every figure it publishes"
    assert "Scorecard · 1. Synthetic effectiveness: weighted score, H1 17.50" in added
    assert "Area 1 · project 1: % of the half-year plan 100.00" in added
    assert lines[len(added) :] == [
        ("2567-q3", "period removed"),
        ("2567-fy", "Scorecard · 1. Synthetic effectiveness: weighted score, FY2024 24.50 → 25.00"),
    ]


# --- archiving a fiscal year ------------------------------------------------------


def test_a_fiscal_year_is_archived_verified_and_copied(periods_build, tmp_path, chromium):
    content = tmp_path / "content"
    content.mkdir()
    (content / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
    for name in ("2566-fy", "2567-fy"):
        write_synthetic_period(content, name)
    # The work folder starts as a copy of the cache of the session's build of these periods (and others),
    # without PDFs: the build below, without PDFs too, reuses its 2566-fy and copies the archived 2567-fy.
    project = Project.at(
        ROOT,
        content_dir=content,
        site_dir=tmp_path / "site",
        work_dir=periods_build.copy_cache(tmp_path / "work"),
        archive_dir=tmp_path / "a",
    )
    folder = archive(project, "2567-fy", allow_placeholder_url=True)
    assert folder == project.archive_dir / "2567-fy"
    assert (folder / "site" / "en" / "data" / "2567-fy-scorecard.csv").is_file()
    assert (folder / "site" / "th" / "sta-2567-fy-th.pdf").read_bytes().startswith(b"%PDF-")
    with zipfile.ZipFile(folder / "2567-fy-offline.zip") as offline:
        assert "FY2024 (October 2023–September 2024)" in offline.read("index.html").decode("utf-8")
        assert "en/2567-fy/scorecard.html" in offline.namelist()
    assert verify_archive(project.archive_dir) == []
    with pytest.raises(ReportsiteError, match="2567-fy is already archived"):
        archive(project, "2567-fy", allow_placeholder_url=True)

    # Archiving printed the period's PDFs (above); the site's build copies them with the period, and prints
    # none of its own, which no test here reads.
    stats = BuildStats()
    build(project, stats=stats)
    assert stats.built == [] and sorted(stats.reused) == ["en/2566-fy", "th/2566-fy"]
    assert digests(project.site_dir / "th" / "2567-fy") == digests(folder / "site" / "th")
    front = (project.site_dir / "index.html").read_text(encoding="utf-8")
    assert 'href="downloads/2567-fy-offline.zip"' in front
    versions = json.loads((project.site_dir / "en" / "versions.json").read_text(encoding="utf-8"))
    assert [(v["version"], v["title"]) for v in versions] == [("2567-fy", "FY2024"), ("2566-fy", "FY2023")]

    page = folder / "site" / "en" / "index.html"
    page.write_bytes(page.read_bytes() + b" ")
    assert [line for found in verify_archive(project.archive_dir) for line in found.lines()] == [
        "2567-fy: changed: site/en/index.html"
    ]


# --- what the figures cover -------------------------------------------------------


def test_the_overview_says_what_the_figures_cover_where_the_report_says_it(periods_site):
    site_dir, _ = periods_site
    thai = read_article(site_dir / "th" / "2567-q3" / "index.html")[0]
    assert "ตัวเลขครอบคลุม: ไตรมาสที่ 3 และสะสมตั้งแต่ต้นปีงบประมาณ (ตุลาคม 2566–มิถุนายน 2567)" in thai
    english = read_article(site_dir / "en" / "2567-q3" / "index.html")[0]
    assert "Figures cover: Q3, and the fiscal year to date (October 2023–June 2024)" in english
    assert "Figures cover: Q3" in read_article(site_dir / "en" / "2567-q3" / "print" / "index.html")[0]
    for name in ("2567-h1", "2567-h2", "2567-fy"):
        assert "Figures cover" not in read_article(site_dir / "en" / name / "index.html")[0], name
    document = json.loads((site_dir / "th" / "2567-q3" / "data" / "2567-q3.json").read_text(encoding="utf-8"))
    assert document["covers_en"] == "Q3, and the fiscal year to date (October 2023–June 2024)"
    document = json.loads((site_dir / "th" / "2567-h1" / "data" / "2567-h1.json").read_text(encoding="utf-8"))
    assert (document["covers_th"], document["covers_en"]) == (None, None)


def test_diff_shows_a_change_to_what_the_figures_cover(tmp_path, english):
    old = validate_content(write_synthetic_periods(tmp_path / "before"))
    content = write_synthetic_periods(tmp_path / "after")
    info = content / "2567-q3" / "quarter.yaml"
    info.write_text(info.read_text(encoding="utf-8").replace("fiscal year to date", "year to date"), encoding="utf-8")
    # A short text is shown whole around the word that went.
    assert [(line.period, line.text) for line in diff_reports(old, validate_content(content), english)] == [
        (
            "2567-q3",
            "Figures cover «Q3, and the fiscal year to date (October 2023–June 2024)» → "
            "«Q3, and the year to date (October 2023–June 2024)»",
        )
    ]


def test_the_front_door_groups_every_period_by_fiscal_year_newest_first(periods_site):
    site_dir, _ = periods_site
    html = (site_dir / "index.html").read_text(encoding="utf-8")
    english = html[html.index('<section lang="en" id="en">') :]
    # The first language's title is the page's h1, the second's an h2, so the years are h4 in English.
    headings = re.findall(r'<h4 class="rs-front-year">([^<]+)</h4>', english)
    assert headings == ["FY2024", "FY2023"]
    listed = re.findall(r'<li>\s*<a href="en/([0-9a-z-]+)/">', english)
    assert listed == NEWEST_FIRST
    year_2024 = english[english.index(">FY2024</h4>") : english.index(">FY2023</h4>")]
    assert re.findall(r'<li>\s*<a href="en/([0-9a-z-]+)/">', year_2024) == [p for p in NEWEST_FIRST if "2567" in p]
