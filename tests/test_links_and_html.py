"""Every internal link and anchor resolves, across languages and quarters; the HTML is valid."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlparse

import pytest

from .conftest import ROOT

VNU = ROOT / "tools" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# The checker runs for a few seconds, too few for the JVM's optimising compiler to pay for the processor time it
# takes: with the quick compiler alone it needs half the time, and finds the same messages, byte for byte. The
# quick compiler's code takes more stack in the checker's deep recursion over the HTML schema than the default
# thread stack holds (the checker then says so and stops), hence the larger one.
JAVA_OPTIONS = ["-XX:TieredStopAtLevel=1", "-Xss8m"]
# Errors the Nu checker finds in Material's own markup (not ours); README lists them under known issues.
THEME_ERRORS = [
    re.compile(r"^Attribute “autocomplete” is only allowed when the input type is"),
    re.compile(r"^Bad value “” for attribute “tabindex” on element “label”"),
]


class Links(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name in ("id", "name"):
            if attributes.get(name):
                self.ids.add(attributes[name])
        for name in ("href", "src"):
            if attributes.get(name) and not (tag == "link" and attributes.get("rel") == "canonical"):
                self.links.append(attributes[name])


def parse(page: Path) -> Links:
    links = Links()
    links.feed(page.read_text(encoding="utf-8"))
    return links


def broken_links(site: Path, base_path: str = "/") -> list[str]:
    """Every internal link of every page of `site` whose file or anchor does not exist.

    `base_path` is where the site is served: absolute links (the 404 page has them) start with it.
    """
    parsed = {page: parse(page) for page in site.rglob("*.html")}
    broken = []
    for page, links in parsed.items():
        for link in links.links:
            url = urlparse(link)
            if url.scheme or link.startswith(("//", "mailto:", "data:", "javascript:")):
                continue
            path = unquote(url.path)
            if path.startswith("/"):
                if not path.startswith(base_path):
                    broken.append(f"{page.relative_to(site)}: {link} (outside the site)")
                    continue
                target = (site / path[len(base_path) :]).resolve()
            else:
                target = (page.parent / path).resolve() if path else page
            if path.endswith("/") or target.is_dir():
                target = target / "index.html"
            if not target.exists() or site.resolve() not in (target.resolve(), *target.resolve().parents):
                broken.append(f"{page.relative_to(site)}: {link}")
            elif url.fragment and target.suffix == ".html":
                ids = parsed[target].ids if target in parsed else parse(target).ids
                if unquote(url.fragment) not in ids:
                    broken.append(f"{page.relative_to(site)}: {link} (no such anchor)")
    return broken


def test_no_broken_links_in_the_real_site(real_site):
    assert broken_links(real_site.site_dir, urlparse(real_site.url).path) == []


def test_no_broken_links_across_quarters_and_languages(three_quarter_site):
    site_dir, url, _ = three_quarter_site
    assert broken_links(site_dir, urlparse(url).path) == []


def test_the_link_checker_finds_a_broken_link_and_anchor(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text(
        '<p id="here"><a href="../b/">b</a> <a href="#there">x</a> <a href="#here">y</a></p>', encoding="utf-8"
    )
    assert broken_links(tmp_path) == ["a/index.html: ../b/", "a/index.html: #there (no such anchor)"]


def test_html_has_no_errors_of_our_own(real_site):
    if not VNU.is_file() or not shutil.which("java"):
        message = "the Nu Html Checker needs tools/node_modules/vnu-jar (npm ci --prefix tools) and java"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    result = subprocess.run(
        ["java", *JAVA_OPTIONS, "-jar", str(VNU), "--format", "json", "--skip-non-html", str(real_site.site_dir)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr)["messages"]
    errors = [m for m in messages if m["type"] == "error"]
    ours = [
        f"{m['url'].rsplit('/site/', 1)[-1]}:{m.get('lastLine')}: {m['message']}"
        for m in errors
        if not any(known.search(m["message"]) for known in THEME_ERRORS)
    ]
    assert ours == []
    assert errors, "the checker ran on the pages (Material's own known errors show up)"
