"""Sections of typed blocks: each kind is checked with file:line:col, rendered from what is given, and reaches
the open data. The content is tests/synthetic_blocks.py's synthetic section of every block kind.
"""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest

from generator.commands.archive import archive
from generator.commands.build import build
from generator.commands.diff import diff_reports
from generator.commands.new_period import scaffold_period
from generator.errors import ContentError
from generator.project import Project
from generator.reading.validation import validate_content
from generator.rendering.front_door import render_front_door
from generator.rendering.pages import Renderer
from generator.storage.archive import published_content, verify_archive
from generator.theme import Theme

from .conftest import ROOT, build_without_pdfs
from .pages import markdown_table, read_article
from .synthetic import SYNTHETIC_QUARTER, write_later_synthetic_quarter, write_synthetic_content
from .synthetic_blocks import COUNTS_CSV, RESULTS_YAML, write_blocks_content

THEME = Theme()


@pytest.fixture(scope="module")
def blocks_report(tmp_path_factory):
    return validate_content(write_blocks_content(tmp_path_factory.mktemp("blocks") / "content"))


@pytest.fixture(scope="module")
def rendered(blocks_report):
    """The synthetic quarter's pages in each language, by path: {language: {path: markdown}}."""
    renderer = Renderer(THEME, with_pdf=False)
    return {
        language: {
            page.path: page.markdown
            for page in renderer.render_period(blocks_report, blocks_report.latest, language).pages
        }
        for language in ("th", "en")
    }


@pytest.fixture(scope="module")
def blocks_site(tmp_path_factory) -> Path:
    """The synthetic content with the section of every block kind, built in both languages, without PDFs."""
    root = tmp_path_factory.mktemp("blocks-site")
    return build_without_pdfs(root, write_blocks_content(root / "content")).project.site_dir


def rendered_files(blocks_report):
    renderer = Renderer(THEME, with_pdf=False)
    return renderer.render_period(blocks_report, blocks_report.latest, "en").files


def problems_of(content: Path) -> list[str]:
    with pytest.raises(ContentError) as raised:
        validate_content(content)
    return [str(problem) for problem in raised.value.problems]


def with_results(tmp_path: Path, old: str, new: str, csv_text: str = COUNTS_CSV) -> Path:
    assert RESULTS_YAML.count(old) == 1, old
    return write_blocks_content(tmp_path / "content", RESULTS_YAML.replace(old, new), csv_text)


# --- key figures ---------------------------------------------------------------


def test_key_figures_keep_the_decimals_as_typed_with_their_units_sign_and_qualifier(rendered):
    thai, english = rendered["th"]["results.md"], rendered["en"]["results.md"]
    # 19.20 is typed with two decimals: not 19.2; a negative value gets a true minus sign.
    assert "| งบประมาณสังเคราะห์ | 19\\.20 ล้านบาท | เป้าหมายสังเคราะห์ 25\\.00 ล้านบาท |" in thai
    assert "| synthetic budget | 19\\.20 million baht | synthetic target: 25\\.00 million baht |" in english
    assert "| การเปลี่ยนแปลงสังเคราะห์ | ประมาณ \u22123.50% | – |" in thai
    assert "| synthetic change | about \u22123.50% | – |" in english


def test_key_figures_outside_projects_are_on_the_overview_too(rendered):
    overview = rendered["en"]["index.md"]
    assert "### [Synthetic figures](results.md)" in overview
    assert "| synthetic budget | 19\\.20 million baht |" in overview


# --- tables --------------------------------------------------------------------


def test_a_tables_totals_and_subtotals_are_computed_exactly(rendered):
    rows = markdown_table(rendered["en"]["results.md"], "synthetic-money")
    # 1,234.50 + 100.25 = 1,334.75; with the expenses, 834.75. The empty cell counts for nothing, and shows "–".
    assert ["Synthetic income B", "100.25", "–"] in rows
    assert ["*Total, Synthetic income*", "*1,334.75*", "*1,000.05*"] in rows
    assert ["**Synthetic total**", "**834.75**", "**599.95**"] in rows
    assert ["Synthetic expenses", "\u2212500.00", "\u2212400.10"] in rows
    # The heading's two rows: the item column spans both; the two years stand under the heading over them.
    assert rows[:2] == [
        ["Item", "Synthetic years"],
        ["This synthetic year (baht)", "Last synthetic year[^results-restated] (baht)"],
    ]


