"""`reportsite diff`: what a change does to the published figures and texts, between git revisions."""

from __future__ import annotations

import subprocess
import sys

import pytest

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


def test_diff_of_the_working_tree_against_main_in_both_languages(repository):
    quarter = repository / "content" / "2567-q1"
    edit(quarter / "strategies.yaml", "vs_annual_target: 21.25", "vs_annual_target: 47")
    edit(quarter / "scorecard.yaml", "q1: 7.25", "q1: 8")
    edit(quarter / "strategies.yaml", "value: 12345", "value: 12400")
    result = diff(repository)
    assert result.returncode == 0, result.stderr
    # The sections' own blocks (the scorecard) come first, then each grouping's projects: within a project,
    # its blocks (the key figures) before its progress, as on its page.
    assert result.stdout.splitlines() == [
        "2567-q1 · ผลตามตัวชี้วัด · 2. ด้านประสิทธิภาพสังเคราะห์: คะแนนถ่วงน้ำหนัก ไตรมาส 1 7.25 → 8.00",
        "2567-q1 · ยุทธศาสตร์ที่ 1 · โครงการ 1: ผู้เข้าร่วมสังเคราะห์ 12,345 → 12,400",
        "2567-q1 · ยุทธศาสตร์ที่ 1 · โครงการ 1: ร้อยละเทียบเป้าหมายปี 21.25 → 47.00",
        "2567-q1 · Scorecard · 2. Synthetic efficiency: weighted score, Q1 7.25 → 8.00",
        "2567-q1 · Strategy 1 · project 1: synthetic participants 12,345 → 12,400",
        "2567-q1 · Strategy 1 · project 1: % of the annual target 21.25 → 47.00",
    ]


def test_diff_between_two_revisions_as_markdown(repository):
    write_later_synthetic_quarter(repository / "content", 2)
    edit(repository / "content" / "2567-q1" / "problems.yaml", "The first synthetic problem.", "A changed problem.")
    run("git", "add", "-A", cwd=repository)
    run("git", "commit", "-q", "-m", "second quarter", cwd=repository)
    result = diff(repository, "--format", "markdown", "HEAD~1", "HEAD")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "## reportsite diff: what this change does to the published report"
    assert "### 2567-q1 · English" in lines
    assert "- Problems and solutions · item 1: «The first synthetic problem.» → «A changed problem.»" in lines
    assert "### 2567-q2 · ไทย" in lines and "- รายงานใหม่" in lines


def test_no_change_says_so(repository):
    assert diff(repository).stdout == "No change to the published figures or texts.\n"


def test_an_unknown_revision_is_a_clean_error(repository):
    result = diff(repository, "no-such-branch")
    assert result.returncode == 1
    assert "cannot read content/ at the revision 'no-such-branch'" in result.stderr
    assert "Traceback" not in result.stderr
