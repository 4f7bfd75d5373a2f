"""How soon an edit shows in an open preview: `reportsite serve` on a copy of the real content, a page open in
Chromium, and one text edited at a time; the time from the file's write to the page showing the new text.

    .venv/bin/python -m benchmarks.preview [--runs 5] [--page th/2563-q2/background/]

Each run appends a marker word (SYNTHETIC, this script's, never content's) to the first Thai paragraph of the
period's background section, in a copy of `content/` in a temporary folder, and waits in the page for the marker
(checked at every frame). The median of the runs is printed, with the build's own share as `serve` reports it
in its log. The preview server is the project's own (`python -m generator serve`), on a free port of localhost;
the browser is Debian's Chromium, through Playwright.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
FILE = Path("2563-q2") / "background.yaml"
FIRST_THAI_PARAGRAPH = re.compile(r"(?m)^(      - th: >-\n          )(\S)")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_line(process: subprocess.Popen, needle: str, timeout: float, seen: list[str]) -> None:
    deadline = time.monotonic() + timeout
    assert process.stderr is not None
    while time.monotonic() < deadline:
        line = process.stderr.readline()
        if not line:
            raise SystemExit(f"the preview stopped:\n{''.join(seen)}")
        seen.append(line)
        if needle in line:
            return
    raise SystemExit(f"no {needle!r} within {timeout} s:\n{''.join(seen)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--page", default="th/2563-q2/background/")
    options = parser.parse_args()
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="reportsite-preview-bench-") as scratch:
        project = Path(scratch) / "project"
        shutil.copytree(ROOT / "content", project / "content")
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "generator", "serve", "--project", str(project), "--port", str(port)],
            cwd=project,
            stderr=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            text=True,
            env={**os.environ, "PATH": os.environ.get("PATH", "")},
        )
        log: list[str] = []
        try:
            wait_for_line(server, "Serving on", 300, log)
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
                )
                page = browser.new_page()
                page.goto(f"http://127.0.0.1:{port}/{options.page}", wait_until="load")
                source = project / "content" / FILE
                original = source.read_text(encoding="utf-8")
                shown, built = [], []
                for run in range(1, options.runs + 1):
                    marker = f"SYNTHETICMARK{run}"
                    text, count = FIRST_THAI_PARAGRAPH.subn(rf"\g<1>{marker} \g<2>", original, count=1)
                    assert count == 1, f"no Thai paragraph found in {source}"
                    start = time.monotonic()
                    source.write_text(text, encoding="utf-8")
                    page.wait_for_function(
                        f"document.body && document.body.innerText.includes({marker!r})", polling="raf", timeout=60_000
                    )
                    shown.append(time.monotonic() - start)
                    wait_for_line(server, "Rebuilt; open pages reload.", 60, log)
                    took = [float(m) for line in log[-6:] if (m := _build_seconds(line)) is not None]
                    built.append(took[-1] if took else float("nan"))
                    print(f"run {run}: shown after {shown[-1]:.2f} s", flush=True)
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=30)
    load = os.getloadavg()
    print(
        f"median of {options.runs}: the edit shows after {statistics.median(shown):.2f} s "
        f"(min {min(shown):.2f}, max {max(shown):.2f}); load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
    )
    if not all(value != value for value in built):  # some build time was reported
        print(f"of which the build: median {statistics.median(built):.2f} s")


def _build_seconds(line: str) -> float | None:
    found = re.search(r"in ([\d.]+) ?s\b", line)
    return float(found.group(1)) if found else None


if __name__ == "__main__":
    main()
