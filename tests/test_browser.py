"""In a real Chromium (Debian's), the built site works as a reader uses it."""

from __future__ import annotations

from urllib.parse import urlparse

import pytest

from .conftest import build_without_pdfs, open_all, wait_for_search
from .synthetic import write_later_synthetic_quarter, write_synthetic_content

QUARTER = "2563-q2"


@pytest.fixture
def page(browser, real_site):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.requests = []
    page.on("request", lambda request: page.requests.append(request.url))
    yield page
    context.close()


def switch_language(page, language: str) -> None:
    # Material shows the language list when its button is hovered.
    page.hover(".md-header__option .md-select")
    page.click(f"a.md-select__link[hreflang='{language}']")


def test_language_switcher_leads_from_the_thai_overview_to_the_english_overview(page, real_site):
    page.goto(f"{real_site.url}th/{QUARTER}/", wait_until="networkidle")
    assert page.get_attribute("html", "lang") == "th"
    assert "ไตรมาสที่ 2" in page.inner_text("h1")

    switch_language(page, "en")
    page.wait_for_url(f"{real_site.url}en/{QUARTER}/")
    page.wait_for_selector("html[lang='en']")
    assert page.inner_text("h1").startswith("Performance Report of the Digital Government Development Agency")


def test_language_switcher_keeps_the_reader_on_the_same_page(page, real_site):
    strategy = real_site.report.latest.groupings[1].grouping
    page.goto(f"{real_site.url}th/{QUARTER}/strategies/{strategy.id}/", wait_until="networkidle")
    assert page.inner_text("h1").startswith("ยุทธศาสตร์ที่ 2")

    switch_language(page, "en")
    page.wait_for_url(f"{real_site.url}en/{QUARTER}/strategies/{strategy.id}/")
    page.wait_for_selector("html[lang='en']")
    assert page.inner_text("h1").startswith("Strategy 2:")

    switch_language(page, "th")
    page.wait_for_url(f"{real_site.url}th/{QUARTER}/strategies/{strategy.id}/")
    page.wait_for_selector("html[lang='th']")


def test_front_door_opens_each_language(page, real_site):
    page.goto(real_site.url, wait_until="networkidle")
    page.click(f"a[href='en/{QUARTER}/']")
    page.wait_for_url(f"{real_site.url}en/{QUARTER}/")
    assert page.get_attribute("html", "lang") == "en"


def test_no_page_of_any_kind_requests_another_host(browser, real_site):
    strategies = ["strategies/", *(f"strategies/{g.grouping.id}/" for g in real_site.report.latest.groupings)]
    urls = [real_site.url] + [
        f"{real_site.url}{language}/{QUARTER}/{path}"
        for language in ("th", "en")
        for path in ["", "scorecard/", "background/", "problems/", "404.html", *strategies]
    ]
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    requests = []
    context.on("request", lambda request: requests.append(request.url))
    pages = open_all(context, urls)
    # Open the search too: it loads the index, the worker and its language files.
    pages[-1].click("input.md-search__input")
    wait_for_search(pages[-1])
    context.close()
    hosts = {urlparse(url).hostname for url in requests}
    assert len(requests) > len(urls) and hosts == {"127.0.0.1"}
    assert any(url.endswith("/search/search_index.json") for url in requests)
    assert any("/assets/javascripts/workers/search." in url for url in requests), "the search worker is checked"


