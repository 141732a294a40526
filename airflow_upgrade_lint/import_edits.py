"""Building and trimming import statements with libcst while keeping the user's formatting where it
survives, and telling which imported names a fix leaves unused."""

from __future__ import annotations

from typing import Collection, Iterable, Mapping, Optional, Sequence, Union

import libcst as cst
import libcst.matchers as m
from libcst.metadata import Scope


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


def new_import(module: str) -> cst.SimpleStatementLine:
    """A fresh `import module` statement."""
    return cst.SimpleStatementLine(body=[cst.Import(names=[alias(module, None)])])


def bindings(scope: Optional[Scope], statement: cst.CSTNode, local: str) -> list:
    """The assignments of `local` that the import `statement` makes in `scope`."""
    return [a for a in scope.assignments[local] if getattr(a, "node", None) is statement] if scope else []


def unused_names(
    statements: Iterable[cst.SimpleStatementLine],
    scopes: Mapping[cst.CSTNode, Scope],
    going: Iterable[cst.CSTNode],
) -> dict[cst.SimpleStatementLine, list[cst.ImportAlias]]:
    """The names each import statement binds that nothing uses once the expressions `going` are
    gone (a fix replaces or removes them), and that something used before.

    Only plain names count: `import a.b` binds `a`, which other code may reach in ways the scope
    analysis does not tie to this import.
    """
    gone = {id(node) for expression in going for node in m.findall(expression, m.Name() | m.Attribute())}
    found: dict[cst.SimpleStatementLine, list[cst.ImportAlias]] = {}
    for statement in statements:
        for small in statement.body:
            if not isinstance(small, (cst.Import, cst.ImportFrom)) or isinstance(small.names, cst.ImportStar):
                continue
            scope = scopes.get(small)
            for name in small.names:
                local = local_name(name)
                if "." in local:
                    continue
                uses = [access.node for a in bindings(scope, small, local) for access in a.references]
                if uses and all(id(use) in gone for use in uses):
                    found.setdefault(statement, []).append(name)
    return found


def without_names(statement: cst.SimpleStatementLine, names: Collection[cst.ImportAlias]) -> Optional[cst.SimpleStatementLine]:
    """`statement` no longer importing `names` (found by identity), or None when nothing is left."""
    body = []
    for small in statement.body:
        if isinstance(small, (cst.Import, cst.ImportFrom)) and not isinstance(small.names, cst.ImportStar):
            kept = [name for name in small.names if not any(name is gone for gone in names)]
            if not kept:
                continue
            if len(kept) < len(small.names):
                small = with_names(small, kept) if isinstance(small, cst.ImportFrom) else _import_with(small, kept)
        body.append(small)
    if not body:
        return None
    if len(body) < len(statement.body):  # `import a; import b` lost `b`: no semicolon left dangling
        body[-1] = body[-1].with_changes(semicolon=cst.MaybeSentinel.DEFAULT)
    return statement.with_changes(body=body)


def shrunk(statement: cst.SimpleStatementLine, names: Collection[cst.ImportAlias]) -> Union[cst.SimpleStatementLine, cst.RemovalSentinel]:
    """What stands for `statement` once it no longer imports `names`: the rest of it, or nothing;
    but a statement with comment lines above it stays whole rather than take them along."""
    rest = without_names(statement, names)
    if rest is not None:
        return rest
    return statement if _has_comment_lines(statement) else cst.RemoveFromParent()


def _has_comment_lines(statement: cst.SimpleStatementLine) -> bool:
    """Whether comment lines stand above `statement`: removing it would remove them too."""
    return any(line.comment for line in statement.leading_lines)


def _import_with(node: cst.Import, names: Sequence[cst.ImportAlias]) -> cst.Import:
    """`import a, b` importing `names`; the last one carries no comma."""
    *rest, last = names
    return node.with_changes(names=[*rest, last.with_changes(comma=cst.MaybeSentinel.DEFAULT)])
