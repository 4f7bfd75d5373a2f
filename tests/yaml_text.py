"""Find and change text in YAML fixtures, so that tests compute positions instead of typing them."""

from __future__ import annotations


def locate(text: str, needle: str, occurrence: int = 1) -> tuple[int, int]:
    """The 1-based line and column of the `occurrence`-th `needle` in `text`."""
    index = -1
    for _ in range(occurrence):
        index = text.index(needle, index + 1)
    line = text.count("\n", 0, index) + 1
    column = index - (text.rfind("\n", 0, index) + 1) + 1
    return line, column


def replace_once(text: str, old: str, new: str) -> str:
    assert text.count(old) == 1, f"the fixture should hold {old!r} exactly once"
    return text.replace(old, new)
