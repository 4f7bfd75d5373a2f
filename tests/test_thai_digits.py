"""`thai_digits: true`: every number the site formats is written with Thai digits (๐–๙) on Thai pages.

A synthetic project is built with the option on, and every Thai page is read
as a reader sees it: the text of its HTML (not attributes, scripts or styles),
chart text included, the quarter selector's titles, the front door and the
PDF. No Arabic digit may be left there, except in prose, which stays as typed,
and in ids, file names, URLs and names such as UTF-8, SHA-256 or A4. English
pages keep Arabic digits, and the open data stays as it is.
"""

from __future__ import annotations

import json
import re
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from generator.commands.build import build
from generator.engine.chromium import find_chromium
from generator.project import Project
from generator.reading.sources import SITE_FILE

from .conftest import ROOT
from .synthetic import BACKGROUND_YAML, QUARTER_YAML, SITE_YAML, SYNTHETIC_QUARTER, write_synthetic_content
from .yaml_text import replace_once

ARABIC_DIGIT = re.compile(r"[0-9]+(?:[.,][0-9]+)*")
THAI_DIGIT = re.compile(r"[๐-๙]")
# A run of ASCII with a letter in it: an id, a file name, a URL, or a name such as UTF-8, SHA-256 or A4.
# The numbers the site formats stand apart from Latin letters on a Thai page.
ASCII_NAME = re.compile(r"[A-Za-z0-9._/:+#-]*[A-Za-z][A-Za-z0-9._/:+#-]*")
# The Thai prose holds one Arabic number, in the title, which must stay as typed; the synthetic
# content's other Arabic digits in Thai prose become a title and a link with none.
THAI_TITLE = "รายงานสังเคราะห์ ฉบับทดสอบที่ 9876"
PROSE_NUMBER = "9876"


