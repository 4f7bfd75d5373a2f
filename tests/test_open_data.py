"""Open data: the CSV, JSON and Data Package files of each quarter say exactly what the model says.

The files are read back as their users would read them (Python's csv and
json, and frictionless, the Data Package's own validator), never by our code.
"""

from __future__ import annotations

import codecs
import csv
import io
import json
import shutil
from decimal import Decimal

import pytest
from frictionless import validate

from generator.reading.validation import validate_content
from generator.rendering.open_data import render_open_data, render_period_data
from generator.rendering.pages import Renderer
from generator.theme import Theme

from .synthetic import write_later_synthetic_quarter, write_synthetic_content

QUARTER = "2563-q2"
LANGUAGES = ("th", "en")


def read_csv(data: bytes) -> list[dict[str, str]]:
    """Read CSV bytes back as Excel would: they must start with UTF-8's byte order mark."""
    assert data.startswith(codecs.BOM_UTF8), "the CSV file starts without a UTF-8 byte order mark"
    return list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def typed(text: str, value: Decimal) -> bool:
    """Whether a number of a CSV file is the model's number exactly as the content typed it (19.20 stays 19.20)."""
    assert text == f"{value:f}", f"{text!r} is not the number as typed ({value})"
    return Decimal(text) == value


def json_value(text: str, kind: str):
    """A CSV cell as the JSON file gives the same value: a number (`kind` from the data package) in its shortest
    form (100, 85.94), text as it is, and an empty cell as null."""
    if text == "":
        return None
    if kind not in ("number", "integer"):
        return text
    value = Decimal(text)
    return int(value) if value == value.to_integral_value() else float(value)


def data_dir(real_site, language: str):
    return real_site.site_dir / language / QUARTER / "data"


@pytest.mark.parametrize("language", LANGUAGES)
def test_projects_csv_gives_every_projects_progress(real_site, language):
    quarter = real_site.report.latest
    rows = read_csv((data_dir(real_site, language) / f"{QUARTER}-projects.csv").read_bytes())
    assert list(rows[0]) == [
        "section",
        "grouping_number",
        "grouping_id",
        "grouping_title_th",
        "grouping_title_en",
        "number",
        "id",
        "title_th",
        "title_en",
        "vs_period_plan",
        "vs_annual_target",
        "points_vs_plan",
        "status",
    ]
    assert len(rows) == len(quarter.progress_entries) == len(quarter.projects) == 6
    for row, entry in zip(rows, quarter.progress_entries, strict=True):
        numbered, grouping = entry.project, entry.project.grouping
        assert row["section"] == entry.section == "strategies"
        assert (row["grouping_number"], row["number"]) == (grouping.number, numbered.number)
        assert (row["grouping_id"], row["id"]) == (grouping.grouping.id, numbered.project.id)
        assert (row["grouping_title_th"], row["grouping_title_en"]) == (
            grouping.grouping.title.th,
            grouping.grouping.title.en,
        )
        assert (row["title_th"], row["title_en"]) == (numbered.project.title.th, numbered.project.title.en)
        assert typed(row["vs_period_plan"], entry.progress.vs_period_plan)
        assert typed(row["vs_annual_target"], entry.progress.vs_annual_target)
        # The real report gives neither points nor a status: their cells are empty.
        assert (row["points_vs_plan"], row["status"]) == ("", "")
    # The seed's first project, as the report writes it.
    assert (rows[0]["vs_period_plan"], rows[0]["vs_annual_target"]) == ("85.94", "45.83")
    assert [(row["grouping_number"], row["number"]) for row in rows] == [
        ("1", "1"),
        ("1", "2"),
        ("2", "1"),
        ("2", "2"),
        ("2", "3"),
        ("3", "1"),
    ]


