"""Editors' slips in dates: a B.E. year, a day its month lacks, a year far from the period. Each is a located error."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.errors import ContentError
from generator.reading.validation import validate_content

from .conftest import ROOT
from .synthetic import QUARTER_YAML, SYNTHETIC_QUARTER, write_synthetic_content
from .yaml_text import locate, replace_once

# A section with a table of dates in the YAML and another whose rows are in a CSV file. The synthetic quarter,
# 2567-q1, runs from 2023-10-01 to 2023-12-31.
MILESTONES_YAML = """\
# SYNTHETIC test data.
title:
  th: หมุดหมายสังเคราะห์
  en: Synthetic milestones
blocks:
  - type: table
    id: synthetic-milestones
    title: {th: หมุดหมาย, en: Milestones}
    columns:
      - id: step
        title: {th: ขั้นตอน, en: Step}
        type: text
      - id: due
        title: {th: กำหนด, en: Due}
        type: date
    rows:
      - step: {th: เริ่ม, en: Start}
        due: 2023-10-15
      - step: {th: จบ, en: End}
        due: 2023-12-20
  - type: table
    id: synthetic-deadlines
    title: {th: กำหนดส่ง, en: Deadlines}
    columns:
      - id: step
        title: {th: ขั้นตอน, en: Step}
        type: text
      - id: due
        title: {th: กำหนด, en: Due}
        type: date
    rows_file: synthetic-deadlines.csv
