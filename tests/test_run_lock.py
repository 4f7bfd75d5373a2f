"""One run at a time on a project: a second build, or a build during a preview's rebuild, waits for the first.

Each run takes the lock of its work folder (generator/storage/run_lock.py). A run that finds it taken says, in one
line, that it waits for the other (by its process id), and then goes on; with --no-wait it stops with status 1.
"""

from __future__ import annotations

import fcntl
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

from generator.project import Project

from .conftest import ROOT, build_arguments, digests, path_without_chromium
from .synthetic import SYNTHETIC_QUARTER, write_synthetic_content
from .test_preview import preview  # noqa: F401  # the fixture: a real `reportsite serve`

NO_CHROMIUM = {**os.environ, "PATH": "/nonexistent", "PYTHONUNBUFFERED": "1"}
LOCK_FILE = "run.lock"


def project_in(root: Path, content: Path, work_dir: Path | None = None) -> Project:
    return Project.at(
        ROOT,
        content_dir=content,
        site_dir=root / "site",
        work_dir=work_dir or root / "work",
        archive_dir=root / "no-archive",
    )


def start(*arguments: str, cwd: Path, env: dict[str, str] = NO_CHROMIUM) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "generator", *arguments],
        cwd=cwd,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def finish(process: subprocess.Popen) -> tuple[int, str, str]:
    out, err = process.communicate(timeout=300)
    return process.returncode, out, err


def held_by(work_dir: Path) -> int | None:
    """The process id in the work folder's lock while a run holds it, or None when it is free."""
    lock = work_dir / LOCK_FILE
    if not lock.is_file():
        return None
    with lock.open("rb") as stream:
        try:
            fcntl.flock(stream, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            text = lock.read_text().strip()
            return int(text) if text.isdigit() else -1
        fcntl.flock(stream, fcntl.LOCK_UN)
        return None


def test_two_builds_at_once_both_end_well_and_leave_one_complete_site(synthetic_build, tmp_path):
    # Before the lock, one of them died with a FileNotFoundError traceback from shutil.rmtree in _build_one.
    content = write_synthetic_content(tmp_path / "content")
    project = project_in(tmp_path, content)  # an empty work folder: both runs have both builds to make
    runs = [start(*build_arguments(project), "--jobs", "1", cwd=tmp_path) for _ in range(2)]
    results = [finish(run) for run in runs]
    for returncode, out, err in results:
        assert returncode == 0, err
        assert out.startswith(("Built 1 period(s)", "Nothing changed since the last build")), out
        assert "Traceback" not in err
        assert all(
            line.startswith(("Waiting for", "WARNING:")) or "looks like HTML" in line for line in err.splitlines()
        ), err
    waited = [err for _, _, err in results if "Waiting for" in err]
    assert len(waited) <= 1, "one of them waited, at most"
    # The same content, built as the session's build was: the same site, byte for byte (the session's build,
    # made in this process, has no editors' page; the command's has one).
    assert without_editors_page(digests(project.site_dir)) == digests(synthetic_build.project.site_dir)


def without_editors_page(found: dict[str, str]) -> dict[str, str]:
    return {path: digest for path, digest in found.items() if not path.startswith("admin/")}


class LockHolder:
    """Another run, as far as the lock can tell: a process that takes the work folder's lock and keeps it."""

    def __init__(self, work_dir: Path) -> None:
        code = (
            "import sys; from pathlib import Path; from generator.storage.run_lock import RunLock\n"
            f"lock = RunLock(Path({str(work_dir)!r})); lock.acquire(wait=False)\n"
            "print('held', flush=True); sys.stdin.read()\n"
        )
        self.process = subprocess.Popen(
            [sys.executable, "-c", code], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, cwd=work_dir.parent
        )
        assert self.process.stdout.readline() == "held\n"

    def release(self) -> None:
        self.process.stdin.close()
        self.process.wait(timeout=30)


def test_a_second_run_says_it_waits_for_the_first_then_goes_on(synthetic_build, tmp_path):
    content = write_synthetic_content(tmp_path / "content")
    project = project_in(tmp_path, content, synthetic_build.copy_cache(tmp_path / "work"))
    holder = LockHolder(project.work_dir)
    assert held_by(project.work_dir) == holder.process.pid

    refused = start(*build_arguments(project), "--no-wait", cwd=tmp_path)
    returncode, out, err = finish(refused)
    assert returncode == 1 and out == ""
    assert err.splitlines() == [
        f"Error: another reportsite run (process {holder.process.pid}) is using work/; "
        "wait for it to end, or run again without --no-wait"
    ]
    assert not project.site_dir.exists()

    waiting = start(*build_arguments(project), cwd=tmp_path)
    # It says so at once, and waits: the line comes while the other run still holds the lock.
    first = waiting.stderr.readline()
    assert first == (f"Waiting for another reportsite run (process {holder.process.pid}) to finish with work/ …\n")
    assert waiting.poll() is None and not project.site_dir.exists()
    holder.release()
    returncode, out, err = finish(waiting)
    assert returncode == 0, err
    assert "Traceback" not in err
    assert without_editors_page(digests(project.site_dir)) == digests(synthetic_build.project.site_dir)


def test_a_lock_left_by_a_dead_run_is_taken_over(synthetic_build, tmp_path):
    content = write_synthetic_content(tmp_path / "content")
    project = project_in(tmp_path, content, synthetic_build.copy_cache(tmp_path / "work"))
    holder = LockHolder(project.work_dir)
    holder.process.send_signal(signal.SIGKILL)  # a run killed outright leaves its lock file, with its process id
    holder.process.wait(timeout=30)
    assert (project.work_dir / LOCK_FILE).read_text().strip() == str(holder.process.pid)
    returncode, out, err = finish(start(*build_arguments(project), "--no-wait", cwd=tmp_path))
    assert returncode == 0, err
    assert "Waiting" not in err
    assert (project.site_dir / "th" / SYNTHETIC_QUARTER / "index.html").is_file()


def test_a_build_during_a_previews_rebuild_waits_for_it(preview, tmp_path):  # noqa: F811
    # The preview's rebuilds take the same lock as `build` with the same work folder.
    site = tmp_path / "built-site"
    project = Project.at(
        ROOT, content_dir=preview.content, site_dir=site, work_dir=preview.work_dir, archive_dir=tmp_path / "none"
    )
    rebuilt = len(preview.rebuilt_at)
    scorecard = preview.content / SYNTHETIC_QUARTER / "scorecard.yaml"
    scorecard.write_text(scorecard.read_text(encoding="utf-8").replace("q1: 7.25", "q1: 9.25"), encoding="utf-8")
    deadline = time.monotonic() + 60
    while held_by(preview.work_dir) != preview.process.pid:  # the preview notices the save and starts its rebuild
        assert time.monotonic() < deadline, "the preview never started its rebuild:\n" + "".join(preview.output)
        time.sleep(0.01)
    build = start(*build_arguments(project), cwd=tmp_path)
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(build.stderr), daemon=True)
    reader.start()
    build.wait(timeout=300)
    reader.join(timeout=30)
    assert build.returncode == 0, "".join(lines)
    assert "Traceback" not in "".join(lines)
    assert f"Waiting for another reportsite run (process {preview.process.pid})" in "".join(lines)
    assert (site / "en" / SYNTHETIC_QUARTER / "index.html").is_file()
    overview = (site / "en" / SYNTHETIC_QUARTER / "index.html").read_text(encoding="utf-8")
    assert "21.75" in overview and "19.75" not in overview, "the total score as saved"
    while len(preview.rebuilt_at) == rebuilt:  # the preview's own rebuild ended well too
        assert time.monotonic() < deadline and preview.process.poll() is None, "".join(preview.output)
        time.sleep(0.05)
    assert not any("Traceback" in line for line in preview.output)


