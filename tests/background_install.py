"""A pytest plugin: the wheel's fresh install (tests/wheel_install.py) runs beside the other tests.

Installing reportsite's wheel and every dependency into a new virtualenv takes most of a minute, nearly
all of it waiting on pip: started when the session starts, it runs at a lower priority on whatever
processor time the tests leave, and the fixture `installed_wheel` waits for it to finish.

With pytest-xdist (as `make test` runs the tests, in two worker processes), the controller starts the
install, once, and tells the workers where it is (REPORTSITE_WHEEL_FOLDER): whichever worker runs the test
that needs it waits for the status file the install writes last. Without xdist, the session starts it
itself when it collects a test that needs it.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TIMEOUT_SECONDS = 900
FOLDER_VARIABLE = "REPORTSITE_WHEEL_FOLDER"
_started: tuple[subprocess.Popen[bytes], Path] | None = None


def _start() -> Path:
    global _started
    folder = Path(tempfile.mkdtemp(prefix="reportsite-wheel-"))
    # In a process group of its own, so that pip and the processes it starts can be reached together.
    process = subprocess.Popen([sys.executable, "-m", "tests.wheel_install", str(folder)], cwd=ROOT, process_group=0)
    _started = (process, folder)
    return folder


def _is_xdist_controller(config: pytest.Config) -> bool:
    return not hasattr(config, "workerinput") and bool(getattr(config.option, "numprocesses", None))


def _selects_the_install_test(config: pytest.Config) -> bool:
    """Whether the session's paths take in tests/test_install.py (the whole suite does)."""
    install_test = ROOT / "tests" / "test_install.py"
    paths = [Path(arg.split("::")[0]).resolve() for arg in config.args] or [ROOT / "tests"]
    return any(path == install_test or path in install_test.parents for path in paths)


def pytest_configure(config: pytest.Config) -> None:
    # Before the workers start: they inherit the variable that says where the install is.
    if _is_xdist_controller(config) and _selects_the_install_test(config):
        os.environ[FOLDER_VARIABLE] = str(_start())


def pytest_collection_modifyitems(session: pytest.Session, config: pytest.Config, items: list[pytest.Item]) -> None:
    if FOLDER_VARIABLE in os.environ or _started is not None:
        return
    if any("installed_wheel" in getattr(item, "fixturenames", ()) for item in items):
        _start()


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
    if _started is not None:
        process, folder = _started
        if process.poll() is None:
            # The session now waits for it: back to the normal priority, where the system allows that (raising a
            # priority needs privileges that a CI runner's user may lack; the install then finishes as it is).
            with contextlib.suppress(OSError):
                os.setpriority(os.PRIO_PGRP, process.pid, 0)
        process.wait(timeout=TIMEOUT_SECONDS)
    else:
        assert FOLDER_VARIABLE in os.environ, "the install starts when the session starts"
        folder = Path(os.environ[FOLDER_VARIABLE])
        _wait_for(folder / "status")  # the controller's install, which another process started
    log = (folder / "log.txt").read_text(encoding="utf-8", errors="replace") if (folder / "log.txt").exists() else ""
    status = (folder / "status").read_text(encoding="utf-8").strip() if (folder / "status").exists() else "?"
    assert status == "0", f"building or installing the wheel failed (status {status}):\n{log[-3000:]}"
    yield folder / "venv"


def _wait_for(path: Path) -> None:
    """Wait until `path` exists: the install writes its status file last, whole, by a rename."""
    deadline = time.monotonic() + TIMEOUT_SECONDS
    while not path.exists():
        if time.monotonic() > deadline:
            pytest.fail(f"the wheel's install did not finish in {TIMEOUT_SECONDS} s")
        time.sleep(0.2)  # polling a file another process writes: there is no event to wait on
