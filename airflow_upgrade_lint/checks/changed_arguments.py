"""Operator arguments that Airflow 2 removed, renamed or deprecated (AUL201, AUL202, AUL205),
and keywords an operator does not take at the target (AUL206).

The changes are rules/arguments.toml, keyed by canonical 2.x class paths or by package; whether
one holds at the target comes from the class's generated signature there (rules/signatures.toml)
where it has one. A call is matched by what its callee names through the file's imports (an
alias, a 1.10 path or a 1.10 lazy import all count), so a user's own function or class that
shares a name is never touched. `default_args` dicts, given inline or through a variable, are
checked for the changes the table marks as such.
"""

from __future__ import annotations

from typing import Callable, Optional

import libcst as cst

from .. import dict_arguments
from ..diagnostics import Applicability, Fix
from ..knowledge import ArgumentChange, Standing
from ..rule import Check
from ..sequence_edits import without
from .changed_arguments_rules import DEPRECATED_ARGUMENT, REMOVED_ARGUMENT, RENAMED_ARGUMENT, UNKNOWN_ARGUMENT

# (change, how it stands, the class it was found for; None in a default_args dict)
Found = tuple[ArgumentChange, Standing, Optional[str]]


class ChangedArguments(Check):
    rules = (REMOVED_ARGUMENT, RENAMED_ARGUMENT, DEPRECATED_ARGUMENT, UNKNOWN_ARGUMENT)
    triggers = (b"airflow",)

    def __init__(self, context) -> None:
        super().__init__(context)
        self.changes: dict[str, list[ArgumentChange]] = {}
        for change in context.knowledge.argument_changes:
            self.changes.setdefault(change.name, []).append(change)
        self.calls: list[cst.Call] = []
        self.assigned = dict_arguments.AssignedDicts()

    def visit_Call(self, node: cst.Call) -> None:
        if any(arg.keyword is not None or arg.star == "**" for arg in node.args):
            self.calls.append(node)

    def visit_Assign(self, node: cst.Assign) -> None:
        self.assigned.record(node)

    def leave_Module(self, original_node: cst.Module) -> None:
        reported: set[int] = set()  # a default_args dict shared by several calls is reported once
        for call in self.calls:
            classes = self.airflow_paths(call.func)
            given = {arg.keyword.value for arg in call.args if arg.keyword is not None}
            for arg in call.args:
                keyword = arg.keyword.value if arg.keyword is not None else None
                if keyword == "default_args":
                    for mapping in self.assigned.resolve(arg.value):
                        if id(mapping) not in reported:
                            reported.add(id(mapping))
                            self._check_dict(mapping, self._in_default_args, "in `default_args`", default_args=True)
                elif keyword is not None:
                    found = self._find(keyword, classes)
                    if found is not None:
                        self._report_call_argument(call, arg, found, given)
                    else:
                        self._check_accepted(arg, keyword, classes)
                elif arg.star == "**" and dict_arguments.is_dict(arg.value):
                    self._check_dict(arg.value, lambda name: self._find(name, classes), "in `**` arguments", default_args=False)

    def _find(self, name: str, classes: frozenset[str]) -> Optional[Found]:
        target = self.context.target
        for change in self.changes.get(name, ()):
            for path in sorted(classes):
                standing = change.standing(path, target, self.context.knowledge.signature(path, target))
                if standing is not None:
                    return change, standing, path
        return None

    def _in_default_args(self, name: str) -> Optional[Found]:
        """A default_args key reaches every operator of the DAG: only the curated facts decide."""
        for change in self.changes.get(name, ()):
            standing = change.fallback_standing(self.context.target) if change.in_default_args else None
            if standing is not None:
                return change, standing, None
        return None

    def _check_accepted(self, arg: cst.Arg, keyword: str, classes: frozenset[str]) -> None:
        """A keyword the class does not accept at the target: Airflow raises when the DAG loads."""
        target = self.context.target
        for path in sorted(classes):
            signature = self.context.knowledge.signature(path, target)
            if signature is not None and signature.rejects(keyword):
                message = f"`{keyword}` is not an argument of `{_short(path)}` in Airflow {target}; the DAG will not load"
                self.report(UNKNOWN_ARGUMENT, arg, message)
                return

    def _check_dict(self, mapping, find: Callable[[str], Optional[Found]], where: str, *, default_args: bool) -> None:
        entries = dict_arguments.items(mapping)
        given = {dict_arguments.key(entry) for entry in entries}
        for index, entry in enumerate(entries):
            found = find(dict_arguments.key(entry) or "")
            if found is None:
                continue
            change, standing, _ = found
            applicability = _applicability(change.safe_in_default_args if default_args else change.safe)
            fix = None
            if change.change == "rename" and change.new_name not in given:
                given.add(change.new_name)
                renamed = dict_arguments.renamed_key(entry, change.new_name)
                fix = Fix(applicability, f"Rename to `{change.new_name}`", (self.edit(entry, renamed),))
            elif change.change == "remove":
                smaller = dict_arguments.with_items(mapping, without(entries, index))
                fix = Fix(applicability, f"Remove `{change.name}`", (self.edit(mapping, smaller),))
            self.report(_rule(change, standing), entry, _message(change, standing, where, self.context.target), fix)

    def _report_call_argument(self, call: cst.Call, arg: cst.Arg, found: Found, given: set[str]) -> None:
        change, standing, path = found
        fix = None
        if change.change == "rename":
            if change.new_name not in given:  # both names given: which one wins is for a person to decide
                given.add(change.new_name)  # two old names for one new one: the first is renamed
                fix = Fix(_applicability(change.safe), f"Rename to `{change.new_name}`", (self.edit(arg.keyword, cst.Name(change.new_name)),))
        elif change.change == "remove":
            smaller = call.with_changes(args=without(call.args, list(call.args).index(arg)))
            fix = Fix(_applicability(change.safe), f"Remove `{change.name}`", (self.edit(call, smaller),))
        self.report(_rule(change, standing), arg, _message(change, standing, f"for `{_short(path)}`", self.context.target), fix)


def _rule(change: ArgumentChange, standing: Standing):
    if standing is Standing.DEPRECATED:
        return DEPRECATED_ARGUMENT
    return RENAMED_ARGUMENT if change.change == "rename" else REMOVED_ARGUMENT


def _message(change: ArgumentChange, standing: Standing, where: str, target: str) -> str:
    if standing is Standing.DEPRECATED:
        return f"`{change.name}` {where} is deprecated in Airflow {target}; use `{change.new_name}`: {change.why}"
    if change.change == "rename":
        return f"`{change.name}` {where} is `{change.new_name}` in Airflow {target}: {change.why}"
    return f"`{change.name}` {where} is not accepted in Airflow {target}: {change.why}"


def _applicability(safe: bool) -> Applicability:
    return Applicability.SAFE if safe else Applicability.UNSAFE


def _short(path: str) -> str:
    return path.rpartition(".")[2]
