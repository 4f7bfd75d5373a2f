"""`reportsite diff`: what a change does to the published figures and texts, between git revisions."""

from __future__ import annotations

import subprocess
import sys

import pytest

from generator.commands.diff import MARKDOWN_LIMIT, DiffLine, format_lines
from generator.engine.thai_search import split_words

from .synthetic import write_later_synthetic_quarter, write_synthetic_content


def run(*args, cwd, check=True):
    return subprocess.run(list(args), cwd=cwd, capture_output=True, text=True, check=check)


@pytest.fixture
def repository(tmp_path):
    """A git repository holding the project's templates and the synthetic content, committed on main."""
    tmp_path.mkdir(parents=True, exist_ok=True)  # a project needs no templates of its own
    write_synthetic_content(tmp_path / "content")
    run("git", "init", "-q", "-b", "main", cwd=tmp_path)
    run("git", "config", "user.name", "reportsite tests", cwd=tmp_path)
    run("git", "config", "user.email", "tests@synthetic.example.org", cwd=tmp_path)
    run("git", "add", "-A", cwd=tmp_path)
    run("git", "commit", "-q", "-m", "synthetic content", cwd=tmp_path)
    return tmp_path


def diff(repository, *args):
    return run(
        sys.executable, "-m", "generator", "diff", "--project", str(repository), *args, cwd=repository, check=False
    )


def edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1
    path.write_text(text.replace(old, new), encoding="utf-8")


def commit(repository, message):
    run("git", "add", "-A", cwd=repository)
    run("git", "commit", "-q", "-m", message, cwd=repository)


def test_diff_of_the_working_tree_against_main_in_both_languages(repository):
    quarter = repository / "content" / "2567-q1"
    edit(quarter / "strategies.yaml", "vs_annual_target: 21.25", "vs_annual_target: 47")
    edit(quarter / "scorecard.yaml", "q1: 7.25", "q1: 8")
    edit(quarter / "strategies.yaml", "value: 12345", "value: 12400")
    result = diff(repository)
    assert result.returncode == 0, result.stderr
    # In the report's reading order: the strategies section (its projects, within a project its blocks, the key
    # figures, before its progress, as on its page), then the scorecard section.
    assert result.stdout.splitlines() == [
        "2567-q1 · ยุทธศาสตร์ที่ 1 · โครงการ 1: ผู้เข้าร่วมสังเคราะห์ 12,345 → 12,400",
        "2567-q1 · ยุทธศาสตร์ที่ 1 · โครงการ 1: ร้อยละเทียบเป้าหมายปี 21.25 → 47.00",
        "2567-q1 · ผลตามตัวชี้วัด · 2. ด้านประสิทธิภาพสังเคราะห์: คะแนนถ่วงน้ำหนัก ไตรมาส 1 7.25 → 8.00",
        "2567-q1 · Strategy 1 · project 1: synthetic participants 12,345 → 12,400",
        "2567-q1 · Strategy 1 · project 1: % of the annual target 21.25 → 47.00",
        "2567-q1 · Scorecard · 2. Synthetic efficiency: weighted score, Q1 7.25 → 8.00",
    ]


def test_diff_between_two_revisions_as_markdown(repository):
    write_later_synthetic_quarter(repository / "content", 2)
    edit(repository / "content" / "2567-q1" / "problems.yaml", "The first synthetic problem.", "A changed problem.")
    commit(repository, "second quarter")
    result = diff(repository, "--format", "markdown", "HEAD~1", "HEAD")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[:2] == ["## reportsite diff: what this change does to the published report", ""]
    # The section has two lists: the item is named with its list's title. The words that changed are in bold.
    english = lines.index("### 2567-q1 · English")
    assert lines[english : english + 3] == [
        "### 2567-q1 · English",
        "",
        "- Problems and solutions · Synthetic problems · item 1: «<b>The first synthetic</b> problem.» → "
        "«<b>A changed</b> problem.»",
    ]
    assert "### 2567-q2 · ไทย" in lines and "### 2567-q2 · English" in lines


