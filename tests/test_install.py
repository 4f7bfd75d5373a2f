"""The tool as another organisation gets it: the wheel, installed outside the repository, starts and builds a site."""

from __future__ import annotations

import os
import shutil
import subprocess

import yaml

from .conftest import ROOT
from .pages import read_article

REAL_PERIOD = "2563-q2"


def test_the_installed_wheel_starts_a_new_organisation_and_builds_its_report(installed_wheel, tmp_path):
    bin_dir = installed_wheel / "bin"
    # Only the virtualenv's own commands: no Chromium, so no PDF editions (the PDF tests print them).
    environment = {**os.environ, "PATH": str(bin_dir)}
    environment.pop("PYTHONPATH", None)

    def reportsite(*arguments: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(bin_dir / "reportsite"), *arguments], capture_output=True, text=True, cwd=tmp_path, env=environment
        )

    where = subprocess.run(
        [str(bin_dir / "python"), "-c", "import generator; print(generator.__file__)"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=environment,
        check=True,
    ).stdout.strip()
    assert where.startswith(str(installed_wheel)), f"the installed package runs, not the repository's: {where}"

    # A real organisation's names, as an editor would type them: DGA's, from this repository's content.
    site = yaml.safe_load((ROOT / "content" / "site.yaml").read_text(encoding="utf-8"))
    names = site["organisation"]
    started = reportsite(
        "init", "org",
        "--name-th", names["name"]["th"], "--name-en", names["name"]["en"],
        "--short-name-th", names["short_name"]["th"], "--short-name-en", names["short_name"]["en"],
        "--period", REAL_PERIOD,
    )  # fmt: skip
    assert started.returncode == 0, started.stderr
    project = tmp_path / "org"
    for expected in (
        "content/site.yaml",
        f"content/{REAL_PERIOD}/quarter.yaml",
        "schema/quarter.schema.json",
        "README.md",
        ".gitignore",
        ".github/workflows/pull-request.yml",
        ".github/workflows/publish.yml",
    ):
        assert (project / expected).is_file(), expected
    assert not (project / "site_templates").exists() and not (project / "mkdocs.yml").exists()

    # validate lists what is left: the addresses it was not given, and the whole first report.
    unfinished = reportsite("validate", "--project", "org")
    assert unfinished.returncode == 1
    left = [line for line in unfinished.stderr.splitlines() if "not filled in yet" in line]
    assert any(line.startswith("org/content/site.yaml:") and ": base_url: " in line for line in left)
    assert any(f"org/content/{REAL_PERIOD}/quarter.yaml:" in line and ": as_of: " in line for line in left)
    assert not any("organisation.name" in line for line in left), "the names given to init are filled in"

    # The editors fill in a small real report: DGA's, with the addresses of its site.
    text = (project / "content" / "site.yaml").read_text(encoding="utf-8")
    text = text.replace("base_url: null", f"base_url: {site['base_url']}")
    text = text.replace("repository_url: null", f"repository_url: {site['repository_url']}")
    (project / "content" / "site.yaml").write_text(text, encoding="utf-8")
    # Its sections replace the starter report's (a period folder holds exactly the sections quarter.yaml lists).
    for starter in (project / "content" / REAL_PERIOD).glob("*.yaml"):
        starter.unlink()
    for source in (ROOT / "content" / REAL_PERIOD).glob("*.yaml"):
        shutil.copyfile(source, project / "content" / REAL_PERIOD / source.name)
    valid = reportsite("validate", "--project", "org")
    assert valid.returncode == 0, valid.stderr

    built = reportsite("build", "--project", "org")
    assert built.returncode == 0, built.stderr
    thai = project / "site" / "th" / REAL_PERIOD
    title = yaml.safe_load((ROOT / "content" / REAL_PERIOD / "quarter.yaml").read_text(encoding="utf-8"))["title"]
    assert title["th"] in read_article(thai / "print" / "index.html")[0]
    assert '<html lang="th"' in (thai / "index.html").read_text(encoding="utf-8")
    for packaged in ("assets/reportsite.css", "assets/print.css", "404.html"):
        assert (thai / packaged).is_file(), packaged
    assert (project / "site" / "index.html").is_file()