def test_archive_and_publish_take_the_same_lock(tmp_path):
    content = write_synthetic_content(tmp_path / "content")
    project = project_in(tmp_path, content)
    # publish checks first that it publishes a commit of main (commands/publish.py): give it one to get to the lock.
    for git in (
        ["init", "-q", "-b", "main"],
        ["add", "content"],
        ["-c", "user.name=reportsite tests", "-c", "user.email=tests@synthetic.example.org", "commit", "-qm", "c"],
    ):
        subprocess.run(["git", *git], cwd=tmp_path, check=True)
    with_git = {**NO_CHROMIUM, "PATH": path_without_chromium(tmp_path / "bin", "git")}
    holder = LockHolder(project.work_dir)
    where = ["--project", str(ROOT), "--content", str(content), "--work-dir", str(project.work_dir)]
    expected = [
        f"Error: another reportsite run (process {holder.process.pid}) is using work/; "
        "wait for it to end, or run again without --no-wait"
    ]
    for command in (
        ["archive", *where, "--archive", str(project.archive_dir), "--no-wait", SYNTHETIC_QUARTER],
        ["publish", *where, "--archive", str(project.archive_dir), "--no-wait"],
    ):
        returncode, out, err = finish(start(*command, cwd=tmp_path, env=with_git))
        assert (returncode, err.splitlines()) == (1, expected), command
        # publish names the commit it would publish before it waits for the lock; archive says nothing.
        assert out == ("" if command[0] == "archive" else f"Publishing commit {out.split()[2]} of main (c)\n")
    holder.release()
    assert not project.archive_dir.exists(), "nothing was archived"
