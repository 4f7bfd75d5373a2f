"""What a build keeps in `<work dir>/cache/` (`build/cache/` by default) so that the next build does only what changed.

- `validation/`: each content file's checked model and problems, under the
  hash of its bytes, its path and the generator's code. A long archive is
  then loaded in a fraction of the time it takes to parse and check.
- `builds/<language>/<period>/<key>/`: the output of one MkDocs build. The key
  hashes everything that build reads (see commands/build.py), so an edit rebuilds the
  periods it touches and no other. A build enters the cache whole, by an
  atomic rename, or not at all, after `<key>.files.json`, its manifest: the
  SHA-256 and size of every file it holds.
- `objects/`: every built file once, by SHA-256. Cached builds hold hard links
  to these, and `site/` hard links to the cached builds, so Material's theme
  assets (the same bytes in every period) take their space once, on disk and
  in the site, while each period's folder keeps every file it had: the bytes
  a reader downloads, and a frozen period's, stay exactly what they were.
- `stamps/`: for each site folder, the fingerprint of the inputs it was built
  from, the size and mtime of every file it holds, and the warnings printed
  then; see `up_to_date`.
- `fonts/`: the Sarabun subsets made before, kept and read by the engine itself
  (engine/fonts.py), by what they were made from and their own hash.

Damage never reaches a site: a build is used only while every file of its
manifest is there with its size and its SHA-256 (hashed once per inode and
run), an object is linked only while its bytes match its name (else the new
file takes its place), a checked content file only while its pickle matches the
digest written before it, and a stamp only while it reads whole and the site
holds files of the paths, sizes and mtimes it recorded (the no-change check
reads no file's bytes: a byte changed under the same size and mtime is found
by the next build that runs past it, or by `verify_cache`). What fails a
check is dropped and made again.
`verify_cache` (`reportsite verify --cache`) checks the whole cache at once.

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
KEEP_KEYS = 16  # per period and language: the states of its files whose rendered key is remembered
MANIFEST_SUFFIX = ".files.json"  # beside each cached build: {"files": {relative path: [sha256, size]}}
_PICKLE_DIGEST = 32  # a checked content file's pickle is stored after its own SHA-256


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
            return _unpickle(self._path(file, data, model_name).read_bytes())
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError):
            return None  # absent, damaged, or written by other code: check the file again

    def put(self, file: Path, data: bytes, model_name: str, value: Any) -> None:
        path = self._path(file, data, model_name)
        payload = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
        _write_atomically(path, hashlib.sha256(payload).digest() + payload)


def _unpickle(stored: bytes) -> Any:
    """The value of a stored pickle, if its bytes still match the digest written before them."""
    digest, payload = stored[:_PICKLE_DIGEST], stored[_PICKLE_DIGEST:]
    if hashlib.sha256(payload).digest() != digest:
        raise ValueError("damaged")
    return pickle.loads(payload)


class BuildCache:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.builds = folder / "builds"
        self.objects = folder / "objects"
        self.validation = ValidationCache(folder / "validation")
        # The SHA-256 of each file hashed in this run, by device, inode, size and mtime: a file that many
        # builds link (Material's assets) is read once.
        self._digests: dict[tuple[int, int, int, int], str | None] = {}

    # --- period × language builds ---------------------------------------

    def build_dir(self, language: str, period: str, key: str) -> Path:
        return self.builds / language / period / key

    def _manifest(self, language: str, period: str, key: str) -> Path:
        return self.builds / language / period / f"{key}{MANIFEST_SUFFIX}"

    def damage(self, language: str, period: str, key: str) -> list[str]:
        """What is wrong with a cached build, one line each: a file of its manifest missing, of another size,
        or with other bytes, or the manifest itself unreadable. Hashes each file (once per inode and run)."""
        folder = self.build_dir(language, period, key)
        try:
            files = json.loads(self._manifest(language, period, key).read_bytes())["files"]
            entries = [(name, str(digest), int(size)) for name, (digest, size) in files.items()]
        except (OSError, ValueError, KeyError, TypeError):
            return [f"{folder}: its manifest ({key}{MANIFEST_SUFFIX}) is missing or unreadable"]
        found = []
        for name, digest, size in entries:
            path = folder / name
            try:
                actual = path.stat().st_size
            except OSError:
                found.append(f"{path}: missing")
                continue
            if actual != size:
                found.append(f"{path}: {actual} bytes instead of {size}")
            elif self.digest(path) != digest:
                found.append(f"{path}: its bytes have changed")
                self._drop_object_if_damaged(digest)
        return found

    def discard(self, language: str, period: str, key: str) -> None:
        """Remove a cached build and its manifest."""
        self._manifest(language, period, key).unlink(missing_ok=True)
        shutil.rmtree(self.build_dir(language, period, key), ignore_errors=True)

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
        files = self.store_once(built)
        target = self.build_dir(language, period, key)
        if target.exists():
            shutil.rmtree(built)
        else:
            # The manifest first: a build in the cache without one is not trusted, and is built again.
            manifest = {"files": {name: list(entry) for name, entry in files.items()}}
            _write_atomically(self._manifest(language, period, key), json.dumps(manifest).encode())
            os.replace(built, target)
        os.utime(target)  # most recently used
        older = sorted(
            (p for p in target.parent.iterdir() if p.is_dir() and not p.name.startswith(".")),
            key=lambda p: p.stat().st_mtime_ns,
            reverse=True,
        )[KEEP_BUILDS:]
        for stale in older:
            self.discard(language, period, stale.name)
        return target

    # A build is cached under the key of what it renders (its pages, the key's own part; see commands/build.py),
    # which only rendering tells. The key of the content files it reads leads there, as the last run that
    # rendered them found: so a run renders only the periods whose files changed, and builds only those whose
    # pages did (an edit to one language's text leaves the other's build as it was).

    def rendered_key(self, language: str, period: str, files_key: str) -> str | None:
        """The key of the build that the files under `files_key` rendered, when a run recorded it; else None."""
        try:
            key = (self.folder / "rendered" / language / period / files_key).read_text(encoding="ascii")
        except (OSError, ValueError):
            return None
        return key if len(key) == 64 and all(c in "0123456789abcdef" for c in key) else None  # else damaged

    def remember_rendered_key(self, language: str, period: str, files_key: str, key: str) -> None:
        """Record which build the files under `files_key` render (`rendered_key`); keep the latest KEEP_KEYS."""
        folder = self.folder / "rendered" / language / period
        _write_atomically(folder / files_key, key.encode("ascii"))
        older = sorted(
            (path for path in folder.iterdir() if not path.name.startswith(".")),
            key=lambda path: path.stat().st_mtime_ns,
            reverse=True,
        )[KEEP_KEYS:]
        for stale in older:
            stale.unlink(missing_ok=True)

    def use(self, language: str, period: str, key: str, target: Path) -> None:
        """Put a cached build at `target`, as hard links (or copies, across file systems); check it first (`damage`)."""
        source = self.build_dir(language, period, key)
        os.utime(source)
        link_tree(source, target)

    # --- files stored once -------------------------------------------------

    def digest(self, path: Path) -> str | None:
        """The SHA-256 of a file's bytes (None if it cannot be read), hashed once per inode, size and mtime."""
        try:
            stat = path.stat()
        except OSError:
            return None
        identity = (stat.st_dev, stat.st_ino, stat.st_size, stat.st_mtime_ns)
        if identity not in self._digests:
            try:
                with open(path, "rb") as stream:
                    self._digests[identity] = hashlib.file_digest(stream, "sha256").hexdigest()
            except OSError:
                self._digests[identity] = None
        return self._digests[identity]

    def _object(self, digest: str) -> Path:
        return self.objects / digest[:2] / digest[2:]

    def _drop_object_if_damaged(self, digest: str) -> bool:
        """Remove the object named `digest` if its bytes no longer match the name; whether it did."""
        stored = self._object(digest)
        if stored.exists() and self.digest(stored) != digest:
            stored.unlink(missing_ok=True)
            return True
        return False

    def store_once(self, folder: Path, digests: dict[str, str] | None = None) -> dict[str, tuple[str, int]]:
        """Make each file under `folder` a hard link to its object, adding the objects that are new; return
        each file's SHA-256 and size, by relative path.

        `digests` gives known SHA-256s by relative path (an archive's manifest), to save hashing. An object
        whose bytes no longer match its name is never linked: the file takes its place.
        """
        files: dict[str, tuple[str, int]] = {}
        links = True
        for path in _files(folder):
            relative = path.relative_to(folder).as_posix()
            digest = (digests or {}).get(relative) or self.digest(path) or ""
            files[relative] = (digest, path.stat().st_size)
            if not links:
                continue
            stored = self._object(digest)
            try:
                if stored.exists() and os.path.samefile(stored, path):
                    continue
                if stored.exists() and self.digest(stored) == digest:
                    temporary = path.with_name(f".{path.name}.link")
                    os.link(stored, temporary)
                    os.replace(temporary, path)
                else:  # new, or damaged: this file becomes the object
                    stored.parent.mkdir(parents=True, exist_ok=True)
                    temporary = stored.with_name(f".{stored.name}.{os.getpid()}")
                    os.link(path, temporary)
                    os.replace(temporary, stored)
                    # Shared by every link: guard against writes in place (for users who are not root).
                    stored.chmod(0o444)
            except OSError:
                links = False  # a file system without hard links: every file keeps its own copy
        return files

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
        """The warnings of the build that made `site_dir`, if it was built from exactly these inputs and still
        holds the files it was built with (each path, size and mtime as then); else None."""
        try:
            stamp = json.loads(self._stamp_file(site_dir).read_text(encoding="utf-8"))
            stat = site_dir.stat()
            if stamp.get("fingerprint") != fingerprint or stamp.get("site") != [stat.st_ino, stat.st_mtime_ns]:
                return None  # other inputs, or the site folder was replaced or touched since
            if stamp.get("files") != tree_state(site_dir):
                return None  # a file of the site was written, added or removed since
            return [str(warning) for warning in stamp["warnings"]]
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return None  # no stamp, or a damaged one: build

    def record(self, site_dir: Path, fingerprint: str, warnings: Iterable[str]) -> None:
        stat = site_dir.stat()
        stamp = {
            "fingerprint": fingerprint,
            "site": [stat.st_ino, stat.st_mtime_ns],
            "files": tree_state(site_dir),
            "warnings": list(warnings),
        }
        _write_atomically(self._stamp_file(site_dir), json.dumps(stamp, ensure_ascii=False).encode())


