"""Every save is a branch (issue 18 point 4): the real Decap CMS, in Debian's Chromium, against a git repository
on disk through decap-server in its `git` mode, with the editorial workflow the site's configuration asks for.

The editor opens the page, changes a figure and a Thai sentence of one file, and saves; the repository then has a
new branch whose only change is those two lines, whose `reportsite diff` says exactly that, and whose content
validates.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.commands.build import build
from generator.commands.editor import EDITOR_FOLDER
from generator.project import Project

from .conftest import ROOT, skip_unless_in_ci
from .synthetic import SYNTHETIC_QUARTER, write_synthetic_content

DECAP_SERVER = ROOT / "tools" / "node_modules" / "decap-server" / "dist" / "index.js"
EDITOR = {
    "GIT_AUTHOR_NAME": "Synthetic Editor",
    "GIT_AUTHOR_EMAIL": "editor@synthetic.example.org",
    "GIT_COMMITTER_NAME": "Synthetic Editor",
    "GIT_COMMITTER_EMAIL": "editor@synthetic.example.org",
}
BRANCH = f"cms/{SYNTHETIC_QUARTER}/scorecard"


def git(repository: Path, *arguments: str) -> str:
    environment = {**os.environ, **EDITOR}
    return subprocess.run(
        ["git", "-C", str(repository), *arguments], check=True, capture_output=True, text=True, env=environment
    ).stdout


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for(condition, what: str, seconds: float = 30) -> None:
    """Wait until `condition()` is true, looking every 0.1 s, for at most `seconds`."""
    deadline = time.monotonic() + seconds
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"waited {seconds} s for {what}")
        time.sleep(0.1)


def saved(repository: Path) -> bool:
    """Whether the branch has its commit, and main is checked out again."""
    heads = dict(
        line.rsplit(" ", 1)
        for line in git(repository, "branch", "--format=%(refname:short) %(objectname)").splitlines()
    )
    current = git(repository, "symbolic-ref", "--short", "HEAD").strip()
    return BRANCH in heads and heads[BRANCH] != heads["main"] and current == "main"


@contextlib.contextmanager
def decap_server_for(repository: Path, log_file: Path) -> Iterator[str]:
    """decap-server serving `repository` in its `git` mode, on a port of its own: yield its API's address."""
    node = shutil.which("node")
    if node is None or not DECAP_SERVER.is_file():
        skip_unless_in_ci("node and tools/node_modules/decap-server are needed (make node-tools)")
    port = free_port()
    environment = {
        **os.environ,
        **EDITOR,
        "MODE": "git",
        "GIT_REPO_DIRECTORY": str(repository),
        "PORT": str(port),
        "BIND_HOST": "127.0.0.1",
    }
    api = f"http://127.0.0.1:{port}/api/v1"
    with log_file.open("w") as log:
        proxy = subprocess.Popen([node, str(DECAP_SERVER)], env=environment, stdout=log, stderr=subprocess.STDOUT)

        def answers() -> bool:
            request = urllib.request.Request(
                api, data=b'{"action":"info"}', headers={"Content-Type": "application/json"}, method="POST"
            )
            try:
                with urllib.request.urlopen(request, timeout=2) as response:
                    return json.load(response)["type"] == "local_git"
            except OSError:
                return proxy.poll() is not None  # it died: stop waiting, and say so below

        try:
            wait_for(answers, "decap-server to answer")
            assert proxy.poll() is None, log_file.read_text()
            yield api
        finally:
            proxy.terminate()
            proxy.wait(timeout=10)


@pytest.fixture
def decap_server(tmp_path):
    """A git repository of the synthetic content on `main`, and decap-server serving it in `git` mode."""
    repository = tmp_path / "repository"
    write_synthetic_content(repository / "content")
    subprocess.run(["git", "init", "--quiet", "--initial-branch=main", str(repository)], check=True)
    git(repository, "add", ".")
    git(repository, "commit", "--quiet", "--message", "The synthetic content")
    with decap_server_for(repository, tmp_path / "decap-server.log") as api:
        yield repository, api


