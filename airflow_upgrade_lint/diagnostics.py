"""What a check reports: diagnostics, and the fixes attached to them."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Union

import libcst as cst


class Applicability(enum.Enum):
    """How far a fix may be trusted, in ruff's terms."""

    SAFE = "safe"  # applied by --fix
    UNSAFE = "unsafe"  # applied only with --unsafe-fixes: it may change what the code does

    def allowed(self, unsafe_fixes: bool) -> bool:
        return self is Applicability.SAFE or unsafe_fixes


class FixAvailability(enum.Enum):
    """What a rule can offer, for `rules` and `explain`."""

    ALWAYS = "always"
    SOMETIMES = "sometimes"
    NEVER = "never"


@dataclass(frozen=True)
class Span:
    """A region of a file: 1-based lines, 0-based columns, end exclusive."""

    start: tuple[int, int]
    end: tuple[int, int]

    def overlaps(self, other: Span) -> bool:
        return self.start < other.end and other.start < self.end


Replacement = Union[cst.CSTNode, cst.RemovalSentinel, cst.FlattenSentinel]


@dataclass(frozen=True, eq=False)
class NodeEdit:
    """Replace one node of the parsed tree (found by identity) with another, or remove it."""

    node: cst.CSTNode
    replacement: Replacement
    span: Span


@dataclass(frozen=True, eq=False)
class Fix:
    """A set of edits applied together, or not at all.

    Several diagnostics may share one Fix (every moved name of one import statement, say):
    the fix is applied once, and only when every diagnostic that shares it is wanted.
    """

    applicability: Applicability
    message: str
    edits: tuple[NodeEdit, ...]

    def overlaps(self, other: Fix) -> bool:
        return any(a.span.overlaps(b.span) for a in self.edits for b in other.edits)


@dataclass(frozen=True)
class Diagnostic:
    path: str
    line: int  # 1-based
    column: int  # 1-based, like ruff
    code: str
    message: str
    end_line: int = 0
    end_column: int = 0
    fix: Fix | None = field(default=None, compare=False)

    @property
    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.line, self.column, self.code, self.message)


@dataclass
class SourceResult:
    """What checking one file gives, whatever its kind."""

    diagnostics: list[Diagnostic]  # what remains: after fixes when fixing, else everything found
    fixed: bytes | None = None  # the new content when fixes changed it; never unparsable
    fixes_applied: int = 0
    notes: list[str] = field(default_factory=list)  # for stderr: the traceback of an internal error