# A new period: quarter 2, grown from quarter 1 (tests/synthetic.py) with one key figure changed, and strategy 2's
# project under a new id. Each line is worked out from the two quarters' files: progress against the annual
# target grows by 20 points, every project is at 100 % of its plan, each score grows by 5 (capped at its weight).
NEW_QUARTER_TH = [
    "รายงานใหม่: ทุกตัวเลขที่เผยแพร่ ในวงเล็บคือค่าในไตรมาส 1 และการเปลี่ยนแปลง",
    "ข้อมูล ณ วันที่ 31 มีนาคม พ.ศ. 2567 (ไตรมาส 1: 31 ธันวาคม พ.ศ. 2566)",
    "ชื่อเรื่อง «รายงานสังเคราะห์ ไตรมาสที่ 2 ประจำปีงบประมาณ พ.ศ. 2567»",
    "ยุทธศาสตร์: ชื่อเรื่อง «ผลการดำเนินงานตามแผนสังเคราะห์»",
    "ยุทธศาสตร์ที่ 1: ชื่อเรื่อง «ยุทธศาสตร์สังเคราะห์แอลฟา»",
    "ยุทธศาสตร์ที่ 1 · โครงการ 1: ชื่อเรื่อง «โครงการสังเคราะห์หนึ่ง»",
    "ยุทธศาสตร์ที่ 1 · โครงการ 1: ผู้เข้าร่วมสังเคราะห์ 12,400 (ไตรมาส 1: 12,345, +55)",
    "ยุทธศาสตร์ที่ 1 · โครงการ 1: หน่วยงานสังเคราะห์ กว่า 40 (ไตรมาส 1: กว่า 40, 0)",
    "ยุทธศาสตร์ที่ 1 · โครงการ 1: ร้อยละเทียบแผนไตรมาส 100.00 (ไตรมาส 1: 87.50, +12.50)",
    "ยุทธศาสตร์ที่ 1 · โครงการ 1: ร้อยละเทียบเป้าหมายปี 41.25 (ไตรมาส 1: 21.25, +20.00)",
    "ยุทธศาสตร์ที่ 1 · โครงการ 2: ชื่อเรื่อง «โครงการสังเคราะห์สอง»",
    "ยุทธศาสตร์ที่ 1 · โครงการ 2: ร้อยละเทียบแผนไตรมาส 100.00 (ไตรมาส 1: 100.00, 0.00)",
    "ยุทธศาสตร์ที่ 1 · โครงการ 2: ร้อยละเทียบเป้าหมายปี 45.00 (ไตรมาส 1: 25.00, +20.00)",
    "ยุทธศาสตร์ที่ 2: ชื่อเรื่อง «ยุทธศาสตร์สังเคราะห์เบตา»",
    "ยุทธศาสตร์ที่ 2 · โครงการ 1: ชื่อเรื่อง «โครงการสังเคราะห์สาม»",
    "ยุทธศาสตร์ที่ 2 · โครงการ 1: ร้อยละเทียบแผนไตรมาส 100.00 (ไม่มีในไตรมาส 1)",
    "ยุทธศาสตร์ที่ 2 · โครงการ 1: ร้อยละเทียบเป้าหมายปี 50.00 (ไม่มีในไตรมาส 1)",
    "ผลตามตัวชี้วัด: ชื่อเรื่อง «ผลตามตัวชี้วัดสังเคราะห์»",
    "ผลตามตัวชี้วัด · 1. ด้านประสิทธิผลสังเคราะห์: จำนวนตัวชี้วัด/ประเด็น 3 (ไตรมาส 1: 3, 0)",
    "ผลตามตัวชี้วัด · 1. ด้านประสิทธิผลสังเคราะห์: น้ำหนัก (ร้อยละ) 50 (ไตรมาส 1: 50, 0)",
    # A repeated earlier score is set against the same score in that period's report; the period's own score
    # against the previous period's own score, as the scorecard's change column does.
    "ผลตามตัวชี้วัด · 1. ด้านประสิทธิผลสังเคราะห์: คะแนนถ่วงน้ำหนัก ไตรมาส 1 12.50 (ไตรมาส 1: 12.50, 0.00)",
    "ผลตามตัวชี้วัด · 1. ด้านประสิทธิผลสังเคราะห์: คะแนนถ่วงน้ำหนัก ไตรมาส 2 17.50 (ไตรมาส 1: 12.50, +5.00)",
    "ผลตามตัวชี้วัด · 2. ด้านประสิทธิภาพสังเคราะห์: จำนวนตัวชี้วัด/ประเด็น 2 (ไตรมาส 1: 2, 0)",
    "ผลตามตัวชี้วัด · 2. ด้านประสิทธิภาพสังเคราะห์: น้ำหนัก (ร้อยละ) 30 (ไตรมาส 1: 30, 0)",
    "ผลตามตัวชี้วัด · 2. ด้านประสิทธิภาพสังเคราะห์: คะแนนถ่วงน้ำหนัก ไตรมาส 1 7.25 (ไตรมาส 1: 7.25, 0.00)",
    "ผลตามตัวชี้วัด · 2. ด้านประสิทธิภาพสังเคราะห์: คะแนนถ่วงน้ำหนัก ไตรมาส 2 12.25 (ไตรมาส 1: 7.25, +5.00)",
    "ผลตามตัวชี้วัด · 3. ด้านการกำกับดูแลสังเคราะห์: จำนวนตัวชี้วัด/ประเด็น 5 (ไตรมาส 1: 5, 0)",
    "ผลตามตัวชี้วัด · 3. ด้านการกำกับดูแลสังเคราะห์: น้ำหนัก (ร้อยละ) 20 (ไตรมาส 1: 20, 0)",
    "ผลตามตัวชี้วัด · 3. ด้านการกำกับดูแลสังเคราะห์: คะแนนถ่วงน้ำหนัก ไตรมาส 1 0.00 (ไตรมาส 1: 0.00, 0.00)",
    "ผลตามตัวชี้วัด · 3. ด้านการกำกับดูแลสังเคราะห์: คะแนนถ่วงน้ำหนัก ไตรมาส 2 5.00 (ไตรมาส 1: 0.00, +5.00)",
]
NEW_QUARTER_EN = [
    "new period: every figure it publishes, with the value in Q1 and the change in brackets",
    "Data as of 31 March 2024 (Q1: 31 December 2023)",
    "Title «Synthetic report, quarter 2, fiscal year 2024»",
    "Strategies: title «Results under the synthetic plan»",
    "Strategy 1: title «Synthetic strategy alpha»",
    "Strategy 1 · project 1: title «Synthetic project one»",
    "Strategy 1 · project 1: synthetic participants 12,400 (Q1: 12,345, +55)",
    "Strategy 1 · project 1: synthetic agencies more than 40 (Q1: more than 40, 0)",
    "Strategy 1 · project 1: % of the quarter plan 100.00 (Q1: 87.50, +12.50)",
    "Strategy 1 · project 1: % of the annual target 41.25 (Q1: 21.25, +20.00)",
    "Strategy 1 · project 2: title «Synthetic project two»",
    "Strategy 1 · project 2: % of the quarter plan 100.00 (Q1: 100.00, 0.00)",
    "Strategy 1 · project 2: % of the annual target 45.00 (Q1: 25.00, +20.00)",
    "Strategy 2: title «Synthetic strategy beta»",
    "Strategy 2 · project 1: title «Synthetic project three»",
    "Strategy 2 · project 1: % of the quarter plan 100.00 (not in Q1)",
    "Strategy 2 · project 1: % of the annual target 50.00 (not in Q1)",
    "Scorecard: title «Results against the synthetic indicators»",
    "Scorecard · 1. Synthetic effectiveness: indicators/issues 3 (Q1: 3, 0)",
    "Scorecard · 1. Synthetic effectiveness: weight (%) 50 (Q1: 50, 0)",
    "Scorecard · 1. Synthetic effectiveness: weighted score, Q1 12.50 (Q1: 12.50, 0.00)",
    "Scorecard · 1. Synthetic effectiveness: weighted score, Q2 17.50 (Q1: 12.50, +5.00)",
    "Scorecard · 2. Synthetic efficiency: indicators/issues 2 (Q1: 2, 0)",
    "Scorecard · 2. Synthetic efficiency: weight (%) 30 (Q1: 30, 0)",
    "Scorecard · 2. Synthetic efficiency: weighted score, Q1 7.25 (Q1: 7.25, 0.00)",
    "Scorecard · 2. Synthetic efficiency: weighted score, Q2 12.25 (Q1: 7.25, +5.00)",
    "Scorecard · 3. Synthetic governance: indicators/issues 5 (Q1: 5, 0)",
    "Scorecard · 3. Synthetic governance: weight (%) 20 (Q1: 20, 0)",
    "Scorecard · 3. Synthetic governance: weighted score, Q1 0.00 (Q1: 0.00, 0.00)",
    "Scorecard · 3. Synthetic governance: weighted score, Q2 5.00 (Q1: 0.00, +5.00)",
]


