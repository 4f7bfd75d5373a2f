"""Warnings for text that looks untranslated; they never stop a build, but --strict fails on them."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from generator.reading.validation import validate_content
from generator.storage.archive import published_content

from .conftest import ROOT
from .synthetic import BACKGROUND_YAML, QUARTER_YAML, SYNTHETIC_QUARTER, write_synthetic_content
from .yaml_text import locate, replace_once


def test_untranslated_texts_are_warned_about(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    text = replace_once(BACKGROUND_YAML, "  en: Background", "  en: ความเป็นมา")
    text = replace_once(
        text, "en: The first synthetic paragraph about the report's background.", "en: The first paragraph ยังไม่แปล"
    )
    text = replace_once(
        text, "th: ย่อหน้าที่สองมีอักขระพิเศษ <b>ตัวหนา</b> และ *ดอกจัน* กับ [ลิงก์](javascript:alert(1))", "th: Not translated yet"
    )
    text = text.replace(
        "    en: The second paragraph has special characters <b>bold</b>, *stars* and [a link](javascript:alert(1)).",
        "    en: The second paragraph.",
    )
    write_synthetic_content(tmp_path / "content", background_yaml=text)
    report = validate_content(Path("content"))
    where = f"content/{SYNTHETIC_QUARTER}/background.yaml"
    same_line, same_column = locate(text, "ความเป็นมา", 2)
    thai_line, thai_column = locate(text, "The first paragraph ยังไม่แปล")
    latin_line, latin_column = locate(text, "Not translated yet")
    assert [str(w) for w in report.warnings] == [
        f"{where}:{same_line}:{same_column}: title.en: "
        "warning: the English text is the same as the Thai; is it translated?",
        f"{where}:{thai_line}:{thai_column}: blocks[0].paragraphs[0].en: "
        "warning: the English text contains Thai script ('h ยังไม่แปล')",
        f"{where}:{latin_line}:{latin_column}: blocks[0].paragraphs[1].th: "
        "warning: the Thai text has no Thai script; is it untranslated?",
    ]


def test_strict_turns_warnings_into_failure(tmp_path):
    text = replace_once(BACKGROUND_YAML, "  en: Background", "  en: ความเป็นมา")
    write_synthetic_content(tmp_path / "content", background_yaml=text)
    command = [sys.executable, "-m", "generator", "validate", "--project", str(ROOT), "--work-dir", "work"]
    command += ["--content", "content"]
    relaxed = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True)
    strict = subprocess.run([*command, "--strict"], cwd=tmp_path, capture_output=True, text=True)
    assert relaxed.returncode == 0 and "warning: the English text is the same as the Thai" in relaxed.stderr
    assert strict.returncode == 1 and "--strict makes them fail" in strict.stderr
    assert "Traceback" not in strict.stderr


def test_the_real_content_has_no_warnings():
    assert validate_content(ROOT / "content", published=published_content(ROOT / "archive")).warnings == []


def test_a_heading_that_names_another_period_is_warned_about_and_prose_is_not(tmp_path, monkeypatch):
    # The synthetic quarter is 2567-q1 (fiscal year 2024): its headings speak of quarter 1 and of 2567 or 2024.
    monkeypatch.chdir(tmp_path)
    quarter = replace_once(QUARTER_YAML, "ไตรมาสที่ 1 ประจำปีงบประมาณ พ.ศ. 2567", "ไตรมาสที่ 2 ประจำปีงบประมาณ พ.ศ. 2567")
    quarter = replace_once(
        quarter, "Synthetic report, quarter 1, fiscal year 2024", "Synthetic report, Q1, fiscal year 2023"
    )
    background = replace_once(BACKGROUND_YAML, "  en: Background", "  en: Background, quarters 1 and 2")
    background = replace_once(background, "  th: ความเป็นมา", "  th: ความเป็นมา ไตรมาสที่ ๓")
    # Prose may name any period; and a heading that names its own period besides another compares them.
    background = replace_once(
        background,
        "en: The first synthetic paragraph about the report's background.",
        "en: The first synthetic paragraph, compared with quarter 4 of fiscal year 2023.",
    )
    write_synthetic_content(tmp_path / "content", quarter_yaml=quarter, background_yaml=background)
    report = validate_content(Path("content"))
    stale = [str(w) for w in report.warnings if "left from the report" in w.message]
    tail = "not this report's period (2567-q1): left from the report it was copied from?"
    assert stale == [
        f"content/{SYNTHETIC_QUARTER}/background.yaml:{locate(background, 'ความเป็นมา ไตรมาส')[0]}:"
        f"{locate(background, 'ความเป็นมา ไตรมาส')[1]}: title.th: warning: names 'ไตรมาสที่ 3', {tail}",
        f"content/{SYNTHETIC_QUARTER}/quarter.yaml:{locate(quarter, 'รายงานสังเคราะห์')[0]}:"
        f"{locate(quarter, 'รายงานสังเคราะห์')[1]}: title.th: warning: names 'ไตรมาสที่ 2', {tail}",
        f"content/{SYNTHETIC_QUARTER}/quarter.yaml:{locate(quarter, 'Synthetic report')[0]}:"
        f"{locate(quarter, 'Synthetic report')[1]}: title.en: warning: names 'fiscal year 2023', {tail}",
    ]
