"""The `reportsite` command as an editor meets it: clean errors, exit status 1, and nothing written."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

from .conftest import ROOT, path_without_chromium
from .synthetic import SCORECARD_YAML, STRATEGIES_YAML, SYNTHETIC_QUARTER, write_synthetic_content
from .yaml_text import locate, replace_once


def run_cli(*args: str, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "generator", *args], cwd=cwd, capture_output=True, text=True, timeout=300, env=env
    )


def tree_digest(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def test_bad_content_lists_every_problem_and_leaves_the_last_good_site(synthetic_build, tmp_path, tmp_path_factory):
    content = write_synthetic_content(tmp_path / "content")
    site = tmp_path / "site"
    # The build cache, a copy of the session's build of the same content, goes beside tmp_path, whose
    # listing is checked below (and never into the checkout).
    work_dir = synthetic_build.copy_cache(tmp_path_factory.mktemp("copy") / "work")
    project = ("--project", str(ROOT), "--work-dir", str(work_dir))
    # Without Chromium, so without the PDFs, which no test here reads (the failing build below stops before
    # it would print any, and runs as the command usually does).
    no_chromium = {**os.environ, "PATH": "/nonexistent"}
    good = run_cli("build", *project, "--content", str(content), "--site", str(site), cwd=tmp_path, env=no_chromium)
    assert good.returncode == 0, good.stderr
    assert "0 of 2 MkDocs builds ran, 2 were unchanged and reused" in good.stdout
    assert (site / "th" / SYNTHETIC_QUARTER / "index.html").is_file()
    before = tree_digest(site)

    strategies = replace_once(STRATEGIES_YAML, "vs_period_plan: 87.5", "vs_period_plan: -87.5")
    scorecard = replace_once(SCORECARD_YAML, "weight: 20", "weight: 10")
    write_synthetic_content(content, strategies_yaml=strategies, scorecard_yaml=scorecard)
    weights_line, weights_column = locate(scorecard, "- id: synthetic-effectiveness")
    plan_line, plan_column = locate(strategies, "-87.5")
    bad = run_cli("build", *project, "--content", "content", "--site", str(site), cwd=tmp_path)

    assert bad.returncode == 1
    assert "Traceback" not in bad.stderr
    # The synthetic background holds HTML on purpose, which gives two warnings besides the errors.
    # Each weight is listed where its value is.
    weight = [
        (line, column + len("weight: ")) for line, column in (locate(scorecard, f"weight: {w}") for w in (50, 30, 10))
    ]
    assert [line for line in bad.stderr.splitlines() if "looks like HTML" not in line] == [
        f"content/{SYNTHETIC_QUARTER}/scorecard.yaml:{weights_line}:{weights_column}: blocks[1].components: "
        "the weights (50, 30, 10) add up to 90, expected 100; they are:",
        *(
            f"    content/{SYNTHETIC_QUARTER}/scorecard.yaml:{line}:{column}: blocks[1].components[{i}].weight"
            f" ({name}): "
            f"{weight}"
            for i, ((line, column), weight, name) in enumerate(
                zip(
                    weight,
                    (50, 30, 10),
                    ("synthetic-effectiveness", "synthetic-efficiency", "synthetic-governance"),
                    strict=True,
                )
            )
        ),
        f"content/{SYNTHETIC_QUARTER}/strategies.yaml:{plan_line}:{plan_column}: "
        "blocks[1].groupings[0].projects[0].progress.vs_period_plan (synthetic-alpha › alpha-one): "
        "expected a number of 0 or more, got -87.5",
        "2 problems in the content (and 2 warnings); nothing was written.",
    ]
    assert tree_digest(site) == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["content", "site"], "no staging folder is left behind"


def test_validate_command_reports_valid_content(tmp_path):
    content = write_synthetic_content(tmp_path / "content")
    work = tmp_path / "work"
    result = run_cli(
        "validate", "--project", str(ROOT), "--work-dir", str(work), "--content", str(content), cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    assert "valid" in result.stdout


def test_validate_lists_the_problems_and_claims_nothing_about_writing(tmp_path):
    # validate never writes: its summary says how many problems, not that nothing was written.
    scorecard = replace_once(SCORECARD_YAML, "indicators: 2", "indicators: two")
    content = write_synthetic_content(tmp_path / "content", scorecard_yaml=scorecard)
    result = run_cli(
        "validate",
        "--project",
        str(ROOT),
        "--work-dir",
        str(tmp_path / "work"),
        "--content",
        str(content),
        cwd=tmp_path,
    )
    assert result.returncode == 1
    assert result.stderr.splitlines()[-1] == "1 problem in the content (and 2 warnings)."


def test_console_script_is_installed():
    script = Path(sys.executable).parent / "reportsite"
    result = subprocess.run([str(script), "--help"], capture_output=True, text=True)
    assert result.returncode == 0
    assert "build" in result.stdout and "validate" in result.stdout


def test_a_chromium_that_fails_ends_the_build_in_one_line_and_leaves_the_site(tmp_path):
    # A stub `chromium` that exits at once, as a broken install would: the build says so in one line.
    bin_dir = tmp_path / "bin"
    path_without_chromium(bin_dir, "git")
    stub = bin_dir / "chromium"
    stub.write_text("#!/bin/sh\nexit 1\n", encoding="utf-8")
    stub.chmod(0o755)
    content = write_synthetic_content(tmp_path / "content")
    site = tmp_path / "site"
    arguments = ["build", "--project", str(ROOT), "--work-dir", str(tmp_path / "work"), "--content", str(content)]
    result = run_cli(*arguments, "--site", str(site), cwd=tmp_path, env={**os.environ, "PATH": str(bin_dir)})
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    [error] = [line for line in result.stderr.splitlines() if "looks like HTML" not in line]
    assert re.fullmatch(
        r"Error: the PDF edition of 2567-q1 \((th|en)\): Chromium stopped while printing a PDF edition( \(\S+\))?; "
        rf"check that it runs on this machine: {re.escape(str(stub))} --headless --dump-dom about:blank",
        error,
    ), error
    assert not site.exists(), "nothing half-written"
