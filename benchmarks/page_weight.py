"""The transfer size, gzipped, of each language's overview page with everything it loads, in Chromium.

The site is built from the given content and served on localhost; Debian's
Chromium loads the latest quarter's overview, waits for the search worker to
fetch its index, and every response's body is gzipped (level 9) and counted.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import shutil
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIMIT_KB = 150


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def measure_page_weight(content: Path) -> list[str]:
    from playwright.sync_api import sync_playwright

    from generator.commands.build import build
    from generator.project import Project

    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    lines = []
    with tempfile.TemporaryDirectory() as scratch:
        server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=scratch))
        threading.Thread(target=server.serve_forever, daemon=True).start()
        url = f"http://127.0.0.1:{server.server_address[1]}/site/"
        project = Project.at(
            ROOT,
            content_dir=content,
            site_dir=Path(scratch) / "site",
            work_dir=Path(scratch) / "work",
            archive_dir=Path(scratch) / "no-archive",
        )
        report = build(project, base_url=url)
        quarter = str(report.latest.id)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
            for language in report.site.languages:
                page = browser.new_page()
                responses = {}
                page.on("response", lambda response, seen=responses: seen.__setitem__(response.url, response))
                page.goto(f"{url}{language}/{quarter}/", wait_until="networkidle")
                page.wait_for_timeout(1000)  # the search worker fetches its index after the page
                sizes = {
                    name.removeprefix(url): len(gzip.compress(response.body(), 9))
                    for name, response in responses.items()
                }
                page.close()
                total = sum(sizes.values())
                index = next((size for name, size in sizes.items() if name.endswith("search_index.json")), 0)
                lines.append(
                    f"{language}/{quarter}/ overview: {total / 1024:.0f} KB with everything it loads "
                    f"(target ≤ {LIMIT_KB} KB); its search index {index / 1024:.1f} KB"
                )
                for name, size in sorted(sizes.items(), key=lambda item: -item[1]):
                    lines.append(f"    {size / 1024:6.1f} KB  {name}")
            browser.close()
        server.shutdown()
    return lines


if __name__ == "__main__":
    print("\n".join(measure_page_weight(ROOT / "content")))
