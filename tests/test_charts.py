"""Charts: well-formed, accessible SVG whose bars and labels are the model's numbers."""

from __future__ import annotations

import re
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from generator.reading.validation import validate_content
from generator.rendering import charts
from generator.rendering.pages import Renderer
from generator.theme import Theme

from .synthetic import write_later_synthetic_quarter, write_synthetic_content

SVG = "{http://www.w3.org/2000/svg}"
# The chart colours that reportsite.css defines, in its light and dark palettes.
PALETTE = {f"var(--rs-chart-{name})" for name in ("ink", "bar", "bar-2", "bar-behind", "track", "grid")}


@pytest.fixture(scope="module")
def quarter():
    with tempfile.TemporaryDirectory() as scratch:
        return validate_content(write_synthetic_content(Path(scratch) / "content")).latest


@pytest.fixture(scope="module")
def second_quarter():
    """The synthetic quarter 2, whose scorecard also reports quarter 1."""
    with tempfile.TemporaryDirectory() as scratch:
        content = write_synthetic_content(Path(scratch) / "content")
        write_later_synthetic_quarter(content, 2)
        return validate_content(content).latest


@pytest.fixture(scope="module", params=["th", "en"])
def l10n(request):
    return Renderer(Theme()).localizer(request.param)


def parse(chart: charts.Chart) -> ET.Element:
    return ET.fromstring(chart.svg)


def bar(root: ET.Element, gid: str) -> ET.Element:
    return next(rect for rect in root.iter(f"{SVG}rect") if rect.get("id", "").endswith(f"-{gid}"))


def bar_width(root: ET.Element, gid: str) -> float:
    return float(bar(root, gid).get("width"))


# The SVG rounds coordinates to two decimals, so a bar's width may be off by up to 0.005 units.
ROUNDING = 0.01


def overview_progress_chart(period, l10n) -> charts.Chart:
    """The overview's chart of every project's progress."""
    return charts.period_charts(period, l10n).get(period)


def texts(root: ET.Element) -> list[str]:
    return ["".join(element.itertext()).strip() for element in root.iter(f"{SVG}text")]


def test_progress_bars_are_proportional_and_labelled_with_the_model(quarter, l10n):
    chart = overview_progress_chart(quarter, l10n)
    root = parse(chart)
    projects = [numbered.project for numbered in quarter.projects]
    full = bar_width(root, "plan-1") / float(projects[1].progress.vs_period_plan)  # a project at 100
    for index, project in enumerate(projects):
        assert bar_width(root, f"plan-{index}") == pytest.approx(
            full * float(project.progress.vs_period_plan), rel=1e-3, abs=ROUNDING
        )
        assert bar_width(root, f"target-{index}") == pytest.approx(
            full * float(project.progress.vs_annual_target), rel=1e-3, abs=ROUNDING
        )
    labels = texts(root)
    for project in projects:
        assert l10n.decimal2(project.progress.vs_period_plan) in labels
        assert l10n.decimal2(project.progress.vs_annual_target) in labels
    assert l10n.string("chart_project_label", strategy=2, project=1) in labels


def test_scorecard_bars_show_scores_within_weights(quarter, l10n):
    root = parse(charts.scorecard_chart(quarter, quarter.scorecard, l10n))
    components = quarter.scorecard.components
    unit = bar_width(root, "weight-0") / float(components[0].weight)
    for index, component in enumerate(components):
        weight, score = float(component.weight), float(component.scores["q1"])
        assert bar_width(root, f"weight-{index}") == pytest.approx(unit * weight, rel=1e-3, abs=ROUNDING)
        assert bar_width(root, f"score-{index}") == pytest.approx(unit * score, rel=1e-3, abs=ROUNDING)
    total = len(components)
    assert bar_width(root, f"weight-{total}") == pytest.approx(unit * 100, rel=1e-3, abs=ROUNDING)
    assert bar_width(root, f"score-{total}") == pytest.approx(unit * 19.75, rel=1e-3, abs=ROUNDING)
    assert "19.75 / 100" in texts(root)


