"""Property: whatever an editor does to the real content, the result is a site or a clean error, never a traceback."""

from __future__ import annotations

import copy
import csv
import io
import shutil
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from generator.engine.period_site import mkdocs_config
from generator.errors import ContentError
from generator.reading.validation import validate_content
from generator.rendering.pages import Renderer, render_report
from generator.theme import PACKAGED_CONFIG, Theme

from .conftest import ROOT

QUARTER = "2563-q2"
FILES = sorted(path.name for path in (ROOT / "content" / QUARTER).glob("*.yaml"))
ORIGINAL = {name: yaml.safe_load((ROOT / "content" / QUARTER / name).read_text(encoding="utf-8")) for name in FILES}

odd_text = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(min_codepoint=0x0E00, max_codepoint=0x0E7F)),  # Thai block, marks alone
    st.sampled_from(
        [
            "",
            " ",
            "\u200b",
            "\ufeff",
            "<script>alert(1)</script>",
            "'\"{}[]|*_#",
            "ก\u0e48\u0e34",
            "\U0001f600" * 3,
            "a\u0301",
            "\x00",
            "---",
            "null",
            "1e309",
        ]
    ),
    st.text(min_size=2000, max_size=6000),
)
any_value = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True, allow_infinity=True), odd_text),
    lambda children: st.one_of(st.lists(children, max_size=3), st.dictionaries(odd_text, children, max_size=3)),
    max_leaves=6,
)


@st.composite
def mutated_content(draw, original: dict | None = None):
    """The files' data (`original`, by default the real quarter's), with one to three random edits."""
    data = copy.deepcopy(ORIGINAL if original is None else original)
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        if not data:
            break
        name = draw(st.sampled_from(sorted(data)))
        node, key = _pick(draw, data, name)
        action = draw(st.sampled_from(["replace", "delete", "insert", "text"]))
        if action == "replace":
            node[key] = draw(any_value)
        elif action == "delete" and isinstance(node, dict) and key in node:
            del node[key]
        elif action == "delete" and isinstance(node, list) and node:
            node.pop(key if isinstance(key, int) else 0)
        elif action == "insert" and isinstance(node, dict) and node is not data:
            # (Inside a file: `data` itself maps file names, and a drawn name could be "" or "../x".)
            node[draw(odd_text)] = draw(any_value)
        elif action == "insert" and isinstance(node, list):
            node.append(draw(any_value))
        else:
            node[key] = draw(odd_text)
    return data


def _pick(draw, data, name):
    """Walk from a file's root to a random place; return the container and the key or index there."""
    node, key = data, name
    while isinstance(node[key], (dict, list)) and node[key] and draw(st.booleans()):
        child = node[key]
        key = (
            draw(st.sampled_from(sorted(child, key=str)))
            if isinstance(child, dict)
            else draw(st.integers(min_value=0, max_value=len(child) - 1))
        )
        node = child
    return node, key


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(mutated_content())
def test_mutated_content_gives_a_site_or_a_clean_error(tmp_path_factory, data):
    content = tmp_path_factory.mktemp("mutated") / "content"
    (content / QUARTER).mkdir(parents=True)
    (content / "site.yaml").write_text((ROOT / "content" / "site.yaml").read_text(encoding="utf-8"), "utf-8")
    for name, value in data.items():
        text = yaml.safe_dump(value, allow_unicode=True, sort_keys=False)
        (content / QUARTER / name).write_text(text, encoding="utf-8")
    assert_a_site_or_a_clean_error(content)


def assert_a_site_or_a_clean_error(content: Path) -> None:
    """The content validates and renders, with a MkDocs config for each period and language; or validation
    stops with problems that each name a place in a file. Anything else (a traceback) fails the test."""
    try:
        report = validate_content(content)
    except ContentError as error:
        assert error.problems, "an error names at least one problem"
        for problem in error.problems:
            assert problem.line >= 1 and problem.column >= 1 and str(problem)
        return
    renderer = Renderer(Theme(), words=report.site.words)
    localizers = renderer.localizers(report.site.languages)
    for rendered in render_report(report, renderer):
        assert rendered.pages
        mkdocs_config(
            report,
            rendered,
            base_url=report.site.base_url,
            base_config=PACKAGED_CONFIG,
            overrides=Path("overrides"),
            site_dir=Path("site"),
            localizers=localizers,
        )


# --- every other input an editor controls: site.yaml, CSV tables, folder names ---------------------------------

FUZZ_SETTINGS = settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture],
)
SITE = {"site.yaml": yaml.safe_load((ROOT / "content" / "site.yaml").read_text(encoding="utf-8"))}


def real_content_copy(folder: Path) -> Path:
    content = folder / "content"
    shutil.copytree(ROOT / "content", content)
    return content


