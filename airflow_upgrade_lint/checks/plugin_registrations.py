"""Operators and sensors registered on a plugin (AUL303).

1.10 read a plugin's `operators` and `sensors` lists to build its `airflow.operators.<name>`
and `airflow.sensors.<name>` modules (plugins_manager in the 1.10.15 wheel, which already warned
that Airflow 2 drops this); 2.x's AirflowPlugin has neither attribute and its plugins_manager
never reads them (2.10.3 wheel). `hooks`, `macros` and `executors` are still read by 2.x
(registered_hooks, integrate_macros_plugins, the executor loader) and are left alone.
"""

from __future__ import annotations

from typing import Optional

import libcst as cst
from libcst.metadata import ScopeProvider

from ..diagnostics import Applicability, Fix
from ..import_edits import shrunk, unused_names
from ..rule import Check
from .plugin_registrations_rules import PLUGIN_REGISTERS_OPERATORS
from .plugin_classes import ClassAttribute, class_attributes, is_plugin_class

# also the namespaces they made: airflow.operators.<name> (operators and sensors), airflow.sensors.<name>
IGNORED_REGISTRIES = ("operators", "sensors")


class PluginRegistrations(Check):
    rules = (PLUGIN_REGISTERS_OPERATORS,)
    triggers = (b"AirflowPlugin",)

    def __init__(self, context) -> None:
        super().__init__(context)
        self.found: list[tuple[cst.ClassDef, list[tuple[str, ClassAttribute]]]] = []
        self.lines: dict[ClassAttribute, cst.SimpleStatementLine] = {}

    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> None:
        for small in node.body:
            if isinstance(small, (cst.Assign, cst.AnnAssign)):
                self.lines[small] = node

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        registrations = [(name, a) for name, a in class_attributes(node) if name in IGNORED_REGISTRIES]
        if registrations and is_plugin_class(self, node):
            self.found.append((node, registrations))

    def leave_Module(self, original_node: cst.Module) -> None:
        for plugin_class, registrations in self.found:
            name = _literal_name(plugin_class)
            plugin = next((p for p in self.context.project.named(name or "") if p.class_name == plugin_class.name.value), None)
            for registry, assignment in registrations:
                message = f"Airflow 2 ignores `{registry}` on a plugin: " + self._where(plugin, registry)
                fix = None
                if plugin is not None and self._unused_namespace(name) and self.wants(PLUGIN_REGISTERS_OPERATORS, assignment):
                    fix = self._removal(original_node, assignment)
                self.report(PLUGIN_REGISTERS_OPERATORS, assignment, message, fix)

    def _where(self, plugin, registry: str) -> str:
        entries = [entry for entry in plugin.registered if entry.registry == registry] if plugin else []
        if not entries or any(entry.module is None for entry in entries):
            return "import the classes from their modules wherever they are used, and remove the list"
        listed = ", ".join(f"`{entry.name}` from `{entry.module}`" for entry in entries)
        return f"DAGs import {listed}; remove the list"

    def _unused_namespace(self, name: Optional[str]) -> bool:
        """Nothing in the project imports through the namespaces these lists made."""
        imported = self.context.project.imported_through
        return name is not None and not any((namespace, name) in imported for namespace in IGNORED_REGISTRIES)

    def _removal(self, module: cst.Module, assignment: ClassAttribute) -> Optional[Fix]:
        line = self.lines[assignment]
        if len(line.body) != 1:
            return None
        edits = [self.edit(line, cst.RemoveFromParent())]
        statements = [s for s in module.body if isinstance(s, cst.SimpleStatementLine)]
        for statement, names in unused_names(statements, self.node_metadata(ScopeProvider), [assignment.value]).items():
            replacement = shrunk(statement, names)
            if replacement is not statement:
                edits.append(self.edit(statement, replacement))
        return Fix(Applicability.UNSAFE, "Remove the registration and the imports only it used", tuple(edits))


def _literal_name(node: cst.ClassDef) -> Optional[str]:
    for target, assignment in class_attributes(node):
        if target == "name" and isinstance(assignment.value, cst.SimpleString):
            return assignment.value.evaluated_value  # type: ignore[return-value]
    return None
