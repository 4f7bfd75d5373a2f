"""The one exception hierarchy of reportsite, caught once in the CLI.

Errors derive from click's ClickException (as mkdocs' do), so the CLI prints
them without a traceback and exits with status 1.
"""

from __future__ import annotations

import errno
import os
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

import click


@dataclass(frozen=True, order=True)
class ContentProblem:
    """One problem in the content, located by file, line, column and field path."""

    file: Path
    line: int
    column: int
    field: str
    message: str
    warning: bool = False
    """A warning does not stop the build (unless the editor asks for strictness)."""
    names: str = ""
    """The ids of what the field belongs to ("strategy-1 › gov-skills"), which an editor knows from the page:
    the field path counts list entries from 0."""

    def __str__(self) -> str:
        where = f"{display_path(self.file)}:{self.line}:{self.column}"
        message = f"warning: {self.message}" if self.warning else self.message
        field = f"{self.field} ({self.names})" if self.names else self.field
        return f"{where}: {field}: {message}" if field else f"{where}: {message}"


def display_path(path: Path) -> str:
    """Show a path relative to the working directory when it lies below it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


class ReportsiteError(click.ClickException):
    """Base class of every error reportsite reports to a user."""

    exit_code = 1


class ContentError(ReportsiteError):
    """The content has problems; every one found in the run is listed.

    `consequence` ends the summary line, for a command that would have written something ("nothing was
    written"); a command that only reads (validate, diff) says none.
    """

    def __init__(self, problems: list[ContentProblem], consequence: str = "") -> None:
        self.problems = sorted({problem for problem in problems if not problem.warning})
        self.warnings = sorted({problem for problem in problems if problem.warning})
        count = len(self.problems)
        summary = f"{count} problem{'s' if count != 1 else ''} in the content"
        if self.warnings:
            summary += f" (and {len(self.warnings)} warning{'s' if len(self.warnings) != 1 else ''})"
        lines = [str(problem) for problem in sorted(self.problems + self.warnings)]
        super().__init__("\n".join([*lines, summary + (f"; {consequence}." if consequence else ".")]))

    def with_consequence(self, consequence: str) -> ContentError:
        """The same problems, for a command that writes: what it did not do because of them."""
        return ContentError(self.problems + self.warnings, consequence)

    def show(self, file: IO[Any] | None = None) -> None:
        # Editors read these lines: no "Error:" prefix on each, one per line.
        click.echo(self.format_message(), err=True, file=file)


# What a command that builds or freezes says after the content's problems.
NOTHING_WRITTEN = "nothing was written"


class BuildError(ReportsiteError):
    """The site could not be built from valid content (for example MkDocs failed)."""


class MachineFault(ReportsiteError):
    """The machine failed the run (a full disk, a folder it may not write, a read-only file system): one line
    that names the path and says what to do. The CLI makes one of any OSError that reaches it."""

    @classmethod
    def of(cls, error: OSError, folders: list[Path]) -> MachineFault:
        """The line for `error`; `folders` are the ones the command writes, named when the error names no path
        (a write to a file already open carries none).

        The path named is the one written to (a copy's destination), or its nearest folder that exists: a
        staging or scratch folder is gone by the time the line is read. A full disk also names its mount point.
        """
        written = error.filename2 if error.filename2 is not None else error.filename
        path: Path | None
        if written is not None:
            path = _existing(Path(os.fsdecode(written)))
            where = display_path(path)
        else:
            path = folders[0] if folders else None
            where = " and ".join(f"{display_path(folder)}/" for folder in folders) or "a file of this command"
        advice = _ADVICE.get(error.errno or 0)
        if advice is None:
            return cls(f"{where}: {error.strerror or error}; check that folder and its disk, then run again")
        if error.errno in (errno.ENOSPC, errno.EDQUOT) and path is not None:
            where += f" (on the disk mounted at {_mount_point(path)})"
        return cls(f"{where}: {advice}")


def _existing(path: Path) -> Path:
    """`path`, or its nearest parent that exists."""
    while path.parent != path:
        try:
            if path.exists():
                return path
        except OSError:  # a folder above it that this user may not search
            pass
        path = path.parent
    return path


def _mount_point(path: Path) -> Path:
    path = _existing(path.absolute())
    while not os.path.ismount(path) and path.parent != path:
        path = path.parent
    return path


_ADVICE = {
    errno.ENOSPC: "no space left on its disk; free some space there (df -h shows how much is left), "
    "or build elsewhere with --site and --work-dir, then run again",
    errno.EDQUOT: "this user's disk quota is used up; free some space, or build elsewhere with --site and "
    "--work-dir, then run again",
    errno.EACCES: "permission denied; let this user write there (or build elsewhere with --site and --work-dir), "
    "then run again",
    errno.EPERM: "the operation is not permitted there; let this user write there (or build elsewhere with "
    "--site and --work-dir), then run again",
    errno.EROFS: "the file system is read-only; mount it writable, or build elsewhere with --site and "
    "--work-dir, then run again",
}