# The bar colour of each palette, as reportsite.css sets it.
BAR_COLOURS = {"light": (0x39, 0x49, 0xAB), "dark": (0x8C, 0x9E, 0xFF)}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("language", ["th", "en"])
def test_overview_chart_is_visible_in_both_palettes(browser, real_site, tmp_path, language, scheme):
    from PIL import Image

    context = browser.new_context(viewport={"width": 1280, "height": 900}, color_scheme=scheme)
    page = context.new_page()
    page.goto(f"{real_site.url}{language}/{QUARTER}/", wait_until="networkidle")
    figure = page.locator("figure#chart-progress")
    box = figure.bounding_box()
    assert box["width"] > 500 and box["height"] > 250
    shot = tmp_path / f"chart-{language}-{scheme}.png"
    figure.screenshot(path=str(shot))
    context.close()

    pixels = Image.open(shot).convert("RGB")
    colours = pixels.getcolors(maxcolors=1 << 20)
    assert len(colours) > 50, "the chart has drawn content, not a blank box"
    bar = BAR_COLOURS[scheme]
    bar_pixels = sum(
        count for count, colour in colours if all(abs(a - b) <= 3 for a, b in zip(colour[:3], bar, strict=True))
    )
    assert bar_pixels > 2000, f"the {scheme} palette's bar colour fills the bars"


# Each chart's viewBox, and the boxes of its text and its (non-empty) bars, in the SVG's units: of the drawing
# shown, wide or narrow.
CHART_BOXES = """() => [...document.querySelectorAll("figure.rs-chart svg")].filter(svg => svg.checkVisibility())
  .map(svg => {
    const box = e => { const b = e.getBBox();
                       return {text: e.textContent, x: b.x, y: b.y, right: b.x + b.width, bottom: b.y + b.height}; };
    return {name: svg.parentElement.id, width: svg.viewBox.baseVal.width, height: svg.viewBox.baseVal.height,
            texts: [...svg.querySelectorAll('text')].map(box),
            bars: [...svg.querySelectorAll('rect')].filter(r => r.width.baseVal.value > 0).map(box)};
})"""


def overlap(a: dict, b: dict, slack: float = 0.5) -> bool:
    return (
        a["x"] < b["right"] - slack
        and b["x"] < a["right"] - slack
        and a["y"] < b["bottom"] - slack
        and b["y"] < a["bottom"] - slack
    )


# Every chart text the reader sees, at the size it renders in CSS px (its size in the SVG's units times the SVG's
# scale), and how many drawings each chart shows (one: its wide or its narrow one).
CHART_TEXTS = """() => ({
    texts: [...document.querySelectorAll('figure.rs-chart svg text')].filter(t => t.checkVisibility())
      .map(t => ({chart: t.ownerSVGElement.parentElement.id, text: t.textContent,
                  size: parseFloat(getComputedStyle(t).fontSize) * t.ownerSVGElement.getScreenCTM().a})),
    shown: [...document.querySelectorAll('figure.rs-chart')]
      .map(f => [f.id, [...f.querySelectorAll(':scope > svg')].filter(s => s.checkVisibility()).length])})"""


def small_chart_texts(page, smallest: float = 12) -> tuple[list[str], int]:
    """What the page's charts draw below `smallest` CSS px and every chart that shows other than one drawing; and
    how many chart texts were measured."""
    found = page.evaluate(CHART_TEXTS)
    problems = [f"{t['chart']}: {t['text']!r} at {t['size']:.1f} px" for t in found["texts"] if t["size"] < smallest]
    problems += [f"{name} shows {count} drawings" for name, count in found["shown"] if count != 1]
    return problems, len(found["texts"])


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("language", ["th", "en"])
def test_chart_text_stays_inside_the_chart_and_clear_of_the_bars(browser, real_site, language, width):
    # The generator lays labels out with Sarabun's advance widths; here the browser measures the text it renders,
    # in the wide drawings on a desktop and in the narrow ones on a phone.
    context = browser.new_context(viewport={"width": width, "height": 900})
    page = context.new_page()
    problems, charts = [], []
    for path in ("", "scorecard/"):
        page.goto(f"{real_site.url}{language}/{QUARTER}/{path}", wait_until="networkidle")
        page.evaluate("document.fonts.ready.then(() => null)")
        assert page.evaluate("document.fonts.check('12px Sarabun')"), "the charts' text is set in Sarabun"
        problems += small_chart_texts(page)[0]
        charts += page.evaluate(CHART_BOXES)
    context.close()
    assert {chart["name"] for chart in charts} == {"chart-progress", "chart-scorecard", "chart-scorecard-quarters"}
    assert problems + chart_layout_problems(charts) == []


