"""One file's source in, diagnostics and fixed source out. (Contract; implementation in progress.)"""

from __future__ import annotations

from dataclasses import dataclass, field

from .diagnostics import Diagnostic
from .knowledge import Knowledge
from .settings import Settings


@dataclass
class SourceResult:
    diagnostics: list[Diagnostic]  # what remains: after fixes when fixing, else everything found
    fixed: bytes | None = None  # the new content when fixes changed it; never unparsable
    fixes_applied: int = 0
    notes: list[str] = field(default_factory=list)


def check_source(source: bytes, path: str, settings: Settings, knowledge: Knowledge) -> SourceResult:
    """Check one Python file's bytes. `path` is the display path used in diagnostics.

    Never raises for bad input: a file that does not parse yields one AUL001 diagnostic.
    With settings.fix (or settings.diff), fixes allowed by settings.unsafe_fixes are applied.
    """
    raise NotImplementedError
