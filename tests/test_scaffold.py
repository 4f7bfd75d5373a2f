"""Starting a new period: the files are kept as written, this period's figures become null, and validate lists them."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest
import yaml

from generator.commands.new_period import next_period_name, scaffold_period
from generator.errors import ContentError, ReportsiteError
from generator.reading.fiscal import PeriodId
from generator.reading.validation import validate_content

from .conftest import ROOT
from .synthetic import (
    SCORECARD_YAML,
    STRATEGIES_YAML,
    SYNTHETIC_QUARTER,
    synthetic_components,
    synthetic_projects,
    write_synthetic_content,
    write_synthetic_period,
)
from .yaml_text import replace_once


def test_validate_on_a_new_quarter_lists_exactly_what_remains(tmp_path):
    content = write_synthetic_content(tmp_path / "content")
    folder = scaffold_period(content, "2567-q2").folder

    with pytest.raises(ContentError) as caught:
        validate_content(content)
    fields = sorted((p.file.name, p.field, p.message) for p in caught.value.problems)

    plan = yaml.safe_load(STRATEGIES_YAML)
    # The title is kept, as every text is: only the as-of date is to give anew in quarter.yaml.
    expected = [("quarter.yaml", "as_of", "not filled in yet: expected a date like 2020-03-31")]
    for base, project in projects_with_paths(plan):
        # Progress's figures are each optional now: a progress left all null is listed once, naming its figures.
        expected.append(
            (
                "strategies.yaml",
                f"{base}.progress",
                "not filled in yet: give this period's vs_period_plan, vs_annual_target (at least one of them)",
            )
        )
        for b, block in enumerate(project.get("blocks", [])):
            if block["type"] == "key_figures":
                for k, _ in enumerate(block["figures"]):
                    expected.append(
                        (
                            "strategies.yaml",
                            f"{base}.blocks[{b}].figures[{k}].value",
                            "not filled in yet: expected a number",
                        )
                    )
    for i, _ in enumerate(synthetic_components(yaml.safe_load(SCORECARD_YAML))):
        expected.append(
            ("scorecard.yaml", f"blocks[1].components[{i}].scores.q2", "not filled in yet: expected a number")
        )
    assert fields == sorted(expected)
    assert all(p.file.parent == folder for p in caught.value.problems)


def projects_with_paths(plan: dict) -> list[tuple[str, dict]]:
    """Each project of a loaded strategies.yaml with its path there: `blocks[1].groupings[0].projects[0]`."""
    return [
        (f"blocks[{b}].groupings[{i}].projects[{j}]", project)
        for b, block in enumerate(plan["blocks"])
        if block["type"] == "groupings"
        for i, grouping in enumerate(block["groupings"])
        for j, project in enumerate(grouping["projects"])
    ]


def test_validate_lists_each_progress_figure_still_null_after_new_period(tmp_path):
    content = write_synthetic_content(tmp_path / "content")
    folder = scaffold_period(content, "2567-q2").folder
    plan = folder / "strategies.yaml"
    text = plan.read_text(encoding="utf-8")
    # Every project gets its progress against the period's plan (the previous one's comment left after it);
    # the annual target is still null.
    assert text.count("vs_period_plan: null  # 2567-q1: ") == 3
    plan.write_text(text.replace("vs_period_plan: null", "vs_period_plan: 100"), encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        validate_content(content)
    fields = [p.field for p in caught.value.problems if p.file.name == "strategies.yaml"]
    for base, _ in projects_with_paths(yaml.safe_load(STRATEGIES_YAML)):
        assert f"{base}.progress.vs_annual_target" in fields


def test_the_scaffold_carries_over_ids_texts_and_earlier_scores(tmp_path):
    content = write_synthetic_content(tmp_path / "content")
    folder = scaffold_period(content, "2567-q2").folder
    before = yaml.safe_load(STRATEGIES_YAML)
    after = yaml.safe_load((folder / "strategies.yaml").read_text(encoding="utf-8"))
    groupings = [block["groupings"] for block in after["blocks"] if block["type"] == "groupings"][0]
    groupings_before = [block["groupings"] for block in before["blocks"] if block["type"] == "groupings"][0]
    assert [g["id"] for g in groupings] == [g["id"] for g in groupings_before]
    assert [p["id"] for p in synthetic_projects(after)] == [p["id"] for p in synthetic_projects(before)]
    # The first project's texts and list of sub-items, all its blocks but the key figures, whose values are emptied.
    texts_after = [block for block in synthetic_projects(after)[0]["blocks"] if block["type"] != "key_figures"]
    texts_before = [block for block in synthetic_projects(before)[0]["blocks"] if block["type"] != "key_figures"]
    assert texts_after == texts_before and any(block["type"] == "list" for block in texts_after)
    scorecard = yaml.safe_load((folder / "scorecard.yaml").read_text(encoding="utf-8"))
    assert synthetic_components(scorecard)[0]["scores"] == {"q1": 12.5, "q2": None}
    # The synthetic files start with a comment of their own and no schema line: none is added.
    first_line = (folder / "scorecard.yaml").read_text(encoding="utf-8").splitlines()[0]
    assert first_line == "# SYNTHETIC test data."


def test_a_new_fiscal_year_starts_its_scorecard_afresh(tmp_path):
    content = write_synthetic_content(tmp_path / "content")
    folder = scaffold_period(content, "2568-q1").folder
    scores = synthetic_components(yaml.safe_load((folder / "scorecard.yaml").read_text(encoding="utf-8")))[0]["scores"]
    assert scores == {"q1": None}


def test_refuses_bad_names_existing_quarters_and_having_nothing_before(tmp_path):
    content = write_synthetic_content(tmp_path / "content")
    with pytest.raises(ReportsiteError, match="is not a period's name"):
        scaffold_period(content, "2567-Q2")
    with pytest.raises(ReportsiteError, match="already exists"):
        scaffold_period(content, "2567-q1")
    with pytest.raises(ReportsiteError, match="no period before"):
        scaffold_period(content, "2566-q4")


def new_period(tmp_path, *arguments: str, command: str = "new-period") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "generator", command, "--project", str(ROOT), "--content", "content", *arguments],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )


def test_new_period_command(tmp_path):
    write_synthetic_content(tmp_path / "content")
    result = new_period(tmp_path, "2567-h1")
    assert result.returncode == 0, result.stderr
    # The synthetic quarter has 5 files, 2 key figures, 3 projects of 2 progress figures, and 3 components.
    assert result.stdout.splitlines() == [
        "Started content/2567-h1/ from 2567-q1: 5 files as written.",
        "Left null, each with its 2567-q1 value beside it as a comment: "
        "the as-of date, 2 key figures' values and 6 progress figures.",
        "Added h1: null to the scorecard's 3 components.",
        "Fill in what `reportsite validate 2567-h1` lists, then read the copied texts again, the title too: "
        "they still describe 2567-q1.",
    ]
    assert (tmp_path / "content" / "2567-h1" / "quarter.yaml").is_file()


def test_new_period_without_a_name_starts_the_next_one_of_the_latest_kind(tmp_path):
    write_synthetic_content(tmp_path / "content")
    result = new_period(tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Started content/2567-q2/ from 2567-q1: ")


def test_new_quarter_is_another_name_for_new_period(tmp_path):
    write_synthetic_content(tmp_path / "content")
    result = new_period(tmp_path, "2567-fy", command="new-quarter")
    assert result.returncode == 0, result.stderr
    assert result.stderr == "new-quarter is another name for new-period.\n"
    assert result.stdout.startswith("Started content/2567-fy/ from 2567-q1: ")
    assert (tmp_path / "content" / "2567-fy" / "scorecard.yaml").is_file()
    help_text = new_period(tmp_path, "--help", command="new-quarter").stdout
    assert "Another name for new-period" in help_text


def scores_of(folder) -> list[dict]:
    scorecard = yaml.safe_load((folder / "scorecard.yaml").read_text(encoding="utf-8"))
    return [component["scores"] for component in synthetic_components(scorecard)]


@pytest.mark.parametrize(
    ("earlier", "name", "expected"),
    [
        # A half year after a quarter of its year repeats the quarter's score, and adds its own.
        (["2567-q1"], "2567-h1", {"q1": 12.5, "h1": None}),
        # The second half after the first; a fiscal year after its halves.
        (["2567-h1"], "2567-h2", {"h1": 17.5, "h2": None}),
        (["2567-h1", "2567-h2"], "2567-fy", {"h1": 17.5, "h2": 22.5, "fy": None}),
        # From the latest period before the new one: 2567-fy ends after 2567-h2.
        (["2567-h1", "2567-fy"], "2567-h2", {"h1": 17.5, "h2": None}),
        # A new fiscal year starts its scorecard afresh.
        (["2567-fy"], "2568-fy", {"fy": None}),
        (["2567-h2"], "2568-h1", {"h1": None}),
    ],
)
def test_new_period_of_every_kind(tmp_path, earlier, name, expected):
    content = write_synthetic_content(tmp_path / "content")
    if SYNTHETIC_QUARTER not in earlier:
        shutil.rmtree(content / SYNTHETIC_QUARTER)
    for period in earlier:
        if period != SYNTHETIC_QUARTER:
            write_synthetic_period(content, period)
    source = max((p for p in earlier if PeriodId.of_folder(p) < PeriodId.of_folder(name)), key=PeriodId.of_folder)

    folder = scaffold_period(content, name).folder
    assert scores_of(folder)[0] == expected
    assert [list(scores) for scores in scores_of(folder)] == [list(expected)] * 3
    # quarter.yaml is the previous one's, but for its as-of date: the title is kept, the header too.
    before = (content / source / "quarter.yaml").read_text(encoding="utf-8")
    as_of = yaml.safe_load(before)["as_of"].isoformat()
    after = (folder / "quarter.yaml").read_text(encoding="utf-8")
    assert after == replace_once(before, f"as_of: {as_of}\n", f"as_of: null  # {source}: {as_of}\n")

    # validate then lists this period's own score as not filled in, and no other problem of its scorecard.
    with pytest.raises(ContentError) as caught:
        validate_content(content)
    score_problems = [(p.field, p.message) for p in caught.value.problems if p.file == folder / "scorecard.yaml"]
    key = PeriodId.of_folder(name).key
    assert score_problems == [
        (f"blocks[1].components[{i}].scores.{key}", "not filled in yet: expected a number") for i in range(3)
    ]
    assert all(p.file.parent == folder for p in caught.value.problems)


@pytest.mark.parametrize(
    ("latest", "expected"),
    [("2567-q1", "2567-q2"), ("2567-h1", "2567-h2"), ("2567-h2", "2568-h1"), ("2567-fy", "2568-fy")],
)
def test_the_next_period_is_of_the_latest_kind(tmp_path, latest, expected):
    content = write_synthetic_content(tmp_path / "content")
    if latest != SYNTHETIC_QUARTER:
        shutil.rmtree(content / SYNTHETIC_QUARTER)
        write_synthetic_period(content, latest)
    assert next_period_name(content) == expected
