"""The print edition, its PDF, and the links to the data: checked on the real content's build.

The PDF's text is read back with pdftotext (poppler), as a reader's search or
copy would read it: Thai must keep ำ and its tone marks there, not only look
right on paper.
"""

from __future__ import annotations

import html as html_module
import logging
import re
import subprocess
import urllib.request
from pathlib import Path
from urllib.parse import unquote, urljoin

import pytest
from click.testing import CliRunner

from generator.cli import main
from generator.commands.archive import archive
from generator.errors import BuildError
from generator.project import Project

from .conftest import ROOT, build_arguments
from .pages import read_article
from .synthetic import SYNTHETIC_QUARTER, write_synthetic_content

QUARTER = "2563-q2"
LANGUAGES = ("th", "en")


def pdf_path(real_site, language: str) -> Path:
    return real_site.site_dir / language / QUARTER / f"dga-{QUARTER}-{language}.pdf"


def pdf_text(pdftotext: str, path: Path, *pages: int) -> str:
    first_last = ["-f", str(pages[0]), "-l", str(pages[-1])] if pages else []
    result = subprocess.run([pdftotext, *first_last, str(path), "-"], capture_output=True, text=True, check=True)
    return result.stdout


def without_spaces(text: str) -> str:
    # Thai lines wrap between words without a space; compare the letters, marks and digits alone.
    return re.sub(r"\s+", "", text)


@pytest.fixture(scope="module")
def pdfs(real_site, chromium):
    """The real build's PDF editions (the build prints them when Chromium is on the machine)."""
    return {language: pdf_path(real_site, language) for language in LANGUAGES}


# --- the print page ----------------------------------------------------------


@pytest.mark.parametrize("language", LANGUAGES)
def test_print_page_holds_a_cover_the_contents_and_every_section_in_reading_order(real_site, language):
    quarter = real_site.report.latest
    page = real_site.site_dir / language / QUARTER / "print" / "index.html"
    html = page.read_text(encoding="utf-8")
    headings = [
        html_module.unescape(re.sub(r"<[^>]+>|&para;", "", heading)).strip()
        for heading in re.findall(r"<h2[^>]*>(.*?)</h2>", html, re.S)
    ]
    heading_of = {"th": "ยุทธศาสตร์ที่ {} {}", "en": "Strategy {}: {}"}[language]
    strategies = [
        heading_of.format(number, numbered.grouping.title[language])
        for number, numbered in enumerate(quarter.groupings, start=1)
    ]
    contents, overview, problems = {
        "th": ("สารบัญ", "ภาพรวม", "ปัญหาและแนวทางแก้ไข"),
        "en": ("Contents", "Overview", "Problems and solutions"),
    }[language]
    # Each section starts with its own heading, in the order of quarter.yaml; the strategies sit one level
    # below the heading of their section.
    assert list(quarter.sections) == ["strategies", "scorecard", "background", "problems"]
    assert headings == [
        contents,
        overview,
        *(section.title[language] for section in quarter.sections.values()),
    ]
    assert headings[-1] == problems
    third_level = [
        html_module.unescape(re.sub(r"<[^>]+>|&para;", "", heading)).strip()
        for heading in re.findall(r"<h3[^>]*>(.*?)</h3>", html, re.S)
    ]
    assert [heading for heading in third_level if heading in strategies] == strategies
    text = read_article(page)[0]
    cover = text[: text.index(contents)]
    assert real_site.report.site.organisation.name[language] in cover
    assert quarter.info.title[language] in " ".join(cover.split())
    assert {"th": "ไตรมาสที่ 2 ปีงบประมาณ พ.ศ. 2563", "en": "Q2 FY2020"}[language] in cover
    assert {"th": "มกราคม–มีนาคม 2563", "en": "January–March 2020"}[language] in cover
    assert {"th": "31 มีนาคม พ.ศ. 2563", "en": "31 March 2020"}[language] in cover
    # Every project, its key figures and its progress; every chart.
    for numbered in quarter.projects:
        project = numbered.project
        assert f'id="{project.id}"' in html and f'id="{project.id}-progress"' in html
    assert html.count('<figure class="rs-chart') == 1 + len(quarter.groupings) + 2


