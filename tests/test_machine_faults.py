"""Faults of the machine, made for real: each ends `reportsite build` with one line that names the path and
says what to do, status 1, no traceback, the previous site byte for byte, and no staging or cache debris.

A full disk is a small tmpfs, and a read-only folder a tmpfs remounted read-only: both need root (mount),
and skip, saying so, without it. A folder this user may not write is made with chmod, which root ignores:
as root, that test runs its builds as nobody (setpriv), and skips, saying so, without setpriv. A crashing
Chromium is a stub `chromium` on PATH that exits 1.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest

from generator.project import Project

from .conftest import ROOT, build_arguments, digests, path_without_chromium
from .synthetic import SYNTHETIC_QUARTER
from .test_cache_damage import faithful_copy

NO_CHROMIUM = {**os.environ, "PATH": "/nonexistent"}  # no PDFs, as the session's build


def reportsite(
    project: Project, env: dict[str, str] = NO_CHROMIUM, as_user: list[str] | None = None
) -> subprocess.CompletedProcess:
    """`reportsite build` of `project`, from the folder that holds its content (as another user: `as_user`)."""
    if as_user:  # nobody's home is the project's folder (pythainlp keeps its data in ~)
        env = {**env, "HOME": str(project.content_dir.parent)}
    return subprocess.run(
        [*(as_user or []), sys.executable, "-m", "generator", *build_arguments(project)],
        capture_output=True,
        text=True,
        cwd=project.content_dir.parent,
        env=env,
        timeout=300,
    )


def the_one_line(result: subprocess.CompletedProcess) -> str:
    """The build's failure: status 1, no traceback, and one line besides the content's and Chromium's warnings."""
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    lines = [
        line
        for line in result.stderr.splitlines()
        if "looks like HTML" not in line and not line.startswith("WARNING: Chromium was not found")
    ]
    assert len(lines) == 1, result.stderr
    [line] = lines
    assert line.startswith("Error: "), line
    return line


def assert_no_debris(project: Project) -> None:
    assert not list(project.site_dir.parent.glob(".site-*")), "no staging or retired site left"
    builds = project.cache_dir / "builds"
    assert not list(builds.glob("*/*/.building-*")), "no half-written build left"
    assert not [p for p in project.cache_dir.rglob(".*") if p.is_file()], "no half-written cache entry"


def mount_tmpfs(folder: Path, size: str) -> None:
    if os.geteuid() != 0:
        pytest.skip("mounting a tmpfs (a small disk to fill, a folder to make read-only) needs root")
    folder.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(folder)], capture_output=True)
    if mounted.returncode:
        pytest.skip(f"this machine does not let root mount a tmpfs: {mounted.stderr.decode().strip()}")


@pytest.fixture
def disk(tmp_path):
    """A small disk of its own (a tmpfs), unmounted afterwards."""
    folder = tmp_path / "disk"
    mount_tmpfs(folder, "24m")
    yield folder
    subprocess.run(["umount", "-l", str(folder)], check=True)


def copy_onto(synthetic_build, content: Path, folder: Path, as_user: list[str] | None = None) -> Project:
    """The session's synthetic build, its site and cache copied into `folder` (linked as the build links them),
    its content at `content`; built once there, so that its site and stamp are its own."""
    built = synthetic_build.project
    inodes: dict[int, Path] = {}
    faithful_copy(built.content_dir, content, {})
    faithful_copy(built.work_dir, folder / "work", inodes)
    faithful_copy(built.site_dir, folder / "site", inodes)
    project = Project.at(
        ROOT, content_dir=content, site_dir=folder / "site", work_dir=folder / "work", archive_dir=folder / "none"
    )
    if as_user:  # nobody's, for the builds run as nobody
        for path in [content.parent, *content.parent.rglob("*")]:
            os.chown(path, 65534, 65534, follow_symlinks=False)
    first = reportsite(project, as_user=as_user)
    assert first.returncode == 0, first.stderr
    # (As nobody both builds run again here: the interpreter nobody reaches reports another sys.version, which
    # every build key holds.)
    assert as_user or "0 of 2 MkDocs builds ran" in first.stdout, first.stdout
    return project


def edit_a_score(project: Project) -> None:
    """An edit that a finished build would show: both languages' builds must run again."""
    scorecard = project.content_dir / SYNTHETIC_QUARTER / "scorecard.yaml"
    text = scorecard.read_text(encoding="utf-8")
    assert "q1: 7.25" in text
    scorecard.write_text(text.replace("q1: 7.25", "q1: 8.25"), encoding="utf-8")


def test_a_full_disk_ends_the_build_in_one_line_and_leaves_the_site(synthetic_build, disk, tmp_path):
    project = copy_onto(synthetic_build, tmp_path / "content", disk)
    before = digests(project.site_dir)
    edit_a_score(project)
    # Fill the disk but for 64 KB: the new builds cannot be written.
    free = os.statvfs(disk)
    filler = disk / "filler"
    with open(filler, "wb") as stream:
        stream.truncate(0)
        stream.write(b"\0" * max(free.f_bavail * free.f_frsize - 65536, 0))

    line = the_one_line(reportsite(project))
    # Paths below the working folder (tmp_path, where the content is) are named from it.
    assert line.startswith("Error: disk/work/"), "it names the path, or its nearest folder that exists"
    assert f"(on the disk mounted at {disk}): no space left on its disk; free some space there" in line, line
    assert digests(project.site_dir) == before
    filler.unlink()
    assert_no_debris(project)

    again = reportsite(project)  # with space again, the build completes
    assert again.returncode == 0, again.stderr
    assert "2 of 2 MkDocs builds ran" in again.stdout


