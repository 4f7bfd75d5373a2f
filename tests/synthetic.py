"""A small synthetic report, written by code, for tests. It is not real data.

Every name in it says it is synthetic, so it can never be mistaken for a
real report. `write_synthetic_content(folder)` writes a complete `content/`
tree: site.yaml and one quarter, 2567-q1, with two strategies, three
projects and three scorecard components.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import yaml

SYNTHETIC_QUARTER = "2567-q1"
SYNTHETIC_FISCAL_YEAR = 2567
# As-of dates of the synthetic quarters 1 to 4 of fiscal year 2567 (October 2023 to September 2024).
SYNTHETIC_AS_OF = ["2023-12-31", "2024-03-31", "2024-06-30", "2024-09-30"]

SITE_YAML = """\
# SYNTHETIC test data: not a real organisation.
organisation:
  name:
    th: หน่วยงานสังเคราะห์เพื่อการทดสอบ
    en: Synthetic Test Agency
  short_name:
    th: สทส.
    en: STA
languages: [th, en]
fiscal_year_start_month: 10
words:
  grouping:
    th: ยุทธศาสตร์
    en: strategy
  groupings:
    th: ยุทธศาสตร์
    en: strategies
base_url: https://synthetic.example.org/reports/
repository_url: https://synthetic.example.org/repo
"""

QUARTER_YAML = """\
# SYNTHETIC test data.
as_of: 2023-12-31
title:
  th: รายงานสังเคราะห์ ไตรมาสที่ 1 ประจำปีงบประมาณ พ.ศ. 2567
  en: Synthetic report, quarter 1, fiscal year 2024
sections: [strategies, scorecard, background, problems]
"""

BACKGROUND_YAML = """\
# SYNTHETIC test data.
title:
  th: ความเป็นมา
  en: Background
blocks:
  - type: text
    paragraphs:
      - th: ย่อหน้าสังเคราะห์แรกเกี่ยวกับความเป็นมาของรายงาน
        en: The first synthetic paragraph about the report's background.
      - th: ย่อหน้าที่สองมีอักขระพิเศษ <b>ตัวหนา</b> และ *ดอกจัน* กับ [ลิงก์](javascript:alert(1))
        en: The second paragraph has special characters <b>bold</b>, *stars* and [a link](javascript:alert(1)).
"""

STRATEGIES_YAML = """\
# SYNTHETIC test data.
title:
  th: ผลการดำเนินงานตามแผนสังเคราะห์
  en: Results under the synthetic plan
nav_title:
  th: ยุทธศาสตร์
  en: Strategies
blocks:
  - type: text
    paragraphs:
      - th: บทนำของแผนสังเคราะห์
        en: The synthetic plan's introduction.
  - type: groupings
    groupings:
      - id: synthetic-alpha
        title:
          th: ยุทธศาสตร์สังเคราะห์แอลฟา
          en: Synthetic strategy alpha
        projects:
          - id: alpha-one
            title:
              th: โครงการสังเคราะห์หนึ่ง
              en: Synthetic project one
            blocks:
              - type: text
                paragraphs:
                  - th: คำอธิบายโครงการสังเคราะห์หนึ่ง ประกอบด้วย
                    en: "The description of synthetic project one, comprising:"
              - type: list
                numbering: numbers
                items:
                  - text:
                      th: รายการย่อยแรก
                      en: The first sub-item
                  - text:
                      th: รายการย่อยที่สอง
                      en: The second sub-item
              - type: text
                paragraphs:
                  - th: ย่อหน้าปิดท้ายของโครงการหนึ่ง
                    en: The closing paragraph of project one.
              - type: key_figures
                figures:
                  - id: synthetic-people
                    value: 12345
                    headline: true
                    label:
                      th: ผู้เข้าร่วมสังเคราะห์
                      en: synthetic participants
                  - id: synthetic-agencies
                    value: 40
                    qualifier: more_than
                    label:
                      th: หน่วยงานสังเคราะห์
                      en: synthetic agencies
            progress:
              vs_period_plan: 87.5
              vs_annual_target: 21.25
          - id: alpha-two
            title:
              th: โครงการสังเคราะห์สอง
              en: Synthetic project two
            blocks:
              - type: text
                paragraphs:
                  - th: คำอธิบายโครงการสังเคราะห์สอง
                    en: The description of synthetic project two.
            progress:
              vs_period_plan: 100
              vs_annual_target: 25
      - id: synthetic-beta
        title:
          th: ยุทธศาสตร์สังเคราะห์เบตา
          en: Synthetic strategy beta
        projects:
          - id: beta-one
            title:
              th: โครงการสังเคราะห์สาม
              en: Synthetic project three
            blocks:
              - type: text
                paragraphs:
                  - th: คำอธิบายโครงการสังเคราะห์สาม
                    en: The description of synthetic project three.
            progress:
              vs_period_plan: 100
              vs_annual_target: 30
