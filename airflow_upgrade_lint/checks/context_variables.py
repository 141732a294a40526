"""Template-context variables that Airflow 2 removed (AUL207).

1.10's `TaskInstance.get_template_context` set `end_date`, `END_DATE` and `latest_date` to `ds`,
and `tables` to `params['tables']` (airflow/models/taskinstance.py in the 1.10.15 wheel);
Airflow 2 has none of them, and its templates fail on an undefined name (StrictUndefined).
Found in Jinja blocks of string literals and in `context[...]`/`kwargs[...]` lookups.
"""

from __future__ import annotations

import re

import libcst as cst

from ..diagnostics import Applicability, Fix
from ..rule import Check
from .context_variables_rules import REMOVED_CONTEXT_VARIABLE

# name -> (what replaces it in a template, in a context lookup), facts from the 1.10.15 wheel
REPLACEMENTS = {
    "end_date": ("ds", "ds"),
    "END_DATE": ("ds", "ds"),
    "latest_date": ("ds", "ds"),
    "tables": ("params.tables", None),  # a context lookup needs context["params"]["tables"]
}
_JINJA_BLOCK = re.compile(r"\{\{.*?\}\}|\{%.*?%\}", re.S)
# a bare name: not an attribute (`ti.end_date`), not part of a longer name
_BARE = re.compile(r"(?<![\w.])(" + "|".join(REPLACEMENTS) + r")(?!\w)")
_CONTEXT_NAMES = {"context", "kwargs", "kw", "ctx"}


class ContextVariables(Check):
    rules = (REMOVED_CONTEXT_VARIABLE,)
    triggers = tuple(name.encode() for name in REPLACEMENTS)

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        if "{" not in node.value:
            return
        found = {m.group(1) for block in _JINJA_BLOCK.findall(node.value) for m in _BARE.finditer(block)}
        if not found:
            return
        names = sorted(found)
        rewritten = _JINJA_BLOCK.sub(lambda block: _BARE.sub(lambda m: REPLACEMENTS[m.group(1)][0], block.group(0)), node.value)
        applicability = Applicability.UNSAFE if "tables" in found else Applicability.SAFE
        fix = Fix(applicability, "Use the Airflow 2 names", (self.edit(node, node.with_changes(value=rewritten)),))
        listed = ", ".join(f"`{n}` (use `{REPLACEMENTS[n][0]}`)" for n in names)
        self.report(REMOVED_CONTEXT_VARIABLE, node, f"The template uses {listed}, which Airflow 2 removed from the context", fix)

    def visit_Subscript(self, node: cst.Subscript) -> None:
        if not (isinstance(node.value, cst.Name) and node.value.value in _CONTEXT_NAMES and len(node.slice) == 1):
            return
        index = node.slice[0].slice
        if not (isinstance(index, cst.Index) and isinstance(index.value, cst.SimpleString)):
            return
        name = index.value.evaluated_value
        if name not in REPLACEMENTS:
            return
        replacement = REPLACEMENTS[name][1]
        fix = None
        if replacement is not None:
            quote = index.value.value[-1]
            key = index.value.with_changes(value=f"{quote}{replacement}{quote}")
            fix = Fix(Applicability.SAFE, f"Use `{replacement}`", (self.edit(index.value, key),))
        instead = f'`{node.value.value}["{replacement}"]`' if replacement else f'`{node.value.value}["params"]["tables"]`'
        self.report(REMOVED_CONTEXT_VARIABLE, node, f"`{name}` is not in the Airflow 2 context; use {instead}", fix)
