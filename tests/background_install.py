"""A pytest plugin: the wheel's fresh install (tests/wheel_install.py) runs beside the other tests.

Installing reportsite's wheel and every dependency into a new virtualenv takes most of a minute, nearly
all of it waiting on pip: started when the tests are collected, it runs at a lower priority on whatever
processor time the session leaves, and the fixture `installed_wheel` waits for it to finish.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT_SECONDS = 900
_started: tuple[subprocess.Popen[bytes], Path] | None = None


def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    global _started
    if _started is None and any("installed_wheel" in getattr(item, "fixturenames", ()) for item in items):
        folder = Path(tempfile.mkdtemp(prefix="reportsite-wheel-"))
        # In a process group of its own, so that pip and the processes it starts can be reached together.
        process = subprocess.Popen(
            [sys.executable, "-m", "tests.wheel_install", str(folder)], cwd=ROOT, process_group=0
        )
        _started = (process, folder)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if _started is not None:
        process, folder = _started
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def installed_wheel() -> Iterator[Path]:
    """A fresh virtualenv, outside the repository, with reportsite's wheel and its dependencies installed."""
    assert _started is not None, "the install starts when a test that needs it is collected"
    process, folder = _started
    if process.poll() is None:
        # The session now waits for it: back to the normal priority, where the system allows that (raising a
        # priority needs privileges that a CI runner's user may lack; the install then finishes as it is).
        with contextlib.suppress(OSError):
            os.setpriority(os.PRIO_PGRP, process.pid, 0)
    process.wait(timeout=TIMEOUT_SECONDS)
    log = (folder / "log.txt").read_text(encoding="utf-8", errors="replace") if (folder / "log.txt").exists() else ""
    assert process.returncode == 0, f"building or installing the wheel failed:\n{log[-3000:]}"
    yield folder / "venv"