def test_a_save_in_the_browser_is_a_branch_with_exactly_the_change(
    decap_server, editor_files, browser, server, tmp_path
):
    repository, api = decap_server
    # The site is built outside the repository: decap-server commits whatever the working tree holds.
    project = Project.at(repository, site_dir=tmp_path / "site", work_dir=tmp_path / "work")
    build(project, editor=editor_files)
    served = server.root / f"workflow-{tmp_path.name}"
    shutil.move(tmp_path / "site", served)
    # decap-server's port is this test's own, not Decap's default 8081.
    config_file = served / EDITOR_FOLDER / "config.json"
    data = json.loads(config_file.read_text(encoding="utf-8"))
    assert data["config"]["publish_mode"] == "editorial_workflow"
    data["config"]["local_backend"] = {"url": api}
    config_file.write_text(json.dumps(data), encoding="utf-8")

    context = browser.new_context(locale="en-GB", viewport={"width": 1280, "height": 900})
    try:
        page = context.new_page()
        page.goto(f"{server.url}{served.name}/{EDITOR_FOLDER}/")
        page.get_by_role("button", name="Login").click()
        page.goto(f"{server.url}{served.name}/{EDITOR_FOLDER}/#/collections/{SYNTHETIC_QUARTER}/entries/scorecard")

        def list_item(summary: str):
            """A folded list item, by what it shows of itself (its id, or its Thai text), unfolded."""
            item = page.locator(
                "xpath=//div[contains(@class,'SortableListItem')]"
                f"[div[contains(@class,'NestedObjectLabel')][normalize-space()='{summary}']]"
            ).first
            item.locator("xpath=./div[contains(@class,'TopBar')]/button").first.click()
            return item

        list_item("text")
        paragraph = list_item("ย่อหน้าก่อนตารางตัวชี้วัดสังเคราะห์")
        # The Thai and English boxes of a text side by side, Thai first, on a wide screen.
        thai_box = paragraph.get_by_label("ไทย (th)").bounding_box()
        english_box = paragraph.get_by_label("English (en)").bounding_box()
        assert english_box["x"] > thai_box["x"] + thai_box["width"] / 2
        assert abs(english_box["y"] - thai_box["y"]) < 2
        paragraph.get_by_label("ไทย (th)").fill("ย่อหน้าที่แก้ในแบบฟอร์ม")
        list_item("scorecard")
        component = list_item("synthetic-effectiveness")
        component.get_by_label(re.compile(r"^q1\b")).fill("13.75")
        # A field's own check runs in the form, before anything is saved, in the editor's language.
        # (By its element id: the item's summary, which found it, is the id being changed.)
        box = component.get_by_label(re.compile(r"^id\s*$")).get_attribute("id")
        identifier = page.locator(f"[id='{box}']")
        identifier.fill("Synthetic Effectiveness")
        page.get_by_role("button", name="Save").click()
        page.get_by_text("lowercase letters, digits and single hyphens between them only").wait_for()
        assert BRANCH not in git(repository, "branch", "--list", BRANCH)
        # (Emptied first: after the failed save, Decap's box keeps its text under a fill.)
        identifier.clear()
        identifier.fill("synthetic-effectiveness")
        assert identifier.input_value() == "synthetic-effectiveness"
        page.get_by_role("button", name="Save").click()
        # decap-server commits on the new branch, then checks main out again.
        wait_for(lambda: saved(repository), f"the branch {BRANCH}, and main checked out again")
    finally:
        context.close()

    assert git(repository, "diff", "--name-only", "main", BRANCH).split() == [
        f"content/{SYNTHETIC_QUARTER}/scorecard.yaml"
    ]
    changed = [
        line
        for line in git(repository, "diff", "--unified=0", "main", BRANCH).splitlines()
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]
    assert changed == [
        "-      - th: ย่อหน้าก่อนตารางตัวชี้วัดสังเคราะห์",
        "+      - th: ย่อหน้าที่แก้ในแบบฟอร์ม",
        "-          q1: 12.5",
        "+          q1: 13.75",
    ]
    generator = [sys.executable, "-m", "generator"]
    summary = subprocess.run(
        [*generator, "diff", "--project", str(repository), "main", BRANCH],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    assert summary.splitlines() == [
        f"{SYNTHETIC_QUARTER} · ผลตามตัวชี้วัด · ย่อหน้า 1: «ย่อหน้าก่อนตารางตัวชี้วัดสังเคราะห์» → «ย่อหน้าที่แก้ในแบบฟอร์ม»",
        f"{SYNTHETIC_QUARTER} · ผลตามตัวชี้วัด · 1. ด้านประสิทธิผลสังเคราะห์: คะแนนถ่วงน้ำหนัก ไตรมาส 1 12.50 → 13.75",
        f"{SYNTHETIC_QUARTER} · Scorecard · 1. Synthetic effectiveness: weighted score, Q1 12.50 → 13.75",
    ]
    # The branch's content, checked as the pull request's checks would.
    checkout = tmp_path / "branch"
    git(repository, "worktree", "add", "--quiet", str(checkout), BRANCH)
    validation = subprocess.run(
        [*generator, "validate", "--project", str(checkout)], capture_output=True, text=True, timeout=120
    )
    assert validation.returncode == 0, validation.stderr
    assert validation.stdout.startswith("The content is valid: 1 period(s)")
