"""Golden Markdown, SVG and open data of the synthetic quarter: regenerate with `make golden`.

The golden files are the Markdown that the templates make from
tests/synthetic.py, in each language, and the open data files (`data/…`)
rendered beside it. Each inline chart is kept in its own golden `.svg` file,
and the Markdown shows a marker in its place, so that both can be read. After
regenerating, read the diff (and open the SVGs): a golden file is only as
right as the review it got. Files are compared byte for byte: the CSV files'
byte order mark and CRLF line ends are part of what is checked.
"""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
from pathlib import Path

from generator.reading.validation import validate_content
from generator.rendering.pages import RenderedPeriod, Renderer, render_report
from generator.theme import Theme

from .synthetic import write_synthetic_content

ROOT = Path(__file__).resolve().parent.parent
GOLDEN_DIR = ROOT / "tests" / "golden"


CHART = re.compile(r'<svg role="img" aria-labelledby="(?P<name>[a-z0-9-]+)-title .*?</svg>', re.S)


def render_synthetic_quarter() -> list[RenderedPeriod]:
    """Render the synthetic quarter in each language, as a build with Chromium would."""
    with tempfile.TemporaryDirectory() as scratch:
        report = validate_content(write_synthetic_content(Path(scratch) / "content"))
    return render_report(report, Renderer(Theme(), with_pdf=True, words=report.site.words))


def render_synthetic_pages() -> dict[str, str]:
    """Render the synthetic quarter; return {"<lang>/<page path>": markdown}."""
    return {f"{r.language}/{page.path}": page.markdown for r in render_synthetic_quarter() for page in r.pages}


def render_synthetic_files() -> dict[str, str]:
    """Render the synthetic quarter; return {"<lang>/<page path or data file path>": text}."""
    rendered = render_synthetic_quarter()
    pages = {f"{r.language}/{page.path}": page.markdown for r in rendered for page in r.pages}
    data = {f"{r.language}/{path}": content.decode("utf-8") for r in rendered for path, content in r.files.items()}
    return {**split_charts(pages), **data}


def read_golden_files() -> dict[str, str]:
    """The golden files, by their path below tests/golden/, read byte for byte."""
    return {
        path.relative_to(GOLDEN_DIR).as_posix(): path.read_bytes().decode("utf-8")
        for path in GOLDEN_DIR.rglob("*")
        if path.is_file()
    }


def split_charts(pages: dict[str, str]) -> dict[str, str]:
    """Move each inline chart into a file of its own: {"<lang>/<page>" or "<lang>/charts/<name>.svg": text}."""
    files = {}
    for name, markdown in pages.items():
        language = name.split("/", 1)[0]

        def extract(match: re.Match, language: str = language) -> str:
            files[f"{language}/charts/{match['name']}.svg"] = match.group(0) + "\n"
            return f"<!-- golden: charts/{match['name']}.svg -->"

        files[name] = CHART.sub(extract, markdown)
    return files


def main() -> None:
    if GOLDEN_DIR.exists():
        shutil.rmtree(GOLDEN_DIR)
    files = render_synthetic_files()
    for relative, text in files.items():
        target = GOLDEN_DIR / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(text.encode("utf-8"))
    print(f"Wrote {len(files)} golden files into {GOLDEN_DIR.relative_to(ROOT)}/; review the diff.", file=sys.stderr)


if __name__ == "__main__":
    main()