@pytest.fixture
def with_new_quarter(repository):
    """The repository, with quarter 2 added in the working tree: one key figure changed, one project's id new."""
    quarter = write_later_synthetic_quarter(repository / "content", 2)
    edit(quarter / "strategies.yaml", "value: 12445", "value: 12400")
    edit(quarter / "strategies.yaml", "id: beta-one", "id: beta-renamed")
    return repository


def test_a_new_period_lists_every_figure_with_the_previous_periods(with_new_quarter):
    result = diff(with_new_quarter)
    assert result.returncode == 0, result.stderr
    # The texts without figures (the background, the problems, the paragraphs) are not listed, nor the sections'
    # titles that hold none; the titles of the sections, groupings and projects head their figures.
    expected = [f"2567-q2 · {line}" for line in NEW_QUARTER_TH + NEW_QUARTER_EN]
    assert result.stdout.splitlines() == expected


def test_a_new_period_as_markdown(with_new_quarter):
    result = diff(with_new_quarter, "--format", "markdown")
    assert result.returncode == 0, result.stderr
    expected = [
        "## reportsite diff: what this change does to the published report",
        "",
        "### 2567-q2 · ไทย",
        "",
        *[f"- {line}" for line in NEW_QUARTER_TH],
        "",
        "### 2567-q2 · English",
        "",
        *[f"- {line}" for line in NEW_QUARTER_EN],
    ]
    assert result.stdout.splitlines() == expected