"""
DEADLINES_CSV = "step.th,step.en,due\nเริ่ม,Start,2023-10-15\nจบ,End,2023-12-20\n"


def write_dates_content(folder: Path, quarter_yaml=QUARTER_YAML, milestones=MILESTONES_YAML, deadlines=DEADLINES_CSV):
    quarter_yaml = replace_once(quarter_yaml, "problems]", "problems, milestones]")
    content = write_synthetic_content(folder, quarter_yaml=quarter_yaml)
    (content / SYNTHETIC_QUARTER / "milestones.yaml").write_text(milestones, encoding="utf-8")
    (content / SYNTHETIC_QUARTER / "synthetic-deadlines.csv").write_text(deadlines, encoding="utf-8")
    return content


def problems_of(content: Path) -> list[str]:
    with pytest.raises(ContentError) as raised:
        validate_content(content)
    return [str(problem) for problem in raised.value.problems]


def test_the_dates_table_is_valid_as_written(tmp_path):
    report = validate_content(write_dates_content(tmp_path / "content"))
    [period] = report.periods
    for table in period.sections["milestones"].blocks:
        assert [row["due"].isoformat() for row in table.all_rows] == ["2023-10-15", "2023-12-20"]


def test_every_slip_in_every_date_field_is_listed_in_one_run_where_it_is(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    quarter = replace_once(QUARTER_YAML, "as_of: 2023-12-31", "as_of: 2566-12-31")
    milestones = replace_once(MILESTONES_YAML, "due: 2023-10-15", "due: 2023-02-30")
    milestones = replace_once(milestones, "due: 2023-12-20", "due: 2021-12-20")
    deadlines = DEADLINES_CSV.replace("2023-10-15", "2567-02-29").replace("2023-12-20", "2023-13-01")
    content = write_dates_content(tmp_path / "content", quarter, milestones, deadlines)
    folder = f"content/{SYNTHETIC_QUARTER}"
    as_of = locate(quarter, "2566-12-31")
    impossible = locate(milestones, "2023-02-30")
    far = locate(milestones, "2021-12-20")
    assert sorted(problems_of(content)) == sorted(
        [
            f"{folder}/quarter.yaml:{as_of[0]}:{as_of[1]}: as_of: "
            "2566 looks like a B.E. year; write the C.E. year, 2023: 2023-12-31",
            f"{folder}/milestones.yaml:{impossible[0]}:{impossible[1]}: blocks[0].rows[0].due (synthetic-milestones): "
            "2023-02-30 is not a date: February 2023 has 28 days",
            f"{folder}/milestones.yaml:{far[0]}:{far[1]}: blocks[0].rows[1].due (synthetic-milestones): "
            "the date 2021-12-20 is more than a year before the period starts (2023-10-01); check its year",
            # 2567 has no 29 February, but 2024, the C.E. year meant, has one.
            f"{folder}/synthetic-deadlines.csv:2:13: due: 2567 looks like a B.E. year; write the C.E. year, 2024: "
            "2024-02-29",
            f"{folder}/synthetic-deadlines.csv:3:8: due: 2023-13-01 is not a date: there is no month 13; "
            "write year-month-day, like 2020-03-31",
        ]
    )


@pytest.mark.parametrize(
    ("as_of", "message"),
    [
        ("2563-06-30", "2563 looks like a B.E. year; write the C.E. year, 2020: 2020-06-30"),
        ("2023-02-29", "2023-02-29 is not a date: February 2023 has 28 days"),
        ("2023-11-31", "2023-11-31 is not a date: November 2023 has 30 days"),
        ('"2023-11-31"', "2023-11-31 is not a date: November 2023 has 30 days"),
        ("0000-01-01", "0000-01-01 is not a date: there is no year 0"),
        ("9999-12-31", "9999 looks like a B.E. year; write the C.E. year, 9456: 9456-12-31"),
        (
            "2023-12-31 25:00:00",
            "2023-12-31 25:00:00 is not a date and time; write a date as year-month-day, like 2020-03-31",
        ),
        ("2025-01-01", "the date 2025-01-01 is more than a year after the period ends (2023-12-31); check its year"),
    ],
)
def test_a_slip_in_the_as_of_date_is_an_error_with_a_hint(tmp_path, monkeypatch, as_of, message):
    monkeypatch.chdir(tmp_path)
    quarter = replace_once(QUARTER_YAML, "as_of: 2023-12-31", f"as_of: {as_of}")
    line, column = locate(quarter, as_of)
    content = write_dates_content(tmp_path / "content", quarter)
    assert problems_of(content) == [f"content/{SYNTHETIC_QUARTER}/quarter.yaml:{line}:{column}: as_of: {message}"]


def test_a_date_a_year_after_the_period_is_still_fine(tmp_path):
    # A report taken late, or a table's deadline in the next year, is not a slip.
    quarter = replace_once(QUARTER_YAML, "as_of: 2023-12-31", "as_of: 2024-12-31")
    milestones = replace_once(MILESTONES_YAML, "due: 2023-10-15", "due: 2022-10-01")
    validate_content(write_dates_content(tmp_path / "content", quarter, milestones))


@pytest.mark.parametrize(
    ("folder", "message"),
    [
        ("2024-q1", "2024 looks like a C.E. year; a period folder is named by the B.E. fiscal year, like 2567-q1"),
        (
            "0000-q1",
            "0000 is no fiscal year of a report; a period folder is named by the B.E. fiscal year, like 2563-q2",
        ),
    ],
)
def test_a_period_folder_named_by_another_year_is_an_error(tmp_path, monkeypatch, folder, message):
    monkeypatch.chdir(tmp_path)
    content = write_dates_content(tmp_path / "content")
    (content / SYNTHETIC_QUARTER).rename(content / folder)
    assert problems_of(content) == [f"content/{folder}:1:1: {message}"]


def test_a_be_year_fails_validate_strict_and_build_in_one_line_and_writes_nothing(tmp_path):
    # The case: this passed `validate --strict`, then `build` ended in a struct.error traceback.
    quarter = replace_once(QUARTER_YAML, "as_of: 2023-12-31", "as_of: 2563-06-30")
    content = write_dates_content(tmp_path / "content", quarter)
    site = tmp_path / "site"
    where = ["--project", str(ROOT), "--work-dir", str(tmp_path / "work"), "--content", "content"]
    no_chromium = {**os.environ, "PATH": "/nonexistent"}
    expected = (
        f"content/{SYNTHETIC_QUARTER}/quarter.yaml:2:8: as_of: "
        "2563 looks like a B.E. year; write the C.E. year, 2020: 2020-06-30"
    )
    for command in (["validate", "--strict"], ["build", "--site", str(site)]):
        result = subprocess.run(
            [sys.executable, "-m", "generator", *command, *where],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=300,
            env=no_chromium,
        )
        assert result.returncode == 1, result.stderr
        assert "Traceback" not in result.stderr
        assert expected in result.stderr.splitlines(), result.stderr
    assert content.is_dir() and not site.exists()