def test_a_total_row_takes_the_cells_the_report_gives_and_footnotes_on_its_sums(rendered):
    scores = markdown_table(rendered["en"]["results.md"], "synthetic-scores")
    # The members are summed (3 + 5); the average is the report's own, with its footnote, never computed.
    assert scores[-1] == ["**All synthetic bands**", "**8**", "**84.47**[^results-average-note]"]
    # A text cell of two lines keeps them, one under the other; a line's "-" is text, not a list.
    assert scores[2][0] == "Synthetic band B<br>\\- a second synthetic line"
    # Where the report prints a word in place of a number, the cell shows it, and the sum counts it for nothing.
    assert scores[3] == ["Synthetic band C", "no synthetic data", "N/A"]
    assert markdown_table(rendered["th"]["results.md"], "synthetic-scores")[3][1:] == ["ไม่มีข้อมูลสังเคราะห์", "N/A"]
    counts = markdown_table(rendered["en"]["results.md"], "synthetic-counts")
    assert counts[-1] == ["**Total**", "**1,287**[^results-counts-note]"]
    page = rendered["en"]["results.md"]
    assert "\n[^results-counts-note]: A synthetic note on a total.\n" in page
    assert "\n[^results-average-note]: A synthetic note on an average.\n" in page


def test_numbers_the_report_gives_stand_before_the_headings_they_number(rendered):
    page = rendered["th"]["results.md"]
    assert page.split("\n---\n\n", 1)[1].startswith("# 3\\. ผลการดำเนินงานสังเคราะห์อื่น ๆ\n")
    assert "\n## 3\\.1 ตารางเงินสังเคราะห์ { #table-synthetic-money }\n" in page
    assert "\n## 3\\.9 ข้อความสังเคราะห์ที่มีเลข\n" in page
    printed = rendered["en"]["print.md"]
    assert "\n- [3\\. Other synthetic results](#section-results)\n" in printed
    assert "\n## 3\\. Other synthetic results { #section-results .rs-print-section }\n" in printed


def test_the_built_table_has_a_heading_over_its_columns_and_footnotes_in_its_total_row(blocks_site):
    page = (blocks_site / "en" / SYNTHETIC_QUARTER / "results" / "index.html").read_text(encoding="utf-8")
    table = page[page.index("<table", page.index('id="table-synthetic-money"')) :]
    table = table[: table.index("</table>")]
    heading = table[table.index("<thead") : table.index("</thead>")]
    assert re.search(r'<th rowspan="2" scope="col" style="text-align: left;">Item</th>', heading), heading
    assert '<th colspan="2" scope="colgroup" style="text-align: center;">Synthetic years</th>' in heading
    assert '<th class="rs-row-label" colspan="3" scope="rowgroup" style="text-align: left;">Synthetic income' in table
    # On a phone, each row is a card whose figures say their column: "Synthetic years · 2566" over two rows.
    assert re.search(r'<td data-label="Synthetic years · [^"]+" style="text-align: right;">', table), table
    assert "<strong>834.75</strong>" in table
    scores = page[page.index('id="table-synthetic-scores"') :]
    scores = scores[: scores.index("</table>")]
    # The footnote of the given average is a real footnote of the page: a link down to its text, and back.
    mark = re.search(
        r'<strong>84.47</strong><sup id="(fnref:[^"]+)"><a class="footnote-ref" href="#(fn:[^"]+)">', scores
    )
    assert mark, scores
    assert re.search(f'<li id="{mark.group(2)}">\\s*<p>A synthetic note on an average.', page)
    text, _ = read_article(blocks_site / "th" / SYNTHETIC_QUARTER / "results" / "index.html")
    assert "3. ผลการดำเนินงานสังเคราะห์อื่น ๆ" in text and "3.1 ตารางเงินสังเคราะห์" in text
    # A table's download link is a paragraph of its own: what follows the table (a list) is not run into it.
    downloads = re.findall(r'<p class="rs-download">(.*?)</p>', page, re.S)
    assert len(downloads) == page.count("Download this table (CSV)") == 5
    assert all(re.fullmatch(r'<a href="[^"]+\.csv">Download this table \(CSV\)</a>', d) for d in downloads)
    assert "{:" not in read_article(blocks_site / "en" / SYNTHETIC_QUARTER / "results" / "index.html")[0]
    # The navigation names the section with its number.
    assert re.search(r'class="md-nav__link[^"]*"[^>]*>\s*<span class="md-ellipsis">\s*3\. Other results', page)


def test_a_cells_footnote_and_a_texts_footnote_are_real_footnotes_of_the_page(rendered):
    page = rendered["th"]["results.md"]
    assert ["ค่าใช้จ่ายสังเคราะห์", "\u2212500.00", "\u2212400.10"] in markdown_table(page, "synthetic-money")
    assert ["รายได้สังเคราะห์ ก", "1,234.50", "1,000.05[^results-restated]"] in markdown_table(page, "synthetic-money")
    assert "ข้อสังเคราะห์ระดับสอง[^results-synthetic-note]" in page
    assert "\n[^results-restated]: ตัวเลขสังเคราะห์ที่ปรับปรุงใหม่\n" in page
    assert "\n[^results-synthetic-note]: เชิงอรรถสังเคราะห์\n" in page
    # Footnotes belong to their section's page, not to other pages.
    assert "[^results-" not in rendered["th"]["background.md"]
    # The print edition, one page for every section, keeps each footnote once, keyed by its section.
    printed = rendered["th"]["print.md"]
    assert printed.count("\n[^results-restated]: ตัวเลขสังเคราะห์ที่ปรับปรุงใหม่\n") == 1
    assert ["รายได้สังเคราะห์ ก", "1,234.50", "1,000.05[^results-restated]"] in markdown_table(printed, "synthetic-money")