def chart_layout_problems(charts: list[dict]) -> list[str]:
    """Each text (of CHART_BOXES' charts) that is cut off by its chart's edge, or overlaps a bar or another text."""
    problems = []
    for chart in charts:
        texts = chart["texts"]
        for text in texts:
            if (
                text["x"] < -0.5
                or text["y"] < -0.5
                or text["right"] > chart["width"] + 0.5
                or text["bottom"] > chart["height"] + 0.5
            ):
                problems.append(f"{chart['name']}: {text['text']!r} is cut off")
            problems += [
                f"{chart['name']}: {text['text']!r} overlaps a bar" for bar in chart["bars"] if overlap(text, bar)
            ]
        problems += [
            f"{chart['name']}: {a['text']!r} overlaps {b['text']!r}"
            for index, a in enumerate(texts)
            for b in texts[index + 1 :]
            if overlap(a, b)
        ]
    return problems


def test_quarter_selector_keeps_the_language_and_the_page(page, three_quarter_site):
    _, url, _ = three_quarter_site
    page.goto(f"{url}th/2567-q1/scorecard/", wait_until="networkidle")
    page.wait_for_selector(".md-version__current")
    assert page.inner_text(".md-version__current") == "ไตรมาส 1 ปีงบประมาณ 2567"
    # Earlier quarters say so, with a link to the latest.
    assert "รายงานนี้เป็นรายงานฉบับก่อนหน้า" in page.inner_text("[data-md-component=outdated]")

    page.hover(".md-version")
    page.click(".md-version__link:has-text('ไตรมาส 3 ปีงบประมาณ 2567')")
    page.wait_for_url(f"{url}th/2567-q3/scorecard/")
    assert page.get_attribute("html", "lang") == "th"
    assert page.inner_text(".md-version__current") == "ไตรมาส 3 ปีงบประมาณ 2567"


def test_thai_search_finds_words_inside_unspaced_thai(page, real_site):
    from .thai_search_recall import measure

    recall = measure(page, f"{real_site.url}th/{QUARTER}/", real_site.site_dir / "th" / QUARTER, near_misses=[])
    assert recall.rate >= 0.95, f"recall {recall.rate:.0%}; missed {recall.missed}"
    assert recall.absent_found == [], "words that appear nowhere must find nothing"
    # Nor does a word find pages that lack it (ความมั่นคง, where a page has only ความ here and มั่นคง there).
    assert recall.strays == {}, f"pages found that do not hold the word: {recall.strays}"


def test_thai_words_that_start_as_the_contents_words_but_appear_nowhere_find_nothing(page, real_site):
    """โควิด is not in the content, though โครงการ and โค (of โคโรนา) are: a search for it finds no page.

    test_thai.py checks that each of these words is absent from the built pages and their search index.
    """
    from .thai_search_recall import NEAR_MISSES, measure

    # A word site.yaml gives equivalents for (โควิด: COVID-19) finds their pages: the test below checks which.
    equivalents = {spelling for group in real_site.report.site.search_equivalents for spelling in group}
    near_misses = [word for word in NEAR_MISSES if word not in equivalents]
    recall = measure(
        page, f"{real_site.url}th/{QUARTER}/", real_site.site_dir / "th" / QUARTER, queries=[], near_misses=near_misses
    )
    assert len(recall.near_miss_pages) >= 30
    found = {word: pages for word, pages in recall.near_miss_pages.items() if pages}
    assert found == {}, f"{len(found)} of {len(near_misses)} words that appear nowhere found pages: {found}"


