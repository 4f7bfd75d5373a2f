"""The editors' page (`/admin/`): Decap CMS's forms, generated from the content models.

The forms come from the same pydantic models as the JSON Schemas (reading/schema.py),
read off their JSON Schemas, so that they cannot drift: every field of a model
is a field of its form, with the model's docstring as its hint and its checks
(required, ranges, patterns, choices) as the widget's, checked before saving.
The few fields no Decap widget can hold are named in NOT_IN_FORMS, with why;
Decap keeps the keys of a file that its form lacks, so they survive a save.

`reportsite schema` writes the forms of each kind of file into
`schema/editor-forms.json` for review; `reportsite build` writes the whole
configuration, with a collection per period, into `site/admin/config.json`.
"""

from __future__ import annotations

import json
import re
from typing import Any
from urllib.parse import urlsplit

from ..reading.model import PERIOD_INFO_FILE, ContentModel, Period, Report
from ..reading.schema import MODELS, SECTION_SCHEMA
from ..reading.sources import SITE_FILE
from ..theme import Theme
from .front_door import html_environment
from .localization import Localizer

EDITOR_FORMS_FILE = "editor-forms.json"
# The page's own YAML format (site_templates/admin/yaml-format.js), which keeps what a save does not change.
YAML_FORMAT = "reportsite-yaml"
# How deep a form opens a model that holds itself (a list's points under points): Decap's configuration
# is a tree, so each level is written out. Deeper points are kept in the file, and edited there.
NESTING = 3
# Fields that no Decap widget can hold, by model and field: their keys are kept by Decap when it saves.
NOT_IN_FORMS = {
    ("TableBlock", "rows"): "a row maps the table's own column ids to cells; edit the rows in the file or its CSV",
    ("TableBlock", "total_cells"): "the cells are keyed by the table's own column ids",
    ("TableBlock", "total_notes"): "the notes are keyed by the table's own column ids",
}
# Decap's preview pane shows the fields' values one under another, not the page: the preview of a change is
# the site its pull request's checks build (and `reportsite serve` on a computer), so the form takes the width.
NO_PREVIEW = {"preview": False}
# The discriminator of the blocks: Decap's list `types` write it as the list's `typeKey`.
TYPE_KEY = "type"
# What the form says when a value does not match a field's pattern: the name of its interface string
# (strings/<lang>.yaml). The forms name the string; config.json carries each language's text, and the page
# picks the editor's.
PATTERN_MESSAGES: dict[str, str] = {
    r"^[a-z0-9]+(-[a-z0-9]+)*$": "editor_pattern_id",
    r"\S": "editor_pattern_text",
    r"^\S+$": "editor_pattern_word",
    r"^\S{1,16}$": "editor_pattern_number",
    r"^[A-Za-z0-9._-]+\.csv$": "editor_pattern_csv",
    r"^[^\s]*/$": "editor_pattern_path",
    r"^https?://[^\s/]+(/[^\s]*)?/$": "editor_pattern_base_url",
    r"^https?://[^\s]+$": "editor_pattern_url",
    r"^https://[^\s/]+/[^\s]*$": "editor_pattern_sign_in",
}


