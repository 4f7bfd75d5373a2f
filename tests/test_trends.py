"""The trends pages, site/<language>/trends/: the real content (one period), the synthetic periods of every length
(scores and progress), and a real example with several fiscal years (its headline figures), each checked against
the content's own YAML, and in Chromium on a phone."""

from __future__ import annotations

import csv
import html as html_module
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from generator.commands.build import BuildStats, build

from .conftest import ROOT, build_without_pdfs
from .synthetic import synthetic_components, synthetic_projects
from .test_browser import small_chart_texts

LANGUAGES = ("th", "en")


def trends_page(site_dir: Path, language: str) -> str:
    return (site_dir / language / "trends" / "index.html").read_text(encoding="utf-8")


def table_after(page: str, element_id: str) -> list[list[str]]:
    """The body rows of the first table after the element `element_id`, each cell's text."""
    after = page[page.index(f'id="{element_id}"') :]
    body = after[after.index("<tbody>") : after.index("</tbody>")]
    return [
        [" ".join(html_module.unescape(re.sub(r"<[^>]+>", "", cell)).split()) for cell in cells]
        for cells in (
            re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S) for row in re.findall(r"<tr>(.*?)</tr>", body)
        )
    ]


def test_with_one_period_the_trends_page_says_they_start_with_the_second(real_site):
    period = real_site.report.latest
    for language, sentence in (
        ("th", "แนวโน้มจะเริ่มแสดงเมื่อมีรายงานฉบับที่สอง"),
        ("en", "Trends start with the second period"),
    ):
        page = trends_page(real_site.site_dir, language)
        assert sentence in page
        assert "<table" not in page and "<svg" not in page and "trends.csv" not in page
        # A link back to the period and the front door; the other language's trends page.
        assert 'href="../../"' in page and f'href="../../{"en" if language == "th" else "th"}/trends/"' in page
    assert str(period.id) in trends_page(real_site.site_dir, "en")


def test_the_front_door_and_every_periods_navigation_link_to_the_trends_page(real_site):
    front = (real_site.site_dir / "index.html").read_text(encoding="utf-8")
    assert 'href="th/trends/"' in front and 'href="en/trends/"' in front
    for language in LANGUAGES:
        root = real_site.site_dir / language / str(real_site.report.latest.id)
        pages = sorted(root.rglob("index.html"))
        assert len(pages) >= 10
        for page in pages:
            links = re.findall(r'<a href="((?:\.\./)+trends/)"', page.read_text(encoding="utf-8"))
            assert links, page
            # Each resolves, from where the page is, to its language's trends page.
            target = (page.parent / links[0] / "index.html").resolve()
            assert target == (real_site.site_dir / language / "trends" / "index.html").resolve(), page


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_total_score_and_each_projects_progress_across_periods_of_every_length(periods_build, language):
    site_dir, report = periods_build.project.site_dir, periods_build.report
    content = periods_build.project.content_dir
    page = trends_page(site_dir, language)
    # Each period's total, summed here from its own scorecard.yaml: the components' scores for its own key.
    expected = []
    for period in report.periods:
        scorecard = yaml.safe_load((content / str(period.id) / "scorecard.yaml").read_text(encoding="utf-8"))
        key = period.id.key
        total = sum(Decimal(str(component["scores"][key])) for component in synthetic_components(scorecard))
        expected.append(f"{total:.2f}")
    rows = table_after(page, "total-score")
    assert [re.match(r"[\d.]+", row[2]).group(0) for row in rows] == expected
    assert [row[1].split(" (")[0] for row in rows] == [
        {"th": "ปีงบประมาณ พ.ศ. 2566", "en": "FY2023"}[language],
        *[
            {"th": name_th, "en": name_en}[language]
            for name_th, name_en in (
                ("ครึ่งแรกของปีงบประมาณ พ.ศ. 2567", "H1 FY2024"),
                ("ไตรมาสที่ 3 ปีงบประมาณ พ.ศ. 2567", "Q3 FY2024"),
                ("ครึ่งหลังของปีงบประมาณ พ.ศ. 2567", "H2 FY2024"),
                ("ปีงบประมาณ พ.ศ. 2567", "FY2024"),
            )
        ],
    ]
    # Every project's progress against its annual target, as each period's strategies.yaml gives it.
    plans = {
        str(period.id): yaml.safe_load((content / str(period.id) / "strategies.yaml").read_text(encoding="utf-8"))
        for period in report.periods
    }
    project_ids = [project["id"] for project in synthetic_projects(plans[str(report.periods[0].id)])]
    assert project_ids
    for project_id in project_ids:
        targets = [
            f"{Decimal(str(project['progress']['vs_annual_target'])):.2f}"
            for plan in plans.values()
            for project in synthetic_projects(plan)
            if project["id"] == project_id
        ]
        assert [row[1] for row in table_after(page, f"progress-{project_id}")] == targets
    # A chart beside each table, with a bar per period.
    for chart in ["total-score", *(f"progress-{project_id}" for project_id in project_ids)]:
        assert f'<figure class="rs-chart" id="chart-{chart}"' in page, chart
    assert len(re.findall(r'<rect id="chart-total-score-\d+"', page)) == len(report.periods)


