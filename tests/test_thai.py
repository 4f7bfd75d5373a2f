"""Thai as a first-class language: segmentation for search, fonts, digits and checks of Thai typing."""

from __future__ import annotations

import io
import json
import os
import re
from pathlib import Path

import pytest
import yaml
from fontTools.ttLib import TTFont
from hypothesis import given, settings
from hypothesis import strategies as st

from generator.engine.thai_search import (
    WORD_JOINER,
    WORKER_SCRIPT,
    patch_search_worker,
    segment_thai,
    unsegment,
)
from generator.errors import BuildError
from generator.reading.text_checks import MIGHT_NORMALIZE, thai_typing_problems
from generator.reading.validation import validate_content
from generator.theme import Theme

from .conftest import ROOT
from .pages import read_article
from .synthetic import SITE_YAML, SYNTHETIC_QUARTER, without_markup_warnings, write_synthetic_content
from .thai_search_recall import ABSENT, NEAR_MISSES, QUERIES, article_texts, squashed

QUARTER = "2563-q2"


def real_thai_texts() -> list[str]:
    texts = []

    def walk(data):
        if isinstance(data, dict):
            if set(data) == {"th", "en"}:
                texts.append(data["th"])
                return
            for value in data.values():
                walk(value)
        elif isinstance(data, list):
            for value in data:
                walk(value)

    for path in sorted((ROOT / "content").rglob("*.yaml")):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return texts


def test_segmentation_round_trip_leaves_the_text_unchanged():
    texts = real_thai_texts()
    joined = 0
    for text in texts:
        segmented = segment_thai(text)
        assert unsegment(segmented) == text
        joined += segmented.count(WORD_JOINER)
    assert joined > 1500, "the content's Thai is cut into words"
    assert segment_thai("GDX Platform 54 หน่วยงาน") == "GDX Platform 54 หน่วยงาน"


