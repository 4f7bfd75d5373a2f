"""The site's words from site.yaml: what a grouping is called, and what the site calls its reports.

The synthetic report calls its groupings strategies (tests/synthetic.py);
here it calls them programmes, or says nothing and gets the defaults.
"""

from __future__ import annotations

import json
import re

import pytest
import yaml

from generator.commands.diff import diff_reports
from generator.engine.period_site import mkdocs_config
from generator.errors import ContentError
from generator.reading.validation import validate_content
from generator.rendering.front_door import render_front_door
from generator.rendering.localization import load_strings
from generator.rendering.pages import Renderer, render_report
from generator.theme import PACKAGED_CONFIG, Theme

from .synthetic import SITE_YAML, write_synthetic_content

TEMPLATES = Theme()  # the packaged theme alone

PROGRAMMES = {
    "grouping": {"th": "แผนงาน", "en": "programme"},
    "groupings": {"th": "แผนงาน", "en": "programmes"},
    "report": {"th": "รายงานประจำปี", "en": "annual report"},
    "reports": {"th": "รายงานประจำปี", "en": "annual reports"},
}


def site_yaml(words: dict | None) -> str:
    """The synthetic site.yaml with `words` in place of its own (none at all for None)."""
    site = yaml.safe_load(SITE_YAML)
    site.pop("words")
    if words is not None:
        site["words"] = words
    return yaml.safe_dump(site, allow_unicode=True, sort_keys=False)


def rendered_site(tmp_path, words: dict | None):
    report = validate_content(write_synthetic_content(tmp_path / "content", site_yaml=site_yaml(words)))
    renderer = Renderer(TEMPLATES, words=report.site.words)
    rendered = {r.language: r for r in render_report(report, renderer)}
    localizers = renderer.localizers(report.site.languages)
    return report, rendered, localizers


def page(rendered, path: str):
    return next(p for p in rendered.pages if p.path == path)


def site_name(report, rendered, localizers, tmp_path) -> str:
    config = mkdocs_config(
        report,
        rendered,
        base_url="https://x.example/",
        base_config=PACKAGED_CONFIG,
        overrides=tmp_path / "overrides",
        site_dir=tmp_path,
        localizers=localizers,
    )
    return config["site_name"]


def test_the_site_speaks_of_the_organisations_groupings_and_reports(tmp_path):
    report, rendered, localizers = rendered_site(tmp_path, PROGRAMMES)
    english, thai = rendered["en"], rendered["th"]
    beta = page(english, "strategies/synthetic-beta.md")
    assert beta.markdown.startswith(
        "---\nedit_path: content/2567-q1/strategies.yaml\n---\n\n# Programme 2: Synthetic strategy beta\n"
    )
    # The navigation names a section of groupings by the section's own label (its nav_title), not by the words.
    assert (beta.section, page(thai, "strategies/synthetic-beta.md").section) == ("Strategies", "ยุทธศาสตร์")
    assert "# แผนงานที่ 2 ยุทธศาสตร์สังเคราะห์เบตา\n" in page(thai, "strategies/synthetic-beta.md").markdown
    overview = page(english, "index.md").markdown
    assert "| Programme | Project | Against the quarter plan (%) |" in overview
    assert "### [Programme 1 · 1\\. Synthetic project one]" in overview
    assert ">Programme 1 · project 2</text>" in overview  # the chart's label
    contents = "    - [แผนงานที่ 1 ยุทธศาสตร์สังเคราะห์แอลฟา](#section-strategies-synthetic-alpha)"  # under its section
    assert contents in page(thai, "print.md").markdown

    package = json.loads(english.files["data/datapackage.json"])
    fields = {field["name"]: field["description"] for field in package["resources"][0]["schema"]["fields"]}
    assert fields["grouping_number"] == "the programme's number, as the site shows it"
    assert package["description"].startswith("Synthetic Test Agency: the figures of the annual report for Q1 FY2024")
    thai_package = json.loads(thai.files["data/datapackage.json"])
    thai_fields = {field["name"]: field["description"] for field in thai_package["resources"][0]["schema"]["fields"]}
    assert thai_fields["grouping_id"] == "รหัสของแผนงาน ตามที่อยู่ของหน้าแผนงาน"

    assert site_name(report, english, localizers, tmp_path) == "STA · Annual report"
    assert site_name(report, thai, localizers, tmp_path) == "สทส. · รายงานประจำปี"
    front = render_front_door(report, TEMPLATES, localizers)
    assert re.findall(r"<h[12] class=\"rs-front-title\">(.*?)</h[12]>", front) == [
        "หน่วยงานสังเคราะห์เพื่อการทดสอบ: รายงานประจำปี",
        "Synthetic Test Agency: Annual reports",
    ]
    assert "<title>หน่วยงานสังเคราะห์เพื่อการทดสอบ · รายงานประจำปี</title>" in front


