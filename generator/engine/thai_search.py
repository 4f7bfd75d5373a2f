"""Search that finds Thai words inside unspaced Thai text.

Thai is written without spaces between words, and Material's search splits
text only at its `separator`. So, for each Thai build:

- the search index (`search/search_index.json`) is rewritten at build time:
  each run of Thai is cut into words by PyThaiNLP's `newmm` segmenter and the
  words are joined with U+200B (zero width space), which the search
  `separator` splits on, as Material does for Chinese. The pages themselves
  are not touched: no extra characters in their text, copy and paste give the
  original, and line wrapping is unchanged.
- the query side: Material's search worker gives every term of a query a
  trailing wildcard, so a Thai word matched every word of the index it starts
  like (โควิด found the โค of โคโรนา). `thai_search_worker.js`, appended to the
  worker, makes a term that holds Thai match only where a page holds it as
  whole words of the index side by side (one word, or several typed without
  spaces), and lets a term lead to its equivalents in `site.yaml`'s
  `search_equivalents` (โควิด to COVID-19). It changes one function of
  lunr.js, which the worker exposes as `self.lunr`: the build checks that it
  does, and that its lunr is the 2.3 the script was written for, and fails
  loudly if a Material upgrade changed either.

`split_words` cuts a text into words the same way, for `reportsite diff`,
which shows the words of a text that changed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Sequence
from functools import cache
from importlib import resources
from pathlib import Path

from ..errors import BuildError
from ..rendering.thai_words import THAI_RUN, thai_words

SEPARATOR = r"[\s\u200b\-]+"
WORD_JOINER = "\u200b"
# Runs of spaces, and what stands between them.
_CHUNKS = re.compile(r"\s+|\S+")
# What the script appended to Material's search worker depends on: lunr.js 2.3, exposed as `self.lunr`.
WORKER_LUNR_GLOBAL = "self.lunr="
WORKER_LUNR_VERSION = '.version="2.3.'
WORKER_SCRIPT = "thai_search_worker.js"
# The script's last line, where the build writes the groups of equivalents in place of the name.
WORKER_EQUIVALENTS = "})(self.lunr, EQUIVALENTS)"


@cache
def _tokenizer() -> Callable[..., list[str]]:
    from pythainlp.tokenize import word_tokenize  # 0.8 s to load its dictionary: only when needed

    return word_tokenize


def segment_thai(text: str) -> str:
    """Put U+200B between the words of every run of Thai in `text`; leave everything else alone."""
    return THAI_RUN.sub(lambda run: WORD_JOINER.join(thai_words(run.group(0))), text)


def split_words(text: str) -> list[str]:
    """`text` cut into words and the spaces between them; joined, they give `text` back.

    Whatever holds Thai is cut by PyThaiNLP's `newmm`, which reads the punctuation
    inside a word as part of it ("พ.ศ." stays whole; nlpO3, which segments the
    search index's runs of Thai alone, would cut it); the rest only at spaces,
    so that "problem." and "(COVID-19)" stay whole words too.
    """
    words: list[str] = []
    for chunk in _CHUNKS.findall(text):
        words += _tokenizer()(chunk, engine="newmm") if THAI_RUN.search(chunk) else [chunk]
    return words


def unsegment(text: str) -> str:
    return text.replace(WORD_JOINER, "")


def rewrite_search_index(site_dir: Path) -> None:
    """Segment the Thai in a built site's search index."""
    path = site_dir / "search" / "search_index.json"
    index = json.loads(path.read_text(encoding="utf-8"))
    if index["config"].get("separator") != SEPARATOR:
        raise BuildError(f"{path}: the search separator is not {SEPARATOR!r}; the Thai build's config must set it")
    for doc in index["docs"]:
        doc["title"] = segment_thai(doc["title"])
        doc["text"] = segment_thai(doc["text"])
    path.write_text(json.dumps(index, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")


def patch_search_worker(site_dir: Path, equivalents: Sequence[Sequence[str]] = ()) -> None:
    """Make the search worker match Thai terms as whole words, and lead each of `equivalents` to the others."""
    workers = sorted((site_dir / "assets" / "javascripts" / "workers").glob("search.*.min.js"))
    if len(workers) != 1:
        raise BuildError(f"expected one Material search worker in {site_dir}, found {len(workers)}")
    worker = workers[0]
    code = worker.read_text(encoding="utf-8")
    for needed, what in ((WORKER_LUNR_GLOBAL, "exposes lunr.js as self.lunr"), (WORKER_LUNR_VERSION, "holds lunr 2.3")):
        found = code.count(needed)
        if found != 1:
            raise BuildError(
                f"{worker.name}: {needed} occurs {found} times, not once: Material's search worker no longer {what}. "
                "Thai search depends on it: check the pinned mkdocs-material version and "
                "generator/engine/thai_search_worker.js."
            )
    script = resources.files(__package__).joinpath(WORKER_SCRIPT).read_text(encoding="utf-8")
    if script.splitlines()[0] in code:
        raise BuildError(f"{worker.name}: the search worker was changed for Thai already")
    groups = json.dumps([list(group) for group in equivalents], ensure_ascii=False)
    script = script.replace(WORKER_EQUIVALENTS, WORKER_EQUIVALENTS.replace("EQUIVALENTS", groups))
    worker.write_text(code.rstrip() + "\n" + script, encoding="utf-8")
