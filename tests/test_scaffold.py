"""Starting a new period: the files are kept as written, this period's figures become null, and validate lists them."""

from __future__ import annotations

import difflib
import re
import shutil
import subprocess
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

from generator.commands.build import build
from generator.commands.new_period import next_period_name, scaffold_period
from generator.errors import ContentError, ReportsiteError
from generator.project import Project
from generator.reading.editing import FileEdits
from generator.reading.fiscal import PeriodId
from generator.reading.validation import validate_content

from .conftest import ROOT
from .pages import read_article
from .synthetic import (
    BACKGROUND_YAML,
    QUARTER_YAML,
    SCORECARD_YAML,
    STRATEGIES_YAML,
    SYNTHETIC_QUARTER,
    synthetic_components,
    synthetic_projects,
    write_synthetic_content,
    write_synthetic_period,
)
from .synthetic_blocks import write_blocks_content
from .yaml_text import locate, replace_once


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


# --- the files as the editor wrote them -------------------------------------------------------------

# The keys of the values that a new period gives anew; the scorecard's own score is added, not edited.
FIGURE_KEYS = {"as_of", "value", "vs_period_plan", "vs_annual_target", "points_vs_plan", "status"}
SCORE_LINE = re.compile(r" +(?:q[1-4]|h[12]|fy): \S+")


@dataclass
class LineChanges:
    """How a new period's file differs from the previous one's, line by line (numbered from 1 in the new file)."""

    figures: list[tuple[int, str, str]] = field(default_factory=list)
    """Each figure left null: its line, its key and the previous value as typed (with what followed it)."""
    added: list[int] = field(default_factory=list)
    """The lines of the scores added, `q3: null`."""
    dropped: list[str] = field(default_factory=list)
    """The score lines dropped."""


def line_changes(before: str, after: str, previous: str, own: str | None = None) -> LineChanges:
    """The lines that `after` changed from `before`, each checked to be a figure left null or a score added or dropped.

    A figure's line must read `<indent><key>: null  # <previous>: <value as typed>` where the previous file's
    read `<indent><key>: <value as typed>`, both with the same line end; anything that followed the value (a
    comment) follows the note. An added line must read `<indent><own>: null`, a dropped one be a score.
    """
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    figure = re.compile(rf"(\s*(?:- )?([a-z_]+): )null  # {re.escape(previous)}: (.+)")
    changes = LineChanges()
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        removed, inserted = list(range(i1, i2)), list(range(j1, j2))
        if i2 - i1 == j2 - j1:
            removed, inserted = [], []
            for i, j in zip(range(i1, i2), range(j1, j2), strict=True):
                match = figure.fullmatch(new[j].rstrip("\r\n"))
                if match is None:
                    removed.append(i)
                    inserted.append(j)
                    continue
                assert old[i].rstrip("\r\n") == match[1] + match[3], (old[i], new[j])
                assert old[i][len(old[i].rstrip("\r\n")) :] == new[j][len(new[j].rstrip("\r\n")) :], "line end"
                assert match[2] in FIGURE_KEYS, new[j]
                changes.figures.append((j + 1, match[2], match[3]))
        for i in removed:
            assert SCORE_LINE.fullmatch(old[i].rstrip("\r\n")), f"line {i + 1} of the previous file: {old[i]!r}"
            changes.dropped.append(old[i])
        for j in inserted:
            assert own is not None and re.fullmatch(rf" +{own}: null", new[j].rstrip("\r\n")), f"{j + 1}: {new[j]!r}"
            changes.added.append(j + 1)
    return changes


def changes_of(before: Path, after: Path, own: str | None) -> dict[str, LineChanges]:
    """The line changes of each YAML file of the new period `after` from the previous one, `before`."""
    assert sorted(path.name for path in after.iterdir()) == sorted(path.name for path in before.iterdir())
    return {
        path.name: line_changes(
            path.read_bytes().decode("utf-8-sig"),
            (after / path.name).read_bytes().decode("utf-8-sig"),
            before.name,
            own,
        )
        for path in sorted(before.glob("*.yaml"))
    }


def listed_lines(content: Path, folder: Path) -> set[tuple[str, int]]:
    """The file and line of every problem `validate` lists in the new period, each "not filled in yet"."""
    with pytest.raises(ContentError) as caught:
        validate_content(content)
    assert all(p.file.parent == folder for p in caught.value.problems), caught.value
    assert all(p.message.startswith("not filled in yet: ") for p in caught.value.problems), caught.value
    lines = {(p.file.name, p.line) for p in caught.value.problems}
    assert len(lines) == len(caught.value.problems)
    return lines


