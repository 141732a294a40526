"""What custom hooks call on their bases: the shared ground of AUL204 and AUL210."""

from __future__ import annotations

import libcst as cst

from ..rule import Check

BASE_HOOK = "airflow.hooks.base.BaseHook"


class CallsInClasses(Check):
    """Collects `<receiver>.<method>(...)` calls made inside class bodies, each with its innermost
    class, for the subclass to judge once the whole module (and so every base) has been seen."""

    methods: frozenset[str] = frozenset()  # the method names worth collecting

    def __init__(self, context) -> None:
        super().__init__(context)
        self.classes: list[cst.ClassDef] = []  # innermost last
        self.calls: list[tuple[cst.ClassDef, cst.Call]] = []

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self.classes.append(node)

    def leave_ClassDef(self, original_node: cst.ClassDef) -> None:
        self.classes.pop()

    def visit_Call(self, node: cst.Call) -> None:
        if self.classes and isinstance(node.func, cst.Attribute) and node.func.attr.value in self.methods:
            self.calls.append((self.classes[-1], node))


def is_super_call(node: cst.BaseExpression) -> bool:
    """`super()` or `super(Hook, self)`."""
    return isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and node.func.value == "super"
