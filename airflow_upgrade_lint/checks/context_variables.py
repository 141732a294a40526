"""Template-context variables that Airflow 2 removed (AUL207), in Python files.

Which variables, at which target, and what replaces them come from rules/context.toml (generated
by scripts/build_context_variables.py from the 1.10.15 and target wheels). Found in the Jinja
blocks of string literals (jinja_reads, shared with the template-file check) and in
`context[...]`/`kwargs[...]` lookups.
"""

from __future__ import annotations

from typing import Iterable, Mapping

import libcst as cst

from .. import knowledge
from ..diagnostics import Applicability, Fix
from ..jinja_reads import Read, reads, rewrite
from ..knowledge import RemovedContextVariable
from ..rule import Check
from .context_variables_rules import REMOVED_CONTEXT_VARIABLE

_CONTEXT_NAMES = {"context", "kwargs", "kw", "ctx"}
FIX_MESSAGE = "Use the Airflow 2 names"


def replaced(text: str, found: list[Read], removed: Mapping[str, RemovedContextVariable]) -> str:
    return rewrite(text, found, {name: variable.replacement for name, variable in removed.items()})


def applicability(variables: Iterable[RemovedContextVariable]) -> Applicability:
    return Applicability.SAFE if all(variable.safe for variable in variables) else Applicability.UNSAFE


def message(variables: Iterable[RemovedContextVariable]) -> str:
    listed = ", ".join(f"`{variable.name}` (use `{variable.replacement}`)" for variable in variables)
    return f"The template uses {listed}, which Airflow 2 removed from the context"


def _shipped_names() -> tuple[bytes, ...]:
    """Every name the shipped table lists: the engine filters by triggers before a check sees the run's tables."""
    table = knowledge.context_table(knowledge.rules_dir())
    return tuple(sorted({name.encode() for names in table.values() for name in names}))


class ContextVariables(Check):
    rules = (REMOVED_CONTEXT_VARIABLE,)
    triggers = _shipped_names()

    def __init__(self, context) -> None:
        super().__init__(context)
        self.removed = context.knowledge.removed_context_variables(context.target)

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        found = reads(node.value, self.removed) if "{" in node.value else []
        if not found:
            return
        variables = [self.removed[name] for name in sorted({read.name for read in found})]
        rewritten = node.with_changes(value=replaced(node.value, found, self.removed))
        fix = Fix(applicability(variables), FIX_MESSAGE, (self.edit(node, rewritten),))
        self.report(REMOVED_CONTEXT_VARIABLE, node, message(variables), fix)

    def visit_Subscript(self, node: cst.Subscript) -> None:
        if not (isinstance(node.value, cst.Name) and node.value.value in _CONTEXT_NAMES and len(node.slice) == 1):
            return
        index = node.slice[0].slice
        if not (isinstance(index, cst.Index) and isinstance(index.value, cst.SimpleString)):
            return
        variable = self.removed.get(index.value.evaluated_value)
        if variable is None:
            return
        keys = variable.replacement.split(".")  # `params.tables` is context["params"]["tables"]
        fix = None
        if len(keys) == 1:
            quote = index.value.value[-1]
            key = index.value.with_changes(value=f"{quote}{keys[0]}{quote}")
            fix = Fix(applicability([variable]), f"Use `{keys[0]}`", (self.edit(index.value, key),))
        instead = node.value.value + "".join(f'["{key}"]' for key in keys)
        found = f"`{variable.name}` is not in the Airflow 2 context; use `{instead}`"
        self.report(REMOVED_CONTEXT_VARIABLE, node, found, fix)
