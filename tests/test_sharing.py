"""Sharing and search engines, on the real content's build: each page's canonical URL and its alternates in
every language, the preview a shared link shows (Open Graph and Twitter's cards, and the share image), and the
sitemaps' alternates.

The real site is built with the test server's URL as its base URL, so every absolute URL a page gives can be
followed to the very file it names.
"""

from __future__ import annotations

import base64
import re
import struct
import urllib.request
import xml.etree.ElementTree as ElementTree
from html.parser import HTMLParser
from pathlib import Path

import pytest

QUARTER = "2563-q2"
LANGUAGES = ("th", "en")
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


class _Head(HTMLParser):
    """The <link>s and <meta>s of a page's head, and its <title>."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[dict[str, str]] = []
        self.meta: dict[str, list[str]] = {}
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        values = {name: value or "" for name, value in attrs}
        if tag == "link":
            self.links.append(values)
        elif tag == "meta" and ("property" in values or "name" in values):
            self.meta.setdefault(values.get("property") or values["name"], []).append(values.get("content", ""))
        self._in_title = tag == "title"

    def handle_endtag(self, tag):
        self._in_title = False

    def handle_data(self, data):
        if self._in_title:
            self.title += data


def head(page: Path) -> _Head:
    parser = _Head()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


def pages_of(site_dir: Path, language: str) -> list[Path]:
    """Every page of the period in `language`, but the 404 page, which is no page of its own to link to."""
    root = site_dir / language / QUARTER
    return sorted(page for page in root.rglob("*.html") if page.name != "404.html")


def url_of(real_site, page: Path) -> str:
    """The page's own URL, as the site's directory URLs name it."""
    path = page.relative_to(real_site.site_dir).as_posix()
    return real_site.url + (path[: -len("index.html")] if path.endswith("index.html") else path)


def file_of(real_site, url: str) -> Path:
    assert url.startswith(real_site.url), url
    path = real_site.site_dir / url[len(real_site.url) :]
    return path / "index.html" if url.endswith("/") else path


def test_every_page_names_itself_and_the_same_page_in_every_language_by_absolute_urls(real_site):
    counted = 0
    for language in LANGUAGES:
        pages = pages_of(real_site.site_dir, language)
        assert len(pages) >= 10, pages
        for page in pages:
            own = url_of(real_site, page)
            links = head(page).links
            assert [link["href"] for link in links if link.get("rel") == "canonical"] == [own], page
            alternates = {link["hreflang"]: link["href"] for link in links if link.get("rel") == "alternate"}
            assert set(alternates) == {*LANGUAGES, "x-default"}, page
            assert alternates[language] == own and alternates["x-default"] == real_site.url
            for other in LANGUAGES:
                # The same page in the other language: its own path, and a page that names this one back.
                assert alternates[other] == own.replace(f"/site/{language}/", f"/site/{other}/", 1)
                counterpart = file_of(real_site, alternates[other])
                assert counterpart.is_file(), alternates[other]
                back = {link["hreflang"]: link["href"] for link in head(counterpart).links if "hreflang" in link}
                assert back[language] == own
            counted += 1
    assert counted == sum(len(pages_of(real_site.site_dir, language)) for language in LANGUAGES)


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_shared_link_previews_the_page_in_its_own_language_with_the_periods_image(real_site, language):
    period = real_site.report.latest
    strategy = real_site.site_dir / language / QUARTER / "strategies" / "digital-platforms" / "index.html"
    meta = head(strategy).meta
    own = url_of(real_site, strategy)
    assert meta["og:url"] == [own] and meta["og:type"] == ["website"]
    assert meta["og:locale"] == [{"th": "th_TH", "en": "en_GB"}[language]]
    assert meta["og:locale:alternate"] == [{"th": "en_GB", "en": "th_TH"}[language]]
    # The page's title (its strategy's), and the report's title as the description, in the page's language.
    title = period.groupings[1].grouping.title[language]
    assert title in meta["og:title"][0] and meta["twitter:title"] == meta["og:title"]
    assert meta["og:description"] == [period.info.title[language]] == meta["twitter:description"]
    assert meta["twitter:card"] == ["summary_large_image"]
    image = meta["og:image"][0]
    assert image == f"{real_site.url}{language}/{QUARTER}/assets/share.png" and meta["twitter:image"] == [image]
    assert meta["og:image:width"] == ["1200"] and meta["og:image:height"] == ["630"]
    thai_script = re.compile(r"[\u0e00-\u0e7f]")
    assert bool(thai_script.search(meta["og:image:alt"][0])) == (language == "th")
    # Every page of the period shares the same picture.
    images = {head(page).meta["og:image"][0] for page in pages_of(real_site.site_dir, language)}
    assert images == {image}


def test_the_share_image_is_a_1200_by_630_png_of_the_period_served_from_the_site(real_site, browser):
    drawn = {}
    for language in LANGUAGES:
        url = f"{real_site.url}{language}/{QUARTER}/assets/share.png"
        with urllib.request.urlopen(url) as response:
            assert response.headers["Content-Type"] == "image/png"
            png = response.read()
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = struct.unpack(">II", png[16:24])  # the IHDR chunk's first fields
        assert (width, height) == (1200, 630)
        drawn[language] = png
    assert drawn["th"] != drawn["en"]
    # Drawn, not blank: in Chromium, the header's band has the theme's colour and white text on it, and the
    # period's name below it dark text on white.
    page = browser.new_page()
    try:
        page.set_content("<canvas width=1200 height=630></canvas>")
        shares = page.evaluate(
            """async png => {
                const image = new Image();
                image.src = 'data:image/png;base64,' + png;
                await image.decode();
                const canvas = document.querySelector('canvas'), context = canvas.getContext('2d');
                context.drawImage(image, 0, 0);
                const share = (x, y, w, h, test) => {
                    const data = context.getImageData(x, y, w, h).data;
                    let count = 0;
                    for (let i = 0; i < data.length; i += 4) count += test(data[i], data[i + 1], data[i + 2]);
                    return count / (w * h);
                };
                const white = (r, g, b) => r > 230 && g > 230 && b > 230, dark = (r, g, b) => r + g + b < 200;
                return {headerWhite: share(0, 0, 1200, 80, white), headerTheme: share(0, 0, 1200, 80,
                        (r, g, b) => b > 150 && r < 100), periodDark: share(0, 150, 1200, 80, dark)};
            }""",
            base64.b64encode(drawn["th"]).decode("ascii"),
        )
    finally:
        page.close()
    assert shares["headerTheme"] > 0.5 and 0.01 < shares["headerWhite"] < 0.5, shares
    assert 0.01 < shares["periodDark"] < 0.6, shares


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_sitemap_lists_each_pages_alternates(real_site, language):
    sitemaps = {
        other: ElementTree.parse(real_site.site_dir / other / QUARTER / "sitemap.xml").getroot() for other in LANGUAGES
    }
    locations = {other: {url.findtext(f"{SITEMAP}loc") for url in sitemaps[other]} for other in LANGUAGES}
    urls = list(sitemaps[language])
    assert len(urls) >= 10
    for url in urls:
        alternates = {link.get("hreflang"): link.get("href") for link in url.findall(f"{XHTML}link")}
        assert set(alternates) == {*LANGUAGES, "x-default"}
        assert alternates[language] == url.findtext(f"{SITEMAP}loc")
        for other in LANGUAGES:
            assert alternates[other] in locations[other]  # the other language's sitemap lists it too
        assert alternates["x-default"] == real_site.url