def test_summary_counts_projects_below_plan(quarter, l10n):
    chart = overview_progress_chart(quarter, l10n)
    # The synthetic quarter has one project (87.5) below its plan, out of three.
    assert chart.summary == l10n.period_string("chart_progress_summary", quarter.id, behind=1, total=3)


def test_charts_are_accessible_images_with_title_and_description(quarter, l10n):
    chart = overview_progress_chart(quarter, l10n)
    root = parse(chart)
    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby").split()
    ids = {element.get("id"): element for element in root.iter() if element.get("id")}
    assert ids[title_id].tag == f"{SVG}title" and ids[title_id].text == chart.title
    assert ids[desc_id].tag == f"{SVG}desc" and ids[desc_id].text == chart.summary
    assert all(identifier.startswith(f"{chart.name}-") for identifier in ids), "ids carry the chart's name"


def test_charts_use_palette_properties_and_the_pages_font(quarter, second_quarter, l10n):
    for chart in (
        overview_progress_chart(quarter, l10n),
        charts.scorecard_chart(quarter, quarter.scorecard, l10n),
        charts.scorecard_by_period_chart(second_quarter, second_quarter.scorecard, l10n),
    ):
        svg = chart.svg
        colours = set(re.findall(r"\b(?:fill|stroke)(?::|=\")\s*([^;\"]+)", svg)) - {"none"}
        assert "var(--rs-chart-bar)" in colours and "var(--rs-chart-ink)" in colours
        assert colours <= PALETTE, "every colour is one of the palette's properties"
        assert not re.search(r"#[0-9a-f]{3,8}\b|rgb\(", svg, re.I), "no fixed colour"
        assert "font-family" not in svg, "text inherits the page's font"
        assert "<metadata" not in svg and "<script" not in svg
        assert re.match(r'<svg [^>]*viewBox="0 0 [\d.]+ [\d.]+"', svg)
        assert not re.search(r"<svg [^>]*\b(width|height)=", svg), "the chart scales with the column"
        assert "\n\n" not in svg and not re.search(r"\n\s*\n", svg), "a blank line would end Markdown's HTML block"


def test_the_same_input_gives_the_same_bytes(quarter, l10n):
    first = charts.scorecard_chart(quarter, quarter.scorecard, l10n).svg
    second = charts.scorecard_chart(quarter, quarter.scorecard, l10n).svg
    assert first == second


def test_single_quarter_scorecard_has_no_by_quarter_chart(quarter, l10n):
    assert charts.scorecard_by_period_chart(quarter, quarter.scorecard, l10n) is None


def test_by_quarter_bars_are_proportional_and_labelled_with_the_model(second_quarter, l10n):
    chart = charts.scorecard_by_period_chart(second_quarter, second_quarter.scorecard, l10n)
    root = parse(chart)
    components = second_quarter.scorecard.components
    unit = bar_width(root, "q2-0") / float(components[0].scores["q2"])
    labels = texts(root)
    for column in second_quarter.score_columns:
        quarter_name = l10n.period_short(column.period)
        for index, component in enumerate(components):
            score = component.scores[column.key]
            assert bar_width(root, f"{column.key}-{index}") == pytest.approx(
                unit * float(score), rel=1e-3, abs=ROUNDING
            )
            assert f"{quarter_name}: {l10n.decimal2(score)}" in labels
    # Each quarter's bars share a colour, and the quarters' colours differ.
    fills = {
        column.key: {
            bar(root, f"{column.key}-{index}").get("style") or parent_fill(root, f"{column.key}-{index}")
            for index in range(len(components))
        }
        for column in second_quarter.score_columns
    }
    assert all(len(styles) == 1 for styles in fills.values()) and fills["q1"] != fills["q2"]


def parent_fill(root: ET.Element, gid: str) -> str:
    return next(g.get("style") for g in root.iter(f"{SVG}g") if any(r.get("id", "").endswith(f"-{gid}") for r in g))


