"""The editors' page's YAML format keeps a content file's bytes: saved unchanged, the same file; one figure
changed, one line (issue 18 point 3).

It runs the page's own format (site_templates/admin/yaml-format.js) with the very copy of the YAML library that
the site serves, in node, as Decap CMS would run it: read, through the form, written.
"""

from __future__ import annotations

import difflib
import json
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from generator.theme import PACKAGED_TEMPLATES

from .conftest import ROOT, skip_unless_in_ci

RUNNER = Path(__file__).with_name("editor_format.mjs")
FORMAT = PACKAGED_TEMPLATES / "admin" / "yaml-format.js"
CONTENT_FILES = sorted([*ROOT.glob("content/**/*.yaml"), *ROOT.glob("examples/*/content/**/*.yaml")])


@pytest.fixture(scope="module")
def node() -> str:
    path = shutil.which("node")
    if path is None:
        skip_unless_in_ci("node is not installed: the editors' YAML format is tested with it")
    return path


def save(node: str, editor_files, files: list[Path], edits: dict[Path, list] | None = None) -> dict[Path, str]:
    """What the format writes for each file, after the edits: {file: [(path of keys and indexes, value)]}."""
    result = subprocess.run(
        [
            node,
            str(RUNNER),
            str(editor_files.yaml / "package" / "browser" / "index.js"),
            str(FORMAT),
            json.dumps({str(file): changes for file, changes in (edits or {}).items()}),
            *map(str, files),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return {Path(name): text for name, text in json.loads(result.stdout).items()}


def changed_lines(before: str, after: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


def test_every_content_file_saved_unchanged_keeps_its_bytes(node, editor_files):
    assert len(CONTENT_FILES) > 40, "the real content and every example"
    written = save(node, editor_files, CONTENT_FILES)
    changed = [
        str(file.relative_to(ROOT)) for file in CONTENT_FILES if written[file] != file.read_text(encoding="utf-8")
    ]
    assert changed == []


def test_a_changed_figure_and_a_changed_thai_sentence_change_one_line_each(node, editor_files):
    scorecard = ROOT / "content" / "2563-q2" / "scorecard.yaml"
    background = ROOT / "content" / "2563-q2" / "background.yaml"
    edits = {
        # A score typed 7.50: the form gives 8.25, and then 8 (a number keeps the decimals it was typed with).
        scorecard: [[["blocks", 1, "components", 0, "scores", "q2"], 8]],
        background: [[["blocks", 0, "paragraphs", 0, "th"], "ย่อหน้าที่แก้ไขแล้ว"]],
    }
    written = save(node, editor_files, [scorecard, background], edits)
    assert changed_lines(scorecard.read_text(encoding="utf-8"), written[scorecard]) == [
        "-          q2: 7.50",
        "+          q2: 8.00",
    ]
    # The paragraph stays a `>-` block: only its line of text changes.
    assert changed_lines(background.read_text(encoding="utf-8"), written[background]) == [
        next(
            f"-{line}" for line in background.read_text(encoding="utf-8").splitlines() if "จากแนวทางการประเมิน" in line
        ),
        "+          ย่อหน้าที่แก้ไขแล้ว",
    ]


def test_an_emptied_optional_field_leaves_the_file_and_nothing_else_moves(node, editor_files):
    problems = ROOT / "content" / "2563-q2" / "problems.yaml"
    text = problems.read_text(encoding="utf-8")
    # Decap gives an optional field the editor emptied as null or "": neither is written.
    edits = {problems: [[["blocks", 0, "title"], None], [["blocks", 0, "number"], ""]]}
    assert changed_lines(text, save(node, editor_files, [problems], edits)[problems]) == [
        "-    title:",
        "-      th: ปัญหาและอุปสรรคในการดำเนินงาน",
        "-      en: Problems and obstacles in operations",
    ]


def test_blocks_that_change_places_keep_their_lines(node, editor_files):
    problems = ROOT / "content" / "2563-q2" / "problems.yaml"
    text = problems.read_text(encoding="utf-8")
    head, first, second = text.split("\n  - type: list\n")
    original = save(node, editor_files, [problems])[problems]
    blocks = _blocks(problems)
    swapped = save(node, editor_files, [problems], {problems: [[["blocks"], [blocks[1], blocks[0]]]]})[problems]
    assert original == text
    assert swapped == "\n  - type: list\n".join([head, second.rstrip("\n"), first]) + "\n"


def _blocks(file: Path) -> list:
    """The file's blocks as plain data (as Decap's form holds them)."""
    return yaml.safe_load(file.read_text(encoding="utf-8"))["blocks"]
