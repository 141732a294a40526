"""What a run found, counted once for every output format and for the exit code."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Iterator, Mapping

from ..tool_errors import INTERNAL_ERROR, RULES as TOOL_RULES
from ..diagnostics import Diagnostic
from ..rule import Rule
from ..runner import FileReport
from ..settings import Settings


def diagnostics(reports: list[FileReport]) -> list[Diagnostic]:
    """Every remaining diagnostic, ordered by path, line, column and code."""
    return sorted((d for report in reports for d in report.diagnostics), key=lambda d: d.sort_key)


def fix_shown(diagnostic: Diagnostic, settings: Settings) -> bool:
    """Whether the current flags would apply the diagnostic's fix (ruff's `[*]`)."""
    return diagnostic.fix is not None and diagnostic.fix.applicability.allowed(settings.unsafe_fixes)


def fix_hidden(diagnostic: Diagnostic, settings: Settings) -> bool:
    """Whether the diagnostic has a fix that only --unsafe-fixes would apply."""
    return diagnostic.fix is not None and not fix_shown(diagnostic, settings)


@dataclass(frozen=True)
class Totals:
    remaining: int  # diagnostics left
    fixed: int  # diagnostics fixed (with --diff: that would be)
    fixable: int  # remaining diagnostics whose fix the flags allow
    hidden: int  # remaining diagnostics whose fix needs --unsafe-fixes
    changed: int  # files that --diff shows changes for
    unchecked: int  # the tool's own diagnostics (unparsable, unreadable, failed)
    failed: int  # internal errors

    @classmethod
    def of(cls, reports: list[FileReport], settings: Settings) -> Totals:
        found = diagnostics(reports)
        tool_codes = {rule.code for rule in TOOL_RULES}
        return cls(
            remaining=len(found),
            fixed=sum(report.fixes_applied for report in reports),
            fixable=sum(fix_shown(d, settings) for d in found),
            hidden=sum(fix_hidden(d, settings) for d in found),
            changed=sum(bool(report.diff) for report in reports),
            unchecked=sum(d.code in tool_codes for d in found),
            failed=sum(d.code == INTERNAL_ERROR.code for d in found),
        )

    def exit_code(self, settings: Settings) -> int:
        """2 when the tool failed; else 1 when something is left to do, unless --exit-zero."""
        if self.failed:
            return 2
        if settings.exit_zero:
            return 0
        if settings.diff:  # a file that could not be checked must not pass the gate either
            return int(bool(self.changed or self.unchecked))
        return int(bool(self.remaining))


@dataclass(frozen=True)
class Statistic:
    code: str
    name: str
    count: int
    fix: str  # "[*]" fixable with the flags, "[-]" with --unsafe-fixes, "[ ]" no fix


def statistics(reports: list[FileReport], settings: Settings, rules: Mapping[str, Rule]) -> Iterator[Statistic]:
    """One line per code, most frequent first."""
    found = diagnostics(reports)
    counts = Counter(d.code for d in found)
    for code, count in sorted(counts.items(), key=lambda item: (-item[1], item[0])):
        of_code = [d for d in found if d.code == code]
        fix = "[*]" if any(fix_shown(d, settings) for d in of_code) else "[-]" if any(d.fix for d in of_code) else "[ ]"
        yield Statistic(code, rules[code].name, count, fix)
