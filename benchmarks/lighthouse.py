"""Lighthouse 12's mobile audit of the real content's pages, served with gzip, as medians of several runs.

    .venv/bin/python -m benchmarks.lighthouse [--runs 3] [--reports DIR] [--site DIR]

The site is built from `content/` with `reportsite build` into a temporary
folder, for a base URL on localhost, and served from there by a small server
that gzips text, as any real host does (Python's http.server does not, and an
uncompressed bundle would be measured instead of ours). Lighthouse is npm's
`lighthouse@12.2.3` (13 needs Node 22), installed once into
~/.cache/reportsite-lighthouse, never into the checkout; it drives Debian's
Chromium, in its default mobile mode (a mid-range phone, simulated slow 4G and
a 4× slower CPU). The runs go round the pages in turn, so that a change in the
machine's load falls on every page alike; the load is printed, since Lighthouse's
simulated timings scale with how busy the CPU is.
"""

from __future__ import annotations

import argparse
import gzip
import http.server
import json
import mimetypes
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
LIGHTHOUSE = "lighthouse@12.2.3"
CACHE = Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache")) / "reportsite-lighthouse"
CHROMIUM = "/usr/bin/chromium"
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run"
)
CATEGORIES = ["performance", "accessibility", "best-practices", "seo"]
METRICS = {
    "FCP s": ("first-contentful-paint", 1 / 1000),
    "LCP s": ("largest-contentful-paint", 1 / 1000),
    "TBT ms": ("total-blocking-time", 1),
    "CLS": ("cumulative-layout-shift", 1),
}
FORMATS = {"FCP s": ".2f", "LCP s": ".2f", "CLS": ".3f"}
PERIOD = "2563-q2"
PAGES = [
    *(
        f"{language}/{PERIOD}/{page}"
        for language in ("th", "en")
        for page in ("", "strategies/digital-platforms/", "scorecard/")
    ),
    "",  # the front door
]
# Compressed as GitHub Pages and most hosts do; fonts and images are compressed already.
COMPRESSED = ("text/", "application/javascript", "application/json", "image/svg+xml", "application/xml")


class GzipHandler(http.server.BaseHTTPRequestHandler):
    """Serves a folder as a static host does: index.html for a folder, text gzipped when the client accepts it."""

    server: Server

    def do_GET(self) -> None:
        root = self.server.root
        path = unquote(urlsplit(self.path).path)
        target = (root / path.lstrip("/")).resolve()
        if not target.is_relative_to(root):
            self.send_error(403)
            return
        if target.is_dir():
            if not path.endswith("/"):
                self.send_response(301)
                self.send_header("Location", path + "/")
                self.end_headers()
                return
            target = target / "index.html"
        if not target.is_file():
            target, status = root / "404.html", 404
            if not target.is_file():
                self.send_error(404)
                return
        else:
            status = 200
        kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
        body = target.read_bytes()
        self.send_response(status)
        self.send_header("Content-Type", kind + ("; charset=utf-8" if kind.startswith("text/") else ""))
        # GitHub Pages' own lifetime for every file.
        self.send_header("Cache-Control", "max-age=600")
        if kind.startswith(COMPRESSED) and "gzip" in self.headers.get("Accept-Encoding", ""):
            body = self.server.compressed(target, body)
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args) -> None:
        pass


class Server(http.server.ThreadingHTTPServer):
    root = Path("/nonexistent")
    """The folder served: set once the site is built, which needs the server's port first."""

    def __init__(self, port: int) -> None:
        super().__init__(("127.0.0.1", port), GzipHandler)
        self._compressed: dict[Path, bytes] = {}

    def compressed(self, path: Path, body: bytes) -> bytes:
        # Level 6, most servers' default; kept, as a host's cache would.
        if path not in self._compressed:
            self._compressed[path] = gzip.compress(body, 6, mtime=0)
        return self._compressed[path]