def test_an_examples_headline_figures_across_its_fiscal_years_and_the_csv(tmp_path):
    example = ROOT / "examples" / "opdc-assessment"
    built = build_without_pdfs(tmp_path, example / "content")
    site_dir = built.project.site_dir
    # The headline figures as each year's YAML gives them, by id: those that two years or more give.
    values: dict[str, list[tuple[str, str]]] = {}
    for folder in sorted((example / "content").glob("*-fy")):
        results = yaml.safe_load((folder / "results.yaml").read_text(encoding="utf-8"))
        for block in results["blocks"]:
            for figure in block.get("figures", []):
                if figure.get("headline"):
                    values.setdefault(figure["id"], []).append((folder.name, str(figure["value"])))
    recurring = {figure_id: found for figure_id, found in values.items() if len(found) > 1}
    assert len(recurring) >= 2
    page = trends_page(site_dir, "en")
    for figure_id, found in recurring.items():
        rows = table_after(page, f"figure-results-{figure_id}")
        assert [re.match(r"[\d,]+", row[1]).group(0) for row in rows] == [value for _, value in found]
    with io.StringIO((site_dir / "th" / "trends" / "trends.csv").read_bytes().decode("utf-8-sig")) as text:
        rows = list(csv.DictReader(text))
    assert {(row["series"], row["period"], row["value"]) for row in rows} == {
        (f"figure-results-{figure_id}", period, value)
        for figure_id, found in recurring.items()
        for period, value in found
    }
    assert (site_dir / "en" / "trends" / "trends.csv").read_bytes() == (
        site_dir / "th" / "trends" / "trends.csv"
    ).read_bytes()


def test_adding_a_period_updates_the_trends_without_rebuilding_the_others(periods_build, tmp_path):
    project = periods_build.copy(tmp_path)
    latest = project.content_dir / "2567-fy"
    # A later fiscal year: the synthetic 2567-fy again, as 2568-fy.
    later = project.content_dir / "2568-fy"
    later.mkdir()
    for path in latest.iterdir():
        later.joinpath(path.name).write_text(
            path.read_text(encoding="utf-8").replace("2567-fy", "2568-fy").replace("2024-09-30", "2025-09-30"),
            encoding="utf-8",
        )
    stats = BuildStats()
    build(project, stats=stats, jobs=1)
    # Only the new period, and the one compared with it, were built; the trends page has the new period.
    assert sorted(stats.built) == ["en/2568-fy", "th/2568-fy"]
    assert 'href="../2568-fy/"' in trends_page(project.site_dir, "en")


def test_every_chart_label_of_the_trends_page_is_12_px_or_more_on_a_phone(browser, periods_build, server):
    site_dir = periods_build.project.site_dir
    for language in LANGUAGES:
        context = browser.new_context(viewport={"width": 360, "height": 740})
        page = context.new_page()
        page.goto((site_dir / language / "trends" / "index.html").as_uri())
        small, measured = small_chart_texts(page)
        wide = page.evaluate("document.documentElement.scrollWidth")
        context.close()
        assert measured and small == [], language
        assert wide <= 360, (language, wide)
