"""Promises of the package's shape that only running it can check (the import contracts are in pyproject.toml)."""

from __future__ import annotations

import os
import subprocess
import sys

from generator.project import Project

from .conftest import ROOT, build_arguments
from .synthetic import write_synthetic_content

# What the no-change path must not load: each costs from a tenth of a second (pydantic) to a second (PyThaiNLP).
HEAVY = ("pydantic", "jinja2", "mkdocs", "material", "yaml", "babel", "pythainlp", "fontTools", "mike", "markdown")


def test_a_build_with_nothing_changed_loads_none_of_the_pipeline(synthetic_build, tmp_path):
    content = write_synthetic_content(tmp_path / "content")
    # The build cache starts as a copy of the session's build of the same content, without PDFs too: the first
    # run below takes both MkDocs builds from it, and still runs the pipeline to make the site.
    project = Project.at(
        ROOT, content_dir=content, site_dir=tmp_path / "site", work_dir=synthetic_build.copy_cache(tmp_path / "work"),
        archive_dir=tmp_path / "no-archive",
    )  # fmt: skip
    command = [sys.executable, "-X", "importtime", "-m", "generator", *build_arguments(project)]
    environment = {**os.environ, "PATH": "/nonexistent"}  # no Chromium: no PDFs, for speed

    def run() -> tuple[str, set[str]]:
        result = subprocess.run(command, capture_output=True, text=True, cwd=tmp_path, env=environment)
        assert result.returncode == 0, result.stderr
        # -X importtime writes one line per module imported: "import time: self | cumulative | name".
        imported = {line.rsplit("|", 1)[1].strip() for line in result.stderr.splitlines() if "import time:" in line}
        return result.stdout, {name.split(".")[0] for name in imported}

    first_output, first_imports = run()
    assert "Built 1 period(s)" in first_output
    assert "0 of 2 MkDocs builds ran, 2 were unchanged and reused" in first_output
    assert {"pydantic", "jinja2", "mkdocs"} <= first_imports, "the check sees what a real build loads"

    again_output, again_imports = run()
    assert "Nothing changed since the last build" in again_output
    assert "generator" in again_imports
    assert again_imports.isdisjoint(HEAVY), sorted(again_imports & set(HEAVY))