def test_a_tables_rows_from_a_csv_file_as_excel_saves_it(rendered):
    # A byte order mark, CRLF, and "1,250" quoted with its thousands comma.
    rows = markdown_table(rendered["en"]["results.md"], "synthetic-counts")
    assert rows[1:3] == [["Synthetic channel A", "1,250"], ["Synthetic channel B", "37"]]
    assert rows[3][:2] == ["**Total**", "**1,287**[^results-counts-note]"]


def test_every_table_is_a_csv_file_and_its_totals_are_in_the_json_file(blocks_report):
    files = rendered_files(blocks_report)
    money = files[f"data/{SYNTHETIC_QUARTER}-table-synthetic-money.csv"].decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(money)))
    # The header names the columns as a table's rows_file does (item.th, item.en), so a download can be fed back;
    # the numbers are as typed, decimals kept.
    assert [row["item.en"] for row in rows] == ["Synthetic income A", "Synthetic income B", "Synthetic expenses"]
    assert [row["group.en"] for row in rows] == ["Synthetic income", "Synthetic income", ""]
    assert [row["this-year"] for row in rows] == ["1234.50", "100.25", "-500.00"]
    assert rows[1]["last-year"] == ""  # empty, not zero
    document = json.loads(files[f"data/{SYNTHETIC_QUARTER}.json"])
    assert document["table_totals"]["table-synthetic-money"] == {"this-year": 834.75, "last-year": 599.95}
    assert document["table_totals"]["table-synthetic-counts"] == {"cases": 1287}
    # A total row's given cell is in it too, as given: the average is not the sum of the rows.
    assert document["table_totals"]["table-synthetic-scores"] == {"members": 8, "average": 84.47}


def test_the_data_package_describes_a_columns_unit_and_the_heading_over_it(blocks_report):
    files = Renderer(THEME, with_pdf=False).render_period(blocks_report, blocks_report.latest, "th").files
    package = json.loads(files["data/datapackage.json"])
    money = next(r for r in package["resources"] if r["name"] == "table-synthetic-money")
    fields = {field["name"]: field["description"] for field in money["schema"]["fields"]}
    assert fields["this-year"] == "ปีสังเคราะห์: ปีสังเคราะห์นี้ (บาท)"
    assert fields["item.th"] == "รายการ ภาษาไทย"
    # A unit given for the whole table describes its number columns.
    counts = next(r for r in package["resources"] if r["name"] == "table-synthetic-counts")
    assert [field["description"] for field in counts["schema"]["fields"]] == [
        "ช่องทางสังเคราะห์ ภาษาไทย",
        "ช่องทางสังเคราะห์ ภาษาอังกฤษ",
        "จำนวนเรื่อง (เรื่องสังเคราะห์)",
    ]


def test_a_unit_for_the_whole_table_stands_under_its_caption(rendered):
    page = rendered["th"]["results.md"]
    caption = page.index("{ #table-synthetic-counts }")
    assert page[caption:].startswith("{ #table-synthetic-counts }\n\nหน่วย: เรื่องสังเคราะห์\n{: .rs-table-unit }\n\n<table")
    # The columns' headings do not repeat it.
    assert markdown_table(page, "synthetic-counts")[0] == ["ช่องทางสังเคราะห์", "จำนวนเรื่อง"]


def test_a_table_chart_draws_the_columns_asked_for_with_a_key(rendered):
    page = rendered["en"]["results.md"]
    chart = page[page.index('id="chart-table-synthetic-money"') :]
    chart = chart[: chart.index("</figure>")]
    # In the wide drawing and in the narrow one for phones: three rows of two columns, less the empty cell; the
    # negative bars start at zero and run left.
    for drawing in ("chart-table-synthetic-money", "chart-table-synthetic-money-narrow"):
        bars = re.findall(rf'<rect id="{drawing}-(\d)-(\d)" x="([\d.]+)" y="[\d.]+" width="([\d.]+)"', chart)
        assert sorted((series, row) for series, row, _, _ in bars) == [
            ("0", "0"),
            ("0", "1"),
            ("0", "2"),
            ("1", "0"),
            ("1", "2"),
        ], drawing
        x = {(series, row): (float(left), float(width)) for series, row, left, width in bars}
        zero = x[("0", "0")][0]
        assert x[("0", "2")][0] + x[("0", "2")][1] == pytest.approx(zero)  # −500 ends at zero
        assert x[("0", "0")][1] / x[("0", "2")][1] == pytest.approx(1234.5 / 500, rel=0.01)
    # The key names each column under the heading over it, with its unit, and without the footnote mark of its
    # title, in both drawings.
    assert chart.count(">Synthetic years: This synthetic year (baht)</text>") == 2
    assert chart.count(">Synthetic years: Last synthetic year (baht)</text>") == 2
    assert "[^" not in chart