def test_a_search_equivalent_leads_a_thai_spelling_to_the_pages_that_write_it_otherwise(page, real_site):
    """site.yaml's search_equivalents: a reader types โควิด; the Thai report writes COVID-19."""
    import json

    from .thai_search_recall import open_search, result_pages, search

    assert ["โควิด", "COVID-19"] in [list(group) for group in real_site.report.site.search_equivalents]
    site = real_site.site_dir / "th" / QUARTER
    docs = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))["docs"]
    page.goto(f"{real_site.url}th/{QUARTER}/", wait_until="networkidle")
    open_search(page)
    for reader, report in (("โควิด", "COVID-19"), ("อีเพย์เมนต์", "e-Payment")):
        written = {doc["location"].split("#")[0] for doc in docs if report in doc["title"] + doc["text"]}
        assert written and not any(reader in doc["title"] + doc["text"] for doc in docs), reader
        expected = {urlparse(f"{real_site.url}th/{QUARTER}/{location}").path for location in written}
        assert result_pages(search(page, reader)) == expected, reader


def test_english_search_still_finds_english_words(page, real_site):
    from .thai_search_recall import open_search, search

    page.goto(f"{real_site.url}en/{QUARTER}/", wait_until="networkidle")
    open_search(page)
    for query, expected in (("budget", "problems/"), ("MailGoThai", "strategies/"), ("Effectiveness", "scorecard/")):
        results = search(page, query)
        assert any(expected in path for path in results), (query, results)


def test_a_long_thai_paragraph_wraps_inside_a_narrow_screen(browser, real_site, tmp_path):
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2)
    page = context.new_page()
    page.goto(f"{real_site.url}th/{QUARTER}/background/", wait_until="networkidle")
    paragraph = page.locator("article p").first
    overflow = page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, "nothing sticks out sideways"
    assert paragraph.bounding_box()["height"] > 300, "the paragraph wraps over many lines"
    assert page.evaluate("() => document.fonts.check('16px Sarabun', 'ความเป็นมา')")
    paragraph.screenshot(path=str(tmp_path / "thai-360.png"))
    context.close()


def test_the_thai_overview_stays_light(page, real_site):
    """Transfer size, gzipped, of the Thai overview with all it loads: the page, CSS, JS, fonts, search."""
    import gzip

    sizes = {}
    page.on("response", lambda response: sizes.__setitem__(response.url, response))
    page.goto(f"{real_site.url}th/{QUARTER}/", wait_until="networkidle")
    wait_for_search(page)  # the search worker loads its index after the page
    total = sum(len(gzip.compress(response.body(), 9)) for response in sizes.values())
    assert not any("wordcut" in url for url in sizes), "the browser needs no Thai segmenter"
    assert total < 150 * 1024, f"{total / 1024:.0f} KB gzipped"


def test_numbered_items_carry_their_number_and_no_bullet_while_other_lists_keep_theirs(page, real_site):
    strategy = real_site.report.latest.groupings[0].grouping
    page.goto(f"{real_site.url}en/{QUARTER}/strategies/{strategy.id}/", wait_until="networkidle")
    numbered = page.locator("article li:has(> strong.rs-number)")
    assert numbered.count() > 0
    assert {numbered.nth(i).evaluate("li => getComputedStyle(li).listStyleType") for i in range(numbered.count())} == {
        "none"
    }
    # The overview's list of facts starts each item with a bold label, not a number: it keeps its bullets.
    page.goto(f"{real_site.url}en/{QUARTER}/", wait_until="networkidle")
    facts = page.locator("article li:has(> strong)").first
    assert facts.evaluate("li => getComputedStyle(li).listStyleType") == "disc"


@pytest.fixture(scope="module")
def elsewhere(server):
    """Two synthetic quarters, the second without its problems page, built for base_url's host (a placeholder,
    https://synthetic.example.org/reports/) and served on another host, under a sub-path: as a preview is, or a
    copy of the site. Built without PDFs."""
    root = server.root / "elsewhere"
    content = write_synthetic_content(root / "content")
    second = write_later_synthetic_quarter(content, 2) / "quarter.yaml"
    second.write_text(second.read_text(encoding="utf-8").replace("- problems\n", ""), encoding="utf-8")
    (second.parent / "problems.yaml").unlink()
    built = build_without_pdfs(root / "some" / "sub", content)
    assert built.report.site.base_url == "https://synthetic.example.org/reports/"
    assert not (built.project.site_dir / "en" / "2567-q2" / "problems").exists()
    return f"{server.url}elsewhere/some/sub/site/"