class _Forms:
    """Decap fields read off one model's JSON Schema, with the fields each model's form got (for the tests)."""

    def __init__(self, schema: dict[str, Any]) -> None:
        self.defs: dict[str, Any] = schema.get("$defs", {})
        self.covered: dict[str, set[str]] = {}
        self.fields = self.model_fields(schema, "", [])

    def model_fields(self, schema: dict[str, Any], name: str, stack: list[str]) -> list[dict[str, Any]]:
        required = set(schema.get("required", []))
        fields = []
        for key, prop in schema.get("properties", {}).items():
            self.covered.setdefault(name or schema.get("title", ""), set())
            if "const" in prop:  # the block's `type`: the list's typeKey writes it
                self.covered[name or schema["title"]].add(key)
                continue
            if (name, key) in NOT_IN_FORMS:
                continue
            field = self.field(key, prop, stack)
            if field is None:
                continue
            if key not in required:
                field["required"] = False
            self.covered[name or schema["title"]].add(key)
            fields.append(field)
        return fields

    def field(self, key: str, prop: dict[str, Any], stack: list[str]) -> dict[str, Any] | None:
        options = [choice for choice in prop.get("anyOf", [prop]) if choice.get("type") != "null"]
        schema = options[0] if len(options) == 1 else prop
        widget = self.widget(schema, stack)
        if widget is None:
            return None
        field = {"name": key, "label": key, **widget}
        if len(options) < len(prop.get("anyOf", [prop])) and field.get("fields") == self.text_fields():
            # An optional text: its boxes may stay empty together (Decap checks a required box even when the text
            # around it is optional); one left empty of the two is found by the checks of the pull request.
            field["fields"] = [{**box, "required": False} for box in field["fields"]]
        if hint := prop.get("description"):
            field["hint"] = re.sub(r"\s*\n\s*", " ", hint)
        return field

    def widget(self, schema: dict[str, Any], stack: list[str]) -> dict[str, Any] | None:
        """The widget and its options for a value of this schema, or None where the nesting stops."""
        if ref := schema.get("$ref"):
            model = ref.rsplit("/", 1)[-1]
            if stack.count(model) >= NESTING:
                return None
            if model == "Text":
                self.covered["Text"] = {"th", "en"}
                return {"widget": "object", "fields": self.text_fields()}
            fields = self.model_fields(self.defs[model], model, [*stack, model])
            return {"widget": "object", "fields": fields}
        kind = schema.get("type")
        if "enum" in schema:
            return {"widget": "select", "options": list(schema["enum"])}
        if kind == "string" and schema.get("format") == "date":
            return {"widget": "datetime", "format": "YYYY-MM-DD", "date_format": "YYYY-MM-DD", "time_format": False}
        if kind == "string":
            widget: dict[str, Any] = {"widget": "string"}
            if pattern := schema.get("pattern"):
                widget["pattern"] = [pattern, PATTERN_MESSAGES.get(pattern, f"/{pattern}/")]
            return widget
        if kind in ("number", "integer"):
            widget = {"widget": "number", "value_type": "int" if kind == "integer" else "float"}
            if "minimum" in schema or "exclusiveMinimum" in schema:
                widget["min"] = schema.get("minimum", schema.get("exclusiveMinimum"))
            if "maximum" in schema:
                widget["max"] = schema["maximum"]
            return widget
        if kind == "boolean":
            return {"widget": "boolean", "default": schema.get("default", False)}
        if kind == "object" and "propertyNames" in schema:  # a mapping of fixed keys: the scores by period
            value = self.widget(schema["additionalProperties"], stack)
            assert value is not None, "a mapping's values are plain"
            keys = schema["propertyNames"]["enum"]
            return {"widget": "object", "fields": [{"name": k, "label": k, **value, "required": False} for k in keys]}
        if kind == "array":
            return self.list_widget(schema, stack)
        return None

    def list_widget(self, schema: dict[str, Any], stack: list[str]) -> dict[str, Any] | None:
        items = schema["items"]
        widget: dict[str, Any] = {"widget": "list"}
        if "minItems" in schema:
            widget["min"] = schema["minItems"]
        if "oneOf" in items:  # the blocks, told apart by their `type`
            widget["typeKey"] = TYPE_KEY
            widget["types"] = []
            for choice in items["oneOf"]:
                model = choice["$ref"].rsplit("/", 1)[-1]
                kind = self.defs[model]["properties"][TYPE_KEY]["const"]
                fields = self.model_fields(self.defs[model], model, [*stack, model])
                described = {"hint": self.defs[model]["description"]} if "description" in self.defs[model] else {}
                widget["types"].append({"name": kind, "label": kind, "widget": "object", "fields": fields, **described})
            return widget
        inner = self.widget(items, stack)
        if inner is None:
            return None
        if inner["widget"] == "object":  # a list of objects: each item is a mapping of the object's fields
            widget["fields"] = inner["fields"]
            if summary := _summary([field["name"] for field in inner["fields"]]):
                widget["summary"] = summary
        else:
            widget["field"] = {"name": "item", "label": "item", **inner}
        return widget

    @staticmethod
    def text_fields() -> list[dict[str, Any]]:
        """Thai and English, one box each, one under the other: multi-line boxes, for long Thai paragraphs."""
        pattern = [r"\S", PATTERN_MESSAGES[r"\S"]]
        return [
            {"name": "th", "label": "ไทย (th)", "widget": "text", "pattern": pattern},
            {"name": "en", "label": "English (en)", "widget": "text", "pattern": pattern},
        ]


def _summary(names: list[str]) -> str | None:
    """What a folded list item shows of itself: its id, or its Thai title or text."""
    for name, template in (("id", "{{fields.id}}"), ("title", "{{fields.title.th}}"), ("text", "{{fields.text.th}}")):
        if name in names:
            return template
    return "{{fields.th}}" if names == ["th", "en"] else None


def model_forms(model: type[ContentModel]) -> tuple[list[dict[str, Any]], dict[str, set[str]]]:
    """The Decap fields of a content file of this model, and the fields each model's form got, by model name."""
    forms = _Forms(model.model_json_schema())
    return forms.fields, forms.covered


