"""Where a site's look and words come from: the packaged theme, and what a project adds to it.

The package carries everything a site needs: the page templates, the string
tables, Material's overrides and assets (`generator/site_templates/`) and the
base MkDocs configuration (`generator/mkdocs.yml`). A project needs only its
`content/`. Beside it, a project may keep its own `site_templates/` and
`mkdocs.yml`, laid out as the packaged ones:

- a template, an override or an asset at the same path replaces the packaged one;
- `site_templates/strings/<lang>.yaml` replaces strings key by key;
- `mkdocs.yml` extends the packaged configuration setting by setting (MkDocs'
  INHERIT: mappings merge, lists are replaced).

Standard library only: the fingerprint of the no-change path reads it.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PACKAGED_TEMPLATES = PACKAGE_DIR / "site_templates"
PACKAGED_CONFIG = PACKAGE_DIR / "mkdocs.yml"
TEMPLATES = "site_templates"
CONFIG = "mkdocs.yml"


@dataclass(frozen=True)
class Theme:
    """The packaged theme, with a project's own templates and configuration over it where it has them."""

    project_templates: Path | None = None
    """The project's `site_templates/`, or None when it has none."""
    project_config: Path | None = None
    """The project's `mkdocs.yml`, or None when it has none."""

    @classmethod
    def of(cls, project_root: Path) -> Theme:
        templates, config = project_root / TEMPLATES, project_root / CONFIG
        return cls(templates if templates.is_dir() else None, config if config.is_file() else None)

    @property
    def template_dirs(self) -> list[Path]:
        """Where templates are looked up, in order: the project's first."""
        return [*([self.project_templates] if self.project_templates else []), PACKAGED_TEMPLATES]

    def layers(self, relative: str) -> list[Path]:
        """The files or folders at `relative` below each template folder that has one, the packaged one first."""
        return [folder / relative for folder in reversed(self.template_dirs) if (folder / relative).exists()]

    def find(self, relative: str) -> Path:
        """The file that wins at `relative`: the project's, else the packaged one."""
        return self.layers(relative)[-1]

    def copy_tree(self, relative: str, target: Path) -> None:
        """Copy the folder `relative` of every layer into `target`, the project's files over the packaged ones."""
        for layer in self.layers(relative):
            shutil.copytree(layer, target, dirs_exist_ok=True)

    @property
    def configs(self) -> list[Path]:
        """The base MkDocs configurations, the packaged one first, each extended by the next."""
        return [PACKAGED_CONFIG, *([self.project_config] if self.project_config else [])]

    @property
    def sources(self) -> list[Path]:
        """Every file and folder the theme is read from, for fingerprints and the preview's watcher."""
        return [*self.template_dirs, *self.configs]
