"""Text from the content is shown literally: it can neither format a page nor inject HTML."""

from __future__ import annotations

import markdown

from generator.rendering.filters import escape_markdown


def render(text: str) -> str:
    return markdown.markdown(escape_markdown(text), extensions=["tables", "attr_list"])


def test_html_and_script_become_text():
    html = render('<script>alert("x")</script> <img src=x onerror=alert(1)>')
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;" in html


def test_markdown_links_and_emphasis_stay_literal():
    html = render("[ลิงก์](javascript:alert(1)) *ตัวเอียง* __หนา__ `code`")
    assert "<a" not in html and "<em>" not in html and "<strong>" not in html and "<code>" not in html
    assert "[ลิงก์](javascript:alert(1)) *ตัวเอียง* __หนา__ `code`" in html


def test_block_markup_at_the_start_stays_literal():
    assert render("# ไม่ใช่หัวข้อ") == "<p># ไม่ใช่หัวข้อ</p>"
    assert render("1. ไม่ใช่รายการ") == "<p>1. ไม่ใช่รายการ</p>"
    assert render("- ไม่ใช่รายการ") == "<p>- ไม่ใช่รายการ</p>"


def test_attribute_lists_cannot_be_injected_into_headings():
    title = 'ชื่อโครงการ { onclick="alert(1)" }'
    unescaped = markdown.markdown(f"## {title}", extensions=["attr_list"])
    assert "onclick" in unescaped.split(">")[0], "the attack works on raw text, so the test can fail"
    escaped = markdown.markdown(f"## {escape_markdown(title)}", extensions=["attr_list"])
    assert escaped.startswith("<h2>") and 'onclick="alert(1)"' in escaped


def test_ordinary_thai_prose_is_unchanged():
    text = "ผลความก้าวหน้าในไตรมาส 2 คิดเป็นร้อยละ 85.94 (พ.ศ. 2563 – 2565)"
    assert escape_markdown(text) == text
