"""End to end: build the real content (the DGA Q2 FY2563 report) and check the site against the seed.

The expected figures are read from the seed report itself, not from our YAML,
so a figure lost or mistyped on the way fails here.
"""

from __future__ import annotations

import json
import re

import pytest

from .pages import html_lang, read_article

QUARTER = "2563-q2"
PAGES = [
    "index.html",
    "strategies/index.html",
    "scorecard/index.html",
    "background/index.html",
    "problems/index.html",
]


@pytest.fixture(scope="module")
def strategy_pages(real_site):
    quarter = real_site.report.latest
    return [f"strategies/{numbered.grouping.id}/index.html" for numbered in quarter.groupings]


def language_text(real_site, language: str, pages: list[str]) -> str:
    return "\n".join(read_article(real_site.site_dir / language / QUARTER / page)[0] for page in pages)


def test_output_paths(real_site, strategy_pages):
    site = real_site.site_dir
    assert (site / "index.html").is_file()
    assert len(strategy_pages) == 3
    for language in ("th", "en"):
        for page in PAGES + strategy_pages:
            assert (site / language / QUARTER / page).is_file(), f"{language}/{QUARTER}/{page}"
        assert (site / language / QUARTER / "search" / "search_index.json").is_file()
    thai_pages = {p.relative_to(site / "th") for p in (site / "th").rglob("*.html")}
    english_pages = {p.relative_to(site / "en") for p in (site / "en").rglob("*.html")}
    assert thai_pages == english_pages


def test_every_page_declares_its_language(real_site):
    for language in ("th", "en"):
        pages = list((real_site.site_dir / language).rglob("*.html"))
        assert pages
        for page in pages:
            assert html_lang(page) == language, page


def test_each_language_has_its_own_search_index(real_site):
    thai = json.loads((real_site.site_dir / "th" / QUARTER / "search" / "search_index.json").read_text("utf-8"))
    english = json.loads((real_site.site_dir / "en" / QUARTER / "search" / "search_index.json").read_text("utf-8"))
    # The Thai index is cut into words at build time, so it needs no Thai segmenter in the browser.
    assert thai["config"]["lang"] == ["en"] and thai["config"]["separator"] == r"[\s\u200b\-]+"
    thai_text = " ".join(doc["title"] + " " + doc["text"] for doc in thai["docs"])
    english_text = " ".join(doc["title"] + " " + doc["text"] for doc in english["docs"])
    assert "ยุทธศาสตร์" in thai_text and "Transforming government agencies" not in thai_text
    assert "Transforming government agencies" in english_text and "ยุทธศาสตร์" not in english_text


def test_progress_figures_of_the_seed_appear_in_both_languages(real_site, seed_text, strategy_pages):
    pairs = re.findall(r"คิดเป็นร้อยละ ([\d.]+) หรือ อยู่ที่ ([\d.]+)", seed_text)
    assert len(pairs) == 6
    for language in ("th", "en"):
        overview_rows = read_article(real_site.site_dir / language / QUARTER / "index.html")[1]
        progress_rows = [row for row in overview_rows if len(row) == 4][1:]  # the progress table, less its header
        table_pairs = [(row[2], row[3]) for row in progress_rows]
        assert table_pairs == pairs, f"the overview's progress table in {language}"
        strategies = language_text(real_site, language, strategy_pages)
        for plan, target in pairs:
            assert plan in strategies and target in strategies


def test_key_figures_of_the_seed_appear_in_both_languages(real_site, seed_text, strategy_pages):
    grouped = set(re.findall(r"\d{1,3}(?:,\d{3})+", seed_text))
    counted = set(
        re.findall(
            r"(?<![\d,])(\d[\d,]*) (?:หน่วยงาน|คน|หลักสูตร|แพลตฟอร์ม|มาตรฐาน|เอกสาร|ระบบ|บัญชีรายชื่อ|สิทธิการใช้งาน|ผู้ให้บริการ)",
            seed_text,
        )
    )
    assert {"13,655", "236,330", "39,000"} <= grouped and {"54", "372", "21", "46"} <= counted
    for language in ("th", "en"):
        strategies = language_text(real_site, language, strategy_pages)
        overview = language_text(real_site, language, ["index.html"])
        for figure in grouped | counted:
            assert re.search(rf"(?<![\d,.]){re.escape(figure)}(?![\d,]|\.\d)", strategies), f"{figure} ({language})"
        # The key figures are also shown on their own, on the overview.
        for figure in ("13,655", "236,330", "372", "54", "39,000"):
            assert figure in overview, f"{figure} on the {language} overview"


