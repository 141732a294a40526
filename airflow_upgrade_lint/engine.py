"""One file's source in, diagnostics and fixed source out.

Flow: a byte scan for the trigger words of the enabled checks decides whether libcst parses the
file at all; otherwise one parse, one batched traversal for every enabled check. Fixes are node
edits on that tree; the ones that do not overlap are applied together, the result is parsed
again (so nothing unparsable is ever produced) and checked again, until no fix is left to apply.
A finding of a rule that survives other fixes and that a round's fixes hide without fixing it
is carried to the result, at the line it moved to.
"""

from __future__ import annotations

import ast
import dataclasses
import difflib
import re

import libcst as cst
from libcst.metadata import MetadataWrapper

from .checks import CHECKS
from .tool_errors import INTERNAL_ERROR, SYNTAX_ERROR
from .diagnostics import Diagnostic, Fix, SourceResult
from .knowledge import Knowledge
from .project import Project
from .rule import CheckContext
from .selection import enabled_codes_predicate
from .settings import Settings
from .suppression import is_suppressed, noqa_lines

# Each round applies every fix that does not overlap another; overlapping ones wait a round.
MAX_FIX_ROUNDS = 20


class _Unparsable(Exception):
    def __init__(self, line: int, column: int, message: str) -> None:
        super().__init__(message)
        self.line, self.column, self.message = line, column, message


def _syntax_check(source: bytes) -> None:
    """Whether the file is valid Python, with CPython's message (clearer than libcst's) if not."""
    try:
        ast.parse(source)
    except SyntaxError as error:
        raise _Unparsable(error.lineno or 1, error.offset or 1, error.msg) from None
    except ValueError as error:  # NUL bytes, undecodable source
        raise _Unparsable(1, 1, str(error)) from None


def _parse(source: bytes) -> cst.Module:
    try:
        return cst.parse_module(source)
    except cst.ParserSyntaxError as error:
        _syntax_check(source)
        raise _Unparsable(error.raw_line, error.raw_column + 1, str(error).splitlines()[0]) from None
    except UnicodeDecodeError as error:
        line = source.count(b"\n", 0, error.start) + 1
        raise _Unparsable(line, 1, f"not valid {error.encoding}: {error.reason} (a wrong encoding declaration?)") from None
    except (LookupError, SyntaxError) as error:  # an unknown or malformed coding declaration
        raise _Unparsable(1, 1, f"cannot decode: {error}") from None


def _apply(module: cst.Module, fixes: list[Fix]) -> cst.Module:
    replacements = {edit.node: edit.replacement for fix in fixes for edit in fix.edits}

    class ApplyEdits(cst.CSTTransformer):
        def on_leave(self, original_node, updated_node):
            return replacements.get(original_node, updated_node)

    return module.visit(ApplyEdits())


_LINE_BREAK = re.compile(r"\r\n?|\n")


class _LineMap:
    """Where the lines of one version of a file are in the next (1-based), from a line diff."""

    def __init__(self, before: str, after: str) -> None:
        old, new = _lines(before), _lines(after)
        self.blocks = difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()
        self.length = max(len(new), 1)

    def __call__(self, line: int) -> int:
        index = line - 1
        for tag, i1, i2, j1, j2 in self.blocks:
            if i1 <= index < i2:
                if tag == "equal":
                    return j1 + index - i1 + 1
                # a rewritten line: its counterpart in the rewrite; a deleted one: where it stood
                return min(j1 + index - i1, max(j2 - 1, j1), self.length - 1) + 1
        return min(line, self.length)

    def moved(self, diagnostic: Diagnostic) -> Diagnostic:
        """The diagnostic at its new lines, without its fix: that was made for the old tree."""
        end_line = self(diagnostic.end_line) if diagnostic.end_line else 0
        return dataclasses.replace(diagnostic, line=self(diagnostic.line), end_line=end_line, fix=None)


def _lines(text: str) -> list[str]:
    """The lines as the parser counts them (str.splitlines() also breaks at form feeds and the like)."""
    lines = _LINE_BREAK.split(text)
    return lines[:-1] if lines[-1] == "" else lines


