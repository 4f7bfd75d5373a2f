"""`reportsite init`: start a new organisation's project, ready for its editors to fill in.

The project is the packaged `project_template/`: `content/site.yaml` with the
organisation's names, one period folder to fill in, the JSON Schemas and the
links to them, a README for the editors, the GitHub workflows and a
.gitignore. What the command is not told is left `null`, so that
`reportsite validate` lists exactly what is left to fill in; nothing is made up.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from importlib import metadata
from pathlib import Path
from string import Template

from ..errors import ReportsiteError
from ..reading.fiscal import BUDDHIST_ERA_OFFSET, PeriodId
from ..reading.schema import SCHEMA_DIR, schema_comment, write_schemas
from ..reading.sources import SITE_FILE
from ..storage.staging import new_folder

TEMPLATE_DIR = Path(__file__).resolve().parent.parent / "project_template"
# The Thai government's fiscal year, which the packaged site.yaml sets; a project can change it there.
FISCAL_YEAR_START_MONTH = 10


@dataclass(frozen=True)
class Organisation:
    """What `init` is told about the organisation; None where it was not told."""

    name_th: str | None = None
    name_en: str | None = None
    short_name_th: str | None = None
    short_name_en: str | None = None
    base_url: str | None = None
    repository_url: str | None = None


def current_quarter(today: date) -> str:
    """The folder name of the fiscal quarter `today` falls in: 2026-11-27 is in 2570-q1."""
    months_in = (today.month - FISCAL_YEAR_START_MONTH) % 12
    fiscal_year_ce = today.year + (1 if today.month >= FISCAL_YEAR_START_MONTH else 0)
    return f"{fiscal_year_ce + BUDDHIST_ERA_OFFSET}-q{months_in // 3 + 1}"


def init_project(folder: Path, organisation: Organisation, period: str) -> list[str]:
    """Write a new project into `folder` (new or empty), whole or not at all. Return the files written."""
    period_id = PeriodId.parse(period)
    if period_id is None:
        raise ReportsiteError(
            f"'{period}' is not a period's name; write <B.E. year>-q<1-4>, -h<1-2> or -fy, like 2567-q1"
        )
    if folder.exists() and (not folder.is_dir() or any(folder.iterdir())):
        raise ReportsiteError(f"{folder} is not empty; init starts a project in a new or empty folder")
    with new_folder(folder, "init") as assembly:  # which takes the folder's place as the block ends
        return _write_project(assembly, organisation, period, period_id)


def _write_project(folder: Path, organisation: Organisation, period: str, period_id: PeriodId) -> list[str]:
    values = {
        **{field: _yaml_scalar(value) for field, value in vars(organisation).items()},
        "period": period,
        "score_key": period_id.key,
        "version": metadata.version("reportsite"),
    }
    written: list[str] = []

    def write(relative: str, template: Path, schema: bool = False) -> None:
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        text = Template(template.read_text(encoding="utf-8")).substitute(values)
        if schema:
            text = schema_comment(Path(relative), Path(SCHEMA_DIR)) + "\n" + text
        target.write_text(text, encoding="utf-8")
        written.append(relative)

    write(f"content/{SITE_FILE}", TEMPLATE_DIR / "content" / SITE_FILE, schema=True)
    for template in sorted((TEMPLATE_DIR / "content" / "period").glob("*.yaml")):
        write(f"content/{period}/{template.name}", template, schema=True)
    write("README.md", TEMPLATE_DIR / "README.md")
    write(".gitignore", TEMPLATE_DIR / "gitignore")
    for workflow in sorted((TEMPLATE_DIR / "workflows").glob("*.yml")):
        write(f".github/workflows/{workflow.name}", workflow)
    written += [path.relative_to(folder).as_posix() for path in write_schemas(folder / SCHEMA_DIR)]
    return written


def _yaml_scalar(value: str | None) -> str:
    # JSON's strings are YAML's double-quoted scalars: any text stays text, whatever its characters.
    return "null" if value is None else json.dumps(value, ensure_ascii=False)