LONG_TITLE_TH = (
    "รายงานสังเคราะห์ผลการดำเนินงานตามตัวชี้วัดของหน่วยงานสังเคราะห์เพื่อการทดสอบ ไตรมาสที่ 1 ประจำปีงบประมาณ พ.ศ. 2567 ฉบับสมบูรณ์"
)
LONG_TITLE_EN = (
    "Synthetic report on the performance of the Synthetic Test Agency against its indicators, "
    "quarter 1, fiscal year 2024, complete edition"
)


def test_an_edit_at_the_end_of_a_long_title_shows_the_words_that_changed(repository):
    quarter = repository / "content" / "2567-q1" / "quarter.yaml"
    edit(quarter, "th: รายงานสังเคราะห์ ไตรมาสที่ 1 ประจำปีงบประมาณ พ.ศ. 2567", f"th: {LONG_TITLE_TH}")
    edit(quarter, "en: Synthetic report, quarter 1, fiscal year 2024", f"en: {LONG_TITLE_EN}")
    commit(repository, "the report's full title")
    edit(quarter, "ฉบับสมบูรณ์", "ฉบับปรับปรุง")
    edit(quarter, "complete edition", "revised edition")
    result = diff(repository)
    assert result.returncode == 0, result.stderr
    # newmm cuts "…ประจำ|ปีงบประมาณ| |พ.ศ.| |2567| |ฉบับ|สมบูรณ์": the unchanged words before the change are
    # taken back to 24 characters (ประจำ brings them to 27), and the cut falls between words. Nothing follows the
    # change, so there is no "…" after it. The English is cut at spaces: back to "quarter" (24 characters).
    assert result.stdout.splitlines() == [
        "2567-q1 · ชื่อเรื่อง «…ประจำปีงบประมาณ พ.ศ. 2567 ฉบับสมบูรณ์» → «…ประจำปีงบประมาณ พ.ศ. 2567 ฉบับปรับปรุง»",
        "2567-q1 · Title «…quarter 1, fiscal year 2024, complete edition» → "
        "«…quarter 1, fiscal year 2024, revised edition»",
    ]


PARAGRAPH_TH = (
    "ย่อหน้าสังเคราะห์แรกเกี่ยวกับความเป็นมาของรายงาน ซึ่งเล่าว่าหน่วยงานสังเคราะห์ได้จัดทำรายงานนี้ทุกไตรมาส "
    "เพื่อเสนอต่อคณะกรรมการสังเคราะห์ และเผยแพร่ต่อสาธารณะ"
)
PARAGRAPH_EN = (
    "The first synthetic paragraph about the report's background, which tells how the Synthetic Test Agency "
    "prepares this report every quarter, for the synthetic board, and publishes it for everyone."
)


