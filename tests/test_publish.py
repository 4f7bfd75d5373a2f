"""Publishing with mike to a git branch: one version per quarter under each language prefix."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

from .conftest import ROOT, path_without_chromium
from .synthetic import write_later_synthetic_quarter, write_synthetic_content, write_synthetic_periods
from .test_links_and_html import broken_links


def git(*args, cwd) -> str:
    return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, check=True).stdout


def publish(cwd, work_dir, path: str, *options: str):
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
            *options,
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
    # Not yet committed: publish refuses, before it builds anything, and says how to go on.
    refused = publish(tmp_path, work_dir, path)
    assert refused.returncode == 1 and refused.stdout == ""
    assert refused.stderr.count("\n") == 1 and "Traceback" not in refused.stderr
    assert "nothing was published: " in refused.stderr and "uncommitted change(s) under content/" in refused.stderr
    assert "(content/2567-q1/background.yaml, " in refused.stderr and "--allow-dirty" in refused.stderr
    assert "gh-pages" not in git("branch", "--list", cwd=tmp_path)

    git("add", "content", cwd=tmp_path)
    git("commit", "-q", "-m", "The first quarter", cwd=tmp_path)
    commit = git("rev-parse", "HEAD", cwd=tmp_path).strip()
    first = publish(tmp_path, work_dir, path)
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith(f"Publishing commit {commit[:12]} of main (The first quarter)\n")
    assert "Published th/2567-q1" in first.stdout and "Published en/2567-q1" in first.stdout
    assert f"Publish th/2567-q1 from {commit[:12]} with reportsite" in git("log", "gh-pages", cwd=tmp_path)
    first_tree = git("rev-parse", "gh-pages:th/2567-q1", cwd=tmp_path).strip()

    # Told to, it publishes the working tree as it is, and warns that no commit holds what it publishes.
    write_later_synthetic_quarter(content, 2)
    second = publish(tmp_path, work_dir, path, "--allow-dirty")
    assert second.returncode == 0, second.stderr
    assert "Published th/2567-q2" in second.stdout and "th/2567-q1" not in second.stdout
    assert "uncommitted change(s) under content/ or archive/ (--allow-dirty)" in second.stderr
    assert f"from {commit[:12]} and uncommitted changes" in git("log", "-1", "gh-pages", cwd=tmp_path)

    assert git("rev-parse", "gh-pages:th/2567-q1", cwd=tmp_path).strip() == first_tree
    versions = json.loads(git("show", "gh-pages:en/versions.json", cwd=tmp_path))
    assert [(v["version"], v["title"], v["aliases"]) for v in versions] == [
        ("2567-q2", "Q2 FY2024", ["latest"]),
        ("2567-q1", "Q1 FY2024", []),
    ]
    files = git("ls-tree", "-r", "--name-only", "gh-pages", cwd=tmp_path).splitlines()
    assert "index.html" in files and "th/latest/index.html" in files and "en/2567-q2/scorecard/index.html" in files
    # The editors' page goes out with the front door.
    assert {"admin/index.html", "admin/config.json", "admin/decap-cms.js", "admin/yaml-format.js"} <= set(files)
    latest = git("show", "gh-pages:th/latest/index.html", cwd=tmp_path)
    assert "../2567-q2/" in latest

    # A published period's content, edited and committed: publish leaves its pages as they were, and says so.
    git("add", "content", cwd=tmp_path)
    git("commit", "-q", "-m", "The second quarter", cwd=tmp_path)
    first_tree = git("rev-parse", "gh-pages:en/2567-q1", cwd=tmp_path).strip()
    thai_tree = git("rev-parse", "gh-pages:th/2567-q1", cwd=tmp_path).strip()
    background = content / "2567-q1" / "background.yaml"
    background.write_text(background.read_text(encoding="utf-8").replace("The first", "The corrected first"), "utf-8")
    git("commit", "-q", "-a", "-m", "A correction to the first quarter", cwd=tmp_path)
    third = publish(tmp_path, work_dir, path)
    assert third.returncode == 0, third.stderr
    assert "Every period was already on gh-pages" in third.stdout
    warning = [line for line in third.stderr.splitlines() if line.startswith("warning: content/")]
    assert warning == [
        f"warning: content/2567-q1 has changed since its pages on gh-pages were published (from {commit[:12]}): "
        "they stay as they were, while the front door shows the content as it is; "
        "publish again with --republish 2567-q1 to replace them"
    ]
    assert git("rev-parse", "gh-pages:en/2567-q1", cwd=tmp_path).strip() == first_tree
    fourth = publish(tmp_path, work_dir, path, "--republish", "2567-q1")
    assert fourth.returncode == 0 and "warning: content/" not in fourth.stderr, fourth.stderr
    # The correction is to an English text: the Thai pages are as they were (their commit is empty).
    assert "Published en/2567-q1" in fourth.stdout and "Published th/2567-q1" in fourth.stdout
    assert git("rev-parse", "gh-pages:th/2567-q1", cwd=tmp_path).strip() == thai_tree
    assert "The corrected first" in git("show", "gh-pages:en/2567-q1/background/index.html", cwd=tmp_path)
    assert "warning: content/" not in publish(tmp_path, work_dir, path).stderr


def test_published_versions_are_listed_in_the_periods_order(periods_build, tmp_path, tmp_path_factory):
    # mike alone would sort them as version numbers: 2567-q3, 2567-h2, 2567-h1, 2567-fy, 2566-fy.
    # Outside the repository that is published from: a copy of the cache of the session's build of the same
    # periods, which the publish reuses.
    work_dir = periods_build.copy_cache(tmp_path_factory.mktemp("copy") / "work")
    path = path_without_chromium(tmp_path_factory.mktemp("bin"), "git")  # mike runs git; no PDFs
    git("init", "-q", "-b", "main", cwd=tmp_path)
    git("config", "user.name", "reportsite tests", cwd=tmp_path)
    git("config", "user.email", "tests@synthetic.example.org", cwd=tmp_path)
    write_synthetic_periods(tmp_path / "content")
    git("add", "content", cwd=tmp_path)
    git("commit", "-q", "-m", "Periods of every length", cwd=tmp_path)
    # Pushed to a bare repository, standing for the remote.
    remote = tmp_path_factory.mktemp("remote") / "remote.git"
    git("init", "-q", "--bare", str(remote), cwd=tmp_path)
    git("remote", "add", "origin", str(remote), cwd=tmp_path)
    result = publish(tmp_path, work_dir, path, "--push", "origin")
    assert result.returncode == 0, result.stderr
    # What the remote's branch holds, as a host serves it (at base_url's path): every internal link resolves.
    published = tmp_path_factory.mktemp("published") / "reports"
    git("clone", "-q", "--branch", "gh-pages", str(remote), str(published), cwd=tmp_path)
    shutil.rmtree(published / ".git")
    assert (published / "en" / "2567-h1" / "strategies" / "synthetic-alpha" / "index.html").is_file()
    assert broken_links(published, "/reports/") == []
    for language in ("th", "en"):
        versions = json.loads(git("show", f"gh-pages:{language}/versions.json", cwd=tmp_path))
        assert [v["version"] for v in versions] == ["2567-fy", "2567-h2", "2567-q3", "2567-h1", "2566-fy"]
        assert versions[0]["aliases"] == ["latest"]
    english = json.loads(git("show", "gh-pages:en/versions.json", cwd=tmp_path))
    assert [v["title"] for v in english] == ["FY2024", "H2 FY2024", "Q3 FY2024", "H1 FY2024", "FY2023"]


def test_publish_refuses_a_branch_other_than_main_unless_told(tmp_path, tmp_path_factory):
    path = path_without_chromium(tmp_path_factory.mktemp("bin"), "git")
    git("init", "-q", "-b", "main", cwd=tmp_path)
    git("config", "user.name", "reportsite tests", cwd=tmp_path)
    git("config", "user.email", "tests@synthetic.example.org", cwd=tmp_path)
    write_synthetic_content(tmp_path / "content")
    git("add", "content", cwd=tmp_path)
    git("commit", "-q", "-m", "The first quarter", cwd=tmp_path)
    git("switch", "-q", "-c", "quarter-2", cwd=tmp_path)
    work_dir = tmp_path_factory.mktemp("work")

    refused = publish(tmp_path, work_dir, path)
    assert refused.returncode == 1 and refused.stdout == ""
    assert refused.stderr.count("\n") == 1 and "Traceback" not in refused.stderr
    assert "HEAD is on the branch 'quarter-2', and publish publishes 'main'" in refused.stderr
    assert "--source-branch quarter-2" in refused.stderr
    # Told another branch, it refuses main in turn; a detached HEAD is refused too.
    git("switch", "-q", "main", cwd=tmp_path)
    assert (
        "HEAD is on the branch 'main', and publish publishes 'quarter-2'"
        in publish(tmp_path, work_dir, path, "--source-branch", "quarter-2").stderr
    )
    git("switch", "-q", "--detach", cwd=tmp_path)
    detached = publish(tmp_path, work_dir, path)
    assert detached.returncode == 1 and "HEAD is detached at " in detached.stderr
    # Nothing was built, nothing committed.
    assert "gh-pages" not in git("branch", "--list", cwd=tmp_path)
    assert not any(work_dir.iterdir())


def test_publish_outside_a_git_repository_says_so(tmp_path, tmp_path_factory):
    path = path_without_chromium(tmp_path_factory.mktemp("bin"), "git")
    write_synthetic_content(tmp_path / "content")
    result = publish(tmp_path, tmp_path_factory.mktemp("work"), path)
    assert result.returncode == 1 and result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert "publish runs in the git repository that holds the content" in result.stderr


def test_publish_names_the_uncommitted_changes_it_refuses(tmp_path, tmp_path_factory):
    path = path_without_chromium(tmp_path_factory.mktemp("bin"), "git")
    git("init", "-q", "-b", "main", cwd=tmp_path)
    git("config", "user.name", "reportsite tests", cwd=tmp_path)
    git("config", "user.email", "tests@synthetic.example.org", cwd=tmp_path)
    content = write_synthetic_content(tmp_path / "content")
    git("add", "content", cwd=tmp_path)
    git("commit", "-q", "-m", "The first quarter", cwd=tmp_path)
    # An edited score, and a staged new file: both named, as git names them.
    scorecard = content / "2567-q1" / "scorecard.yaml"
    scorecard.write_text(scorecard.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    (content / "notes.txt").write_text("staged\n", encoding="utf-8")
    git("add", "content/notes.txt", cwd=tmp_path)
    # Changes elsewhere in the repository are not the site's.
    (tmp_path / "notes.txt").write_text("not content\n", encoding="utf-8")
    work_dir = tmp_path_factory.mktemp("work")
    refused = publish(tmp_path, work_dir, path)
    assert refused.returncode == 1 and refused.stderr.count("\n") == 1, refused.stderr
    assert "2 uncommitted change(s) under content/ or archive/ (content/2567-q1/scorecard.yaml, content/notes.txt)" in (
        refused.stderr
    )
    assert not any(work_dir.iterdir())
