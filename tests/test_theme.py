"""A project's own templates, strings, assets and mkdocs.yml extend the packaged theme."""

from __future__ import annotations

import pytest

from generator.commands.build import build
from generator.errors import BuildError
from generator.project import Project
from generator.theme import PACKAGED_TEMPLATES

from .pages import read_article
from .synthetic import SYNTHETIC_QUARTER, write_synthetic_content


def test_a_project_with_only_content_gets_the_packaged_theme(tmp_path):
    content = write_synthetic_content(tmp_path / "project" / "content")
    project = Project.at(tmp_path / "project", work_dir=tmp_path / "work")
    assert project.theme.template_dirs == [PACKAGED_TEMPLATES]
    build(project)
    quarter = project.site_dir / "en" / SYNTHETIC_QUARTER
    assert "Total score" in read_article(quarter / "index.html")[0]
    css = (quarter / "assets" / "reportsite.css").read_bytes()
    assert css == (PACKAGED_TEMPLATES / "assets" / "reportsite.css").read_bytes()
    assert "Material for MkDocs" in (quarter / "index.html").read_text(encoding="utf-8")
    assert content.is_dir()


def test_a_projects_strings_assets_and_settings_win_over_the_packaged_ones(tmp_path):
    root = tmp_path / "project"
    write_synthetic_content(root / "content")
    strings = root / "site_templates" / "strings"
    strings.mkdir(parents=True)
    # One string replaced; every other still comes from the packaged table.
    (strings / "en.yaml").write_text("total_score: Overall score\n", encoding="utf-8")
    assets = root / "site_templates" / "assets"
    assets.mkdir()
    (assets / "reportsite.css").write_text("/* the synthetic project's own stylesheet */\n", encoding="utf-8")
    # Settings merge with the packaged mkdocs.yml: `extra.generator: false` drops the theme's credit line.
    (root / "mkdocs.yml").write_text("extra:\n  generator: false\n", encoding="utf-8")
    project = Project.at(root, work_dir=tmp_path / "work")
    build(project)

    english, thai = (project.site_dir / language / SYNTHETIC_QUARTER for language in ("en", "th"))
    overview = read_article(english / "index.html")[0]
    assert "Overall score" in overview and "Total score" not in overview
    assert "Data as of" in overview, "the strings the project left alone are the packaged ones"
    assert (english / "assets" / "reportsite.css").read_text(encoding="utf-8").startswith("/* the synthetic")
    # The packaged print.css is still there: a project replaces files, not whole folders.
    assert (english / "assets" / "print.css").read_bytes() == (PACKAGED_TEMPLATES / "assets" / "print.css").read_bytes()
    for page in (english / "index.html", thai / "index.html"):
        html = page.read_text(encoding="utf-8")
        assert "Material for MkDocs" not in html
        assert 'class="md-copyright"' in html, "the footer's own line is still there"
    # The Thai table was not touched.
    assert "คะแนนรวม" in read_article(thai / "index.html")[0]


def test_a_misspelt_string_name_in_a_project_is_refused(tmp_path):
    root = tmp_path / "project"
    write_synthetic_content(root / "content")
    strings = root / "site_templates" / "strings"
    strings.mkdir(parents=True)
    (strings / "en.yaml").write_text("total_scroe: Overall score\n", encoding="utf-8")
    with pytest.raises(BuildError, match=r"en\.yaml: unknown string name\(s\) total_scroe"):
        build(Project.at(root, work_dir=tmp_path / "work"))
    assert not (root / "site").exists()
