"""Hashes of what a build reads, so that a build can tell what it may skip.

Two uses (see build_cache.py and commands/build.py):

- the whole site's fingerprint: every content file, the archive, the
  templates, the generator's code and the versions of the packages it runs.
  When it matches the one recorded for the current `site/`, nothing can have
  changed, and `reportsite build` stops before loading anything heavy.
- the parts of each period × language build's key.

This module imports only the standard library: it runs on the no-change path,
whose whole cost is meant to stay far below a second.
"""

from __future__ import annotations

import hashlib
import json
import sys
from functools import cache
from importlib import metadata
from pathlib import Path

from ..project import Project

GENERATOR_DIR = Path(__file__).resolve().parent.parent
# Packages whose version changes what a build writes.
BUILD_PACKAGES = (
    "reportsite",
    "mkdocs",
    "mkdocs-material",
    "pymdown-extensions",
    "markdown",
    "jinja2",
    "pydantic",
    "pyyaml",
    "babel",
    "pythainlp",
    "nlpo3",
    "fonttools",
    "fontpkg-sarabun",
)


class Hasher:
    """SHA-256 over labelled parts, so that moving bytes between parts changes the digest."""

    def __init__(self, label: str = "") -> None:
        self._hash = hashlib.sha256(label.encode())

    def add(self, label: str, data: bytes | str) -> Hasher:
        if isinstance(data, str):
            data = data.encode()
        self._hash.update(f"\0{label}\0{len(data)}\0".encode())
        self._hash.update(data)
        return self

    def add_tree(self, label: str, folder: Path, *, contents: bool = True) -> Hasher:
        """Every file under `folder`, by relative path: its bytes, or (contents=False) its size and mtime."""
        if not folder.is_dir():
            return self.add(label, "absent")
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            name = f"{label}/{path.relative_to(folder).as_posix()}"
            if contents:
                self.add(name, path.read_bytes())
            else:
                stat = path.stat()
                self.add(name, f"{stat.st_size}:{stat.st_mtime_ns}")
        return self

    def copy(self) -> Hasher:
        twin = Hasher()
        twin._hash = self._hash.copy()
        return twin

    def hexdigest(self) -> str:
        return self._hash.hexdigest()


@cache
def code_version() -> str:
    """The generator's own code and the versions of the packages that shape its output."""
    hasher = Hasher("code").add("python", sys.version).add_tree("generator", GENERATOR_DIR)
    for package in BUILD_PACKAGES:
        try:
            hasher.add(package, metadata.version(package))
        except metadata.PackageNotFoundError:
            hasher.add(package, "absent")
    return hasher.hexdigest()


def file_identity(path: str | None) -> str:
    """A cheap identity of an executable, such as Chromium: its path, size and mtime (never run it)."""
    if path is None:
        return "none"
    try:
        stat = Path(path).resolve().stat()
    except OSError:
        return f"{path}:missing"
    return f"{Path(path).resolve()}:{stat.st_size}:{stat.st_mtime_ns}"


def site_fingerprint(
    project: Project, *, base_url: str | None, rebuild_archived: bool, chromium: str | None, editor: str | None = None
) -> str:
    """Everything a whole build reads: content bytes, the archive, templates, code, and the build's options.

    `chromium` is the Chromium that prints the PDF editions, or None for none;
    `editor` names the editors' page's program and version, or is None for a site without that page.
    The archive is large and never edited in place, so its files count by
    size and mtime; a changed file is still noticed (and then verified).
    """
    options = {
        "base_url": base_url,
        "rebuild_archived": rebuild_archived,
        "chromium": file_identity(chromium),
        "editor": editor,
    }
    hasher = code_and_templates("site", project).add("options", json.dumps(options, sort_keys=True))
    hasher.add_tree("content", project.content_dir)
    hasher.add_tree("archive", project.archive_dir, contents=False)
    return hasher.hexdigest()


def code_and_templates(label: str, project: Project) -> Hasher:
    """A hasher that has taken in what shapes every page: the generator's code and packaged theme (both in
    code_version), and the project's own templates and mkdocs.yml, where it has them."""
    theme = project.theme
    hasher = Hasher(label).add("code", code_version())
    if theme.project_templates is not None:
        hasher.add_tree("templates", theme.project_templates)
    if theme.project_config is not None:
        hasher.add("mkdocs.yml", theme.project_config.read_bytes())
    return hasher
