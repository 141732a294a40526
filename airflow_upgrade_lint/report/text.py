"""Output for people, in ruff's concise style: `path:line:col: CODE message [*]`, then a summary."""

from __future__ import annotations

from typing import Iterable

from ..tool_errors import RULES as TOOL_RULES
from ..diagnostics import Diagnostic, FixAvailability
from ..rule import Rule
from ..runner import FileReport
from ..settings import Settings
from . import Statistic, Totals, diagnostics, fix_shown

FIX_AVAILABILITY = {
    FixAvailability.ALWAYS: "Fix is always available.",
    FixAvailability.SOMETIMES: "Fix is sometimes available.",
    FixAvailability.NEVER: "Fix is not available.",
}


def _errors(count: int) -> str:
    return f"{count} error" if count == 1 else f"{count} errors"


def _lines(items: Iterable[str]) -> str:
    return "".join(f"{item}\n" for item in items)


def line(diagnostic: Diagnostic, settings: Settings) -> str:
    mark = " [*]" if fix_shown(diagnostic, settings) else ""
    return f"{diagnostic.path}:{diagnostic.line}:{diagnostic.column}: {diagnostic.code} {diagnostic.message}{mark}"


def summary(totals: Totals, settings: Settings) -> list[str]:
    found = totals.remaining + totals.fixed
    if not found:
        return ["All checks passed!"]
    if settings.fix:
        lines = [f"Found {_errors(found)} ({totals.fixed} fixed, {totals.remaining} remaining)."]
        if totals.hidden:
            lines.append(f"{totals.hidden} more fixable with --unsafe-fixes.")
        return lines
    lines = [f"Found {_errors(found)}."]
    if totals.fixable:
        more = f" ({totals.hidden} more with --unsafe-fixes)" if totals.hidden else ""
        lines.append(f"[*] {totals.fixable} fixable with --fix{more}.")
    elif totals.hidden:
        lines.append(f"{totals.hidden} fixable with --fix --unsafe-fixes.")
    return lines


def render(reports: list[FileReport], totals: Totals, settings: Settings) -> str:
    return _lines([*(line(d, settings) for d in diagnostics(reports)), *summary(totals, settings)])


def statistics(rows: list[Statistic], totals: Totals, settings: Settings) -> str:
    count_width = max((len(str(row.count)) for row in rows), default=0)
    code_width = max((len(row.code) for row in rows), default=0)
    table = (f"{row.count:>{count_width}}  {row.code:<{code_width}}  {row.fix} {row.name}" for row in rows)
    return _lines([*table, *summary(totals, settings)])


def diff_summary(reports: list[FileReport], totals: Totals, settings: Settings) -> str:
    """For stderr under --diff (the diffs go to stdout): what could not be checked, what would be fixed."""
    tool_codes = {rule.code for rule in TOOL_RULES}
    unchecked = (line(d, settings) for d in diagnostics(reports) if d.code in tool_codes)
    would = f"Would fix {_errors(totals.fixed)}." if totals.fixed else "No errors would be fixed."
    hidden = [f"{totals.hidden} more fixable with --unsafe-fixes."] if totals.hidden else []
    return _lines([*unchecked, would, *hidden])


def notes(reports: list[FileReport]) -> str:
    return _lines(f"note: {report.path}: {note.rstrip()}" for report in reports for note in report.notes)


def rule_table(rules: list[Rule]) -> str:
    rows = [(rule.code, rule.name, rule.fix.value, rule.summary) for rule in rules]
    widths = [max((len(row[column]) for row in rows), default=0) for column in range(3)]
    return _lines("  ".join([*(cell.ljust(width) for cell, width in zip(row, widths)), row[3]]) for row in rows)


def explanation(rule: Rule) -> str:
    return f"# {rule.name} ({rule.code})\n\n{FIX_AVAILABILITY[rule.fix]}\n\n{rule.documentation()}"
