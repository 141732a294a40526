"""Imports that moved between Airflow 1.10 and 2.x (AUL101-AUL105).

Every 1.10 import path a DAG can use is looked up in rules/imports.toml, which says, for each
target version, the canonical 2.x path (or that there is none), whether the old path still
imports there through a deprecation shim, and whether the new path names the very same object.
The fix rewrites the import statement itself (so no stale import is left behind), renames every
use of a renamed class, and merges into an import of the new module that is already there.
Imports inside `try: ... except ImportError: <another import>` are compatibility code that works
on both versions, and are left alone. Star imports and strings naming old paths are reported
with unsafe fixes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional, Union

import libcst as cst
import libcst.matchers as m
from libcst.metadata import ScopeProvider

from ..diagnostics import Applicability, Fix, NodeEdit
from ..import_edits import alias, bindings, dotted, imported_name, local_name, new_import_from, with_names
from ..knowledge import ImportMove
from ..rule import Check, Rule
from .moved_imports_rules import (
    DEPRECATED_IMPORT,
    IMPORT_WITHOUT_TARGET,
    PATH_IN_STRING,
    REMOVED_IMPORT,
    STAR_IMPORT,
)

_IMPORT_ERRORS = {"ImportError", "ModuleNotFoundError", "Exception", "BaseException"}
_DOTTED_PATH = re.compile(r"airflow(\.\w+)+")

AnyImport = Union[cst.Import, cst.ImportFrom]


@dataclass
class _Finding:
    rule: Rule
    node: cst.CSTNode  # where it is reported
    message: str


@dataclass
class _Item:
    """One name of an import statement that moved, and how to rewrite it."""

    original: cst.ImportAlias
    findings: list[_Finding]
    new_module: str = ""  # ImportFrom: the module to import from; Import: unused
    new_aliases: tuple[cst.ImportAlias, ...] = ()  # empty when there is no fix
    use_edits: list[NodeEdit] = field(default_factory=list)
    applicability: Applicability = Applicability.SAFE

    @property
    def fixable(self) -> bool:
        return bool(self.new_aliases)


class MovedImports(Check):
    rules = (REMOVED_IMPORT, DEPRECATED_IMPORT, IMPORT_WITHOUT_TARGET, STAR_IMPORT, PATH_IN_STRING)
    triggers = (b"airflow",)

    def __init__(self, context) -> None:
        super().__init__(context)
        self.moves = context.knowledge.moves(context.target)
        self.moved_modules = context.knowledge.moved_modules(context.target)
        self.retired_modules = context.knowledge.retired_modules(context.target)
        self.statements: list[tuple[cst.SimpleStatementLine, AnyImport]] = []
        # innermost enclosing `try` first: whether it catches ImportError (None: a def or class)
        self.guards: list[Optional[bool]] = []
        self.names_in_file: set[str] = set()
        # the two parent relations the fixes need, recorded during the one traversal
        self.attribute_of: dict[cst.CSTNode, cst.Attribute] = {}  # `x` -> `x.name`
        self.blocks: list[Union[cst.Module, cst.IndentedBlock]] = []
        self.block_of: dict[cst.SimpleStatementLine, Union[cst.Module, cst.IndentedBlock]] = {}
        # (block, new module) -> the earlier statement this run rewrites to import from it
        self.rewritten_to: dict[tuple[int, str], cst.SimpleStatementLine] = {}
        self.strings: list[cst.SimpleString] = []

    # -- collection -------------------------------------------------------------------------

    def visit_Module(self, node: cst.Module) -> None:
        self.blocks.append(node)

    def visit_IndentedBlock(self, node: cst.IndentedBlock) -> None:
        self.blocks.append(node)

    def leave_IndentedBlock(self, original_node: cst.IndentedBlock) -> None:
        self.blocks.pop()

    def visit_Attribute(self, node: cst.Attribute) -> None:
        self.attribute_of[node.value] = node

    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> None:
        self.block_of[node] = self.blocks[-1]
        if self.guards and self.guards[-1]:
            return  # compatibility code: `try: <2.x import> except ImportError: <1.10 import>`
        for small in node.body:
            if isinstance(small, (cst.Import, cst.ImportFrom)):
                self.statements.append((node, small))

    def visit_Try(self, node: cst.Try) -> None:
        # a handler that imports an alternative makes this compatibility code; one that only
        # passes or logs does not (the DAG would silently lose the name)
        self.guards.append(any(_catches_import_error(h) and _imports_something(h) for h in node.handlers))

    def leave_Try(self, original_node: cst.Try) -> None:
        self.guards.pop()

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.guards.append(None)

    def leave_FunctionDef(self, original_node: cst.FunctionDef) -> None:
        self.guards.pop()

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self.guards.append(None)

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        self.guards.pop()

    def visit_Name(self, node: cst.Name) -> None:
        self.names_in_file.add(node.value)

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        if "airflow." in node.value:
            self.strings.append(node)

    # -- analysis ---------------------------------------------------------------------------

    def leave_Module(self, original_node: cst.Module) -> None:
        for statement, node in self.statements:
            if isinstance(node, cst.ImportFrom):
                self._check_import_from(statement, node)
            else:
                self._check_import(statement, node)
        for string in self.strings:
            self._check_string(string)

    def _check_import_from(self, statement: cst.SimpleStatementLine, node: cst.ImportFrom) -> None:
        if node.relative or node.module is None:
            return
        module = cst.helpers.get_full_name_for_node(node.module) or ""
        if isinstance(node.names, cst.ImportStar):
            if module in self.moved_modules:
                self._check_star_import(statement, node, module)
            return
        items = []
        for name in node.names:
            old = f"{module}.{imported_name(name)}"
            if old in self.moves:
                items.append(self._class_item(node, name, self.moves[old]))
            elif old in self.moved_modules:
                items.append(self._module_item(node, name, old))
            elif module in self.retired_modules:  # a name the table does not know, from a module that is gone
                message = f"`{old}` has no known Airflow {self.context.target} path: `{module}` is a 1.10 module"
                items.append(_Item(name, [_Finding(IMPORT_WITHOUT_TARGET, name, message)]))
        items = [item for item in items if item is not None]
        self._report(items, lambda chosen: self._import_from_fix(statement, node, chosen))

    def _check_import(self, statement: cst.SimpleStatementLine, node: cst.Import) -> None:
        candidates = [name for name in node.names if imported_name(name) in self.moved_modules]
        items = [item for item in (self._module_item(node, name, imported_name(name)) for name in candidates) if item]
        self._report(items, lambda chosen: self._import_fix(node, chosen))

    def _check_star_import(self, statement: cst.SimpleStatementLine, node: cst.ImportFrom, module: str) -> None:
        """`from old import *`: the fix imports, from their new paths, the moved names the file
        mentions, under their old names. Unsafe: a star import's names cannot be told for sure."""
        used = [
            move
            for old, move in sorted(self.moves.items())
            if old.rpartition(".")[0] == module and old.rpartition(".")[2] in self.names_in_file
        ]
        names = ", ".join(f"`{move.old.rpartition('.')[2]}`" for move in used)
        message = f"Star import from `{module}`, which moved in Airflow 2" + (
            f"; import {names} explicitly" if used else "; import each name explicitly"
        )
        fix = None
        if used and all(move.path for move in used) and len(statement.body) == 1 and self.wants(STAR_IMPORT, node):
            groups: dict[str, list[cst.ImportAlias]] = {}
            for move in used:
                groups.setdefault(move.module, []).append(alias(move.name, move.old.rpartition(".")[2]))
            first, *rest = [new_import_from(m, names) for m, names in groups.items()]
            first = first.with_changes(leading_lines=statement.leading_lines, trailing_whitespace=statement.trailing_whitespace)
            edit = self.edit(statement, cst.FlattenSentinel([first, *rest]) if rest else first)
            fix = Fix(Applicability.UNSAFE, "Import the moved names explicitly", (edit,))
        self._report_finding(_Finding(STAR_IMPORT, node, message), fix)

    def _class_item(self, node: cst.ImportFrom, name: cst.ImportAlias, move: ImportMove) -> _Item:
        old_name = imported_name(name)
        if not move.path:
            return _Item(name, [_Finding(IMPORT_WITHOUT_TARGET, name, _no_target_message(move, self.context.target))])
        item = _Item(name, [_Finding(*_move_finding(move, name, self.context.target))], new_module=move.module)
        item.applicability = Applicability.SAFE if move.safe else Applicability.UNSAFE
        asname = name.asname.name.value if name.asname else None  # type: ignore[union-attr]
        if asname is not None or move.name == old_name:
            item.new_aliases = (alias(move.name, asname),)
        elif self._free_for(move):
            item.new_aliases = (alias(move.name, None),)
            item.use_edits = [self.edit(ref, cst.Name(move.name)) for ref in self._references(node, old_name)]
        else:  # the new name means something else here: keep the old one as an alias
            item.new_aliases = (alias(move.name, old_name),)
        return item

    def _module_item(self, node: AnyImport, name: cst.ImportAlias, old_module: str) -> Optional[_Item]:
        """`import old.mod [as m]` or `from old import mod [as m]`, used as `m.Name`.

        Only members the table knows are reported, unless the module is retired at the target
        (then every member is): `import airflow` lost `airflow.conf` but keeps `airflow.utils`.
        """
        uses, used_as_object = self._module_uses(node, local_name(name))
        target = self.context.target
        members = sorted({member for _, member in uses})
        known = {m: self.moves[f"{old_module}.{m}"] for m in members if f"{old_module}.{m}" in self.moves}
        unknown = [m for m in members if m not in known]
        findings = [
            _Finding(*_move_finding(move, name, target)) if move.path
            else _Finding(IMPORT_WITHOUT_TARGET, name, _no_target_message(move, target))
            for move in known.values()
        ]
        if old_module in self.retired_modules:
            findings += [
                _Finding(IMPORT_WITHOUT_TARGET, name, f"`{old_module}.{member}` has no known Airflow {target} path")
                for member in unknown
            ]
            if not members:
                findings.append(_Finding(REMOVED_IMPORT, name, f"`{old_module}` is a 1.10 module that Airflow {target} does not have"))
        if not findings:
            return None
        item = _Item(name, findings)
        if not known or not all(move.path for move in known.values()):
            return item
        new_modules = sorted({move.module for move in known.values()})
        # a module object passed around now stands for the new module: usually right, not always
        safe = all(move.safe for move in known.values()) and not used_as_object
        item.applicability = Applicability.SAFE if safe else Applicability.UNSAFE
        if name.asname is None and isinstance(node, cst.Import):
            # `import a.b.c`, used as `a.b.c.Name`: each moved use gets its new full path; the old
            # import stays while anything else still goes through it
            keep = (name,) if unknown or used_as_object else ()
            item.new_aliases = keep + tuple(alias(module, None) for module in new_modules)
            for reference, member in uses:
                if member in known:
                    item.use_edits.append(self.edit(self.attribute_of[reference], dotted(known[member].path)))
            return item
        if unknown or len(new_modules) > 1:
            return item  # one local module name cannot stand for several modules
        new_module = new_modules[0]
        local = local_name(name)
        if isinstance(node, cst.Import):
            item.new_aliases = (alias(new_module, local),)
        else:
            parent, _, last = new_module.rpartition(".")
            item.new_module = parent
            item.new_aliases = (alias(last, local),)
        for reference, member in uses:
            if known[member].name != member:
                item.use_edits.append(self.edit(self.attribute_of[reference].attr, cst.Name(known[member].name)))
        return item

    # -- uses of what an import binds -----------------------------------------------------------

    def _assignments(self, node: AnyImport, local: str):
        return bindings(self.node_metadata(ScopeProvider).get(node), node, local)

    def _references(self, node: AnyImport, local: str) -> list[cst.CSTNode]:
        return [ref.node for a in self._assignments(node, local) for ref in a.references if isinstance(ref.node, cst.Name)]

    def _module_uses(self, node: AnyImport, local: str) -> tuple[list[tuple[cst.CSTNode, str]], bool]:
        """(reference, member) for every `local.member` use, and whether it is used otherwise."""
        uses, used_as_object = [], False
        for assignment in self._assignments(node, local):
            for access in assignment.references:
                attribute = self.attribute_of.get(access.node)
                if attribute is None:
                    used_as_object = True
                else:
                    uses.append((access.node, attribute.attr.value))
        return uses, used_as_object

    def _free_for(self, move: ImportMove) -> bool:
        """Whether a renamed class can take its new name: nothing else in the file is called that."""
        return move.name not in self.names_in_file or self._imports_of(move.module, move.name)

    def _imports_of(self, module: str, name: str) -> bool:
        return any(
            isinstance(node, cst.ImportFrom)
            and not isinstance(node.names, cst.ImportStar)
            and cst.helpers.get_full_name_for_node(node.module) == module
            and any(imported_name(a) == name and a.asname is None for a in node.names)
            for _, node in self.statements
        )

    # -- fixes --------------------------------------------------------------------------------

    def _report(self, items: list[_Item], plan) -> None:
        """Report every finding; one shared fix covers the wanted items the flags allow."""
        wanted = [i for i in items if i.fixable and all(self.wants(f.rule, f.node) for f in i.findings)]
        allowed = [i for i in wanted if self.fix_allowed(i.applicability)]
        shared = self._fix(allowed, plan)
        for item in items:
            fix = shared if item in allowed else (self._fix([item], plan) if item in wanted else None)
            for finding in item.findings:
                self._report_finding(finding, fix)

    def _fix(self, items: list[_Item], plan) -> Optional[Fix]:
        if not items:
            return None
        edits = plan(items)
        if not edits:
            return None
        unsafe = any(i.applicability is Applicability.UNSAFE for i in items)
        applicability = Applicability.UNSAFE if unsafe else Applicability.SAFE
        uses = tuple(edit for item in items for edit in item.use_edits)
        return Fix(applicability, "Rewrite the import to its Airflow 2 path", tuple(edits) + uses)

    def _report_finding(self, finding: _Finding, fix: Optional[Fix] = None) -> None:
        self.report(finding.rule, finding.node, finding.message, fix)

    def _import_fix(self, node: cst.Import, items: list[_Item]) -> list[NodeEdit]:
        replaced = {id(i.original): i.new_aliases for i in items}
        names = [new for name in node.names for new in replaced.get(id(name), (name,))]
        comma = cst.Comma(whitespace_after=cst.SimpleWhitespace(" "))
        names = [n.with_changes(comma=comma) for n in names[:-1]] + [names[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)]
        return [self.edit(node, node.with_changes(names=names))]

    def _import_from_fix(self, statement: cst.SimpleStatementLine, node: cst.ImportFrom, items: list[_Item]) -> list[NodeEdit]:
        moved = {id(i.original) for i in items}
        remaining = [name for name in node.names if id(name) not in moved]  # type: ignore[union-attr]
        groups: dict[str, list[cst.ImportAlias]] = {}
        for item in items:
            # keep each name's own comma: a comment after it travels with it
            groups.setdefault(item.new_module, []).extend(a.with_changes(comma=item.original.comma) for a in item.new_aliases)

        if len(statement.body) > 1:  # `import x; from old import y`: only an in-place rewrite fits
            if remaining or len(groups) > 1:
                return []
            (module, names), = groups.items()
            return [self.edit(node, with_names(node.with_changes(module=dotted(module)), names))]

        edits: list[NodeEdit] = []
        unmerged: dict[str, list[cst.ImportAlias]] = {}
        block = id(self.block_of[statement])
        for module, names in groups.items():
            existing = self._earlier_import_from(statement, module)
            if existing is None:
                unmerged[module] = names
                earlier = self.rewritten_to.setdefault((block, module), statement)
                if earlier is not statement:
                    # an earlier statement is being rewritten to this module: touching it (with no
                    # change) makes this fix wait a round, and then merge into it
                    edits.append(self.edit(earlier, earlier))
                continue
            present = {(imported_name(a), local_name(a)) for a in existing.names}  # type: ignore[union-attr]
            additions = [a for a in names if (imported_name(a), local_name(a)) not in present]
            if additions:
                edits.append(self.edit(existing, with_names(existing, list(existing.names) + additions)))  # type: ignore[arg-type]

        if not remaining and not unmerged and _has_comments(statement):
            # merging would delete the statement and its comments: rewrite it in place instead
            edits, unmerged = [], groups
        replacement = self._remaining_statements(statement, node, remaining, unmerged)
        edits.append(self.edit(statement, replacement))
        return edits

    def _remaining_statements(self, statement, node, remaining, unmerged):
        """What stands where the original statement stood."""
        new_statements = [new_import_from(module, names) for module, names in unmerged.items()]
        if remaining:
            kept = statement.with_changes(body=[with_names(node, remaining)])
        elif new_statements:
            (module, names), *_ = unmerged.items()
            kept = statement.with_changes(body=[with_names(node.with_changes(module=dotted(module)), names)])
            new_statements = new_statements[1:]
        else:
            return cst.RemoveFromParent()
        return cst.FlattenSentinel([kept, *new_statements]) if new_statements else kept

    def _earlier_import_from(self, statement: cst.SimpleStatementLine, module: str) -> Optional[cst.ImportFrom]:
        """An import from `module` earlier in the same block, that the moved names can join."""
        block = self.block_of[statement]
        for sibling in block.body:
            if sibling is statement:
                return None
            if isinstance(sibling, cst.SimpleStatementLine) and len(sibling.body) == 1:
                candidate = sibling.body[0]
                if (
                    isinstance(candidate, cst.ImportFrom)
                    and not candidate.relative
                    and not isinstance(candidate.names, cst.ImportStar)
                    and cst.helpers.get_full_name_for_node(candidate.module) == module
                ):
                    return candidate
        return None

    # -- strings --------------------------------------------------------------------------------

    def _check_string(self, node: cst.SimpleString) -> None:
        value = node.evaluated_value
        if not isinstance(value, str) or not _DOTTED_PATH.fullmatch(value):
            return
        prefix = value
        while "." in prefix:
            move = self.moves.get(prefix)
            if move is not None:
                target = self.context.target
                if not move.path:
                    message = f"String names `{prefix}`, which has no Airflow {target} path"
                    self._report_finding(_Finding(PATH_IN_STRING, node, message))
                    return
                message = f"String names `{prefix}`, which is `{move.path}` in Airflow {target}"
                # dotted paths hold no escapes, so the literal's source spells the path as is
                rewritten = node.with_changes(value=node.value.replace(prefix, move.path, 1))
                fix = Fix(Applicability.UNSAFE, "Rewrite the path in the string", (self.edit(node, rewritten),))
                self._report_finding(_Finding(PATH_IN_STRING, node, message), fix if self.wants(PATH_IN_STRING, node) else None)
                return
            prefix = prefix.rpartition(".")[0]


