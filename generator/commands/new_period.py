"""Start a new period from the previous one: same structure, ids and texts; this period's figures empty.

The figures that belong to the new period (progress, key figures, this
period's scores), its as-of date and its title are left empty (`null`), so
that `reportsite validate` lists exactly what remains to fill in.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ..errors import ReportsiteError
from ..reading.fiscal import PeriodId
from ..reading.loading import load_document
from ..reading.model import PERIOD_FILES
from ..reading.schema import SCHEMA_DIR, schema_comment
from ..reading.sources import find_period_folders


def scaffold_period(content_dir: Path, name: str) -> Path:
    """Write `content_dir/<name>/` from the latest earlier period. Return the new folder."""
    target = PeriodId.parse(name)
    if target is None:
        raise ReportsiteError(f"'{name}' is not a period name; write <B.E. year>-q<1-4>, like 2563-q3")
    folder = content_dir / name
    if folder.exists():
        raise ReportsiteError(f"{folder} already exists")
    earlier = [f for f in find_period_folders(content_dir)[0] if PeriodId.of_folder(f.name) < target]
    if not earlier:
        raise ReportsiteError(f"there is no period before {name} in {content_dir} to start from")
    source = earlier[-1]
    previous = PeriodId.of_folder(source.name)
    same_year = previous.fiscal_year_be == target.fiscal_year_be

    data = {}
    for file_name in PERIOD_FILES:
        document, problems = load_document(source / file_name)
        if problems:
            raise ReportsiteError(f"{source.name} has problems; fix them first:\n" + "\n".join(map(str, problems)))
        data[file_name] = document.data

    data["quarter.yaml"]["as_of"] = None
    data["quarter.yaml"]["title"] = None
    for strategy in data["strategies.yaml"].get("strategies", []):
        for project in strategy.get("projects", []):
            project["progress"] = {"vs_quarter_plan": None, "vs_annual_target": None}
            for figure in project.get("key_figures", []):
                figure["value"] = None
    for component in data["scorecard.yaml"].get("components", []):
        kept = component.get("scores", {}) if same_year else {}
        component["scores"] = {**{k: v for k, v in kept.items() if k < f"q{target.number}"}, f"q{target.number}": None}

    folder.mkdir(parents=True)
    schema_dir = content_dir.parent / SCHEMA_DIR
    for file_name, content in data.items():
        path = folder / file_name
        header = [
            schema_comment(path.relative_to(content_dir.parent), schema_dir.relative_to(content_dir.parent)),
            f"# Started from {source.name} by `reportsite new-period`: fill in every null, and check the texts.",
        ]
        path.write_text("\n".join(header) + "\n" + _dump(content), encoding="utf-8")
    return folder


def _dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100_000, default_flow_style=False)