def test_each_language_link_leads_to_the_same_page_in_the_other_language(elsewhere, server):
    import re

    site = server.root / "elsewhere" / "some" / "sub" / "site"
    pages = list(site.glob("th/2567-q*/**/index.html"))
    assert len(pages) > 10
    for page in pages:
        text = page.read_text(encoding="utf-8")
        [(english, root)] = re.findall(r'<a href="([^"]*)" target="_self" data-rs-root="([^"]*)" hreflang="en"', text)
        assert (page.parent / english / "index.html").resolve() == site / "en" / page.relative_to(site / "th"), page
        assert (page.parent / root).resolve() == site / "en" / page.relative_to(site / "th").parts[0], page
    # The 404 page is served at any address: its links lead to the overviews (by base_url's path), and stay.
    not_found = (site / "th" / "2567-q2" / "404.html").read_text(encoding="utf-8")
    assert '<a href="/reports/th/2567-q2/../../en/2567-q2/" target="_self" hreflang="en"' in not_found


def test_the_switchers_keep_the_page_wherever_the_site_is_served(browser, elsewhere):
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(f"{elsewhere}th/2567-q2/strategies/synthetic-alpha/", wait_until="networkidle")
    switch_language(page, "en")
    page.wait_for_url(f"{elsewhere}en/2567-q2/strategies/synthetic-alpha/")
    page.wait_for_selector("html[lang='en']")
    assert page.inner_text("h1").startswith("Strategy 1: Synthetic strategy alpha")

    # Material's period selector finds the page in the other period's sitemap, by its path below the sitemap's
    # common prefix (the period's address as base_url gives it): wherever the site is served.
    page.hover(".md-version")
    page.click(".md-version__link:has-text('Q1 FY2024')")
    page.wait_for_url(f"{elsewhere}en/2567-q1/strategies/synthetic-alpha/")
    assert page.inner_text(".md-version__current") == "Q1 FY2024"

    # A page that the other period lacks leads to its overview.
    page.goto(f"{elsewhere}en/2567-q1/problems/", wait_until="networkidle")
    page.hover(".md-version")
    page.click(".md-version__link:has-text('Q2 FY2024')")
    page.wait_for_url(f"{elsewhere}en/2567-q2/")
    switch_language(page, "th")
    page.wait_for_url(f"{elsewhere}th/2567-q2/")
    page.wait_for_selector("html[lang='th']")
    page.context.close()


def test_the_language_links_follow_the_reader_through_instant_navigation(browser, three_quarter_site):
    # Where the site is served at base_url, Material loads the pages of a period without leaving the page
    # (instant navigation), and the header, with the language links in it, stays the first page's.
    _, url, _ = three_quarter_site
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    page.goto(f"{url}th/2567-q2/", wait_until="networkidle")
    page.evaluate("window.loadedOnce = true")
    page.eval_on_selector(".md-nav--primary a.md-nav__link[href$='strategies/synthetic-beta/']", "a => a.click()")
    page.wait_for_url(f"{url}th/2567-q2/strategies/synthetic-beta/")
    page.wait_for_selector("h1:has-text('ยุทธศาสตร์สังเคราะห์')")
    assert page.evaluate("window.loadedOnce"), "the page was loaded again, not by instant navigation"
    english = page.get_attribute("a.md-select__link[hreflang='en']", "href")
    assert english.endswith("en/2567-q2/strategies/synthetic-beta/"), english
    switch_language(page, "en")
    page.wait_for_url(f"{url}en/2567-q2/strategies/synthetic-beta/")
    page.wait_for_selector("html[lang='en']")
    page.context.close()