def test_a_read_only_folder_ends_the_build_in_one_line_and_leaves_the_site(synthetic_build, disk, tmp_path):
    # The site's folder on a file system remounted read-only (which refuses root too); the cache is writable.
    project = copy_onto(synthetic_build, tmp_path / "content", disk)
    work = tmp_path / "work"
    shutil.copytree(project.work_dir, work)
    project = Project.at(
        ROOT, content_dir=project.content_dir, site_dir=project.site_dir, work_dir=work, archive_dir=disk / "none"
    )
    before = digests(project.site_dir)
    edit_a_score(project)
    subprocess.run(["mount", "-o", "remount,ro", str(disk)], check=True)

    line = the_one_line(reportsite(project))
    assert line == (
        "Error: disk: the file system is read-only; mount it writable, or build elsewhere with --site and "
        "--work-dir, then run again"
    ), "it names the site's folder, not the staging folder it could not make"
    assert digests(project.site_dir) == before
    assert_no_debris(project)


def test_a_folder_this_user_may_not_write_ends_the_build_in_one_line(synthetic_build, tmp_path):
    # chmod binds every user but root: as root, the builds run as nobody (setpriv), in a folder of nobody's.
    as_user: list[str] = []
    folder = tmp_path
    if os.geteuid() == 0:
        if (setpriv := shutil.which("setpriv")) is None:
            pytest.skip("root writes whatever chmod forbids, and setpriv (util-linux) is missing to run as nobody")
        as_user = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]
        # nobody runs this checkout's code: a checkout below a folder of root's alone (mktemp -d makes them
        # 0700) is closed to it.
        probe = subprocess.run([*as_user, sys.executable, "-c", "import generator"], cwd="/", capture_output=True)
        if probe.returncode != 0:
            pytest.skip(f"nobody may not read this checkout ({ROOT}) to run reportsite as another user than root")
        folder = Path(tempfile.mkdtemp(prefix="reportsite-permissions-"))  # pytest's tmp_path is root's alone
    try:
        if as_user:
            os.chown(folder, 65534, 65534)
        project = copy_onto(synthetic_build, folder / "content", folder / "locked", as_user=as_user)
        before = digests(project.site_dir)
        edit_a_score(project)
        project.site_dir.parent.chmod(0o555)
        try:
            line = the_one_line(reportsite(project, as_user=as_user))
        finally:
            project.site_dir.parent.chmod(0o755)
        assert line == (
            "Error: locked: permission denied; let this user write there (or build elsewhere with --site and "
            "--work-dir), then run again"
        )
        assert digests(project.site_dir) == before
        assert_no_debris(project)
    finally:
        if as_user:
            shutil.rmtree(folder)


def test_a_crashing_chromium_leaves_the_previous_site_and_no_debris(synthetic_build, tmp_path):
    project = copy_onto(synthetic_build, tmp_path / "content", tmp_path / "project")
    before = digests(project.site_dir)
    bin_dir = tmp_path / "bin"
    path_without_chromium(bin_dir, "git")
    stub = bin_dir / "chromium"
    stub.write_text("#!/bin/sh\nexit 1\n", encoding="utf-8")
    stub.chmod(0o755)

    line = the_one_line(reportsite(project, env={**os.environ, "PATH": str(bin_dir)}))
    assert "Chromium stopped while printing a PDF edition" in line, line
    assert f"check that it runs on this machine: {stub} --headless" in line, line
    assert digests(project.site_dir) == before
    assert_no_debris(project)


def test_mkdocs_failing_on_its_own_ends_the_build_in_one_line_and_leaves_the_site(synthetic_build, tmp_path):
    # The project's own mkdocs.yml names a Markdown extension that is not installed: MkDocs itself refuses.
    root = tmp_path / "root"
    root.mkdir()
    built = copy_onto(synthetic_build, tmp_path / "content", tmp_path / "project")
    project = Project.at(
        root, content_dir=built.content_dir, site_dir=built.site_dir, work_dir=built.work_dir, archive_dir=root / "x"
    )
    before = digests(project.site_dir)
    (root / "mkdocs.yml").write_text("markdown_extensions:\n  not_an_installed_extension: {}\n", encoding="utf-8")

    line = the_one_line(reportsite(project))
    assert line.startswith("Error: MkDocs could not build "), line
    assert "Failed to load extension 'not_an_installed_extension'" in line, line
    assert line.endswith(
        f"fix what it names in {root / 'mkdocs.yml'} or the project's site_templates/, then run again"
    ), line
    assert digests(project.site_dir) == before
    assert_no_debris(project)