def to_fill_in(folder: Path, changes: dict[str, LineChanges]) -> set[tuple[str, int]]:
    """Where validate should say "not filled in yet": each figure but the second field of a progress, each own score.

    A progress left all null is one problem, at its first field (the line after `progress:`).
    """
    expected = set()
    for name, file_changes in changes.items():
        lines = (folder / name).read_text(encoding="utf-8-sig").splitlines()
        for line, key, _ in file_changes.figures:
            if key in ("as_of", "value") or lines[line - 2].endswith("progress:"):
                expected.add((name, line))
        expected |= {(name, line) for line in file_changes.added}
    return expected


@pytest.fixture
def real_content(tmp_path) -> Path:
    """A copy of the real content (DGA's 2563-q2), to start periods from."""
    return shutil.copytree(ROOT / "content", tmp_path / "content")


def test_a_new_period_of_the_real_content_changes_only_the_lines_of_its_figures(real_content):
    started = scaffold_period(real_content, "2563-q3")
    before, folder = real_content / "2563-q2", real_content / "2563-q3"
    changes = changes_of(before, folder, "q3")

    # Counted by hand in content/2563-q2/: the as-of date; 19 key figures and 6 projects' 2 progress figures in
    # strategies.yaml; 5 scorecard components, each getting q3. The background and the problems have no figure.
    assert [(key, typed) for _, key, typed in changes["quarter.yaml"].figures] == [("as_of", "2020-03-31")]
    strategies = changes["strategies.yaml"]
    assert Counter(key for _, key, _ in strategies.figures) == {"value": 19, "vs_period_plan": 6, "vs_annual_target": 6}
    assert [typed for _, _, typed in strategies.figures[:5]] == ["4", "85.94", "45.83", "13655", "5"]
    assert [typed for _, key, typed in strategies.figures if key == "vs_period_plan"].count("100.00") == 5  # as typed
    assert (len(changes["scorecard.yaml"].figures), len(changes["scorecard.yaml"].added)) == (0, 5)
    assert not any(file_changes.dropped for file_changes in changes.values())
    for name in ("background.yaml", "problems.yaml"):
        assert (folder / name).read_bytes() == (before / name).read_bytes()
    # The header stays: the schema line (the same path, from a sibling folder) and the editor's comment.
    header = (folder / "quarter.yaml").read_text(encoding="utf-8").splitlines()[:2]
    assert header == [
        "# yaml-language-server: $schema=../../schema/quarter.schema.json",
        "# Report metadata for quarter 2 of fiscal year 2563 (2020): data cut-off date and report title.",
    ]
    assert started.summary()[:3] == [
        f"Started {folder}/ from 2563-q2: 5 files as written.",
        "Left null, each with its 2563-q2 value beside it as a comment: "
        "the as-of date, 19 key figures' values and 12 progress figures.",
        "Added q3: null to the scorecard's 5 components.",
    ]

    # validate lists each of them as not filled in, and nothing else: 1 + 19 + 6 + 5 problems.
    listed = listed_lines(real_content, folder)
    assert listed == to_fill_in(folder, changes)
    assert len(listed) == 31


def fill_in(text: str, previous: str) -> str:
    """A new period's file with each null given a value: the previous one (a figure that did not change)."""
    return re.sub(rf"null  # {re.escape(previous)}: ", "", text)


def test_the_real_new_period_filled_in_is_valid_and_builds(real_content, tmp_path):
    scaffold_period(real_content, "2563-q3")
    folder = real_content / "2563-q3"
    for path in folder.glob("*.yaml"):
        text = fill_in(path.read_text(encoding="utf-8"), "2563-q2")
        text = text.replace("as_of: 2020-03-31\n", "as_of: 2020-06-30\n").replace("q3: null\n", "q3: 1.25\n")
        assert "null" not in text, path.name
        path.write_text(text, encoding="utf-8")
    report = validate_content(real_content)
    assert [str(period.id) for period in report.periods] == ["2563-q2", "2563-q3"]

    site = tmp_path / "site"
    project = Project.at(
        ROOT, content_dir=real_content, site_dir=site, work_dir=tmp_path / "work", archive_dir=tmp_path / "no-archive"
    )
    build(project, jobs=2)
    overview, _ = read_article(site / "en" / "2563-q3" / "index.html")
    # The new period's own: its months, its as-of date, and its total, 5 components × 1.25.
    assert "Period: Q3 FY2020 (April–June 2020)" in overview and "Data as of: 30 June 2020" in overview
    assert "Total score\n\n6.25 out of 100" in overview
    # The figures filled in with the previous ones' values: a project's progress and a key figure.
    assert "85.94" in overview and "13,655" in overview


