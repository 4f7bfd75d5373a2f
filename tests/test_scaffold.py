"""Starting a new quarter: the scaffold keeps structure and texts, and validate lists what to fill in."""

from __future__ import annotations

import subprocess
import sys

import pytest
import yaml

from generator.commands.new_period import scaffold_period
from generator.errors import ContentError, ReportsiteError
from generator.reading.validation import validate_content

from .conftest import ROOT
from .synthetic import SCORECARD_YAML, STRATEGIES_YAML, write_synthetic_content


def test_validate_on_a_new_quarter_lists_exactly_what_remains(tmp_path):
    content = write_synthetic_content(tmp_path / "content")
    folder = scaffold_period(content, "2567-q2")

    with pytest.raises(ContentError) as caught:
        validate_content(content)
    fields = sorted((p.file.name, p.field, p.message) for p in caught.value.problems)

    plan = yaml.safe_load(STRATEGIES_YAML)
    expected = [
        ("quarter.yaml", "as_of", "not filled in yet: expected a date like 2020-03-31"),
        ("quarter.yaml", "title", "not filled in yet: expected the Thai (th) and English (en) texts"),
    ]
    for i, strategy in enumerate(plan["strategies"]):
        for j, project in enumerate(strategy["projects"]):
            base = f"strategies[{i}].projects[{j}]"
            for name in ("vs_quarter_plan", "vs_annual_target"):
                expected.append(("strategies.yaml", f"{base}.progress.{name}", "not filled in yet: expected a number"))
            for k, _ in enumerate(project.get("key_figures", [])):
                expected.append(
                    ("strategies.yaml", f"{base}.key_figures[{k}].value", "not filled in yet: expected a number")
                )
    for i, _ in enumerate(yaml.safe_load(SCORECARD_YAML)["components"]):
        expected.append(("scorecard.yaml", f"components[{i}].scores.q2", "not filled in yet: expected a number"))
    assert fields == sorted(expected)
    assert all(p.file.parent == folder for p in caught.value.problems)


def test_the_scaffold_carries_over_ids_texts_and_earlier_scores(tmp_path):
    content = write_synthetic_content(tmp_path / "content")
    folder = scaffold_period(content, "2567-q2")
    before = yaml.safe_load(STRATEGIES_YAML)
    after = yaml.safe_load((folder / "strategies.yaml").read_text(encoding="utf-8"))
    assert [s["id"] for s in after["strategies"]] == [s["id"] for s in before["strategies"]]
    assert after["strategies"][0]["projects"][0]["items"] == before["strategies"][0]["projects"][0]["items"]
    scores = yaml.safe_load((folder / "scorecard.yaml").read_text(encoding="utf-8"))["components"][0]["scores"]
    assert scores == {"q1": 12.5, "q2": None}
    first_line = (folder / "scorecard.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first_line == "# yaml-language-server: $schema=../../schema/scorecard.schema.json"


def test_a_new_fiscal_year_starts_its_scorecard_afresh(tmp_path):
    content = write_synthetic_content(tmp_path / "content")
    folder = scaffold_period(content, "2568-q1")
    scores = yaml.safe_load((folder / "scorecard.yaml").read_text(encoding="utf-8"))["components"][0]["scores"]
    assert scores == {"q1": None}


def test_refuses_bad_names_existing_quarters_and_having_nothing_before(tmp_path):
    content = write_synthetic_content(tmp_path / "content")
    with pytest.raises(ReportsiteError, match="not a period name"):
        scaffold_period(content, "2567-Q2")
    with pytest.raises(ReportsiteError, match="already exists"):
        scaffold_period(content, "2567-q1")
    with pytest.raises(ReportsiteError, match="no period before"):
        scaffold_period(content, "2566-q4")


def test_new_quarter_command(tmp_path):
    write_synthetic_content(tmp_path / "content")
    result = subprocess.run(
        [sys.executable, "-m", "generator", "new-quarter", "--project", str(ROOT), "--content", "content", "2567-q2"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "content" / "2567-q2" / "quarter.yaml").is_file()
