"""A synthetic report of any size, for benchmarks: N quarters × S strategies × P projects.

Everything it writes is marked SYNTHETIC and goes to a folder the caller
chooses, never to content/. Thai and English paragraphs have the length of
the real report's (about 400–900 characters), built from a fixed vocabulary
so that runs are repeatable.
"""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import yaml

THAI_WORDS = [
    "การพัฒนา",
    "รัฐบาล",
    "ดิจิทัล",
    "ข้อมูล",
    "ภาครัฐ",
    "หน่วยงาน",
    "บริการ",
    "ประชาชน",
    "แพลตฟอร์ม",
    "มาตรฐาน",
    "ความร่วมมือ",
    "ระบบ",
    "เชื่อมโยง",
    "บุคลากร",
    "ทักษะ",
    "โครงการ",
    "ดำเนินงาน",
    "ส่งเสริม",
    "สนับสนุน",
    "ประสิทธิภาพ",
    "ความมั่นคง",
    "ปลอดภัย",
    "เครือข่าย",
    "นวัตกรรม",
    "ธรรมาภิบาล",
    "เปิดเผย",
    "วิเคราะห์",
    "ยกระดับ",
    "งบประมาณ",
    "ไตรมาส",
    "เป้าหมาย",
    "แผนงาน",
]
ENGLISH_WORDS = [
    "development",
    "government",
    "digital",
    "data",
    "public",
    "agency",
    "service",
    "citizens",
    "platform",
    "standard",
    "cooperation",
    "system",
    "connect",
    "personnel",
    "skills",
    "project",
    "operation",
    "promote",
    "support",
    "efficiency",
    "security",
    "network",
    "innovation",
    "governance",
    "open",
    "analyse",
    "raise",
    "budget",
    "quarter",
    "target",
    "plan",
]
AS_OF = ["12-31", "03-31", "06-30", "09-30"]


def _thai(rng: random.Random, words: int) -> str:
    # Thai runs words together, with a space between phrases.
    phrases = ["".join(rng.choice(THAI_WORDS) for _ in range(rng.randint(3, 7))) for _ in range(words // 5)]
    return " ".join(phrases)


def _english(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(ENGLISH_WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def _text(rng: random.Random, words: int) -> dict:
    return {"th": "สังเคราะห์ " + _thai(rng, words), "en": "Synthetic. " + _english(rng, words)}


def _project(rng: random.Random, strategy: int, number: int) -> dict:
    """A project as the real report writes one: a description, numbered sub-items, a closing, a key figure."""
    return {
        "id": f"project-{strategy}-{number}",
        "title": _text(rng, 10),
        "blocks": [
            {"type": "text", "paragraphs": [_text(rng, 90)]},
            {"type": "list", "numbering": "numbers", "items": [{"text": _text(rng, 50)} for _ in range(3)]},
            {"type": "text", "paragraphs": [_text(rng, 40)]},
            {
                "type": "key_figures",
                "figures": [{"id": "figure", "value": rng.randint(1, 100_000), "label": _text(rng, 4)}],
            },
        ],
        "progress": {
            "vs_period_plan": round(rng.uniform(60, 100), 2),
            "vs_annual_target": round(rng.uniform(10, 100), 2),
        },
    }


def write_synthetic_report(
    folder: Path, quarters: int, strategies: int = 5, projects: int = 10, seed: int = 2563
) -> Path:
    """Write `folder/content/` with `quarters` quarters from fiscal year 2560 on; return the content folder."""
    rng = random.Random(seed)
    content = folder / "content"
    content.mkdir(parents=True, exist_ok=True)
    site = {
        "organisation": {
            "name": {"th": "หน่วยงานสังเคราะห์เพื่อการวัดผล", "en": "Synthetic Benchmark Agency"},
            "short_name": {"th": "สวผ.", "en": "SBA"},
        },
        "languages": ["th", "en"],
        "fiscal_year_start_month": 10,
        "base_url": "https://synthetic.example.org/",
        "repository_url": "https://synthetic.example.org/repo",
    }
    (content / "site.yaml").write_text(
        "# SYNTHETIC benchmark data.\n" + yaml.safe_dump(site, allow_unicode=True), encoding="utf-8"
    )
    components = [
        {"id": f"component-{i}", "title": _text(rng, 4), "indicators": rng.randint(1, 9), "weight": weight}
        for i, weight in enumerate((40, 10, 25, 10, 15), start=1)
    ]
    for index in range(quarters):
        year, number = 2560 + index // 4, index % 4 + 1
        end_year = year - 543 - (0 if number > 1 else 1)
        folder_q = content / f"{year}-q{number}"
        folder_q.mkdir(exist_ok=True)
        files = {
            "quarter.yaml": {
                "as_of": date.fromisoformat(f"{end_year}-{AS_OF[number - 1]}"),
                "title": _text(rng, 14),
                "sections": ["strategies", "scorecard", "background", "problems"],
            },
            "background.yaml": {
                "title": _text(rng, 2),
                "blocks": [{"type": "text", "paragraphs": [_text(rng, 120)]}],
            },
            "strategies.yaml": {
                "title": _text(rng, 10),
                "blocks": [
                    {"type": "text", "paragraphs": [_text(rng, 60)]},
                    {
                        "type": "groupings",
                        "groupings": [
                            {
                                "id": f"strategy-{s}",
                                "title": _text(rng, 6),
                                "projects": [_project(rng, s, p) for p in range(1, projects + 1)],
                            }
                            for s in range(1, strategies + 1)
                        ],
                    },
                ],
            },
            "scorecard.yaml": {
                "title": _text(rng, 10),
                "blocks": [
                    {"type": "text", "paragraphs": [_text(rng, 60)]},
                    {
                        "type": "scorecard",
                        "components": [
                            {**c, "scores": {f"q{k}": round(c["weight"] * k / 5, 2) for k in range(1, number + 1)}}
                            for c in components
                        ],
                    },
                ],
            },
            "problems.yaml": {
                "title": _text(rng, 3),
                "blocks": [
                    {
                        "type": "list",
                        "title": _text(rng, 3),
                        "items": [{"text": _text(rng, 30)} for _ in range(4)],
                    },
                    {
                        "type": "list",
                        "title": _text(rng, 2),
                        "items": [{"text": _text(rng, 30)} for _ in range(4)],
                    },
                ],
            },
        }
        for name, data in files.items():
            text = "# SYNTHETIC benchmark data.\n" + yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
            (folder_q / name).write_text(text, encoding="utf-8")
    return content