def test_a_new_period_of_the_synthetic_content_changes_only_the_lines_of_its_figures(tmp_path):
    content = write_blocks_content(tmp_path / "content")
    before = content / SYNTHETIC_QUARTER
    started = scaffold_period(content, "2567-q2")
    folder = started.folder
    changes = changes_of(before, folder, "q2")
    # 6 YAML files and the CSV file of a table; 2 + 2 key figures, and 3 × 2 + 2 + 3 progress figures.
    assert started.summary()[:2] == [
        f"Started {folder}/ from 2567-q1: 6 files as written, and 1 CSV file byte for byte.",
        "Left null, each with its 2567-q1 value beside it as a comment: "
        "the as-of date, 4 key figures' values and 11 progress figures.",
    ]

    assert [key for _, key, _ in changes["quarter.yaml"].figures] == ["as_of"]
    # tests/synthetic.py: two key figures (in the first project's blocks, before its progress) and three
    # projects' two progress figures; three components.
    assert [typed for _, _, typed in changes["strategies.yaml"].figures] == [
        "12345",
        "40",
        "87.5",
        "21.25",
        "100",
        "25",
        "100",
        "30",
    ]
    assert len(changes["scorecard.yaml"].added) == 3
    # tests/synthetic_blocks.py: two key figures (the value compared with stays) and the progress block's two
    # items, with a negative figure and a status; the tables' rows stay, their null cell too.
    assert [(key, typed) for _, key, typed in changes["results.yaml"].figures] == [
        ("value", "19.20"),
        ("value", "-3.50"),
        ("vs_period_plan", "123"),
        ("points_vs_plan", "2.77"),
        ("vs_annual_target", "40"),
        ("points_vs_plan", "-12.40"),
        ("status", "behind"),
    ]
    assert (folder / "synthetic-counts.csv").read_bytes() == (before / "synthetic-counts.csv").read_bytes()
    for name in ("background.yaml", "problems.yaml"):
        assert (folder / name).read_bytes() == (before / name).read_bytes()
    # 1 as-of date, 2 + 2 key figures, 3 + 2 progresses, 3 scores.
    listed = listed_lines(content, folder)
    assert listed == to_fill_in(folder, changes)
    assert len(listed) == 13


def flow_style(text: str) -> str:
    """The synthetic scorecard with each component's scores in a flow mapping: `scores: {q1: 12.5}`."""
    flowing = re.sub(r"scores:\n +q1: (\S+)\n", r"scores: {q1: \1}\n", text)
    assert flowing.count("scores: {q1: ") == 3
    return flowing


@pytest.mark.parametrize(
    ("name", "scores"),
    [
        # The scores of the same fiscal year stay as typed; the new period's own comes after them.
        ("2567-q2", [r"{q1: 12.5, q2: null}", r"{q1: 7.25, q2: null}", r"{q1: 0, q2: null}"]),
        # A new fiscal year drops them all.
        ("2568-q1", [r"{q1: null}"] * 3),
    ],
)
def test_flow_style_scores_and_progress_are_edited_inside_their_braces(tmp_path, name, scores):
    progress = "progress:\n              vs_period_plan: 87.5\n              vs_annual_target: 21.25\n"
    content = write_synthetic_content(
        tmp_path / "content",
        scorecard_yaml=flow_style(SCORECARD_YAML),
        strategies_yaml=replace_once(
            STRATEGIES_YAML, progress, "progress: {vs_period_plan: 87.5, vs_annual_target: 21.25}  # table 2\n"
        ),
    )
    folder = scaffold_period(content, name).folder

    scorecard = (folder / "scorecard.yaml").read_text(encoding="utf-8")
    assert re.findall(r"\n {8}scores: (.*)\n", scorecard) == scores
    previous = flow_style(SCORECARD_YAML).splitlines()
    assert [line for line in scorecard.splitlines() if "scores:" not in line] == [
        line for line in previous if "scores:" not in line
    ]
    # In braces a comment would hide the rest of the line: the previous values follow the mapping, named,
    # before the editor's own comment.
    strategies = (folder / "strategies.yaml").read_text(encoding="utf-8")
    assert (
        "            progress: {vs_period_plan: null, vs_annual_target: null}"
        "  # 2567-q1: vs_period_plan: 87.5, vs_annual_target: 21.25  # table 2\n"
    ) in strategies
    with pytest.raises(ContentError) as caught:
        validate_content(content)
    fields = [p.field for p in caught.value.problems]
    key = PeriodId.of_folder(name).key
    assert [f for f in fields if ".scores." in f] == [f"blocks[1].components[{i}].scores.{key}" for i in range(3)]
    assert "blocks[1].groupings[0].projects[0].progress" in fields