# --- progress ------------------------------------------------------------------


def test_progress_shows_only_what_is_given_beyond_100_and_signed(rendered):
    page = rendered["en"]["results.md"]
    assert "| Synthetic item ahead of plan | 123.00 | – | +2.77 | – |" in page
    assert "| Synthetic item behind plan | – | 40.00 | \u221212.40 | behind plan |" in page


def test_a_projects_progress_sentence_says_only_what_is_given(tmp_path):
    content = write_synthetic_content(tmp_path / "content")
    plan = content / SYNTHETIC_QUARTER / "strategies.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(
        text.replace("vs_period_plan: 87.5\n              vs_annual_target: 21.25", "points_vs_plan: -3.5"),
        encoding="utf-8",
    )
    report = validate_content(content)
    pages = {
        p.path: p.markdown for p in Renderer(THEME, with_pdf=False).render_period(report, report.latest, "en").pages
    }
    page = pages["strategies/synthetic-alpha.md"]
    assert "\n3\\.50 percentage points behind plan.\n" in page  # escaped: "3." would start a numbered list
    alpha_one = page[page.index("{ #alpha-one-progress }") : page.index("{ #alpha-two }")]
    assert "% of the quarter plan" not in alpha_one and "target" not in alpha_one
    # Without every project's plan figure, the overview still counts: points behind is behind plan.
    overview = pages["index.md"]
    assert "[Projects behind their quarter plan](#rs-progress)" in overview
    assert '1 <span class="rs-tile__unit">of 3 projects</span>' in overview


def test_without_a_scorecard_no_total_score_is_stated_anywhere(tmp_path):
    content = write_synthetic_content(tmp_path / "content")
    quarter = content / SYNTHETIC_QUARTER
    (quarter / "scorecard.yaml").unlink()
    info = quarter / "quarter.yaml"
    info.write_text(info.read_text(encoding="utf-8").replace("strategies, scorecard,", "strategies,"), "utf-8")
    report = validate_content(content)
    renderer = Renderer(THEME, with_pdf=False)
    for language, words in (("en", "Total score"), ("th", "คะแนนรวม")):
        pages = renderer.render_period(report, report.latest, language).pages
        assert all(words not in page.markdown for page in pages), language
        assert "scorecard.md" not in {page.path for page in pages}
    front = render_front_door(report, THEME, renderer.localizers(["th", "en"]))
    assert "Total score" not in front and "คะแนนรวม" not in front
    assert "Projects on their quarter plan: 2 of 3 projects" in front


def test_a_period_with_only_its_title_and_date_builds_and_says_nothing_else(tmp_path):
    content = write_synthetic_content(tmp_path / "content")
    quarter = content / SYNTHETIC_QUARTER
    for name in ("strategies", "scorecard", "background", "problems"):
        (quarter / f"{name}.yaml").unlink()
    info = quarter / "quarter.yaml"
    info.write_text(re.sub(r"sections: .*\n", "", info.read_text(encoding="utf-8")), encoding="utf-8")
    project = Project.at(
        ROOT,
        content_dir=content,
        site_dir=tmp_path / "site",
        work_dir=tmp_path / "work",
        archive_dir=tmp_path / "no-archive",
    )
    build(project, jobs=1)
    text, rows = read_article(tmp_path / "site" / "en" / SYNTHETIC_QUARTER / "index.html")
    assert "Data as of: 31 December 2023" in text
    assert "The report of this period has no content yet." in text
    for unsaid in ("Total score", "Project progress", "Key figures", "Projects on"):
        assert unsaid not in text
    assert rows == []
    front = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    assert "Total score" not in front and "<br>" not in front.split("<li>")[1].split("</li>")[0]


# --- lists ---------------------------------------------------------------------


def test_a_list_numbered_by_the_report_nests_three_levels(rendered):
    page = rendered["en"]["results.md"]
    assert "- **4\\.2**{: .rs-number } A synthetic first-level point\n" in page
    assert "    - **4\\.2.1**{: .rs-number } A synthetic second-level point[^results-synthetic-note]\n" in page
    assert "        - **4\\.2.1.1**{: .rs-number } A synthetic third-level point\n" in page


def test_computed_numbers_under_a_project_continue_its_number(rendered):
    page = rendered["th"]["strategies/synthetic-alpha.md"]
    assert "- **1\\.1**{: .rs-number } รายการย่อยแรก\n" in page and "- **1\\.2**{: .rs-number } รายการย่อยที่สอง\n" in page


# --- validation, file:line:col ---------------------------------------------------


