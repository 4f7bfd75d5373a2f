"""A synthetic section with every kind of block, for tests. It is not real data: every name says synthetic.

`write_blocks_content(folder)` writes the synthetic content (tests/synthetic.py)
and adds to its quarter a section, `results.yaml`, of key figures with units,
decimals as typed, a negative value and a comparison; a table of money with a
row group, a subtotal, a total, an empty cell, a footnote and a chart; a
second table whose rows are in a CSV file (with a byte order mark, as Excel
saves it); a progress block with more than 100 % of plan, signed points and
statuses; a list numbered by the report, three levels deep; a third table
whose total row has a given cell (an average) and a footnote on a sum; and
numbers before the section's heading, a table's caption and a text's heading.
The money table's two year columns stand under one heading.
"""

from __future__ import annotations

from pathlib import Path

from .synthetic import SYNTHETIC_QUARTER, write_synthetic_content

RESULTS_YAML = """\
# SYNTHETIC test data.
title:
  th: ผลการดำเนินงานสังเคราะห์อื่น ๆ
  en: Other synthetic results
number: "3"
nav_title:
  th: ผลสังเคราะห์อื่น
  en: Other results
blocks:
  - type: key_figures
    title:
      th: ตัวเลขสังเคราะห์
      en: Synthetic figures
    figures:
      - id: synthetic-budget
        value: 19.20
        unit:
          th: ล้านบาท
          en: million baht
        label:
          th: งบประมาณสังเคราะห์
          en: synthetic budget
        compare_with:
          value: 25.00
          label:
            th: เป้าหมายสังเคราะห์
            en: synthetic target
      - id: synthetic-change
        value: -3.50
        unit:
          th: "%"
          en: "%"
        qualifier: about
        label:
          th: การเปลี่ยนแปลงสังเคราะห์
          en: synthetic change
  - type: table
    id: synthetic-money
    number: "3.1"
    title:
      th: ตารางเงินสังเคราะห์
      en: Synthetic money table
    column_groups:
      - title:
          th: ปีสังเคราะห์
          en: Synthetic years
        columns: [this-year, last-year]
    columns:
      - id: item
        title:
          th: รายการ
          en: Item
        type: text
      - id: this-year
        title:
          th: ปีสังเคราะห์นี้
          en: This synthetic year
        type: money
        unit:
          th: บาท
          en: baht
        total: true
      - id: last-year
        title:
          th: ปีสังเคราะห์ก่อน[^restated]
          en: Last synthetic year[^restated]
        type: money
        unit:
          th: บาท
          en: baht
        total: true
    rows:
      - group:
          th: รายได้สังเคราะห์
          en: Synthetic income
        subtotal: true
        rows:
          - item:
              th: รายได้สังเคราะห์ ก
              en: Synthetic income A
            this-year: 1234.50
            last-year:
              value: 1000.05
              note: restated
          - item:
              th: รายได้สังเคราะห์ ข
              en: Synthetic income B
            this-year: 100.25
            last-year: null
      - item:
          th: ค่าใช้จ่ายสังเคราะห์
          en: Synthetic expenses
        this-year: -500.00
        last-year: -400.10
    total:
      th: รวมสังเคราะห์
      en: Synthetic total
    chart:
      kind: grouped_bars
      label_column: item
      value_columns: [this-year, last-year]
  - type: table
    id: synthetic-counts
    title:
      th: ตารางนับสังเคราะห์
      en: Synthetic count table
    unit:
      th: เรื่องสังเคราะห์
      en: synthetic cases
    columns:
      - id: channel
        title:
          th: ช่องทางสังเคราะห์
          en: Synthetic channel
        type: text
      - id: cases
        title:
          th: จำนวนเรื่อง
          en: Cases
        type: count
        total: true
    rows_file: synthetic-counts.csv
    total:
      th: รวม
      en: Total
    total_notes:
      cases: counts-note
  - type: progress
    items:
      - id: synthetic-item-ahead
        title:
          th: รายการสังเคราะห์ที่เร็วกว่าแผน
          en: Synthetic item ahead of plan
        progress:
          vs_period_plan: 123
          points_vs_plan: 2.77
      - id: synthetic-item-behind
        title:
          th: รายการสังเคราะห์ที่ช้ากว่าแผน
          en: Synthetic item behind plan
        progress:
          vs_annual_target: 40
          points_vs_plan: -12.40
          status: behind
  - type: list
    numbering: given
    title:
      th: ข้อสังเคราะห์ที่มีเลขของรายงาน
      en: Synthetic points numbered by the report
    items:
      - number: "4.2"
        text:
          th: ข้อสังเคราะห์ระดับแรก
          en: A synthetic first-level point
        items:
          - number: "4.2.1"
            text:
              th: ข้อสังเคราะห์ระดับสอง[^synthetic-note]
              en: A synthetic second-level point[^synthetic-note]
            items:
              - number: "4.2.1.1"
                text:
                  th: ข้อสังเคราะห์ระดับสาม
                  en: A synthetic third-level point
  - type: table
    id: synthetic-scores
    title:
      th: ตารางคะแนนสังเคราะห์
      en: Synthetic score table
    columns:
      - id: band
        title:
          th: ระดับสังเคราะห์
          en: Synthetic band
        type: text
      - id: members
        title:
          th: จำนวนสังเคราะห์
          en: Synthetic members
        type: count
        total: true
      - id: average
        title:
          th: คะแนนเฉลี่ยสังเคราะห์
          en: Synthetic average
        type: number
    rows:
      - band:
          th: ระดับสังเคราะห์ ก
          en: Synthetic band A
        members: 3
        average: 91.50
      - band:
          th: |-
            ระดับสังเคราะห์ ข
            - บรรทัดสังเคราะห์ที่สอง
          en: |-
            Synthetic band B
            - a second synthetic line
        members: 5
        average: 80.25
      - band:
          th: ระดับสังเคราะห์ ค
          en: Synthetic band C
        members:
          text:
            th: ไม่มีข้อมูลสังเคราะห์
            en: no synthetic data
        average:
          text: {th: N/A, en: N/A}
    total:
      th: ทุกระดับสังเคราะห์
      en: All synthetic bands
    total_cells:
      average:
        value: 84.47
        note: average-note
  - type: list
    items:
      - text:
          th: ข้อสังเคราะห์ต่อจากตาราง
          en: A synthetic point right after a table
  - type: text
    number: "3.9"
    title:
      th: ข้อความสังเคราะห์ที่มีเลข
      en: A synthetic numbered text
    paragraphs:
      - th: ย่อหน้าสังเคราะห์ใต้หัวข้อที่มีเลข
        en: A synthetic paragraph under a numbered heading.
footnotes:
  - id: restated
    text:
      th: ตัวเลขสังเคราะห์ที่ปรับปรุงใหม่
      en: A restated synthetic figure.
  - id: synthetic-note
    text:
      th: เชิงอรรถสังเคราะห์
      en: A synthetic footnote.
  - id: counts-note
    text:
      th: เชิงอรรถสังเคราะห์ของยอดรวม
      en: A synthetic note on a total.
  - id: average-note
    text:
      th: เชิงอรรถสังเคราะห์ของค่าเฉลี่ย
      en: A synthetic note on an average.
"""

