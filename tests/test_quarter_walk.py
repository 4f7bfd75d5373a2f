"""A whole quarter, as the editors' guide walks it, on a copy of the real content, with the real commands.

Start Q3 from Q2 (`new-period`), fill it in from a small table of SYNTHETIC values (this module's; Q3 of DGA's
report is not in the repository), check it strictly, read its figure diff against `main`, merge it, archive Q2,
publish and push to a bare repository standing for the remote, and read the published branch as a reader would:
every internal link resolves (the offline edition the front door offers too), and the new quarter's pages open in
Chromium in both languages.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

from .conftest import ROOT
from .test_links_and_html import broken_links

# SYNTHETIC figures for Q3, made from Q2's: each key figure a little up, every project at its quarter plan, the
# annual target 25 points on (at most 100), each component's weighted score as in Q2.
AS_OF = "2020-06-30"
NULL_WITH_PREVIOUS = re.compile(r"^(?P<indent>\s*)(?P<key>[\w-]+): null  # 2563-q2: (?P<previous>\S+)$", re.M)


def synthetic_value(key: str, previous: str) -> str:
    if key == "as_of":
        return AS_OF
    if key == "vs_period_plan":
        return "100.00"
    if key == "vs_annual_target":
        return f"{min(Decimal('100.00'), Decimal(previous) + 25):.2f}"
    assert key == "value", key
    number = Decimal(previous)
    return str(number + 1 if number == number.to_integral_value() else number + Decimal("0.01"))


def fill_in(folder: Path) -> int:
    """Give every figure `new-period` left empty its SYNTHETIC Q3 value; the scores, Q2's. Return how many."""
    filled = 0
    for file in sorted(folder.glob("*.yaml")):
        text = file.read_text(encoding="utf-8")

        def value(match: re.Match[str]) -> str:
            return f"{match['indent']}{match['key']}: {synthetic_value(match['key'], match['previous'])}"

        text, count = NULL_WITH_PREVIOUS.subn(value, text)
        # A component's own Q3 score, added empty: Q2's, which the line above it gives.
        text, scores = re.subn(r"(?m)^(\s*)q2: (\S+)\n\1q3: null$", r"\1q2: \2\n\1q3: \2", text)
        # The titles still name quarter 2; validation says where (test_scaffold checks that it does).
        text = text.replace("ไตรมาสที่ 2", "ไตรมาสที่ 3").replace("uarter 2", "uarter 3")
        file.write_text(text, encoding="utf-8")
        filled += count + scores
    return filled


def run(*command: str, cwd: Path, env: dict[str, str] | None = None) -> str:
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env, timeout=600)
    assert result.returncode == 0, f"{' '.join(command)}:\n{result.stdout}\n{result.stderr}"
    return result.stdout + result.stderr


def test_a_whole_quarter_from_new_period_to_the_published_branch(tmp_path, server, browser, chromium):
    repository, remote, work = tmp_path / "repository", tmp_path / "remote.git", tmp_path / "work"
    published = server.root / "walk"
    base_url = f"{server.url}walk/"

    def git(*arguments: str, cwd: Path = repository) -> str:
        return run("git", *arguments, cwd=cwd)

    def reportsite(*arguments: str) -> str:
        return run(
            sys.executable,
            "-m",
            "generator",
            *arguments[:1],
            "--project",
            str(repository),
            *arguments[1:],
            cwd=repository,
            env={**os.environ, "REPORTSITE_WORK_DIR": str(work)},
        )

    # The organisation's repository, as a maintainer sets it up: the content, and the site's address (base_url)
    # set before the first archive, here the local server's.
    repository.mkdir()
    git("init", "-q", "-b", "main")
    git("config", "user.name", "reportsite tests")
    git("config", "user.email", "tests@synthetic.example.org")
    shutil.copytree(ROOT / "content", repository / "content")
    shutil.copytree(ROOT / "schema", repository / "schema")
    site_yaml = repository / "content" / "site.yaml"
    site_yaml.write_text(
        re.sub(r"(?m)^base_url: .*$", f"base_url: {base_url}", site_yaml.read_text(encoding="utf-8")), "utf-8"
    )
    git("add", "-A")
    git("commit", "-q", "-m", "The report of quarter 2")
    run("git", "init", "-q", "--bare", str(remote), cwd=tmp_path)
    git("remote", "add", "origin", str(remote))

    # 1. The editor starts Q3, fills in every figure, and checks it strictly.
    git("switch", "-q", "-c", "quarter-3")
    started = reportsite("new-period", "2563-q3")
    assert "Started content/2563-q3/ from 2563-q2" in started
    assert fill_in(repository / "content" / "2563-q3") == 1 + 19 + 12 + 5  # as in test_scaffold: date, figures, scores
    assert "The content is valid: 2 period(s)." in reportsite("validate", "--strict")
    git("add", "-A")
    git("commit", "-q", "-m", "The report of quarter 3 (SYNTHETIC figures)")

    # 2. The reviewer reads the figure diff against main: every figure of Q3, with Q2's beside it.
    diff = reportsite("diff", "main", "quarter-3").splitlines()
    assert diff[0].startswith("2563-q3 · รายงานใหม่")
    assert f"2563-q3 · {'ข้อมูล ณ วันที่'} 30 มิถุนายน พ.ศ. 2563 (ไตรมาส 2: 31 มีนาคม พ.ศ. 2563)" in diff
    assert "2563-q3 · Strategy 1 · project 1: % of the quarter plan 100.00 (Q2: 85.94, +14.06)" in diff

    # 3. Merged; Q2, now final, archived with its PDFs; published (as the merge's workflow does), and pushed.
    git("switch", "-q", "main")
    git("merge", "-q", "--ff-only", "quarter-3")
    assert "Archived 2563-q2" in reportsite("archive", "2563-q2")
    git("add", "archive")
    git("commit", "-q", "-m", "Archive the report of quarter 2")
    published_lines = reportsite("publish", "--push", "origin")
    for language in ("th", "en"):
        for period in ("2563-q2", "2563-q3"):
            assert f"Published {language}/{period} to gh-pages" in published_lines

    # 4. What the remote holds, as a host serves it: every internal link resolves, the offline edition included.
    run("git", "clone", "-q", "--branch", "gh-pages", str(remote), str(published), cwd=tmp_path)
    shutil.rmtree(published / ".git")
    assert (published / "downloads" / "2563-q2-offline.zip").is_file()
    assert 'href="downloads/2563-q2-offline.zip"' in (published / "index.html").read_text(encoding="utf-8")
    assert broken_links(published, "/walk/") == []
    page = browser.new_page()
    for language, words in (("th", "30 มิถุนายน พ.ศ. 2563"), ("en", "30 June 2020")):
        page.goto(f"{base_url}{language}/2563-q3/", wait_until="load")
        assert words in page.inner_text("article"), language
    page.goto(f"{base_url}en/latest/", wait_until="load")
    page.wait_for_url(f"{base_url}en/2563-q3/")
    page.close()
