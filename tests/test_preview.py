"""`reportsite serve`: edits show in an open page within seconds; errors show as a banner; the server lives on."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from .conftest import ROOT
from .synthetic import SYNTHETIC_QUARTER, write_synthetic_content


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@dataclass
class Preview:
    content: Path
    work_dir: Path
    url: str
    process: subprocess.Popen
    startup: float = 0.0
    """Seconds from starting `reportsite serve` until it served its first page: Python's start, the imports,
    and one build of the quarter in both languages from an empty cache."""
    output: list[str] = field(default_factory=list)
    rebuilt_at: list[float] = field(default_factory=list)
    """When the server said it had rebuilt the site (time.monotonic())."""
    serving: threading.Event = field(default_factory=threading.Event)

    def read_output(self) -> None:
        """Collect what the server prints (so that its pipe never fills), noting when it rebuilt and served."""
        for line in self.process.stdout:
            self.output.append(line)
            if line.startswith("Rebuilt"):
                self.rebuilt_at.append(time.monotonic())
            if line.startswith("Serving on "):
                self.serving.set()
        self.serving.set()  # the server ended: stop waiting for it


@pytest.fixture
def preview(tmp_path):
    content = write_synthetic_content(tmp_path / "content")
    work_dir = tmp_path / "work"
    port = free_port()
    command = [sys.executable, "-m", "generator", "serve", "--project", str(ROOT), "--work-dir", str(work_dir)]
    started = time.monotonic()
    process = subprocess.Popen(
        [*command, "--content", str(content), "--port", str(port)],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},  # each line as it is printed
    )
    preview = Preview(content, work_dir, f"http://127.0.0.1:{port}/", process)
    threading.Thread(target=preview.read_output, daemon=True).start()
    # The server says so once its first build is done, just before it opens its socket.
    if not preview.serving.wait(timeout=120) or process.poll() is not None:
        process.kill()
        pytest.fail("the preview server did not start:\n" + "".join(preview.output))
    deadline = time.monotonic() + 10
    while True:  # until the socket, opened a moment after that line, answers
        try:
            urllib.request.urlopen(f"{preview.url}th/{SYNTHETIC_QUARTER}/", timeout=5)
            break
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                process.kill()
                pytest.fail("the preview server does not answer:\n" + "".join(preview.output))
            time.sleep(0.05)
    preview.startup = time.monotonic() - started
    yield preview
    process.terminate()
    process.wait(timeout=10)


def test_edits_reload_the_page_and_errors_show_as_a_banner(preview, browser):
    content, url, process = preview.content, preview.url, preview.process
    page = browser.new_page()
    # The live-reload script keeps a request open, so the network is never idle.
    page.goto(f"{url}en/{SYNTHETIC_QUARTER}/", wait_until="load")
    assert "19.75 out of 100" in page.inner_text("article")

    scorecard = content / SYNTHETIC_QUARTER / "scorecard.yaml"
    scorecard.write_text(scorecard.read_text(encoding="utf-8").replace("q1: 7.25", "q1: 9.25"), encoding="utf-8")
    saved = time.monotonic()
    page.wait_for_function("document.body.innerText.includes('21.75 out of 100')", timeout=30_000)
    shown = time.monotonic()
    [rebuilt] = [moment for moment in preview.rebuilt_at if moment > saved]
    # How soon an edit shows, in two parts, each bounded from what was measured on 2 cores shared with other
    # work (9 runs, 3 of them beside two busy processes that took both cores):
    # - noticing the save and rebuilding took 1.5-7.8 s, never more than 0.56 of the time the preview took to
    #   start, which does the same build from nothing, plus Python's start and the imports. A rebuild slower
    #   than a cold start has lost what makes a preview quick: the save was noticed late (the watcher polls
    #   every 0.5 s), or it set off more than one build.
    # - the open page then showed the edit 0.4-1.1 s later, however busy the machine. Over 3 s, the page
    #   missed the live-reload notice and caught up only by the script's retry, which comes after 3 s.
    assert rebuilt - saved < preview.startup, f"rebuilt in {rebuilt - saved:.1f} s; started in {preview.startup:.1f} s"
    assert shown - rebuilt < 3.0, f"the page showed the rebuilt site {shown - rebuilt:.1f} s after it was built"
    # And the preview prints no PDF edition, which would add seconds to every save.
    served = preview.work_dir / "preview" / "served"
    assert (served / "en" / SYNTHETIC_QUARTER / "data" / "index.html").is_file()
    assert not list(served.rglob("*.pdf"))

    scorecard.write_text(scorecard.read_text(encoding="utf-8").replace("q1: 9.25", 'q1: "9.25"'), encoding="utf-8")
    banner = page.wait_for_selector(".reportsite-error", timeout=30_000)
    assert f"{SYNTHETIC_QUARTER}/scorecard.yaml:" in banner.inner_text()
    assert (
        "blocks[1].components[1].scores.q1 (synthetic-efficiency): expected a number, got text '9.25'"
        in banner.inner_text()
    )
    # The banner says what it is in the page's language; the problems, as the terminal gives them, are English.
    assert banner.inner_text().startswith("The content has problems, listed below as the terminal gives them")
    assert banner.query_selector("pre").get_attribute("lang") == "en"
    thai = browser.new_page()
    thai.goto(f"{url}th/{SYNTHETIC_QUARTER}/", wait_until="load")
    thai_banner = thai.wait_for_selector(".reportsite-error", timeout=30_000)
    assert thai_banner.inner_text().startswith("เนื้อหามีปัญหาตามรายการด้านล่าง")
    assert "expected a number, got text '9.25'" in thai_banner.inner_text()
    thai.close()
    assert process.poll() is None, "the server keeps running"

    scorecard.write_text(scorecard.read_text(encoding="utf-8").replace('q1: "9.25"', "q1: 9.25"), encoding="utf-8")
    page.wait_for_selector(".reportsite-error", state="detached", timeout=30_000)
    assert "21.75 out of 100" in page.inner_text("article")
    page.close()


def wait_for_page(url: str, condition, process: subprocess.Popen, timeout: float = 60) -> str:
    """The page at `url` once `condition(text)` holds; each request must be answered, never left hanging."""
    deadline = time.monotonic() + timeout
    while True:
        with urllib.request.urlopen(url, timeout=10) as response:  # a hanging server fails here
            text = response.read().decode("utf-8")
        if condition(text):
            return text
        assert process.poll() is None, "the server keeps running"
        assert time.monotonic() < deadline, f"{url} never showed what was awaited:\n{text[:2000]}"
        time.sleep(0.1)


def test_a_be_year_shows_as_the_banner_in_the_pages_language_and_pages_still_answer(preview):
    # The case: a B.E. as-of date made every rebuild fail with a traceback, and every page hang.
    quarter = preview.content / SYNTHETIC_QUARTER / "quarter.yaml"
    quarter.write_text(
        quarter.read_text(encoding="utf-8").replace("as_of: 2023-12-31", "as_of: 2566-12-31"), encoding="utf-8"
    )
    hint = "as_of: 2566 looks like a B.E. year; write the C.E. year, 2023: 2023-12-31"
    thai = wait_for_page(
        f"{preview.url}th/{SYNTHETIC_QUARTER}/", lambda text: "reportsite-error" in text, preview.process
    )
    english = wait_for_page(
        f"{preview.url}en/{SYNTHETIC_QUARTER}/", lambda text: "reportsite-error" in text, preview.process
    )
    assert "เนื้อหามีปัญหาตามรายการด้านล่าง" in thai and hint in thai
    assert "The content has problems, listed below" in english and hint in english
    assert any(hint in line for line in preview.output), "the terminal lists it too"
    assert not any("Traceback" in line for line in preview.output)

    quarter.write_text(
        quarter.read_text(encoding="utf-8").replace("as_of: 2566-12-31", "as_of: 2023-12-31"), encoding="utf-8"
    )
    wait_for_page(f"{preview.url}th/{SYNTHETIC_QUARTER}/", lambda text: "reportsite-error" not in text, preview.process)


def test_serve_on_a_busy_port_says_so_in_one_line_before_building(tmp_path):
    content = write_synthetic_content(tmp_path / "content")
    work_dir = tmp_path / "work"
    with socket.socket() as holder:  # another program, listening on the port
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        command = [sys.executable, "-m", "generator", "serve", "--project", str(ROOT), "--work-dir", str(work_dir)]
        result = subprocess.run(
            [*command, "--content", str(content), "--port", str(port)],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
        )
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"Error: port {port} on 127.0.0.1 is in use by another program (another preview?); stop it, or preview on "
        f"another port with --port, like --port {port + 1}"
    ]
    assert not (work_dir / "preview" / "served").exists(), "nothing was built"
