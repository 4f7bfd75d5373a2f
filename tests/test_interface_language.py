"""Every page of the built site speaks its own language: no English interface text on a Thai page, no Thai on an
English one, in what is shown and in what is read out (title, aria-label, alt, placeholder, the description).

What the content gives (the report's prose and names, in either language) is taken out first, by its own words:
what remains is what the generator, MkDocs and Material wrote. A text's language is its nearest `lang` attribute, so
that the front door, which shows both languages, and the language switcher's "ไทย" on an English page are read as
what they are.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import yaml

from .conftest import ROOT

QUARTER = "2563-q2"

THAI = re.compile(r"[\u0E00-\u0E7F]+")
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_.+\-]*")
# Names and formats that stay as they are in Thai text: file formats, the theme's name (its footer), a key.
NAMES_IN_THAI = {
    "CSV", "JSON", "PDF", "zip", "UTF-8", "BOM", "Excel", "Frictionless", "Data", "Package", "datapackage.json",
    "Ctrl+F", "Material", "for", "MkDocs", "A4",
    "table_totals",  # a key of the period's JSON file, which the data page names even when a period has no table
}  # fmt: skip
# A file's name or a path, written as it is on any page (2563-q2-projects.csv, dga-2563-q2-th.pdf, .yaml,
# ../2563-q2/ on a redirecting page), and a hash's name.
FILE_NAME = re.compile(r"[\w.-]*\.(?:csv|json|pdf|zip|yaml)\b|[\w.-]*/[\w./-]*|SHA-256")
ATTRIBUTES = ("title", "aria-label", "alt", "placeholder")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
SKIPPED = {"script", "style", "code", "pre"}


class _Texts(HTMLParser):
    """Each text and each read-out attribute of a page, with the language of the element it is in."""

    def __init__(self, language: str) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str, bool]] = [("", language, False)]
        self.texts: list[tuple[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        _, language, skipped = self.stack[-1]
        language = values.get("lang") or language
        for name in ATTRIBUTES:
            if values.get(name):
                self.texts.append((language, values[name] or ""))
        if tag == "meta" and values.get("name") == "description":
            self.texts.append((language, values.get("content") or ""))
        if tag not in VOID:
            self.stack.append((tag, language, skipped or tag in SKIPPED))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, 0, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        _, language, skipped = self.stack[-1]
        if not skipped and data.strip():
            self.texts.append((language, data))


def _content_texts(content: Path, language: str) -> list[str]:
    """Every text the content gives in `language`, longest first, whitespace collapsed, footnote marks cut."""
    found: set[str] = set()

    def walk(value: object) -> None:
        if isinstance(value, dict):
            for key, inner in value.items():
                if key == language and isinstance(inner, str):
                    for part in re.split(r"\[\^[\w-]+\]", inner):
                        if part.strip():
                            found.add(" ".join(part.split()))
                else:
                    walk(inner)
        elif isinstance(value, list):
            for inner in value:
                walk(inner)

    for file in content.rglob("*.yaml"):
        walk(yaml.safe_load(file.read_text(encoding="utf-8")))
    return sorted(found, key=len, reverse=True)


def _pages(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def _open_data_names(site: Path) -> set[str]:
    """The open data's column names and the codes its columns hold (`on_plan`, `more_than`): names, in any language,
    which the data page explains."""
    names: set[str] = set()
    for package in site.glob("*/*/data/datapackage.json"):
        for resource in json.loads(package.read_text(encoding="utf-8"))["resources"]:
            for field in resource["schema"]["fields"]:
                names.add(field["name"])
                names.update(str(value) for value in field.get("constraints", {}).get("enum", []))
        names.update(key for key in json.loads((package.parent / f"{package.parent.parent.name}.json").read_text()))
    return names


def _interface_words(page: Path, given: dict[str, list[str]], names: set[str] = frozenset()) -> list[tuple[str, str]]:
    """The words on `page` that are in the other script than their element's language, outside the content."""
    language = re.search(r'<html[^>]*\blang="([^"]+)"', page.read_text(encoding="utf-8"))
    reader = _Texts(language.group(1) if language else "en")
    reader.feed(page.read_text(encoding="utf-8"))
    # One text per language: the content's words are cut from the whole, since markup may split a sentence.
    joined: dict[str, str] = {}
    for text_language, text in reader.texts:
        key = "th" if text_language.startswith("th") else "en"
        joined[key] = joined.get(key, "") + "\n" + " ".join(text.split())
    wrong = []
    for key, text in joined.items():
        for words in given[key]:
            text = text.replace(words, " ")
        text = FILE_NAME.sub(" ", text)
        if key == "th":
            words = [word.strip(".-") for word in LATIN_WORD.findall(text)]
            wrong += [(key, word) for word in words if word not in NAMES_IN_THAI and word not in names]
        else:
            wrong += [(key, word) for word in THAI.findall(text)]
    return wrong


def test_no_page_has_interface_text_in_the_other_language(real_site):
    content = ROOT / "content"
    given = {language: _content_texts(content, language) for language in ("th", "en")}
    pages = _pages(real_site.site_dir)
    assert {"index.html", f"th/{QUARTER}/404.html", f"en/{QUARTER}/404.html"} <= {
        page.relative_to(real_site.site_dir).as_posix() for page in pages
    }
    names = _open_data_names(real_site.site_dir)
    assert {"on_plan", "more_than", "scorecard_totals"} <= names
    found = {}
    for page in pages:
        wrong = _interface_words(page, given, names)
        if wrong:
            found[page.relative_to(real_site.site_dir).as_posix()] = sorted(set(wrong))
    assert found == {}, found


def test_the_scan_finds_english_left_on_a_thai_page(real_site, tmp_path):
    """The scan above could pass by reading nothing: a Thai page with one English button must fail it."""
    content = ROOT / "content"
    given = {language: _content_texts(content, language) for language in ("th", "en")}
    page = real_site.site_dir / "th" / QUARTER / "index.html"
    html = page.read_text(encoding="utf-8")
    assert _interface_words(page, given) == []
    changed = tmp_path / "index.html"
    changed.write_text(html.replace('title="ลิงก์ถาวร"', 'title="Permanent link"', 1), encoding="utf-8")
    assert _interface_words(changed, given) == [("th", "Permanent"), ("th", "link")]