"""

SCORECARD_YAML = """\
# SYNTHETIC test data.
title:
  th: ผลตามตัวชี้วัดสังเคราะห์
  en: Results against the synthetic indicators
nav_title:
  th: ผลตามตัวชี้วัด
  en: Scorecard
blocks:
  - type: text
    paragraphs:
      - th: ย่อหน้าก่อนตารางตัวชี้วัดสังเคราะห์
        en: The paragraph before the synthetic scorecard.
  - type: scorecard
    components:
      - id: synthetic-effectiveness
        title:
          th: ด้านประสิทธิผลสังเคราะห์
          en: Synthetic effectiveness
        indicators: 3
        weight: 50
        scores:
          q1: 12.5
      - id: synthetic-efficiency
        title:
          th: ด้านประสิทธิภาพสังเคราะห์
          en: Synthetic efficiency
        indicators: 2
        weight: 30
        scores:
          q1: 7.25
      - id: synthetic-governance
        title:
          th: ด้านการกำกับดูแลสังเคราะห์
          en: Synthetic governance
        indicators: 5
        weight: 20
        scores:
          q1: 0
"""

PROBLEMS_YAML = """\
# SYNTHETIC test data.
title:
  th: ปัญหาและแนวทางแก้ไข
  en: Problems and solutions
blocks:
  - type: list
    title:
      th: ปัญหาสังเคราะห์
      en: Synthetic problems
    items:
      - text:
          th: ปัญหาสังเคราะห์ข้อแรก
          en: The first synthetic problem.
  - type: list
    title:
      th: แนวทางแก้ไขสังเคราะห์
      en: Synthetic solutions
    items:
      - text:
          th: แนวทางแก้ไขสังเคราะห์ข้อแรก
          en: The first synthetic solution.
"""

PERIOD_FILES = {
    "quarter.yaml": QUARTER_YAML,
    "background.yaml": BACKGROUND_YAML,
    "strategies.yaml": STRATEGIES_YAML,
    "scorecard.yaml": SCORECARD_YAML,
    "problems.yaml": PROBLEMS_YAML,
}


def synthetic_projects(plan: dict) -> list[dict]:
    """The projects of a loaded strategies.yaml, in order, to change their figures."""
    return [
        project
        for block in plan["blocks"]
        if block["type"] == "groupings"
        for grouping in block["groupings"]
        for project in grouping["projects"]
    ]


def synthetic_components(scorecard: dict) -> list[dict]:
    """The components of a loaded scorecard.yaml, in order."""
    return next(block["components"] for block in scorecard["blocks"] if block["type"] == "scorecard")


def write_synthetic_content(folder: Path, **replacements: str) -> Path:
    """Write the synthetic content tree into `folder` and return it.

    `replacements` maps a file name with dots as underscores (`scorecard_yaml`)
    to the text to write instead, so that a test can break exactly one file.
    """
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "site.yaml").write_text(replacements.pop("site_yaml", SITE_YAML), encoding="utf-8")
    quarter_dir = folder / SYNTHETIC_QUARTER
    quarter_dir.mkdir(exist_ok=True)
    for name, text in PERIOD_FILES.items():
        key = name.replace(".", "_")
        (quarter_dir / name).write_text(replacements.pop(key, text), encoding="utf-8")
    if replacements:
        raise ValueError(f"unknown files to replace: {sorted(replacements)}")
    return folder


def write_later_synthetic_quarter(folder: Path, number: int, *, disagree_on_q1: bool = False) -> Path:
    """Write quarter `number` (2 to 4) of the synthetic fiscal year, grown from quarter 1.

    Progress against the annual target grows by 20 points a quarter, the synthetic participants (a key figure) by
    100, and each component's weighted score by 5 points, capped at its weight. The
    scorecard repeats the earlier quarters' scores as quarter 1's files give
    them, unless `disagree_on_q1` changes its q1 figure for the first component.
    """
    assert 2 <= number <= 4
    quarter_dir = folder / f"{SYNTHETIC_FISCAL_YEAR}-q{number}"
    quarter_dir.mkdir(parents=True, exist_ok=True)
    info = yaml.safe_load(QUARTER_YAML)
    info["as_of"] = date.fromisoformat(SYNTHETIC_AS_OF[number - 1])
    info["title"] = {
        "th": f"รายงานสังเคราะห์ ไตรมาสที่ {number} ประจำปีงบประมาณ พ.ศ. {SYNTHETIC_FISCAL_YEAR}",
        "en": f"Synthetic report, quarter {number}, fiscal year {SYNTHETIC_FISCAL_YEAR - 543}",
    }
    plan = yaml.safe_load(STRATEGIES_YAML)
    for project in synthetic_projects(plan):
        progress = project["progress"]
        progress["vs_annual_target"] = min(100, progress["vs_annual_target"] + 20 * (number - 1))
        progress["vs_period_plan"] = 100
        for block in project.get("blocks", []):
            for figure in block.get("figures", []):
                if figure["id"] == "synthetic-people":
                    figure["value"] += 100 * (number - 1)
    scorecard = yaml.safe_load(SCORECARD_YAML)
    for index, component in enumerate(synthetic_components(scorecard)):
        first = component["scores"]["q1"]
        component["scores"] = {f"q{k}": min(component["weight"], first + 5 * (k - 1)) for k in range(1, number + 1)}
        if disagree_on_q1 and index == 0:
            component["scores"]["q1"] = first + 1
    return _write_period_files(quarter_dir, info, plan, scorecard)


def without_markup_warnings(report) -> list:
    """The report's warnings, less those about the HTML that the synthetic background holds on purpose."""
    return [warning for warning in report.warnings if "looks like HTML" not in warning.message]