def _catches_import_error(handler: cst.ExceptHandler) -> bool:
    if handler.type is None:
        return True
    types = handler.type.elements if isinstance(handler.type, cst.Tuple) else [handler.type]
    names = {cst.helpers.get_full_name_for_node(t.value if isinstance(t, cst.Element) else t) for t in types}
    return bool({(n or "").rpartition(".")[2] for n in names} & _IMPORT_ERRORS)


def _imports_something(handler: cst.ExceptHandler) -> bool:
    return bool(m.findall(handler.body, m.Import() | m.ImportFrom()))


def _has_comments(statement: cst.SimpleStatementLine) -> bool:
    return any(line.comment for line in statement.leading_lines) or "#" in cst.Module([statement]).code


def _move_finding(move: ImportMove, at: cst.CSTNode, target: str) -> tuple[Rule, cst.CSTNode, str]:
    old_module, _, old_name = move.old.rpartition(".")
    renamed = f" (renamed from `{old_name}`)" if move.name != old_name else ""
    provider = f", from `{move.distribution}`" if move.distribution and move.distribution != "apache-airflow" else ""
    if move.old_importable:
        rule, status = DEPRECATED_IMPORT, f"is deprecated in Airflow {target}"
    else:
        rule, status = REMOVED_IMPORT, f"does not exist in Airflow {target}"
    caveat = f" ({move.note})" if move.note else ""  # why a fix is unsafe, or that the target is deprecated too
    return rule, at, f"`{move.old}` {status}; import `{move.name}` from `{move.module}`{renamed}{provider}{caveat}"


def _no_target_message(move: Optional[ImportMove], target: str, old: str = "") -> str:
    if move is None:
        return f"`{old}` has no known Airflow {target} path"
    note = f": {move.note}" if move.note else ""
    return f"`{move.old}` has no path in Airflow {target}{note}"