def test_behind_plan_bars_take_their_own_colour(quarter, l10n):
    root = parse(overview_progress_chart(quarter, l10n))
    for index, project in enumerate(numbered.project for numbered in quarter.projects):
        style = bar(root, f"plan-{index}").get("style") or parent_fill(root, f"plan-{index}")
        wanted = "var(--rs-chart-bar)" if project.progress.on_plan else "var(--rs-chart-bar-behind)"
        assert style == f"fill:{wanted}"


def test_long_labels_fit_their_column_and_clear_the_bars(quarter, l10n):
    # Untrusted, long labels in both scripts: the label column grows to the longest one, as measured in Sarabun.
    strategy = quarter.groupings[0].grouping
    project = strategy.projects[0]
    long_labels = ["โครงการพัฒนาระบบบริการภาครัฐแบบดิจิทัลเต็มรูปแบบ" * 3, "W" * 80, "short"]
    rows = [(label, strategy, project.progress) for label in long_labels]
    chart = charts.progress_chart("chart-long", rows, quarter.id, l10n)
    root = parse(chart)
    view_width = float(root.get("viewBox").split()[2])
    bars_left = min(float(rect.get("x")) for rect in root.iter(f"{SVG}rect"))
    for label in long_labels:
        shown = charts._label(label)
        element = next(t for t in root.iter(f"{SVG}text") if t.text == shown)
        right = float(element.get("x"))  # labels end at x (text-anchor: end)
        assert right - charts.text_width(shown) >= 0, f"{shown!r} is cut off on the left"
        assert right < bars_left, f"{shown!r} runs into the bars"
    # Value labels fit inside the chart.
    for element in root.iter(f"{SVG}text"):
        if element.text == l10n.decimal2(project.progress.vs_period_plan):
            assert float(element.get("x")) + charts.text_width(element.text, charts.VALUE_SIZE) <= view_width


def test_text_is_measured_with_sarabun_advances():
    # Thai marks above and below take no room of their own; more characters take more room.
    assert charts.text_width("\u0e31") == 0 and charts.text_width("กั") == charts.text_width("ก") > 0
    assert charts.text_width("กก") == pytest.approx(2 * charts.text_width("ก"))
    assert charts.text_width("WWW") > charts.text_width("iii")
    assert charts.text_width("ab", bold=True) > charts.text_width("ab")
    assert charts.text_width("ab", size=24) == pytest.approx(2 * charts.text_width("ab", size=12))


def test_real_pages_inline_well_formed_charts_with_unique_ids(real_site):
    for language in ("th", "en"):
        for page in (real_site.site_dir / language).rglob("index.html"):
            html = page.read_text(encoding="utf-8")
            svgs = re.findall(r'<svg role="img".*?</svg>', html, re.S)
            for svg in svgs:
                ET.fromstring(svg)
            ids = re.findall(r'\bid="([^"]+)"', html)
            assert len(ids) == len(set(ids)), f"duplicate ids in {page}"
        scorecard = (real_site.site_dir / language / "2563-q2" / "scorecard" / "index.html").read_text("utf-8")
        # The seed reports Q1 and Q2, so the scorecard also has the by-quarter chart.
        assert 'id="chart-scorecard"' in scorecard and 'id="chart-scorecard-quarters"' in scorecard


# --- the narrow drawing, for phones ---------------------------------------------