class _TextNodes(HTMLParser):
    """Each text node of a page with the language it is in; not scripts, styles or attributes."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.languages: list[tuple[str, str | None]] = []
        self.skip = 0
        self.nodes: list[tuple[str | None, str]] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        if tag not in VOID_ELEMENTS:
            lang = dict(attrs).get("lang")
            self.languages.append((tag, lang if lang is not None else self.language))

    def handle_startendtag(self, tag, attrs):
        pass

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip -= 1
        for index in range(len(self.languages) - 1, -1, -1):
            if self.languages[index][0] == tag:
                del self.languages[index:]
                break

    @property
    def language(self) -> str | None:
        return self.languages[-1][1] if self.languages else None

    def handle_data(self, data):
        if not self.skip and data.strip():
            self.nodes.append((self.language, " ".join(data.split())))


VOID_ELEMENTS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def text_nodes(page: Path, language: str) -> list[str]:
    parser = _TextNodes()
    parser.feed(page.read_text(encoding="utf-8"))
    return [text for lang, text in parser.nodes if lang == language]


def joined(nodes: list[str]) -> str:
    return " | ".join(nodes)


def thai_prose(content: Path) -> list[str]:
    """Every Thai text that editors typed in the content, longest first."""
    found: list[str] = []

    def walk(node, key=None):
        if isinstance(node, dict):
            for name, value in node.items():
                walk(value, name)
        elif isinstance(node, list):
            for value in node:
                walk(value, key)
        elif key == "th" and isinstance(node, str):
            found.append(" ".join(node.split()))

    for path in sorted(content.rglob("*.yaml")):
        walk(yaml.safe_load(path.read_text(encoding="utf-8")))
    return sorted(set(found), key=len, reverse=True)


def formatted_arabic_digits(text: str, prose: list[str]) -> list[str]:
    """The Arabic digits in `text` that neither prose nor an ASCII name holds, each with some context."""
    for typed in prose:
        text = text.replace(typed, " ")
    text = ASCII_NAME.sub(" ", text)
    return [" ".join(text[max(0, m.start() - 20) : m.end() + 20].split()) for m in ARABIC_DIGIT.finditer(text)]


@pytest.fixture(scope="module")
def thai_digit_site(tmp_path_factory):
    root = tmp_path_factory.mktemp("thai-digits")
    content = write_synthetic_content(
        root / "content",
        site_yaml=SITE_YAML + "thai_digits: true\n",
        quarter_yaml=replace_once(QUARTER_YAML, "รายงานสังเคราะห์ ไตรมาสที่ 1 ประจำปีงบประมาณ พ.ศ. 2567", THAI_TITLE),
        background_yaml=replace_once(BACKGROUND_YAML, "[ลิงก์](javascript:alert(1))", "[ลิงก์](javascript:alert())"),
    )
    assert [text for text in thai_prose(content) if ARABIC_DIGIT.search(text)] == [THAI_TITLE]
    project = Project.at(
        ROOT,
        content_dir=content,
        site_dir=root / "site",
        work_dir=root / "work",
        archive_dir=root / "no-archive",
    )
    report = build(project, chromium=find_chromium())
    assert report.site.thai_digits
    assert (content / SITE_FILE).is_file()
    return project


def test_thai_pages_write_every_number_they_format_with_thai_digits(thai_digit_site):
    site, prose = thai_digit_site.site_dir, thai_prose(thai_digit_site.content_dir)
    pages = sorted((site / "th").rglob("*.html"))
    assert len(pages) > 15  # the quarter's pages, 404 and search, and the redirects of latest/
    found = {}
    for page in [*pages, site / "index.html"]:
        for text in text_nodes(page, "th"):
            if digits := formatted_arabic_digits(text, prose):
                found.setdefault(page.relative_to(site).as_posix(), []).extend(digits)
    assert not found, json.dumps(found, ensure_ascii=False, indent=1)

    quarter = site / "th" / SYNTHETIC_QUARTER
    overview = text_nodes(quarter / "index.html", "th")
    # Prose stays as typed; what the site formats around it does not.
    assert THAI_TITLE in overview
    assert "๓๑ ธันวาคม พ.ศ. ๒๕๖๖" in joined(overview) and "๑๙.๗๕ | จาก ๑๐๐ คะแนน" in joined(overview)
    assert "๑ | จาก ๓ โครงการ" in joined(overview)  # the tile of the projects behind plan
    # The charts' ticks, values and labels.
    assert {"๐", "๒๕", "๑๐๐", "๘๗.๕๐", "ยุทธศาสตร์ ๑ · โครงการ ๒"} <= set(overview)
    scorecard = text_nodes(quarter / "scorecard" / "index.html", "th")
    assert "๑. ด้านประสิทธิผลสังเคราะห์" in scorecard and "๑๒.๕๐ / ๕๐" in scorecard
    strategy = text_nodes(quarter / "strategies" / "synthetic-alpha" / "index.html", "th")
    assert "๑.๒" in strategy and "ยุทธศาสตร์ที่ ๑ ยุทธศาสตร์สังเคราะห์แอลฟา" in joined(strategy)
    # The front door, in its Thai section.
    assert "๒ จาก ๓ โครงการ" in joined(text_nodes(site / "index.html", "th"))


def test_the_quarter_selector_names_thai_quarters_with_thai_digits(thai_digit_site):
    versions = json.loads((thai_digit_site.site_dir / "th" / "versions.json").read_text(encoding="utf-8"))
    assert [version["title"] for version in versions] == ["ไตรมาส ๑ ปีงบประมาณ ๒๕๖๗"]
    english = json.loads((thai_digit_site.site_dir / "en" / "versions.json").read_text(encoding="utf-8"))
    assert [version["title"] for version in english] == ["Q1 FY2024"]


def test_english_pages_keep_arabic_digits(thai_digit_site):
    site = thai_digit_site.site_dir
    pages = sorted((site / "en").rglob("*.html"))
    assert pages
    for page in pages:
        for text in text_nodes(page, "en"):
            assert not THAI_DIGIT.search(text), (page, text)
    overview = joined(text_nodes(site / "en" / SYNTHETIC_QUARTER / "index.html", "en"))
    assert "31 December 2023" in overview and "19.75 | out of 100" in overview
    assert "2 of 3 projects" in joined(text_nodes(site / "index.html", "en"))


def test_ids_file_names_and_open_data_stay_ascii(thai_digit_site):
    quarter = thai_digit_site.site_dir / "th" / SYNTHETIC_QUARTER
    html = (quarter / "strategies" / "synthetic-alpha" / "index.html").read_text(encoding="utf-8")
    assert 'id="alpha-one"' in html and 'id="chart-progress-synthetic-alpha-plan-0"' in html
    data_page = (quarter / "data" / "index.html").read_text(encoding="utf-8")
    assert f'href="{SYNTHETIC_QUARTER}-projects.csv"' in data_page
    assert not THAI_DIGIT.search(" ".join(re.findall(r'(?:href|src)="([^"]*\.(?:csv|json|pdf)[^"]*)"', data_page)))
    english = thai_digit_site.site_dir / "en" / SYNTHETIC_QUARTER
    data_files = [path for path in sorted((quarter / "data").iterdir()) if path.suffix in (".csv", ".json")]
    assert len(data_files) == 5
    for path in data_files:
        if path.name == "datapackage.json":
            continue
        assert path.read_bytes() == (english / "data" / path.name).read_bytes(), path.name
        assert not THAI_DIGIT.search(path.read_text(encoding="utf-8-sig")), path.name


def test_the_thai_pdf_numbers_its_pages_and_figures_with_thai_digits(thai_digit_site, pdftotext):
    pdf = thai_digit_site.site_dir / "th" / SYNTHETIC_QUARTER / f"sta-{SYNTHETIC_QUARTER}-th.pdf"
    if not pdf.is_file():
        pytest.skip("no Chromium on this machine to print the PDF edition")
    text = subprocess.run([pdftotext, str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    # Lines wrap anywhere in a PDF, so typed prose cannot be taken out whole: the only Arabic digits
    # it holds are those of the title's number.
    assert PROSE_NUMBER in text
    found = formatted_arabic_digits(text.replace(PROSE_NUMBER, " "), [])
    assert not found, found
    assert re.search(r"^๑ ?/ ?[๑-๙][๐-๙]*$", text, re.M), "the first page's number"
    assert "๓๑ ธันวาคม พ.ศ. ๒๕๖๖" in text and "๑๙.๗๕ / ๑๐๐" in text
    # The contents (its second page) end each line with the page it leads to, in Thai digits: the overview's, ๓.
    contents = subprocess.run(
        [pdftotext, "-layout", "-f", "2", "-l", "2", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    numbers = re.findall(r"\S\s{3,}(\S+)$", contents, re.M)
    assert numbers and numbers[0] == "๓" and all(re.fullmatch("[๐-๙]+", number) for number in numbers), numbers
