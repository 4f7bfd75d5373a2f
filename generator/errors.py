"""The one exception hierarchy of reportsite, caught once in the CLI.

Errors derive from click's ClickException (as mkdocs' do), so the CLI prints
them without a traceback and exits with status 1.
"""

from __future__ import annotations

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
