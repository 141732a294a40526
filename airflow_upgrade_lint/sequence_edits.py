"""Removing one element of a comma-separated libcst sequence (call arguments, dict entries)."""

from __future__ import annotations

from typing import Sequence, TypeVar

import libcst as cst

Element = TypeVar("Element", cst.Arg, cst.BaseDictElement)


def without(items: Sequence[Element], index: int) -> list[Element]:
    """`items` without the one at `index`. When the last one goes, the one before it takes over
    its comma, so a trailing comma and the layout before the closing bracket survive."""
    kept = list(items)
    removed = kept.pop(index)
    if index == len(kept) and kept:
        kept[-1] = kept[-1].with_changes(comma=removed.comma)
    return kept
