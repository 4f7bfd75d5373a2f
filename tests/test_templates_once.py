"""MkDocs' templates compiled once per process, and the theme's hidden folders never walked: what a preview's
rebuilds and a build's second language save; and an edited template still shows in the very next build."""

from __future__ import annotations

from pathlib import Path

import jinja2
import material

from generator.commands.build import BuildStats, build
from generator.engine.period_site import _ThemeLoader
from generator.project import Project
from generator.theme import PACKAGED_TEMPLATES

from .synthetic import SYNTHETIC_QUARTER, write_synthetic_content

MATERIAL_TEMPLATES = Path(material.__file__).parent / "templates"
COPYRIGHT = Path("overrides") / "partials" / "copyright.html"


def project_at(root: Path) -> Project:
    write_synthetic_content(root / "content")
    return Project.at(
        root, content_dir=root / "content", site_dir=root / "site", work_dir=root / "work", archive_dir=root / "none"
    )


def test_an_edited_override_shows_in_the_next_build_of_the_same_process(tmp_path):
    # The project's own footer, edited between two builds in this process: the same template file (the build's
    # copy of the overrides) with another source each time, which must be compiled again.
    footer = tmp_path / "site_templates" / COPYRIGHT
    footer.parent.mkdir(parents=True)
    project = project_at(tmp_path)
    packaged = (PACKAGED_TEMPLATES / COPYRIGHT).read_text(encoding="utf-8")
    assert '<div class="md-copyright">' in packaged
    for marker, before in (("SYNTHETIC-FOOTER-ONE", None), ("SYNTHETIC-FOOTER-TWO", "SYNTHETIC-FOOTER-ONE")):
        footer.write_text(packaged.replace('<div class="md-copyright">', f'<div class="md-copyright">{marker}'))
        stats = BuildStats()
        build(project, stats=stats, jobs=1)
        assert len(stats.built) == 2
        for language in ("th", "en"):
            page = (project.site_dir / language / SYNTHETIC_QUARTER / "index.html").read_text(encoding="utf-8")
            assert marker in page, (marker, language)
            assert before is None or before not in page, (before, language)


def test_a_second_build_in_one_process_compiles_only_the_template_that_changed(tmp_path, monkeypatch):
    footer = tmp_path / "site_templates" / COPYRIGHT
    footer.parent.mkdir(parents=True)
    packaged = (PACKAGED_TEMPLATES / COPYRIGHT).read_text(encoding="utf-8")
    footer.write_text(packaged.replace('<div class="md-copyright">', '<div class="md-copyright">SYNTHETIC-ONE'))
    project = project_at(tmp_path)
    build(project, jobs=1)
    compiled: list[str] = []
    compile_template = jinja2.Environment.compile

    def counting(self, source, name=None, filename=None, *arguments, **keywords):
        compiled.append(str(filename))
        return compile_template(self, source, name, filename, *arguments, **keywords)

    monkeypatch.setattr(jinja2.Environment, "compile", counting)
    footer.write_text(packaged.replace('<div class="md-copyright">', '<div class="md-copyright">SYNTHETIC-TWO'))
    stats = BuildStats()
    build(project, stats=stats, jobs=1)
    assert len(stats.built) == 2, "both languages were built again"
    # The footer, in each language's build (its copy of the overrides); none of Material's, nor of the others.
    assert sorted(Path(name).relative_to(project.work_dir).as_posix() for name in compiled) == [
        f"online/{language}/{SYNTHETIC_QUARTER}/overrides/partials/copyright.html" for language in ("en", "th")
    ]


def test_the_theme_loader_lists_every_file_but_those_in_hidden_folders():
    folders = [str(PACKAGED_TEMPLATES / "overrides"), str(MATERIAL_TEMPLATES)]
    everything = jinja2.FileSystemLoader(folders).list_templates()
    hidden = [name for name in everything if any(part.startswith(".") for part in name.split("/")[:-1])]
    assert len(hidden) > 10_000  # Material's icons
    assert _ThemeLoader(folders).list_templates() == sorted(set(everything) - set(hidden))
