"""Read built HTML pages as a reader sees them: the text of the article, and its tables."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path


class _ArticleReader(HTMLParser):
    """Collect the text inside <article>, and the cells of each table row."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0
        self.text: list[str] = []
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "article":
            self.depth += 1
        elif self.depth and tag == "tr":
            self.rows.append([])
        elif self.depth and tag in ("td", "th"):
            self._cell = []
        elif self.depth and tag in ("p", "li", "h1", "h2", "h3", "br"):
            self.text.append("\n")

    def handle_endtag(self, tag):
        if tag == "article":
            self.depth -= 1
        elif self.depth and tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
            self.text.append(" | ")

    def handle_data(self, data):
        if self.depth:
            self.text.append(data)
            if self._cell is not None:
                self._cell.append(data)


def read_article(page: Path) -> tuple[str, list[list[str]]]:
    """Return the article's text (whitespace collapsed) and its table rows."""
    reader = _ArticleReader()
    reader.feed(page.read_text(encoding="utf-8"))
    text = re.sub(r"[ \t]+", " ", "".join(reader.text)).replace("¶", "")
    return text, reader.rows


def html_lang(page: Path) -> str | None:
    match = re.search(r"<html[^>]*\blang=\"([^\"]+)\"", page.read_text(encoding="utf-8"))
    return match.group(1) if match else None


class _TableReader(HTMLParser):
    """Collect the cells of each row of an HTML table, as the Markdown inside them is written."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.rows: list[list[str]] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append("<br>")

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)

    def handle_entityref(self, name):
        self.handle_data(f"&{name};")


def markdown_table(markdown: str, table_id: str) -> list[list[str]]:
    """The rows of the report's table `table_id` in a rendered Markdown page, each a list of its cells' Markdown."""
    start = markdown.index("<table", markdown.index(f"{{ #table-{table_id} }}"))
    reader = _TableReader()
    reader.feed(markdown[start : markdown.index("</table>", start)])
    return reader.rows
