"""The `reportsite` command. Errors are caught once, here, and printed without a traceback."""

from __future__ import annotations

import logging
from pathlib import Path

import click

from .build import Project, build
from .errors import display_path
from .validation import validate_content

project_option = click.option(
    "--project", "project_root", type=click.Path(file_okay=False, path_type=Path), default=".",
    show_default=True, help="The folder holding content/, site_templates/ and mkdocs.yml.",
)


@click.group()
@click.version_option(package_name="reportsite")
def main() -> None:
    """Publish a quarterly performance report as a bilingual static site."""
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s: %(message)s")


@main.command("build")
@project_option
@click.option("--content", "content_dir", type=click.Path(file_okay=False, path_type=Path),
              help="The content folder  [default: <project>/content]")
@click.option("--site", "site_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Where to write the site  [default: <project>/site]")
@click.option("--base-url", help="Override site.yaml's base_url, e.g. for a local preview.")
def build_command(project_root: Path, content_dir: Path | None, site_dir: Path | None, base_url: str | None) -> None:
    """Check the content and build the whole site."""
    project = Project.at(project_root, content_dir=content_dir, site_dir=site_dir)
    if base_url and not base_url.endswith("/"):
        base_url += "/"
    report = build(project, base_url=base_url)
    _show_warnings(report)
    builds = len(report.quarters) * len(report.site.languages)
    click.echo(f"Built {len(report.quarters)} quarter(s) in {len(report.site.languages)} languages "
               f"({builds} MkDocs builds) into {display_path(project.site_dir)}/")


@main.command("validate")
@project_option
@click.option("--content", "content_dir", type=click.Path(file_okay=False, path_type=Path),
              help="The content folder  [default: <project>/content]")
def validate_command(project_root: Path, content_dir: Path | None) -> None:
    """Check the content and report every problem, without building."""
    report = validate_content(Project.at(project_root, content_dir=content_dir).content_dir)
    _show_warnings(report)
    click.echo(f"The content is valid: {len(report.quarters)} quarter(s).")


def _show_warnings(report) -> None:
    for warning in report.warnings:
        click.echo(str(warning), err=True)
