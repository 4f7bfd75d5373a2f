"""JSON Schemas of the content files, generated from the models (never written by hand).

Editors' YAML language servers (VS Code's YAML extension, and others) read the
`# yaml-language-server: $schema=…` line at the top of each content file, and
then complete field names and flag mistakes as the editor types.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .model import PERIOD_FILES, ContentModel, SiteSettings
from .sources import SITE_FILE

SCHEMA_DIR = "schema"


def schema_name(content_file: str) -> str:
    return content_file.replace(".yaml", ".schema.json")


def content_schemas() -> dict[str, dict[str, Any]]:
    """{schema file name: JSON Schema} for site.yaml and each period file."""
    models: dict[str, type[ContentModel]] = {SITE_FILE: SiteSettings, **PERIOD_FILES}
    schemas = {}
    for content_file, model in models.items():
        schema = model.model_json_schema()
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["title"] = f"reportsite: {content_file}"
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
