"""What a change to the content does to the published report, for review: `reportsite diff`.

Both sides are loaded and validated as the site would be, then compared by
ids (not by position), and each difference is written in each language,
for example `2563-q2 · ยุทธศาสตร์ที่ 1 · โครงการ 1: ร้อยละเทียบเป้าหมายปี 45.83 → 47.00`.
"""

from __future__ import annotations

import io
import subprocess
import tarfile
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ..errors import ContentError, ReportsiteError
from ..reading.fiscal import PERIOD_KEYS, PeriodId
from ..reading.model import Period, Report, Text
from ..reading.validation import validate_content
from ..rendering.localization import Localizer


@contextmanager
def content_at(root: Path, revision: str | None, content_dir: Path) -> Iterator[Path]:
    """Yield the content folder as it is at a git revision (None: the working tree)."""
    if revision is None:
        yield content_dir
        return
    relative = content_dir.resolve().relative_to(root.resolve()).as_posix()
    result = subprocess.run(["git", "archive", "--format=tar", revision, relative], cwd=root, capture_output=True)
    if result.returncode != 0:
        message = result.stderr.decode("utf-8", "replace").strip()
        raise ReportsiteError(f"cannot read {relative}/ at the revision '{revision}': {message}")
    with tempfile.TemporaryDirectory() as scratch:
        with tarfile.open(fileobj=io.BytesIO(result.stdout)) as archive:
            archive.extractall(scratch, filter="data")
        yield Path(scratch) / relative


def load_side(root: Path, revision: str | None, content_dir: Path) -> Report:
    with content_at(root, revision, content_dir) as folder:
        try:
            return validate_content(folder)
        except ContentError as error:
            side = f"at {revision}" if revision else "in the working tree"
            raise ReportsiteError(f"the content {side} has problems:\n{error.format_message()}") from None


def diff_reports(before: Report, after: Report, l10n: Localizer) -> list[tuple[str, str]]:
    """Every published difference, as (period, line) in the language of `l10n`."""
    old = {str(q.id): q for q in before.periods}
    new = {str(q.id): q for q in after.periods}
    lines = []
    for name in sorted(old.keys() | new.keys(), key=PeriodId.of_folder):
        if name not in old:
            lines.append((name, l10n.string("diff_period_added")))
        elif name not in new:
            lines.append((name, l10n.string("diff_period_removed")))
        else:
            lines += [(name, line) for line in _period_lines(old[name], new[name], l10n)]
    return lines


def _period_lines(old: Period, new: Period, l10n: Localizer) -> Iterable[str]:
    s = l10n.string
    if old.info.as_of != new.info.as_of:
        yield f"{s('as_of')}: {l10n.date(old.info.as_of)} → {l10n.date(new.info.as_of)}"
    yield from _text(s("diff_title"), old.info.title, new.info.title, l10n)
    yield from _optional(s("covers"), old.info.covers, new.info.covers, l10n)
    yield from _paragraphs(s("nav_background"), old.background.paragraphs, new.background.paragraphs, l10n)

    old_projects = {p.id: (sn, pn, p) for sn, pn, _, p in old.projects}
    for s_number, p_number, _, project in new.projects:
        where = f"{s('strategy_number', number=s_number)} · {s('project_number', number=p_number)}"
        if project.id not in old_projects:
            yield f"{where}: {s('diff_added')} ({project.title[l10n.language]})"
            continue
        *_, before = old_projects[project.id]
        for field, label in (
            ("vs_quarter_plan", l10n.period_string("diff_vs_period_plan", new.id)),
            ("vs_annual_target", s("diff_vs_annual_target")),
        ):
            a, b = getattr(before.progress, field), getattr(project.progress, field)
            if a != b:
                yield f"{where}: {label} {l10n.decimal2(a)} → {l10n.decimal2(b)}"
        old_figures = {f.id: f for f in before.key_figures}
        for figure in project.key_figures:
            was = old_figures.get(figure.id)
            label = figure.label[l10n.language]
            if was is None:
                yield f"{where}: {label}: {s('diff_added')} {l10n.number(figure.value)}"
            elif (was.value, was.qualifier) != (figure.value, figure.qualifier):
                yield f"{where}: {label} {l10n.number(was.value)} → {l10n.number(figure.value)}"
        for figure_id in old_figures.keys() - {f.id for f in project.key_figures}:
            yield f"{where}: {old_figures[figure_id].label[l10n.language]}: {s('diff_removed')}"
        yield from (f"{where}: {line}" for line in _text(s("diff_title"), before.title, project.title, l10n))
        for field in ("description", "items", "closing"):
            yield from (
                f"{where}: {line}"
                for line in _paragraphs(s("diff_" + field), getattr(before, field), getattr(project, field), l10n)
            )
    for project_id in old_projects.keys() - {p.id for *_, p in new.projects}:
        s_number, p_number, project = old_projects[project_id]
        yield (
            f"{s('strategy_number', number=s_number)} · {s('project_number', number=p_number)}: "
            f"{s('diff_removed')} ({project.title[l10n.language]})"
        )

    old_components = {c.id: c for c in old.scorecard.components}
    for number, component in enumerate(new.scorecard.components, start=1):
        where = f"{s('nav_scorecard')} · {number}. {component.title[l10n.language]}"
        was_component = old_components.get(component.id)
        if was_component is None:
            yield f"{where}: {s('diff_added')}"
            continue
        if was_component.indicators != component.indicators:
            yield f"{where}: {s('column_indicators')} {was_component.indicators} → {component.indicators}"
        if was_component.weight != component.weight:
            yield f"{where}: {s('column_weight')} {l10n.number(was_component.weight)} → {l10n.number(component.weight)}"
        for key in [key for key in PERIOD_KEYS if key in was_component.scores.keys() | component.scores.keys()]:
            a, b = was_component.scores.get(key), component.scores.get(key)
            scored = PeriodId.of_key(new.id.fiscal_year_be, key)
            if a != b and scored is not None:
                label = s("diff_score", period=l10n.period_short(scored))
                yield f"{where}: {label} {_score(a, l10n)} → {_score(b, l10n)}"
    for component_id in old_components.keys() - {c.id for c in new.scorecard.components}:
        yield f"{s('nav_scorecard')} · {old_components[component_id].title[l10n.language]}: {s('diff_removed')}"
    yield from _paragraphs(s("problems_title"), old.problems.problems.items, new.problems.problems.items, l10n)
    yield from _paragraphs(s("solutions_title"), old.problems.solutions.items, new.problems.solutions.items, l10n)


