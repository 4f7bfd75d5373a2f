"""The whole pipeline, top-down: load and validate, render, build with MkDocs, swap into place.

Every piece of content is checked and every page rendered before the first
file is written, so bad content never leaves a half-written site behind.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .model import Report
from .rendering import RenderedQuarter, Renderer
from .site import (
    build_with_mkdocs,
    mkdocs_config,
    render_front_door,
    staged_output,
    write_config,
    write_docs,
)
from .validation import validate_content
from .versions import render_versions_json, write_latest_redirects


@dataclass(frozen=True)
class Project:
    """Where a reportsite project keeps its parts."""

    root: Path
    content_dir: Path
    site_dir: Path
    work_dir: Path
    """Intermediate Markdown and MkDocs configs, kept for inspection; git-ignored."""

    @classmethod
    def at(cls, root: Path, *, content_dir: Path | None = None, site_dir: Path | None = None,
           work_dir: Path | None = None) -> Project:
        root = root.resolve()
        return cls(
            root=root,
            content_dir=(content_dir or root / "content").resolve(),
            site_dir=(site_dir or root / "site").resolve(),
            work_dir=(work_dir or root / "build").resolve(),
        )

    @property
    def templates_dir(self) -> Path:
        return self.root / "site_templates"


def render_report(report: Report, renderer: Renderer) -> list[RenderedQuarter]:
    """Render every quarter in every language of the site."""
    return [
        renderer.render_quarter(report, quarter, language)
        for quarter in report.quarters
        for language in report.site.languages
    ]


def build(project: Project, *, base_url: str | None = None) -> Report:
    """Build the whole site of `project` into its site folder, and return the report built."""
    report = validate_content(project.content_dir)
    renderer = Renderer(project.templates_dir)
    rendered = render_report(report, renderer)
    localizers = {language: renderer.environment(language)[1] for language in report.site.languages}
    front_door = render_front_door(report, project.templates_dir, localizers)

    with staged_output(project.site_dir) as staging:
        for quarter_pages in rendered:
            build_dir = project.work_dir / quarter_pages.language / str(quarter_pages.quarter.id)
            write_docs(quarter_pages, build_dir / "docs", project.templates_dir / "assets")
            config = mkdocs_config(
                report, quarter_pages, base_url=base_url or report.site.base_url, project_dir=project.root,
                site_dir=staging / quarter_pages.language / str(quarter_pages.quarter.id), renderers=localizers,
            )
            write_config(config, build_dir / "mkdocs.yml")
            build_with_mkdocs(build_dir / "mkdocs.yml", quarter_pages.quarter.source_date_epoch)
        for language, l10n in localizers.items():
            (staging / language / "versions.json").write_text(render_versions_json(report, l10n), encoding="utf-8")
            write_latest_redirects(staging / language, str(report.latest.id), language, project.templates_dir)
        (staging / "index.html").write_text(front_door, encoding="utf-8")
    return report
