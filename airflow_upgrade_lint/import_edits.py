"""Building import statements with libcst while keeping the user's formatting where it survives."""

from __future__ import annotations

from typing import Optional, Sequence

import libcst as cst


def dotted(path: str) -> cst.Attribute | cst.Name:
    """`a.b.c` as a Name/Attribute expression."""
    head, _, last = path.rpartition(".")
    return cst.Attribute(value=dotted(head), attr=cst.Name(last)) if head else cst.Name(last)


def alias(name: str, asname: Optional[str]) -> cst.ImportAlias:
    if asname is None or asname == name:
        return cst.ImportAlias(name=dotted(name))
    return cst.ImportAlias(name=dotted(name), asname=cst.AsName(name=cst.Name(asname)))


def local_name(node: cst.ImportAlias) -> str:
    """The name an import alias binds: its `as` name, else its full dotted name."""
    if node.asname is not None:
        return node.asname.name.value  # type: ignore[union-attr]
    return cst.helpers.get_full_name_for_node(node.name) or ""


def imported_name(node: cst.ImportAlias) -> str:
    return cst.helpers.get_full_name_for_node(node.name) or ""


def _is_multiline(node: cst.ImportFrom) -> bool:
    return isinstance(node.lpar, cst.LeftParen) and isinstance(node.lpar.whitespace_after, cst.ParenthesizedWhitespace)


def with_names(node: cst.ImportFrom, names: Sequence[cst.ImportAlias]) -> cst.ImportFrom:
    """`node` importing `names` instead, keeping its punctuation style.

    Names taken from `node` keep their own comma (and any comment in it); the last name's comma
    is repaired so that a one-line import never ends in a comma and a multi-line parenthesised
    list keeps its trailing comma and closing layout.
    """
    names = list(names)
    if not names:
        raise ValueError("an import needs at least one name")
    original_last = node.names[-1] if not isinstance(node.names, cst.ImportStar) else None
    separator = _separator(node)
    fixed = []
    for index, item in enumerate(names):
        is_last = index == len(names) - 1
        if is_last:
            comma = original_last.comma if (original_last is not None and _is_multiline(node)) else cst.MaybeSentinel.DEFAULT
        elif isinstance(item.comma, cst.Comma) and item is not original_last:
            comma = item.comma
        else:
            comma = separator
        fixed.append(item.with_changes(comma=comma))
    return node.with_changes(names=fixed)


def _separator(node: cst.ImportFrom) -> cst.Comma:
    """The comma (with the whitespace after it) that separates names in `node`."""
    if not isinstance(node.names, cst.ImportStar):
        for item in node.names[:-1]:
            if isinstance(item.comma, cst.Comma):
                return item.comma.with_changes(whitespace_before=cst.SimpleWhitespace(""))
        if _is_multiline(node):
            return cst.Comma(whitespace_after=node.lpar.whitespace_after)  # type: ignore[union-attr]
    return cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))


def new_import_from(module: str, names: Sequence[cst.ImportAlias]) -> cst.SimpleStatementLine:
    """A fresh one-line `from module import a, b` statement."""
    bare = cst.ImportFrom(module=dotted(module), names=[n.with_changes(comma=cst.MaybeSentinel.DEFAULT) for n in names])
    return cst.SimpleStatementLine(body=[with_names(bare, bare.names)])
