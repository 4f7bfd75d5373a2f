"""Start a new period from the latest earlier one: same structure, ids and texts; this period's figures empty.

The new period is a quarter, a half year or a fiscal year, as its name says
(`2563-q3`, `2563-h2`, `2563-fy`); without a name, it is the period after the
latest one, of the same kind (after 2563-q4, 2564-q1; after 2563-h1,
2563-h2; after 2563-fy, 2564-fy). The figures that belong to the new period
(progress, key figures, its own score; tables are kept), its as-of date and its title are left
empty (`null`), so that `reportsite validate` lists exactly what remains to
fill in. The scores of earlier periods of the same fiscal year that the new
report may repeat (those that end before it) are kept.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from ..errors import ReportsiteError
from ..reading.fiscal import FOLDER_RULE, PERIOD_KEYS, PeriodId
from ..reading.loading import load_document
from ..reading.model import PERIOD_INFO_FILE
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

    files = sorted(source.glob("*.yaml"))
    data = {}
    for file in files:
        document, problems = load_document(file)
        if problems:
            raise ReportsiteError(f"{source.name} has problems; fix them first:\n" + "\n".join(map(str, problems)))
        data[file.name] = document.data

    info = data.get(PERIOD_INFO_FILE)
    if not isinstance(info, dict):
        raise ReportsiteError(f"{source.name}/{PERIOD_INFO_FILE} is missing; fix the period first")
    info["as_of"] = None
    info["title"] = None
    for name, content in data.items():
        if name != PERIOD_INFO_FILE:
            _empty_figures(content, previous, target)

    folder.mkdir(parents=True)
    schema_dir = content_dir.parent / SCHEMA_DIR
    for file_name, content in data.items():
        path = folder / file_name
        header = [
            schema_comment(path.relative_to(content_dir.parent), schema_dir.relative_to(content_dir.parent)),
            f"# Started from {source.name} by `reportsite new-period`: fill in every null, and check the texts.",
        ]
        path.write_text("\n".join(header) + "\n" + _dump(content), encoding="utf-8")
    # The rows of tables kept in CSV files come along, to be brought up to date like the rest.
    for table_file in sorted(source.glob("*.csv")):
        (folder / table_file.name).write_bytes(table_file.read_bytes())
    return folder


def _empty_figures(data: Any, source: PeriodId, target: PeriodId) -> None:
    """Empty the figures that belong to the new period, wherever they are in a section's blocks.

    Progress and key figures become null; a scorecard keeps the scores of the
    earlier periods its new report may repeat, and gets a null for its own.
    Tables keep their rows: they hold what the report says, figures or not,
    and the editor brings them up to date.
    """
    if isinstance(data, list):
        for item in data:
            _empty_figures(item, source, target)
        return
    if not isinstance(data, dict):
        return
    progress = data.get("progress")
    if isinstance(progress, dict):
        data["progress"] = dict.fromkeys(progress)
    if data.get("type") == "key_figures":
        for figure in data.get("figures") or []:
            if isinstance(figure, dict):
                figure["value"] = None
    if data.get("type") == "scorecard":
        for component in data.get("components") or []:
            if isinstance(component, dict):
                scores = component.get("scores") or {}
                component["scores"] = {**_kept_scores(scores, source, target), target.key: None}
    for key, value in data.items():
        if key != "progress":
            _empty_figures(value, source, target)


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


class _Dumper(yaml.SafeDumper):
    """YAML's safe dumper, writing numbers read as decimals as they were typed (7.50 stays 7.50)."""


_Dumper.add_representer(Decimal, lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:float", f"{value:f}"))


def _dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100_000, default_flow_style=False)
