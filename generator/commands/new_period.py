"""Start a new period from the latest earlier one: same structure, ids and texts; this period's figures empty.

The new period is a quarter, a half year or a fiscal year, as its name says
(`2563-q3`, `2563-h2`, `2563-fy`); without a name, it is the period after the
latest one, of the same kind (after 2563-q4, 2564-q1; after 2563-h1,
2563-h2; after 2563-fy, 2564-fy). The figures that belong to the new period
(progress, key figures, its own score), its as-of date and its title are left
empty (`null`), so that `reportsite validate` lists exactly what remains to
fill in. The scores of earlier periods of the same fiscal year that the new
report may repeat (those that end before it) are kept.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from ..errors import ReportsiteError
from ..reading.fiscal import FOLDER_RULE, PERIOD_KEYS, PeriodId
from ..reading.loading import load_document
from ..reading.model import PERIOD_FILES
from ..reading.schema import SCHEMA_DIR, schema_comment
from ..reading.sources import find_period_folders


def next_period_name(content_dir: Path) -> str:
    """The name of the period after the latest one in `content_dir`, of the same kind."""
    folders = find_period_folders(content_dir)[0]
    if not folders:
        raise ReportsiteError(f"there is no period in {content_dir} to start from; name the new one: {FOLDER_RULE}")
    return str(PeriodId.of_folder(folders[-1].name).next)


def scaffold_period(content_dir: Path, name: str) -> Path:
    """Write `content_dir/<name>/` from the latest earlier period. Return the new folder."""
    target = PeriodId.parse(name)
    if target is None:
        raise ReportsiteError(f"'{name}' is not a period's name; write {FOLDER_RULE}")
    folder = content_dir / name
    if folder.exists():
        raise ReportsiteError(f"{folder} already exists")
    earlier = [f for f in find_period_folders(content_dir)[0] if PeriodId.of_folder(f.name) < target]
    if not earlier:
        raise ReportsiteError(f"there is no period before {name} in {content_dir} to start from")
    source = earlier[-1]
    previous = PeriodId.of_folder(source.name)

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
        scores = component.get("scores") or {}
        component["scores"] = {**_kept_scores(scores, previous, target), target.key: None}

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


def _kept_scores(scores: dict[str, Any], source: PeriodId, target: PeriodId) -> dict[str, Any]:
    """The earlier scores that the target's report may repeat: of its fiscal year, and before it, in their order."""
    if source.fiscal_year_be != target.fiscal_year_be:
        return {}
    kept = {}
    for key in PERIOD_KEYS:
        period = PeriodId.of_key(target.fiscal_year_be, key)
        if key in scores and period is not None and period < target:
            kept[key] = scores[key]
    return kept


def _dump(data: Any) -> str:
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100_000, default_flow_style=False)