def test_two_changes_in_one_paragraph_are_each_shown(repository):
    background = repository / "content" / "2567-q1" / "background.yaml"
    edit(background, "th: ย่อหน้าสังเคราะห์แรกเกี่ยวกับความเป็นมาของรายงาน\n", f"th: {PARAGRAPH_TH}\n")
    edit(background, "en: The first synthetic paragraph about the report's background.", f"en: {PARAGRAPH_EN}")
    commit(repository, "a longer background")
    edit(background, "ซึ่งเล่าว่า", "ซึ่งอธิบายว่า")
    edit(background, "และเผยแพร่ต่อสาธารณะ", "และเผยแพร่ทางเว็บไซต์")
    edit(background, "which tells how", "which explains how")
    edit(background, "publishes it for everyone.", "publishes it on its website.")
    result = diff(repository)
    assert result.returncode == 0, result.stderr
    # Far apart (more than twice 24 characters of unchanged words between them), the changes are two lines, each
    # with at least 24 characters of whole unchanged words on each side where the text has them, cut with "…".
    # The first Thai change: newmm's เล่า → อธิบาย, after "ย่อหน้า|สังเคราะห์|แรก|เกี่ยวกับ|ความเป็นมา|ของ|รายงาน| |ซึ่ง"
    # (24 characters back would stop at เกี่ยวกับ, and leave only 20 before it: shown, not cut) and before
    # "ว่า|หน่วยงาน|สังเคราะห์|ได้…" (24 on). The second, after "…คณะกรรมการ|สังเคราะห์| |และ|เผยแพร่" (30 back), ends
    # the text. "for everyone." → "on its website." is one change of three words (the space between two changes
    # belongs to them).
    assert result.stdout.splitlines() == [
        "2567-q1 · ความเป็นมา · ย่อหน้า 1: «ย่อหน้าสังเคราะห์แรกเกี่ยวกับความเป็นมาของรายงาน ซึ่งเล่าว่าหน่วยงานสังเคราะห์ได้…» → "
        "«ย่อหน้าสังเคราะห์แรกเกี่ยวกับความเป็นมาของรายงาน ซึ่งอธิบายว่าหน่วยงานสังเคราะห์ได้…»",
        "2567-q1 · ความเป็นมา · ย่อหน้า 1: «…คณะกรรมการสังเคราะห์ และเผยแพร่ต่อสาธารณะ» → "
        "«…คณะกรรมการสังเคราะห์ และเผยแพร่ทางเว็บไซต์»",
        "2567-q1 · Background · paragraph 1: «…report's background, which tells how the Synthetic Test Agency…» → "
        "«…report's background, which explains how the Synthetic Test Agency…»",
        "2567-q1 · Background · paragraph 1: «…synthetic board, and publishes it for everyone.» → "
        "«…synthetic board, and publishes it on its website.»",
    ]
    markdown = diff(repository, "--format", "markdown").stdout.splitlines()
    assert [line for line in markdown if line.startswith("- ")] == [
        "- ความเป็นมา · ย่อหน้า 1: «ย่อหน้าสังเคราะห์แรกเกี่ยวกับความเป็นมาของรายงาน ซึ่ง<b>เล่า</b>ว่าหน่วยงานสังเคราะห์ได้…» → "
        "«ย่อหน้าสังเคราะห์แรกเกี่ยวกับความเป็นมาของรายงาน ซึ่ง<b>อธิบาย</b>ว่าหน่วยงานสังเคราะห์ได้…»",
        "- ความเป็นมา · ย่อหน้า 1: «…คณะกรรมการสังเคราะห์ และเผยแพร่<b>ต่อสาธารณะ</b>» → "
        "«…คณะกรรมการสังเคราะห์ และเผยแพร่<b>ทางเว็บไซต์</b>»",
        "- Background · paragraph 1: «…report's background, which <b>tells</b> how the Synthetic Test Agency…» → "
        "«…report's background, which <b>explains</b> how the Synthetic Test Agency…»",
        "- Background · paragraph 1: «…synthetic board, and publishes it <b>for everyone.</b>» → "
        "«…synthetic board, and publishes it <b>on its website.</b>»",
    ]