def _text(label: str, old: Text, new: Text, l10n: Localizer) -> Iterable[str]:
    a, b = old[l10n.language], new[l10n.language]
    if a != b:
        yield f"{label}: «{_short(a)}» → «{_short(b)}»"


def _optional(label: str, old: Text | None, new: Text | None, l10n: Localizer) -> Iterable[str]:
    a, b = (text[l10n.language] if text else None for text in (old, new))
    if a is None and b is not None:
        yield f"{label}: {l10n.string('diff_added')} «{_short(b)}»"
    elif b is None and a is not None:
        yield f"{label}: {l10n.string('diff_removed')} «{_short(a)}»"
    elif a is not None and b is not None and a != b:
        yield f"{label}: «{_short(a)}» → «{_short(b)}»"


def _paragraphs(label: str, old: list[Text], new: list[Text], l10n: Localizer) -> Iterable[str]:
    for index in range(max(len(old), len(new))):
        a = old[index][l10n.language] if index < len(old) else None
        b = new[index][l10n.language] if index < len(new) else None
        if a != b:
            where = f"{label} {index + 1}"
            if a is None and b is not None:
                yield f"{where}: {l10n.string('diff_added')} «{_short(b)}»"
            elif b is None and a is not None:
                yield f"{where}: {l10n.string('diff_removed')} «{_short(a)}»"
            elif a is not None and b is not None:
                yield f"{where}: «{_short(a)}» → «{_short(b)}»"


def _score(value: float | None, l10n: Localizer) -> str:
    return "—" if value is None else l10n.decimal2(value)


def _short(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def format_lines(by_language: dict[str, list[tuple[str, str]]], names: dict[str, str], fmt: str) -> str:
    """Text: one line per difference. Markdown: a section per period and language, for a PR comment."""
    if not any(by_language.values()):
        return (
            "No change to the published figures or texts.\n"
            if fmt == "text"
            else "**reportsite diff:** no change to the published figures or texts.\n"
        )
    out = []
    if fmt == "markdown":
        out.append("## reportsite diff: what this change does to the published report\n")
    for language, lines in by_language.items():
        periods = list(dict.fromkeys(period for period, _ in lines))  # in the order of the periods
        for period in periods:
            entries = [line for q, line in lines if q == period]
            if fmt == "markdown":
                out.append(f"\n### {period} · {names[language]}\n")
                out += [f"- {_escape_markdown(line)}" for line in entries]
            else:
                out += [f"{period} · {line}" for line in entries]
    return "\n".join(out) + "\n"


def _escape_markdown(text: str) -> str:
    for char in "\\`*_[]<>|":
        text = text.replace(char, "\\" + char)
    return text