def test_diff_names_groupings_with_the_sites_words(tmp_path):
    before = validate_content(write_synthetic_content(tmp_path / "before", site_yaml=site_yaml(PROGRAMMES)))
    content = write_synthetic_content(tmp_path / "after", site_yaml=site_yaml(PROGRAMMES))
    plan = content / "2567-q1" / "strategies.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace("vs_annual_target: 30", "vs_annual_target: 35"), "utf-8")
    after = validate_content(content)
    localizers = Renderer(TEMPLATES, words=after.site.words).localizers(["th", "en"])
    assert [(line.period, line.text) for line in diff_reports(before, after, localizers["en"])] == [
        ("2567-q1", "Programme 2 · project 1: % of the annual target 30.00 → 35.00")
    ]
    assert [(line.period, line.text) for line in diff_reports(before, after, localizers["th"])] == [
        ("2567-q1", "แผนงานที่ 2 · โครงการ 1: ร้อยละเทียบเป้าหมายปี 30.00 → 35.00")
    ]


def test_without_words_the_site_uses_plain_defaults(tmp_path):
    report, rendered, localizers = rendered_site(tmp_path, None)
    assert page(rendered["en"], "strategies/synthetic-alpha.md").title == "1. Synthetic strategy alpha"
    assert "# Area 1: Synthetic strategy alpha\n" in page(rendered["en"], "strategies/synthetic-alpha.md").markdown
    assert "# ด้านที่ 1 ยุทธศาสตร์สังเคราะห์แอลฟา\n" in page(rendered["th"], "strategies/synthetic-alpha.md").markdown
    assert page(rendered["en"], "strategies/synthetic-alpha.md").section == "Strategies"  # the section's nav_title
    assert site_name(report, rendered["en"], localizers, tmp_path) == "STA · Performance report"
    front = render_front_door(report, TEMPLATES, localizers)
    assert '<h2 class="rs-front-title">Synthetic Test Agency: Performance reports</h2>' in front
    assert '<h1 class="rs-front-title">หน่วยงานสังเคราะห์เพื่อการทดสอบ: รายงานผลการดำเนินงาน</h1>' in front


def test_words_are_checked_like_any_text(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    words = {**PROGRAMMES, "grouping": {"th": "แผนงาน"}}
    write_synthetic_content(tmp_path / "content", site_yaml=site_yaml(words))
    with pytest.raises(ContentError) as caught:
        validate_content(tmp_path.joinpath("content").relative_to(tmp_path))
    assert [problem.field + ": " + problem.message for problem in caught.value.problems] == [
        "words.grouping.en: the English text (en) is missing"
    ]


def test_the_string_tables_name_no_organisations_words():
    for language in ("th", "en"):
        for name, text in load_strings(TEMPLATES, language).items():
            words = re.sub(r"\{[A-Za-z_]+\}", "", text).lower()  # what the string says, less its placeholders
            for word in ("ยุทธศาสตร์", "strateg", "รายงานผลการดำเนินงานรายไตรมาส", "quarterly"):
                assert word not in words, (language, name, text)
