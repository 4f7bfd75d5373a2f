"""The example projects under examples/: each builds with the real command, in both languages, and its pages
show no number that its source report does not give.

Each example encodes a real report of ../shared/reports/ (its `sources.txt` names the files, one a line, or
else its README does). A line `2563-q3: file.txt` names the source of one period alone: that period's numbers
are checked against it (and the lines without a period), not against the other periods' sources.
Every example is copied out of the checkout and built once, without PDFs, with
`python -m generator build`. Then every number in the main content (the `article`) of each Thai page but the
open-data page must occur in the source text: thousands separators and Thai digits are normalised on both
sides, footnote marks (`sup`) are left out, and so are the dates the site writes itself (the period's name,
its months and the as-of date). The site's computed totals are numbers like any other: a total passes only
where the source prints the same number. English pages must carry no Thai script in their main content.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest

from generator.project import Project
from generator.reading.comparison import previous_period
from generator.reading.model import Report
from generator.reading.validation import validate_content
from generator.rendering.localization import Localizer, load_localizers

from .conftest import ROOT, build_arguments, path_without_chromium
from .test_browser import CHART_BOXES, chart_layout_problems, small_chart_texts

EXAMPLES_DIR = ROOT / "examples"
REPORTS_DIR = ROOT.parent / "shared" / "reports"
EXAMPLES = sorted(folder for folder in EXAMPLES_DIR.glob("*") if (folder / "content" / "site.yaml").is_file())
# A number as the source or a page writes it: digits, with thousands separators and decimals or not. Digits
# right after a Latin letter are part of a name ("A4" of the PDF's paper size, "PSC 1111" is spaced).
NUMBER = re.compile(r"(?<![A-Za-z])\d+(?:,\d{3})*(?:\.\d+)?")
THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
THAI_SCRIPT = re.compile(r"[\u0e00-\u0e7f]+")
# Proper names that a source gives only in Thai, and that an English page may therefore show as they are.
THAI_ONLY_NAMES: frozenset[str] = frozenset()


@dataclass
class BuiltExample:
    name: str
    report: Report
    site_dir: Path
    localizers: dict[str, Localizer]
    sources: dict[str | None, list[Path]]
    """The source reports by the period they are the source of; None: of every period."""

    def sources_of(self, period: str) -> list[Path]:
        return [*self.sources.get(None, []), *self.sources.get(period, [])]


def source_files(example: Path) -> dict[str | None, list[Path]]:
    """The example's source reports, by period (None: every period): the lines of its sources.txt, `file.txt`
    or `2563-q3: file.txt`; or else the reports its README names."""
    listing = example / "sources.txt"
    found: dict[str | None, list[Path]] = {}
    if listing.is_file():
        for line in listing.read_text(encoding="utf-8").splitlines():
            period, _, name = line.strip().rpartition(":")
            if name.strip():
                found.setdefault(period.strip() or None, []).append(REPORTS_DIR / name.strip())
    else:
        readme = (example / "README.md").read_text(encoding="utf-8") if (example / "README.md").is_file() else ""
        names = sorted({name for name in re.findall(r"[\w.-]+\.txt", readme) if (REPORTS_DIR / name).is_file()})
        if names:
            found[None] = [REPORTS_DIR / name for name in names]
    assert found, f"{example.name} names no source report: list them in {listing.relative_to(ROOT)}, one a line"
    return found


def numbers_in(text: str) -> list[tuple[Decimal, int]]:
    """Each number of `text` (Thai digits read as Arabic), with where it starts."""
    return [(Decimal(m.group().replace(",", "")), m.start()) for m in NUMBER.finditer(text.translate(THAI_DIGITS))]


@pytest.fixture(scope="module", params=EXAMPLES, ids=[example.name for example in EXAMPLES])
def example(request, tmp_path_factory) -> BuiltExample:
    """One example, copied out of the checkout and built by the command, without PDFs."""
    source: Path = request.param
    if not REPORTS_DIR.is_dir():
        message = f"the source reports are missing: {REPORTS_DIR} (the project's CI places ../shared beside the clone)"
        if os.environ.get("GITHUB_ACTIONS"):
            pytest.skip(message)
        pytest.fail(message)
    sources = source_files(source)
    for file in (file for files in sources.values() for file in files):
        assert file.is_file(), f"{source.name}: the source {file.name} is not in {REPORTS_DIR}"
    root = tmp_path_factory.mktemp(source.name)
    copy = root / source.name
    shutil.copytree(source, copy)
    project = Project.at(copy, site_dir=root / "site", work_dir=root / "work", archive_dir=root / "no-archive")
    # Only the Python that runs the tests: no Chromium on PATH, so no PDF editions.
    environment = {**os.environ, "PATH": path_without_chromium(root / "bin")}
    built = subprocess.run(
        [sys.executable, "-m", "generator", *build_arguments(project)],
        cwd=root,
        env=environment,
        capture_output=True,
        text=True,
        timeout=900,
    )
    assert built.returncode == 0, f"{source.name} did not build:\n{built.stderr}"
    report = validate_content(project.content_dir)
    periods = {str(period.id) for period in report.periods}
    assert set(sources) - {None} <= periods, f"{source.name}: sources.txt names periods it does not have"
    localizers = load_localizers(
        project.theme, report.site.languages, thai_digits=report.site.thai_digits, words=report.site.words
    )
    return BuiltExample(source.name, report, project.site_dir, localizers, sources)


class _MainText(HTMLParser):
    """The text of a page's <article>, without footnote marks (<sup>) and charts' axis ticks (a scale the chart
    draws, not a figure it states); a space at every tag, so that the texts of neighbouring cells never run
    together. What the page shows of the previous period (`rs-earlier`) is kept apart, to be checked against
    that period's source; a change since it (`rs-change`), computed from the two, is left out."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.article = 0
        self.sup = 0
        self.groups: list[bool] = []  # for each open <g>: whether it holds an axis's ticks
        self.spans: list[str | None] = []  # for each open <span>: rs-earlier, rs-change or None
        self.parts: list[str] = []
        self.earlier: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.article += tag == "article"
        self.sup += tag == "sup" and self.article > 0
        classes = (dict(attrs).get("class") or "").split()
        if tag == "g":
            self.groups.append("rs-chart-ticks" in classes)
        if tag == "span":
            self.spans.append(next((c for c in classes if c in ("rs-earlier", "rs-change")), None))
        self.parts.append(" ")

    def handle_endtag(self, tag):
        self.sup -= tag == "sup" and self.sup > 0
        if tag == "g" and self.groups:
            self.groups.pop()
        if tag == "span" and self.spans:
            self.spans.pop()
        self.article -= tag == "article" and self.article > 0
        self.parts.append(" ")

    def handle_data(self, data):
        if not self.article or self.sup or any(self.groups) or "rs-change" in self.spans:
            return
        (self.earlier if "rs-earlier" in self.spans else self.parts).append(f" {data} ")


