"""Shared fixtures: the repository, the seed report, a real build of the real content, and a browser."""

from __future__ import annotations

import functools
import hashlib
import http.server
import os
import shutil
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis.configuration import set_hypothesis_home_dir

from generator.commands.build import BuildStats, build
from generator.commands.editor import EditorFiles, find_editor_files
from generator.engine.chromium import find_chromium
from generator.project import Project
from generator.reading.model import Report
from generator.rendering.localization import Localizer, load_strings
from generator.theme import Theme

from . import checkout_guard
from .synthetic import write_later_synthetic_quarter, write_synthetic_content, write_synthetic_periods

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


def pytest_configure(config: pytest.Config) -> None:
    # First, before anything runs: what the checkout holds (see checkout_guard.py).
    checkout_guard.pytest_configure(config)
    # Hypothesis keeps its example database and caches in .hypothesis/ of the working folder, the checkout:
    # keep them in pytest's cache instead (or, with the cache turned off, in a temporary folder).
    cache = getattr(config, "cache", None)
    set_hypothesis_home_dir(cache.mkdir("hypothesis") if cache else tempfile.mkdtemp(prefix="hypothesis-"))


# The modules whose tests take longest (the quarter's walk, archives with their PDFs, axe, the browser), first:
# two workers that take tests in order then end together, rather than one waiting on a long test begun last.
SLOW_FIRST = ("test_quarter_walk", "test_archive", "test_periods", "test_accessibility", "test_browser")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        module = item.module.__name__.rsplit(".", 1)[-1] if getattr(item, "module", None) else ""
        return SLOW_FIRST.index(module) if module in SLOW_FIRST else len(SLOW_FIRST)

    items.sort(key=rank)  # stable: within a module, and for the others, the order of collection


# A run that wrote into the checkout fails, and says what it wrote.
pytest_sessionfinish = checkout_guard.pytest_sessionfinish
pytest_terminal_summary = checkout_guard.pytest_terminal_summary


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
    """The real content of content/, built once with its PDF editions, and served on localhost.

    Most of the tests that read it need no PDF, but a second build without them would cost more than the
    PDFs do (both languages again, against two Chromium launches); the languages build side by side.
    """
    site_dir = server.root / "site"
    project = Project.at(ROOT, site_dir=site_dir, work_dir=tmp_path_factory.mktemp("work"))
    report = build(project, base_url=f"{server.url}site/", chromium=find_chromium(), jobs=2)
    return BuiltSite(report, site_dir, f"{server.url}site/")


@dataclass
class BuiltProject:
    """A project built once for the session, and what its build did. Tests that change it work on a copy."""

    project: Project
    report: Report
    stats: BuildStats
    base_url: str | None = None
    """The base URL it was built with (None: site.yaml's); a copy's cache serves builds with the same one."""

    def copy(self, to: Path, **parts: Path) -> Project:
        """A copy of the project under `to`, built as this one was, for a test to change.

        The content is copied (tests edit it); the build cache and the site are hard links, as the build
        itself makes them (nothing writes into a built file in place), so the copy's next build with the
        same base URL reuses every quarter, until the test changes something. `parts` replaces parts of
        the copy, as Project.at takes them.
        """
        content = to / "content"
        shutil.copytree(self.project.content_dir, content)
        self.copy_cache(to / "work")
        shutil.copytree(self.project.site_dir, to / "site", copy_function=os.link)
        return Project.at(
            parts.pop("root", self.project.root),
            **{
                "content_dir": content,
                "site_dir": to / "site",
                "work_dir": to / "work",
                "archive_dir": to / "no-archive",
                **parts,
            },
        )

    def copy_cache(self, work_dir: Path) -> Path:
        """A copy of the project's work folder, build cache included, at `work_dir` (hard links); returns it."""
        shutil.copytree(self.project.work_dir, work_dir, copy_function=os.link)
        return work_dir


def path_without_chromium(folder: Path, *programs: str) -> str:
    """A PATH that finds only `programs` (linked in `folder`): builds run by the command find no Chromium,
    so they print no PDF, as on a machine without it."""
    folder.mkdir(parents=True, exist_ok=True)
    for program in programs:
        (folder / program).symlink_to(shutil.which(program))
    return str(folder)


