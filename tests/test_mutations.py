"""Property: whatever an editor does to the real content, the result is a site or a clean error, never a traceback."""

from __future__ import annotations

import copy
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
def mutated_content(draw):
    data = copy.deepcopy(ORIGINAL)
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
