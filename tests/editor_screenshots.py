"""Screenshots of the editors' page for CONTRIBUTING.md: regenerate with `make screenshots`.

The real page (Decap CMS, as `reportsite build` serves it) on a copy of this repository's own content, in
Debian's Chromium, through decap-server on a temporary git repository: the sign-in page, and the form of the
scorecard with a component unfolded, in Thai and in English. They are written to docs/images/; look at them
before committing them.
"""

from __future__ import annotations

import functools
import http.server
import json
import shutil
import subprocess
import tempfile
import threading
from pathlib import Path

from playwright.sync_api import sync_playwright

from generator.commands.build import build
from generator.commands.editor import EDITOR_FOLDER, find_editor_files
from generator.project import Project

from .conftest import CHROMIUM, CHROMIUM_ARGS
from .test_editor_workflow import decap_server_for, git

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT / "docs" / "images"
PERIOD = "2563-q2"


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def main() -> None:
    files, reason = find_editor_files()
    if files is None:
        raise SystemExit(reason)
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        repository = folder / "repository"
        shutil.copytree(ROOT / "content", repository / "content")
        subprocess.run(["git", "init", "--quiet", "--initial-branch=main", str(repository)], check=True)
        git(repository, "add", ".")
        git(repository, "commit", "--quiet", "--message", "The content")
        build(Project.at(repository, site_dir=folder / "site", work_dir=folder / "work"), editor=files)
        handler = functools.partial(_Quiet, directory=str(folder / "site"))
        httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
        page_url = f"http://127.0.0.1:{httpd.server_address[1]}/{EDITOR_FOLDER}/"
        try:
            with decap_server_for(repository, folder / "decap-server.log") as api:
                config_file = folder / "site" / EDITOR_FOLDER / "config.json"
                data = json.loads(config_file.read_text(encoding="utf-8"))
                data["config"]["local_backend"] = {"url": api}
                config_file.write_text(json.dumps(data), encoding="utf-8")
                IMAGES.mkdir(parents=True, exist_ok=True)
                with sync_playwright() as playwright:
                    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
                    for locale, language, sign_in in (("th-TH", "th", "เข้าสู่ระบบ"), ("en-GB", "en", "Login")):
                        shoot(browser, page_url, locale, language, sign_in)
                    browser.close()
        finally:
            httpd.shutdown()
    for image in sorted(IMAGES.glob("editor-*.png")):
        print(f"Wrote {image.relative_to(ROOT)}")


def shoot(browser, page_url: str, locale: str, language: str, sign_in: str) -> None:
    context = browser.new_context(locale=locale, viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        page.goto(page_url)
        button = page.get_by_role("button", name=sign_in)
        button.wait_for()
        page.screenshot(path=IMAGES / f"editor-{language}-sign-in.png")
        button.click()
        page.goto(f"{page_url}#/collections/{PERIOD}/entries/scorecard")
        component = page.locator(
            "xpath=//div[contains(@class,'SortableListItem')]"
            "[div[contains(@class,'NestedObjectLabel')][normalize-space()='scorecard']]"
        ).first
        component.locator("xpath=./div[contains(@class,'TopBar')]/button").first.click()
        first = page.locator(
            "xpath=//div[contains(@class,'SortableListItem')]"
            "[div[contains(@class,'NestedObjectLabel')][normalize-space()='effectiveness']]"
        ).first
        first.locator("xpath=./div[contains(@class,'TopBar')]/button").first.click()
        first.scroll_into_view_if_needed()
        page.screenshot(path=IMAGES / f"editor-{language}-form.png")
    finally:
        context.close()


if __name__ == "__main__":
    main()