@FUZZ_SETTINGS
@given(mutated_content(SITE))
def test_a_mutated_site_yaml_gives_a_site_or_a_clean_error(tmp_path_factory, data):
    content = real_content_copy(tmp_path_factory.mktemp("site-yaml"))
    if "site.yaml" in data:
        text = yaml.safe_dump(data["site.yaml"], allow_unicode=True, sort_keys=False)
        (content / "site.yaml").write_text(text, encoding="utf-8")
    else:  # the edit deleted the whole file
        (content / "site.yaml").unlink()
    assert_a_site_or_a_clean_error(content)


# The example whose tables read their rows from CSV files, as an editor exports them from a spreadsheet.
CSV_EXAMPLE = ROOT / "examples" / "opm-complaints" / "content"
CSV_FILES = sorted(path.relative_to(CSV_EXAMPLE) for path in CSV_EXAMPLE.rglob("*.csv"))

csv_cell = st.one_of(odd_text, st.sampled_from(["", "1,234", "-0", "12.5%", "1e309", "NaN", "—", "=SUM(A1:A3)"]))


@st.composite
def mutated_csv(draw) -> tuple[Path, bytes]:
    """One of the example's CSV files, edited as a spreadsheet (cells, rows, columns) or broken as bytes."""
    name = draw(st.sampled_from(CSV_FILES))
    rows = list(csv.reader(io.StringIO((CSV_EXAMPLE / name).read_text(encoding="utf-8"))))
    for _ in range(draw(st.integers(min_value=1, max_value=3))):
        action = draw(st.sampled_from(["cell", "drop row", "add row", "drop column", "add column", "header"]))
        row = draw(st.integers(min_value=0, max_value=max(len(rows) - 1, 0)))
        if not rows:
            rows.append([])
        if action == "cell" and rows[row]:
            rows[row][draw(st.integers(min_value=0, max_value=len(rows[row]) - 1))] = draw(csv_cell)
        elif action == "drop row":
            del rows[row]
        elif action == "add row":
            rows.insert(row, draw(st.lists(csv_cell, max_size=10)))
        elif action == "drop column":
            column = draw(st.integers(min_value=0, max_value=12))
            rows = [[cell for index, cell in enumerate(cells) if index != column] for cells in rows]
        elif action == "add column":
            rows = [[*cells, draw(csv_cell)] for cells in rows]
        elif rows:
            rows[0] = draw(st.lists(st.one_of(csv_cell, st.sampled_from(rows[0] or [""])), max_size=10))
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    data = text.getvalue().encode("utf-8")
    # What a spreadsheet or a slip can do to the bytes: a byte-order mark, another encoding, a cut, a NUL.
    damage = draw(st.sampled_from(["none", "bom", "utf-16", "cp874", "truncate", "nul", "quote", "empty"]))
    if damage == "bom":
        data = b"\xef\xbb\xbf" + data
    elif damage == "utf-16":
        data = text.getvalue().encode("utf-16")
    elif damage == "cp874":
        data = text.getvalue().encode("cp874", errors="replace")
    elif damage == "truncate":
        data = data[: draw(st.integers(min_value=0, max_value=len(data)))]
    elif damage == "nul":
        data = data.replace(b",", b"\x00,", 1)
    elif damage == "quote":
        data = data.replace(b",", b',"', 1)
    elif damage == "empty":
        data = b""
    return name, data


@FUZZ_SETTINGS
@given(mutated_csv())
def test_a_mutated_csv_table_gives_a_site_or_a_clean_error(tmp_path_factory, mutated):
    content = tmp_path_factory.mktemp("csv") / "content"
    shutil.copytree(CSV_EXAMPLE, content)
    name, data = mutated
    (content / name).write_bytes(data)
    assert_a_site_or_a_clean_error(content)


folder_name = st.one_of(
    st.sampled_from(
        [
            "2563-q5",
            "2563-q0",
            "2563-Q2",
            "2563-h3",
            "2563-fy2",
            "0000-q1",
            "99999-q1",
            "2020-q2",
            "2563-q2 ",
            " 2563-q2",
            "๒๕๖๓-q2",
            "2563_q2",
            "2563-q2.bak",
            "drafts",
            ".hidden",
            "-",
            "​",
            "ไตรมาส 2",
        ]
    ),
    st.text(st.characters(blacklist_characters="/\x00", blacklist_categories=("Cs",)), min_size=1, max_size=30).filter(
        lambda name: name not in (".", "..") and len(name.encode("utf-8")) < 200
    ),
)


@FUZZ_SETTINGS
@given(name=folder_name, also=st.sampled_from(["rename", "copy", "stray file", "empty folder"]))
def test_odd_period_folder_names_give_a_site_or_a_clean_error(tmp_path_factory, name, also):
    content = real_content_copy(tmp_path_factory.mktemp("folders"))
    if (content / name).exists():
        return  # the name the real content already uses
    period = content / QUARTER
    if also == "rename":
        period.rename(content / name)
    elif also == "copy":
        shutil.copytree(period, content / name)
    elif also == "stray file":
        (content / name).write_text("not a period\n", encoding="utf-8")
    else:
        (content / name).mkdir()
    assert_a_site_or_a_clean_error(content)
