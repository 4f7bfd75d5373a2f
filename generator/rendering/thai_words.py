"""Where the words of unspaced Thai begin and end: for the search index, and for breaking a chart's label into lines.

Thai is written without spaces between words, so neither a search index nor a
line breaker can find the words by spaces. nlpO3 (PyThaiNLP's `newmm` in Rust),
with PyThaiNLP's own word list, cuts them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from importlib import resources

THAI_RUN = re.compile(r"[\u0e01-\u0e5b]+")

# The name nlpO3 keeps PyThaiNLP's word list under, in its process-wide table of dictionaries.
_DICTIONARY = "reportsite-pythainlp-words"


@cache
def _run_segmenter() -> Callable[[str], list[str]]:
    """newmm over runs of Thai alone, as nlpO3 does it with PyThaiNLP's own word list.

    On runs of Thai it cuts exactly as PyThaiNLP's newmm does (all 1,472 runs of this repository's content and
    examples, checked when it was chosen), and loads in a tenth of a second where PyThaiNLP builds its
    dictionary's trie in pure Python for most of one: a cost every build process paid.
    """
    import nlpo3

    words = resources.files("pythainlp") / "corpus" / "words_th.txt"
    with resources.as_file(words) as path:
        nlpo3.load_dict(str(path), _DICTIONARY)
    return lambda run: list(nlpo3.segment(run, _DICTIONARY))


def preload_thai_segmenter() -> None:
    """Load the segmenter's dictionary now, e.g. once before forking workers that all need it."""
    _run_segmenter()("ไทย")


def thai_words(run: str) -> list[str]:
    """A run of Thai letters (THAI_RUN) cut into its words; joined, they give the run back."""
    return _run_segmenter()(run)


def break_opportunities(text: str) -> list[str]:
    """`text` cut where a line may break: after each space, and between the words of each run of Thai.

    Joined, the pieces give `text` back; a piece keeps the spaces that follow it.
    """
    pieces: list[str] = []
    for chunk in re.findall(r"\S+\s*|\s+", text):
        position = 0
        for run in THAI_RUN.finditer(chunk):
            words = thai_words(run.group(0))
            # What stands before the run (Latin letters, digits) stays with the run's first word.
            words[0] = chunk[position : run.start()] + words[0]
            pieces += words
            position = run.end()
        if position == 0:
            pieces.append(chunk)
        else:
            pieces[-1] += chunk[position:]
    return pieces
