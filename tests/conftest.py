"""Shared fixtures: the repository, the seed report, a real build of the real content, and a browser."""

from __future__ import annotations

import functools
import hashlib
import http.server
import os
import shutil
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest

from generator.commands.build import build
from generator.engine.chromium import find_chromium
from generator.project import Project
from generator.reading.model import Report

from .synthetic import write_later_synthetic_quarter, write_synthetic_content

# The wheel's install into a fresh virtualenv runs in the background from the start (tests/background_install.py).
pytest_plugins = ["tests.background_install"]

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT.parent / "shared" / "seeds" / "000_8481c6aacb39f4f9.txt"
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
# The flags that keep Chromium from calling home on this closed network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def seed_text() -> str:
    if not SEED.is_file():
        message = f"the seed report is missing: {SEED} (the project's CI places ../shared beside the clone)"
        if os.environ.get("GITHUB_ACTIONS"):
            pytest.skip(message + "; a repository's own CI checks the content without it")
        pytest.fail(message)
    return SEED.read_text(encoding="utf-8")


@dataclass
class Server:
    root: Path
    url: str


@pytest.fixture(scope="session")
def server(tmp_path_factory) -> Server:
    """A local HTTP server for a folder that the tests fill."""
    root = tmp_path_factory.mktemp("served")
    handler = functools.partial(_QuietHandler, directory=str(root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield Server(root, f"http://127.0.0.1:{httpd.server_address[1]}/")
    httpd.shutdown()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@dataclass
class BuiltSite:
    report: Report
    site_dir: Path
    url: str


@pytest.fixture(scope="session")
def real_site(server, tmp_path_factory) -> BuiltSite:
    """The real content of content/, built once with its PDF editions, and served on localhost."""
    site_dir = server.root / "site"
    project = Project.at(ROOT, site_dir=site_dir, work_dir=tmp_path_factory.mktemp("work"))
    report = build(project, base_url=f"{server.url}site/", chromium=find_chromium())
    return BuiltSite(report, site_dir, f"{server.url}site/")


def digests(folder: Path) -> dict[str, str]:
    """The SHA-256 of every file under `folder`, by relative path: to compare sites byte for byte."""
    return {
        path.relative_to(folder).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def skip_unless_in_ci(message: str) -> None:
    """Skip a test that needs a missing system package; in CI, which installs them all, fail it."""
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def chromium() -> str:
    """Debian's Chromium: it drives the browser tests and prints the PDF editions."""
    if not Path(CHROMIUM).exists():
        skip_unless_in_ci("chromium is not installed (run tools/install-system-packages)")
    return CHROMIUM


@pytest.fixture(scope="session")
def pdftotext() -> str:
    """Poppler's pdftotext, which reads a PDF's text layer as a reader's search or copy would."""
    path = shutil.which("pdftotext")
    if path is None:
        skip_unless_in_ci("pdftotext is not installed (poppler-utils; run tools/install-system-packages)")
    return path


@pytest.fixture(scope="session")
def browser(chromium):
    """Debian's Chromium, driven by Playwright; never a downloaded browser."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture(scope="session")
def three_quarters(tmp_path_factory):
    content = write_synthetic_content(tmp_path_factory.mktemp("three") / "content")
    write_later_synthetic_quarter(content, 2)
    write_later_synthetic_quarter(content, 3)
    return content


@pytest.fixture(scope="session")
def three_quarter_site(three_quarters, server, tmp_path_factory):
    site_dir = server.root / "three"
    project = Project.at(
        ROOT,
        content_dir=three_quarters,
        site_dir=site_dir,
        work_dir=tmp_path_factory.mktemp("work3"),
        archive_dir=tmp_path_factory.mktemp("no-archive"),
    )
    report = build(project, base_url=f"{server.url}three/")
    return site_dir, f"{server.url}three/", report
