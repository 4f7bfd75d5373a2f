"""Golden Markdown and SVG of the synthetic quarter: regenerate with `make golden`.

The golden files are the Markdown that the templates make from
tests/synthetic.py, in each language. Each inline chart is kept in its own
golden `.svg` file, and the Markdown shows a marker in its place, so that
both can be read. After regenerating, read the diff (and open the SVGs): a
golden file is only as right as the review it got.
"""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
from pathlib import Path

from generator.build import Project, render_report
from generator.rendering import Renderer
from generator.validation import validate_content

from .synthetic import write_synthetic_content

ROOT = Path(__file__).resolve().parent.parent
GOLDEN_DIR = ROOT / "tests" / "golden"


CHART = re.compile(r'<svg role="img" aria-labelledby="(?P<name>[a-z0-9-]+)-title .*?</svg>', re.S)


def render_synthetic_pages() -> dict[str, str]:
    """Render the synthetic quarter; return {"<lang>/<page path>": markdown}."""
    with tempfile.TemporaryDirectory() as scratch:
        report = validate_content(write_synthetic_content(Path(scratch) / "content"))
    rendered = render_report(report, Renderer(Project.at(ROOT).templates_dir))
    return {f"{r.language}/{page.path}": page.markdown for r in rendered for page in r.pages}


def split_charts(pages: dict[str, str]) -> dict[str, str]:
    """Move each inline chart into a file of its own: {"<lang>/<page>" or "<lang>/charts/<name>.svg": text}."""
    files = {}
    for name, markdown in pages.items():
        language = name.split("/", 1)[0]

        def extract(match: re.Match) -> str:
            files[f"{language}/charts/{match['name']}.svg"] = match.group(0) + "\n"
            return f"<!-- golden: charts/{match['name']}.svg -->"

        files[name] = CHART.sub(extract, markdown)
    return files


def main() -> None:
    if GOLDEN_DIR.exists():
        shutil.rmtree(GOLDEN_DIR)
    pages = split_charts(render_synthetic_pages())
    for relative, markdown in pages.items():
        target = GOLDEN_DIR / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(markdown, encoding="utf-8")
    print(f"Wrote {len(pages)} golden files into {GOLDEN_DIR.relative_to(ROOT)}/; review the diff.", file=sys.stderr)


if __name__ == "__main__":
    main()
