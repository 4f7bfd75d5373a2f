"""`reportsite serve`: edits show in an open page within seconds; errors show as a banner; the server lives on."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from .conftest import ROOT
from .synthetic import SYNTHETIC_QUARTER, write_synthetic_content


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def preview(tmp_path):
    content = write_synthetic_content(tmp_path / "content")
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "generator",
            "serve",
            "--project",
            str(ROOT),
            "--work-dir",
            str(tmp_path / "work"),
            "--content",
            str(content),
            "--port",
            str(port),
        ],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"{url}th/{SYNTHETIC_QUARTER}/", timeout=1)
            break
        except OSError:
            assert process.poll() is None, process.stdout.read()
            time.sleep(0.3)
    else:
        process.kill()
        pytest.fail("the preview server did not start")
    yield content, url, process
    process.terminate()
    process.wait(timeout=10)


def test_edits_reload_the_page_and_errors_show_as_a_banner(preview, browser):
    content, url, process = preview
    page = browser.new_page()
    # The live-reload script keeps a request open, so the network is never idle.
    page.goto(f"{url}en/{SYNTHETIC_QUARTER}/", wait_until="load")
    assert "19.75 out of 100" in page.inner_text("article")

    scorecard = content / SYNTHETIC_QUARTER / "scorecard.yaml"
    scorecard.write_text(scorecard.read_text(encoding="utf-8").replace("q1: 7.25", "q1: 9.25"), encoding="utf-8")
    started = time.monotonic()
    page.wait_for_function("document.body.innerText.includes('21.75 out of 100')", timeout=30_000)
    reload_seconds = time.monotonic() - started
    assert reload_seconds < 30

    scorecard.write_text(scorecard.read_text(encoding="utf-8").replace("q1: 9.25", 'q1: "9.25"'), encoding="utf-8")
    banner = page.wait_for_selector(".reportsite-error", timeout=30_000)
    assert f"{SYNTHETIC_QUARTER}/scorecard.yaml:" in banner.inner_text()
    assert "components[1].scores.q1: expected a number, got text '9.25'" in banner.inner_text()
    assert process.poll() is None, "the server keeps running"

    scorecard.write_text(scorecard.read_text(encoding="utf-8").replace('q1: "9.25"', "q1: 9.25"), encoding="utf-8")
    page.wait_for_selector(".reportsite-error", state="detached", timeout=30_000)
    assert "21.75 out of 100" in page.inner_text("article")
    page.close()
