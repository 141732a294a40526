"""Plugin APIs that Airflow 2 does not have: `airflow.AirflowMacroPlugin` (AUL305) and a plugin's
`stat_name_handler` (AUL306); and how the plugin checks find `AirflowPlugin` subclasses.

What the wheels show. apache-airflow 1.10.15's airflow/__init__.py defines
`AirflowMacroPlugin(namespace)`, a class nothing in 1.10.15 uses; no 2.x wheel (2.0.2 to
2.11.2) has it. A plugin's macros are its `macros` list, which 1.10.15 and 2.10.3
(plugins_manager.integrate_macros_plugins) both expose as `airflow.macros.<plugin name>`.

`stat_name_handler` on an AirflowPlugin was read only on the development branch that became 2.0
(its plugins_manager collected one handler from the plugins), and apache/airflow#7335 ("Drop
plugin support for stat_name_handler") removed it before any release had it, as its reviewers
note; UPDATING.md for 2.0 points to the configuration option instead. 1.10.15 has neither the
attribute nor the option (no "stat_name" anywhere in the wheel), and 2.10.3's plugins_manager
does not read it: the handler comes from `[metrics] stat_name_handler`
(airflow/metrics/validators.py, `conf.getimport`), `[scheduler] stat_name_handler` being its
deprecated 2.0.0 name (airflow/configuration.py). Airflow puts the plugins folder on sys.path
(settings.prepare_syspath_for_config_and_plugins), so a plugin module's function can be named
there by its module path.
"""

from __future__ import annotations

from typing import Iterator, Union

import libcst as cst
from libcst.metadata import ScopeProvider

from ..import_edits import imported_name
from ..rule import Check
from .removed_plugin_apis_rules import AIRFLOW_MACRO_PLUGIN, PLUGIN_STAT_NAME_HANDLER

PLUGIN_BASE = "airflow.plugins_manager.AirflowPlugin"
MACRO_PLUGIN = "airflow.AirflowMacroPlugin"
GENERIC_PATH = "<module>.<function>"

ClassAttribute = Union[cst.Assign, cst.AnnAssign]


def is_plugin_class(check: Check, node: cst.ClassDef) -> bool:
    """Whether the class derives from Airflow's AirflowPlugin, however it was imported."""
    return any(PLUGIN_BASE in check.imported_paths(base.value) for base in node.bases)


def class_attributes(node: cst.ClassDef) -> Iterator[tuple[str, ClassAttribute]]:
    """The names the class body assigns directly (`name = ...`, `name: T = ...`), each with its
    assignment."""
    for statement in node.body.body:
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            if isinstance(small, cst.Assign):
                for target in small.targets:
                    if isinstance(target.target, cst.Name):
                        yield target.target.value, small
            elif isinstance(small, cst.AnnAssign) and isinstance(small.target, cst.Name) and small.value is not None:
                yield small.target.value, small


class RemovedPluginApis(Check):
    rules = (AIRFLOW_MACRO_PLUGIN, PLUGIN_STAT_NAME_HANDLER)
    triggers = (b"AirflowMacroPlugin", b"stat_name_handler")

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        if node.relative or isinstance(node.names, cst.ImportStar) or node.module is None:
            return
        if cst.helpers.get_full_name_for_node(node.module) == "airflow":
            for name in node.names:
                if imported_name(name) == "AirflowMacroPlugin":
                    self._report_macro_plugin(name)

    def visit_Attribute(self, node: cst.Attribute) -> None:
        if node.attr.value == "AirflowMacroPlugin" and MACRO_PLUGIN in self.imported_paths(node):
            self._report_macro_plugin(node)

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        handlers = [a for target, a in class_attributes(node) if target == "stat_name_handler" and not _is_none(a.value)]
        if not handlers or not is_plugin_class(self, node):
            return
        for assignment in handlers:
            path = self._handler_path(assignment.value)  # type: ignore[arg-type]
            message = (
                "Airflow 2 ignores `stat_name_handler` on a plugin (and no 1.10 release read it): set "
                f"`[metrics] stat_name_handler = {path}` in the Airflow configuration instead"
            )
            if path == GENERIC_PATH:
                message += ": the dotted path of a module-level function that does what the handler did"
            elif path.startswith("<this module>"):
                message += ", where `<this module>` is the path Python imports this file by (the plugins folder is on sys.path)"
            self.report(PLUGIN_STAT_NAME_HANDLER, assignment, message)

    def _report_macro_plugin(self, node: cst.CSTNode) -> None:
        message = (
            "`airflow.AirflowMacroPlugin` does not exist in Airflow 2 (1.10 defined it but never used it): "
            "remove it, and list the macro functions in the `macros` attribute of an AirflowPlugin "
            "subclass; templates reach them as `macros.<plugin name>.<function>`"
        )
        self.report(AIRFLOW_MACRO_PLUGIN, node, message)

    def _handler_path(self, value: cst.BaseExpression) -> str:
        """The dotted path `[metrics] stat_name_handler` needs for the handler, as far as this
        file can tell: a function defined here is `<this module>.<function>`, an imported one
        the path it was imported from."""
        root = value
        while isinstance(root, cst.Attribute):
            root = root.value
        scope = self.node_metadata(ScopeProvider).get(root)
        bindings = list(scope[root.value]) if isinstance(root, cst.Name) and scope is not None else []
        if len(bindings) == 1:
            bound = bindings[0].node
            if value is root and isinstance(bound, cst.FunctionDef) and bindings[0].scope is scope.globals:  # type: ignore[union-attr]
                return f"<this module>.{root.value}"  # type: ignore[union-attr]
            paths = self.imported_paths(value)
            if isinstance(bound, (cst.Import, cst.ImportFrom)) and len(paths) == 1 and not next(iter(paths)).startswith("."):
                return next(iter(paths))
        return GENERIC_PATH


def _is_none(value: cst.BaseExpression | None) -> bool:
    return isinstance(value, cst.Name) and value.value == "None"