def main_text(page: Path) -> str:
    return read_main_text(page)[0]


def read_main_text(page: Path) -> tuple[str, str]:
    """The page's main text, and apart from it what it shows of the previous period."""
    reader = _MainText()
    reader.feed(page.read_text(encoding="utf-8"))
    return " ".join("".join(reader.parts).split()), " ".join("".join(reader.earlier).split())


def period_pages(example: BuiltExample, language: str, period: str) -> list[Path]:
    folder = example.site_dir / language / period
    pages = sorted(folder.rglob("index.html"))
    assert pages, f"{example.name}: nothing was built in {language}/{period}"
    return pages


def test_every_period_is_built_in_both_languages(example):
    assert example.report.site.languages == ["th", "en"]
    for period in example.report.periods:
        for language in ("th", "en"):
            assert (example.site_dir / language / str(period.id) / "index.html").is_file(), (language, period.id)


def source_numbers(example: BuiltExample, period: str) -> set[Decimal]:
    return {number for file in example.sources_of(period) for number, _ in numbers_in(file.read_text(encoding="utf-8"))}


def test_every_number_on_the_thai_pages_is_in_the_source(example):
    thai = example.localizers["th"]
    unknown, checked = [], 0
    for period in example.report.periods:
        given = source_numbers(example, str(period.id))
        # The figures shown of the period compared with (the previous one of the same kind) are its own report's.
        previous = previous_period(example.report, period)
        given_before = source_numbers(example, str(previous.id)) if previous else set()
        # What the site writes itself about the period (and the one it is compared with), longest first: its name
        # with its months, its name, its months, and the as-of date.
        dates = sorted(
            {
                thai.period_with_months(period.id, period.dates),
                thai.period_name(period.id),
                thai.period_short(period.id),
                thai.months(period.dates),
                thai.date(period.info.as_of),
                *((thai.period_short(previous.id),) if previous else ()),
            },
            key=len,
            reverse=True,
        )
        for page in period_pages(example, "th", str(period.id)):
            where = page.relative_to(example.site_dir).as_posix()
            if where == f"th/{period.id}/data/index.html":
                continue
            text, earlier = read_main_text(page)
            for written in dates:
                text = text.replace(written, " ")
            for shown, known in ((text, given), (earlier, given_before)):
                for number, start in numbers_in(shown):
                    checked += 1
                    if number not in known:
                        unknown.append(f"{where}: {number} in “…{shown[max(0, start - 40) : start + 40]}…”")
    assert checked, f"{example.name}: no number was found on its Thai pages"
    assert not unknown, f"{example.name}: numbers that its source does not give:\n" + "\n".join(unknown)


def test_english_pages_carry_no_thai_script(example):
    found = []
    for period in example.report.periods:
        for page in period_pages(example, "en", str(period.id)):
            for thai in THAI_SCRIPT.findall(main_text(page)):
                if thai not in THAI_ONLY_NAMES:
                    found.append(f"{page.relative_to(example.site_dir).as_posix()}: {thai}")
    assert not found, f"{example.name}: Thai script on English pages:\n" + "\n".join(found)


@pytest.mark.parametrize("width", [360, 1280])
def test_every_chart_is_readable_on_a_phone_and_on_a_desktop(example, browser, width):
    """Every chart of every period in both languages, as Chromium renders it: each text at 12 CSS px or more, inside
    its chart and clear of the bars and of the other texts; narrow drawings on the phone, wide ones on the desktop."""
    context = browser.new_context(viewport={"width": width, "height": 800})
    page = context.new_page()
    problems, measured, charts = [], 0, []
    try:
        for language in example.report.site.languages:
            for period in example.report.periods:
                for path in period_pages(example, language, str(period.id)):
                    if 'class="rs-chart' not in path.read_text(encoding="utf-8"):
                        continue
                    page.goto(path.as_uri(), wait_until="load")
                    page.wait_for_function("document.fonts.status === 'loaded'")
                    small, count = small_chart_texts(page)
                    problems += [f"{path.relative_to(example.site_dir).as_posix()}: {line}" for line in small]
                    measured += count
                    charts += page.evaluate(CHART_BOXES)
    finally:
        context.close()
    if not measured:
        pytest.skip(f"{example.name} draws no chart")
    problems += chart_layout_problems(charts)
    assert not problems, "\n".join(problems)
