"""The JSON Schemas: generated from the models, in the repository, and named by every content file."""

from __future__ import annotations

import datetime
import json

import jsonschema
import pytest
import yaml

from generator.reading.schema import SCHEMA_DIR, render_schemas, schema_name

from .conftest import ROOT
from .synthetic import BACKGROUND_YAML, QUARTER_YAML, SCORECARD_YAML, STRATEGIES_YAML
from .yaml_text import replace_once


def as_json(data):
    """YAML data as an editor's language server sees it: dates are strings."""
    return json.loads(
        json.dumps(data, default=lambda value: value.isoformat() if isinstance(value, datetime.date) else str(value))
    )


def validator(content_file: str) -> jsonschema.Draft202012Validator:
    schema = json.loads((ROOT / SCHEMA_DIR / schema_name(content_file)).read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def test_committed_schemas_are_the_generated_ones():
    generated = render_schemas()
    committed = {path.name: path.read_text(encoding="utf-8") for path in (ROOT / SCHEMA_DIR).glob("*.schema.json")}
    assert committed == generated, "run `.venv/bin/reportsite schema` and commit schema/"


def test_every_content_file_names_its_schema():
    files = sorted((ROOT / "content").rglob("*.yaml"))
    assert len(files) == 6
    for path in files:
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("# yaml-language-server: $schema="), path
        schema = (path.parent / first.split("$schema=", 1)[1]).resolve()
        assert schema == (ROOT / SCHEMA_DIR / schema_name(path.name)).resolve() and schema.is_file()


def test_schemas_accept_all_of_the_real_content():
    for path in sorted((ROOT / "content").rglob("*.yaml")):
        errors = list(validator(path.name).iter_errors(as_json(yaml.safe_load(path.read_text(encoding="utf-8")))))
        assert errors == [], f"{path}: {[e.message for e in errors]}"


BAD_CASES = {
    "a wrong type": ("strategies.yaml", STRATEGIES_YAML, "vs_annual_target: 21.25", 'vs_annual_target: "21.25"'),
    "a missing required field": ("quarter.yaml", QUARTER_YAML, "as_of: 2023-12-31\n", ""),
    "an unknown key": ("background.yaml", BACKGROUND_YAML, "title:", "tilte:"),
    "a missing translation": (
        "background.yaml",
        BACKGROUND_YAML,
        "        en: The first synthetic paragraph about the report's background.\n",
        "",
    ),
    "an empty translation": (
        "background.yaml",
        BACKGROUND_YAML,
        "th: ย่อหน้าสังเคราะห์แรกเกี่ยวกับความเป็นมาของรายงาน",
        'th: "  "',
    ),
    "a negative percentage": ("strategies.yaml", STRATEGIES_YAML, "vs_period_plan: 87.5", "vs_period_plan: -87.5"),
    "an id with a path": ("strategies.yaml", STRATEGIES_YAML, "- id: synthetic-beta", "- id: ../beta"),
    "a score for no quarter": ("scorecard.yaml", SCORECARD_YAML, "      q1: 7.25", "      q5: 7.25"),
}


@pytest.mark.parametrize("case", BAD_CASES)
def test_schemas_reject_the_bad_cases(case):
    content_file, text, old, new = BAD_CASES[case]
    assert list(validator(content_file).iter_errors(as_json(yaml.safe_load(text)))) == [], "the fixture is valid"
    broken = as_json(yaml.safe_load(replace_once(text, old, new)))
    assert list(validator(content_file).iter_errors(broken)), f"the schema accepts {case}"