class _FileCheck:
    def __init__(self, path: str, settings: Settings, knowledge: Knowledge, project: Project) -> None:
        self.path = path
        self.settings = settings
        self.knowledge = knowledge
        self.project = project
        self.target = settings.target_version or knowledge.default_target
        self.enabled = enabled_codes_predicate(settings)
        self.checks = [c for c in CHECKS if any(self.enabled(rule.code) for rule in c.rules)]
        self.surviving = {rule.code for check in self.checks for rule in check.rules if rule.survives_other_fixes}
        self.superseding = {rule.code: rule.supersedes for check in self.checks for rule in check.rules if rule.supersedes}

    def diagnostic(self, rule, line: int, column: int, message: str) -> Diagnostic:
        return Diagnostic(self.path, line, column, rule.code, message, end_line=line, end_column=column)

    def wants_parse(self, source: bytes) -> bool:
        return any(trigger in source for check in self.checks for trigger in check.triggers)

    def analyse(self, module: cst.Module) -> tuple[MetadataWrapper, list[Diagnostic], set[int]]:
        """Run every enabled check over one tree: the wanted diagnostics, and the ids of fixes
        that an unwanted (suppressed or deselected) diagnostic shares and so must not be applied."""
        noqa = noqa_lines(module.code)
        wrapper = MetadataWrapper(module, unsafe_skip_copy=True)  # each tree is parsed for this run only
        context = CheckContext(
            path=self.path,
            knowledge=self.knowledge,
            project=self.project,
            target=self.target,
            unsafe_fixes=self.settings.unsafe_fixes,
            wants=lambda code, line: self.enabled(code) and not is_suppressed(code, line, noqa),
            wrapper=wrapper,
        )
        wrapper.visit_batched([check_class(context) for check_class in self.checks])
        superseded = {
            (code, d.line, d.column, d.end_line, d.end_column)
            for d in context.diagnostics
            if context.wants(d.code, d.line)
            for code in self.superseding.get(d.code, ())
        }
        wanted, vetoed = [], set()
        for d in context.diagnostics:
            if (d.code, d.line, d.column, d.end_line, d.end_column) in superseded:
                continue
            if context.wants(d.code, d.line):
                wanted.append(d)
            elif d.fix is not None:
                vetoed.add(id(d.fix))
        return wrapper, sorted(wanted, key=lambda d: d.sort_key), vetoed

    def applicable_fixes(self, diagnostics: list[Diagnostic], vetoed: set[int]) -> list[Fix]:
        """Fixes the flags allow, that no unwanted diagnostic shares, and that do not overlap."""
        chosen: list[Fix] = []
        for fix in dict.fromkeys(d.fix for d in diagnostics if d.fix is not None):
            if not fix.edits or id(fix) in vetoed or not fix.applicability.allowed(self.settings.unsafe_fixes):
                continue
            if not any(fix.overlaps(other) for other in chosen):
                chosen.append(fix)
        return chosen

    def hidden(self, before: list[Diagnostic], fixes: list[Fix], after: list[Diagnostic], lines: _LineMap) -> list[Diagnostic]:
        """Findings of rules that survive other fixes which this round's fixes made disappear
        although their own fix was not among them, at their new lines."""
        remaining = {(d.code, d.line) for d in after}
        hidden = []
        for d in before:
            if d.code in self.surviving and not any(d.fix is fix for fix in fixes):
                moved = lines.moved(d)
                if (moved.code, moved.line) not in remaining:
                    hidden.append(moved)
        return hidden


def check_source(
    source: bytes, path: str, settings: Settings, knowledge: Knowledge, project: Project = Project()
) -> SourceResult:
    """Check one Python file's bytes. `path` is the display path used in diagnostics; `project`
    holds what the first pass learnt across files (plugins), empty for a file on its own.

    Never raises for bad input: a file that does not parse yields one AUL001 diagnostic.
    With settings.fix (or settings.diff), fixes allowed by settings.unsafe_fixes are applied.
    """
    run = _FileCheck(path, settings, knowledge, project)
    try:
        if not run.wants_parse(source):
            _syntax_check(source)
            return SourceResult([])
        module = _parse(source)
    except _Unparsable as error:
        return SourceResult([run.diagnostic(SYNTAX_ERROR, error.line, error.column, error.message)])

    wrapper, diagnostics, vetoed = run.analyse(module)
    if not (settings.fix or settings.diff):
        return SourceResult(diagnostics)
    found = diagnostics  # what stands reported if a fix goes wrong and the file is left as it was

    applied = 0
    current = module
    carried: list[Diagnostic] = []
    for _ in range(MAX_FIX_ROUNDS):
        fixes = run.applicable_fixes(diagnostics, vetoed)
        if not fixes:
            break
        try:
            candidate = cst.parse_module(_apply(wrapper.module, fixes).bytes)
        except cst.ParserSyntaxError as error:
            message = f"a fix produced code that does not parse ({error.message}); file left unchanged"
            return SourceResult(found + [run.diagnostic(INTERNAL_ERROR, 1, 1, message)])
        applied += sum(1 for d in diagnostics if any(d.fix is f for f in fixes))
        before, current = current, candidate
        previous = diagnostics
        wrapper, diagnostics, vetoed = run.analyse(current)
        if carried or any(d.code in run.surviving for d in previous):
            lines = _LineMap(before.code, current.code)
            carried = [lines.moved(d) for d in carried] + run.hidden(previous, fixes, diagnostics, lines)

    fixed = current.bytes if current.bytes != source else None
    if fixed is not None:
        try:  # libcst's grammar is a little wider than CPython's: the interpreter has the last word
            _syntax_check(fixed)
        except _Unparsable as error:
            message = f"a fix produced code Python rejects ({error.message}); file left unchanged"
            return SourceResult(found + [run.diagnostic(INTERNAL_ERROR, 1, 1, message)])
    remaining = diagnostics + [d for d in carried if not any((d.code, d.line) == (r.code, r.line) for r in diagnostics)]
    return SourceResult(sorted(remaining, key=lambda d: d.sort_key), fixed=fixed, fixes_applied=applied)
