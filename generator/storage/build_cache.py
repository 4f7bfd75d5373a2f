"""What a build keeps in `<work dir>/cache/` (`build/cache/` by default) so that the next build does only what changed.

- `validation/`: each content file's checked model and problems, under the
  hash of its bytes, its path and the generator's code. A long archive is
  then loaded in a fraction of the time it takes to parse and check.
- `builds/<language>/<period>/<key>/`: the output of one MkDocs build. The key
  hashes everything that build reads (see commands/build.py), so an edit rebuilds the
  periods it touches and no other. A build enters the cache whole, by an
  atomic rename, or not at all.
- `objects/`: every built file once, by SHA-256. Cached builds hold hard links
  to these, and `site/` hard links to the cached builds, so Material's theme
  assets (the same bytes in every period) take their space once, on disk and
  in the site, while each period's folder keeps every file it had: the bytes
  a reader downloads, and a frozen period's, stay exactly what they were.
- `stamps/`: for each site folder, the fingerprint of the inputs it was built
  from, and the warnings printed then; see `up_to_date`.
- `fonts/`: the Sarabun subsets made before, kept and read by the engine itself
  (engine/fonts.py), by what they were made from and their own hash.

Standard library only, as the no-change path runs through here.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from .fingerprint import Hasher, code_version

KEEP_BUILDS = 2  # per period and language: e.g. `make site` and `serve`, whose base URLs differ


class ValidationCache:
    """Checked content files, by the hash of their bytes, path and the generator's code."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def _path(self, file: Path, data: bytes, model_name: str) -> Path:
        key = (
            Hasher("validation")
            .add("code", code_version())
            .add("file", str(file))
            .add("model", model_name)
            .add("bytes", data)
            .hexdigest()
        )
        return self.folder / key[:2] / f"{key[2:]}.pickle"

    def get(self, file: Path, data: bytes, model_name: str) -> Any | None:
        try:
            with open(self._path(file, data, model_name), "rb") as stream:
                return pickle.load(stream)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError):
            return None  # absent, or written by other code: check the file again

    def put(self, file: Path, data: bytes, model_name: str, value: Any) -> None:
        path = self._path(file, data, model_name)
        _write_atomically(path, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))


class BuildCache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.builds = folder / "builds"
        self.objects = folder / "objects"
        self.validation = ValidationCache(folder / "validation")

    # --- period × language builds ---------------------------------------

    def build_dir(self, language: str, period: str, key: str) -> Path:
        return self.builds / language / period / key

    def has(self, language: str, period: str, key: str) -> bool:
        return self.build_dir(language, period, key).is_dir()

    def scratch_dir(self, language: str, period: str, key: str) -> Path:
        """An empty folder for a build to write into; `add` moves it into the cache."""
        scratch = self.builds / language / period / f".building-{key}-{os.getpid()}"
        if scratch.exists():
            shutil.rmtree(scratch)
        scratch.parent.mkdir(parents=True, exist_ok=True)
        return scratch

    def clear_scratch(self, language: str, period: str) -> None:
        """Remove what killed builds of a period left half-written (call before building it again)."""
        for stale in (self.builds / language / period).glob(".building-*"):
            if not _alive(stale.name.rsplit("-", 1)[-1]):  # never pull a folder from under a running build
                shutil.rmtree(stale, ignore_errors=True)

    def add(self, language: str, period: str, key: str, built: Path) -> Path:
        """Move a finished build into the cache, its files stored once, and drop older builds beyond KEEP_BUILDS."""
        self.store_once(built)
        target = self.build_dir(language, period, key)
        if target.exists():
            shutil.rmtree(built)
        else:
            os.replace(built, target)
        os.utime(target)  # most recently used
        older = sorted(
            (p for p in target.parent.iterdir() if p.is_dir() and not p.name.startswith(".")),
            key=lambda p: p.stat().st_mtime_ns,
            reverse=True,
        )[KEEP_BUILDS:]
        for stale in older:
            shutil.rmtree(stale, ignore_errors=True)
        return target

    def use(self, language: str, period: str, key: str, target: Path) -> None:
        """Put a cached build at `target`, as hard links (or copies, across file systems)."""
        source = self.build_dir(language, period, key)
        os.utime(source)
        link_tree(source, target)

    # --- files stored once -------------------------------------------------

    def store_once(self, folder: Path, digests: dict[str, str] | None = None) -> None:
        """Make each file under `folder` a hard link to its object, adding the objects that are new.

        `digests` gives known SHA-256s by relative path (an archive's manifest), to save hashing.
        """
        for path in _files(folder):
            relative = path.relative_to(folder).as_posix()
            digest = (digests or {}).get(relative) or hashlib.sha256(path.read_bytes()).hexdigest()
            stored = self.objects / digest[:2] / digest[2:]
            try:
                if stored.exists():
                    if not os.path.samefile(stored, path):
                        temporary = path.with_name(f".{path.name}.link")
                        os.link(stored, temporary)
                        os.replace(temporary, path)
                else:
                    stored.parent.mkdir(parents=True, exist_ok=True)
                    os.link(path, stored)
                    # Shared by every link: guard against writes in place (for users who are not root).
                    stored.chmod(0o444)
            except OSError:
                return  # a file system without hard links: every file keeps its own copy

    def collect_garbage(self) -> int:
        """Remove objects that no cached build or site links to any more. Return how many."""
        removed = 0
        for stored in _files(self.objects):
            if stored.stat().st_nlink == 1:
                stored.unlink()
                removed += 1
        return removed

    # --- the whole site ----------------------------------------------------

    def _stamp_file(self, site_dir: Path) -> Path:
        return self.folder / "stamps" / f"{hashlib.sha256(str(site_dir).encode()).hexdigest()[:16]}.json"

    def up_to_date(self, site_dir: Path, fingerprint: str) -> list[str] | None:
        """The warnings of the build that made `site_dir`, if it was built from exactly these inputs; else None."""
        try:
            stamp = json.loads(self._stamp_file(site_dir).read_text(encoding="utf-8"))
            stat = site_dir.stat()
        except (OSError, ValueError):
            return None
        if stamp.get("fingerprint") != fingerprint or stamp.get("site") != [stat.st_ino, stat.st_mtime_ns]:
            return None  # other inputs, or the site folder was replaced or touched since
        return list(stamp.get("warnings", []))

    def record(self, site_dir: Path, fingerprint: str, warnings: Iterable[str]) -> None:
        stat = site_dir.stat()
        stamp = {"fingerprint": fingerprint, "site": [stat.st_ino, stat.st_mtime_ns], "warnings": list(warnings)}
        _write_atomically(self._stamp_file(site_dir), json.dumps(stamp, ensure_ascii=False).encode())


def link_tree(source: Path, target: Path) -> None:
    """Recreate `source` at `target` with hard links to its files (copies where links are impossible)."""
    for folder, _, names in os.walk(source):
        destination = target / Path(folder).relative_to(source)
        destination.mkdir(parents=True, exist_ok=True)
        for name in names:
            try:
                os.link(Path(folder) / name, destination / name)
            except OSError:
                shutil.copyfile(Path(folder) / name, destination / name)


def _alive(pid: str) -> bool:
    """Whether process `pid` still runs (a zombie, dead but not yet reaped, does not)."""
    try:
        os.kill(int(pid), 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:
        return True
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except (OSError, IndexError):
        return True


def _files(folder: Path) -> Iterable[Path]:
    for parent, _, names in os.walk(folder):
        for name in names:
            yield Path(parent) / name


def _write_atomically(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}")
    temporary.write_bytes(data)
    os.replace(temporary, path)
