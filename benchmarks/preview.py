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
import threading
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


class Log:
    """The preview's log, read as it is written (a thread reads the pipe), each line with the time it came."""

    def __init__(self, process: subprocess.Popen) -> None:
        self.lines: list[tuple[float, str]] = []
        self._ready = threading.Condition()
        threading.Thread(target=self._read, args=(process,), daemon=True).start()

    def _read(self, process: subprocess.Popen) -> None:
        assert process.stderr is not None
        for line in process.stderr:
            with self._ready:
                self.lines.append((time.monotonic(), line))
                self._ready.notify_all()
        with self._ready:
            self.lines.append((time.monotonic(), ""))  # the end
            self._ready.notify_all()

    def wait_for(self, needle: str, after: int, timeout: float) -> float:
        """When the first line from number `after` on that holds `needle` came."""
        with self._ready:
            found = self._ready.wait_for(
                lambda: any(needle in line or not line for _, line in self.lines[after:]), timeout=timeout
            )
            text = "".join(line for _, line in self.lines)
            if not found:
                raise SystemExit(f"no {needle!r} within {timeout} s:\n{text}")
            when, line = next((when, line) for when, line in self.lines[after:] if needle in line or not line)
            if not line:
                raise SystemExit(f"the preview stopped:\n{text}")
            return when


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
        log = Log(server)
        try:
            log.wait_for("Serving on", 0, 300)
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
                    lines = len(log.lines)
                    start = time.monotonic()
                    source.write_text(text, encoding="utf-8")
                    page.wait_for_function(
                        f"document.body && document.body.innerText.includes({marker!r})", polling="raf", timeout=60_000
                    )
                    shown.append(time.monotonic() - start)
                    built.append(log.wait_for("Rebuilt; open pages reload.", lines, 60) - start)
                    print(f"run {run}: shown after {shown[-1]:.2f} s (rebuilt after {built[-1]:.2f} s)", flush=True)
                browser.close()
        finally:
            server.terminate()
            server.wait(timeout=30)
    load = os.getloadavg()
    print(
        f"median of {options.runs}: the edit shows after {statistics.median(shown):.2f} s "
        f"(min {min(shown):.2f}, max {max(shown):.2f}); load average {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"
    )
    print(f"the preview said it had rebuilt after {statistics.median(built):.2f} s (median)")


if __name__ == "__main__":
    main()
