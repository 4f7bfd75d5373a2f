"""Bad content is reported as `file:line:col: field.path: message`, every problem in one run.

Each test breaks the synthetic content in one place, finds by itself the
line and column of what it broke, and checks the exact text of the message.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from generator.errors import ContentError
from generator.reading.validation import validate_content

from .synthetic import (
    BACKGROUND_YAML,
    PROBLEMS_YAML,
    QUARTER_YAML,
    SCORECARD_YAML,
    STRATEGIES_YAML,
    SYNTHETIC_QUARTER,
    write_synthetic_content,
)
from .yaml_text import locate, replace_once


def problems_of(tmp_path: Path, monkeypatch, **files: str) -> list[str]:
    monkeypatch.chdir(tmp_path)
    write_synthetic_content(tmp_path / "content", **files)
    with pytest.raises(ContentError) as caught:
        validate_content(Path("content"))
    return [str(problem) for problem in caught.value.problems]


def at(file: str, position: tuple[int, int], field: str, message: str) -> str:
    line, column = position
    return f"content/{SYNTHETIC_QUARTER}/{file}:{line}:{column}: {field}: {message}"


def test_valid_synthetic_content_passes(tmp_path):
    report = validate_content(write_synthetic_content(tmp_path / "content"))
    assert [str(quarter.id) for quarter in report.periods] == [SYNTHETIC_QUARTER]


def test_wrong_type_text_for_a_number(tmp_path, monkeypatch):
    text = replace_once(STRATEGIES_YAML, "vs_annual_target: 21.25", 'vs_annual_target: "21.25"')
    assert problems_of(tmp_path, monkeypatch, strategies_yaml=text) == [
        at(
            "strategies.yaml",
            locate(text, '"21.25"'),
            "blocks[1].groupings[0].projects[0].progress.vs_annual_target (synthetic-alpha › alpha-one)",
            "expected a number, got text '21.25'; write it without quotes",
        )
    ]


@pytest.mark.parametrize(
    ("typed", "hint"),
    [
        ("'21.25%'", "write it without the %: 21.25"),
        ("๒๑.๒๕", "use the digits 0–9: 21.25"),
        ("'21,25'", "write the decimals after a point: 21.25"),
        ("'1,021.25'", "write it without the thousands separators: 1021.25"),
        ("21.25 คะแนน", "write the number alone (21.25): its unit goes in `unit`"),
    ],
    ids=["percent-sign", "thai-digits", "decimal-comma", "thousands-separators", "unit"],
)
def test_a_number_typed_as_a_page_shows_it_gets_the_plain_number_to_type(tmp_path, monkeypatch, typed, hint):
    text = replace_once(STRATEGIES_YAML, "vs_annual_target: 21.25", f"vs_annual_target: {typed}")
    shown = typed.strip("'")
    assert problems_of(tmp_path, monkeypatch, strategies_yaml=text) == [
        at(
            "strategies.yaml",
            locate(text, typed),
            "blocks[1].groupings[0].projects[0].progress.vs_annual_target (synthetic-alpha › alpha-one)",
            f"expected a number, got text '{shown}'; {hint}",
        )
    ]


def test_wrong_type_thai_word_for_a_count(tmp_path, monkeypatch):
    text = replace_once(SCORECARD_YAML, "indicators: 2", "indicators: สอง")
    assert problems_of(tmp_path, monkeypatch, scorecard_yaml=text) == [
        at(
            "scorecard.yaml",
            locate(text, "สอง"),
            "blocks[1].components[1].indicators (synthetic-efficiency)",
            "expected a whole number, got text 'สอง'",
        )
    ]


def test_missing_required_field(tmp_path, monkeypatch):
    text = replace_once(QUARTER_YAML, "as_of: 2023-12-31\n", "")
    assert problems_of(tmp_path, monkeypatch, quarter_yaml=text) == [
        at("quarter.yaml", locate(text, "title:"), "as_of", "this required field is missing")
    ]


def test_unknown_key_suggests_the_right_one(tmp_path, monkeypatch):
    text = replace_once(BACKGROUND_YAML, "title:", "tilte:")
    # One problem, not a second one saying that `title` is missing.
    assert problems_of(tmp_path, monkeypatch, background_yaml=text) == [
        at("background.yaml", locate(text, "tilte:"), "tilte", "unknown field 'tilte'; did you mean 'title'?")
    ]


def test_unknown_key_without_a_close_match_lists_the_fields(tmp_path, monkeypatch):
    text = replace_once(QUARTER_YAML, "as_of:", "หมายเหตุ: ทดสอบ\nas_of:")
    assert problems_of(tmp_path, monkeypatch, quarter_yaml=text) == [
        at(
            "quarter.yaml",
            locate(text, "หมายเหตุ"),
            "หมายเหตุ",
            "unknown field 'หมายเหตุ'; expected one of: as_of, title, covers, sections",
        )
    ]


def test_duplicate_key(tmp_path, monkeypatch):
    text = replace_once(
        PROBLEMS_YAML,
        "      en: Synthetic solutions\n    items:",
        "      en: Synthetic solutions\n    title:\n      th: ซ้ำ\n      en: Again\n    items:",
    )
    first_line, _ = locate(text, "title:", 3)
    assert problems_of(tmp_path, monkeypatch, problems_yaml=text) == [
        at(
            "problems.yaml",
            locate(text, "title:", 4),
            "blocks[1].title",
            f"duplicate key 'title' (first given on line {first_line})",
        )
    ]


def test_missing_translation(tmp_path, monkeypatch):
    paragraph = "        en: The first synthetic paragraph about the report's background.\n"
    text = replace_once(BACKGROUND_YAML, paragraph, "")
    assert problems_of(tmp_path, monkeypatch, background_yaml=text) == [
        at(
            "background.yaml",
            locate(text, "th: ย่อหน้าสังเคราะห์แรก"),
            "blocks[0].paragraphs[0].en",
            "the English text (en) is missing",
        )
    ]


def test_empty_translation(tmp_path, monkeypatch):
    text = replace_once(BACKGROUND_YAML, "th: ย่อหน้าสังเคราะห์แรกเกี่ยวกับความเป็นมาของรายงาน", 'th: "  "')
    assert problems_of(tmp_path, monkeypatch, background_yaml=text) == [
        at("background.yaml", locate(text, '"  "'), "blocks[0].paragraphs[0].th", "the Thai text (th) is empty")
    ]


def test_progress_above_the_period_plan_is_valid(tmp_path):
    # Progress against the period's plan is no longer capped at 100: above 100 is ahead of plan.
    text = replace_once(STRATEGIES_YAML, "vs_period_plan: 87.5", "vs_period_plan: 145.8")
    report = validate_content(write_synthetic_content(tmp_path / "content", strategies_yaml=text))
    [first, *_] = report.latest.progress_entries
    assert first.progress.vs_period_plan == Decimal("145.8") and first.progress.on_plan is True


def test_negative_percentage(tmp_path, monkeypatch):
    text = replace_once(STRATEGIES_YAML, "vs_annual_target: 30", "vs_annual_target: -3")
    assert problems_of(tmp_path, monkeypatch, strategies_yaml=text) == [
        at(
            "strategies.yaml",
            locate(text, "-3"),
            "blocks[1].groupings[1].projects[0].progress.vs_annual_target (synthetic-beta › beta-one)",
            "expected a number of 0 or more, got -3",
        )
    ]


def value_at(text: str, line: str) -> tuple[int, int]:
    """Where the value of a `key: value` line starts."""
    row, column = locate(text, line)
    return row, column + line.index(": ") + 2


def weights_listed(text: str, weights: list[tuple[str, str]]) -> str:
    """The weights of a scorecard whose sum is wrong, each where it is, as the sum's message lists them."""
    parts = [
        "\n    "
        + at(
            "scorecard.yaml",
            value_at(text, f"weight: {weight}"),
            f"blocks[1].components[{i}].weight ({name})",
            weight,
        )
        for i, (weight, name) in enumerate(weights)
    ]
    return "; they are:" + "".join(parts)


