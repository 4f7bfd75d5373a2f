"""Archiving: frozen quarters are reused byte for byte, verified, and reproducible."""

from __future__ import annotations

import multiprocessing
import shutil
import subprocess
import sys
import zipfile
from multiprocessing.process import BaseProcess
from pathlib import Path

import pytest

from generator.commands.archive import archive
from generator.commands.build import build
from generator.errors import ReportsiteError
from generator.project import Project
from generator.reading.validation import validate_content
from generator.storage.archive import MANIFEST, freeze, published_content, verify_archive

from .conftest import ROOT, digests
from .synthetic import without_markup_warnings, write_later_synthetic_quarter, write_synthetic_content


def beside(function, *args, **kwargs) -> BaseProcess:
    """Start `function(*args, **kwargs)` in a process forked from this one, and return it; `finish` waits for it.

    Printing a PDF edition leaves a core idle about half the time (Chromium starts and loads the page), so
    two builds or archives that print them take much less time side by side than one after the other. The
    forked process has the session's modules loaded already, as the build's own forked workers do.
    """
    process = multiprocessing.get_context("fork").Process(target=function, args=args, kwargs=kwargs)
    process.start()
    return process


def finish(process: BaseProcess) -> None:
    process.join(timeout=600)
    assert process.exitcode == 0, "the process beside the test failed: its traceback is in the captured output"


@pytest.fixture(scope="module")
def two_quarters(tmp_path_factory) -> Path:
    """The content of two synthetic quarters."""
    content = write_synthetic_content(tmp_path_factory.mktemp("two-quarters") / "content")
    write_later_synthetic_quarter(content, 2)
    return content


@pytest.fixture(scope="module")
def archived_again(two_quarters, tmp_path_factory):
    """The first quarter archived a second time, into a folder of its own, in a process beside the session.

    It starts before `archived` archives the quarter, and runs beside it; the test that compares the two
    archives waits for it.
    """
    root = tmp_path_factory.mktemp("archived-again")
    again = Project.at(
        ROOT, content_dir=two_quarters, site_dir=root / "site", work_dir=root / "work", archive_dir=root / "archive"
    )
    process = beside(archive, again, "2567-q1", allow_placeholder_url=True)
    yield process, again.archive_dir
    if process.is_alive():
        process.kill()
    process.join()


@pytest.fixture(scope="module")
def archived(two_quarters, archived_again, tmp_path_factory):
    """Two synthetic quarters, with the first archived."""
    root = tmp_path_factory.mktemp("archived")
    project = Project.at(
        ROOT, content_dir=two_quarters, site_dir=root / "site", work_dir=root / "work", archive_dir=root / "archive"
    )
    archive(project, "2567-q1", allow_placeholder_url=True)
    return project


def test_archive_stores_both_languages_a_zip_and_a_manifest(archived):
    folder = archived.archive_dir / "2567-q1"
    assert (folder / "site" / "th" / "index.html").is_file()
    assert (folder / "site" / "en" / "scorecard" / "index.html").is_file()
    manifest = (folder / MANIFEST).read_text(encoding="utf-8").splitlines()
    listed = {line.split("  ", 1)[1] for line in manifest}
    assert listed == set(digests(folder)) - {MANIFEST}
    # sha256sum can check it as well.
    check = subprocess.run(["sha256sum", "--check", "--quiet", MANIFEST], cwd=folder, capture_output=True)
    assert check.returncode == 0, check.stdout


def test_offline_zip_links_pages_by_file_and_says_search_is_unavailable(archived):
    with zipfile.ZipFile(archived.archive_dir / "2567-q1" / "2567-q1-offline.zip") as offline:
        names = set(offline.namelist())
        assert {
            "index.html",
            "th/2567-q1/index.html",
            "en/2567-q1/strategies/synthetic-alpha.html",
            "en/2567-q1/print.html",
            "en/2567-q1/sta-2567-q1-en.pdf",
            "th/2567-q1/data/2567-q1-projects.csv",
            "th/2567-q1/data/datapackage.json",
        } <= names
        assert offline.read("th/2567-q1/sta-2567-q1-th.pdf").startswith(b"%PDF-")
        assert 'href="../sta-2567-q1-th.pdf"' not in offline.read("th/2567-q1/data.html").decode("utf-8")
        assert 'href="sta-2567-q1-th.pdf"' in offline.read("th/2567-q1/data.html").decode("utf-8")
        front = offline.read("index.html").decode("utf-8")
        assert 'href="th/2567-q1/index.html"' in front
        thai = offline.read("th/2567-q1/index.html").decode("utf-8")
        assert "ค้นหาในฉบับนี้ไม่ได้" in thai
        assert 'href="strategies/synthetic-alpha.html' in thai
        assert "search/search_index.json" not in names