def test_a_misspelt_block_type_is_named_with_a_suggestion(tmp_path):
    content = with_results(tmp_path, "  - type: progress\n", "  - type: progres\n")
    [problem] = problems_of(content)
    assert re.fullmatch(
        r".*results\.yaml:\d+:\d+: blocks\[3\]\.type: unknown block type 'progres'; did you mean 'progress'\?", problem
    )


def test_a_cell_of_the_wrong_type_is_pointed_at(tmp_path):
    content = with_results(tmp_path, "            this-year: 100.25\n", "            this-year: 100.25 บาท\n")
    [problem] = problems_of(content)
    line = RESULTS_YAML.splitlines().index("            this-year: 100.25") + 1
    assert problem.endswith(
        f"results.yaml:{line}:24: blocks[1].rows[0].rows[1].this-year (synthetic-money): "
        "expected a number in the money column 'this-year', got text '100.25 บาท'; "
        "write the number alone (100.25): its unit goes in the column's `unit`"
    ), problem


def test_a_csv_files_problems_name_its_line_column_and_field(tmp_path):
    bad = COUNTS_CSV.replace('"1,250"', "1250%").replace(",37", ",สามสิบเจ็ด")
    content = with_results(tmp_path, "rows_file: synthetic-counts.csv", "rows_file: synthetic-counts.csv", bad)
    lines = bad.lstrip("\ufeff").splitlines()
    csv_file = content / SYNTHETIC_QUARTER / "synthetic-counts.csv"
    # The column is the character where the cell starts on its line, as an editor's text editor counts.
    assert problems_of(content) == [
        f"{csv_file}:2:{lines[1].index('1250%') + 1}: cases: "
        "expected a number like 1234.50, 1,234.50 or -45.18, got '1250%'; remove the %",
        f"{csv_file}:3:{lines[2].index('สามสิบเจ็ด') + 1}: cases: "
        "expected a number like 1234.50, 1,234.50 or -45.18, got 'สามสิบเจ็ด'",
    ]


def test_a_heading_over_columns_names_columns_that_stand_side_by_side_under_no_other(tmp_path):
    content = with_results(
        tmp_path,
        "        columns: [this-year, last-year]\n",
        "        columns: [this-year, last-yaer]\n"
        "      - title: {th: กลุ่มสังเคราะห์, en: Synthetic group}\n"
        "        columns: [item, last-year]\n"
        "      - title: {th: กลุ่มสังเคราะห์สอง, en: Second synthetic group}\n"
        "        columns: [this-year]\n",
    )
    lines = RESULTS_YAML.splitlines()
    line = lines.index("        columns: [this-year, last-year]") + 1
    assert [p.split("results.yaml:", 1)[1] for p in problems_of(content)] == [
        f"{line}:30: blocks[1].column_groups[0].columns[1] (synthetic-money): "
        "unknown column 'last-yaer'; the table's columns are: item, this-year, last-year",
        f"{line + 2}:18: blocks[1].column_groups[1].columns (synthetic-money): "
        "a group's columns must stand side by side, in the table's order: item, last-year",
        f"{line + 4}:19: blocks[1].column_groups[2].columns[0]"
        f" (synthetic-money): the column 'this-year' is already under another group",
    ]


def test_a_total_rows_given_cells_and_notes_are_checked_and_a_typed_sum_is_warned_about(tmp_path):
    content = with_results(
        tmp_path,
        "    total_cells:\n      average:\n",
        "    total_notes:\n      average: average-note\n    total_cells:\n      members: 8\n      average:\n",
    )
    problems = [p.split(": ", 1)[1] for p in problems_of(content)]
    assert problems == [
        "blocks[5].total_notes.average (synthetic-scores): expected the id of a column with `total: true`"
        " (summed: members); "
        "a footnote on a cell of `total_cells` goes in that cell: {value: 12.5, note: footnote-id}",
        "blocks[5].total_cells.members (synthetic-scores): the column 'members' is summed (`total: true`): "
        "its total is computed, never typed",
    ]
    # A given total that is only the sum of its column's rows is a sum typed twice: the editor is told so.
    content = with_results(
        tmp_path / "typed-sum",
        "      average:\n        value: 84.47\n        note: average-note\n",
        "      average: 171.75\n",
    )
    warnings = [str(w) for w in validate_content(content).warnings if "sum of the column" in w.message]
    assert len(warnings) == 1 and warnings[0].endswith(
        "blocks[5].total_cells.average (synthetic-scores): warning: 171.75 is the sum of the column's rows: "
        "give the column `total: true` and leave this cell out, so that the site computes it"
    ), warnings


def test_a_word_in_place_of_a_number_is_a_text_alone_and_a_code_needs_no_translation(tmp_path, blocks_report):
    # "N/A", the same in both languages, is a code, not an untranslated text.
    assert not [w for w in blocks_report.warnings if "total" not in w.field and "blocks[5].rows" in w.field]
    content = with_results(
        tmp_path, "          text: {th: N/A, en: N/A}\n", "          text: {th: N/A, en: N/A}\n          value: 1\n"
    )
    [problem] = problems_of(content)
    assert problem.endswith(
        "blocks[5].rows[2].average (synthetic-scores): a cell with a footnote is written "
        "`{value: 12.5, note: footnote-id}`; a word in place of a number, `{text: {th: …, en: …}}` "
        "(with a `note` if it has one)"
    ), problem


