"""Heading ids that keep Thai readable.

Python-Markdown's default slugify drops every non-ASCII letter, and
pymdownx's unicode slugify drops Thai vowel and tone marks (they are not
"alphanumeric" to Python), so "ดำเนินงาน" would become "ดำเนนงาน".
"""

from __future__ import annotations

import re
import unicodedata

_UNWANTED = re.compile(r"[^\w\u0e00-\u0e7f\- ]")


def slugify(value: str, separator: str) -> str:
    """A lower-case id for a heading, with its Thai intact and spaces as `separator`."""
    text = unicodedata.normalize("NFC", value).strip().lower()
    text = _UNWANTED.sub("", text)
    return re.sub(r"[\s" + re.escape(separator) + r"]+", separator, text).strip(separator)
