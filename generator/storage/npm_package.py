"""A pinned package of the npm registry, fetched once into the user's cache and checked against its digest.

`make site` needs Python, make and the package registries, never npm: the
site's own copy of a JavaScript program (the editors' page's CMS) is taken
from the package's tarball, as npm itself would take it, over HTTPS. The
tarball's sha512 must be the one pinned here (npm's `dist.integrity`). Only
the files the site serves are kept, unpacked, with a manifest of their
SHA-256 digests that every use checks, so that a damaged cache is noticed,
dropped and fetched again. Standard library only: the no-change path asks
for the folder.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import shutil
import tarfile
import tempfile
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ..errors import ReportsiteError

REGISTRY = "https://registry.npmjs.org"
MANIFEST = "manifest.json"
# The tarball of decap-cms is 16 MB; a registry that sends nothing for this long is taken as unreachable.
TIMEOUT_SECONDS = 60


class PackageUnavailable(Exception):
    """The package is not in the cache and could not be fetched (no network, a registry that fails)."""


@dataclass(frozen=True)
class NpmPackage:
    """A package at one version, with npm's `dist.integrity` of its tarball (`sha512-<base64>`)."""

    name: str
    version: str
    integrity: str

    @property
    def tarball_url(self) -> str:
        return f"{registry()}/{self.name}/-/{self.name.rsplit('/', 1)[-1]}-{self.version}.tgz"

    def __str__(self) -> str:
        return f"{self.name} {self.version}"


def registry() -> str:
    """The registry: npm's own, or the mirror that npm is told to use (`npm_config_registry`, as npm reads it)."""
    # npm reads its settings from environment variables in either case; its documentation writes them in lower case.
    return (os.environ.get("npm_config_registry") or os.environ.get("NPM_CONFIG_REGISTRY") or REGISTRY).rstrip("/")  # noqa: SIM112


def user_cache_dir() -> Path:
    """reportsite's folder of the user's cache: $XDG_CACHE_HOME/reportsite, or ~/.cache/reportsite."""
    base = os.environ.get("XDG_CACHE_HOME") or ""
    # The XDG specification: a relative path is invalid and is to be ignored.
    root = Path(base) if os.path.isabs(base) else Path.home() / ".cache"
    return root / "reportsite"


def unpacked_package(package: NpmPackage, keep: Callable[[str], bool], cache_dir: Path | None = None) -> Path:
    """The folder of the package's files that `keep` (given their path in the tarball) accepts, fetched if needed.

    Raises PackageUnavailable when the cache lacks them and the registry cannot be reached, and
    ReportsiteError when the registry sends a tarball other than the pinned one.
    """
    packages = (cache_dir or user_cache_dir()) / "npm"
    folder = packages / f"{package.name.replace('/', '+')}-{package.version}"
    if _intact(folder):
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    tarball = _download(package)
    try:
        packages.mkdir(parents=True, exist_ok=True)
        assembly = Path(tempfile.mkdtemp(prefix=f".{folder.name}-", dir=packages))
    except OSError as error:
        raise ReportsiteError(f"cannot write the cache of {package} in {packages}: {error.strerror}") from None
    try:
        _unpack(tarball, keep, assembly)
        assembly.chmod(0o755)
        os.replace(assembly, folder)
    except FileExistsError:
        pass  # another run unpacked it at the same time
    except OSError as error:
        if not _intact(folder):
            raise ReportsiteError(f"cannot write the cache of {package} in {packages}: {error.strerror}") from None
    finally:
        shutil.rmtree(assembly, ignore_errors=True)
    return folder


def _download(package: NpmPackage) -> bytes:
    try:
        with urllib.request.urlopen(package.tarball_url, timeout=TIMEOUT_SECONDS) as response:
            tarball: bytes = response.read()
    except (urllib.error.URLError, OSError, ValueError) as error:
        reason = getattr(error, "reason", None) or error
        raise PackageUnavailable(f"{package} could not be fetched from {registry()} ({reason})") from None
    algorithm, _, expected = package.integrity.partition("-")
    digest = base64.b64encode(hashlib.new(algorithm, tarball).digest()).decode()
    if digest != expected:
        raise ReportsiteError(
            f"the tarball of {package} from {package.tarball_url} is not the pinned one "
            f"(its {algorithm} is {digest}, expected {expected}); nothing was kept"
        )
    return tarball


def _unpack(tarball: bytes, keep: Callable[[str], bool], folder: Path) -> None:
    """Write the regular files that `keep` accepts into `folder`, then the manifest of their digests."""
    digests = {}
    with tarfile.open(fileobj=io.BytesIO(tarball), mode="r:gz") as archive:
        for member in archive:
            name = member.name
            if not member.isfile() or not keep(name) or name.startswith("/") or ".." in name.split("/"):
                continue
            source = archive.extractfile(member)
            assert source is not None, "a regular file has contents"
            data = source.read()
            target = folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            digests[name] = hashlib.sha256(data).hexdigest()
    # Written last: a folder with a manifest was unpacked whole.
    (folder / MANIFEST).write_text(json.dumps(digests, indent=1, sort_keys=True), encoding="utf-8")


def _intact(folder: Path) -> bool:
    """Whether the folder holds every file its manifest lists, each with its digest."""
    try:
        digests = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        return bool(digests) and all(
            hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest for name, digest in digests.items()
        )
    except (OSError, ValueError):
        return False


def package_files(folder: Path) -> list[str]:
    """The files of an unpacked package (their paths in the tarball), as its manifest lists them."""
    return sorted(json.loads((folder / MANIFEST).read_text(encoding="utf-8")))
