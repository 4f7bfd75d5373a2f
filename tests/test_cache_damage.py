"""A damaged build cache never reaches the site: it is found, dropped and made again.

Each test damages a copy of the session's synthetic build for real (a byte flipped in an object, a stamp
cut short, a file gone from a cached build) and runs `reportsite build` as an editor would. Since `site/`
hard-links the cache's objects, a byte flipped in an object is flipped in the old site too: the next build
must give the site as it was before the damage, byte for byte, which only a build of the damaged parts can.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from generator.project import Project
from generator.storage.build_cache import MANIFEST_SUFFIX, BuildCache, ValidationCache

from .conftest import build_arguments, digests
from .synthetic import SYNTHETIC_QUARTER

NO_CHROMIUM = {**os.environ, "PATH": "/nonexistent"}  # as the session's build: no PDFs


def faithful_copy(source: Path, target: Path, inodes: dict[int, Path]) -> None:
    """Copy `source` to `target` with new files, linked among themselves (and with earlier calls sharing
    `inodes`) as the originals are: damage to the copy stays in the copy, and reaches what it would."""
    for folder, _, names in os.walk(source):
        destination = target / Path(folder).relative_to(source)
        destination.mkdir(parents=True, exist_ok=True)
        for name in names:
            original = Path(folder) / name
            inode = original.stat().st_ino
            if inode in inodes:
                os.link(inodes[inode], destination / name)
            else:
                destination.joinpath(name).write_bytes(original.read_bytes())
                os.utime(destination / name, ns=(original.stat().st_atime_ns, original.stat().st_mtime_ns))
                inodes[inode] = destination / name


@pytest.fixture
def project(synthetic_build, tmp_path) -> Project:
    """A copy of the session's synthetic build (content, cache and site) that a test may damage."""
    built = synthetic_build.project
    inodes: dict[int, Path] = {}
    faithful_copy(built.content_dir, tmp_path / "content", inodes)
    faithful_copy(built.work_dir, tmp_path / "work", inodes)
    faithful_copy(built.site_dir, tmp_path / "site", inodes)
    project = Project.at(
        built.root,
        content_dir=tmp_path / "content",
        site_dir=tmp_path / "site",
        work_dir=tmp_path / "work",
        archive_dir=tmp_path / "no-archive",
    )
    first = reportsite(project)  # the copy's own stamp, for its site folder
    assert first.returncode == 0, first.stderr
    assert "0 of 2 MkDocs builds ran" in first.stdout, "the copy's cache serves the copy"
    return project


def reportsite(project: Project, *arguments: str, command: str = "build") -> subprocess.CompletedProcess:
    args = build_arguments(project)
    if command != "build":
        args = [command, "--project", str(project.root), "--work-dir", str(project.work_dir), "--archive"]
        args.append(str(project.archive_dir))
    return subprocess.run(
        [sys.executable, "-m", "generator", *args, *arguments],
        capture_output=True,
        text=True,
        cwd=project.site_dir.parent,
        env=NO_CHROMIUM,
        timeout=300,
    )


def object_of(project: Project, path: Path) -> Path:
    """The cache's object that a file of the site is a hard link to."""
    stored = project.cache_dir / "objects"
    [found] = [p for p in stored.rglob("*") if p.is_file() and p.stat().st_ino == path.stat().st_ino]
    return found


