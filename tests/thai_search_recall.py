"""Thai search recall: type Thai words into the site's search box in Chromium and count what is found.

The queries are Thai words and phrases from the real content, each of which
sits in the middle of a run of unspaced Thai (a test checks that), plus a few
words that appear nowhere, which must find nothing.
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


@dataclass
class Recall:
    found: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    absent_found: list[str] = field(default_factory=list)

    @property
    def rate(self) -> float:
        return len(self.found) / (len(self.found) + len(self.missed))


def pages_containing(site_dir: Path, query: str) -> set[str]:
    """The site paths (like `strategies/x/`) whose article text holds `query`."""
    found = set()
    for page in site_dir.rglob("index.html"):
        if query in " ".join(read_article(page)[0].split()):
            folder = page.parent.relative_to(site_dir).as_posix()
            found.add("" if folder == "." else f"{folder}/")
    return found


def search(page, query: str) -> list[str]:
    """Type `query` into the search box; return the paths of the result pages."""
    box = page.locator("input.md-search__input")
    box.click()
    # Playwright enters Thai as inserted text, without key events, and Material's
    # search listens for keyup: fill the box, then press a key that types nothing.
    page.evaluate("() => { window.__lastResults = undefined; }")
    box.fill(query)
    box.press("End")
    page.wait_for_timeout(300)  # the worker answers in well under this on an index of this size
    # Wait for an answer (not the "initializing" or "type to start" messages), then for it to settle.
    page.wait_for_function(
        """() => {
            const meta = document.querySelector('.md-search-result__meta');
            const text = meta ? meta.textContent.trim() : '';
            const answered = /matching document|ตรงกัน/.test(text);
            const now = text + document.querySelectorAll('.md-search-result__item').length;
            const same = window.__lastResults === now;
            window.__lastResults = now;
            return answered && same;
        }""",
        polling=250,
        timeout=15_000,
    )
    links = page.eval_on_selector_all("a.md-search-result__link", "links => links.map(a => a.href)")
    return [urlparse(link).path for link in links]


def measure(page, base_url: str, site_dir: Path, queries=QUERIES, absent=ABSENT) -> Recall:
    """Run every query against the Thai site served at `base_url` (built into `site_dir`)."""
    page.goto(base_url, wait_until="networkidle")
    root = urlparse(base_url).path
    recall = Recall()
    for query in queries:
        expected = {urljoin(root, path) for path in pages_containing(site_dir, query)}
        results = {re.sub(r"#.*$", "", path) for path in search(page, query)}
        (recall.found if results & expected else recall.missed).append(query)
    for query in absent:
        if search(page, query):
            recall.absent_found.append(query)
    return recall
