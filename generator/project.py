"""Where a reportsite project keeps its parts. Standard library only: the no-change path reads it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .theme import Theme


@dataclass(frozen=True)
class Project:
    """Where a reportsite project keeps its parts."""

    root: Path
    content_dir: Path
    site_dir: Path
    work_dir: Path
    """Intermediate Markdown, MkDocs configs and the build cache, kept for inspection; git-ignored."""
    archive_dir: Path
    """Frozen periods; committed, and never changed once written."""

    @classmethod
    def at(
        cls,
        root: Path,
        *,
        content_dir: Path | None = None,
        site_dir: Path | None = None,
        work_dir: Path | None = None,
        archive_dir: Path | None = None,
    ) -> Project:
        root = root.resolve()
        return cls(
            root=root,
            content_dir=(content_dir or root / "content").resolve(),
            site_dir=(site_dir or root / "site").resolve(),
            work_dir=(work_dir or root / "build").resolve(),
            archive_dir=(archive_dir or root / "archive").resolve(),
        )

    @property
    def theme(self) -> Theme:
        """The packaged templates and base configuration, with the project's own over them."""
        return Theme.of(self.root)

    @property
    def cache_dir(self) -> Path:
        return self.work_dir / "cache"
