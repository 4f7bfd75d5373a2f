"""Where the content lives: the site file and the period folders of `content/`."""

from __future__ import annotations

from pathlib import Path

from ..errors import ContentProblem
from .dates import BUDDHIST_ERA_FROM
from .fiscal import BUDDHIST_ERA_OFFSET, FOLDER_RULE, PeriodId

SITE_FILE = "site.yaml"
# A folder's year below this is no C.E. year an editor meant either.
FIRST_CE_YEAR = 1900


def find_period_folders(content_dir: Path) -> tuple[list[Path], list[ContentProblem]]:
    """Return the period folders of `content_dir`, oldest first, and any misnamed folder."""
    if not content_dir.is_dir():
        return [], [ContentProblem(content_dir, 1, 1, "", "the content folder does not exist")]
    folders, problems = [], []
    for entry in sorted(content_dir.iterdir()):
        if not entry.is_dir() or entry.name.startswith((".", "_")):
            continue
        period = PeriodId.parse(entry.name)
        if period is None:
            problems.append(ContentProblem(entry, 1, 1, "", f"a period folder must be named {FOLDER_RULE}"))
        elif period.fiscal_year_be <= BUDDHIST_ERA_FROM:
            problems.append(ContentProblem(entry, 1, 1, "", _not_a_be_year(period)))
        else:
            folders.append(entry)
    return sorted(folders, key=lambda folder: PeriodId.of_folder(folder.name)), problems


def _not_a_be_year(period: PeriodId) -> str:
    year = period.fiscal_year_be
    if year < FIRST_CE_YEAR:
        return (
            f"{year:04d} is no fiscal year of a report; a period folder is named by the B.E. fiscal year, like 2563-q2"
        )
    be = f"{year + BUDDHIST_ERA_OFFSET}-{period.key}"
    return f"{year} looks like a C.E. year; a period folder is named by the B.E. fiscal year, like {be}"