def test_ids_on_the_print_page_are_unique_and_its_links_lead_to_them(real_site):
    html = (real_site.site_dir / "en" / QUARTER / "print" / "index.html").read_text(encoding="utf-8")
    article = html[html.index("<article") : html.index("</article>")]
    ids = re.findall(r'\bid="([^"]+)"', article)
    assert len(ids) == len(set(ids)) > 100, [i for i in ids if ids.count(i) > 1]
    for target in re.findall(r'href="#([^"]+)"', article):
        assert unquote(target) in ids, target


def test_the_print_page_stays_out_of_search(real_site):
    index = (real_site.site_dir / "en" / QUARTER / "search" / "search_index.json").read_text(encoding="utf-8")
    assert '"location":"print/' not in index and '"location":"data/' in index


def test_on_paper_there_is_no_navigation_only_the_report(browser, real_site):
    page = browser.new_page()
    page.goto(f"{real_site.url}en/{QUARTER}/print/", wait_until="networkidle")
    page.emulate_media(media="print")
    for selector in (
        ".md-header",
        ".md-tabs",
        ".md-sidebar--primary",
        ".md-sidebar--secondary",
        ".md-footer",
        ".md-content__button",
        ".headerlink",
        ".rs-download",
        ".rs-screen-only",
    ):
        assert not any(element.is_visible() for element in page.query_selector_all(selector)), selector
    assert page.is_visible("article h1") and page.is_visible("article table")
    assert (
        page.evaluate("() => getComputedStyle(document.querySelector('article thead')).display") == "table-header-group"
    )
    assert page.evaluate("() => getComputedStyle(document.querySelector('.rs-print-section')).breakBefore") == "page"
    page.close()


# --- the PDF -----------------------------------------------------------------


def test_each_language_has_an_a4_pdf_with_numbered_pages(pdfs, pdftotext):
    for language, path in pdfs.items():
        data = path.read_bytes()
        assert data.startswith(b"%PDF-") and 100_000 < len(data) < 2_000_000, (language, len(data))
        info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
        pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
        assert 10 <= pages <= 40, pages
        assert "(A4)" in info
        # The page numbers of the print stylesheet's @page rule, on the first and last pages.
        assert f"1 / {pages}" in pdf_text(pdftotext, path, 1)
        assert f"{pages} / {pages}" in pdf_text(pdftotext, path, pages)


def contents_entries(real_site, language: str) -> list[tuple[int, str, str]]:
    """The print page's contents as its HTML gives it: each entry's depth, text and the id it links to."""
    html = (real_site.site_dir / language / QUARTER / "print" / "index.html").read_text(encoding="utf-8")
    listing = html.split('id="contents"', 1)[1].split("</ul>\n<h2", 1)[0]
    entries, depth = [], -1
    for tag in re.finditer(r'<(/?)ul>|<a href="#([^"]+)">(.*?)</a>', listing, re.S):
        if tag.group(0) in ("<ul>", "</ul>"):
            depth += 1 if tag.group(0) == "<ul>" else -1
        else:
            text = html_module.unescape(re.sub(r"<[^>]+>", "", tag.group(3))).strip()
            entries.append((depth, " ".join(text.split()), unquote(tag.group(2))))
    return entries


def contents_page_numbers(pdftotext: str, path: Path) -> list[int]:
    """The page numbers at the ends of the contents' lines, as pdftotext lays out the contents' page (the second):
    apart from the entry's text by the leader, where a number of the text itself follows a single space."""
    layout = subprocess.run(
        [pdftotext, "-layout", "-f", "2", "-l", "2", str(path), "-"], capture_output=True, text=True
    )
    return [int(number) for number in re.findall(r"\S\s{3,}(\d+)$", layout.stdout, re.M)]


