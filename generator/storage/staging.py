"""A folder written aside and swapped into place whole: a reader, or a web server, never sees half of it."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def staged_output(site_dir: Path) -> Iterator[Path]:
    """Yield an empty folder beside `site_dir`; on success, swap it into place.

    On failure the staging folder is removed and the previous site stays as it was.
    """
    site_dir.parent.mkdir(parents=True, exist_ok=True)
    # A build killed outright (SIGKILL, power loss) leaves its staging folder behind: clear those.
    for stale in site_dir.parent.glob(f".{site_dir.name}-staging-*"):
        shutil.rmtree(stale, ignore_errors=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}-staging-", dir=site_dir.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; a site is for web servers to read.
    try:
        yield staging
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    retired = site_dir.with_name(f".{site_dir.name}-retired-{os.getpid()}")
    if site_dir.exists():
        os.replace(site_dir, retired)
    os.replace(staging, site_dir)
    shutil.rmtree(retired, ignore_errors=True)


@contextmanager
def new_folder(folder: Path, label: str) -> Iterator[Path]:
    """Yield an empty folder beside `folder` (which is missing, or empty); on success it becomes `folder`, whole.

    On failure it is removed, and `folder` is as it was: a project or a period appears complete or not at all.
    """
    folder.parent.mkdir(parents=True, exist_ok=True)
    assembly = Path(tempfile.mkdtemp(prefix=f".{folder.name}-{label}-", dir=folder.parent))
    try:
        yield assembly
        assembly.chmod(0o755)  # mkdtemp makes it private
        os.replace(assembly, folder)  # over an empty folder too
    except BaseException:
        shutil.rmtree(assembly, ignore_errors=True)
        raise
