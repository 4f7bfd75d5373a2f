"""The Jinja filters of the Markdown templates, registered in one place.

Every filter is bound to one page language through its Localizer, so the
templates never pass a language around.
"""

from __future__ import annotations

import re

import jinja2

from ..reading.model import KeyFigure, Text
from .localization import Localizer

# Prose from the content is shown literally: it can neither format the page
# nor inject HTML. These characters would be read as markup anywhere in a line
# (emphasis, links, attribute lists, table cells, code, HTML)...
_INLINE_MARKUP = re.compile(r"([\\`*_\[\]{}|])")
# ...and these only at the start of a block (headings, lists, ordered lists).
_BLOCK_START = re.compile(r"^(#|[-+]|\d+(?=[.)]))")


def escape_markdown(text: str) -> str:
    """Make any text safe to place in a Markdown paragraph, heading, list item or table cell."""
    one_line = " ".join(text.split())
    escaped = one_line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    escaped = _INLINE_MARKUP.sub(r"\\\1", escaped)
    match = _BLOCK_START.match(escaped)
    if match is None:
        return escaped
    if match.group(1)[0].isdigit():
        # "1. text" would start an ordered list: escape the dot or parenthesis after the number.
        end = match.end()
        return escaped[:end] + "\\" + escaped[end:]
    return "\\" + escaped


def register_filters(environment: jinja2.Environment, l10n: Localizer) -> None:
    def text(value: Text) -> str:
        return escape_markdown(value[l10n.language])

    def figure(value: KeyFigure) -> str:
        number = l10n.number(value.value)
        return l10n.string("more_than", value=number) if value.qualifier == "more_than" else number

    environment.filters.update(
        text=text,
        plain=escape_markdown,
        number=l10n.number,
        decimal2=l10n.decimal2,
        date=l10n.date,
        figure=figure,
        signed=l10n.signed,
    )
