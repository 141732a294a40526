"""Which rule codes are enabled for a file: --select, --ignore and per-file ignores, ruff-style.

The most specific matching prefix wins, so `--select AUL --ignore AUL1 --select AUL105`
(as lists: select AUL, AUL105; ignore AUL1) enables AUL105 but no other AUL1xx.
"""

from __future__ import annotations

import fnmatch
from pathlib import PurePath

from .settings import Settings


def _longest_prefix(code: str, prefixes: tuple[str, ...]) -> int:
    return max((len(p) for p in prefixes if code.startswith(p)), default=-1)


def code_enabled(code: str, select: tuple[str, ...], ignore: tuple[str, ...]) -> bool:
    selected = _longest_prefix(code, select)
    return selected >= 0 and selected > _longest_prefix(code, ignore)


def _matches(path: str, pattern: str) -> bool:
    pure = PurePath(path)
    return pure.match(pattern) or fnmatch.fnmatch(path, pattern) or fnmatch.fnmatch(pure.name, pattern)


def file_ignores(settings: Settings, path: str) -> tuple[str, ...]:
    return tuple(code for pattern, codes in settings.per_file_ignores if _matches(path, pattern) for code in codes)


def enabled_codes_predicate(settings: Settings, path: str):
    """A memoised `code -> bool` for one file."""
    ignore = settings.ignore + file_ignores(settings, path)
    cache: dict[str, bool] = {}

    def enabled(code: str) -> bool:
        if code not in cache:
            cache[code] = code_enabled(code, settings.select, ignore)
        return cache[code]

    return enabled
