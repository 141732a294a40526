"""Argument values that Airflow 2 renamed: `trigger_rule="dummy"`, `default_view="tree"` (AUL213).

The table is the `[[value]]` rows of rules/arguments.toml. A value is matched as a string literal
given to the argument of a class in the row's scope (through the file's imports), as a value in
a `default_args` dict where the row says so, and as the enum member (`TriggerRule.DUMMY`)
wherever the file names it. Silent for targets older than the version with the new value.
"""

from __future__ import annotations

from typing import Iterable

import libcst as cst

from .. import dict_arguments
from ..diagnostics import Applicability, Fix
from ..rule import Check
from .renamed_values_rules import RENAMED_VALUE


class RenamedValues(Check):
    rules = (RENAMED_VALUE,)
    triggers = (b"airflow",)

    def __init__(self, context) -> None:
        super().__init__(context)
        self.changes = [c for c in context.knowledge.value_changes if c.applies_at(context.target)]
        self.members = {f"{c.enum}.{c.old.upper()}": c for c in self.changes if c.enum}
        self.member_names = {path.rpartition(".")[2] for path in self.members}  # a cheap test before name resolution
        self.assigned = dict_arguments.AssignedDicts()
        self.calls: list[cst.Call] = []

    def visit_Assign(self, node: cst.Assign) -> None:
        self.assigned.record(node)

    def visit_Call(self, node: cst.Call) -> None:
        if self.changes and any(arg.keyword is not None for arg in node.args):
            self.calls.append(node)

    def visit_Attribute(self, node: cst.Attribute) -> None:
        if node.attr.value not in self.member_names:
            return
        for path in self.airflow_paths(node):
            change = self.members.get(path)
            if change is not None:
                new = change.new.upper()
                fix = Fix(Applicability.SAFE, f"Use `{new}`", (self.edit(node.attr, cst.Name(new)),))
                self.report(RENAMED_VALUE, node, f"`{node.attr.value}` is deprecated in Airflow {self.context.target}; use `{new}`: {change.why}", fix)
                return

    def leave_Module(self, original_node: cst.Module) -> None:
        seen: set[int] = set()  # a default_args dict shared by several calls is reported once
        for call in self.calls:
            classes = self.airflow_paths(call.func)
            for arg in call.args:
                name = arg.keyword.value if arg.keyword is not None else None
                if name == "default_args":
                    for mapping in self.assigned.resolve(arg.value):
                        if id(mapping) not in seen:
                            seen.add(id(mapping))
                            self._check_values(
                                ((dict_arguments.key(item), dict_arguments.value(item)) for item in dict_arguments.items(mapping)),
                                lambda change: change.in_default_args,
                            )
                elif name is not None:
                    self._check_values([(name, arg.value)], lambda change: any(change.scope.covers(path) for path in classes))

    def _check_values(self, pairs: Iterable[tuple], applies) -> None:
        for argument, value in pairs:
            if not isinstance(value, cst.SimpleString):
                continue
            for change in self.changes:
                if change.argument == argument and value.evaluated_value == change.old and applies(change):
                    literal = dict_arguments.retyped(value, change.new)
                    fix = Fix(Applicability.SAFE, f'Use "{change.new}"', (self.edit(value, literal),))
                    message = f'`{argument}="{change.old}"` is deprecated in Airflow {self.context.target}; use "{change.new}": {change.why}'
                    self.report(RENAMED_VALUE, value, message, fix)
                    break
