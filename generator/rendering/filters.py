"""The translation function and the filters of the templates, registered in one place.

Every template fills in interface strings with one function, `t`:
`{{ t("score_out_of", score=period.total_score | decimal2, weight=weight | number) }}`;
and a string about a period, in the words of its kind, with `t_period`:
`{{ t_period("projects_on_plan", period.id) }}` (Localizer.period_string).
It looks the string up in the page's language (site_templates/strings/) and
fills in its placeholders: whole numbers become numerals in the page's digits,
and texts go in as they are, so numbers are formatted first, with the filters
below, and prose is never changed. Every number and date a page shows passes
through a filter or `t`, so that `thai_digits` reaches them all.

`t` and the filters take the page's language from the template's `language`
variable. A template that shows several languages (the front door) includes
a partial in a loop over them: an included template sees the loop's variable.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal
from typing import Any

import jinja2

from ..errors import BuildError
from ..reading.fiscal import DateSpan, PeriodId
from ..reading.model import Column, KeyFigure, NumberCell, Period, Text
from .localization import Localizer

# A footnote's mark as escape_markdown leaves it: \[^id\]; it becomes a real footnote of the page.
_ESCAPED_FOOTNOTE = re.compile(r"\\\[\^([a-z0-9]+(?:-[a-z0-9]+)*)\\\]")

# Prose from the content is shown literally: it can neither format the page
# nor inject HTML. These characters would be read as markup anywhere in a line
# (emphasis, links, attribute lists, table cells, code, HTML)...
_INLINE_MARKUP = re.compile(r"([\\`*_\[\]{}|])")
# ...and these only at the start of a block (headings, lists, ordered lists).
_BLOCK_START = re.compile(r"^(#|[-+]|\d+(?=[.)]))")


def escape_markdown(text: str) -> str:
    """Make any text safe to place in a Markdown paragraph, heading, list item or table cell."""
    one_line = " ".join(text.split())
    escaped = one_line.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    escaped = _INLINE_MARKUP.sub(r"\\\1", escaped)
    match = _BLOCK_START.match(escaped)
    if match is None:
        return escaped
    if match.group(1)[0].isdigit():
        # "1. text" would start an ordered list: escape the dot or parenthesis after the number.
        end = match.end()
        return escaped[:end] + "\\" + escaped[end:]
    return "\\" + escaped


def register_filters(environment: jinja2.Environment, localizer: Callable[[str], Localizer]) -> None:
    """Give `environment` the translation function `t` and the filters, with `localizer(language)` for each page."""

    def l10n(context: jinja2.runtime.Context) -> Localizer:
        language = context.resolve_or_missing("language")
        if not isinstance(language, str):
            raise BuildError(
                f"{context.name}: the template has no `language` to translate and format in "
                "(in a loop over languages, include a partial)"
            )
        return localizer(language)

    @jinja2.pass_context
    def t(context: jinja2.runtime.Context, name: str, **values: str | int) -> str:
        return l10n(context).string(name, **values)

    @jinja2.pass_context
    def t_period(context: jinja2.runtime.Context, name: str, period: PeriodId, **values: str | int) -> str:
        return l10n(context).period_string(name, period, **values)

    def footnote_marks(context: jinja2.runtime.Context, escaped: str) -> str:
        # `footnote_prefix` is the section's name: footnote ids are the section's own, and the print
        # edition puts every section on one page.
        prefix = context.resolve_or_missing("footnote_prefix")
        if not isinstance(prefix, str):
            return escaped
        return _ESCAPED_FOOTNOTE.sub(lambda match: f"[^{footnote_key(prefix, match.group(1))}]", escaped)

    @jinja2.pass_context
    def text(context: jinja2.runtime.Context, value: Text) -> str:
        return footnote_marks(context, escape_markdown(value[l10n(context).language]))

    @jinja2.pass_context
    def title(context: jinja2.runtime.Context, value: Text) -> str:
        """A title where its footnote cannot go (a link, a contents list, another page): without footnote marks."""
        return escape_markdown(strip_footnote_marks(value[l10n(context).language]))

    @jinja2.pass_context
    def unmarked(context: jinja2.runtime.Context, value: Text) -> str:
        """A text for an HTML page, which escapes it itself (the front door): without footnote marks."""
        return strip_footnote_marks(value[l10n(context).language])

    @jinja2.pass_context
    def quantity(context: jinja2.runtime.Context, value: Decimal, unit: Text | None) -> str:
        localizer = l10n(context)
        return escape_markdown(localizer.quantity(value, unit[localizer.language] if unit else None))

    @jinja2.pass_context
    def change(context: jinja2.runtime.Context, value: Decimal, unit: Text | None) -> str:
        """A change in a figure, with its sign, the figure's decimals and its unit: "+55 คน"."""
        localizer = l10n(context)
        return escape_markdown(localizer.quantity(value, unit[localizer.language] if unit else None, signed=True))

    @jinja2.pass_context
    def figure(context: jinja2.runtime.Context, value: KeyFigure) -> str:
        return figure_text(value, l10n(context), escape_markdown)

    @jinja2.pass_context
    def cell(context: jinja2.runtime.Context, value: Any, column: Column) -> str:
        """A table cell as its column types it: text, a figure as typed, a date; a dash when empty."""
        localizer = l10n(context)
        note = value.note if isinstance(value, NumberCell) else None
        written = value.text if isinstance(value, NumberCell) else None
        value = value.value if isinstance(value, NumberCell) else value
        if written is not None:
            shown = text(context, written)
        elif value is None:
            shown = localizer.string("empty_cell")
        elif isinstance(value, Text):
            # A text cell keeps the lines the editor typed (a cell of several points), one under the other.
            language = l10n(context).language
            shown = "<br>".join(
                footnote_marks(context, escape_markdown(line)) for line in value[language].splitlines() if line.strip()
            )
        elif isinstance(value, date):
            shown = localizer.date(value)
        else:
            shown = localizer.exact(value)
        return shown + (footnote_mark(context, note) if note is not None else "")

    @jinja2.pass_context
    def footnote_mark(context: jinja2.runtime.Context, note: str) -> str:
        """The mark of the section's footnote `note`, where a cell refers to it (outside a section: none)."""
        prefix = context.resolve_or_missing("footnote_prefix")
        return f"[^{footnote_key(prefix, note)}]" if isinstance(prefix, str) else ""

    def alignment(column: Column) -> str:
        """Where a column's cells sit: texts to the left, numbers and dates to the right, to line up their digits."""
        return "left" if column.type == "text" else "right"

    @jinja2.pass_context
    def column_heading(context: jinja2.runtime.Context, column: Column) -> str:
        localizer = l10n(context)
        title = text(context, column.title)
        unit = "%" if column.type == "percent" else (column.unit[localizer.language] if column.unit else None)
        return localizer.string("column_unit", title=title, unit=escape_markdown(unit)) if unit else title

    @jinja2.pass_context
    def outline(context: jinja2.runtime.Context, number: str) -> str:
        """A number as an outline shows it ("1.2", or the report's own "4.2.1"), in the page's digits."""
        return escape_markdown(l10n(context).digits(str(number)))

    @jinja2.pass_context
    def item_number(context: jinja2.runtime.Context, number: str) -> str:
        """A number before an item's title: "2." for a computed number, the report's own ("4.2.1", "(3)") as it is."""
        return outline(context, number_label(number))

    @jinja2.pass_context
    def numbered(context: jinja2.runtime.Context, heading: str, number: str | None) -> str:
        """A heading (already filtered) after the report's number for it, if it gives one: "1.4 Finances"."""
        return f"{item_number(context, number)} {heading}" if number else heading

    def direction(value: Decimal) -> str:
        return "ahead" if value > 0 else "behind" if value < 0 else "zero"

    def formatter(method: Callable[[Localizer, Any], str]) -> Callable[..., str]:
        @jinja2.pass_context
        def apply(context: jinja2.runtime.Context, value: Any) -> str:
            return method(l10n(context), value)

        return apply

    def period_with_months(localizer: Localizer, period: Period) -> str:
        return localizer.period_with_months(period.id, period.dates)

    def months(localizer: Localizer, dates: DateSpan) -> str:
        return localizer.months(dates)

    environment.globals["t"] = t
    environment.globals["t_period"] = t_period
    environment.filters.update(
        text=text,
        title=title,
        unmarked=unmarked,
        plain=escape_markdown,
        figure=figure,
        quantity=quantity,
        change=change,
        cell=cell,
        footnote_mark=footnote_mark,
        alignment=alignment,
        column_heading=column_heading,
        outline=outline,
        item_number=item_number,
        numbered=numbered,
        direction=direction,
        exact=formatter(Localizer.exact),
        number=formatter(Localizer.number),
        numeral=formatter(Localizer.numeral),
        decimal2=formatter(Localizer.decimal2),
        signed=formatter(Localizer.signed),
        date=formatter(Localizer.date),
        months=formatter(months),
        period_name=formatter(Localizer.period_name),
        period_short=formatter(Localizer.period_short),
        period_with_months=formatter(period_with_months),
    )


def figure_text(figure: KeyFigure, l10n: Localizer, escape: Callable[[str], str] = str) -> str:
    """A key figure as the pages write it, "13,655 คน", "more than 5 %": its quantity, `escape`d, and qualifier."""
    shown = escape(l10n.quantity(figure.value, figure.unit[l10n.language] if figure.unit else None))
    return l10n.string(figure.qualifier, value=shown) if figure.qualifier else shown


def footnote_key(section: str, footnote_id: str) -> str:
    """A footnote's key on a page: its section's name and its id, unique on the print edition's one page."""
    return f"{section}-{footnote_id}"


def number_label(number: str) -> str:
    """An item's number as a label: "2." for a computed (or plain) number; the report's own "4.2.1" as it is."""
    return f"{number}." if number.isdigit() else number


_FOOTNOTE_MARK = re.compile(r"\[\^[a-z0-9]+(?:-[a-z0-9]+)*\]")


def strip_footnote_marks(text: str) -> str:
    """A text without its footnote marks ([^id]), for where a footnote cannot go: navigation labels."""
    return _FOOTNOTE_MARK.sub("", text)