def lighthouse_binary() -> Path:
    """Lighthouse's command, installed into the cache folder the first time."""
    binary = CACHE / "node_modules" / ".bin" / "lighthouse"
    version = CACHE / "node_modules" / "lighthouse" / "package.json"
    wanted = LIGHTHOUSE.split("@")[1]
    if not binary.exists() or json.loads(version.read_text())["version"] != wanted:
        print(f"installing {LIGHTHOUSE} into {CACHE}", file=sys.stderr)
        subprocess.run(
            ["npm", "install", "--prefix", str(CACHE), "--no-audit", "--no-fund", "--silent", LIGHTHOUSE],
            check=True,
        )
    return binary


def build_site(scratch: Path, base_url: str) -> Path:
    site = scratch / "site"
    reportsite = Path(sys.executable).parent / "reportsite"
    subprocess.run(
        [str(reportsite), "build", "--project", str(ROOT), "--site", str(site), "--work-dir", str(scratch / "work")]
        + ["--base-url", base_url],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return site


def audit(binary: Path, url: str, output: Path) -> dict:
    """One Lighthouse run of `url`: its report, also written to `output`."""
    subprocess.run(
        [
            str(binary),
            url,
            "--quiet",
            "--output=json",
            f"--output-path={output}",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={CHROME_FLAGS}",
        ],
        check=True,
        env={**os.environ, "CHROME_PATH": CHROMIUM},
    )
    return json.loads(output.read_text(encoding="utf-8"))


def figures(report: dict) -> dict[str, float]:
    row = {name: report["categories"][name]["score"] * 100 for name in CATEGORIES}
    for column, (audit_id, scale) in METRICS.items():
        row[column] = report["audits"][audit_id]["numericValue"] * scale
    return row


def load() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="runs of each page; the table gives medians")
    parser.add_argument("--reports", type=Path, help="keep every run's JSON report in this folder")
    parser.add_argument("--site", type=Path, help="serve this built site (built for --port) instead of building")
    parser.add_argument("--port", type=int, default=0, help="the port to serve on (default: any free one)")
    parser.add_argument("--page", action="append", help="audit only this page (a path below the site's root)")
    options = parser.parse_args()
    binary = lighthouse_binary()
    with tempfile.TemporaryDirectory(prefix="reportsite-lighthouse-") as scratch_name:
        scratch = Path(scratch_name)
        server = Server(options.port)
        base_url = f"http://127.0.0.1:{server.server_address[1]}/"
        server.root = (options.site or build_site(scratch, base_url)).resolve()
        threading.Thread(target=server.serve_forever, daemon=True).start()
        reports = options.reports or scratch / "reports"
        reports.mkdir(parents=True, exist_ok=True)
        pages = options.page if options.page is not None else PAGES
        rows: dict[str, list[dict[str, float]]] = {page: [] for page in pages}
        print(f"load before: {load()}", file=sys.stderr)
        start = time.monotonic()
        for run in range(options.runs):
            for page in pages:
                name = (page.strip("/").replace("/", "_") or "front-door") + f".{run + 1}.json"
                rows[page].append(figures(audit(binary, base_url + page, reports / name)))
                print(f"  {page or '/'} run {run + 1}: {rows[page][-1]}", file=sys.stderr)
        server.shutdown()
    print(f"load after: {load()} ({time.monotonic() - start:.0f} s)", file=sys.stderr)
    columns = [*CATEGORIES, *METRICS]
    print(f"| page | {' | '.join(columns)} |")
    print("|---|" + "---:|" * len(columns))
    for page, runs in rows.items():
        medians = {column: statistics.median(run[column] for run in runs) for column in columns}
        cells = [f"{medians[column]:{FORMATS.get(column, '.0f')}}" for column in columns]
        print(f"| `/{page}` | {' | '.join(cells)} |")
    if options.reports is None:
        shutil.rmtree(reports, ignore_errors=True)


if __name__ == "__main__":
    main()