def flip_a_byte(path: Path, *, keep_mtime: bool) -> None:
    """Change one byte in place (as a failing disk or a stray write would), keeping the mtime if asked."""
    stat = path.stat()
    with open(path, "r+b") as stream:
        stream.seek(stat.st_size // 2)
        byte = stream.read(1)
        stream.seek(stat.st_size // 2)
        stream.write(bytes([byte[0] ^ 0x01]))
    if keep_mtime:
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def stamp_of(project: Project) -> Path:
    """The stamp of the copy's own site folder (the cache holds the original's too)."""
    stamp = BuildCache(project.cache_dir)._stamp_file(project.site_dir)
    assert stamp.is_file()
    return stamp


def assert_no_debris(project: Project) -> None:
    assert not list(project.site_dir.parent.glob(".site-*")), "no staging or retired site left"
    assert not list((project.cache_dir / "builds").glob("*/*/.building-*")), "no half-written build left"
    assert not [p for p in (project.cache_dir / "objects").rglob(".*") if p.is_file()], "no half-stored object"


def assert_objects_match_their_names(project: Project) -> None:
    for stored in (project.cache_dir / "objects").rglob("*"):
        if stored.is_file():
            assert hashlib.sha256(stored.read_bytes()).hexdigest() == stored.parent.name + stored.name, stored


def test_a_flipped_byte_in_an_object_and_a_truncated_stamp_never_reach_the_site(project):
    before = digests(project.site_dir)
    page = project.site_dir / "th" / SYNTHETIC_QUARTER / "index.html"
    stored = object_of(project, page)
    # The hardest case for cheap checks: the same size, the same mtime; and the stamp cut in half.
    flip_a_byte(stored, keep_mtime=True)
    assert digests(project.site_dir) != before, "the old site links the damaged object"
    stamp = stamp_of(project)
    stamp.write_bytes(stamp.read_bytes()[: stamp.stat().st_size // 2])

    result = reportsite(project)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert f"the cached build of th/{SYNTHETIC_QUARTER} is damaged ({project.cache_dir}" in result.stderr
    assert "1 of 2 MkDocs builds ran, 1 were unchanged and reused" in result.stdout
    assert digests(project.site_dir) == before
    assert_objects_match_their_names(project)
    assert_no_debris(project)
    again = reportsite(project)
    assert "Nothing changed since the last build" in again.stdout, again.stderr


def test_a_damaged_record_of_what_the_files_rendered_makes_the_build_render_them_again(project):
    # Each build's content files lead to the key of what they rendered (BuildCache.rendered_key): a record cut
    # short, and one that names no build, are both rendered again, and the builds found by what they render.
    before = digests(project.site_dir)
    records = sorted(path for path in (project.cache_dir / "rendered").rglob("*") if path.is_file())
    assert len(records) == 2, records
    keys = [record.read_text(encoding="ascii") for record in records]
    records[0].write_bytes(records[0].read_bytes()[:10])
    records[1].write_text("0" * 64, encoding="ascii")
    stamp = stamp_of(project)
    stamp.write_bytes(stamp.read_bytes()[:10])  # so that the build runs

    result = reportsite(project)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "0 of 2 MkDocs builds ran, 2 were unchanged and reused" in result.stdout
    assert digests(project.site_dir) == before
    assert [record.read_text(encoding="ascii") for record in records] == keys
    assert_no_debris(project)


def test_a_byte_written_into_the_site_in_place_is_seen_by_the_no_change_check(project):
    # A write in place changes the file's mtime: the no-change check, which reads no file, sees it, and the
    # build that follows hashes the cached builds it reuses.
    before = digests(project.site_dir)
    flip_a_byte(project.site_dir / "en" / SYNTHETIC_QUARTER / "index.html", keep_mtime=False)

    result = reportsite(project)
    assert result.returncode == 0, result.stderr
    assert "Nothing changed" not in result.stdout
    assert f"the cached build of en/{SYNTHETIC_QUARTER} is damaged" in result.stderr
    assert digests(project.site_dir) == before
    assert_objects_match_their_names(project)
    assert_no_debris(project)


def test_a_file_added_to_or_removed_from_the_site_is_seen_by_the_no_change_check(project):
    before = digests(project.site_dir)
    (project.site_dir / "en" / SYNTHETIC_QUARTER / "index.html").unlink()
    result = reportsite(project)
    assert "Nothing changed" not in result.stdout and result.returncode == 0, result.stderr
    assert "0 of 2 MkDocs builds ran" in result.stdout, "the cache itself was intact"
    assert digests(project.site_dir) == before

    (project.site_dir / "en" / "stray.html").write_text("not built", encoding="utf-8")
    result = reportsite(project)
    assert "Nothing changed" not in result.stdout and result.returncode == 0, result.stderr
    assert digests(project.site_dir) == before


def test_a_half_written_cache_entry_is_built_again(project):
    before = digests(project.site_dir)
    [th_build] = (project.cache_dir / "builds" / "th" / SYNTHETIC_QUARTER).glob(f"*{MANIFEST_SUFFIX}")
    th_folder = th_build.with_name(th_build.name.removesuffix(MANIFEST_SUFFIX))
    [en_build] = (project.cache_dir / "builds" / "en" / SYNTHETIC_QUARTER).glob(f"*{MANIFEST_SUFFIX}")
    en_folder = en_build.with_name(en_build.name.removesuffix(MANIFEST_SUFFIX))
    # Thai: a file gone, and one cut short (a new file of the first half, as a crash before the data reached
    # the disk leaves it); English: the build without its manifest.
    (th_folder / "search" / "search_index.json").unlink()
    short = th_folder / "index.html"
    data = short.read_bytes()
    short.unlink()
    short.write_bytes(data[: len(data) // 2])
    en_build.unlink()
    stamp_of(project).unlink()

    result = reportsite(project)
    assert result.returncode == 0, result.stderr
    assert f"the cached build of th/{SYNTHETIC_QUARTER} is damaged ({th_folder}/" in result.stderr
    assert "and 1 more); building it again" in result.stderr
    assert f"its manifest ({en_folder.name}{MANIFEST_SUFFIX}) is missing or unreadable" in result.stderr
    assert "2 of 2 MkDocs builds ran" in result.stdout
    assert digests(project.site_dir) == before
    assert_no_debris(project)


def test_verify_cache_names_each_damaged_entry_and_removes_it_for_the_next_build(project):
    clean = reportsite(project, "--cache", command="verify")
    assert clean.returncode == 0, clean.stderr
    assert "The build cache is intact" in clean.stdout

    before = digests(project.site_dir)
    stored = object_of(project, project.site_dir / "en" / SYNTHETIC_QUARTER / "index.html")
    flip_a_byte(stored, keep_mtime=True)
    [checked, *_] = sorted((project.cache_dir / "validation").glob("*/*.pickle"))
    flip_a_byte(checked, keep_mtime=True)
    stamp = stamp_of(project)
    stamp.write_bytes(stamp.read_bytes()[:10])

    damaged = reportsite(project, "--cache", command="verify")
    assert damaged.returncode == 1
    assert "Traceback" not in damaged.stderr
    lines = damaged.stderr.splitlines()
    assert f"{stored}: its bytes no longer match its name, removed" in lines
    assert f"{checked}: a checked content file whose bytes no longer match its digest, removed" in lines
    assert f"{stamp}: a stamp that does not read whole, removed" in lines
    assert any(line.endswith("its bytes have changed, so the build was removed") for line in lines), lines
    assert lines[-1].startswith("Error: ") and lines[-1].endswith("the next build makes them again.")

    again = reportsite(project, "--cache", command="verify")
    assert again.returncode == 0, again.stderr
    rebuilt = reportsite(project)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "1 of 2 MkDocs builds ran" in rebuilt.stdout
    assert digests(project.site_dir) == before
    assert_objects_match_their_names(project)


def test_a_checked_content_file_with_a_flipped_byte_is_checked_again(tmp_path):
    cache = ValidationCache(tmp_path / "validation")
    source = tmp_path / "quarter.yaml"
    cache.put(source, b"data", "Model", {"value": 1234})
    assert cache.get(source, b"data", "Model") == {"value": 1234}
    [stored] = (tmp_path / "validation").glob("*/*.pickle")
    payload = stored.read_bytes()
    # The digit 1 of 1234 becomes 0: a pickle that still loads, to another value, unless its digest is checked.
    stored.write_bytes(payload.replace(b"\xd2\x04", b"\xd3\x04"))
    assert stored.read_bytes() != payload
    assert cache.get(source, b"data", "Model") is None


def test_verify_cache_without_a_cache_says_so_and_makes_no_work_folder(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "generator", "verify", "--cache", "--project", str(tmp_path)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "There is no build cache to check in build/cache/."
    assert list(tmp_path.iterdir()) == []