@pytest.mark.parametrize("language", LANGUAGES)
def test_key_figures_csv_gives_every_key_figure(real_site, language):
    quarter = real_site.report.latest
    rows = read_csv((data_dir(real_site, language) / f"{QUARTER}-key-figures.csv").read_bytes())
    expected = [(placed, figure) for placed in quarter.key_figures for figure in placed.block.figures]
    assert len(rows) == len(expected) > 10
    for row, (placed, figure) in zip(rows, expected, strict=True):
        assert (row["section"], row["project_id"], row["figure_id"]) == (
            placed.section,
            placed.project.project.id,
            figure.id,
        )
        assert typed(row["value"], figure.value)
        assert row["qualifier"] == (figure.qualifier or "")
        assert (row["label_th"], row["label_en"]) == (figure.label.th, figure.label.en)
    values = {row["value"] for row in rows}
    assert {"13655", "236330", "39000", "54"} <= values


@pytest.mark.parametrize("language", LANGUAGES)
def test_scorecard_csv_gives_each_component_and_each_quarters_score_but_no_total_row(real_site, language):
    scorecard = real_site.report.latest.scorecard
    rows = read_csv((data_dir(real_site, language) / f"{QUARTER}-scorecard.csv").read_bytes())
    assert list(rows[0]) == [
        "component_number",
        "component_id",
        "title_th",
        "title_en",
        "indicators",
        "weight",
        "score_q1",
        "score_q2",
    ]
    assert len(rows) == len(scorecard.components) == 5
    for number_, (row, component) in enumerate(zip(rows, scorecard.components, strict=True), start=1):
        assert int(row["component_number"]) == number_ and row["component_id"] == component.id
        assert (row["title_th"], row["title_en"]) == (component.title.th, component.title.en)
        assert int(row["indicators"]) == component.indicators
        assert typed(row["weight"], component.weight)
        assert typed(row["score_q1"], component.scores["q1"])
        assert typed(row["score_q2"], component.scores["q2"])
    # Summing the rows gives the report's total: 31.00 out of 100.
    assert sum(Decimal(row["score_q2"]) for row in rows) == 31
    assert sum(Decimal(row["weight"]) for row in rows) == 100


def test_json_holds_the_same_rows_and_the_computed_totals_apart(real_site):
    quarter = real_site.report.latest
    document = json.loads((data_dir(real_site, "en") / f"{QUARTER}.json").read_text(encoding="utf-8"))
    assert (document["period"], document["period_kind"], document["as_of"]) == (QUARTER, "quarter", "2020-03-31")
    assert (document["period_start"], document["period_end"]) == ("2020-01-01", "2020-03-31")
    assert document["title_th"] == quarter.info.title.th
    package = json.loads((data_dir(real_site, "en") / "datapackage.json").read_text(encoding="utf-8"))
    kinds = {
        resource["name"]: {field["name"]: field["type"] for field in resource["schema"]["fields"]}
        for resource in package["resources"]
    }
    for table in ("projects", "key_figures", "scorecard"):
        csv_rows = read_csv((data_dir(real_site, "en") / f"{QUARTER}-{table.replace('_', '-')}.csv").read_bytes())
        # The same rows and values: the CSV files write numbers as typed (100.00), JSON in their shortest form (100).
        assert document[table] == [
            {key: json_value(text, kinds[table][key]) for key, text in row.items()} for row in csv_rows
        ], table
    first = document["projects"][0]
    assert (first["vs_period_plan"], first["vs_annual_target"]) == (85.94, 45.83)
    assert isinstance(document["key_figures"][0]["value"], int)
    assert document["scorecard_totals"] == {"indicators": 24, "weight": 100, "score_q1": 0, "score_q2": 31}