def test_a_number_before_a_heading_needs_the_heading(tmp_path):
    content = with_results(tmp_path, "    numbering: given\n", '    numbering: given\n    number: "4"\n')
    validate_content(content)  # the list has a title
    content = with_results(
        tmp_path / "no-title",
        '    number: "3.9"\n    title:\n      th: ข้อความสังเคราะห์ที่มีเลข\n      en: A synthetic numbered text\n',
        '    number: "3.9"\n',
    )
    [problem] = problems_of(content)
    assert problem.endswith(
        "blocks[7].number: a number goes before the block's heading: give the block its `title` too"
    )


def test_a_missing_footnote_and_missing_given_numbers_are_all_reported(tmp_path):
    content = with_results(
        tmp_path,
        '      - number: "4.2"\n',
        "      - text:\n"
        "          th: ข้อที่ไม่มีเลข[^no-such-note]\n"
        "          en: A point without its number[^no-such-note]\n"
        '      - number: "4.2"\n',
    )
    problems = problems_of(content)
    assert any(
        "blocks[4].items[0]: the list's numbering is `given`: give this item its `number`" in p for p in problems
    )
    assert any(
        "blocks[4].items[0].text.th: the footnote [^no-such-note] is not among the section's footnotes" in p
        for p in problems
    )
    assert any(".text.en: the footnote [^no-such-note]" in p for p in problems)


def test_a_problem_inside_a_groupings_block_points_at_its_own_line(tmp_path):
    # The block kind `groupings` is also the name of its field: the path and the line must still be the field's.
    content = write_synthetic_content(tmp_path / "content")
    plan = content / SYNTHETIC_QUARTER / "strategies.yaml"
    text = plan.read_text(encoding="utf-8")
    plan.write_text(text.replace("vs_annual_target: 30", "vs_annual_target: '30'\n              vs_plan: 3"), "utf-8")
    lines = plan.read_text(encoding="utf-8").splitlines()
    line = lines.index("              vs_annual_target: '30'") + 1
    assert [problem.split(": ", 1)[1] for problem in problems_of(content)] == [
        "blocks[1].groupings[1].projects[0].progress.vs_annual_target (synthetic-beta › beta-one): "
        "expected a number, got text '30'; write it without quotes",
        "blocks[1].groupings[1].projects[0].progress.vs_plan"
        " (synthetic-beta › beta-one): unknown field 'vs_plan'; did you mean 'vs_period_plan'?",
    ]
    assert [problem.split(": ", 1)[0] for problem in problems_of(content)] == [
        f"{plan}:{line}:33",
        f"{plan}:{line + 1}:15",
    ]


def test_a_new_periods_empty_progress_says_it_is_not_filled_in(tmp_path):
    content = write_synthetic_content(tmp_path / "content")
    scaffold_period(content, "2567-q2")
    problems = [p for p in problems_of(content) if "2567-q2" in p and ".progress (" in p]
    assert len(problems) == 3
    assert all(
        p.endswith("not filled in yet: give this period's vs_period_plan, vs_annual_target (at least one of them)")
        for p in problems
    ), problems


def test_progress_with_nothing_given_is_refused(tmp_path):
    content = with_results(
        tmp_path, "          vs_period_plan: 123\n          points_vs_plan: 2.77\n", "          {}\n"
    )
    problems = problems_of(content)
    assert (
        len(problems) == 1 and "blocks[3].items[0].progress (synthetic-item-ahead): give at least one of" in problems[0]
    ), problems


def test_two_sections_may_not_share_an_id(tmp_path):
    content = with_results(tmp_path, "id: synthetic-item-behind", "id: beta-one")
    [problem] = problems_of(content)
    assert "blocks[3].items[1].id (beta-one): duplicate id 'beta-one' (first used on strategies.yaml, line" in problem


# --- downstream: diff -------------------------------------------------------------


def test_diff_names_a_changed_table_cell_and_key_figure(tmp_path, english):
    before = validate_content(write_blocks_content(tmp_path / "before" / "content"))
    after = validate_content(
        write_blocks_content(
            tmp_path / "after" / "content",
            RESULTS_YAML.replace("value: 19.20", "value: 19.25")
            .replace("this-year: -500.00", "this-year: -510.00")
            .replace("value: 84.47", "value: 84.50"),
        )
    )
    # A cell is named by its row and its column's heading as the table shows it: the heading over it, its unit.
    assert [(line.period, line.text) for line in diff_reports(before, after, english)] == [
        (SYNTHETIC_QUARTER, "Other results: synthetic budget 19.20 million baht → 19.25 million baht"),
        (
            SYNTHETIC_QUARTER,
            "Other results · Synthetic money table: row 3 · Synthetic years: This synthetic year (baht) "
            "\u2212500.00 → \u2212510.00",
        ),
        (
            SYNTHETIC_QUARTER,
            "Other results · Synthetic score table: All synthetic bands · Synthetic average 84.47 → 84.50",
        ),
    ]


