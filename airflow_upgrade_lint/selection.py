"""Which rule codes are enabled: --select and --ignore, ruff-style.

The most specific matching prefix wins, so select (AUL, AUL105) with ignore (AUL1,) enables
AUL105 but no other AUL1xx. Per-file ignores arrive already folded into `ignore` (the runner
matches their globs). The tool's own diagnostics (AUL0xx) cannot be turned off: a file that
could not be checked must never pass silently.
"""

from __future__ import annotations

from typing import Callable

from .settings import Settings

ALWAYS_ON = "AUL0"


def _longest_prefix(code: str, prefixes: tuple[str, ...]) -> int:
    return max((len(p) for p in prefixes if code.startswith(p)), default=-1)


def code_enabled(code: str, select: tuple[str, ...], ignore: tuple[str, ...]) -> bool:
    if code.startswith(ALWAYS_ON):
        return True
    selected = _longest_prefix(code, select)
    return selected >= 0 and selected > _longest_prefix(code, ignore)


def enabled_codes_predicate(settings: Settings) -> Callable[[str], bool]:
    """A memoised `code -> bool` for one file's settings."""
    cache: dict[str, bool] = {}

    def enabled(code: str) -> bool:
        if code not in cache:
            cache[code] = code_enabled(code, settings.select, settings.ignore)
        return cache[code]

    return enabled
