"""`@apply_defaults`, a no-op inside Airflow 2 from 2.1 (AUL212).

What the wheels show (airflow/utils/decorators.py, airflow/models/baseoperator.py): in 2.0.2
`apply_defaults` still fills an operator's arguments from `default_args` and must be there; from
2.2.2 on, BaseOperatorMeta applies defaults to every operator's `__init__` itself, and
`apply_defaults` only warns (DeprecationWarning in 2.2.2, RemovedInAirflow3Warning from 2.4.3)
and calls the function it wraps. The change is apache/airflow#15667 ("Auto-apply apply_default
decorator"), released in 2.1.0, so the rule applies from 2.1. 1.10 also offered the decorator as
`airflow.utils.apply_defaults` (airflow/utils/__init__.py in the 1.10.15 wheel), which no 2.x has.
"""

from __future__ import annotations

from typing import Optional

import libcst as cst
from libcst.metadata import ScopeProvider
from packaging.version import Version

from ..diagnostics import Applicability, Fix
from ..import_edits import shrunk, unused_names
from ..rule import Check
from .apply_defaults_rules import DEPRECATED_APPLY_DEFAULTS

APPLY_DEFAULTS = frozenset({"airflow.utils.decorators.apply_defaults", "airflow.utils.apply_defaults"})
SINCE = "2.1"


class ApplyDefaults(Check):
    rules = (DEPRECATED_APPLY_DEFAULTS,)
    triggers = (b"apply_defaults",)

    def __init__(self, context) -> None:
        super().__init__(context)
        self.active = Version(context.target) >= Version(SINCE)
        self.functions: list[cst.FunctionDef] = []

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        if self.active and node.decorators:
            self.functions.append(node)

    def leave_Module(self, original_node: cst.Module) -> None:
        found = [(f, d) for f in self.functions for d in f.decorators if self._is_apply_defaults(d)]
        if not found:
            return
        wanted = [(f, d) for f, d in found if self.wants(DEPRECATED_APPLY_DEFAULTS, d)]
        shared = self._fix(original_node, wanted)
        for function, decorator in found:
            message = (
                f"`@apply_defaults` does nothing since Airflow {SINCE} but warn: Airflow applies "
                f"`default_args` to every operator's `__init__` itself; remove it"
            )
            fix = shared if (function, decorator) in wanted else None
            self.report(DEPRECATED_APPLY_DEFAULTS, decorator, message, fix)

    def _is_apply_defaults(self, decorator: cst.Decorator) -> bool:
        paths = self.airflow_paths(decorator.decorator)
        return bool(paths) and paths <= APPLY_DEFAULTS

    def _fix(self, module: cst.Module, found: list[tuple[cst.FunctionDef, cst.Decorator]]) -> Optional[Fix]:
        if not found:
            return None
        gone: dict[cst.FunctionDef, list[cst.Decorator]] = {}
        for function, decorator in found:
            gone.setdefault(function, []).append(decorator)
        edits = [self.edit(function, _without_decorators(function, decorators)) for function, decorators in gone.items()]
        statements = [s for s in module.body if isinstance(s, cst.SimpleStatementLine)]
        unused = unused_names(statements, self.node_metadata(ScopeProvider), [d.decorator for _, d in found])
        for statement, names in unused.items():
            replacement = shrunk(statement, names)
            if replacement is not statement:
                edits.append(self.edit(statement, replacement))
        return Fix(Applicability.SAFE, "Remove `@apply_defaults`", tuple(edits))


def _without_decorators(function: cst.FunctionDef, removed: list[cst.Decorator]) -> cst.FunctionDef:
    """`function` without the `removed` decorators. The lines above a removed decorator (a
    comment about the next one, say) move down to whatever follows it; its own end-of-line
    comment goes with it."""
    kept: list[cst.Decorator] = []
    carried: list[cst.EmptyLine] = []
    for decorator in function.decorators:
        if any(decorator is r for r in removed):
            carried += decorator.leading_lines
            continue
        kept.append(decorator.with_changes(leading_lines=[*carried, *decorator.leading_lines]))
        carried = []
    return function.with_changes(decorators=kept, lines_after_decorators=[*carried, *function.lines_after_decorators])