def test_a_new_period_lists_every_cell_and_figure_of_each_block(tmp_path, thai, english):
    before = validate_content(write_blocks_content(tmp_path / "before" / "content"))
    content = write_blocks_content(tmp_path / "after" / "content")
    quarter = write_later_synthetic_quarter(content, 2)
    changed = RESULTS_YAML.replace("this-year: -500.00", "this-year: -510.00").replace(
        "status: behind", "status: on_plan"
    )
    (quarter / "results.yaml").write_text(changed, encoding="utf-8")
    (quarter / "synthetic-counts.csv").write_bytes(COUNTS_CSV.encode("utf-8"))
    info = quarter / "quarter.yaml"
    info.write_text(info.read_text(encoding="utf-8").replace("- scorecard\n", "- scorecard\n- results\n"), "utf-8")
    after = validate_content(content)
    lines = [line.text for line in diff_reports(before, after, english) if line.text.startswith("Other results")]
    money = "Other results · Synthetic money table: row"
    assert lines == [
        "Other results: title «Other synthetic results»",
        "Other results: synthetic budget 19.20 million baht (Q1: 19.20 million baht, 0.00 million baht)",
        "Other results: synthetic budget · compared with synthetic target 25.00 million baht "
        "(Q1: 25.00 million baht, 0.00 million baht)",
        "Other results: synthetic change about \u22123.50% (Q1: about \u22123.50%, 0.00%)",
        f"{money} 1 · Item «Synthetic income A»",
        f"{money} 1 · Synthetic years: This synthetic year (baht) 1,234.50 (Q1: 1,234.50, 0.00)",
        f"{money} 1 · Synthetic years: Last synthetic year (baht) 1,000.05 (Q1: 1,000.05, 0.00)",
        f"{money} 2 · Item «Synthetic income B»",
        f"{money} 2 · Synthetic years: This synthetic year (baht) 100.25 (Q1: 100.25, 0.00)",
        f"{money} 2 · Synthetic years: Last synthetic year (baht) – (Q1: –)",
        f"{money} 3 · Item «Synthetic expenses»",
        f"{money} 3 · Synthetic years: This synthetic year (baht) \u2212510.00 (Q1: \u2212500.00, \u221210.00)",
        f"{money} 3 · Synthetic years: Last synthetic year (baht) \u2212400.10 (Q1: \u2212400.10, 0.00)",
        # The CSV file's rows.
        "Other results · Synthetic count table: row 1 · Synthetic channel «Synthetic channel A»",
        "Other results · Synthetic count table: row 1 · Cases (synthetic cases) 1,250 (Q1: 1,250, 0)",
        "Other results · Synthetic count table: row 2 · Synthetic channel «Synthetic channel B»",
        "Other results · Synthetic count table: row 2 · Cases (synthetic cases) 37 (Q1: 37, 0)",
        # The progress block's items: points as the site shows them, with their sign.
        "Other results · Synthetic item ahead of plan: % of the quarter plan 123.00 (Q1: 123.00, 0.00)",
        "Other results · Synthetic item ahead of plan: points ahead of or behind plan +2.77 (Q1: +2.77, 0.00)",
        "Other results · Synthetic item behind plan: % of the annual target 40.00 (Q1: 40.00, 0.00)",
        "Other results · Synthetic item behind plan: points ahead of or behind plan \u221212.40 "
        "(Q1: \u221212.40, 0.00)",
        "Other results · Synthetic item behind plan: status on plan (Q1: behind plan)",
        "Other results · Synthetic score table: row 1 · Synthetic band «Synthetic band A»",
        "Other results · Synthetic score table: row 1 · Synthetic members 3 (Q1: 3, 0)",
        "Other results · Synthetic score table: row 1 · Synthetic average 91.50 (Q1: 91.50, 0.00)",
        "Other results · Synthetic score table: row 2 · Synthetic band «Synthetic band B - a second synthetic line»",
        "Other results · Synthetic score table: row 2 · Synthetic members 5 (Q1: 5, 0)",
        "Other results · Synthetic score table: row 2 · Synthetic average 80.25 (Q1: 80.25, 0.00)",
        # A word in place of a number is a text, as the page shows it.
        "Other results · Synthetic score table: row 3 · Synthetic band «Synthetic band C»",
        "Other results · Synthetic score table: row 3 · Synthetic members «no synthetic data»",
        "Other results · Synthetic score table: row 3 · Synthetic average «N/A»",
        "Other results · Synthetic score table: All synthetic bands · Synthetic average 84.47 (Q1: 84.47, 0.00)",
    ]
    thai_lines = [line.text for line in diff_reports(before, after, thai)]
    assert (
        "ผลสังเคราะห์อื่น · ตารางเงินสังเคราะห์: แถว 3 · ปีสังเคราะห์: ปีสังเคราะห์นี้ (บาท) "
        "\u2212510.00 (ไตรมาส 1: \u2212500.00, \u221210.00)"
    ) in thai_lines
    assert "ผลสังเคราะห์อื่น · รายการสังเคราะห์ที่ช้ากว่าแผน: สถานะ เป็นไปตามแผน (ไตรมาส 1: ช้ากว่าแผน)" in thai_lines