def test_the_thai_index_is_segmented_and_the_pages_are_not(real_site):
    thai_site = real_site.site_dir / "th" / QUARTER
    index = json.loads((thai_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert index["config"]["separator"] == r"[\s\u200b\-]+"
    assert sum(doc["text"].count(WORD_JOINER) for doc in index["docs"]) > 1500
    for page in thai_site.rglob("*.html"):
        assert WORD_JOINER not in page.read_text(encoding="utf-8"), page
    english = json.loads((real_site.site_dir / "en" / QUARTER / "search" / "search_index.json").read_text("utf-8"))
    assert english["config"]["separator"] != r"[\s\u200b\-]+"
    assert not any(WORD_JOINER in doc["text"] for doc in english["docs"])


def test_only_the_thai_search_worker_is_changed(real_site):
    material = Path(__import__("material").__file__).parent / "templates" / "assets" / "javascripts" / "workers"
    [original] = material.glob("search.*.min.js")
    thai = (real_site.site_dir / "th" / QUARTER / "assets" / "javascripts" / "workers" / original.name).read_text(
        "utf-8"
    )
    english = (real_site.site_dir / "en" / QUARTER / "assets" / "javascripts" / "workers" / original.name).read_bytes()
    # The English worker is Material's, but for the comment pointing to its source map, which the site leaves out.
    material_code = original.read_bytes().replace(f"\n//# sourceMappingURL={original.name}.map".encode(), b"")
    assert english == material_code
    # The Thai one is Material's with the script after it, which holds site.yaml's equivalents.
    script = (ROOT / "generator" / "engine" / WORKER_SCRIPT).read_text(encoding="utf-8")
    assert thai.startswith(material_code.decode("utf-8").rstrip() + "\n" + script.split("EQUIVALENTS", 1)[0])
    assert thai.rstrip().endswith('})(self.lunr, [["โควิด", "COVID-19"], ["อีเพย์เมนต์", "e-Payment"]])')


def test_the_build_fails_loudly_when_materials_search_worker_changes(tmp_path):
    workers = tmp_path / "assets" / "javascripts" / "workers"
    workers.mkdir(parents=True)
    # A worker whose lunr is no longer a global: the script that matches Thai words could not reach it.
    (workers / "search.0000.min.js").write_text('var t={};t.version="2.3.9";addEventListener("message",()=>{})')
    with pytest.raises(BuildError, match="self.lunr= occurs 0 times, not once"):
        patch_search_worker(tmp_path)
    (workers / "search.0000.min.js").write_text('var t={};t.version="2.4.0";self.lunr=t')
    with pytest.raises(BuildError, match="no longer holds lunr 2.3"):
        patch_search_worker(tmp_path)
    (workers / "search.0000.min.js").write_text('var t={};t.version="2.3.9";self.lunr=t')
    patch_search_worker(tmp_path, [["โควิด", "COVID-19"]])
    with pytest.raises(BuildError, match="changed for Thai already"):
        patch_search_worker(tmp_path)


def test_every_recall_query_sits_inside_unspaced_thai():
    runs = [run for text in real_thai_texts() for run in re.findall(r"[\u0e01-\u0e5b]+", text)]
    assert len(QUERIES) >= 50
    for query in QUERIES:
        head = query.split(" ")[0]
        assert any(head in run and not run.startswith(head) for run in runs), query
    everything = " ".join(real_thai_texts())
    for word in ABSENT:
        assert word not in everything


def test_every_near_miss_appears_nowhere_and_starts_as_a_word_of_the_content_does(real_site):
    """The words test_browser.py searches for and must not find: absent from the Thai pages, their search index and
    the content, even read across the spaces, hyphens and punctuation between words; present as a start."""
    site = real_site.site_dir / "th" / QUARTER
    index = json.loads((site / "search" / "search_index.json").read_text(encoding="utf-8"))
    segmented = [doc["title"] + " " + doc["text"] for doc in index["docs"]]
    indexed = [unsegment(text) for text in segmented]

    texts = [squashed(text) for text in [*article_texts(site).values(), *indexed, *real_thai_texts()]]
    words = {
        word.strip("()[]{}.,:;\"'")
        for text in segmented
        for word in re.split(r"[\s\u200b\-]+", re.sub(r"<[^>]+>", " ", text))
    }
    assert len(NEAR_MISSES) >= 30 and len(set(NEAR_MISSES)) == len(NEAR_MISSES)
    for near_miss in NEAR_MISSES:
        assert not any(near_miss in text for text in texts), near_miss
        assert any(len(os.path.commonprefix([near_miss, word])) >= 2 for word in words), near_miss


def test_sarabun_is_served_by_the_site_and_covers_every_character(real_site):
    for language in ("th", "en"):
        site = real_site.site_dir / language / QUARTER
        fonts = sorted((site / "assets" / "fonts").glob("sarabun-*.woff2"))
        assert len(fonts) == 2
        css = (site / "assets" / "fonts" / "sarabun.css").read_text(encoding="utf-8")
        assert all(font.name in css for font in fonts) and "http" not in css
        assert 'href="assets/fonts/sarabun.css"' in (site / "index.html").read_text(encoding="utf-8")
        covered = set(TTFont(io.BytesIO(fonts[0].read_bytes())).getBestCmap())
        used = {ord(char) for page in site.rglob("index.html") for char in read_article(page)[0] if char.isprintable()}
        missing = {chr(code) for code in used - covered if code > 0x20}
        assert not missing, f"characters not in the subset: {sorted(missing)}"
        assert fonts[0].stat().st_size < 40_000


def test_the_themes_interface_is_in_the_pages_language(real_site):
    """Interface text that MkDocs, the toc extension or Material's templates write comes from the string tables."""
    words = {
        "th": {"palette": ["เปลี่ยนเป็นโหมดมืด", "เปลี่ยนเป็นโหมดสว่าง"], "made": "สร้างด้วย", "link": "ลิงก์ถาวร"},
        "en": {
            "palette": ["Switch to dark mode", "Switch to light mode"],
            "made": "Made with",
            "link": "Permanent link",
        },
    }
    not_found = {"th": "<h1>404 - ไม่พบหน้านี้</h1>", "en": "<h1>404 - Not found</h1>"}
    for language, other in (("th", "en"), ("en", "th")):
        site = real_site.site_dir / language / QUARTER
        for page in [site / "404.html", *site.rglob("index.html")]:
            html = page.read_text(encoding="utf-8")
            for name in words[language]["palette"]:
                assert f'title="{name}"' in html and f'aria-label="{name}"' in html, page
            assert f"\n    {words[language]['made']}\n" in html, page
            assert not any(text in html for text in [*words[other]["palette"], words[other]["made"]]), page
            assert f'title="{words[other]["link"]}"' not in html and not_found[other] not in html, page
        assert f'class="headerlink" href="#contents" title="{words[language]["link"]}"' in (
            site / "print" / "index.html"
        ).read_text(encoding="utf-8")
        assert not_found[language] in (site / "404.html").read_text(encoding="utf-8")


def test_thai_digits_when_site_yaml_asks_for_them(tmp_path):
    from generator.rendering.pages import Renderer, render_report

    content = write_synthetic_content(tmp_path / "content", site_yaml=SITE_YAML + "thai_digits: true\n")
    report = validate_content(content)
    renderer = Renderer(Theme(), thai_digits=report.site.thai_digits, words=report.site.words)
    pages = {(r.language, p.path): p.markdown for r in render_report(report, renderer) for p in r.pages}
    thai = pages[("th", "index.md")]
    assert "๓๑ ธันวาคม พ.ศ. ๒๕๖๖" in thai and '๑๙.๗๕ <span class="rs-tile__unit">จาก ๑๐๐ คะแนน</span>' in thai
    assert "31 December 2023" in pages[("en", "index.md")]
    # Prose stays as typed; only what the site formats changes.
    title = thai.splitlines()[4]
    assert title.startswith("# ") and "ไตรมาสที่ 1 ประจำปีงบประมาณ พ.ศ. 2567" in title


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("การพัฒนาารัฐบาลดิจิทัล", "a doubled vowel or mark in 'ฒนาารัฐบาลดิ'"),
        ("เเผนงาน", "a doubled vowel or mark in 'เเผนงาน'"),
        ("ก่ินข้าว", "a tone mark typed before its vowel in 'ก่ินข้าว'"),
        ("ข้อ\u200bมูล", "a zero-width character (U+200B) at character 4"),
        ("คำ ่ผิด", "a vowel or mark with no consonant before it in 'ำ ่ผิด'"),
        ("นําเสนอ", "'นําเสนอ' would be 'นำเสนอ' after Thai normalisation"),
        ("คาเฟ่ cafe\u0301", "the text is not in Unicode NFC form; retype it or save it as NFC"),
    ],
)
def test_thai_typing_problems_are_named(text, problem):
    assert problem in thai_typing_problems(text)


