"""A plugin's `stat_name_handler`, which Airflow 2 does not read (AUL305). (`airflow.AirflowMacroPlugin`, which 1.10.15 defined and
never used and no 2.x has, is a fact of rules/imports-extra.toml: AUL103 reports it.)

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


import libcst as cst
from libcst.metadata import ScopeProvider

from ..rule import Check
from .plugin_classes import class_attributes, is_plugin_class
from .plugin_stat_name_handler_rules import PLUGIN_STAT_NAME_HANDLER

GENERIC_PATH = "<module>.<function>"

class PluginStatNameHandler(Check):
    rules = (PLUGIN_STAT_NAME_HANDLER,)
    triggers = (b"stat_name_handler",)

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