WEIGHTS = [("50", "synthetic-effectiveness"), ("30", "synthetic-efficiency"), ("25", "synthetic-governance")]


def test_weights_must_add_up_to_100_and_each_is_listed_where_it_is(tmp_path, monkeypatch):
    text = replace_once(SCORECARD_YAML, "weight: 20", "weight: 25")
    assert problems_of(tmp_path, monkeypatch, scorecard_yaml=text) == [
        at(
            "scorecard.yaml",
            locate(text, "- id: synthetic-effectiveness"),
            "blocks[1].components",
            "the weights (50, 30, 25) add up to 105, expected 100" + weights_listed(text, WEIGHTS),
        )
    ]


def test_score_above_its_weight(tmp_path, monkeypatch):
    text = replace_once(SCORECARD_YAML, "q1: 7.25", "q1: 30.5")
    assert problems_of(tmp_path, monkeypatch, scorecard_yaml=text) == [
        at(
            "scorecard.yaml",
            locate(text, "30.5"),
            "blocks[1].components[1].scores.q1 (synthetic-efficiency)",
            "the weighted score 30.5 is more than the weight 30",
        )
    ]


def test_score_for_a_later_quarter(tmp_path, monkeypatch):
    text = replace_once(SCORECARD_YAML, "          q1: 0\n", "          q1: 0\n          q3: 1\n")
    problems = problems_of(tmp_path, monkeypatch, scorecard_yaml=text)
    assert (
        at(
            "scorecard.yaml",
            locate(text, "1\n", text.count("1\n")),
            "blocks[1].components[2].scores.q3 (synthetic-governance)",
            "q3 comes after this report's period (q1); report only q1 and earlier",
        )
        in problems
    )