def test_verify_names_each_changed_missing_and_added_file(archived, tmp_path):
    copy = tmp_path / "archive"
    shutil.copytree(archived.archive_dir, copy)
    assert verify_archive(copy) == []
    page = copy / "2567-q1" / "site" / "th" / "scorecard" / "index.html"
    data = bytearray(page.read_bytes())
    data[100] ^= 0x01  # one bit of one byte
    page.write_bytes(bytes(data))
    (copy / "2567-q1" / "site" / "en" / "background" / "index.html").unlink()
    (copy / "2567-q1" / "site" / "th" / "extra.html").write_text("added", encoding="utf-8")

    [found] = verify_archive(copy)
    assert found.changed == ["site/th/scorecard/index.html"]
    assert found.missing == ["site/en/background/index.html"]
    assert found.added == ["site/th/extra.html"]

    result = subprocess.run(
        [sys.executable, "-m", "generator", "verify", "--archive", str(copy)], capture_output=True, text=True
    )
    assert result.returncode == 1
    assert "2567-q1: changed: site/th/scorecard/index.html" in result.stderr
    assert "Traceback" not in result.stderr


def test_an_archived_quarter_is_never_archived_again(archived, tmp_path):
    before = digests(archived.archive_dir)
    with pytest.raises(ReportsiteError, match="already archived"):
        archive(archived, "2567-q1")  # refused before anything is built
    # The store itself refuses too, for a quarter archived while this one was being built.
    with pytest.raises(ReportsiteError, match="already archived"):
        freeze(archived.archive_dir, "2567-q1", tmp_path, tmp_path, 0, content=archived.content_dir / "2567-q1")
    assert digests(archived.archive_dir) == before


def test_builds_copy_frozen_quarters_even_after_a_template_change(archived, tmp_path):
    # A copy of the project whose interface strings changed after q1 was archived.
    root = tmp_path / "project"
    root.mkdir(parents=True, exist_ok=True)  # a project needs no templates of its own
    # The project replaces one packaged string with its own.
    strings = root / "site_templates" / "strings" / "en.yaml"
    strings.parent.mkdir(parents=True)
    strings.write_text("total_score: Overall score\n", encoding="utf-8")
    project = Project.at(
        root,
        content_dir=archived.content_dir,
        site_dir=tmp_path / "site",
        work_dir=tmp_path / "work",
        archive_dir=archived.archive_dir,
    )
    build(project)

    frozen = digests(archived.archive_dir / "2567-q1" / "site" / "en")
    assert digests(tmp_path / "site" / "en" / "2567-q1") == frozen
    assert "Overall score" in (tmp_path / "site" / "en" / "2567-q2" / "index.html").read_text(encoding="utf-8")
    assert "Overall score" not in (tmp_path / "site" / "en" / "2567-q1" / "index.html").read_text(encoding="utf-8")
    assert (tmp_path / "site" / "downloads" / "2567-q1-offline.zip").is_file()

    build(project, rebuild_archived=True)
    assert "Overall score" in (tmp_path / "site" / "en" / "2567-q1" / "index.html").read_text(encoding="utf-8")


def test_a_tampered_archive_is_not_published(archived, tmp_path):
    copy = tmp_path / "archive"
    shutil.copytree(archived.archive_dir, copy)
    (copy / "2567-q1" / "site" / "th" / "index.html").write_text("tampered", encoding="utf-8")
    project = Project.at(
        ROOT, content_dir=archived.content_dir, site_dir=tmp_path / "site", work_dir=tmp_path / "work", archive_dir=copy
    )
    with pytest.raises(ReportsiteError, match="does not match its manifest"):
        build(project)
    assert not (tmp_path / "site").exists()


def test_two_builds_give_identical_bytes(archived, chromium, tmp_path):
    one, two = (
        Project.at(
            ROOT,
            content_dir=archived.content_dir,
            site_dir=tmp_path / run,
            work_dir=tmp_path / f"work-{run}",
            archive_dir=tmp_path / "no-archive",
        )
        for run in ("one", "two")
    )
    # Each from an empty cache, its languages and quarters side by side; and the two builds side by side too.
    second = beside(build, two, chromium=chromium, jobs=2)
    build(one, chromium=chromium, jobs=2)
    finish(second)
    sites = [digests(tmp_path / "one"), digests(tmp_path / "two")]
    assert sites[0] == sites[1]
    assert len(sites[0]) > 100
    # The PDF editions and the open data too (Chromium's print time is replaced by the as-of date).
    assert {
        "th/2567-q1/sta-2567-q1-th.pdf",
        "en/2567-q2/sta-2567-q2-en.pdf",
        "en/2567-q2/data/2567-q2-scorecard.csv",
        "th/2567-q2/data/datapackage.json",
    } <= set(sites[0])


