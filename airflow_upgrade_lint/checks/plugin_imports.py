"""Imports through a 1.10 plugin namespace (AUL301, AUL302).

1.10 made every plugin's registered classes importable as modules of Airflow's own packages
(plugins_manager.make_deprecated_module in the 1.10.15 wheel): `airflow.operators.<plugin
name>` held the plugin's operators and sensors, `airflow.sensors.<name>` its sensors,
`airflow.hooks.<name>` its hooks, and `from airflow.operators import X` reached them directly.
Airflow 2 has none of these modules. The project's first pass (project.py) knows each plugin's
name and where each registered class is defined; the fix imports the class from that module,
which both MWAA and Airflow 2 put on `sys.path` (the plugins root, or the DAGs folder once
`migrate-plugins` has moved it there).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional

import libcst as cst

from ..diagnostics import Applicability, Fix
from ..import_edits import alias, imported_name, local_name, new_import, new_import_from, with_names
from ..project import NAMESPACES, Plugin, Registered
from ..rule import Check, Rule
from .plugin_imports_rules import PLUGIN_NAMESPACE_IMPORT, UNREGISTERED_PLUGIN_IMPORT


@dataclass(frozen=True)
class _Resolution:
    rule: Rule
    message: str
    module: Optional[str] = None  # where to import the class from; None: no fix
    applicability: Applicability = Applicability.SAFE
    whole_module: bool = False  # the import names a plugin's namespace, not a class


class PluginImports(Check):
    rules = (PLUGIN_NAMESPACE_IMPORT, UNREGISTERED_PLUGIN_IMPORT)
    triggers = tuple(f"airflow.{namespace}".encode() for namespace in NAMESPACES)

    def __init__(self, context) -> None:
        super().__init__(context)
        self.project = context.project
        self.moves = context.knowledge.moves(context.target)
        self.active = bool(self.project.plugins)
        self.statements: list[cst.SimpleStatementLine] = []
        self.chains: list[tuple[cst.Attribute, str]] = []  # `airflow.operators.<plugin>.X` uses, as written
        self.airflow_names: list[cst.Name] = []  # uses of the name `airflow` outside imports
        self.in_import = 0

    def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> None:
        if self.active and any(isinstance(s, (cst.Import, cst.ImportFrom)) for s in node.body):
            self.statements.append(node)

    def visit_Import(self, node: cst.Import) -> None:
        self.in_import += 1

    def leave_Import(self, original_node: cst.Import) -> None:
        self.in_import -= 1

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        self.in_import += 1

    def leave_ImportFrom(self, original_node: cst.ImportFrom) -> None:
        self.in_import -= 1

    def visit_Attribute(self, node: cst.Attribute) -> None:
        if self.active and not self.in_import:
            text = cst.helpers.get_full_name_for_node(node)
            if text and text.count(".") == 3 and _namespace_of(text.rpartition(".")[0]) and self.project.named(text.split(".")[2]):
                self.chains.append((node, text))

    def visit_Name(self, node: cst.Name) -> None:
        if self.active and not self.in_import and node.value == "airflow":
            self.airflow_names.append(node)

    def leave_Module(self, original_node: cst.Module) -> None:
        for statement in self.statements:
            if len(statement.body) != 1:
                for small in statement.body:
                    self._check(statement, small, fixable=False)
            else:
                self._check(statement, statement.body[0], fixable=True)

    # -- what each import reads -------------------------------------------------------------

    def _check(self, statement: cst.SimpleStatementLine, node: cst.BaseSmallStatement, fixable: bool) -> None:
        if isinstance(node, cst.ImportFrom) and not node.relative and not isinstance(node.names, cst.ImportStar):
            module = cst.helpers.get_full_name_for_node(node.module) if node.module else None
            if module and _namespace_of(module):  # from airflow.operators.<plugin> import X
                namespace, plugin = module.split(".")[1:]
                found = {name: self._resolve_class(namespace, plugin, imported_name(name)) for name in node.names}
                self._report_from(statement, node, found, fixable)
            elif module and module.partition(".")[2] in NAMESPACES and module.startswith("airflow."):
                namespace = module.partition(".")[2]
                found = {name: self._resolve_direct(namespace, name) for name in node.names}
                self._report_from(statement, node, found, fixable)
        elif isinstance(node, cst.Import):
            for name in node.names:
                path = imported_name(name)
                if _namespace_of(path) and self.project.named(path.split(".")[2]):
                    self._check_module_import(statement, node, name, path, fixable)

    def _resolve_class(self, namespace: str, plugin_name: str, class_name: str) -> Optional[_Resolution]:
        """`from airflow.<namespace>.<plugin_name> import <class_name>`."""
        plugins = self.project.named(plugin_name)
        entries = [entry for plugin in plugins if (entry := plugin.exposed(namespace).get(class_name))]
        old = f"airflow.{namespace}.{plugin_name}"
        if entries:
            return _traced(PLUGIN_NAMESPACE_IMPORT, _removed_namespace(old, plugin_name), class_name, entries)
        if not plugins and not self.project.exposed_anywhere(class_name):
            return None  # nothing known about it: maybe a module of Airflow's the tables do not list
        return self._elsewhere(f"`{class_name}` is not registered as `{old}.{class_name}`", class_name, plugins)

    def _resolve_direct(self, namespace: str, name: cst.ImportAlias) -> Optional[_Resolution]:
        """`from airflow.<namespace> import <X>`: a plugin's module, or 1.10's direct access to a
        plugin's class; a 1.10 path of Airflow's own is moved_imports' business."""
        wanted = imported_name(name)
        if f"airflow.{namespace}.{wanted}" in self.moves:
            return None
        plugins = self.project.named(wanted)
        if plugins:
            modules = {entry.module for plugin in plugins for entry in plugin.exposed(namespace).values()}
            message = _removed_namespace(f"airflow.{namespace}.{wanted}", wanted)
            if len(modules) == 1 and None not in modules:
                module = modules.pop()
                return _Resolution(PLUGIN_NAMESPACE_IMPORT, f"{message}; import `{module}` instead", module, whole_module=True)
            return _Resolution(PLUGIN_NAMESPACE_IMPORT, f"{message}; import each class from its module")
        entries = [entry for _, entry in self.project.exposing(namespace, wanted)]
        if entries:
            message = f"1.10 reached plugins' classes as `airflow.{namespace}.{wanted}`, which Airflow 2 removed"
            return _traced(PLUGIN_NAMESPACE_IMPORT, message, wanted, entries)
        if self.project.exposed_anywhere(wanted):
            return self._elsewhere(f"`{wanted}` is not registered as `airflow.{namespace}.{wanted}`", wanted, [])
        return None

    def _elsewhere(self, problem: str, class_name: str, plugins: list[Plugin]) -> _Resolution:
        """AUL302: the class is not where the import looks for it; say where it is, if anywhere."""
        # each class where its registry put it (a sensor was under `operators` too: not repeated)
        found = [(p, namespace, entry) for p, namespace, entry in self.project.exposed_anywhere(class_name) if namespace == entry.registry]
        if not found:
            names = ", ".join(f"`{plugin.name}`" for plugin in plugins)
            return _Resolution(UNREGISTERED_PLUGIN_IMPORT, f"{problem}: plugin {names} registers no such class")
        places = "; ".join(
            f"plugin `{plugin.name}` registers it as `airflow.{namespace}.{plugin.name}.{class_name}`"
            for plugin, namespace, _ in found
        )
        modules = {entry.module for _, _, entry in found}
        if len(modules) == 1 and None not in modules:
            module = modules.pop()
            message = f"{problem} ({places}); in Airflow 2 import it from `{module}`"
            return _Resolution(UNREGISTERED_PLUGIN_IMPORT, message, module, Applicability.UNSAFE)
        return _Resolution(UNREGISTERED_PLUGIN_IMPORT, f"{problem} ({places}); import it from its module")

    # -- reports and fixes ------------------------------------------------------------------

    def _report_from(self, statement, node: cst.ImportFrom, found: dict, fixable: bool) -> None:
        found = {name: resolution for name, resolution in found.items() if resolution is not None}
        if not found:
            return
        moving = {
            name: resolution
            for name, resolution in found.items()
            if fixable
            and resolution.module is not None
            and self.fix_allowed(resolution.applicability)
            and self.wants(resolution.rule, name)
        }
        fix = self._from_fix(statement, node, moving) if moving else None
        for name, resolution in found.items():
            self.report(resolution.rule, name, resolution.message, fix if name in moving else None)

    def _from_fix(self, statement, node: cst.ImportFrom, moving: dict) -> Fix:
        """The statement keeps what it cannot move; each moved name is imported from its module
        (a plugin's module form `from airflow.operators import p` becomes `import <module> as p`)."""
        new: list[cst.SimpleStatementLine] = []
        groups: dict[str, list[cst.ImportAlias]] = {}
        for name, resolution in moving.items():
            if resolution.whole_module:  # bind the defining module to the same name
                new.append(cst.SimpleStatementLine(body=[cst.Import(names=[alias(resolution.module, local_name(name))])]))
            else:
                asname = name.asname.name.value if name.asname else None  # type: ignore[union-attr]
                groups.setdefault(resolution.module, []).append(alias(imported_name(name), asname))
        new = [new_import_from(module, names) for module, names in groups.items()] + new
        kept = [name for name in node.names if name not in moving]
        if kept:
            new.insert(0, statement.with_changes(body=[with_names(node, kept)]))
        first = new[0].with_changes(leading_lines=statement.leading_lines)
        if not kept:
            first = first.with_changes(trailing_whitespace=statement.trailing_whitespace)
        replacement = cst.FlattenSentinel([first, *new[1:]]) if len(new) > 1 else first
        unsafe = any(r.applicability is Applicability.UNSAFE for r in moving.values())
        return Fix(Applicability.UNSAFE if unsafe else Applicability.SAFE, "Import from the module that defines it", (self.edit(statement, replacement),))

    def _check_module_import(self, statement, node: cst.Import, name: cst.ImportAlias, path: str, fixable: bool) -> None:
        """`import airflow.operators.<plugin> [as alias]`: the module import is replaced by the
        defining modules; without an alias, each `airflow.operators.<plugin>.X` use is renamed."""
        namespace, plugin_name = path.split(".")[1:]
        exposed = _merged(self.project.named(plugin_name), namespace)
        message = _removed_namespace(path, plugin_name)
        fix = None
        if fixable and len(node.names) == 1 and self.wants(PLUGIN_NAMESPACE_IMPORT, name):
            fix = self._module_fix(statement, name, path, exposed)
        hint = "; import each class from its module" if fix is None else ""
        self.report(PLUGIN_NAMESPACE_IMPORT, name, message + hint, fix)

    def _module_fix(self, statement, name: cst.ImportAlias, path: str, exposed: dict[str, Registered]) -> Optional[Fix]:
        if name.asname is not None:
            modules = {entry.module for entry in exposed.values()}
            if len(modules) != 1 or None in modules:
                return None
            replacement = statement.with_changes(body=[cst.Import(names=[alias(modules.pop(), local_name(name))])])
            return Fix(Applicability.SAFE, "Import the module that defines the classes", (self.edit(statement, replacement),))
        uses = [(node, text.rpartition(".")[2]) for node, text in self.chains if text.rpartition(".")[0] == path]
        # other code may reach `airflow.<something>` through the name this import binds
        if len(self.airflow_names) > len(self.chains) or not uses or any(exposed.get(cls) is None or exposed[cls].module is None for _, cls in uses):
            return None
        modules = list(dict.fromkeys(exposed[cls].module for _, cls in uses))
        imports = [new_import(module) for module in modules]
        imports[0] = imports[0].with_changes(leading_lines=statement.leading_lines)
        imports[-1] = imports[-1].with_changes(trailing_whitespace=statement.trailing_whitespace)
        replacement = cst.FlattenSentinel(imports) if len(imports) > 1 else imports[0]
        edits = [self.edit(statement, replacement)]
        edits += [self.edit(node, cst.parse_expression(f"{exposed[cls].module}.{cls}")) for node, cls in uses]
        return Fix(Applicability.SAFE, "Import the modules that define the classes", tuple(edits))


def _removed_namespace(path: str, plugin_name: str) -> str:
    return f"`{path}` is plugin `{plugin_name}`'s 1.10 namespace, which Airflow 2 removed"


def _namespace_of(module: str) -> Optional[str]:
    """`operators` for `airflow.operators.<name>`, else None."""
    parts = module.split(".")
    return parts[1] if len(parts) == 3 and parts[0] == "airflow" and parts[1] in NAMESPACES else None


def _merged(plugins: list[Plugin], namespace: str) -> dict[str, Registered]:
    merged: dict[str, Registered] = {}
    for plugin in plugins:
        merged.update(plugin.exposed(namespace))
    return merged


def _traced(rule: Rule, problem: str, class_name: str, entries: list[Registered]) -> _Resolution:
    modules = {entry.module for entry in entries}
    if len(modules) == 1 and None not in modules:
        module = modules.pop()
        return _Resolution(rule, f"{problem}; import `{class_name}` from `{module}`", module)
    if None in modules:
        return _Resolution(rule, f"{problem}; `{class_name}` could not be traced to its module: import it from there")
    listed = ", ".join(f"`{module}`" for module in sorted(modules))
    return _Resolution(rule, f"{problem}; plugins of that name define `{class_name}` in {listed}: import the one meant")