def test_duplicate_ids(tmp_path, monkeypatch):
    text = replace_once(STRATEGIES_YAML, "- id: beta-one", "- id: alpha-one")
    first_line, _ = locate(text, "alpha-one")
    assert problems_of(tmp_path, monkeypatch, strategies_yaml=text) == [
        at(
            "strategies.yaml",
            locate(text, "alpha-one", 2),
            "blocks[1].groupings[1].projects[0].id (synthetic-beta › alpha-one)",
            f"duplicate id 'alpha-one' (first used on line {first_line})",
        )
    ]


def test_id_with_a_path_separator(tmp_path, monkeypatch):
    text = replace_once(STRATEGIES_YAML, "- id: synthetic-beta", "- id: ../beta")
    assert problems_of(tmp_path, monkeypatch, strategies_yaml=text) == [
        at(
            "strategies.yaml",
            locate(text, "../beta"),
            "blocks[1].groupings[1].id (../beta)",
            "expected an id of lowercase letters, digits and hyphens (like 'key-figures'), got text '../beta'",
        )
    ]


@pytest.mark.parametrize(
    ("old", "new", "needle", "message"),
    [
        (
            "  en: Background",
            "  en: Background: how it began",
            ": how",
            'a colon and a space inside a text start a new field: put the whole text in quotes ("…"), '
            "or write it on the lines after `>-` (YAML: mapping values are not allowed in this context)",
        ),
        (
            "  en: Background",
            "\ten: Background",
            "\t",
            "a tab: indent with spaces only "
            "(YAML: while scanning a plain scalar found a tab character that violates indentation)",
        ),
        (
            "  th: ความเป็นมา",
            '  th: "ความเป็นมา',
            '"',
            "this quote is never closed: close it at the end of the text, or remove it "
            "(YAML: while scanning a quoted scalar found unexpected end of stream)",
        ),
        (
            "  en: Background",
            "   en: Background",
            ": Background",
            "this line is indented further than the field above it: line it up with the fields of its level "
            "(YAML: mapping values are not allowed in this context)",
        ),
        (
            "  en: Background",
            " en: Background",
            "en: Background",
            "this line does not line up with the lines around it: the fields of one level start in the same "
            "column, and each item of a list starts with '- ' in one column "
            "(YAML: while parsing a block mapping did not find expected key)",
        ),
    ],
    ids=["colon-in-text", "tab", "unclosed-quote", "indented-further", "indented-less"],
)
def test_a_yaml_slip_is_named_in_plain_words_where_it_is(tmp_path, monkeypatch, old, new, needle, message):
    text = replace_once(BACKGROUND_YAML, old, new)
    assert problems_of(tmp_path, monkeypatch, background_yaml=text) == [
        f"content/{SYNTHETIC_QUARTER}/background.yaml:{locate(text, needle)[0]}:{locate(text, needle)[1]}: "
        f"invalid YAML: {message}"
    ]


