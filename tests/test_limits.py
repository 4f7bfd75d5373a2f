"""Property: dates, numbers and texts at their limits, typed where editors type them, end in a site or a clean message.

Each example puts one value in one place of the synthetic content (with a table of dates, tests/test_dates.py) and
runs the real commands, `validate` and then `build`, in this process (click's runner): each ends with status 0 and
a complete site, or with status 1, its problems located as `file:line:col`, and the last good site as it was.
"""

from __future__ import annotations

import math
import os
import re
import shutil
from datetime import date

import pytest
import yaml
from click.testing import CliRunner
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from generator.cli import main
from generator.project import Project

from .conftest import ROOT, build_arguments, digests
from .synthetic import QUARTER_YAML, SCORECARD_YAML, STRATEGIES_YAML, SYNTHETIC_QUARTER
from .test_dates import DEADLINES_CSV, MILESTONES_YAML, write_dates_content
from .yaml_text import locate

# Where an editor types a date, a number or a text: (file, the value's text there, its kind).
PLACES = [
    ("quarter.yaml", "as_of: 2023-12-31", "date"),
    ("milestones.yaml", "due: 2023-10-15", "date"),
    ("synthetic-deadlines.csv", "2023-12-20", "csv date"),
    ("strategies.yaml", "value: 12345", "number"),
    ("strategies.yaml", "vs_period_plan: 87.5", "number"),
    ("scorecard.yaml", "q1: 7.25", "number"),
    ("strategies.yaml", "en: Synthetic project one", "text"),
    ("strategies.yaml", "th: บทนำของแผนสังเคราะห์", "text"),
]
FILES = {
    "quarter.yaml": QUARTER_YAML,
    "milestones.yaml": MILESTONES_YAML,
    "synthetic-deadlines.csv": DEADLINES_CSV,
    "strategies.yaml": STRATEGIES_YAML,
    "scorecard.yaml": SCORECARD_YAML,
}

# Dates: any day of the calendar, days no calendar has, B.E. years, and times, as an editor or a spreadsheet types them.
day_text = st.one_of(
    st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)).map(date.isoformat),
    st.dates(min_value=date(2022, 1, 1), max_value=date(2025, 12, 31)).map(date.isoformat),
    st.builds(
        "{:04d}-{:02d}-{:02d}".format,
        st.integers(0, 9999),
        st.integers(0, 99),
        st.integers(0, 99),
    ),
    st.sampled_from(["2566-12-31", "2567-02-29", "2023-02-29", "0000-01-01", "9999-12-31", "1970-01-01"]),
    st.sampled_from(["2038-01-19", "2106-02-07", "2108-01-01", "1979-12-31", "1980-01-01"]),
)
date_text = st.one_of(
    day_text,
    day_text.map(lambda text: f'"{text}"'),
    st.builds("{} {:02d}:{:02d}:{:02d}".format, day_text, st.integers(0, 99), st.integers(0, 99), st.integers(0, 99)),
)
# Numbers: YAML's spellings of huge, tiny, infinite and not-a-number values, and long runs of digits.
number_text = st.one_of(
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.decimals(allow_nan=False, allow_infinity=False).map(str),
    st.sampled_from(
        [
            "0",
            "-0",
            "-0.0",
            "1e309",
            "-1e309",
            "1e-400",
            "1e999999999",
            "-1e-999999999",
            "9" * 5000,
            "0." + "0" * 5000 + "1",
            "0x7fffffffffffffff",
            "0o777",
            "1_000_000",
            ".inf",
            "-.inf",
            ".nan",
            "4294967296",
            "18446744073709551616",
            "1.7976931348623157e308",
            "5e-324",
        ]
    ),
)
# Texts: empty, blank, control characters, a lone surrogate, marks alone, and long ones; YAML-quoted as written.
text_value = st.one_of(
    st.text(max_size=50),
    st.text(alphabet=st.characters(min_codepoint=0x0E00, max_codepoint=0x0E7F), max_size=50),
    st.sampled_from(["", " ", "\x00", "\ud800", "\u202e", "\ufeff", "\u200b" * 3, "\u0e31\u0e48", "ก" * 200_000]),
    st.text(min_size=5000, max_size=20_000),
)


def yaml_scalar(text: str) -> str:
    """`text` as one double-quoted YAML scalar on one line (escaping what YAML cannot hold as it is)."""
    return yaml.safe_dump(text, default_style='"', width=math.inf, allow_unicode=True).removesuffix("\n...\n").strip()


@st.composite
def edits(draw) -> tuple[str, str, str]:
    """A place and the text to write there instead: (file, old, new)."""
    file, old, kind = draw(st.sampled_from(PLACES))
    key = old.split(":", 1)[0]
    if kind == "date":
        new = f"{key}: {draw(date_text)}"
    elif kind == "csv date":
        new = draw(day_text)
    elif kind == "number":
        new = f"{key}: {draw(number_text)}"
    else:
        new = f"{key}: {yaml_scalar(draw(text_value))}"
    return file, old, new


@pytest.fixture(scope="module")
def good_build(tmp_path_factory) -> Project:
    """The dates content, built once; each example starts from a copy of its site and cache."""
    root = tmp_path_factory.mktemp("limits")
    project = Project.at(
        ROOT,
        content_dir=write_dates_content(root / "content"),
        site_dir=root / "site",
        work_dir=root / "work",
        archive_dir=root / "no-archive",
    )
    result = CliRunner().invoke(main, [*build_arguments(project), "--jobs", "1"], env={"PATH": "/nonexistent"})
    assert result.exit_code == 0, result.output
    return project