def editor_forms() -> dict[str, list[dict[str, Any]]]:
    """The Decap fields of each kind of content file: site.yaml, quarter.yaml and a section."""
    return {content_file: model_forms(model)[0] for content_file, model in MODELS.items()}


def render_editor_forms() -> str:
    """`schema/editor-forms.json`: the forms of each kind of content file, for review in a pull request."""
    return json.dumps(editor_forms(), ensure_ascii=False, indent=2) + "\n"


def backend(repository_url: str, edit_uri: str, sign_in: str | None = None) -> dict[str, Any]:
    """Decap's backend for the repository that holds the content: GitHub or GitLab, by its address.

    `sign_in` is the OAuth proxy's sign-in address (site.yaml's `editor_sign_in`): Decap takes it as a host,
    `base_url`, and a path, `auth_endpoint`. Without it, Decap would send editors to Netlify's.
    """
    parts = urlsplit(repository_url)
    repo = parts.path.strip("/").removesuffix(".git")
    branch = edit_uri.strip("/").split("/")[-1] or "main"
    name = "gitlab" if "gitlab" in parts.netloc else "github"
    config: dict[str, Any] = {"name": name, "repo": repo, "branch": branch}
    if parts.netloc not in ("github.com", "gitlab.com"):  # a host of the organisation's own
        config["api_root"] = f"{parts.scheme}://{parts.netloc}/" + ("api/v4" if name == "gitlab" else "api/v3")
    if sign_in is not None:
        proxy = urlsplit(sign_in)
        config["base_url"] = f"{proxy.scheme}://{proxy.netloc}"
        config["auth_endpoint"] = proxy.path.lstrip("/")
    return config


def render_editor_config(report: Report, content_path: str, localizers: dict[str, Localizer]) -> str:
    """The editors' page's `config.json`: Decap's configuration, with the repository, the editorial workflow
    and a collection per period.

    `content_path` is the content folder's path in the repository (`content`). Each kind of file's fields are
    written once, under `forms`, and each file names its kind (`"fields": "section.yaml"`); the page puts them
    in place, with each pattern's message (an interface string's name) in the editor's language from `messages`.
    JSON, not Decap's usual config.yml, because Decap reads a YAML file only when the server names
    its type, and many servers (Python's http.server among them) do not.
    """
    collections: list[dict[str, Any]] = [
        {
            "name": "site",
            "label": SITE_FILE,
            "format": YAML_FORMAT,
            "editor": NO_PREVIEW,
            "files": [{"name": "site", "label": SITE_FILE, "file": f"{content_path}/{SITE_FILE}", "fields": SITE_FILE}],
        }
    ]
    for period in reversed(report.periods):
        collections.append(_period_collection(period, content_path))
    config = {
        "backend": backend(report.site.repository_url, report.site.edit_uri, report.site.editor_sign_in),
        # On localhost the page offers the repository on disk, through `npx decap-server` (CONTRIBUTING).
        "local_backend": True,
        # Every save is a branch and a pull request, checked like any other.
        "publish_mode": "editorial_workflow",
        "media_folder": f"{content_path}/media",
        "collections": collections,
    }
    messages = {
        code: {name: l10n.string(name) for name in sorted(set(PATTERN_MESSAGES.values()))}
        for code, l10n in localizers.items()
    }
    data = {"config": config, "forms": editor_forms(), "messages": messages}
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def _period_collection(period: Period, content_path: str) -> dict[str, Any]:
    folder = f"{content_path}/{period.id}"
    files = [
        {
            "name": "quarter",
            "label": PERIOD_INFO_FILE,
            "file": f"{folder}/{PERIOD_INFO_FILE}",
            "fields": PERIOD_INFO_FILE,
        }
    ]
    files += [
        {"name": name, "label": f"{name}.yaml", "file": f"{folder}/{name}.yaml", "fields": SECTION_SCHEMA}
        for name in period.sections
    ]
    label = f"{period.id}: {period.info.title.th}"
    return {
        "name": str(period.id),
        "label": label,
        "format": YAML_FORMAT,
        "editor": NO_PREVIEW,
        "files": files,
        "delete": False,
    }


def render_editor_page(report: Report, theme: Theme, localizers: dict[str, Localizer]) -> str:
    """The editors' page, `admin/index.html`, which loads Decap CMS in the editor's language."""
    language = report.site.languages[0]
    title = localizers[language].string("editor_title", organisation=report.site.organisation.short_name[language])
    return (
        html_environment(theme, localizers)
        .get_template("admin.html.jinja")
        .render(language=language, languages=report.site.languages, title=title, format=YAML_FORMAT)
    )
