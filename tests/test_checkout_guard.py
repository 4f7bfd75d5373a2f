"""The guard that fails a test run which writes into the checkout (tests/checkout_guard.py) does fail it."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from .checkout_guard import MAY_CHANGE, checkout_state, watched_state, written_between
from .conftest import ROOT, skip_unless_in_ci


def git(*args: str, cwd) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.fixture
def checkout(tmp_path):
    """A small git checkout shaped like the project's, with a build folder that an earlier `make site` left."""
    root = tmp_path / "checkout"
    (root / "content").mkdir(parents=True)
    (root / ".gitignore").write_text("/build/\n/.venv/\n.pytest_cache/\n/tools/node_modules/\n__pycache__/\n")
    (root / "content" / "site.yaml").write_text("languages: [th, en]\n")
    git("init", "-q", "-b", "main", cwd=root)
    git("add", "-A", cwd=root)
    git(
        "-c",
        "user.name=reportsite tests",
        "-c",
        "user.email=tests@synthetic.example.org",
        "commit",
        "-qm",
        "x",
        cwd=root,
    )
    (root / "build").mkdir()
    (root / "build" / "earlier.txt").write_text("left by make site")
    return root


def test_the_checkout_state_names_each_file_written_changed_or_removed(checkout):
    before = checkout_state(checkout)
    assert set(before) == {"build/earlier.txt"}

    (checkout / "build" / "cache").mkdir()
    (checkout / "build" / "cache" / "entry").write_text("written by a test")
    (checkout / "generator" / "__pycache__").mkdir(parents=True)
    (checkout / "generator" / "__pycache__" / "cli.cpython-311.pyc").write_bytes(b"bytecode")
    (checkout / "content" / "site.yaml").write_text("languages: [th]\n")
    (checkout / "notes.txt").write_text("untracked")
    (checkout / "build" / "earlier.txt").unlink()
    for allowed in MAY_CHANGE:
        (checkout / allowed).mkdir(parents=True, exist_ok=True)
        (checkout / allowed / "allowed.txt").write_text("may be written")

    assert written_between(before, checkout_state(checkout)) == [
        "build/cache/entry (written)",
        "build/earlier.txt (removed, or restored as git has it)",
        "content/site.yaml (changed)",
        "generator/__pycache__/cli.cpython-311.pyc (written)",
        "notes.txt (written)",
    ]


def test_a_tracked_file_deleted_or_touched_is_named(checkout):
    (checkout / "content" / "site.yaml").write_text("languages: [th, en, lo]\n")
    before = checkout_state(checkout)
    (checkout / "content" / "site.yaml").write_text("languages: [th, en, my]\n")  # changed again, same size
    os.utime(checkout / "content" / "site.yaml", ns=(1, 1))
    changed = checkout_state(checkout)
    assert written_between(before, changed) == ["content/site.yaml (changed)"]
    (checkout / "content" / "site.yaml").unlink()
    assert written_between(before, checkout_state(checkout)) == ["content/site.yaml (deleted)"]


def test_outside_a_git_checkout_there_is_no_state(tmp_path):
    assert checkout_state(tmp_path) is None


CONFTEST = "from tests.checkout_guard import pytest_configure, pytest_sessionfinish, pytest_terminal_summary\n"
TESTS = """\
from pathlib import Path


def test_writes_into_the_checkout():
    Path("build/cache").mkdir(parents=True)
    Path("build/cache/entry").write_text("x")
    Path(".venv").mkdir()
    Path(".venv/allowed.txt").write_text("x")


def test_writes_into_its_temporary_folder(tmp_path):
    (tmp_path / "entry").write_text("x")
"""


def run_pytest(checkout, test: str) -> subprocess.CompletedProcess:
    # The bytecode of the inner run's own files stays out of the small checkout, whatever the caller's settings;
    # and the inner run needs none of the installed pytest plugins.
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONDONTWRITEBYTECODE": "1", "PYTEST_DISABLE_PLUGIN_AUTOLOAD": "1"}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", f"test_inner.py::{test}"],
        cwd=checkout,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_a_run_that_writes_into_the_checkout_fails_and_says_what_it_wrote(checkout):
    (checkout / "conftest.py").write_text(CONFTEST)
    (checkout / "test_inner.py").write_text(TESTS)

    clean = run_pytest(checkout, "test_writes_into_its_temporary_folder")
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "wrote into the checkout" not in clean.stdout

    dirty = run_pytest(checkout, "test_writes_into_the_checkout")
    assert dirty.returncode == 1, dirty.stdout + dirty.stderr
    assert "1 passed" in dirty.stdout, "the test itself passed: the guard failed the run"
    section = dirty.stdout[dirty.stdout.index("the tests wrote into the checkout") :]
    assert "build/cache/entry (written)" in section
    assert ".venv" not in section.split("Tests must write")[0]


def test_this_run_watches_the_checkout(pytestconfig):
    state = watched_state(pytestconfig)
    if state is None:
        skip_unless_in_ci(f"{ROOT} is not a git checkout, so no test can tell whether the tests wrote into it")
    assert pytestconfig.rootpath == ROOT
    assert not any(path.startswith(MAY_CHANGE) for path in state)
