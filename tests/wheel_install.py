"""Build reportsite's wheel and install it into a fresh virtualenv outside the repository.

Run as `python -m tests.wheel_install FOLDER`, from the repository: the tests start it in the background
when the session starts (conftest.py), because installing every dependency takes most of a minute, and
the test that uses it (test_install.py) waits for it. It writes FOLDER/dist/*.whl, FOLDER/venv/ and
FOLDER/log.txt, then FOLDER/status (pip's exit status), and exits with that status.

It runs at a lower priority than the tests beside it: it takes the processor time they leave (a test run
mostly keeps one of two cores busy), rather than slowing the builds and browsers that keep both busy.
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NICENESS = 10


def install(folder: Path) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "log.txt", "w", encoding="utf-8") as log:
        built = subprocess.run(
            [sys.executable, "-m", "pip", "wheel", "--no-deps", "--wheel-dir", str(folder / "dist"), str(ROOT)],
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        if built.returncode != 0:
            return built.returncode
        venv.create(folder / "venv", with_pip=True, clear=True)
        [wheel] = (folder / "dist").glob("reportsite-*.whl")
        # The same pinned versions as the project's own installs, from the package registry.
        command = [str(folder / "venv" / "bin" / "python"), "-m", "pip", "install", "--quiet"]
        command += ["--constraint", str(ROOT / "constraints.txt"), str(wheel)]
        return subprocess.run(command, stdout=log, stderr=subprocess.STDOUT).returncode


def write_status(folder: Path, status: int) -> None:
    """Write FOLDER/status, whole (by a rename): a process that waits for it reads it only once it is there."""
    scratch = folder / ".status"
    scratch.write_text(f"{status}\n", encoding="utf-8")
    os.replace(scratch, folder / "status")


if __name__ == "__main__":
    os.nice(NICENESS)  # before anything starts: pip and the processes it starts inherit it
    folder = Path(sys.argv[1])
    status = install(folder)
    write_status(folder, status)
    sys.exit(status)
