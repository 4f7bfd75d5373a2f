"""One run at a time on a project: the lock of its work folder. Standard library only: the no-change path takes it.

`build`, `archive`, `publish` and each of `serve`'s rebuilds hold it while they run: two runs at once would clear
each other's scratch folders in the build cache, and swap half-made sites into place. The lock is an flock(2) on
`run.lock` in the work folder, which holds the process id of the run that has it, for the others to name. The
kernel releases it when that process ends, however it ends, so a lock left by a run that was killed is no lock.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import ReportsiteError, display_path

LOCK_FILE = "run.lock"


class RunLocked(ReportsiteError):
    """Another run holds the project's lock, and this one was asked not to wait (--no-wait)."""


class RunLock:
    """The lock of one work folder (see the module's docstring)."""

    def __init__(self, work_dir: Path) -> None:
        self.work_dir = work_dir
        self.path = work_dir / LOCK_FILE
        self._fd: int | None = None

    def acquire(self, *, wait: bool = True, on_wait: Callable[[str], None] | None = None) -> None:
        """Take the lock. When another run has it: with `wait`, tell `on_wait` so in one line and wait for it to end;
        without, raise RunLocked."""
        self.work_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                other = _holder(fd)
                where = display_path(self.work_dir) + "/"
                if not wait:
                    raise RunLocked(
                        f"another reportsite run ({other}) is using {where}; "
                        "wait for it to end, or run again without --no-wait"
                    ) from None
                if on_wait is not None:
                    on_wait(f"Waiting for another reportsite run ({other}) to finish with {where} …")
                fcntl.flock(fd, fcntl.LOCK_EX)
            # Ours now: say whose it is, for a run that comes while this one runs.
            os.ftruncate(fd, 0)
            os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        # Unlocked explicitly: a build's forked workers share the open file, and closing ours alone would leave
        # the lock held until the last of them has gone.
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


@contextmanager
def run_lock(work_dir: Path, *, wait: bool = True, on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
    """Hold the lock of `work_dir` for the duration of the `with` block (see RunLock.acquire)."""
    lock = RunLock(work_dir)
    lock.acquire(wait=wait, on_wait=on_wait)
    try:
        yield
    finally:
        lock.release()


def _holder(fd: int) -> str:
    """Which process holds the lock, as a run tells it: "process 1234"."""
    # The holder writes its id just after taking the lock: a run that comes in between reads nothing yet.
    for _ in range(50):
        text = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
        if text.isdigit():
            return f"process {text}"
        time.sleep(0.01)
    return "process unknown"