def test_two_archives_of_the_same_quarter_are_identical(archived, archived_again):
    process, again = archived_again  # archived from the same content, into its own folder, beside `archived`
    finish(process)
    assert digests(again / "2567-q1") == digests(archived.archive_dir / "2567-q1")


def test_offline_edition_reads_from_disk_in_chromium(archived, browser, tmp_path):
    with zipfile.ZipFile(archived.archive_dir / "2567-q1" / "2567-q1-offline.zip") as offline:
        offline.extractall(tmp_path)
    page = browser.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto((tmp_path / "index.html").as_uri())
    page.click("a[href='en/2567-q1/index.html']")
    page.wait_for_url("**/en/2567-q1/index.html")
    page.click("nav.md-nav--primary a:has-text('Synthetic strategy beta')")
    page.wait_for_url("**/en/2567-q1/strategies/synthetic-beta.html")
    assert page.inner_text("h1").startswith("Strategy 2: Synthetic strategy beta")
    assert "Search does not work here" in page.inner_text("body")
    page.close()
    assert all(url.startswith("file://") for url in requests), [u for u in requests if not u.startswith("file:")]


def test_editing_a_figure_of_an_archived_quarter_is_warned_about(archived, tmp_path, monkeypatch):
    content = tmp_path / "content"
    shutil.copytree(archived.content_dir, content)
    strategies = content / "2567-q1" / "strategies.yaml"
    text = strategies.read_text(encoding="utf-8").replace("vs_annual_target: 21.25", "vs_annual_target: 22.5")
    strategies.write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    report = validate_content(Path("content"), published=published_content(archived.archive_dir))
    line = text[: text.index("22.5")].count("\n") + 1
    column = text.index("22.5") - text.rfind("\n", 0, text.index("22.5"))
    assert [str(w) for w in without_markup_warnings(report)] == [
        f"content/2567-q1/strategies.yaml:{line}:{column}: "
        "blocks[1].groupings[0].projects[0].progress.vs_annual_target (synthetic-alpha › alpha-one): "
        "warning: 2567-q1 is archived: it was published with 21.25, and the site keeps showing that; "
        "a correction belongs in a later period"
    ]


def test_font_subsets_keep_the_faces_own_timestamp(tmp_path):
    """fontTools stamps a saved font with the time of saving unless told not to: builds in two processes differed."""
    import io

    from fontTools.ttLib import TTFont

    from generator.engine.fonts import FACES, font_files, write_fonts

    write_fonts(["ยุทธศาสตร์ Strategy"], tmp_path)
    for weight, face_file in FACES.items():
        [subset] = tmp_path.glob(f"sarabun-{weight}-*.woff2")
        original = TTFont(font_files() / face_file)["head"].modified
        assert TTFont(io.BytesIO(subset.read_bytes()))["head"].modified == original


@pytest.mark.parametrize(
    "base_url", ["https://reportsite.example.org/", "https://synthetic.example.org/reports/", "http://site.test/"]
)
def test_archive_refuses_a_placeholder_base_url_unless_told(two_quarters, tmp_path, base_url):
    # An archived period keeps the address it was built with for good (its sitemap, its canonical links).
    content = tmp_path / "content"
    shutil.copytree(two_quarters, content)
    site_yaml = content / "site.yaml"
    text = site_yaml.read_text(encoding="utf-8")
    site_yaml.write_text(text.replace("https://synthetic.example.org/reports/", base_url), encoding="utf-8")
    arguments = ["--project", str(ROOT), "--content", str(content), "--archive", str(tmp_path / "archive")]
    result = subprocess.run(
        [sys.executable, "-m", "generator", "archive", *arguments, "--work-dir", str(tmp_path / "work"), "2567-q1"],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    assert f"2567-q1 was not archived: base_url in {site_yaml} is still a placeholder ({base_url})" in result.stderr
    assert "--allow-placeholder-url" in result.stderr
    # Nothing written but the lock that every run takes (storage/run_lock.py).
    assert not (tmp_path / "archive").exists()
    assert [path.name for path in (tmp_path / "work").iterdir()] == ["run.lock"]


def test_a_real_base_url_is_no_placeholder():
    from generator.commands.archive import is_placeholder_url

    assert not any(map(is_placeholder_url, ["https://reports.dga.or.th/", "http://127.0.0.1:8000/walk/"]))
    assert not is_placeholder_url("https://notexample.org/") and is_placeholder_url("https://EXAMPLE.com/")
