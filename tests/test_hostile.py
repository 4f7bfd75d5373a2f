"""Hostile content: rejected or made inert, with a clear file:line, in bounded time and memory."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from html.parser import HTMLParser

import pytest

from generator.commands.build import build
from generator.errors import ContentError
from generator.project import Project
from generator.reading.loading import MAX_FILE_BYTES, load_document
from generator.reading.validation import validate_content

from .conftest import ROOT, build_arguments, digests
from .synthetic import (
    BACKGROUND_YAML,
    PROBLEMS_YAML,
    QUARTER_YAML,
    SCORECARD_YAML,
    STRATEGIES_YAML,
    SYNTHETIC_QUARTER,
    write_synthetic_content,
)
from .yaml_text import replace_once

BILLION_LAUGHS = textwrap.dedent("""\
    a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]
    b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]
    c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]
    d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]
    e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]
    f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]
    g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]
    h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]
    i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]
""")


def test_alias_bomb_is_rejected_within_a_second_and_200_mb(tmp_path):
    bomb = tmp_path / "bomb.yaml"
    bomb.write_text(BILLION_LAUGHS, encoding="utf-8")
    # A fresh process, so that its peak memory is the load's own. (Its VmHWM, not getrusage's
    # ru_maxrss, which on Linux keeps the peak of the forked parent from before exec.)
    probe = textwrap.dedent(f"""\
        import re, time
        from pathlib import Path
        from generator.reading.loading import load_document
        start = time.monotonic()
        _, problems = load_document(Path({str(bomb)!r}))
        print(time.monotonic() - start)
        status = Path("/proc/self/status").read_text()
        print(int(re.search(r"VmHWM:\\s+(\\d+) kB", status).group(1)) // 1024)
        print(problems[0])
    """)
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, timeout=60)
    seconds, megabytes, problem = result.stdout.splitlines()
    assert float(seconds) < 1.0
    assert int(megabytes) < 200
    assert problem == f"{bomb}:2:8: invalid YAML: aliases (*a) are not allowed in content; write the value out"


def test_a_file_over_the_size_limit_is_refused(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_text("title: " + "ก" * MAX_FILE_BYTES, encoding="utf-8")
    _, problems = load_document(big)
    size = big.stat().st_size
    assert [str(p) for p in problems] == [
        f"{big}:1:1: the file is {size:,} bytes; content files may be at most {MAX_FILE_BYTES:,} bytes"
    ]


def test_bytes_that_are_not_utf8_are_refused_with_their_line(tmp_path):
    broken = tmp_path / "broken.yaml"
    broken.write_bytes(
        "title:\n  th: ทดสอบ\n  en: caf\xe9\n".encode("latin-1", errors="replace").replace(
            "ทดสอบ".encode("latin-1", errors="replace"), "ทดสอบ".encode()
        )
    )
    _, problems = load_document(broken)
    assert [str(p) for p in problems] == [f"{broken}:3:1: the file is not valid UTF-8 text"]


def test_python_tags_are_refused_and_never_run(tmp_path):
    marker = tmp_path / "ran"
    tagged = tmp_path / "tagged.yaml"
    tagged.write_text(f'as_of: !!python/object/apply:os.system ["touch {marker}"]\n', encoding="utf-8")
    document, problems = load_document(tagged)
    assert [str(p) for p in problems] == [
        f"{tagged}:1:8: as_of: YAML tags (!!python/object/apply:os.system) are not allowed in content"
    ]
    assert document.data is None and not marker.exists()


def test_deep_nesting_is_a_clean_error(tmp_path):
    deep = tmp_path / "deep.yaml"
    deep.write_text("a: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    _, problems = load_document(deep)
    assert [str(p) for p in problems] == [f"{deep}:1:1: the file is nested too deeply to be content"]


HOSTILE = '<script>alert(1)</script><img src=x onerror="alert(2)"> [x](javascript:alert(3)) {: onclick="alert(4)"}'


def test_html_and_scripts_in_every_kind_of_text_are_shown_inert(tmp_path):
    def poison(yaml_text: str, old: str) -> str:
        return replace_once(yaml_text, old, f"{old} {HOSTILE}")

    content = write_synthetic_content(
        tmp_path / "content",
        quarter_yaml=poison(QUARTER_YAML, "  en: Synthetic report, quarter 1, fiscal year 2024").replace(
            "\n  en: Synthetic report, quarter 1, fiscal year 2024 " + HOSTILE,
            "\n  en: 'Synthetic report, quarter 1, fiscal year 2024 " + HOSTILE.replace("'", "''") + "'",
        ),
        background_yaml=BACKGROUND_YAML,
        strategies_yaml=STRATEGIES_YAML.replace(
            "en: Synthetic project one", "en: 'Synthetic project one " + HOSTILE.replace("'", "''") + "'"
        ),
        scorecard_yaml=SCORECARD_YAML.replace(
            "en: Synthetic efficiency", "en: 'Synthetic efficiency " + HOSTILE.replace("'", "''") + "'"
        ),
        problems_yaml=PROBLEMS_YAML.replace(
            "en: The first synthetic problem.", "en: 'The first synthetic problem. " + HOSTILE.replace("'", "''") + "'"
        ),
    )
    report = validate_content(content)
    assert any("looks like HTML or a script" in w.message for w in report.warnings)
    project = Project.at(
        ROOT,
        content_dir=content,
        site_dir=tmp_path / "site",
        work_dir=tmp_path / "work",
        archive_dir=tmp_path / "archive",
    )
    build(project)
    for page in (tmp_path / "site" / "en" / SYNTHETIC_QUARTER).rglob("*.html"):
        elements = Elements()
        elements.feed(page.read_text(encoding="utf-8"))
        assert not [a for a in elements.attributes if a[0].startswith("on") and "alert" in (a[1] or "")], page
        assert not [a for a in elements.attributes if a[0] in ("href", "src") and "javascript:" in (a[1] or "")]
        assert not [script for script in elements.scripts if "alert(" in script], page
        assert not [a for a in elements.attributes if a == ("src", "x")], page
    overview = (tmp_path / "site" / "en" / SYNTHETIC_QUARTER / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in overview


class Elements(HTMLParser):
    """Every attribute of every element, and the code of every script, of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.attributes: list[tuple[str, str | None]] = []
        self.scripts: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        self.attributes += attrs
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts.append(data)


def test_a_build_killed_halfway_leaves_the_previous_site_as_it_was(synthetic_build, tmp_path):
    # A copy of the session's build: the previous site, and a cache that lacks the edit below, so that the
    # next build must run MkDocs.
    project = synthetic_build.copy(tmp_path / "copy")
    site = project.site_dir
    command = [sys.executable, "-m", "generator", *build_arguments(project)]
    no_chromium = {**os.environ, "PATH": "/nonexistent"}  # as the session's build: no PDFs, for speed
    before = digests(site)
    # Change the content, so that a finished build would change the site.
    scorecard = project.content_dir / SYNTHETIC_QUARTER / "scorecard.yaml"
    scorecard.write_text(scorecard.read_text(encoding="utf-8").replace("q1: 7.25", "q1: 8.25"), encoding="utf-8")

    process = subprocess.Popen(
        command, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=no_chromium
    )
    deadline = time.monotonic() + 60
    # Wait until MkDocs has written part of the new site (into the build cache's scratch folder).
    scratch = project.cache_dir / "builds"
    while time.monotonic() < deadline:
        staged = list(scratch.glob(f"*/{SYNTHETIC_QUARTER}/.building-*/index.html"))
        if staged or process.poll() is not None:
            break
        time.sleep(0.02)
    assert staged, "the build never reached MkDocs, or finished before it was seen there"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()

    assert digests(site) == before
    # The next build clears what the killed one left, and completes.
    subprocess.run(command, check=True, capture_output=True, cwd=tmp_path, env=no_chromium)
    assert not list(site.parent.glob(".site-staging-*"))
    assert not list(scratch.glob(f"*/{SYNTHETIC_QUARTER}/.building-*")), "nor half a build in the cache"
    assert "20.75" in (site / "en" / SYNTHETIC_QUARTER / "index.html").read_text(encoding="utf-8")


def test_a_failing_build_leaves_the_previous_site_as_it_was(synthetic_build, tmp_path):
    project = synthetic_build.copy(tmp_path / "copy")
    build(project)  # the previous site, from the copied cache
    before = digests(project.site_dir)
    scorecard = project.content_dir / SYNTHETIC_QUARTER / "scorecard.yaml"
    scorecard.write_text(scorecard.read_text(encoding="utf-8").replace("weight: 20", "weight: 25"), encoding="utf-8")
    with pytest.raises(ContentError):
        build(project)
    assert digests(project.site_dir) == before
