"""Sarabun, served from the site itself: subset to the characters in use, as woff2.

Sarabun (SIL Open Font License) is the Thai government's document typeface.
Its TTFs come from PyPI (fontpkg-sarabun); fontTools subsets them and writes
woff2, so no page ever asks another host for a font. The subset holds every
character of the pages, the interface strings and the Thai block (which the
theme's own Thai labels and search results use), so the face never has to
fall back mid-word.
"""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
from functools import cache
from pathlib import Path

from fontTools import subset
from fontTools.ttLib import TTFont

# (CSS weight, file in fontpkg-sarabun)
FACES = {400: "Sarabun-Regular.ttf", 700: "Sarabun-Bold.ttf"}
BASE_CHARACTERS = (
    {chr(code) for code in range(0x20, 0x7F)}
    | {chr(code) for code in range(0xA0, 0x100)}
    | {chr(code) for code in range(0x0E01, 0x0E5C)}
    | set("–—‘’“”…·•«»→−×")
)
FALLBACK_STACK = '"Noto Sans Thai", "Noto Sans Thai UI", "Leelawadee UI", "Thonburi", "Tahoma", "Loma", sans-serif'


def font_files() -> Path:
    import fontpkg_sarabun

    return Path(fontpkg_sarabun.__file__).parent / "files"


def _subset(face_file: str, characters: frozenset[str], kept: Path | None) -> bytes:
    """The subset, from `kept` (a folder of subsets made before, by what they were made from) when it is there.

    A subset takes a quarter of a second a face, and most builds (every rebuild while an editor previews,
    every period of a long archive) ask again for one made before. A kept file is named by the hash of what
    made it and of its own bytes, so that a damaged one is never served: it is made again.
    """
    if kept is None:
        return _subset_woff2(face_file, characters)
    import fontTools

    made_from = hashlib.sha256(
        "\0".join([face_file, fontTools.version, "".join(sorted(characters))]).encode("utf-8")
    ).hexdigest()[:32]
    for candidate in sorted(kept.glob(f"{made_from}-*.woff2")):
        data = candidate.read_bytes()
        if candidate.stem.endswith("-" + hashlib.sha256(data).hexdigest()[:16]):
            return data
        candidate.unlink(missing_ok=True)
    data = _subset_woff2(face_file, characters)
    kept.mkdir(parents=True, exist_ok=True)
    name = f"{made_from}-{hashlib.sha256(data).hexdigest()[:16]}.woff2"
    # Written aside and renamed: a build killed halfway, or one beside it, never leaves half a file under the name.
    with tempfile.NamedTemporaryFile(dir=kept, prefix=".", suffix=".tmp", delete=False) as scratch:
        scratch.write(data)
    os.replace(scratch.name, kept / name)
    return data


@cache
def _subset_woff2(face_file: str, characters: frozenset[str]) -> bytes:
    # Keep the face's own modification time: by default fontTools stamps the time of saving,
    # and the same content would then give other bytes in each process.
    font = TTFont(font_files() / face_file, recalcTimestamp=False)
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = ["*"]  # keep Thai mark positioning and ligatures
    options.name_IDs = ["*"]  # keep the copyright and licence names (OFL)
    options.notdef_outline = True
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=[ord(char) for char in characters])
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.flavor = "woff2"
    font.save(buffer, reorderTables=True)
    return buffer.getvalue()


def write_fonts(texts: list[str], target: Path, kept: Path | None = None) -> str:
    """Write the subset faces and their CSS into `target` (docs/assets/fonts); return the CSS's name.

    `kept` is a folder where subsets are kept between builds (the work folder's cache), or None."""
    characters = frozenset(BASE_CHARACTERS | {char for text in texts for char in text if char.isprintable()})
    target.mkdir(parents=True, exist_ok=True)
    rules = []
    for weight, face_file in FACES.items():
        data = _subset(face_file, characters, kept)
        # The name carries the content's hash, so that caches never serve a stale subset.
        name = f"sarabun-{weight}-{hashlib.sha256(data).hexdigest()[:12]}.woff2"
        (target / name).write_bytes(data)
        rules.append(
            "@font-face {\n"
            '  font-family: "Sarabun";\n'
            "  font-style: normal;\n"
            f"  font-weight: {weight};\n"
            "  font-display: swap;\n"
            f'  src: url("{name}") format("woff2");\n'
            "}\n"
        )
    css = "/* Sarabun (SIL Open Font License 1.1), subset for this site by reportsite. */\n" + "\n".join(rules)
    (target / "sarabun.css").write_text(css, encoding="utf-8")
    return "sarabun.css"
