"""The editors' page, /admin/ (issue 18): Decap CMS from its pinned npm tarball, and forms from the models."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import subprocess
import sys
import tarfile
import typing
from typing import Any

import pytest
from pydantic import BaseModel

from generator.commands.build import build
from generator.commands.editor import EDITOR_FOLDER
from generator.errors import ReportsiteError
from generator.project import Project
from generator.reading.model import BLOCK_KINDS, ContentModel
from generator.reading.schema import MODELS, SCHEMA_DIR
from generator.rendering.editor_config import (
    EDITOR_FORMS_FILE,
    NOT_IN_FORMS,
    YAML_FORMAT,
    backend,
    model_forms,
    render_editor_forms,
)
from generator.storage.npm_package import NpmPackage, PackageUnavailable, package_files, unpacked_package

from .conftest import ROOT
from .synthetic import write_synthetic_content

# --- forms from the models -------------------------------------------------------------------------------


def _models(model: type[BaseModel], found: dict[str, type[BaseModel]]) -> dict[str, type[BaseModel]]:
    """Every model a model holds, by class name, read off the fields' types (not off the JSON Schema)."""
    found[model.__name__] = model

    def visit(annotation: Any) -> None:
        if isinstance(annotation, type) and issubclass(annotation, BaseModel) and annotation.__name__ not in found:
            _models(annotation, found)
        for argument in typing.get_args(annotation):
            visit(argument)

    for field in model.model_fields.values():
        visit(field.annotation)
    return found


@pytest.mark.parametrize("content_file", MODELS)
def test_every_model_field_has_a_form_field(content_file):
    model = MODELS[content_file]
    _, covered = model_forms(model)
    missing = [
        f"{name}.{field}"
        for name, held in _models(model, {}).items()
        for field in held.model_fields
        if field not in covered.get(name, set()) and (name, field) not in NOT_IN_FORMS
    ]
    assert missing == [], "fields with no form field (give them a widget in editor_config.py, or say why not)"


def test_a_field_no_widget_can_hold_is_noticed():
    class Odd(ContentModel):
        title: str
        """A title."""
        extra: dict[str, Any] = {}
        """A mapping of any keys."""

    fields, covered = model_forms(Odd)
    assert [field["name"] for field in fields] == ["title"]
    assert covered["Odd"] == {"title"}


def test_committed_editor_forms_are_the_generated_ones():
    committed = (ROOT / SCHEMA_DIR / EDITOR_FORMS_FILE).read_text(encoding="utf-8")
    assert committed == render_editor_forms(), "run `.venv/bin/reportsite schema` and commit schema/"


def _field(fields: list[dict], *path: str) -> dict:
    for name in path:
        field = next(field for field in fields if field["name"] == name)
        fields = field.get("fields", [])
    return field


def test_the_forms_check_what_the_models_check_per_field():
    site, quarter, section = (model_forms(MODELS[name])[0] for name in MODELS)
    month = _field(site, "fiscal_year_start_month")
    assert (month["widget"], month["value_type"], month["min"], month["max"]) == ("number", "int", 1, 12)
    assert _field(site, "base_url")["pattern"][0] == r"^https?://[^\s/]+(/[^\s]*)?/$"
    assert _field(site, "thai_digits")["required"] is False
    assert _field(quarter, "as_of")["widget"] == "datetime" and "required" not in _field(quarter, "as_of")
    assert _field(quarter, "as_of")["format"] == "YYYY-MM-DD"
    # Bilingual text: Thai and English multi-line boxes that may not be blank, with the docstring as the hint.
    title = _field(quarter, "title")
    assert [(f["name"], f["widget"], f["pattern"][0]) for f in title["fields"]] == [
        ("th", "text", r"\S"),
        ("en", "text", r"\S"),
    ]
    assert title["hint"] == "The report's title."
    blocks = _field(section, "blocks")
    assert blocks["widget"] == "list" and blocks["min"] == 1 and blocks["typeKey"] == "type"
    kinds = {kind.model_fields["type"].annotation.__args__[0] for kind in BLOCK_KINDS}
    assert {choice["name"] for choice in blocks["types"]} == kinds
    scorecard = next(choice for choice in blocks["types"] if choice["name"] == "scorecard")
    component = _field(scorecard["fields"], "components")
    weight = _field(component["fields"], "weight")
    assert (weight["widget"], weight["min"], weight["max"]) == ("number", 0, 100)
    scores = _field(component["fields"], "scores")
    assert [key["name"] for key in scores["fields"]] == ["q1", "q2", "q3", "q4", "h1", "h2", "fy"]
    assert all(key["min"] == 0 and key["required"] is False for key in scores["fields"])
    component_id = _field(component["fields"], "id")
    assert component_id["pattern"] == ["^[a-z0-9]+(-[a-z0-9]+)*$", "editor_pattern_id"]
    listing = next(choice for choice in blocks["types"] if choice["name"] == "list")
    assert _field(listing["fields"], "numbering")["options"] == ["bullets", "numbers", "given"]
    # A list's points nest three deep in the form (a point, a point under it, and one under that).
    depth, items = 0, _field(listing["fields"], "items")
    while items is not None:
        depth += 1
        items = next((field for field in items["fields"] if field["name"] == "items"), None)
    assert depth == 3


