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
from generator.theme import Theme

from .conftest import ROOT, build_arguments, digests

MARKER = "marker-planted-by-test.txt"
QUARTERS = ("2567-q1", "2567-q2", "2567-q3")


@pytest.fixture
def built(three_quarter_build):
    """Three synthetic quarters, built once for the session from an empty cache, one build after another."""
    return three_quarter_build


@pytest.fixture
def project(built, tmp_path) -> Project:
    """A copy of those three quarters, with their cache and site, for a test to edit and build again."""
    return built.copy(tmp_path / "copy")


def rebuild(built, project: Project, **options) -> BuildStats:
    """Build `project` as `built` was built (same base URL), and return what the build did."""
    stats = BuildStats()
    build(project, base_url=built.base_url, stats=stats, **options)
    return stats


def plant_markers(project: Project) -> None:
    for build_dir in (project.cache_dir / "builds").glob("*/*/*/"):  # the builds, not their manifests
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


def test_a_build_from_an_empty_cache_builds_everything_and_a_copy_of_its_cache_serves_another(built, project):
    assert set(built.stats.built) == all_builds() and built.stats.reused == []
    again = rebuild(built, project)
    assert again.built == [] and set(again.reused) == all_builds()
    assert digests(project.site_dir) == digests(built.project.site_dir)


def test_an_edit_to_the_latest_quarter_rebuilds_it_alone_in_the_languages_whose_pages_change(built, project):
    first = rebuild(built, project)
    assert first.built == [] and set(first.reused) == all_builds()
    plant_markers(project)

    # An English text: only the English pages change, so only they are built again.
    edit(project, "2567-q3", "problems.yaml", "The first synthetic problem.", "An edited problem, not rebuilt yet.")
    second = rebuild(built, project)
    assert second.built == ["en/2567-q3"]
    assert carries_marker(project) == all_builds() - {"en/2567-q3"}
    assert "An edited problem, not rebuilt yet." in page(project, "en", "problems")
    assert "ปัญหาสังเคราะห์ข้อแรก" in page(project, "th", "problems")

    # Its Thai text: the Thai pages.
    edit(project, "2567-q3", "problems.yaml", "ปัญหาสังเคราะห์ข้อแรก", "ปัญหาที่แก้แล้ว")
    third = rebuild(built, project)
    assert third.built == ["th/2567-q3"]
    assert "ปัญหาที่แก้แล้ว" in page(project, "th", "problems")
    assert "An edited problem, not rebuilt yet." in page(project, "en", "problems")

    # The as-of date, which both languages show: both.
    edit(project, "2567-q3", "quarter.yaml", "as_of: 2024-06-30", "as_of: 2024-06-29")
    fourth = rebuild(built, project)
    assert set(fourth.built) == {"th/2567-q3", "en/2567-q3"}
    assert "29 June 2024" in page(project, "en", "")
    assert carries_marker(project) == all_builds() - {"th/2567-q3", "en/2567-q3"}

    # Back to the files of an earlier run: their key leads to the build they rendered then, which is still cached.
    edit(project, "2567-q3", "quarter.yaml", "as_of: 2024-06-29", "as_of: 2024-06-30")
    assert rebuild(built, project).built == []


def page(project: Project, language: str, path: str) -> str:
    return (project.site_dir / language / "2567-q3" / path / "index.html").read_text(encoding="utf-8")


def test_an_edit_to_an_earlier_quarter_also_rebuilds_the_quarter_compared_with_it(built, project):
    rebuild(built, project)
    plant_markers(project)
    # q2's pages show what changed since q1 (a project's progress); q3 is compared with q2 only.
    edit(project, "2567-q1", "strategies.yaml", "vs_annual_target: 21.25", "vs_annual_target: 22.25")
    stats = rebuild(built, project, jobs=2)
    assert set(stats.built) == {
        f"{language}/{quarter}" for language in ("th", "en") for quarter in ("2567-q1", "2567-q2")
    }
    assert carries_marker(project) == {"th/2567-q3", "en/2567-q3"}
    # A text of q1's that q2 does not show: q1's pages alone.
    plant_markers(project)
    edit(project, "2567-q1", "problems.yaml", "The first synthetic problem.", "An edited first-quarter problem.")
    assert rebuild(built, project, jobs=2).built == ["en/2567-q1"]


def test_a_template_edit_rebuilds_every_quarter(built, tmp_path):
    root = tmp_path / "project"
    root.mkdir()
    project = built.copy(tmp_path / "copy", root=root)
    first = rebuild(built, project)
    assert first.built == [], "a project of its own, with the packaged theme: every build is reused"
    plant_markers(project)
    # The project replaces one packaged string with its own.
    strings = root / "site_templates" / "strings" / "en.yaml"
    strings.parent.mkdir(parents=True)
    strings.write_text("total_score: Overall score\n", encoding="utf-8")
    stats = rebuild(built, project, jobs=2)
    assert set(stats.built) == all_builds() and carries_marker(project) == set()


