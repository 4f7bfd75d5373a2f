"""The archive: published periods frozen, so that they never change again.

`archive/<period>/` holds, for each frozen period:

- `site/<lang>/…`: the period's built site in every language, as published;
- `<period>-offline.zip`: an edition to read from disk (file://), with page
  links that name index.html, and a notice that search does not work there;
- `content/`: the period's YAML as it was published, so that validation can
  warn when a published figure is edited later;
- `MANIFEST.sha256`: the SHA-256 of every other file, in `sha256sum` format,
  so that `sha256sum -c MANIFEST.sha256` works too.

Builds check every frozen period against its manifest before anything is
built, then copy it byte for byte instead of rebuilding it, so a later
template change can never alter a published period.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from ..errors import ReportsiteError

MANIFEST = "MANIFEST.sha256"
SITE = "site"
CONTENT = "content"  # the period's YAML as it was when it was frozen


def offline_zip_name(period: str) -> str:
    return f"{period}-offline.zip"


@dataclass
class Discrepancies:
    """How an archived period differs from its manifest."""

    period: str
    changed: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    added: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.changed or self.missing or self.added)

    def lines(self) -> list[str]:
        return (
            [f"{self.period}: changed: {path}" for path in self.changed]
            + [f"{self.period}: missing: {path}" for path in self.missing]
            + [f"{self.period}: added: {path}" for path in self.added]
        )


def archived_periods(archive_dir: Path) -> list[str]:
    if not archive_dir.is_dir():
        return []
    return sorted(entry.name for entry in archive_dir.iterdir() if (entry / MANIFEST).is_file())


def published_content(archive_dir: Path) -> dict[str, Path]:
    """Each frozen period's YAML as it was published, by period: for warnings about later edits."""
    return {period: archive_dir / period / CONTENT for period in archived_periods(archive_dir)}


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _files(folder: Path) -> list[str]:
    return sorted(
        path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file() and path.name != MANIFEST
    )


def write_manifest(folder: Path) -> None:
    lines = [f"{_digest(folder / name)}  {name}\n" for name in _files(folder)]
    (folder / MANIFEST).write_text("".join(lines), encoding="utf-8")


def read_manifest(folder: Path) -> dict[str, str]:
    entries = {}
    for line in (folder / MANIFEST).read_text(encoding="utf-8").splitlines():
        digest, name = line.split("  ", 1)
        entries[name] = digest
    return entries


def verify_period(folder: Path) -> Discrepancies:
    """Compare an archived period with its manifest."""
    expected = read_manifest(folder)
    present = set(_files(folder))
    result = Discrepancies(folder.name)
    for name, digest in expected.items():
        if name not in present:
            result.missing.append(name)
        elif _digest(folder / name) != digest:
            result.changed.append(name)
    result.added = sorted(present - set(expected))
    return result


def verify_archive(archive_dir: Path) -> list[Discrepancies]:
    return [found for period in archived_periods(archive_dir) if (found := verify_period(archive_dir / period))]


def check_intact(archive_dir: Path, periods: list[str]) -> None:
    """Raise, naming every file, if a frozen period differs from its manifest: it must not be published so."""
    if found := [discrepancies for period in periods if (discrepancies := verify_period(archive_dir / period))]:
        names = ", ".join(discrepancies.period for discrepancies in found)
        raise ReportsiteError(
            f"{names}: an archived period does not match its manifest, so nothing was built:\n"
            + "\n".join(line for discrepancies in found for line in discrepancies.lines())
        )


def copy_frozen_period(archive_dir: Path, period: str, language: str, target: Path) -> None:
    """Copy a frozen period's site in one language to `target` (check_intact has checked it)."""
    shutil.copytree(archive_dir / period / SITE / language, target)


def write_deterministic_zip(source: Path, target: Path, timestamp: int) -> None:
    """Zip `source` with sorted entries and one fixed time, so that the same files give the same bytes."""
    moment = datetime.fromtimestamp(timestamp, tz=UTC)
    date_time = (max(moment.year, 1980), moment.month, moment.day, 0, 0, 0)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for path in sorted(source.rglob("*")):
            if path.is_file():
                info = zipfile.ZipInfo(path.relative_to(source).as_posix(), date_time)
                info.compress_type = zipfile.ZIP_DEFLATED
                info.external_attr = 0o644 << 16
                archive.writestr(info, path.read_bytes())


def refuse_if_archived(archive_dir: Path, period: str) -> None:
    """Raise if `period` is archived already: an archived period never changes."""
    destination = archive_dir / period
    if destination.exists():
        raise ReportsiteError(
            f"{period} is already archived in {destination}; an archived period never changes. "
            "To replace it anyway, delete that folder yourself and archive again."
        )


def freeze(archive_dir: Path, period: str, online: Path, offline: Path, timestamp: int, content: Path) -> Path:
    """Store a period's builds in `archive_dir/<period>/`, with the zip and the manifest.

    `online` holds `<lang>/<period>/…` and `offline` the offline edition. The
    folder is assembled aside and moved into place whole.
    """
    refuse_if_archived(archive_dir, period)
    destination = archive_dir / period
    archive_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=f".{period}-", dir=archive_dir) as scratch:
        assembly = Path(scratch) / period
        for language_dir in sorted(online.iterdir()):
            shutil.copytree(language_dir / period, assembly / SITE / language_dir.name)
        shutil.copytree(content, assembly / CONTENT)
        write_deterministic_zip(offline, assembly / offline_zip_name(period), timestamp)
        write_manifest(assembly)
        assembly.rename(destination)
    return destination