def test_a_yaml_slip_in_one_file_hides_no_problem_of_the_periods_other_files(tmp_path, monkeypatch):
    background = replace_once(BACKGROUND_YAML, "  en: Background", "  en: Background: how it began")
    scorecard = replace_once(SCORECARD_YAML, "indicators: 2", "indicators: two")
    problems = problems_of(tmp_path, monkeypatch, background_yaml=background, scorecard_yaml=scorecard)
    assert [problem.split(": ", 2)[0].rsplit("/", 1)[1] for problem in problems] == [
        f"background.yaml:{locate(background, ': how')[0]}:{locate(background, ': how')[1]}",
        f"scorecard.yaml:{locate(scorecard, 'two')[0]}:{locate(scorecard, 'two')[1]}",
    ]


def test_invalid_yaml_syntax(tmp_path, monkeypatch):
    text = replace_once(QUARTER_YAML, "  en: Synthetic report", "  en: [Synthetic report")
    [problem] = problems_of(tmp_path, monkeypatch, quarter_yaml=text)
    line, _ = locate(text, "[Synthetic")
    assert problem.startswith(f"content/{SYNTHETIC_QUARTER}/quarter.yaml:")
    assert ": invalid YAML: " in problem
    reported_line = int(problem.split(":")[1])
    assert reported_line >= line


def test_misnamed_quarter_folder(tmp_path, monkeypatch):
    write_synthetic_content(tmp_path / "content")
    (tmp_path / "content" / "2567-Q2").mkdir()
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ContentError) as caught:
        validate_content(Path("content"))
    assert [str(p) for p in caught.value.problems] == [
        "content/2567-Q2:1:1: a period folder must be named "
        "<B.E. year>-q<1-4>, -h<1-2> or -fy, like 2563-q2, 2563-h1 or 2563-fy"
    ]


def test_every_problem_in_one_run_across_files(tmp_path, monkeypatch):
    strategies = replace_once(STRATEGIES_YAML, "vs_period_plan: 87.5", "vs_period_plan: -87.5")
    strategies = replace_once(strategies, "- id: beta-one", "- id: alpha-one")
    scorecard = replace_once(SCORECARD_YAML, "weight: 20", "weight: 25")
    background = replace_once(BACKGROUND_YAML, "title:", "tilte:")
    problems = problems_of(
        tmp_path, monkeypatch, strategies_yaml=strategies, scorecard_yaml=scorecard, background_yaml=background
    )
    # The type errors stop strategies.yaml's checks of meaning (no cascade), so the
    # duplicate id there waits for the next run; every other file reports its problem.
    assert problems == [
        at("background.yaml", locate(background, "tilte:"), "tilte", "unknown field 'tilte'; did you mean 'title'?"),
        at(
            "scorecard.yaml",
            locate(scorecard, "- id: synthetic-effectiveness"),
            "blocks[1].components",
            "the weights (50, 30, 25) add up to 105, expected 100" + weights_listed(scorecard, WEIGHTS),
        ),
        at(
            "strategies.yaml",
            locate(strategies, "-87.5"),
            "blocks[1].groupings[0].projects[0].progress.vs_period_plan (synthetic-alpha › alpha-one)",
            "expected a number of 0 or more, got -87.5",
        ),
    ]


@pytest.mark.parametrize("text", ["null\n", "~\n", "# only a comment\n---\nnull\n"])
@pytest.mark.parametrize("file", ["site.yaml", f"{SYNTHETIC_QUARTER}/quarter.yaml"])
def test_a_file_that_holds_only_an_empty_value_is_named_as_empty(tmp_path, monkeypatch, file, text):
    # Found by the fuzz test of site.yaml: `null` alone passed the check of an empty file, then crashed.
    write_synthetic_content(tmp_path / "content")
    (tmp_path / "content" / file).write_text(text, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with pytest.raises(ContentError) as caught:
        validate_content(Path("content"))
    line = len(text.splitlines())  # where the value is
    assert f"content/{file}:{line}:1: the file holds no fields, only an empty value" in [
        str(problem) for problem in caught.value.problems
    ]
