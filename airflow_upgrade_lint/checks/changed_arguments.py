"""Operator arguments that Airflow 2 removed or renamed (AUL201, AUL202).

The table is rules/arguments.toml, keyed by canonical 2.x class paths. A call is matched by
what its callee names through the file's imports (an alias, a 1.10 path or a 1.10 lazy import
all count: the import table maps them to the canonical class), so a user's own function or
class that shares a name is never touched. `default_args` dicts, given inline or through a
variable, are checked for the arguments the table marks as such.
"""

from __future__ import annotations

from typing import Iterator, Optional, Union

import libcst as cst

from ..diagnostics import Applicability, Fix
from ..knowledge import ArgumentChange
from ..rule import Check
from ..sequence_edits import without
from .changed_arguments_rules import DEPRECATED_ARGUMENT, REMOVED_ARGUMENT, RENAMED_ARGUMENT, UNKNOWN_ARGUMENT

DictLike = Union[cst.Dict, cst.Call]  # `{...}` or `dict(...)`


class ChangedArguments(Check):
    rules = (REMOVED_ARGUMENT, RENAMED_ARGUMENT, DEPRECATED_ARGUMENT, UNKNOWN_ARGUMENT)
    triggers = (b"airflow",)

    def __init__(self, context) -> None:
        super().__init__(context)
        target = context.target
        self.changes = {c.name: c for c in context.knowledge.argument_changes if c.applies_to(target)}
        self.calls: list[cst.Call] = []
        self.assigned: dict[str, list[cst.BaseExpression]] = {}  # name -> values assigned to it

    def visit_Call(self, node: cst.Call) -> None:
        if any(arg.keyword is not None or arg.star == "**" for arg in node.args):
            self.calls.append(node)

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            if isinstance(target.target, cst.Name):
                self.assigned.setdefault(target.target.value, []).append(node.value)

    def leave_Module(self, original_node: cst.Module) -> None:
        reported: set[int] = set()  # a default_args dict shared by several calls is reported once
        for call in self.calls:
            classes = self.airflow_paths(call.func)
            for arg in call.args:
                keyword = arg.keyword.value if arg.keyword is not None else None
                if keyword == "default_args":
                    for mapping in self._dicts(arg.value):
                        if id(mapping) not in reported:
                            reported.add(id(mapping))
                            self._check_dict(mapping, lambda change: change.in_default_args, "in `default_args`")
                elif keyword is not None:
                    change = self.changes.get(keyword)
                    if change is not None and classes & change.classes:
                        self._report_call_argument(call, arg, change, _short(classes & change.classes))
                    else:
                        self._check_accepted(arg, keyword, classes)
                elif arg.star == "**" and isinstance(arg.value, (cst.Dict, cst.Call)) and _is_dict(arg.value):
                    self._check_dict(arg.value, lambda change: bool(classes & change.classes), "in `**` arguments")

    def _check_accepted(self, arg: cst.Arg, keyword: str, classes: frozenset[str]) -> None:
        """A keyword the class does not accept at the target: Airflow raises when the DAG loads."""
        target = self.context.target
        for path in sorted(classes):
            signature = self.context.knowledge.signature(path, target)
            if signature is not None and signature.rejects(keyword):
                message = f"`{keyword}` is not an argument of `{path.rpartition('.')[2]}` in Airflow {target}; the DAG will not load"
                self.report(UNKNOWN_ARGUMENT, arg, message)
                return

    def _dicts(self, value: cst.BaseExpression) -> Iterator[DictLike]:
        """The dict literals a `default_args=` value is, or a variable it names was, assigned."""
        candidates = self.assigned.get(value.value, []) if isinstance(value, cst.Name) else [value]
        for candidate in candidates:
            if _is_dict(candidate):
                yield candidate  # type: ignore[misc]

    def _check_dict(self, mapping: DictLike, applies, where: str) -> None:
        items = mapping.elements if isinstance(mapping, cst.Dict) else mapping.args
        for index, item in enumerate(items):
            change = self.changes.get(_key(item) or "")
            if change is None or not applies(change):
                continue
            if change.change == "rename":
                renamed = _renamed_key(item, change.new_name)
                fix = Fix(_applicability(change), f"Rename to `{change.new_name}`", (self.edit(item, renamed),))
                message = f"`{change.name}` {where} is `{change.new_name}` in Airflow 2: {change.why}"
                self.report(RENAMED_ARGUMENT, item, message, fix)
            else:
                smaller = mapping.with_changes(**{_field(mapping): without(items, index)})
                fix = Fix(_applicability(change), f"Remove `{change.name}`", (self.edit(mapping, smaller),))
                self.report(REMOVED_ARGUMENT, item, f"`{change.name}` {where} has no effect in Airflow 2: {change.why}", fix)

    def _report_call_argument(self, call: cst.Call, arg: cst.Arg, change: ArgumentChange, owner: str) -> None:
        if change.change == "rename":
            if any(a.keyword is not None and a.keyword.value == change.new_name for a in call.args):
                fix = None  # both names given: which one wins is for a person to decide
            else:
                fix = Fix(_applicability(change), f"Rename to `{change.new_name}`", (self.edit(arg.keyword, cst.Name(change.new_name)),))
            if change.deprecated:
                message = f"`{change.name}` is deprecated since Airflow {change.since} ({owner}); use `{change.new_name}`: {change.why}"
                self.report(DEPRECATED_ARGUMENT, arg, message, fix)
            else:
                message = f"`{change.name}` is `{change.new_name}` in Airflow 2 ({owner}): {change.why}"
                self.report(RENAMED_ARGUMENT, arg, message, fix)
            return
        fix = None
        if change.change == "remove":
            smaller = call.with_changes(args=without(call.args, list(call.args).index(arg)))
            fix = Fix(_applicability(change), f"Remove `{change.name}`", (self.edit(call, smaller),))
        self.report(REMOVED_ARGUMENT, arg, f"`{change.name}` is not an argument of {owner} in Airflow 2: {change.why}", fix)


def _applicability(change: ArgumentChange) -> Applicability:
    return Applicability.SAFE if change.safe else Applicability.UNSAFE


def _is_dict(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Dict) or (
        isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and node.func.value == "dict"
    )


def _field(mapping: DictLike) -> str:
    return "elements" if isinstance(mapping, cst.Dict) else "args"


def _key(item: Union[cst.BaseDictElement, cst.Arg]) -> Optional[str]:
    if isinstance(item, cst.Arg):
        return item.keyword.value if item.keyword is not None else None
    if isinstance(item, cst.DictElement) and isinstance(item.key, cst.SimpleString):
        value = item.key.evaluated_value
        return value if isinstance(value, str) else None
    return None


def _renamed_key(item: Union[cst.DictElement, cst.Arg], new_name: str):
    if isinstance(item, cst.Arg):
        return item.with_changes(keyword=cst.Name(new_name))
    quote = item.key.value[-1]  # type: ignore[union-attr]
    return item.with_changes(key=cst.SimpleString(f"{quote}{new_name}{quote}"))


def _short(paths: frozenset[str]) -> str:
    return ", ".join(f"`{path.rpartition('.')[2]}`" for path in sorted(paths))