def verify_cache(folder: Path) -> tuple[list[str], int]:
    """Check the whole cache at `folder`, dropping what is damaged so that the next build makes it again.

    Every object is hashed against its name, every cached build against its manifest, every checked content
    file against its digest and every stamp read; what a killed build left half-written is removed. Returns
    a line for each damaged entry, and how many entries were checked. When any object or build was damaged,
    every stamp goes too: the next build then checks what it reuses, instead of trusting its site.
    """
    cache = BuildCache(folder)
    found: list[str] = []
    checked = 0
    for stored in sorted(_files(cache.objects)):
        checked += 1
        name = stored.parent.name + stored.name
        if stored.name.startswith("."):
            found.append(f"{stored}: half-written object, removed")
            stored.unlink(missing_ok=True)
        elif cache.digest(stored) != name:
            found.append(f"{stored}: its bytes no longer match its name, removed")
            stored.unlink(missing_ok=True)
    for period_dir in sorted(p for p in cache.builds.glob("*/*") if p.is_dir()):
        language, period = period_dir.parent.name, period_dir.name
        for entry in sorted(period_dir.iterdir()):
            if entry.name.startswith(".building-"):
                if not _alive(entry.name.rsplit("-", 1)[-1]):
                    found.append(f"{entry}: left half-written by a build that stopped, removed")
                    shutil.rmtree(entry, ignore_errors=True)
            elif entry.is_dir():
                checked += 1
                if damage := cache.damage(language, period, entry.name):
                    found += [f"{line}, so the build was removed" for line in damage]
                    cache.discard(language, period, entry.name)
            elif (
                entry.name.endswith(MANIFEST_SUFFIX) and not (period_dir / entry.name[: -len(MANIFEST_SUFFIX)]).is_dir()
            ):
                entry.unlink(missing_ok=True)  # a build's manifest left without its build: harmless, and tidied
    for checked_file in sorted(cache.validation.folder.glob("*/*.pickle")):
        checked += 1
        try:
            held = checked_file.read_bytes()
        except OSError:
            held = b""
        if hashlib.sha256(held[_PICKLE_DIGEST:]).digest() != held[:_PICKLE_DIGEST]:
            found.append(f"{checked_file}: a checked content file whose bytes no longer match its digest, removed")
            checked_file.unlink(missing_ok=True)
    stamps = sorted((folder / "stamps").glob("*.json"))
    for stamp in stamps:
        checked += 1
        try:
            json.loads(stamp.read_bytes())["fingerprint"]
        except (OSError, ValueError, KeyError, TypeError):
            found.append(f"{stamp}: a stamp that does not read whole, removed")
            stamp.unlink(missing_ok=True)
    if found:
        for stamp in stamps:
            stamp.unlink(missing_ok=True)
    return found, checked


def tree_state(folder: Path) -> str:
    """A digest of the path, size and mtime of every file under `folder`: it changes when any file is written,
    added or removed, without reading one (see benchmarks/RESULTS.md for its cost)."""
    hasher = hashlib.sha256()
    pending = [("", str(folder))]
    while pending:
        prefix, directory = pending.pop()
        with os.scandir(directory) as entries:
            for entry in sorted(entries, key=lambda entry: entry.name):
                if entry.is_dir(follow_symlinks=False):
                    pending.append((f"{prefix}{entry.name}/", entry.path))
                else:
                    stat = entry.stat(follow_symlinks=False)
                    hasher.update(f"{prefix}{entry.name}\0{stat.st_size}\0{stat.st_mtime_ns}\n".encode())
    return hasher.hexdigest()


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
    try:
        temporary.write_bytes(data)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)  # a full disk leaves no half-written entry behind
        raise