# Synthetic periods of other lengths, for tests/test_periods.py: each period's as-of date, its projects'
# progress against the annual target, and the points added to quarter 1's weighted scores for each score key.
SYNTHETIC_PERIODS = {
    "2566-fy": ("2023-09-30", 90, {"fy": 2}),
    "2567-h1": ("2024-03-31", 50, {"h1": 5}),
    "2567-q3": ("2024-06-30", 70, {"h1": 5, "q3": 7}),
    "2567-h2": ("2024-09-30", 100, {"h1": 5, "h2": 10}),
    "2567-fy": ("2024-09-30", 100, {"h1": 5, "h2": 10, "fy": 12}),
}


# What the figures of a synthetic period cover, where it is more than the period (`covers`).
SYNTHETIC_COVERS = {
    "2567-q3": {
        "th": "ไตรมาสที่ 3 และสะสมตั้งแต่ต้นปีงบประมาณ (ตุลาคม 2566–มิถุนายน 2567)",
        "en": "Q3, and the fiscal year to date (October 2023–June 2024)",
    }
}


def write_synthetic_period(folder: Path, name: str) -> Path:
    """Write the synthetic period `name` (a key of SYNTHETIC_PERIODS) into the content folder `folder`.

    Its texts are quarter 1's, its title names the period, and every project
    is on its plan. Each score is quarter 1's plus the period's points for
    that key, capped at the component's weight.
    """
    as_of, annual, points = SYNTHETIC_PERIODS[name]
    period_dir = folder / name
    period_dir.mkdir(parents=True, exist_ok=True)
    info = yaml.safe_load(QUARTER_YAML)
    info["as_of"] = date.fromisoformat(as_of)
    info["title"] = {"th": f"รายงานสังเคราะห์ {name}", "en": f"Synthetic report {name}"}
    if name in SYNTHETIC_COVERS:
        info["covers"] = SYNTHETIC_COVERS[name]
    plan = yaml.safe_load(STRATEGIES_YAML)
    for project in synthetic_projects(plan):
        project["progress"] = {"vs_period_plan": 100, "vs_annual_target": annual}
    scorecard = yaml.safe_load(SCORECARD_YAML)
    for component in synthetic_components(scorecard):
        first = component["scores"]["q1"]
        component["scores"] = {key: min(component["weight"], first + added) for key, added in points.items()}
    return _write_period_files(period_dir, info, plan, scorecard)


def write_synthetic_periods(folder: Path) -> Path:
    """Write a synthetic content folder with every period of SYNTHETIC_PERIODS (and no quarter 1)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
    for name in SYNTHETIC_PERIODS:
        write_synthetic_period(folder, name)
    return folder


def _write_period_files(folder: Path, info: dict, plan: dict, scorecard: dict) -> Path:
    """Write a period folder's five files: the given date, plan and scorecard, the fixed background and problems."""
    files = {
        "quarter.yaml": info,
        "background.yaml": yaml.safe_load(BACKGROUND_YAML),
        "strategies.yaml": plan,
        "scorecard.yaml": scorecard,
        "problems.yaml": yaml.safe_load(PROBLEMS_YAML),
    }
    for name, data in files.items():
        text = "# SYNTHETIC test data.\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        (folder / name).write_text(text, encoding="utf-8")
    return folder
