"""In Chromium, at a phone's size and a desktop's: the header's controls, tap targets, tables, charts' text and the
tiles at the top of the overview, measured as boxes on the real site's pages of every kind, in both languages."""

from __future__ import annotations

import pytest

from .test_browser import overlap, small_chart_texts

QUARTER = "2563-q2"
PHONES = [(360, 740), (390, 844)]
DESKTOP = (1280, 800)
# One page of each kind: the overview, a section of groupings and one of its pages, the scorecard, a section of
# text, the open data, the print edition, the 404 page, and the front door.
PAGES = [
    f"{QUARTER}/",
    f"{QUARTER}/strategies/",
    f"{QUARTER}/strategies/digital-platforms/",
    f"{QUARTER}/scorecard/",
    f"{QUARTER}/background/",
    f"{QUARTER}/data/",
    f"{QUARTER}/print/",
    f"{QUARTER}/404.html",
]

# The header's controls that are shown: the menu, the period selector, the palette toggle, the language button and
# search; each box is the control's own (the version button, not the title around it).
HEADER_CONTROLS = """() => [...document.querySelectorAll(
    '.md-header__inner > label.md-header__button, .md-version__current, ' +
    '.md-header__option label.md-header__button, .md-header__option .md-select > button, ' +
    '.md-header__inner > .md-header__source, .md-header__inner > a.md-header__button')]
  .filter(e => e.checkVisibility() && e.getBoundingClientRect().width > 0)
  .map(e => { const r = e.getBoundingClientRect();
              return {name: e.className || e.tagName, x: r.x, y: r.y, right: r.right, bottom: r.bottom}; })"""

# What the page offers to tap outside running text: the header's controls, the tiles' links (which cover their
# tiles), the navigation's links, and a table's download link. A link inside a sentence is exempt (WCAG 2.5.8).
TAP_TARGETS = """() => [...document.querySelectorAll(
    '.md-header label.md-header__button, .md-header .md-select > button, .md-version__current, ' +
    '.rs-tile, .rs-download a')]
  .filter(e => e.checkVisibility() && e.getBoundingClientRect().width > 0)
  .map(e => { const r = e.getBoundingClientRect();
              return {name: e.className || e.textContent.trim(), width: r.width, height: r.height}; })"""

# Every body cell of every table in the article that is wider than the screen leaves: a card's figures must all be
# on screen.
CELLS_OFF_SCREEN = """() => [...document.querySelectorAll('article table td, article table tbody th')]
  .filter(cell => cell.checkVisibility())
  .filter(cell => { const r = cell.getBoundingClientRect(); return r.right > innerWidth + 0.5 || r.left < -0.5; })
  .map(cell => cell.textContent.trim().slice(0, 40))"""


# Ready to measure: the fonts are in, Material has wrapped each table in its scroller, and on a period's page the
# period selector (which Material adds from versions.json) is there.
READY = """() => document.fonts.status === 'loaded'
    && document.querySelectorAll('article table').length
       === document.querySelectorAll('.md-typeset__table table').length
    && (!document.querySelector('[data-md-component="header-title"]')
        || !!document.querySelector('.md-version__current') || location.pathname.endsWith('/404.html'))"""


def _open(browser, url: str, size: tuple[int, int]):
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    _goto(page, url)
    return context, page


def _goto(page, url: str) -> None:
    page.goto(url, wait_until="load")
    page.wait_for_function(READY)


@pytest.mark.parametrize("size", PHONES, ids=["360", "390"])
@pytest.mark.parametrize("language", ["th", "en"])
def test_on_a_phone_nothing_overlaps_nothing_scrolls_sideways_and_every_target_is_big_enough(
    browser, real_site, language, size
):
    context = browser.new_context(viewport={"width": size[0], "height": size[1]})
    page = context.new_page()
    chart_texts = 0
    try:
        for path in [f"{language}/{path}" for path in PAGES] + [""]:
            _goto(page, f"{real_site.url}{path}")
            small, measured = small_chart_texts(page)
            assert small == [], f"{path}: chart text too small or charts drawn twice"
            chart_texts += measured
            assert page.evaluate("document.documentElement.scrollWidth") <= size[0], f"{path} scrolls sideways"
            assert page.evaluate(CELLS_OFF_SCREEN) == [], f"{path}: cells off screen"
            controls = page.evaluate(HEADER_CONTROLS)
            if path:
                assert len(controls) >= 4, (path, controls)  # menu, period, palette, language (search too)
            for index, one in enumerate(controls):
                for other in controls[index + 1 :]:
                    assert not overlap(one, other), f"{path}: {one['name']} overlaps {other['name']}"
            for target in page.evaluate(TAP_TARGETS):
                assert target["width"] >= 24 and target["height"] >= 24, f"{path}: {target}"
    finally:
        context.close()
    # The overview's, the grouping page's, the scorecard's two and the print edition's charts.
    assert chart_texts > 100