def build_without_pdfs(root: Path, content_dir: Path) -> BuiltProject:
    """The content of `content_dir` built into `root`'s site and work folders, without PDFs, two builds at a time."""
    project = Project.at(
        ROOT, content_dir=content_dir, site_dir=root / "site", work_dir=root / "work", archive_dir=root / "no-archive"
    )
    stats = BuildStats()
    return BuiltProject(project, build(project, stats=stats, jobs=2), stats)


@pytest.fixture(scope="session")
def synthetic_build(tmp_path_factory) -> BuiltProject:
    """The synthetic quarter, built once without PDFs (as `reportsite build` does where Chromium is missing)."""
    root = tmp_path_factory.mktemp("synthetic")
    return build_without_pdfs(root, write_synthetic_content(root / "content"))


@pytest.fixture(scope="session")
def periods_build(tmp_path_factory) -> BuiltProject:
    """The synthetic periods of every length (2566-fy to 2567-fy, tests/synthetic.py), built once without PDFs.

    test_periods.py reads the site; the tests that publish or build the same periods start from a copy of its
    cache, which serves their builds as long as they too print no PDF and keep site.yaml's base URL.
    """
    root = tmp_path_factory.mktemp("periods")
    return build_without_pdfs(root, write_synthetic_periods(root / "content"))


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
def editor_files() -> EditorFiles:
    """The editors' page's packages (Decap CMS, yaml), from the user's cache: fetched there when it lacks them."""
    files, reason = find_editor_files()
    if files is None:
        skip_unless_in_ci(reason)
    return files


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


def open_all(context, urls: list[str]) -> list:
    """Open each URL in a page of its own, all at once, and wait until every page has loaded all it loads.

    The pages load side by side, so that their waits for the network to stay idle (half a second each)
    overlap. Returns the pages, in the order of `urls`.
    """
    pages = []
    for url in urls:
        page = context.new_page()
        page.goto(url, wait_until="commit")
        pages.append(page)
    for page in pages:
        page.wait_for_load_state("networkidle")
    return pages


def wait_for_search(page) -> None:
    """Wait until Material's search is ready: its worker has loaded the index (and any language files it needs).

    Until then the heading of the search results says that search is starting; when the worker is ready,
    Material replaces it with its prompt to type.
    """
    page.wait_for_function(
        """() => {
            const meta = document.querySelector('.md-search-result__meta');
            return meta !== null && !/Initializing search|กำลังเริ่มต้นการค้นหา/.test(meta.textContent);
        }"""
    )


@pytest.fixture(scope="session")
def three_quarters(tmp_path_factory):
    content = write_synthetic_content(tmp_path_factory.mktemp("three") / "content")
    write_later_synthetic_quarter(content, 2)
    write_later_synthetic_quarter(content, 3)
    return content


@pytest.fixture(scope="session")
def three_quarter_build(three_quarters, server, tmp_path_factory) -> BuiltProject:
    """Three synthetic quarters, built once, one build after another (jobs=1), without PDFs, and served."""
    project = Project.at(
        ROOT,
        content_dir=three_quarters,
        site_dir=server.root / "three",
        work_dir=tmp_path_factory.mktemp("work3"),
        archive_dir=tmp_path_factory.mktemp("no-archive"),
    )
    stats = BuildStats()
    base_url = f"{server.url}three/"
    return BuiltProject(project, build(project, base_url=base_url, jobs=1, stats=stats), stats, base_url)


@pytest.fixture(scope="session")
def three_quarter_site(three_quarter_build):
    return three_quarter_build.project.site_dir, three_quarter_build.base_url, three_quarter_build.report


@pytest.fixture(scope="session")
def thai() -> Localizer:
    """The packaged Thai interface strings, without Thai digits."""
    return Localizer("th", load_strings(Theme(), "th"))


@pytest.fixture(scope="session")
def english() -> Localizer:
    """The packaged English interface strings."""
    return Localizer("en", load_strings(Theme(), "en"))


def build_arguments(project: Project) -> list[str]:
    """`reportsite build`'s arguments for every folder of `project`, so that nothing goes into the checkout."""
    return [
        "build",
        "--project",
        str(project.root),
        "--work-dir",
        str(project.work_dir),
        "--content",
        str(project.content_dir),
        "--site",
        str(project.site_dir),
        "--archive",
        str(project.archive_dir),
    ]
