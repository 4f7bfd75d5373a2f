"""Accessibility in a real Chromium: axe-core on every kind of page, both languages, both palettes; keyboard."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from .conftest import ROOT, open_all

AXE = ROOT / "tools" / "node_modules" / "axe-core" / "axe.min.js"
QUARTER = "2563-q2"


@pytest.fixture(scope="module")
def axe_source() -> Path:
    if not AXE.is_file():
        message = "axe-core is missing: run `npm ci --prefix tools` (make test does)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return AXE


def page_kinds(real_site) -> list[str]:
    strategy = real_site.report.latest.groupings[0].grouping.id
    return ["", "strategies/", f"strategies/{strategy}/", "scorecard/", "background/", "problems/", "404.html"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("language", ["th", "en"])
def test_no_serious_or_critical_violations(browser, real_site, axe_source, language, scheme):
    context = browser.new_context(color_scheme=scheme)
    found = {}
    urls = [f"{real_site.url}{language}/{QUARTER}/{path}" for path in page_kinds(real_site)]
    if language == "th":
        urls.append(real_site.url)  # the front door
    pages = open_all(context, urls)
    for page in pages:
        assert page.get_attribute("html", "lang") in ("th", "en")
        page.add_script_tag(path=str(axe_source))
        # Started in every page before any is read, so that the pages check themselves side by side.
        page.evaluate(
            "() => { window.__violations = axe.run(document, {resultTypes: ['violations']}).then(result =>"
            " result.violations.filter(v => v.impact === 'serious' || v.impact === 'critical')"
            ".map(v => v.id + ': ' + v.nodes.map(n => n.target.join(' ')).join(', '))); }"
        )
    for url, page in zip(urls, pages, strict=True):
        violations = page.evaluate("() => window.__violations")
        assert isinstance(violations, list), url
        if violations:
            found[url] = violations
    context.close()
    assert found == {}


def test_every_control_can_be_reached_by_keyboard(browser, real_site):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{real_site.url}th/{QUARTER}/", wait_until="networkidle")
    page.wait_for_selector(".md-version__current")
    # Each Tab's keyup, which reaches the page once focus has moved, notes the element that has it: the same
    # elements, in the same order, as asking the page after each press, without a round trip for each.
    page.evaluate(
        """() => {
        window.__focused = [];
        window.addEventListener('keyup', event => {
            if (event.key !== 'Tab') return;
            const e = document.activeElement;
            window.__focused.push(e.tagName.toLowerCase() + '|' + (e.className || '') + '|'
                + (e.getAttribute('hreflang') || '') + '|' + (e.getAttribute('rel') || '') + '|'
                + (e.getAttribute('name') || ''));
        }, true);
    }"""
    )
    for _ in range(150):
        page.keyboard.press("Tab")
    focused = page.evaluate("window.__focused")
    assert len(focused) == 150, "every press was noted"
    reached = set(focused)
    context.close()
    wanted = {
        "the skip link": lambda r: r.startswith("a|md-skip"),
        "the palette toggle": lambda r: "|__palette" in r or r.startswith("input|md-option"),
        "the language switcher": lambda r: r.endswith("|en||") or "|en|" in r,
        "the quarter selector": lambda r: "md-version__current" in r,
        "the search box": lambda r: "md-search__input" in r,
        "the navigation": lambda r: "md-nav__link" in r,
        "the edit link": lambda r: "|edit|" in r,
    }
    missing = [name for name, test in wanted.items() if not any(test(r) for r in reached)]
    assert missing == [], sorted(reached)
