"""Incremental and parallel builds: an edit rebuilds what it affects and nothing else.

Whether a quarter was rebuilt is shown by a marker file planted in its
cached build: a reused build carries the marker into the new site, a rebuilt
one does not. No test here measures time (benchmarks/ does that).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from generator.commands.build import BuildStats, build
from generator.project import Project
from generator.reading.validation import validate_content
from generator.rendering.pages import Renderer

from .conftest import ROOT, digests
from .synthetic import write_later_synthetic_quarter, write_synthetic_content

MARKER = "marker-planted-by-test.txt"
QUARTERS = ("2567-q1", "2567-q2", "2567-q3")


@pytest.fixture
def project(tmp_path) -> Project:
    content = write_synthetic_content(tmp_path / "content")
    write_later_synthetic_quarter(content, 2)
    write_later_synthetic_quarter(content, 3)
    return Project.at(
        ROOT,
        content_dir=content,
        site_dir=tmp_path / "site",
        work_dir=tmp_path / "work",
        archive_dir=tmp_path / "no-archive",
    )


def plant_markers(project: Project) -> None:
    for build_dir in (project.cache_dir / "builds").glob("*/*/*"):
        (build_dir / MARKER).write_text("this build was reused", encoding="utf-8")


def carries_marker(project: Project) -> set[str]:
    return {
        f"{language}/{quarter}"
        for language in ("th", "en")
        for quarter in QUARTERS
        if (project.site_dir / language / quarter / MARKER).is_file()
    }


def edit(project: Project, quarter: str, file: str, old: str, new: str) -> None:
    path = project.content_dir / quarter / file
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def all_builds() -> set[str]:
    return {f"{language}/{quarter}" for language in ("th", "en") for quarter in QUARTERS}


def test_an_edit_to_the_latest_quarter_rebuilds_it_alone(project):
    first = BuildStats()
    build(project, stats=first)
    assert set(first.built) == all_builds() and first.reused == []
    plant_markers(project)

    edit(project, "2567-q3", "problems.yaml", "The first synthetic problem.", "An edited problem, not rebuilt yet.")
    second = BuildStats()
    build(project, stats=second)

    assert set(second.built) == {"th/2567-q3", "en/2567-q3"}
    assert carries_marker(project) == all_builds() - {"th/2567-q3", "en/2567-q3"}
    problems_page = (project.site_dir / "en" / "2567-q3" / "problems" / "index.html").read_text(encoding="utf-8")
    assert "An edited problem, not rebuilt yet." in problems_page


def test_an_edit_to_an_earlier_quarter_also_rebuilds_the_quarter_compared_with_it(project):
    build(project)
    plant_markers(project)
    # q2's pages show what changed since q1; q3 is compared with q2 only.
    edit(project, "2567-q1", "problems.yaml", "The first synthetic problem.", "An edited first-quarter problem.")
    stats = BuildStats()
    build(project, stats=stats)
    assert set(stats.built) == {
        f"{language}/{quarter}" for language in ("th", "en") for quarter in ("2567-q1", "2567-q2")
    }
    assert carries_marker(project) == {"th/2567-q3", "en/2567-q3"}


def test_a_template_edit_rebuilds_every_quarter(project, tmp_path):
    root = tmp_path / "project"
    shutil.copytree(ROOT / "site_templates", root / "site_templates")
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    project = Project.at(
        root,
        content_dir=project.content_dir,
        site_dir=project.site_dir,
        work_dir=project.work_dir,
        archive_dir=project.archive_dir,
    )
    build(project)
    plant_markers(project)
    strings = root / "site_templates" / "strings" / "en.yaml"
    strings.write_text(strings.read_text(encoding="utf-8").replace("Total score", "Overall score"), encoding="utf-8")
    stats = BuildStats()
    build(project, stats=stats)
    assert set(stats.built) == all_builds() and carries_marker(project) == set()


def test_what_a_quarter_shows_comes_only_from_the_quarters_its_key_hashes(three_quarters):
    """The cache keys a build on `Renderer.periods_read`; rendering from just those quarters changes nothing."""
    report = validate_content(three_quarters)
    renderer = Renderer(ROOT / "site_templates")
    for quarter in report.periods:
        alone = report.model_copy(update={"periods": Renderer.periods_read(report, quarter)})
        for language in report.site.languages:
            full = renderer.render_period(report, quarter, language)
            partial = renderer.render_period(alone, quarter, language)
            assert [page.markdown for page in partial.pages] == [page.markdown for page in full.pages]
            assert partial.files == full.files
    assert len(Renderer.periods_read(report, report.periods[1])) == 2, "q2 is compared with q1"


def test_parallel_builds_give_the_same_bytes_as_serial_ones(project, tmp_path):
    serial = Project.at(
        ROOT,
        content_dir=project.content_dir,
        site_dir=tmp_path / "serial",
        work_dir=tmp_path / "work-serial",
        archive_dir=project.archive_dir,
    )
    build(serial, jobs=1)
    stats = BuildStats()
    build(project, jobs=3, stats=stats)
    assert set(stats.built) == all_builds()
    assert digests(project.site_dir) == digests(serial.site_dir)


def test_identical_files_are_stored_once_in_the_site(project):
    build(project)
    bundles = sorted(project.site_dir.glob("*/*/assets/javascripts/bundle.*.min.js"))
    assert len(bundles) == 6
    assert len({path.stat().st_ino for path in bundles}) == 1, "one file on disk, linked from every quarter"
    # Files that differ stay apart: each quarter's own overview page.
    overviews = [
        project.site_dir / language / quarter / "index.html" for language in ("th", "en") for quarter in QUARTERS
    ]
    assert len({path.stat().st_ino for path in overviews}) == 6


def test_the_site_carries_no_source_maps_and_no_unused_search_languages(project):
    build(project)
    assert not list(project.site_dir.rglob("*.map"))
    for script in project.site_dir.rglob("*.js"):
        assert "sourceMappingURL" not in script.read_text(encoding="utf-8"), script
    # Both languages search with lunr's built-in English pipeline (Thai is segmented at build time),
    # so none of lunr's language files, Thai's 677 KB wordcut.js included, is ever loaded.
    assert not list(project.site_dir.rglob("lunr/*"))


def reportsite(project: Project, *arguments: str) -> subprocess.CompletedProcess:
    command = [
        sys.executable,
        "-m",
        "generator",
        "build",
        "--project",
        str(project.root),
        "--content",
        str(project.content_dir),
        "--site",
        str(project.site_dir),
        "--archive",
        str(project.archive_dir),
        *arguments,
    ]
    return subprocess.run(
        command, capture_output=True, text=True, cwd=project.root, env={**os.environ, "PATH": "/nonexistent"}
    )  # no Chromium: no PDFs, for speed


def test_the_command_skips_a_build_when_nothing_changed(project, tmp_path):
    # The command's work folder is the project's; give it a project of its own.
    root = tmp_path / "project"
    shutil.copytree(ROOT / "site_templates", root / "site_templates")
    shutil.copy(ROOT / "mkdocs.yml", root / "mkdocs.yml")
    project = Project.at(
        root, content_dir=project.content_dir, site_dir=project.site_dir, archive_dir=project.archive_dir
    )
    first = reportsite(project)
    assert first.returncode == 0, first.stderr
    assert "6 of 6 MkDocs builds ran" in first.stdout
    index = project.site_dir / "en" / "2567-q3" / "index.html"
    before = index.stat().st_ino

    again = reportsite(project)
    assert again.returncode == 0, again.stderr
    assert "Nothing changed since the last build" in again.stdout
    assert index.stat().st_ino == before, "the site was left as it was"

    edit(project, "2567-q3", "problems.yaml", "The first synthetic problem.", "Edited.")
    edited = reportsite(project)
    assert "2 of 6 MkDocs builds ran, 4 were unchanged and reused" in edited.stdout, edited.stderr

    shutil.rmtree(project.site_dir)  # a site deleted by hand is built again, from the cache
    rebuilt = reportsite(project)
    assert "0 of 6 MkDocs builds ran, 6 were unchanged and reused" in rebuilt.stdout, rebuilt.stderr
    assert index.is_file()
