"""The templates turn the synthetic quarter into exactly the reviewed golden Markdown and charts.

Regenerate with `make golden` after an intended change, and review the diff.
"""

from __future__ import annotations

from .golden import GOLDEN_DIR, render_synthetic_pages, split_charts


def test_rendered_pages_match_the_golden_files():
    pages = split_charts(render_synthetic_pages())
    golden = {
        str(path.relative_to(GOLDEN_DIR)): path.read_text(encoding="utf-8")
        for path in GOLDEN_DIR.rglob("*")
        if path.is_file()
    }
    assert sorted(pages) == sorted(golden), "pages were added or removed: run `make golden` and review"
    for name, markdown in pages.items():
        assert markdown == golden[name], f"{name} differs from its golden file: run `make golden` and review"


def test_both_languages_have_the_same_pages():
    pages = render_synthetic_pages()
    thai = {name.removeprefix("th/") for name in pages if name.startswith("th/")}
    english = {name.removeprefix("en/") for name in pages if name.startswith("en/")}
    assert thai == english
    assert thai == {
        "index.md", "background.md", "scorecard.md", "problems.md",
        "strategies/synthetic-alpha.md", "strategies/synthetic-beta.md",
    }