def test_scorecard_matches_the_seed_table_and_computed_totals(real_site, seed_text):
    seed_rows = re.findall(r"^(\d)\. [^\t]+\t(\d+)\t(\d+)\t([\d.]+)\t([\d.]+)$", seed_text, re.MULTILINE)
    seed_total = re.search(r"<b>รวมทั้งหมด</b>\t<b>(\d+)</b>\t<b>(\d+)</b>\t<b>([\d.]+)</b>\t<b>([\d.]+)</b>", seed_text)
    assert len(seed_rows) == 5 and seed_total.groups() == ("24", "100", "0.00", "31.00")

    scorecard = real_site.report.latest.scorecard
    assert scorecard.total_indicators == 24
    assert scorecard.total_weight == 100
    assert scorecard.total_score("q1") == 0
    assert scorecard.total_score("q2") == 31

    for language in ("th", "en"):
        rows = read_article(real_site.site_dir / language / QUARTER / "scorecard" / "index.html")[1]
        body = rows[1:]
        assert [(row[0][0], *row[1:]) for row in body[:-1]] == seed_rows
        assert tuple(body[-1][1:]) == seed_total.groups()


def test_dates_and_periods_in_each_language(real_site):
    thai = language_text(real_site, "th", ["index.html", "scorecard/index.html"])
    english = language_text(real_site, "en", ["index.html", "scorecard/index.html"])
    assert "31 มีนาคม พ.ศ. 2563" in thai
    assert "ไตรมาสที่ 2 ปีงบประมาณ พ.ศ. 2563 (มกราคม–มีนาคม 2563)" in thai
    assert "31 March 2020" in english
    assert "Q2 FY2020 (January–March 2020)" in english
    assert "31.00" in thai and "31.00" in english


def test_thai_prose_is_as_written_in_the_seed(real_site, seed_text):
    background = language_text(real_site, "th", ["background/index.html"])
    paragraph = seed_text.split("## 1. ความเป็นมา")[1].split("##")[0].strip()
    assert " ".join(paragraph.split()) in " ".join(background.split())


def test_english_pages_carry_no_thai_and_thai_pages_carry_the_thai(real_site, strategy_pages):
    english = language_text(real_site, "en", PAGES + strategy_pages)
    assert not re.search(r"[\u0e00-\u0e7f]", english), "Thai script on an English page"
    thai = language_text(real_site, "th", PAGES + strategy_pages)
    assert len(re.findall(r"[\u0e00-\u0e7f]", thai)) > 10000


def test_front_door_links_to_both_languages_with_headline_figures(real_site, seed_text):
    front = (real_site.site_dir / "index.html").read_text(encoding="utf-8")
    assert f'href="th/{QUARTER}/"' in front and f'href="en/{QUARTER}/"' in front
    assert '<html lang="th">' in front and '<section lang="en" id="en">' in front
    plans = re.findall(r"คิดเป็นร้อยละ ([\d.]+) หรือ", seed_text)
    on_plan = sum(plan == "100.00" for plan in plans)
    assert f"{on_plan} of {len(plans)} projects" in front and f"{on_plan} จาก {len(plans)} โครงการ" in front
    assert "31.00 out of 100" in front and "31.00 จาก 100 คะแนน" in front


def test_no_page_loads_anything_from_another_host(real_site):
    for path in real_site.site_dir.rglob("*"):
        if path.suffix not in (".html", ".css", ".js"):
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        assert "fonts.googleapis.com" not in text and "fonts.gstatic.com" not in text, path
        if path.suffix == ".html":
            loads = re.findall(r"<(?:script|img|iframe)[^>]*\bsrc=\"(https?:)?//", text)
            styles = re.findall(r"<link[^>]*rel=\"stylesheet\"[^>]*href=\"(https?:)?//", text)
            assert not loads and not styles, path


def test_every_page_links_to_the_yaml_file_it_comes_from(real_site, strategy_pages):
    sources = {
        # The overview's title, dates and coverage are quarter.yaml's (the strategies' introduction, which
        # made it strategies.yaml's, is on strategies/ now).
        "index.html": "quarter.yaml",
        "strategies/index.html": "strategies.yaml",
        "scorecard/index.html": "scorecard.yaml",
        "background/index.html": "background.yaml",
        "problems/index.html": "problems.yaml",
        **dict.fromkeys(strategy_pages, "strategies.yaml"),
    }
    site = real_site.report.site
    for language in ("th", "en"):
        for page, source in sources.items():
            html = (real_site.site_dir / language / QUARTER / page).read_text(encoding="utf-8")
            expected = f"{site.repository_url}/{site.edit_uri}content/{QUARTER}/{source}"
            links = re.findall(r'<a href="([^"]+)"[^>]*rel="edit"', html)
            assert links == [expected], page
