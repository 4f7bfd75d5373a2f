"""The templates turn the synthetic quarter into exactly the reviewed golden Markdown and charts.

Regenerate with `make golden` after an intended change, and review the diff.
"""

from __future__ import annotations

from .golden import read_golden_files, render_synthetic_files, render_synthetic_pages


def test_rendered_pages_and_data_match_the_golden_files():
    files = render_synthetic_files()
    golden = read_golden_files()
    assert sorted(files) == sorted(golden), "files were added or removed: run `make golden` and review"
    for name, text in files.items():
        assert text == golden[name], f"{name} differs from its golden file: run `make golden` and review"


def test_both_languages_have_the_same_pages():
    pages = render_synthetic_pages()
    thai = {name.removeprefix("th/") for name in pages if name.startswith("th/")}
    english = {name.removeprefix("en/") for name in pages if name.startswith("en/")}
    assert thai == english
    assert thai == {
        "index.md",
        "background.md",
        "scorecard.md",
        "problems.md",
        "data.md",
        "print.md",
        "strategies/index.md",
        "strategies/synthetic-alpha.md",
        "strategies/synthetic-beta.md",
    }
