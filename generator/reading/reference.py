"""The editors' reference of every block kind, written from the models' own docstrings (`reportsite reference`).

Each block kind gets its purpose, in Thai and in English, the table of its
fields (type, whether it is required, and the field's docstring, exactly as
the JSON Schemas and the error messages give it), and a short example. The
examples are taken from real reports (DGA's, in `content/`, and the Legal
Execution Department's Q2 FY2566 report), cut short; where a field has no
real value to show, the example leaves it out. A test checks that the
committed reference is what this module writes, so the two cannot drift.
"""

from __future__ import annotations

import types
import typing
from typing import Any

from pydantic.fields import FieldInfo

from .model import (
    BLOCK_KINDS,
    Column,
    ColumnGroup,
    Comparison,
    ContentModel,
    Footnote,
    Grouping,
    KeyFigure,
    ListItem,
    NumberCell,
    Organisation,
    PeriodInfo,
    Progress,
    ProgressItem,
    Project,
    RowGroup,
    ScoreComponent,
    Section,
    SiteSettings,
    SiteWords,
    TableChart,
    Text,
)

# What each block kind is for, in Thai: the English is the model's own docstring.
THAI_PURPOSE = {
    "text": "ย่อหน้าของเนื้อความ",
    "list": "รายการเป็นข้อ ๆ แบบจุดนำ เลขที่ระบบนับให้ หรือเลขที่รายงานกำหนดเอง (เช่น 4.2.1) ซ้อนกันได้หลายระดับ",
    "key_figures": "ตัวเลขสำคัญจากเนื้อความ พร้อมหน่วย คำขยาย (กว่า ประมาณ) และค่าที่นำมาเทียบ แสดงเป็นตารางและในหน้าภาพรวม",
    "table": (
        "ตารางตัวเลข คอลัมน์มีชนิด (ข้อความ ตัวเลข ร้อยละ เงิน จำนวนนับ วันที่) หัวตารางที่คลุมหลายคอลัมน์ "
        "กลุ่มแถวและผลรวมย่อย แถวรวมที่ระบบคำนวณให้ (และช่องของแถวรวมที่รายงานให้ไว้เอง เช่น ค่าเฉลี่ย) "
        "เชิงอรรถ ไฟล์ CSV และแผนภูมิ แถวของตารางอยู่ในไฟล์ CSV ข้าง ๆ ได้"
    ),
    "progress": "ความก้าวหน้าของหลายรายการ เป็นตารางและแผนภูมิ ใส่เท่าที่รายงานระบุ",
    "scorecard": "ตารางคะแนนถ่วงน้ำหนัก: องค์ประกอบ น้ำหนัก และคะแนนของแต่ละช่วงเวลา ผลรวมคำนวณให้",
    "groupings": "กลุ่มของโครงการ (ยุทธศาสตร์ ด้าน แผนงาน) แต่ละกลุ่มมีหน้าของตนเอง มีย่อหน้าได้ทุกระดับ",
}

# Short examples, cut from real reports (see the module's docstring).
EXAMPLES = {
    "text": """\
- type: text
  paragraphs:
    - th: >-
        สำนักงานได้มีการดำเนินงานตามแผนปฏิบัติการ 3 ปี (พ.ศ. 2563 – 2565) …
      en: >-
        The Agency has now carried out its work under the 3-year action plan (2020–2022) …
""",
    "list": """\
- type: list
  title:
    th: ปัญหาและอุปสรรคในการดำเนินงาน
    en: Problems and obstacles in operations
  items:
    - text:
        th: ได้รับงบประมาณล่าช้า ทำให้ไม่สามารถดำเนินการตามแผนงานที่วางไว้ได้สมบูรณ์
        en: The budget was received late, so the planned work could not be carried out in full.
""",
    "key_figures": """\
- type: key_figures
  figures:
    - id: people-trained
      value: 13655
      unit:
        th: คน
        en: people
      label:
        th: บุคลากรภาครัฐที่ได้รับการอบรม
        en: government personnel trained
""",
    "table": """\
- type: table
  id: assets-by-month
  number: "1."
  title:
    th: ผลการผลักดันทรัพย์สินออกจากระบบการบังคับคดี
    en: Assets moved out of the enforcement system
  columns:
    - id: month
      title: {th: เดือน, en: Month}
      type: text
    - id: amount
      title: {th: ผลการผลักดันทรัพย์สิน, en: Assets moved out}
      type: money
      unit: {th: บาท, en: baht}
      total: true
  rows:
    - month: {th: มกราคม 2566, en: January 2023}
      amount: 19561848669.74
    - month: {th: กุมภาพันธ์ 2566, en: February 2023}
      amount: 17261906378.17
    - month: {th: มีนาคม 2566, en: March 2023}
      amount: 23117391825.64
  total: {th: รวมทั้งหมด, en: Total}
""",
    "progress": """\
- type: progress
  items:
    - id: oss
      title:
        th: โครงการพัฒนาแพลตฟอร์ม One Stop Service
        en: One Stop Service platform project
      progress:
        vs_period_plan: 100.00
        vs_annual_target: 48.75
""",
    "scorecard": """\
- type: scorecard
  components:
    - id: effectiveness
      title: {th: ด้านประสิทธิผล, en: Effectiveness}
      indicators: 4
      weight: 40
      scores:
        q1: 0.00
        q2: 7.50
    # … the other components, whose weights add up to 100
""",
    "groupings": """\
- type: groupings
  groupings:
    - id: digital-organisation
      title:
        th: ยกระดับหน่วยงานภาครัฐไปสู่องค์กรดิจิทัล
        en: Transforming government agencies into digital organisations
      projects:
        - id: gov-digital-skills
          title:
            th: โครงการยกระดับความสามารถและสร้างความพร้อมของบุคลากรเพื่อส่งเสริมรัฐบาลดิจิทัล
            en: Project to raise the capabilities and readiness of personnel to promote digital government
          blocks:
            - type: text
              paragraphs:
                - th: เพื่อเตรียมความพร้อมให้แก่บุคลากรภาครัฐทุกระดับ …
                  en: Its aim is to prepare government personnel at all levels …
          progress:
            vs_period_plan: 85.94
            vs_annual_target: 45.83
""",
}

