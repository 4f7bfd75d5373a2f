"""Thai search recall: type Thai words into the site's search box in Chromium and count what is found.

The queries are Thai words and phrases from the real content, each of which
sits in the middle of a run of unspaced Thai (a test checks that), plus a few
words that appear nowhere, which must find nothing.

NEAR_MISSES are ordinary Thai words that appear nowhere in the content either,
but each starts as a word of the content does (โควิด as โครงการ, ทหารเรือ as
ทหารบก): a search that matches the start of a word, or a query cut into
pieces each found somewhere, finds them. They must find nothing too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urljoin, urlparse

from .pages import read_article

QUERIES = [
    "ธรรมาภิบาล",
    "งบประมาณ",
    "นวัตกรรม",
    "ยุทธศาสตร์",
    "บุคลากร",
    "เชื่อมโยง",
    "ความมั่นคง",
    "แพลตฟอร์ม",
    "มาตรฐาน",
    "หลักเกณฑ์",
    "ข้อเสนอแนะ",
    "ประสิทธิภาพ",
    "สถาปัตยกรรม",
    "สารบรรณ",
    "พระราชบัญญัติ",
    "ปลอดภัย",
    "ขับเคลื่อน",
    "บูรณาการ",
    "แลกเปลี่ยน",
    "เปิดเผย",
    "วิเคราะห์",
    "ผู้ใช้งาน",
    "หลักสูตร",
    "ทักษะ",
    "อำนวยความสะดวก",
    "ความร่วมมือ",
    "นำร่อง",
    "ปรับปรุง",
    "เอกสาร",
    "ธนาคาร",
    "สถานการณ์",
    "ระบาด",
    "สายพันธุ์",
    "ข้าราชการ",
    "ความเข้าใจ",
    "ระยะเวลา",
    "เครือข่าย",
    "ขั้นตอน",
    "ตรวจสอบ",
    "ทางไกล",
    "สมาคม",
    "ประชาพิจารณ์",
    "อิเล็กทรอนิกส์",
    "ทะเบียนราษฎร",
    "นิติบุคคล",
    "โครงสร้างพื้นฐาน",
    "ค่าธรรมเนียม",
    "ใบอนุญาต",
    "ความโปร่งใส",
    "ประชาสัมพันธ์",
    # phrases of several words, typed without spaces
    "รัฐบาลดิจิทัล",
    "บุคลากรภาครัฐ",
    "เชื่อมโยงข้อมูล",
    "ข้อมูลภาครัฐ",
    "แลกเปลี่ยนข้อมูล",
    "ความมั่นคงปลอดภัย",
    "ธรรมาภิบาลข้อมูล",
    "การให้บริการ",
    "บริหารจัดการข้อมูล",
    "ไตรมาสที่ 2",
]
ABSENT = ["ภูเขาไฟ", "ฟุตบอล", "ดาวเทียม", "ทุเรียน", "แมวน้ำ"]
# Each shares its first letters (a syllable or more) with a word of the content, and many are a word of the
# content followed by another (หนังสือพิมพ์: หนังสือ and พิมพ์ are both there, never side by side).
NEAR_MISSES = [
    "โควิด",
    "โคนม",
    "โคมไฟ",
    "ชาวนา",
    "ชาวประมง",
    "กรรไกร",
    "กระเป๋า",
    "กระต่าย",
    "กล้วย",
    "กาแฟ",
    "กางเกง",
    "ขนมปัง",
    "ความรัก",
    "งานแต่งงาน",
    "ตำรวจจราจร",
    "ตลาดนัด",
    "ทหารเรือ",
    "ทหารอากาศ",
    "ทะเล",
    "ทางม้าลาย",
    "ธนบัตร",
    "นาฬิกา",
    "นักเรียน",
    "ประตู",
    "ปลาทู",
    "ผลไม้",
    "พระอาทิตย์",
    "ภาษาจีน",
    "ภาษาญี่ปุ่น",
    "รัฐสภา",
    "ระเบิด",
    "โรงพยาบาล",
    "โรงเรียน",
    "วันหยุด",
    "ศาลเจ้า",
    "สถานีรถไฟ",
    "สมุด",
    "สายไฟ",
    "หนังสือพิมพ์",
    "หน้าต่าง",
    "อาหาร",
    "อากาศ",
    "เครื่องบิน",
    "เชียงใหม่",
    "เสื้อผ้า",
    "แผนที่",
    "ไฟฟ้า",
    "น้ำตาล",
    "น้ำท่วม",
    "ข้าวเหนียว",
    "ข้าวผัด",
    "ประกันภัย",
    "โรคเบาหวาน",
    "ไวไฟ",
    "อินเดีย",
    "คลอง",
    "สังคมนิยม",
    "การบ้าน",
    "การ์ตูน",
    "ภาพยนตร์",
]


@dataclass
class Recall:
    found: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    absent_found: list[str] = field(default_factory=list)
    near_miss_pages: dict[str, int] = field(default_factory=dict)
    """How many pages each of NEAR_MISSES found."""
    strays: dict[str, int] = field(default_factory=dict)
    """For each query of one word (typed with no space), how many of the pages it found do not hold it."""

    @property
    def rate(self) -> float:
        return len(self.found) / (len(self.found) + len(self.missed))


def article_texts(site_dir: Path) -> dict[str, str]:
    """The article text of each page, whitespace collapsed, by site path (like `strategies/x/`)."""
    texts = {}
    for page in site_dir.rglob("index.html"):
        folder = page.parent.relative_to(site_dir).as_posix()
        texts["" if folder == "." else f"{folder}/"] = " ".join(read_article(page)[0].split())
    return texts


def pages_containing(texts: dict[str, str], query: str) -> set[str]:
    """The site paths whose article text (from `article_texts`) holds `query`."""
    return {path for path, text in texts.items() if query in text}


# Counts the answers of Material's search worker as the page shows them. For each answer, Material writes
# its heading (the number of matching documents) and then, in the same task, the results (all of them, up
# to ten pages; the site has fewer): the observer runs after that task, when the list is complete.
COUNT_ANSWERS = """() => {
    if (window.__searchAnswers !== undefined) return window.__searchAnswers;
    window.__searchAnswers = 0;
    const meta = document.querySelector('.md-search-result__meta');
    new MutationObserver(() => {
        if (/matching document|ตรงกัน/.test(meta.textContent)) window.__searchAnswers += 1;
    }).observe(meta, {childList: true, characterData: true, subtree: true});
    return 0;
}"""


def open_search(page) -> None:
    """Click into the search box, as a reader does before typing a query (or several, one after another)."""
    page.locator("input.md-search__input").click()


def search(page, query: str) -> list[str]:
    """Type `query` into the search box (opened with `open_search`); return the paths of the result pages."""
    box = page.locator("input.md-search__input")
    answers = page.evaluate(COUNT_ANSWERS)
    # Playwright enters Thai as inserted text, without key events, and Material's search listens for
    # keyup: fill the box, then press a key that types nothing. Material queries its worker once for
    # each new value of the box, and the worker answers each query once: wait for that answer.
    box.fill(query)
    box.press("End")
    page.wait_for_function(f"window.__searchAnswers > {answers}", timeout=15_000)
    assert page.evaluate("window.__searchAnswers") == answers + 1, "one answer for one query"
    links = page.eval_on_selector_all("a.md-search-result__link", "links => links.map(a => a.href)")
    return [urlparse(link).path for link in links]


def squashed(text: str) -> str:
    """`text` with only its letters, marks and digits: "ชาว (นา" reads ชาวนา."""
    return re.sub(r"[^\u0e01-\u0e5b\w]+", "", text)


def result_pages(paths: list[str]) -> set[str]:
    """The pages of search results (`search`'s paths), each page once however many of its sections were found."""
    return {re.sub(r"#.*$", "", path) for path in paths}


def measure(page, base_url: str, site_dir: Path, queries=QUERIES, absent=ABSENT, near_misses=NEAR_MISSES) -> Recall:
    """Run every query against the Thai site served at `base_url` (built into `site_dir`)."""
    page.goto(base_url, wait_until="networkidle")
    root = urlparse(base_url).path
    texts = article_texts(site_dir)
    open_search(page)
    recall = Recall()
    for query in queries:
        expected = {urljoin(root, path) for path in pages_containing(texts, query)}
        results = result_pages(search(page, query))
        (recall.found if results & expected else recall.missed).append(query)
        # A page holds a word even across the spaces and punctuation between its parts, as search reads it.
        holding = {urljoin(root, path) for path, text in texts.items() if query in squashed(text)}
        if " " not in query and results - holding:
            recall.strays[query] = len(results - holding)
    for query in absent:
        if search(page, query):
            recall.absent_found.append(query)
    for query in near_misses:
        recall.near_miss_pages[query] = len(result_pages(search(page, query)))
    return recall
