"""Tests never write inside the checkout: a run that does fails, naming what it wrote.

The conftest imports the hooks below. When the session starts they note every
file of the checkout that git reports as changed, untracked or ignored (with
its size and modification time); when it ends they look again, and any file
added, changed or removed since fails the run. Only these may change:
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

MAY_CHANGE = (
    ".venv/",  # the virtualenv, where the Makefile also keeps Python's bytecode and the lint tools' caches
    ".pytest_cache/",  # pytest's cache, where the conftest also keeps Hypothesis's example database
    "tools/node_modules/",  # the npm test tools (`npm ci --prefix tools`)
)

SHOWN = 30  # files named in the failure, at most

State = dict[str, tuple[str, int, int]]
_BEFORE = pytest.StashKey[State | None]()
_WRITTEN = pytest.StashKey[list[str]]()


def checkout_state(root: Path) -> State | None:
    """Each file of the git checkout at `root` that is changed, untracked or ignored, but those in MAY_CHANGE.

    Maps its path to git's two-letter status, its size and its modification time
    (-1 and -1 once it is deleted). None if `root` is not the top of a git checkout.
    """
    top = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=root, capture_output=True, text=True)
    if top.returncode != 0 or Path(top.stdout.strip()).resolve() != root.resolve():
        return None
    listing = subprocess.run(
        # --no-optional-locks: looking must not write git's index either.
        ["git", "--no-optional-locks", "status", "--porcelain=v1", "-z", "--ignored", "--untracked-files=all"]
        + ["--", ".", *(f":(exclude){path}" for path in MAY_CHANGE)],
        cwd=root,
        capture_output=True,
        check=True,
    ).stdout.decode("utf-8", "surrogateescape")
    state: State = {}
    fields = iter(listing.split("\0"))
    for entry in fields:
        if not entry:
            continue
        status, path = entry[:2], entry[3:]
        if status[0] in "RC":
            next(fields)  # a rename or copy also gives the path it came from
        try:
            stat = os.lstat(root / path)
            state[path] = (status, stat.st_size, stat.st_mtime_ns)
        except FileNotFoundError:
            state[path] = (status, -1, -1)
    return state


def written_between(before: State, after: State) -> list[str]:
    """The files written, changed or removed between two states of a checkout, each saying which."""
    lines = []
    for path in sorted(before.keys() | after.keys()):
        if path not in after:
            lines.append(f"{path} (removed, or restored as git has it)")
        elif after[path][1] == -1 and before.get(path) != after[path]:
            lines.append(f"{path} (deleted)")
        elif path not in before and after[path][0] in ("??", "!!"):
            lines.append(f"{path} (written)")
        elif before.get(path) != after[path]:
            lines.append(f"{path} (changed)")
    return lines


def pytest_configure(config: pytest.Config) -> None:
    config.stash[_BEFORE] = checkout_state(config.rootpath)


def watched_state(config: pytest.Config) -> State | None:
    """The checkout's state when this session started; None if the checkout is not watched (not a git checkout)."""
    return config.stash.get(_BEFORE, None)


@pytest.hookimpl(trylast=True)  # after the session's fixtures are torn down, which may write too
def pytest_sessionfinish(session: pytest.Session) -> None:
    before = watched_state(session.config)
    if before is None:
        return
    after = checkout_state(session.config.rootpath)
    written = written_between(before, after or {})
    if written:
        session.config.stash[_WRITTEN] = written
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


def pytest_terminal_summary(terminalreporter, config: pytest.Config) -> None:
    written = config.stash.get(_WRITTEN, [])
    if not written:
        return
    terminalreporter.section("the tests wrote into the checkout", sep="=", red=True, bold=True)
    for line in written[:SHOWN]:
        terminalreporter.line(line)
    if len(written) > SHOWN:
        terminalreporter.line(f"… and {len(written) - SHOWN} more")
    terminalreporter.line(
        f"Tests must write only into their temporary folders ({', '.join(MAY_CHANGE)} excepted). Python's "
        "bytecode goes into .venv when PYTHONPYCACHEPREFIX is set, as `make test` sets it."
    )