def test_the_loaded_numbers_are_decimals_as_typed(blocks_report):
    placed = blocks_report.latest.key_figures
    budget = next(figure for p in placed for figure in p.block.figures if figure.id == "synthetic-budget")
    assert budget.value == Decimal("19.20") and str(budget.value) == "19.20"


# --- downstream: a new period, the archive -----------------------------------------


def test_a_new_period_empties_this_periods_figures_in_every_block_and_keeps_tables(tmp_path):
    content = write_blocks_content(tmp_path / "content")
    folder = scaffold_period(content, "2567-q2").folder
    assert (folder / "synthetic-counts.csv").read_bytes() == COUNTS_CSV.encode("utf-8")
    with pytest.raises(ContentError) as caught:
        validate_content(content)
    results = sorted(p.field for p in caught.value.problems if p.file.name == "results.yaml")
    # The key figures' values and the progress block's figures are this period's: emptied. Tables keep their rows.
    assert results == [
        "blocks[0].figures[0].value",
        "blocks[0].figures[1].value",
        "blocks[3].items[0].progress",
        "blocks[3].items[1].progress",
    ]
    kept = (folder / "results.yaml").read_text(encoding="utf-8")
    # Decimals as typed survive the copy: 1234.50 is not rewritten as 1234.5.
    assert "this-year: 1234.50" in kept and "value: 1000.05" in kept


def test_an_archived_period_of_every_block_kind_is_frozen_and_verified(tmp_path, pdftotext):
    content = write_blocks_content(tmp_path / "content")
    project = Project.at(
        ROOT,
        content_dir=content,
        site_dir=tmp_path / "site",
        work_dir=tmp_path / "work",
        archive_dir=tmp_path / "archive",
    )
    archive(project, SYNTHETIC_QUARTER, allow_placeholder_url=True)
    frozen = project.archive_dir / SYNTHETIC_QUARTER
    assert verify_archive(project.archive_dir) == []
    page = frozen / "site" / "en" / "results" / "index.html"
    text, _ = read_article(page)
    assert "Synthetic total" in text and "834.75" in text
    assert (frozen / "site" / "en" / "data" / f"{SYNTHETIC_QUARTER}-table-synthetic-money.csv").is_file()
    # The PDF edition, printed from the print page, carries the tables' totals and the footnotes' texts.
    pdf = frozen / "site" / "en" / f"sta-{SYNTHETIC_QUARTER}-en.pdf"
    printed = subprocess.run([pdftotext, "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    assert "Synthetic total" in printed and "834.75" in printed
    assert "A restated synthetic figure." in printed and "A synthetic footnote." in printed
    # An edit to a figure of a table, once archived, is warned about and the site keeps what was published.
    results = content / SYNTHETIC_QUARTER / "results.yaml"
    results.write_text(results.read_text(encoding="utf-8").replace("this-year: 100.25", "this-year: 100.50"), "utf-8")
    report = validate_content(content, published=published_content(project.archive_dir))
    [warning] = [w for w in report.warnings if "archived" in w.message]
    assert warning.field == "blocks[1].rows[0].rows[1].this-year" and "published with 100.25" in warning.message
    build(project, jobs=1)
    assert "834.75" in read_article(tmp_path / "site" / "en" / SYNTHETIC_QUARTER / "results" / "index.html")[0]


def test_a_downloaded_table_can_be_given_back_as_a_tables_rows_file(blocks_report, tmp_path):
    # The open data's CSV of a table, accounting-format negatives as Excel may write them, read back as rows.
    files = rendered_files(blocks_report)
    downloaded = files[f"data/{SYNTHETIC_QUARTER}-table-synthetic-counts.csv"].decode("utf-8-sig")
    assert downloaded.splitlines()[0] == "channel.th,channel.en,cases"
    yaml_text = RESULTS_YAML.replace("type: count\n        total: true", "type: number\n        total: true")
    content = write_blocks_content(tmp_path / "content", yaml_text, downloaded.replace(",37", ",(37.50)"))
    report = validate_content(content)
    counts = next(p.block for p in report.latest.tables if p.block.id == "synthetic-counts")
    assert [row["cases"] for row in counts.data_rows] == [Decimal("1250"), Decimal("-37.50")]
