"""A custom metaclass on an operator (AUL208).

Airflow 2's BaseOperator has a metaclass of its own (BaseOperatorMeta, an ABCMeta), so a class
statement that adds another one raises "metaclass conflict" when the file is imported, unless
the user's metaclass derives from Airflow's. Reported, since the right merge is the user's call.
"""

from __future__ import annotations

import libcst as cst

from ..rule import Check
from .operator_metaclass_rules import OPERATOR_METACLASS


class OperatorMetaclass(Check):
    rules = (OPERATOR_METACLASS,)
    triggers = (b"metaclass",)

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        keyword = next((k for k in node.keywords if k.keyword is not None and k.keyword.value == "metaclass"), None)
        decorated = any(_is_add_metaclass(d.decorator) for d in node.decorators)
        with_metaclass = [b.value for b in node.bases if _is_with_metaclass(b.value)]
        bases = [b.value for b in node.bases] + [a.value for call in with_metaclass for a in call.args[1:]]  # type: ignore[attr-defined]
        if not (keyword or decorated or with_metaclass) or not any(self._is_operator(b) for b in bases):
            return
        message = f"`{node.name.value}` gives an operator a metaclass of its own; Airflow 2's BaseOperator has one (BaseOperatorMeta), so the class statement raises a metaclass conflict unless yours derives from it"
        self.report(OPERATOR_METACLASS, node.name, message)

    def _is_operator(self, base: cst.BaseExpression) -> bool:
        return any(path.startswith("airflow.") and path.endswith(("Operator", "Sensor")) for path in self.airflow_paths(base))


def _is_with_metaclass(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Call) and (cst.helpers.get_full_name_for_node(node.func) or "").endswith("with_metaclass")


def _is_add_metaclass(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Call) and (cst.helpers.get_full_name_for_node(node.func) or "").endswith("add_metaclass")