def test_what_a_quarter_shows_comes_only_from_the_quarters_its_key_hashes(three_quarters):
    """The cache keys a build on `Renderer.periods_read`; rendering from just those quarters changes nothing."""
    report = validate_content(three_quarters)
    renderer = Renderer(Theme())
    for quarter in report.periods:
        alone = report.model_copy(update={"periods": Renderer.periods_read(report, quarter)})
        for language in report.site.languages:
            full = renderer.render_period(report, quarter, language)
            partial = renderer.render_period(alone, quarter, language)
            assert [page.markdown for page in partial.pages] == [page.markdown for page in full.pages]
            assert partial.files == full.files
    assert len(Renderer.periods_read(report, report.periods[1])) == 2, "q2 is compared with q1"


def test_parallel_builds_give_the_same_bytes_as_serial_ones(built, tmp_path):
    # The session's build ran one build after another; this one, from an empty cache, in three processes.
    parallel = Project.at(
        ROOT,
        content_dir=built.project.content_dir,
        site_dir=tmp_path / "parallel",
        work_dir=tmp_path / "work-parallel",
        archive_dir=built.project.archive_dir,
    )
    stats = rebuild(built, parallel, jobs=3)
    assert set(stats.built) == all_builds()
    assert digests(parallel.site_dir) == digests(built.project.site_dir)


def test_identical_files_are_stored_once_in_the_site(built):
    site_dir = built.project.site_dir
    bundles = sorted(site_dir.glob("*/*/assets/javascripts/bundle.*.min.js"))
    assert len(bundles) == 6
    assert len({path.stat().st_ino for path in bundles}) == 1, "one file on disk, linked from every quarter"
    # Files that differ stay apart: each quarter's own overview page.
    overviews = [site_dir / language / quarter / "index.html" for language in ("th", "en") for quarter in QUARTERS]
    assert len({path.stat().st_ino for path in overviews}) == 6


def test_the_site_carries_no_source_maps_and_no_unused_search_languages(built):
    site_dir = built.project.site_dir
    assert not list(site_dir.rglob("*.map"))
    for script in site_dir.rglob("*.js"):
        assert "sourceMappingURL" not in script.read_text(encoding="utf-8"), script
    # Both languages search with lunr's built-in English pipeline (Thai is segmented at build time),
    # so none of lunr's language files, Thai's 677 KB wordcut.js included, is ever loaded.
    assert not list(site_dir.rglob("lunr/*"))


def reportsite(project: Project, *arguments: str) -> subprocess.CompletedProcess:
    command = [sys.executable, "-m", "generator", *build_arguments(project), *arguments]
    return subprocess.run(
        command, capture_output=True, text=True, cwd=project.root, env={**os.environ, "PATH": "/nonexistent"}
    )  # no Chromium: no PDFs, for speed


def test_the_command_skips_a_build_when_nothing_changed(project, tmp_path):
    # The copy's content, with a cache and site of its own: the command's first build starts from nothing.
    project = Project.at(
        ROOT,
        content_dir=project.content_dir,
        site_dir=tmp_path / "command-site",
        work_dir=tmp_path / "command-work",
        archive_dir=project.archive_dir,
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
    assert "1 of 6 MkDocs builds ran, 5 were unchanged and reused" in edited.stdout, edited.stderr

    shutil.rmtree(project.site_dir)  # a site deleted by hand is built again, from the cache
    rebuilt = reportsite(project)
    assert "0 of 6 MkDocs builds ran, 6 were unchanged and reused" in rebuilt.stdout, rebuilt.stderr
    assert index.is_file()


def test_a_font_subset_is_kept_for_the_next_build_and_a_damaged_one_is_made_again(tmp_path):
    import hashlib

    from generator.engine import fonts

    kept = tmp_path / "kept"
    texts = ["ข้อความสังเคราะห์ synthetic"]
    fonts.write_fonts(texts, tmp_path / "first", kept)
    stored = sorted(kept.glob("*.woff2"))
    assert len(stored) == 2, "one subset a face"
    made = sorted(path.read_bytes() for path in (tmp_path / "first").glob("*.woff2"))
    # Planted in place of one kept subset, under its name for what it was made from and its own hash: a build that
    # reads the kept subsets serves these bytes; one that made its subsets anew would not.
    planted = b"synthetic planted subset"
    made_from = stored[0].name.split("-")[0]
    stored[0].unlink()
    (kept / f"{made_from}-{hashlib.sha256(planted).hexdigest()[:16]}.woff2").write_bytes(planted)
    fonts._subset_woff2.cache_clear()
    fonts.write_fonts(texts, tmp_path / "second", kept)
    assert planted in [path.read_bytes() for path in (tmp_path / "second").glob("*.woff2")]
    # A kept subset whose bytes no longer match its name is never served: it is made again, and kept right.
    for path in kept.glob("*.woff2"):
        path.write_bytes(b"damaged")
    fonts._subset_woff2.cache_clear()
    fonts.write_fonts(texts, tmp_path / "third", kept)
    assert sorted(path.read_bytes() for path in (tmp_path / "third").glob("*.woff2")) == made
    assert sorted(path.read_bytes() for path in kept.glob("*.woff2")) == made