def _patterns(fields: list[dict]) -> list[list[str]]:
    found = []
    for field in fields:
        found += [field["pattern"]] if "pattern" in field else []
        found += _patterns(
            field.get("fields", []) + field.get("types", []) + [field[k] for k in ("field",) if k in field]
        )
    return found


def test_every_pattern_of_the_forms_has_its_message_in_each_language(thai, english):
    patterns = {tuple(pattern) for name in MODELS for pattern in _patterns(model_forms(MODELS[name])[0])}
    assert len(patterns) >= 8
    for regex, message in patterns:
        assert message.startswith("editor_pattern_"), f"no message for the pattern {regex} (PATTERN_MESSAGES)"
        assert thai.string(message) != english.string(message)


# --- the pinned tarball, fetched into the user's cache ---------------------------------------------------


def _tarball(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


@pytest.fixture
def registry(server, monkeypatch, tmp_path):
    """A registry on localhost holding one package, `npm_config_registry` pointing at it, and an empty cache."""
    tarball = _tarball(
        {
            "package/package.json": b"{}",
            "package/dist/app.js": b"console.log('app')",
            "package/dist/app.js.map": b"{}",
            "package/../escape.js": b"x",
        }
    )
    folder = server.root / f"registry-{tmp_path.name}" / "pkg" / "-"
    folder.mkdir(parents=True)
    (folder / "pkg-1.0.0.tgz").write_bytes(tarball)
    monkeypatch.setenv("npm_config_registry", f"{server.url}registry-{tmp_path.name}/")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    integrity = "sha512-" + base64.b64encode(hashlib.sha512(tarball).digest()).decode()
    return NpmPackage("pkg", "1.0.0", integrity), folder / "pkg-1.0.0.tgz"


def _keep(name: str) -> bool:
    return not name.endswith(".map")


def test_a_pinned_package_is_fetched_once_checked_and_kept_in_the_users_cache(registry, tmp_path):
    package, tarball = registry
    folder = unpacked_package(package, _keep)
    assert folder.parent == tmp_path / "cache" / "reportsite" / "npm"
    assert package_files(folder) == ["package/dist/app.js", "package/package.json"]
    assert (folder / "package/dist/app.js").read_text() == "console.log('app')"
    assert not (tmp_path / "cache" / "reportsite" / "escape.js").exists()
    # Offline, with the cache warm: the same folder, without asking the registry.
    tarball.unlink()
    assert unpacked_package(package, _keep) == folder


def test_a_cold_cache_out_of_reach_of_the_registry_says_so(registry):
    package, tarball = registry
    tarball.unlink()
    with pytest.raises(PackageUnavailable, match=r"pkg 1\.0\.0 could not be fetched from http://127\.0\.0\.1"):
        unpacked_package(package, _keep)


def test_a_tarball_other_than_the_pinned_one_is_refused_and_nothing_kept(registry, tmp_path):
    package, _ = registry
    forged = NpmPackage(package.name, package.version, "sha512-" + base64.b64encode(b"0" * 64).decode())
    with pytest.raises(ReportsiteError, match="is not the pinned one"):
        unpacked_package(forged, _keep)
    assert not list((tmp_path / "cache").rglob("*.js"))


def test_a_damaged_cache_is_dropped_and_fetched_again(registry):
    package, _ = registry
    folder = unpacked_package(package, _keep)
    (folder / "package/dist/app.js").write_text("damaged")
    assert unpacked_package(package, _keep) == folder
    assert (folder / "package/dist/app.js").read_text() == "console.log('app')"


def test_a_build_out_of_reach_of_the_registry_leaves_the_editors_page_out_and_says_why(tmp_path):
    content = write_synthetic_content(tmp_path / "content")
    environment = {
        **os.environ,
        "XDG_CACHE_HOME": str(tmp_path / "cache"),
        "npm_config_registry": "http://127.0.0.1:9/",  # the discard port: nothing listens
        "PATH": "/usr/bin:/bin",
    }
    result = subprocess.run(
        [sys.executable, "-m", "generator", "build", "--project", str(tmp_path), "--content", str(content)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=300,
        env=environment,
    )
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert (
        "the editors' page (/admin/) is left out of this build: decap-cms 3.16.3 could not be fetched" in result.stderr
    )
    assert (tmp_path / "site" / "index.html").is_file() and not (tmp_path / "site" / EDITOR_FOLDER).exists()


# --- the page, with the real Decap CMS -------------------------------------------------------------------


@pytest.fixture(scope="session")
def editor_site(editor_files, tmp_path_factory, server):
    root = tmp_path_factory.mktemp("editor")
    content = write_synthetic_content(root / "content")
    project = Project.at(root, content_dir=content)
    report = build(project, editor=editor_files)
    served = server.root / "editor"
    (root / "site").rename(served)
    return report, served, f"{server.url}editor/"


def test_the_editors_page_serves_decap_from_the_site_with_a_collection_per_period(editor_site):
    report, site, _ = editor_site
    admin = site / EDITOR_FOLDER
    assert (admin / "decap-cms.js").stat().st_size > 1_000_000
    assert not list(admin.glob("*.map")), "no source maps"
    page = (admin / "index.html").read_text(encoding="utf-8")
    assert '<script src="decap-cms.js"></script>' in page and "https://" not in page
    assert (admin / "yaml-format.js").is_file() and (admin / "yaml" / "browser" / "index.js").is_file()
    data = json.loads((admin / "config.json").read_text(encoding="utf-8"))
    config = data["config"]
    assert config["publish_mode"] == "editorial_workflow" and config["local_backend"] is True
    assert {collection["format"] for collection in config["collections"]} == {YAML_FORMAT}
    assert all(collection["editor"] == {"preview": False} for collection in config["collections"])
    period = report.periods[-1]
    collection = next(c for c in config["collections"] if c["name"] == str(period.id))
    assert [file["file"] for file in collection["files"]] == [
        f"content/{period.id}/quarter.yaml",
        *(f"content/{period.id}/{name}.yaml" for name in period.sections),
    ]
    assert set(data["forms"]) == set(MODELS)
    assert data["messages"]["th"]["editor_pattern_id"].startswith("ใช้ได้เฉพาะอักษรอังกฤษตัวเล็ก")
    assert all(file["fields"] in data["forms"] for c in config["collections"] for file in c["files"])


@pytest.mark.parametrize(
    ("browser_locale", "query", "language", "sign_in"),
    [
        ("th-TH", "", "th", "เข้าสู่ระบบด้วย GitHub"),
        ("en-GB", "", "en", "Login with GitHub"),
        ("en-GB", "?lang=th", "th", "เข้าสู่ระบบด้วย GitHub"),
    ],
)
def test_the_editors_page_speaks_the_browsers_language_or_the_one_chosen(
    editor_site, browser, browser_locale, query, language, sign_in
):
    _, _, url = editor_site
    context = browser.new_context(locale=browser_locale)
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    try:
        page = context.new_page()
        page.goto(f"{url}{EDITOR_FOLDER}/{query}")
        page.get_by_text(sign_in).wait_for(timeout=30_000)
        assert page.evaluate("document.documentElement.lang") == language
        assert "Config Errors" not in page.inner_text("body")
    finally:
        context.close()
    # Nothing from another host: the page, Decap's files, and the probe for decap-server on this machine.
    assert [r for r in requests if not r.startswith((url, "http://localhost:8081/"))] == []


def test_the_backend_follows_the_repository_and_the_sign_in_address():
    assert backend("https://github.com/an-agency/reports", "edit/main/") == {
        "name": "github",
        "repo": "an-agency/reports",
        "branch": "main",
    }
    assert backend("https://gitlab.com/an-agency/reports.git", "-/edit/published/") == {
        "name": "gitlab",
        "repo": "an-agency/reports",
        "branch": "published",
    }
    # A host of the organisation's own, and its OAuth proxy: Decap's base_url and auth_endpoint.
    assert backend("https://git.agency.example/it/reports", "edit/main/", "https://sign-in.agency.example/auth") == {
        "name": "github",
        "repo": "it/reports",
        "branch": "main",
        "api_root": "https://git.agency.example/api/v3",
        "base_url": "https://sign-in.agency.example",
        "auth_endpoint": "auth",
    }
