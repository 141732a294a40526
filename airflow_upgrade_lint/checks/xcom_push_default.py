"""Operators of a 1.10 DAG that push to XCom by default in Airflow 2 (AUL209).

1.10's BashOperator, DockerOperator and SimpleHttpOperator returned their output only with their
own `xcom_push=True`, and SSHOperator and WinRMOperator had a `do_xcom_push=False` default of their
own; in Airflow 2 they all return it and BaseOperator's `do_xcom_push=True` pushes it. The classes
are rules/changed-defaults.toml. Only calls of a class named through a 1.10 import path are
reported: a DAG written for Airflow 2 chose that behaviour. The import fixes rewrite that path,
so the rule survives other fixes (the engine keeps what it found on the file as given).
"""

from __future__ import annotations

import libcst as cst

from ..diagnostics import Applicability, Fix
from ..dict_arguments import AssignedDicts, items, key
from ..knowledge import ChangedDefault
from ..rule import Check
from .xcom_push_default_rules import XCOM_PUSH_DEFAULT

ARGUMENT = "do_xcom_push"


class XcomPushDefault(Check):
    rules = (XCOM_PUSH_DEFAULT,)
    triggers = (b"Operator",)

    def __init__(self, context) -> None:
        super().__init__(context)
        self.calls: list[cst.Call] = []
        self.default_args: list[cst.BaseExpression] = []  # values passed as `default_args=`
        self.assigned = AssignedDicts()

    def visit_Call(self, node: cst.Call) -> None:
        self.calls.append(node)
        self.default_args.extend(a.value for a in node.args if a.keyword is not None and a.keyword.value == "default_args")

    def visit_Assign(self, node: cst.Assign) -> None:
        self.assigned.record(node)

    def leave_Module(self, original_node: cst.Module) -> None:
        knowledge = self.context.knowledge
        # a key in any `default_args` of the file may reach the call: which DAG a task is in is not followed
        chosen = {key(item) for value in self.default_args for mapping in self.assigned.resolve(value) for item in items(mapping)}
        for call in self.calls:
            if any(arg.star == "**" for arg in call.args):
                continue  # the unpacked dict may choose
            given = chosen | {arg.keyword.value for arg in call.args if arg.keyword is not None}
            for path in sorted(self.airflow_paths(call.func)):
                change = knowledge.changed_default(path, ARGUMENT)
                if change is not None and not change.set_by & given and self._through_1_10_path(call.func):
                    self._report(call, change)
                    break

    def _through_1_10_path(self, node: cst.CSTNode) -> bool:
        """Whether the file names the class by a path that the import table leads elsewhere: an
        import written for 1.10 (a moved module, or a 1.10 lazy `from airflow.operators import X`)."""
        target = self.context.target
        return any(self.context.knowledge.canonical(path, target) != path for path in self.imported_paths(node))

    def _report(self, call: cst.Call, change: ChangedDefault) -> None:
        name = cst.helpers.get_full_name_for_node(call.func) or "the operator"
        keep = f"{change.argument}={change.was!r}"
        message = f"In Airflow 2 `{name}` {change.change}; add `{keep}` to keep the 1.10 behaviour"
        argument = cst.Arg(
            keyword=cst.Name(change.argument),
            value=cst.parse_expression(repr(change.was)),
            equal=cst.AssignEqual(whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace("")),
        )
        if call.args:  # the edit spares the callee, which an import fix may rewrite in the same round
            edit = self.edit(call.args[-1], cst.FlattenSentinel(_appended(call, argument)))
        else:
            edit = self.edit(call, call.with_changes(args=[argument]))
        self.report(XCOM_PUSH_DEFAULT, call.func, message, Fix(Applicability.UNSAFE, f"Add `{keep}`", (edit,)))


def _appended(call: cst.Call, new: cst.Arg) -> tuple[cst.Arg, cst.Arg]:
    """The call's last argument and `new` after it, laid out like the arguments before them:
    one per line stays one per line, a trailing comma stays last, and a comment stays on its line."""
    last = call.args[-1]
    trailing = isinstance(last.comma, cst.Comma)
    tail = last.comma.whitespace_after if trailing else last.whitespace_after_arg  # type: ignore[union-attr]
    between = _separator(call)
    if isinstance(tail, cst.ParenthesizedWhitespace) and isinstance(between, cst.ParenthesizedWhitespace):
        kept_tail = tail.with_changes(indent=between.indent, last_line=between.last_line)
        new_tail = tail.with_changes(first_line=cst.TrailingWhitespace(), empty_lines=())
    else:
        kept_tail, new_tail = between, tail
    if trailing:
        kept = last.with_changes(comma=last.comma.with_changes(whitespace_after=kept_tail))  # type: ignore[union-attr]
        return kept, new.with_changes(comma=cst.Comma(whitespace_after=new_tail))
    kept = last.with_changes(comma=cst.Comma(whitespace_after=kept_tail), whitespace_after_arg=cst.SimpleWhitespace(""))
    return kept, new.with_changes(whitespace_after_arg=new_tail)


def _separator(call: cst.Call) -> cst.BaseParenthesizableWhitespace:
    """What separates two arguments of the call, without the comment that may follow one."""
    before_last = call.args[-2].comma if len(call.args) > 1 else None
    space = before_last.whitespace_after if isinstance(before_last, cst.Comma) else call.whitespace_before_args
    if isinstance(space, cst.ParenthesizedWhitespace):
        return space.with_changes(first_line=cst.TrailingWhitespace(), empty_lines=())
    return cst.SimpleWhitespace(" ")