def test_correct_thai_has_no_typing_problems():
    for text in real_thai_texts():
        assert thai_typing_problems(text) == [], text


def test_typing_problems_are_warnings_with_file_and_line(tmp_path, monkeypatch):
    from .synthetic import BACKGROUND_YAML
    from .yaml_text import locate, replace_once

    monkeypatch.chdir(tmp_path)
    text = replace_once(BACKGROUND_YAML, "ย่อหน้าสังเคราะห์แรก", "ย่อหน้าสังเคราะห์แรกก่ิน")
    write_synthetic_content(tmp_path / "content", background_yaml=text)
    report = validate_content(Path("content"))
    line, column = locate(text, "ย่อหน้าสังเคราะห์แรกก่ิน")
    assert [str(w) for w in without_markup_warnings(report)] == [
        f"content/{SYNTHETIC_QUARTER}/background.yaml:{line}:{column}: blocks[0].paragraphs[0].th: "
        "warning: a tone mark typed before its vowel in 'กก่ินเกี่ยวก'"
    ]


@given(st.text(alphabet="กขคำะัาิีึืุู่้๊๋็์ํ ab", max_size=12))
def test_a_mark_with_no_consonant_is_found_wherever_it_stands(text):
    """Against the rule as written: a mark whose run of marks has no consonant before it (or starts the text)."""

    def dangling(index: int) -> bool:
        before = index - 1
        while before >= 0 and text[before] in MARK_CHARACTERS:
            before -= 1
        return before < 0 or not "\u0e01" <= text[before] <= "\u0e2e"

    expected = any(char in MARK_CHARACTERS and dangling(index) for index, char in enumerate(text))
    found = any(problem.startswith("a vowel or mark with no consonant") for problem in thai_typing_problems(text))
    assert found == expected


MARK_CHARACTERS = {chr(code) for code in [0x0E31, *range(0x0E34, 0x0E3B), *range(0x0E47, 0x0E4F)]}


THAI_BLOCK_AND_SPACES = "".join(chr(code) for code in range(0x0E01, 0x0E5C)) + " \n\t\u200b\u200cab"


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet=THAI_BLOCK_AND_SPACES, max_size=10))
def test_the_shortcut_before_thai_normalisation_skips_only_texts_it_would_leave_alone(text):
    from pythainlp.util import normalize

    if not MIGHT_NORMALIZE.search(text):
        assert normalize(text) == text


def test_search_equivalents_are_checked_with_file_and_line(tmp_path, monkeypatch):
    from generator.errors import ContentError

    from .yaml_text import locate

    monkeypatch.chdir(tmp_path)

    def problems(groups: str) -> list[str]:
        write_synthetic_content(tmp_path / "content", site_yaml=SITE_YAML + groups)
        with pytest.raises(ContentError) as caught:
            validate_content(Path("content"))
        return [str(problem) for problem in caught.value.problems]

    def at(groups: str, where: str) -> str:
        line, column = locate(SITE_YAML + groups, where)
        return f"content/site.yaml:{line}:{column}"

    groups = "search_equivalents:\n  - [โควิด, COVID-19]\n  - [อีเพย์เมนต์]\n  - [e-Payment, E-payment]\n  - [โค วิด, x]\n"
    assert problems(groups) == [
        f"{at(groups, '[อีเพย์เมนต์]')}: search_equivalents[1]: give at least 2 entries; the list has 1",
        f"{at(groups, '[e-Payment, E-payment]')}: search_equivalents[2]: 'E-payment' is given twice",
        f"{at(groups, 'โค วิด')}: search_equivalents[3][0]: write one word, with no spaces: got 'โค วิด'",
    ]
    # Whether a word is in two groups is checked once every group is right: in a second run.
    groups = "search_equivalents:\n  - [โควิด, COVID-19]\n  - [โควิด, โควิท]\n"
    assert problems(groups) == [
        f"{at(groups, '- [โควิด, COVID-19]')}: search_equivalents: "
        "'โควิด' is in two groups; put all its equivalents in one"
    ]
