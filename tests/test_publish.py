"""Publishing with mike to a git branch: one version per quarter under each language prefix."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from .conftest import ROOT, path_without_chromium
from .synthetic import write_later_synthetic_quarter, write_synthetic_content, write_synthetic_periods


def git(*args, cwd) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout


def publish(cwd, work_dir, path: str):
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "generator",
            "publish",
            "--project",
            str(ROOT),
            "--work-dir",
            str(work_dir),
            "--content",
            "content",
            "--archive",
            "archive",
        ],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, "PATH": path},
    )


def test_publish_adds_new_quarters_and_leaves_published_ones_untouched(synthetic_build, tmp_path, tmp_path_factory):
    # Outside the repository that is published from: a copy of the cache of the session's build of the first
    # quarter, which the first publish reuses.
    work_dir = synthetic_build.copy_cache(tmp_path_factory.mktemp("copy") / "work")
    # mike runs git; Chromium stays out of reach, so the builds print no PDF, which no test here reads.
    path = path_without_chromium(tmp_path_factory.mktemp("bin"), "git")
    git("init", "-q", "-b", "main", cwd=tmp_path)
    # mike commits as the repository's user; a fresh CI machine has none configured.
    git("config", "user.name", "reportsite tests", cwd=tmp_path)
    git("config", "user.email", "tests@synthetic.example.org", cwd=tmp_path)
    git("commit", "-q", "--allow-empty", "-m", "init", cwd=tmp_path)
    content = write_synthetic_content(tmp_path / "content")
    first = publish(tmp_path, work_dir, path)
    assert first.returncode == 0, first.stderr
    assert "Published th/2567-q1" in first.stdout and "Published en/2567-q1" in first.stdout
    first_tree = git("rev-parse", "gh-pages:th/2567-q1", cwd=tmp_path).strip()

    write_later_synthetic_quarter(content, 2)
    second = publish(tmp_path, work_dir, path)
    assert second.returncode == 0, second.stderr
    assert "Published th/2567-q2" in second.stdout and "th/2567-q1" not in second.stdout

    assert git("rev-parse", "gh-pages:th/2567-q1", cwd=tmp_path).strip() == first_tree
    versions = json.loads(git("show", "gh-pages:en/versions.json", cwd=tmp_path))
    assert [(v["version"], v["title"], v["aliases"]) for v in versions] == [
        ("2567-q2", "Q2 FY2024", ["latest"]),
        ("2567-q1", "Q1 FY2024", []),
    ]
    files = git("ls-tree", "-r", "--name-only", "gh-pages", cwd=tmp_path).splitlines()
    assert "index.html" in files and "th/latest/index.html" in files and "en/2567-q2/scorecard/index.html" in files
    latest = git("show", "gh-pages:th/latest/index.html", cwd=tmp_path)
    assert "../2567-q2/" in latest


def test_published_versions_are_listed_in_the_periods_order(periods_build, tmp_path, tmp_path_factory):
    # mike alone would sort them as version numbers: 2567-q3, 2567-h2, 2567-h1, 2567-fy, 2566-fy.
    # Outside the repository that is published from: a copy of the cache of the session's build of the same
    # periods, which the publish reuses.
    work_dir = periods_build.copy_cache(tmp_path_factory.mktemp("copy") / "work")
    path = path_without_chromium(tmp_path_factory.mktemp("bin"), "git")  # mike runs git; no PDFs
    git("init", "-q", "-b", "main", cwd=tmp_path)
    git("config", "user.name", "reportsite tests", cwd=tmp_path)
    git("config", "user.email", "tests@synthetic.example.org", cwd=tmp_path)
    git("commit", "-q", "--allow-empty", "-m", "init", cwd=tmp_path)
    write_synthetic_periods(tmp_path / "content")
    result = publish(tmp_path, work_dir, path)
    assert result.returncode == 0, result.stderr
    for language in ("th", "en"):
        versions = json.loads(git("show", f"gh-pages:{language}/versions.json", cwd=tmp_path))
        assert [v["version"] for v in versions] == ["2567-fy", "2567-h2", "2567-q3", "2567-h1", "2566-fy"]
        assert versions[0]["aliases"] == ["latest"]
    english = json.loads(git("show", "gh-pages:en/versions.json", cwd=tmp_path))
    assert [v["title"] for v in english] == ["FY2024", "H2 FY2024", "Q3 FY2024", "H1 FY2024", "FY2023"]
