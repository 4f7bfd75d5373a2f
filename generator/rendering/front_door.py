"""The archive's front door, `site/index.html`: every quarter in every language, newest first."""

from __future__ import annotations

from pathlib import Path

import jinja2

from ..reading.model import Quarter, Report
from .localization import Localizer


def render_front_door(
    report: Report,
    templates_dir: Path,
    localizers: dict[str, Localizer],
    *,
    quarters: list[Quarter] | None = None,
    downloads: dict[str, str] | None = None,
    offline: bool = False,
) -> str:
    """The front door's HTML, for `report.quarters` or the given `quarters`.

    `downloads` names the offline zip of each archived quarter; `offline` links
    to index.html files, for reading from disk.
    """
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir), undefined=jinja2.StrictUndefined, autoescape=True
    )
    return environment.get_template("index.html.jinja").render(
        report=report,
        quarters=list(reversed(quarters or report.quarters)),
        l10n=localizers,
        languages=report.site.languages,
        downloads=downloads or {},
        index_file="index.html" if offline else "",
    )
