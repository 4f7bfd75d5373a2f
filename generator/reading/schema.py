"""JSON Schemas of the content files, generated from the models (never written by hand).

Editors' YAML language servers (VS Code's YAML extension, and others) read the
`# yaml-language-server: $schema=…` line at the top of each content file, and
then complete field names and flag mistakes as the editor types.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .model import PERIOD_INFO_FILE, ContentModel, PeriodInfo, Section, SiteSettings
from .sources import SITE_FILE

SCHEMA_DIR = "schema"


# Each kind of content file, by the name of its schema: site.yaml, quarter.yaml, and every section's file.
SECTION_SCHEMA = "section.yaml"
MODELS: dict[str, type[ContentModel]] = {SITE_FILE: SiteSettings, PERIOD_INFO_FILE: PeriodInfo, SECTION_SCHEMA: Section}


def schema_name(content_file: str) -> str:
    """The schema of a content file: its own for site.yaml and quarter.yaml, `section.schema.json` for the others."""
    kind = content_file if content_file in (SITE_FILE, PERIOD_INFO_FILE) else SECTION_SCHEMA
    return kind.replace(".yaml", ".schema.json")


def content_schemas() -> dict[str, dict[str, Any]]:
    """{schema file name: JSON Schema} for site.yaml and each period file."""
    schemas = {}
    for content_file, model in MODELS.items():
        schema = model.model_json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["title"] = f"reportsite: {content_file if content_file != SECTION_SCHEMA else 'a section of a period'}"
        schemas[schema_name(content_file)] = schema
    return schemas


def render_schemas() -> dict[str, str]:
    return {name: json.dumps(schema, ensure_ascii=False, indent=2) + "\n" for name, schema in content_schemas().items()}


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in render_schemas().items():
        (folder / name).write_text(text, encoding="utf-8")
        written.append(folder / name)
    return written


def schema_comment(content_file: Path, schema_dir: Path) -> str:
    """The first line of a content file, pointing the editor at its schema."""
    relative = Path(*([".."] * len(content_file.parent.relative_to(schema_dir.parent).parts)), SCHEMA_DIR)
    return f"# yaml-language-server: $schema={relative.as_posix()}/{schema_name(content_file.name)}"