# The tiles and what they link to: each tile's label links to a heading of the page; its value, and every name
# it lists, are in the table under that heading.
TILES = """() => [...document.querySelectorAll('.rs-tile')].map(tile => {
    const link = tile.querySelector('.rs-tile__label a');
    const target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    let table = target;
    while (table && table.tagName !== 'TABLE') {
        table = table.nextElementSibling;
        if (table && table.querySelector('table')) table = table.querySelector('table');
    }
    const rect = tile.getBoundingClientRect();
    return {label: link.textContent.trim(), target: target ? target.tagName : null,
            table: table ? table.textContent.replace(/\\s+/g, ' ') : '',
            value: tile.querySelector('.rs-tile__value').firstChild.textContent.trim(),
            names: [...tile.querySelectorAll('.rs-tile__name')].map(n => n.textContent.trim()),
            change: tile.querySelector('.rs-tile__change')?.textContent.trim() ?? null,
            bottom: rect.bottom};
})"""


@pytest.mark.parametrize("size", [PHONES[1], DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("language", ["th", "en"])
def test_the_overviews_first_screen_shows_the_period_and_its_headline_figures_as_tiles(
    browser, real_site, language, size
):
    context, page = _open(browser, f"{real_site.url}{language}/{QUARTER}/", size)
    try:
        tiles = page.evaluate(TILES)
        period = real_site.report.latest
        figures = [figure for _, figure in period.headline_figures]
        # The total score, the projects behind plan, and each headline figure: what the real content gives.
        assert period.total_score is not None and period.behind_plan is not None and len(figures) == 3
        assert len(tiles) == 2 + len(figures)
        for tile in tiles:
            assert tile["target"] in ("H2", "H3"), tile
            assert tile["value"] and tile["value"] in tile["table"], tile
            assert all(name in tile["table"] for name in tile["names"]), tile
            assert tile["bottom"] <= size[1], f"{tile['label']} is below the first screen"
        score, behind = tiles[0], tiles[1]
        assert score["value"] == "31.00"
        assert behind["value"] == "1" and len(behind["names"]) == 1
        assert [tile["label"] for tile in tiles[2:]] == [figure.label[language] for figure in figures]
        # The real content has one period: there is no change to show.
        assert all(tile["change"] is None for tile in tiles)
        facts = page.locator("article ul").first.bounding_box()
        assert facts["y"] + facts["height"] <= size[1]
    finally:
        context.close()


def test_a_table_shown_as_cards_is_still_a_table_to_a_screen_reader(browser, real_site):
    """The cards are CSS only: the accessibility tree keeps the table, its column headers, and cells named by their
    own figures (the heading shown beside each figure is not read out again)."""
    context, page = _open(browser, f"{real_site.url}en/{QUARTER}/scorecard/", PHONES[1])
    try:
        table = page.locator("article table").first
        assert table.evaluate("t => getComputedStyle(t).display") == "block"  # shown as cards
        tree = table.aria_snapshot()
        assert tree.startswith("- table:") and '- columnheader "Weight (%)"' in tree
        assert '- cell "40"' in tree and "Weight (%) 40" not in tree
    finally:
        context.close()


def test_the_front_door_has_the_sites_header_a_language_choice_and_the_latest_periods_tiles(browser, real_site):
    html = (real_site.site_dir / "index.html").read_text(encoding="utf-8")
    assert "<script" not in html  # it needs none
    context, page = _open(browser, real_site.url, PHONES[1])
    try:
        choice = page.locator("header nav a")
        assert choice.evaluate_all("links => links.map(a => [a.hash, a.lang, a.textContent.trim()])") == [
            ["#th", "th", "ไทย"],
            ["#en", "en", "English"],
        ]
        choice.nth(1).click()
        page.wait_for_function("() => location.hash === '#en'")
        assert page.evaluate("document.getElementById('en').getBoundingClientRect().top") < 5
        # The same tiles as the latest overview's, in each language, linking to where the overview's own link.
        read_tiles = """selector => [...document.querySelectorAll(selector)].map(t => [
            t.querySelector('.rs-tile__label').textContent.trim(),
            t.querySelector('.rs-tile__value').textContent.trim(),
            t.querySelector('a').getAttribute('href').split('#')[1]])"""
        shown = {language: page.evaluate(read_tiles, f"section#{language} .rs-tile") for language in ("th", "en")}
        for language in ("th", "en"):
            links = page.locator(f"section#{language} .rs-tile a").evaluate_all(
                "links => links.map(a => a.getAttribute('href'))"
            )
            assert links and all(link.startswith(f"{language}/{QUARTER}/#rs-") for link in links)
            overview = context.new_page()
            overview.goto(f"{real_site.url}{language}/{QUARTER}/")
            assert shown[language] == overview.evaluate(read_tiles, ".md-content .rs-tile")
            overview.close()
        assert shown["th"][0][1:] == ["31.00 จาก 100 คะแนน", "rs-scorecard"]
        # The Sarabun of the report pages.
        assert page.evaluate("document.fonts.check('16px Sarabun', 'ก')")
    finally:
        context.close()