def test_an_added_project_lists_its_figures_and_a_removed_one_is_named_where_it_was(repository):
    plan = repository / "content" / "2567-q1" / "strategies.yaml"
    text = plan.read_text(encoding="utf-8")
    # Strategy 1's project 2 goes; strategy 2 gets a project 2, with only its progress.
    start, end = text.index("          - id: alpha-two"), text.index("      - id: synthetic-beta")
    text = text[:start] + text[end:]
    text += (
        "          - id: beta-two\n"
        "            title:\n"
        "              th: โครงการสังเคราะห์สี่\n"
        "              en: Synthetic project four\n"
        "            progress:\n"
        "              vs_period_plan: 90\n"
        "              status: behind\n"
    )
    plan.write_text(text, encoding="utf-8")
    result = diff(repository)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "2567-q1 · ยุทธศาสตร์ที่ 1 · โครงการ 2: ลบ (โครงการสังเคราะห์สอง)",
        "2567-q1 · ยุทธศาสตร์ที่ 2 · โครงการ 2: เพิ่ม (โครงการสังเคราะห์สี่)",
        "2567-q1 · ยุทธศาสตร์ที่ 2 · โครงการ 2: ร้อยละเทียบแผนไตรมาส 90.00",
        "2567-q1 · ยุทธศาสตร์ที่ 2 · โครงการ 2: สถานะ ช้ากว่าแผน",
        "2567-q1 · Strategy 1 · project 2: removed (Synthetic project two)",
        "2567-q1 · Strategy 2 · project 2: added (Synthetic project four)",
        "2567-q1 · Strategy 2 · project 2: % of the quarter plan 90.00",
        "2567-q1 · Strategy 2 · project 2: status behind plan",
    ]


def test_lines_name_the_section_when_two_sections_have_groupings(repository):
    quarter = repository / "content" / "2567-q1"
    # A second section of groupings, numbered from 1 again: the same ids, renamed to be unique in the period.
    programmes = (quarter / "strategies.yaml").read_text(encoding="utf-8")
    for old, new in (("synthetic-", "programme-"), ("alpha-", "gamma-"), ("beta-", "delta-")):
        programmes = programmes.replace(f"id: {old}", f"id: {new}")
    programmes = programmes.replace("th: ยุทธศาสตร์\n", "th: แผนงาน\n").replace("en: Strategies\n", "en: Programmes\n")
    (quarter / "programmes.yaml").write_text(programmes, encoding="utf-8")
    edit(quarter / "quarter.yaml", "sections: [strategies,", "sections: [strategies, programmes,")
    commit(repository, "a second section of groupings")
    edit(quarter / "programmes.yaml", "vs_annual_target: 21.25", "vs_annual_target: 22")
    edit(quarter / "strategies.yaml", "vs_annual_target: 21.25", "vs_annual_target: 23")
    result = diff(repository)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "2567-q1 · ยุทธศาสตร์ · ยุทธศาสตร์ที่ 1 · โครงการ 1: ร้อยละเทียบเป้าหมายปี 21.25 → 23.00",
        "2567-q1 · แผนงาน · ยุทธศาสตร์ที่ 1 · โครงการ 1: ร้อยละเทียบเป้าหมายปี 21.25 → 22.00",
        "2567-q1 · Strategies · Strategy 1 · project 1: % of the annual target 21.25 → 23.00",
        "2567-q1 · Programmes · Strategy 1 · project 1: % of the annual target 21.25 → 22.00",
    ]


def test_no_change_says_so(repository):
    assert diff(repository).stdout == "No change to the published figures or texts.\n"


def test_an_unknown_revision_is_a_clean_error(repository):
    result = diff(repository, "no-such-branch")
    assert result.returncode == 1
    assert "cannot read content/ at the revision 'no-such-branch'" in result.stderr
    assert "Traceback" not in result.stderr


def test_words_are_thai_words_and_whatever_stands_between_spaces():
    text = "ไตรมาสที่ 2 ประจำปีงบประมาณ พ.ศ. 2563 (COVID-19), problem."
    words = split_words(text)
    assert words == [
        *["ไตรมาส", "ที่", " ", "2", " ", "ประจำ", "ปีงบประมาณ", " ", "พ.ศ.", " ", "2563", " "],
        *["(COVID-19),", " ", "problem."],
    ]
    assert "".join(words) == text


def test_a_markdown_summary_too_long_for_a_comment_is_cut_with_a_note():
    lines = [DiffLine("2567-q2", ((f"line {number} " + "x" * 90, False),)) for number in range(1000)]
    markdown = format_lines({"en": lines}, {"en": "English"}, "markdown")
    assert len(markdown) <= MARKDOWN_LIMIT < len(format_lines({"en": lines}, {"en": "English"}, "text"))
    kept = [line for line in markdown.splitlines() if line.startswith("- line ")]
    assert kept == [f"- line {number} " + "x" * 90 for number in range(len(kept))]
    assert markdown.endswith(
        f"\n… and {1000 - len(kept)} more: run `reportsite diff` on the branch to see every line.\n"
    )