def test_csv_and_json_are_the_same_in_both_languages_and_the_package_speaks_each(real_site):
    thai, english = data_dir(real_site, "th"), data_dir(real_site, "en")
    assert sorted(p.name for p in thai.iterdir()) == sorted(p.name for p in english.iterdir())
    for path in thai.iterdir():
        if path.suffix in (".csv",) or path.name == f"{QUARTER}.json":
            assert path.read_bytes() == (english / path.name).read_bytes(), path.name
    thai_package = json.loads((thai / "datapackage.json").read_text(encoding="utf-8"))
    english_package = json.loads((english / "datapackage.json").read_text(encoding="utf-8"))
    assert thai_package["name"] == english_package["name"] == f"dga-{QUARTER}"
    assert "ไตรมาสที่ 2" in thai_package["title"] and "Quarter 2" in english_package["title"]
    fields = {field["name"]: field for field in english_package["resources"][0]["schema"]["fields"]}
    # Progress is optional now (a report gives what it gives), and may pass 100: at least 0 is its only bound.
    assert fields["vs_annual_target"] == {
        "name": "vs_annual_target",
        "type": "number",
        "description": "progress against the target for the fiscal year, in percent",
        "constraints": {"required": False, "minimum": 0},
    }
    assert fields["vs_period_plan"] == {
        "name": "vs_period_plan",
        "type": "number",
        "description": "progress against this quarter's plan, in percent; above 100 when ahead of plan",
        "constraints": {"required": False, "minimum": 0},
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_frictionless_accepts_the_data_package(real_site, language):
    report = validate(str(data_dir(real_site, language) / "datapackage.json"))
    assert report.valid, report.flatten(["taskName", "rowNumber", "fieldName", "type", "note"])
    assert [task.name for task in report.tasks] == ["projects", "key_figures", "scorecard"]


def test_frictionless_rejects_a_changed_figure(real_site, tmp_path):
    """The package's hashes and constraints are checked: the validation above is not a formality."""
    copy = tmp_path / "data"
    shutil.copytree(data_dir(real_site, "en"), copy)
    scorecard = copy / f"{QUARTER}-scorecard.csv"
    scorecard.write_bytes(scorecard.read_bytes().replace(b",16.25\r\n", b",116.25\r\n"))
    errors = {error[0] for error in validate(str(copy / "datapackage.json")).flatten(["type"])}
    assert "hash-count" in errors


def test_the_same_content_gives_the_same_bytes_and_later_quarters_get_their_columns(tmp_path):
    content = write_synthetic_content(tmp_path / "content")
    write_later_synthetic_quarter(content, 2)
    report = validate_content(content)
    l10n = Renderer(Theme()).localizer("th")
    once = render_open_data(report.site, report.latest, render_period_data(report.latest), l10n).files
    again = render_open_data(report.site, report.latest, render_period_data(report.latest), l10n).files
    assert once == again
    scorecard = read_csv(once["data/2567-q2-scorecard.csv"])
    assert [key for key in scorecard[0] if key.startswith("score_")] == ["score_q1", "score_q2"]
    package = json.loads(once["data/datapackage.json"])
    fields = {field["name"]: field for field in package["resources"][2]["schema"]["fields"]}
    assert fields["score_q2"]["description"] == "คะแนนถ่วงน้ำหนักของไตรมาส 2"


def test_csv_and_json_are_rendered_once_per_quarter_for_every_language(tmp_path, monkeypatch):
    from generator.rendering import pages

    content = write_synthetic_content(tmp_path / "content")
    write_later_synthetic_quarter(content, 2)
    report = validate_content(content)
    calls = []

    def counted(quarter):
        calls.append(str(quarter.id))
        return render_period_data(quarter)

    monkeypatch.setattr(pages, "render_period_data", counted)
    rendered = pages.render_report(report, Renderer(Theme()))
    assert sorted(calls) == ["2567-q1", "2567-q2"]
    for quarter in report.periods:
        thai, english = (r.files for r in rendered if r.period is quarter)
        shared = [path for path in thai if path.endswith((".csv", f"{quarter.id}.json"))]
        assert len(shared) == 4 and all(thai[path] is english[path] for path in shared)
        assert thai["data/datapackage.json"] != english["data/datapackage.json"]
    # A quarter loaded again, after an edit, is rendered again.
    again = validate_content(content)
    renderer = Renderer(Theme())
    first = renderer.period_data(report.latest)
    assert renderer.period_data(report.latest) is first and renderer.period_data(again.latest) is not first
