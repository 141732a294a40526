"""Checking and fixing files that are not Python: requirements files and Airflow configuration.

A format (one per workspace kind) says what is malformed in a text and what its rules find in
it; this module does the rest the same way for all of them, as engine.py does for Python:
selection and `# noqa`, fixes as character-offset edits applied in rounds until none is left,
and no edit at all to a file that does not parse, before or after the fix. Files are decoded
as UTF-8 with their line endings kept, so an edit touches only the characters it replaces.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Callable, Protocol

from .tool_errors import INTERNAL_ERROR, SYNTAX_ERROR, UNREADABLE_FILE
from .diagnostics import Applicability, Diagnostic, Fix
from .diagnostics import SourceResult
from .selection import enabled_codes_predicate
from .settings import Settings
from .suppression import ALL, noqa_codes

if TYPE_CHECKING:
    from .knowledge import Knowledge
    from .project import Project
    from .rule import Rule

MAX_FIX_ROUNDS = 10


@dataclass(frozen=True)
class TextEdit:
    """Replace text[start:end] (character offsets) with `text`."""

    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Finding:
    """What a format's rule found: the span it reports and, when it can, the edits that fix it."""

    rule: Rule
    start: int  # character offsets of the reported text
    end: int
    message: str
    edits: tuple[TextEdit, ...] = ()  # empty: nothing to fix automatically
    applicability: Applicability = Applicability.SAFE
    fix_message: str = ""


@dataclass(frozen=True)
class Malformed:
    """Why a text does not parse in its format, at a 1-based line and column."""

    line: int
    column: int
    message: str


@dataclass(frozen=True)
class TextContext:
    """What a format may know while it reads one file."""

    path: str
    target: str
    knowledge: Knowledge
    project: Project
    settings: Settings


class TextFormat(Protocol):
    # "#" where a `# noqa` comment applies, "" in formats without comments (JSON).
    comment: str

    def malformed(self, text: str) -> list[Malformed]:
        """Syntax errors that make the file unsafe to edit; [] when it parses."""

    def findings(self, text: str, context: TextContext) -> list[Finding]:
        """What the enabled and disabled rules alike find in a well-formed text."""


@dataclass
class Lines:
    """Offsets to 1-based lines and columns of one text."""

    text: str
    starts: list[int] = field(init=False)

    def __post_init__(self) -> None:
        self.starts = [0, *(match.end() for match in re.finditer("\n", self.text))]

    def position(self, offset: int) -> tuple[int, int]:
        line = bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1

    def line_text(self, line: int) -> str:
        end = self.starts[line] if line < len(self.starts) else len(self.text)
        return self.text[self.starts[line - 1] : end]


def line_break(text: str) -> str:
    """The text's line break, as its first line ends: lines a fix adds end the same way."""
    first = text.find("\n")
    return "\r\n" if first > 0 and text[first - 1] == "\r" else "\n"


def check_text(
    fmt: TextFormat, source: bytes, path: str, settings: Settings, knowledge: Knowledge, project: Project
) -> SourceResult:
    """Check one file of the format; with settings.fix (or diff), apply the fixes the flags allow."""
    try:
        text = source.decode("utf-8")
    except UnicodeDecodeError as error:
        return SourceResult([not_utf8(source, path, error)])
    problems = fmt.malformed(text)
    if problems:  # never edit what does not parse
        return SourceResult([_syntax_error(path, problem) for problem in problems])

    context = TextContext(path, settings.target_version or knowledge.default_target, knowledge, project, settings)
    wanted = finding_filter(fmt, settings)
    found = [finding for finding in fmt.findings(text, context) if wanted(finding, text)]
    if not (settings.fix or settings.diff):
        return SourceResult(_diagnostics(text, path, found))

    fixed, applied = text, 0
    for _ in range(MAX_FIX_ROUNDS):
        chosen = _applicable(found, settings.unsafe_fixes)
        if not chosen:
            break
        fixed, applied = _apply(fixed, chosen), applied + len(chosen)
        if problems := fmt.malformed(fixed):  # a bug in a rule: keep the file as it was
            message = f"Internal error: the fix would leave the file malformed ({problems[0].message}); not applied"
            internal = Diagnostic(path, problems[0].line, 1, INTERNAL_ERROR.code, message)
            return SourceResult([*_diagnostics(text, path, [f for f in fmt.findings(text, context) if wanted(f, text)]), internal])
        found = [finding for finding in fmt.findings(fixed, context) if wanted(finding, fixed)]
    if fixed == text:
        return SourceResult(_diagnostics(text, path, found))
    return SourceResult(_diagnostics(fixed, path, found), fixed=fixed.encode("utf-8"), fixes_applied=applied)


def not_utf8(source: bytes, path: str, error: UnicodeDecodeError, why: str = "") -> Diagnostic:
    """AUL002 for a file that is not UTF-8, at the line of its first bad byte."""
    line = source.count(b"\n", 0, error.start) + 1
    reason = f"not valid UTF-8{why} ({error.reason} at byte {error.start + 1})"
    return Diagnostic(path, line, 1, UNREADABLE_FILE.code, f"Cannot read {path}: {reason}")


def _syntax_error(path: str, problem: Malformed) -> Diagnostic:
    return Diagnostic(path, problem.line, problem.column, SYNTAX_ERROR.code, problem.message)


def finding_filter(fmt: TextFormat, settings: Settings) -> Callable[[Finding, str], bool]:
    """Enabled by the selection and not suppressed by `noqa` in a comment on its first line."""
    enabled = enabled_codes_predicate(settings)

    def wanted(finding: Finding, text: str) -> bool:
        if not enabled(finding.rule.code):
            return False
        if not fmt.comment:
            return True
        line_start = text.rfind("\n", 0, finding.start) + 1
        line_end = text.find("\n", finding.start)
        line = text[line_start : len(text) if line_end < 0 else line_end]
        # any `#` may start it, not only the first: one can stand in a value (`color: '#fff'  # noqa`)
        codes = noqa_codes(line)
        return codes is None or (codes is not ALL and finding.rule.code not in codes)

    return wanted


def _applicable(found: list[Finding], unsafe_fixes: bool) -> list[Finding]:
    """Fixable findings the flags allow whose edits overlap no edit chosen before them."""
    chosen: list[Finding] = []
    taken: list[TextEdit] = []
    for finding in found:
        if not finding.edits or not finding.applicability.allowed(unsafe_fixes):
            continue
        if any(_overlap(edit, other) for edit in finding.edits for other in taken):
            continue
        chosen.append(finding)
        taken.extend(finding.edits)
    return chosen


def _overlap(a: TextEdit, b: TextEdit) -> bool:
    # two insertions at one offset overlap too: their order would be arbitrary
    return a.start < b.end and b.start < a.end or a.start == b.start


def _apply(text: str, findings: list[Finding]) -> str:
    edits = sorted((edit for finding in findings for edit in finding.edits), key=lambda edit: edit.start, reverse=True)
    for edit in edits:
        text = text[: edit.start] + edit.text + text[edit.end :]
    return text


def _diagnostics(text: str, path: str, found: list[Finding]) -> list[Diagnostic]:
    lines = Lines(text)
    diagnostics = []
    for finding in found:
        (line, column), (end_line, end_column) = lines.position(finding.start), lines.position(finding.end)
        fix = Fix(finding.applicability, finding.fix_message, ()) if finding.edits else None
        diagnostics.append(Diagnostic(path, line, column, finding.rule.code, finding.message, end_line, end_column, fix))
    return sorted(diagnostics, key=lambda d: d.sort_key)