def test_every_chart_has_a_narrow_drawing_of_the_same_bars_at_a_phones_width(quarter, second_quarter, l10n):
    for chart in (
        overview_progress_chart(quarter, l10n),
        charts.scorecard_chart(quarter, quarter.scorecard, l10n),
        charts.scorecard_by_period_chart(second_quarter, second_quarter.scorecard, l10n),
    ):
        assert chart.narrow is not None, chart.name
        wide, narrow = parse(chart), ET.fromstring(chart.narrow.svg)
        # Drawn for a phone's column (328 px at 360 px wide), at 1:1 or more: every text at 12 units.
        assert float(narrow.get("viewBox").split()[2]) <= 328
        sizes = {
            float(re.search(r"font-size:([\d.]+)px", g.get("style")).group(1))
            for g in narrow.iter(f"{SVG}g")
            if "font-size" in (g.get("style") or "")
        }
        assert sizes == {charts.FONT_SIZE}, chart.name

        # The same bars, the same values: only the layout differs.
        def drawn(root, prefix):
            return sorted(
                (rect.get("id").removeprefix(prefix), rect.get("width") != "0")
                for rect in root.iter(f"{SVG}rect")
                if "-key-" not in rect.get("id")
                and "-track-" not in rect.get("id")
                and "-weight-" not in rect.get("id")
            )

        texts = sorted(t.text for t in wide.iter(f"{SVG}text") if t.text)
        narrow_texts = sorted(t.text for t in narrow.iter(f"{SVG}text") if t.text)
        values = [text for text in texts if re.fullmatch(r"[\d.,/ ]+|.*: [\d.]+", text)]
        assert len(drawn(narrow, f"{chart.name}-narrow-")) == len(drawn(wide, f"{chart.name}-"))
        assert all(value in narrow_texts for value in values if value not in {t for t in texts if texts.count(t) > 1})
        # Its own ids, so that both drawings can share the page.
        ids = {element.get("id") for element in narrow.iter() if element.get("id")}
        assert ids and all(i.startswith(f"{chart.name}-narrow-") for i in ids)


def test_a_chart_is_shown_narrow_below_the_width_at_which_its_wide_text_would_render_under_12_px():
    # 504 units wide: its 11.5-unit values render at 12 px from a 526 px column.
    assert charts._narrow(504, "<svg/>").css_class == "rs-chart--narrow-below-560"
    assert charts._narrow(700, "<svg/>").css_class == "rs-chart--narrow-below-800"  # 730 px
    assert charts._narrow(5000, "<svg/>").css_class == "rs-chart--narrow-always"


def test_the_stylesheet_has_a_container_query_for_every_class_a_chart_can_name():
    css = (Path(charts.__file__).parents[1] / "site_templates" / "assets" / "reportsite.css").read_text()
    for width in charts.NARROW_BELOW:
        query = css.index(f"@container (max-width: {width - 0.02}px)")
        rules = css[query : css.index("\n  }\n", query)]
        assert f".rs-chart--narrow-below-{width} svg.rs-chart__svg--wide" in rules, width
        assert f".rs-chart--narrow-below-{width} svg.rs-chart__svg--narrow" in rules, width
    assert ".rs-chart--narrow-always svg.rs-chart__svg--narrow" in css


@pytest.mark.parametrize(
    "label",
    ["5. ด้านการควบคุมดูแลกิจการของคณะกรรมการ", "รายได้สูง/(ต่ำ) กว่าค่าใช้จ่ายสุทธิ", "Programme 1 · project 2"],
)
def test_a_narrow_label_breaks_between_words_and_keeps_every_character(label):
    from generator.rendering.thai_words import break_opportunities

    pieces = break_opportunities(label)
    assert "".join(pieces) == label
    # As narrow as its widest word: a line for every word or two, and no word cut.
    width = max(charts.text_width(piece.strip()) for piece in pieces)
    lines = charts._lines(label, width)
    assert len(lines) >= 3
    assert all(charts.text_width(line) <= width for line in lines)
    # Each line is whole words, in order, with the spaces between them kept: only a space at a break is dropped.
    rest = pieces
    for line in lines:
        taken = next(count for count in range(1, len(rest) + 1) if "".join(rest[:count]).rstrip() == line)
        rest = rest[taken:]
    assert rest == []


def test_a_word_wider_than_the_line_is_cut_between_characters_never_inside_one():
    word = "กั้" * 30  # a consonant with a vowel and a tone mark above it, repeated
    lines = charts._lines(word, 60)
    assert "".join(lines) == word and len(lines) > 1
    assert all(line.startswith("ก") for line in lines)
