"""The pages outside the periods' builds: the archive's front door, `site/index.html`, and redirects.

They are HTML templates (`index.html.jinja`, `redirect.html.jinja`), with the
same translation function and filters as the Markdown pages (filters.py).
"""

from __future__ import annotations

import jinja2

from ..reading.comparison import compare
from ..reading.model import Period, Report
from ..theme import Theme
from .compiled_templates import compiled_templates
from .filters import register_filters
from .localization import Localizer


def html_environment(theme: Theme, localizers: dict[str, Localizer]) -> jinja2.Environment:
    """The Jinja environment of the HTML templates, for pages in the languages of `localizers`."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(theme.template_dirs), undefined=jinja2.StrictUndefined, autoescape=True
    )
    # Made anew for every page of its kind (front door, trends, redirects): compiled once per process all the same.
    environment.bytecode_cache = compiled_templates(environment)
    register_filters(environment, localizers.__getitem__)
    return environment


def render_front_door(
    report: Report,
    theme: Theme,
    localizers: dict[str, Localizer],
    *,
    periods: list[Period] | None = None,
    downloads: dict[str, str] | None = None,
    offline: bool = False,
) -> str:
    """The front door's HTML, for `report.periods` or the given `periods`.

    `downloads` names the offline zip of each archived period; `offline` links
    to index.html files, for reading from disk.
    """
    newest_first = list(reversed(periods or report.periods))
    return (
        html_environment(theme, localizers)
        .get_template("index.html.jinja")
        .render(
            report=report,
            periods=newest_first,
            # The latest period's tiles show its changes since the period it is compared with, when the content
            # has that period, as its overview does.
            comparison=compare(report, newest_first[0]),
            language=report.site.languages[0],
            languages=report.site.languages,
            localizers=localizers,
            # The language choice jumps to each language's section of this one page.
            choices=[(code, f"#{code}") for code in report.site.languages],
            downloads=downloads or {},
            index_file="index.html" if offline else "",
        )
    )