def test_crlf_line_ends_and_a_byte_order_mark_are_kept(tmp_path):
    content = write_synthetic_content(tmp_path / "content")
    quarter = content / SYNTHETIC_QUARTER
    # As Windows editors may save them: scorecard.yaml with CRLF line ends, strategies.yaml with a byte order
    # mark, quarter.yaml with both.
    (quarter / "scorecard.yaml").write_bytes(SCORECARD_YAML.replace("\n", "\r\n").encode("utf-8"))
    (quarter / "strategies.yaml").write_bytes(b"\xef\xbb\xbf" + STRATEGIES_YAML.encode("utf-8"))
    (quarter / "quarter.yaml").write_bytes(b"\xef\xbb\xbf" + QUARTER_YAML.replace("\n", "\r\n").encode("utf-8"))
    folder = scaffold_period(content, "2567-q2").folder

    scorecard = (folder / "scorecard.yaml").read_bytes()
    assert b"\n" not in scorecard.replace(b"\r\n", b""), "a line ends with LF alone"
    assert scorecard.count(b"\r\n          q2: null\r\n") == 3
    strategies = (folder / "strategies.yaml").read_bytes()
    assert strategies.startswith(b"\xef\xbb\xbf") and strategies.count("\ufeff".encode()) == 1
    assert b"\r" not in strategies
    expected = replace_once(QUARTER_YAML, "as_of: 2023-12-31\n", "as_of: null  # 2567-q1: 2023-12-31\n")
    assert (folder / "quarter.yaml").read_bytes() == b"\xef\xbb\xbf" + expected.replace("\n", "\r\n").encode("utf-8")
    changes = changes_of(quarter, folder, "q2")  # line ends compared too
    assert [len(changes[name].figures) for name in ("quarter.yaml", "strategies.yaml")] == [1, 8]
    listed = listed_lines(content, folder)
    assert listed == to_fill_in(folder, changes)
    assert len(listed) == 1 + 2 + 3 + 3


def test_a_figure_keeps_the_comments_around_it(tmp_path):
    strategies = replace_once(STRATEGIES_YAML, "value: 12345\n", "value: 12345  # page 4 of the report\n")
    strategies = replace_once(
        strategies,
        "            progress:\n              vs_period_plan: 100\n              vs_annual_target: 30\n",
        "            progress:\n              # as the report's table 2 gives it\n"
        "              vs_period_plan: 100\n              vs_annual_target: 30\n",
    )
    content = write_synthetic_content(tmp_path / "content", strategies_yaml=strategies)
    folder = scaffold_period(content, "2567-q2").folder
    text = (folder / "strategies.yaml").read_text(encoding="utf-8")
    assert "\n                    value: null  # 2567-q1: 12345  # page 4 of the report\n" in text
    assert (
        "            progress:\n              # as the report's table 2 gives it\n"
        "              vs_period_plan: null  # 2567-q1: 100\n              vs_annual_target: null  # 2567-q1: 30\n"
    ) in text
    changes = line_changes(strategies, text, SYNTHETIC_QUARTER)
    assert (changes.figures[0][1:], len(changes.figures)) == (("value", "12345  # page 4 of the report"), 8)


def test_a_new_fiscal_year_drops_the_real_scorecards_scores(real_content):
    result = new_period(real_content.parent, "2564-q1")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[1:3] == [
        "Left null, each with its 2563-q2 value beside it as a comment: "
        "the as-of date, 19 key figures' values and 12 progress figures.",
        "Added q1: null to the scorecard's 5 components, and dropped their scores of fiscal year 2563.",
    ]
    folder = real_content / "2564-q1"
    changes = changes_of(real_content / "2563-q2", folder, "q1")
    scorecard = changes["scorecard.yaml"]
    # Each of the 5 components had q1 and q2 (content/2563-q2/scorecard.yaml); each now has q1: null alone.
    assert (len(scorecard.dropped), len(scorecard.added)) == (10, 5)
    text = (folder / "scorecard.yaml").read_text(encoding="utf-8")
    assert re.findall(r"scores:\n((?: {10}.*\n)+)", text) == ["          q1: null\n"] * 5