LOCATED = re.compile(r"^\s*\S+:\d+:\d+: ")


@settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)
@given(edit=edits())
def test_values_at_their_limits_give_a_site_or_a_clean_message(good_build, tmp_path_factory, edit):
    file, old, new = edit
    root = tmp_path_factory.mktemp("limit")
    shutil.copytree(good_build.content_dir, root / "content")
    shutil.copytree(good_build.work_dir, root / "work", copy_function=os.link)
    shutil.copytree(good_build.site_dir, root / "site", copy_function=os.link)
    project = Project.at(
        ROOT, content_dir=root / "content", site_dir=root / "site", work_dir=root / "work", archive_dir=root / "none"
    )
    path = project.content_dir / SYNTHETIC_QUARTER / file
    text = FILES[file]
    assert text.count(old) == 1
    # A lone surrogate cannot be UTF-8: written as it is, it makes a file that is not UTF-8, as a broken editor would.
    path.write_bytes(text.replace(old, new).encode("utf-8", "surrogatepass"))
    before = digests(project.site_dir)
    runner = CliRunner()

    arguments = build_arguments(project)
    where = arguments[1 : arguments.index("--site")]  # validate takes every folder but the site's
    validated = runner.invoke(main, ["validate", *where], env={"PATH": "/nonexistent"})
    built = runner.invoke(main, [*arguments, "--jobs", "1"], env={"PATH": "/nonexistent"})

    for result in (validated, built):
        assert result.exit_code in (0, 1), result.output
        # Only click's SystemExit: no exception escaped the command.
        assert result.exception is None or isinstance(result.exception, SystemExit), (
            f"{type(result.exception).__name__}: {result.exception}\n{result.output}"
        )
        assert "Traceback" not in result.output
    assert (validated.exit_code == 0) == (built.exit_code == 0), validated.output + built.output
    event(f"{file}: {'built' if built.exit_code == 0 else 'refused'}")
    if built.exit_code == 0:
        for language in ("th", "en"):
            assert (project.site_dir / language / SYNTHETIC_QUARTER / "milestones" / "index.html").is_file()
        assert (project.site_dir / "index.html").is_file()
    else:
        lines = [line for line in built.output.splitlines() if "looks like HTML" not in line]
        assert lines[-1].endswith("; nothing was written."), built.output
        assert lines[:-1] and all(LOCATED.match(line) for line in lines[:-1]), built.output
        assert digests(project.site_dir) == before, "the last good site, byte for byte"


@pytest.mark.parametrize(
    ("value", "whole", "decimals"),
    [
        ("3.6327350237064215e+31", "32", "0"),  # hypothesis's first find: Babel's formatting raised InvalidOperation
        ("1.0e+999999999", "1,000,000,000", "0"),
        ("9" * 5000, "5,000", "0"),  # more digits than Python reads into an int
        ("0." + "0" * 20 + "1", "0", "21"),
    ],
)
def test_a_number_too_long_for_a_report_is_a_located_error(tmp_path, monkeypatch, value, whole, decimals):
    monkeypatch.chdir(tmp_path)
    strategies = STRATEGIES_YAML.replace("value: 12345", f"value: {value}")
    content = write_dates_content(tmp_path / "content")
    (content / SYNTHETIC_QUARTER / "strategies.yaml").write_text(strategies, encoding="utf-8")
    line, column = locate(strategies, value)
    result = CliRunner().invoke(main, ["validate", "--project", str(ROOT), "--content", "content", "--work-dir", "w"])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert (
        f"content/{SYNTHETIC_QUARTER}/strategies.yaml:{line}:{column}: "
        "blocks[1].groupings[0].projects[0].blocks[3].figures[0].value "
        "(synthetic-alpha › alpha-one › synthetic-people): "
        f"expected a number of at most 15 digits before the decimal point and 10 after it; this one has {whole} before "
        f"it and {decimals} after it"
    ) in result.output.splitlines()


@pytest.mark.parametrize(
    ("value", "message"),
    [
        # Quoted, a text: its hint asked YAML what it would be unquoted, and PyYAML raised a bare ValueError.
        ('"2020-02-30"', "expected a number, got text '2020-02-30'"),
        (
            f'"{"9" * 5000}"',
            "expected a number, got text '9999999999999999999999999999999999999…'; write it without quotes",
        ),
        # YAML reads 1e6 as text (a YAML number in this notation needs a point and a sign: 1.0e+6).
        ("1e6", "expected a number, got text '1e6'; write it in digits: 1000000"),
        ("2.5e3", "expected a number, got text '2.5e3'; write it in digits: 2500"),
        (
            "1e309",
            "expected a number, got text '1e309'; write it in digits, at most 15 before the point and 10 after it",
        ),
    ],
)
def test_a_number_typed_as_text_gets_a_hint_and_no_traceback(tmp_path, monkeypatch, value, message):
    monkeypatch.chdir(tmp_path)
    strategies = STRATEGIES_YAML.replace("value: 12345", f"value: {value}")
    content = write_dates_content(tmp_path / "content")
    (content / SYNTHETIC_QUARTER / "strategies.yaml").write_text(strategies, encoding="utf-8")
    line, column = locate(strategies, value)
    result = CliRunner().invoke(main, ["validate", "--project", str(ROOT), "--content", "content", "--work-dir", "w"])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), result.exception
    assert (
        f"content/{SYNTHETIC_QUARTER}/strategies.yaml:{line}:{column}: "
        "blocks[1].groupings[0].projects[0].blocks[3].figures[0].value "
        f"(synthetic-alpha › alpha-one › synthetic-people): {message}"
    ) in result.output.splitlines(), result.output