def page_count(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_pdfs_contents_give_the_page_on_which_each_entry_is(real_site, pdfs, pdftotext, language):
    entries = contents_entries(real_site, language)
    assert len(entries) == 1 + len(real_site.report.latest.sections) + 3 + 6  # with the strategies and projects
    path = pdfs[language]
    pages = [without_spaces(pdf_text(pdftotext, path, number)) for number in range(1, page_count(path) + 1)]
    numbers = contents_page_numbers(pdftotext, path)
    assert len(numbers) == len(entries), numbers
    for (_, text, _), number in zip(entries, numbers, strict=True):
        # The heading the entry leads to is on that page.
        assert without_spaces(text) in pages[number - 1], (text, number)
    sections = [number for (depth, _, _), number in zip(entries, numbers, strict=True) if depth == 0]
    assert sections == sorted(sections) and sections[0] == 3  # after the cover and the contents
    for (depth, text, _), number in zip(entries, numbers, strict=True):
        if depth == 0:  # a section starts a new page, with its heading
            assert pages[number - 1].startswith(without_spaces(text)), (text, number)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_pdf_has_a_bookmark_for_each_entry_of_its_contents(real_site, pdfs, pdftotext, language):
    from pypdf import PdfReader

    reader = PdfReader(pdfs[language])

    def flatten(outline, depth=0):
        for item in outline:
            if isinstance(item, list):
                yield from flatten(item, depth + 1)
            else:
                yield depth, " ".join(item.title.split()), reader.get_destination_page_number(item) + 1

    bookmarks = list(flatten(reader.outline))
    assert [(depth, title) for depth, title, _ in bookmarks] == [
        (depth, text) for depth, text, _ in contents_entries(real_site, language)
    ]
    assert [page for _, _, page in bookmarks] == contents_page_numbers(pdftotext, pdfs[language])
    assert reader.trailer["/Root"]["/PageMode"] == "/UseOutlines"  # a viewer opens with the bookmarks shown
    assert "/StructTreeRoot" in reader.trailer["/Root"]  # still tagged for screen readers


def test_pdf_carries_the_quarters_as_of_date_and_no_path_of_the_build(pdfs):
    for path in pdfs.values():
        data = path.read_bytes()
        info = subprocess.run(["pdfinfo", "-isodates", str(path)], capture_output=True, text=True, check=True).stdout
        assert re.findall(r"^(?:CreationDate|ModDate):\s+(\S+)$", info, re.M) == ["2020-03-31T00:00:00Z"] * 2
        assert b"file:" not in data and b"staging" not in data


def first_paragraph(quarter):
    """The background's first paragraph."""
    return next(block for block in quarter.sections["background"].blocks if block.type == "text").paragraphs[0]


def first_list_item(quarter):
    """The first problem: the first item of the problems section's first list."""
    return next(block for block in quarter.sections["problems"].blocks if block.type == "list").items[0].text


def test_pdf_text_keeps_the_figures_and_the_thai_marks(pdfs, pdftotext, real_site):
    quarter = real_site.report.latest
    thai = pdf_text(pdftotext, pdfs["th"])
    english = pdf_text(pdftotext, pdfs["en"])
    for figure in ("85.94", "45.83", "13,655", "236,330", "39,000", "31.00"):
        assert figure in thai and figure in english, figure
    thai_letters = without_spaces(thai)
    for sentence in (
        "ผลความก้าวหน้าในไตรมาส 2 คิดเป็นร้อยละ 85.94 หรือ อยู่ที่ 45.83 เมื่อเทียบกับเป้าหมายปี พ.ศ. 2563",
        "สำนักงานพัฒนารัฐบาลดิจิทัล (องค์การมหาชน)",
        first_paragraph(quarter).th,
        first_list_item(quarter).th,
    ):
        assert without_spaces(sentence) in thai_letters, sentence[:60]
    # ำ stays one character (not ํ + า), and the tone marks are there.
    assert thai.count("ำ") > 200 and "\u0e4d\u0e32" not in thai
    assert thai.count("\u0e48") > 200 and thai.count("\u0e49") > 200
    english_words = " ".join(english.split())
    for sentence in (
        "Progress in quarter 2 stands at 85.94% of the quarter plan, or 45.83% of the target for fiscal year 2020.",
        " ".join(first_paragraph(quarter).en.split()[:20]),
        "31.00 out of 100",
    ):
        assert sentence in english_words, sentence
    assert not re.search(r"[\u0e00-\u0e7f]", english), "Thai script in the English PDF"


# --- the links to the data and the PDF -------------------------------------------


def quarter_pages(real_site, language: str) -> list[Path]:
    root = real_site.site_dir / language / QUARTER
    return sorted(page for page in root.rglob("index.html") if "assets" not in page.parts)


def resolve(page: Path, href: str) -> Path:
    return (page.parent / unquote(href.split("#")[0])).resolve()


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_table_has_a_download_link_to_its_csv_file(real_site, language):
    tables_seen = 0
    for page in quarter_pages(real_site, language):
        html = page.read_text(encoding="utf-8")
        article = html[html.index("<article") : html.index("</article>")] if "<article" in html else ""
        pieces = article.split("</table>")
        tables_seen += len(pieces) - 1
        for after in pieces[1:]:
            link = re.search(r'<p class="rs-download"><a href="([^"]+)">', after.split("<table")[0])
            assert link, f"a table of {page} has no download link under it"
            target = resolve(page, link.group(1))
            assert target.is_file() and target.suffix == ".csv", (page, link.group(1))
            assert target.parent.name == "data"
    assert tables_seen > 20


def test_download_links_work_over_http(real_site):
    for name, kind in (
        (f"{QUARTER}-projects.csv", "text/csv"),
        (f"{QUARTER}.json", "application/json"),
        ("datapackage.json", "application/json"),
    ):
        url = urljoin(real_site.url, f"th/{QUARTER}/data/{name}")
        with urllib.request.urlopen(url) as response:
            assert response.status == 200 and response.headers["Content-Type"].startswith(kind), url
    with urllib.request.urlopen(urljoin(real_site.url, f"en/{QUARTER}/dga-{QUARTER}-en.pdf")) as response:
        assert response.headers["Content-Type"] == "application/pdf"


@pytest.mark.parametrize("language", LANGUAGES)
def test_data_and_print_pages_link_to_every_data_file_and_the_pdf(real_site, pdfs, language):
    root = real_site.site_dir / language / QUARTER
    data_page = root / "data" / "index.html"
    links = {resolve(data_page, href) for href in re.findall(r'href="([^"]+)"', data_page.read_text("utf-8"))}
    for path in (root / "data").iterdir():
        if path.name != "index.html":
            assert path in links, path.name
    assert pdfs[language] in links and (root / "print").resolve() in links
    print_page = root / "print" / "index.html"
    assert pdfs[language] in {
        resolve(print_page, href) for href in re.findall(r'href="([^"]+\.pdf)"', print_page.read_text("utf-8"))
    }


# --- without Chromium ----------------------------------------------------------


def test_without_chromium_everything_but_the_pdf_is_built_and_the_pages_say_so(
    synthetic_build, tmp_path, monkeypatch, caplog
):
    content = write_synthetic_content(tmp_path / "content")
    project = Project.at(
        ROOT,
        content_dir=content,
        site_dir=tmp_path / "site",
        # A copy of the cache of the session's build of this content, made without Chromium too.
        work_dir=synthetic_build.copy_cache(tmp_path / "work"),
        archive_dir=tmp_path / "no-archive",
    )
    empty = tmp_path / "bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))  # a machine without Chromium
    command = build_arguments(project)
    with caplog.at_level(logging.WARNING, logger="reportsite"):
        result = CliRunner().invoke(main, command)
    assert result.exit_code == 0, result.output
    assert any(
        "Chromium was not found" in record.getMessage() and "PDF" in record.getMessage() for record in caplog.records
    )
    site = tmp_path / "site"
    assert not list(site.rglob("*.pdf"))
    for language, unavailable in (("th", "ไม่มีไฟล์ PDF"), ("en", "The PDF file was not made in this build.")):
        quarter = site / language / SYNTHETIC_QUARTER
        assert (quarter / "data" / f"{SYNTHETIC_QUARTER}-projects.csv").is_file()
        assert (quarter / "print" / "index.html").is_file()
        assert unavailable in read_article(quarter / "data" / "index.html")[0]
        assert unavailable in read_article(quarter / "print" / "index.html")[0]
    # An archive is frozen for good: it is not made without its PDF.
    with pytest.raises(BuildError, match="printing it needs Chromium, which was not found"):
        archive(project, SYNTHETIC_QUARTER, allow_placeholder_url=True)
    assert not (tmp_path / "no-archive" / SYNTHETIC_QUARTER).exists()


def test_the_pdfs_changing_stamps_are_replaced_byte_for_byte():
    from datetime import date

    from generator.engine.pdf import make_reproducible

    printed = (
        b"/CreationDate (D:20261124023257+00'00')\n/ModDate (D:20261124023257+00'00')>>\n"
        b"/ID (node00000547)>> /Headers [(node00000547)] /ID (node00000549) /ID (node00000012)"
    )
    again = printed.replace(b"20261124023257", b"20261125101010").replace(b"547", b"551").replace(b"549", b"553")
    fixed = make_reproducible(printed, date(2020, 3, 31))
    assert fixed == make_reproducible(again, date(2020, 3, 31))
    assert len(fixed) == len(printed)
    assert fixed == (
        b"/CreationDate (D:20200331000000+00'00')\n/ModDate (D:20200331000000+00'00')>>\n"
        b"/ID (node00000001)>> /Headers [(node00000001)] /ID (node00000002) /ID (node00000003)"
    )