def test_a_figure_written_over_several_lines_is_refused_and_nothing_is_written(tmp_path):
    strategies = replace_once(STRATEGIES_YAML, "value: 40\n", "value: >-\n                      40\n")
    content = write_synthetic_content(tmp_path / "content", strategies_yaml=strategies)
    before = sorted(path.relative_to(content) for path in content.rglob("*"))
    result = new_period(tmp_path, "2567-q2")
    assert result.returncode == 1
    line, column = locate(strategies, ">-")
    assert result.stderr == (
        f"Error: content/{SYNTHETIC_QUARTER}/strategies.yaml:{line}:{column}: "
        "blocks[1].groupings[0].projects[0].blocks[3].figures[1].value: the value is written over several lines, "
        "which new-period cannot edit; write it on one line, then run new-period again\n"
    )
    # Not even the files before it (background, problems, quarter, scorecard), nor a folder aside.
    assert sorted(path.relative_to(content) for path in content.rglob("*")) == before


def test_a_copy_that_would_not_read_as_expected_is_refused(tmp_path, monkeypatch):
    # The check behind every edit: the copy must read as the previous file with exactly the intended changes.
    content = write_synthetic_content(tmp_path / "content")
    apply = FileEdits.apply
    monkeypatch.setattr(FileEdits, "apply", lambda edits: apply(edits).replace("weight: 50", "weight: 5"))
    with pytest.raises(ReportsiteError, match=r"scorecard.yaml: new-period could not copy this file safely"):
        scaffold_period(content, "2567-q2")
    assert sorted(path.name for path in content.iterdir()) == [SYNTHETIC_QUARTER, "site.yaml"]


def test_a_line_break_yaml_reads_and_editors_do_not_is_refused(tmp_path):
    # U+2028 in a quoted text: YAML breaks the line there, a text editor does not, so edits by line could go wrong.
    needle = "en: The first synthetic paragraph about the report's background."
    background = replace_once(BACKGROUND_YAML, needle, needle.replace("en: The first", 'en: "The first\u2028') + '"')
    content = write_synthetic_content(tmp_path / "content", background_yaml=background)
    line, column = locate(background, "\u2028")
    with pytest.raises(ReportsiteError) as caught:
        scaffold_period(content, "2567-q2")
    assert caught.value.message.endswith(
        f"background.yaml:{line}:{column}: the file has a line break other than LF or CRLF (U+2028), which "
        "new-period cannot edit; remove it or save the file with LF or CRLF line ends, then run new-period again"
    )
    assert sorted(path.name for path in content.iterdir()) == [SYNTHETIC_QUARTER, "site.yaml"]


@pytest.mark.parametrize(
    ("source", "name", "last_lines"),
    [
        # The last line gets an entry after it; or, in a new fiscal year, is replaced by it.
        (SYNTHETIC_QUARTER, "2567-q2", "          q1: 0\n          q2: null"),
        (SYNTHETIC_QUARTER, "2568-q1", "        scores:\n          q1: null"),
        # Two scores (h1, q3) dropped for one: the last line goes, and the one before loses its line break.
        # (write_synthetic_period writes with PyYAML, which indents less.)
        ("2567-q3", "2568-q1", "\n    scores:\n      q1: null"),
    ],
)
def test_a_file_that_ends_without_a_line_break_still_does(tmp_path, source, name, last_lines):
    content = write_synthetic_content(tmp_path / "content")
    if source != SYNTHETIC_QUARTER:
        shutil.rmtree(content / SYNTHETIC_QUARTER)
        write_synthetic_period(content, source)
    path = content / source / "scorecard.yaml"
    scorecard = path.read_text(encoding="utf-8").removesuffix("\n")
    path.write_text(scorecard, encoding="utf-8")
    text = (scaffold_period(content, name).folder / "scorecard.yaml").read_text(encoding="utf-8")
    assert text.endswith(last_lines)
    changes = line_changes(scorecard + "\n", text + "\n", source, PeriodId.of_folder(name).key)
    assert len(changes.added) == 3


def test_a_new_real_quarter_is_warned_about_the_words_of_the_quarter_it_was_copied_from(tmp_path):
    # DGA's Q2 titles say ไตรมาสที่ 2 / quarter 2; copied into Q3, each is named, where it is, until mended.
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    scaffold_period(content, "2563-q3")
    with pytest.raises(ContentError) as caught:
        validate_content(content)
    stale = sorted(
        (w.file.name, w.field) for w in caught.value.warnings if "not this report's period (2563-q3)" in w.message
    )
    assert stale == [
        ("quarter.yaml", "title.en"),
        ("quarter.yaml", "title.th"),
        ("scorecard.yaml", "title.en"),
        ("scorecard.yaml", "title.th"),
        ("strategies.yaml", "title.en"),
        ("strategies.yaml", "title.th"),
    ]
    # Q2 itself, whose titles name its own quarter, has no such warning.
    assert not [w for w in caught.value.warnings if "2563-q2" in str(w.file) and "report's period" in w.message]