# The parts that blocks are made of, each with its own table after the blocks.
PARTS: tuple[type[ContentModel], ...] = (
    Text,
    ListItem,
    KeyFigure,
    Comparison,
    Column,
    ColumnGroup,
    RowGroup,
    NumberCell,
    TableChart,
    Progress,
    ProgressItem,
    ScoreComponent,
    Grouping,
    Project,
    Footnote,
)


def render_reference() -> str:
    """The reference as Markdown."""
    lines = [
        "<!-- Written by `reportsite reference` from generator/reading/model.py: edit the models, not this file. -->",
        "",
        "# Block reference · คู่มืออ้างอิงบล็อก",
        "",
        "A period's folder holds `quarter.yaml` and one file per section of the report. A section is a title "
        "and a list of blocks, each with a `type`. Every text is given in Thai (`th`) and English (`en`).",
        "",
        "โฟลเดอร์ของแต่ละช่วงเวลามี `quarter.yaml` และไฟล์ของแต่ละหัวข้อของรายงาน หัวข้อหนึ่งมีชื่อหัวข้อ "
        "และรายการบล็อก แต่ละบล็อกมี `type` บอกชนิด ทุกข้อความมีทั้งภาษาไทย (`th`) และภาษาอังกฤษ (`en`)",
        "",
        *_model_section("site.yaml", SiteSettings, level=2),
        *_model_section("Organisation", Organisation, level=3),
        *_model_section("SiteWords", SiteWords, level=3),
        *_model_section("quarter.yaml", PeriodInfo, level=2),
        *_model_section("A section's file · ไฟล์ของหัวข้อ", Section, level=2),
        "## Blocks · บล็อก",
        "",
    ]
    for kind in BLOCK_KINDS:
        tag = _tag(kind)
        lines += [f"### `type: {tag}`", "", _doc(kind), "", THAI_PURPOSE[tag], "", *_fields(kind)]
        lines += ["```yaml", EXAMPLES[tag].rstrip("\n"), "```", ""]
    lines += ["## Parts of blocks · ส่วนประกอบของบล็อก", ""]
    for part in PARTS:
        lines += _model_section(part.__name__, part, level=3)
    return "\n".join(lines).rstrip("\n") + "\n"


def _model_section(title: str, model: type[ContentModel], level: int) -> list[str]:
    return [f"{'#' * level} {title}", "", _doc(model), "", *_fields(model)]


def _fields(model: type[ContentModel]) -> list[str]:
    rows = ["| field | type | required | what it holds |", "|---|---|---|---|"]
    for name, info in model.model_fields.items():
        if name == "type" and model in BLOCK_KINDS:  # the block's kind, which heads its section
            continue
        description = " ".join((info.description or "").split()).replace("|", "\\|")
        rows.append(f"| `{name}` | {_type_name(info.annotation)} | {_required(info)} | {description} |")
    return [*rows, ""]


def _required(info: FieldInfo) -> str:
    return "yes" if info.is_required() else "no"


def _type_name(annotation: Any) -> str:
    """A field's type in an editor's words: text, number, a list of Text, one of `a`, `b`."""
    origin = typing.get_origin(annotation)
    arguments = typing.get_args(annotation)
    if origin is typing.Annotated:
        return _type_name(arguments[0])
    if origin in (typing.Union, types.UnionType):
        named = [_type_name(argument) for argument in arguments if argument is not type(None)]
        return " or ".join(dict.fromkeys(named))
    if origin is typing.Literal:
        return "one of " + ", ".join(f"`{argument}`" for argument in arguments)
    if origin is list:
        return f"a list of {_type_name(arguments[0])}"
    if origin is dict:
        return f"a mapping to {_type_name(arguments[1])}"
    if isinstance(annotation, type) and issubclass(annotation, ContentModel):
        if annotation in BLOCK_KINDS:
            return "blocks"
        return f"[{annotation.__name__}](#{annotation.__name__.lower()})"
    names = {"str": "text", "int": "whole number", "Decimal": "number", "bool": "true or false", "date": "date"}
    name = getattr(annotation, "__name__", str(annotation))
    return names.get(name, "any value" if name == "Any" else name)


def _doc(model: type[ContentModel]) -> str:
    return " ".join((model.__doc__ or "").split())


def _tag(model: type[ContentModel]) -> str:
    return str(typing.get_args(model.model_fields["type"].annotation)[0])