# As Excel saves "CSV UTF-8": a byte order mark, CRLF line ends, quotes where a cell has a comma.
COUNTS_CSV = (
    "\ufeffchannel.th,channel.en,cases\r\n"
    'ช่องทางสังเคราะห์ ก,Synthetic channel A,"1,250"\r\n'
    "ช่องทางสังเคราะห์ ข,Synthetic channel B,37\r\n"
)

QUARTER_WITH_RESULTS = "sections: [strategies, scorecard, background, problems]"


def write_blocks_content(folder: Path, results_yaml: str = RESULTS_YAML, counts_csv: str = COUNTS_CSV) -> Path:
    """The synthetic content, with the section of every block kind added to its quarter, as `results`."""
    write_synthetic_content(folder)
    quarter = folder / SYNTHETIC_QUARTER
    info = quarter / "quarter.yaml"
    text = info.read_text(encoding="utf-8")
    assert QUARTER_WITH_RESULTS in text
    info.write_text(
        text.replace(QUARTER_WITH_RESULTS, "sections: [strategies, scorecard, results, background, problems]"),
        encoding="utf-8",
    )
    (quarter / "results.yaml").write_text(results_yaml, encoding="utf-8")
    (quarter / "synthetic-counts.csv").write_bytes(counts_csv.encode("utf-8"))
    return folder
