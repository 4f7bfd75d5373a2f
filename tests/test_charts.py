"""Charts: well-formed, accessible SVG whose bars and labels are the model's numbers."""

from __future__ import annotations

import re
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from generator import charts
from generator.build import Project
from generator.rendering import Renderer
from generator.validation import validate_content

from .conftest import ROOT
from .synthetic import write_synthetic_content

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def quarter():
    with tempfile.TemporaryDirectory() as scratch:
        return validate_content(write_synthetic_content(Path(scratch) / "content")).latest


@pytest.fixture(scope="module", params=["th", "en"])
def l10n(request):
    return Renderer(Project.at(ROOT).templates_dir).environment(request.param)[1]


def parse(chart: charts.Chart) -> ET.Element:
    return ET.fromstring(chart.svg)


def bar_width(root: ET.Element, gid: str) -> float:
    group = next(g for g in root.iter(f"{SVG}g") if g.get("id", "").endswith(f"-{gid}"))
    path = next(group.iter(f"{SVG}path"))
    xs = [float(x) for x in re.findall(r"[ML] ([\d.]+) [\d.]+", path.get("d"))]
    return max(xs) - min(xs)


def texts(root: ET.Element) -> list[str]:
    return ["".join(element.itertext()).strip() for element in root.iter(f"{SVG}text")]


def test_progress_bars_are_proportional_and_labelled_with_the_model(quarter, l10n):
    chart = charts.overview_progress_chart(quarter, l10n)
    root = parse(chart)
    projects = [project for *_, project in quarter.projects]
    full = bar_width(root, "plan-1") / projects[1].progress.vs_quarter_plan  # a project at 100
    for index, project in enumerate(projects):
        assert bar_width(root, f"plan-{index}") == pytest.approx(full * project.progress.vs_quarter_plan, rel=1e-3)
        assert bar_width(root, f"target-{index}") == pytest.approx(full * project.progress.vs_annual_target, rel=1e-3)
    labels = texts(root)
    for project in projects:
        assert l10n.decimal2(project.progress.vs_quarter_plan) in labels
        assert l10n.decimal2(project.progress.vs_annual_target) in labels
    assert l10n.string("chart_project_label", strategy=2, project=1) in labels


def test_scorecard_bars_show_scores_within_weights(quarter, l10n):
    root = parse(charts.scorecard_chart(quarter, l10n))
    components = quarter.scorecard.components
    unit = bar_width(root, "weight-0") / components[0].weight
    for index, component in enumerate(components):
        assert bar_width(root, f"weight-{index}") == pytest.approx(unit * component.weight, rel=1e-3)
        assert bar_width(root, f"score-{index}") == pytest.approx(unit * component.scores["q1"], rel=1e-3, abs=1e-6)
    total = len(components)
    assert bar_width(root, f"weight-{total}") == pytest.approx(unit * 100, rel=1e-3)
    assert bar_width(root, f"score-{total}") == pytest.approx(unit * 19.75, rel=1e-3)
    assert "19.75 / 100" in texts(root)


def test_summary_counts_projects_below_plan(quarter, l10n):
    chart = charts.overview_progress_chart(quarter, l10n)
    # The synthetic quarter has one project (87.5) below its plan, out of three.
    assert chart.summary == l10n.string("chart_progress_summary", behind=1, total=3)


def test_charts_are_accessible_images_with_title_and_description(quarter, l10n):
    chart = charts.overview_progress_chart(quarter, l10n)
    root = parse(chart)
    assert root.get("role") == "img"
    title_id, desc_id = root.get("aria-labelledby").split()
    ids = {element.get("id"): element for element in root.iter() if element.get("id")}
    assert ids[title_id].tag == f"{SVG}title" and ids[title_id].text == chart.title
    assert ids[desc_id].tag == f"{SVG}desc" and ids[desc_id].text == chart.summary
    assert all(identifier.startswith(f"{chart.name}-") for identifier in ids), "ids carry the chart's name"


def test_charts_use_palette_properties_and_the_pages_font(quarter, l10n):
    svg = charts.overview_progress_chart(quarter, l10n).svg
    assert "var(--rs-chart-bar)" in svg and "var(--rs-chart-ink)" in svg
    assert not re.search(r"#0[1-6]0[1-6]0[1-6]", svg), "a placeholder colour was left in"
    assert "font-family" not in svg, "text inherits the page's font"
    assert "<metadata" not in svg and "<script" not in svg


def test_the_same_input_gives_the_same_bytes(quarter, l10n):
    first = charts.scorecard_chart(quarter, l10n).svg
    second = charts.scorecard_chart(quarter, l10n).svg
    assert first == second


def test_single_quarter_scorecard_has_no_by_quarter_chart(quarter, l10n):
    assert charts.scorecard_by_quarter_chart(quarter, l10n) is None


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
