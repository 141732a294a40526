"""What one plugin module says about itself: the classes it defines, the names it imports, and
the `AirflowPlugin` subclasses in it with what they register.

Read with CPython's `ast`: the first pass only reads, and a module that does not parse is
reported by the caller. Only literal, module-level facts count: `name = "ops_plugin"`,
`operators = [HealthcheckOperator, ops.CleanupOperator]`; anything computed is left unknown.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Mapping

PLUGIN_BASE = "airflow.plugins_manager.AirflowPlugin"

# What an AirflowPlugin subclass may register, in 1.10's order.
REGISTRIES = (
    "operators", "sensors", "hooks", "executors", "macros", "admin_views", "flask_blueprints",
    "menu_links", "appbuilder_views", "appbuilder_menu_items",
)  # fmt: skip


@dataclass(frozen=True)
class Entry:
    """One element of a registry list, as written: `HealthcheckOperator` or `ops.Healthcheck`."""

    expression: str
    line: int


@dataclass(frozen=True)
class PluginClass:
    class_name: str
    name: str | None  # the literal `name`; None when it is missing or computed
    line: int
    registries: Mapping[str, tuple[Entry, ...]]  # only the registries the class sets


@dataclass(frozen=True)
class ModuleFacts:
    defined: frozenset[str]  # names bound at the top level by a class, function or assignment
    imported: Mapping[str, str]  # local name -> the dotted path it was imported as
    plugins: tuple[PluginClass, ...]


def read_facts(tree: ast.Module, module: str, is_package: bool) -> ModuleFacts:
    imported: dict[str, str] = {}
    defined: set[str] = set()
    plugins: list[PluginClass] = []
    for statement in tree.body:
        if isinstance(statement, ast.Import):
            for name in statement.names:
                # `import a.b` binds `a`; `import a.b as c` binds c to a.b
                local = name.asname or name.name.split(".")[0]
                imported[local] = name.name if name.asname else local
        elif isinstance(statement, ast.ImportFrom):
            source = _absolute(statement, module, is_package)
            for name in statement.names:
                if source and name.name != "*":
                    imported[name.asname or name.name] = f"{source}.{name.name}"
        elif isinstance(statement, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
            defined.add(statement.name)
            if isinstance(statement, ast.ClassDef) and any(_dotted(b, imported) == PLUGIN_BASE for b in statement.bases):
                plugins.append(_plugin(statement))
        elif (target := _assignment(statement)[0]) is not None:
            defined.add(target)
    return ModuleFacts(frozenset(defined), imported, tuple(plugins))


def _absolute(statement: ast.ImportFrom, module: str, is_package: bool) -> str | None:
    """The module a `from ... import` reads, with relative imports resolved; None if it escapes
    the plugins root."""
    if not statement.level:
        return statement.module
    package = module.split(".") if is_package else module.split(".")[:-1]
    if statement.level - 1 > len(package) or (statement.level - 1 == len(package) and not statement.module):
        return None
    base = package[: len(package) - (statement.level - 1)]
    return ".".join([*base, *([statement.module] if statement.module else [])]) or None


def _dotted(node: ast.expr, imported: Mapping[str, str]) -> str | None:
    """The dotted path an expression names through the module's imports."""
    text = expression_text(node)
    if text is None:
        return None
    head, dot, rest = text.partition(".")
    return imported.get(head, head) + dot + rest


def expression_text(node: ast.expr) -> str | None:
    """`a.b.C` as written, for names and attribute chains only."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    return ".".join([node.id, *reversed(parts)]) if isinstance(node, ast.Name) else None


def _plugin(node: ast.ClassDef) -> PluginClass:
    name = None
    registries: dict[str, tuple[Entry, ...]] = {}
    for statement in node.body:
        target, value = _assignment(statement)
        if target == "name" and isinstance(value, ast.Constant) and isinstance(value.value, str):
            name = value.value
        elif target in REGISTRIES and isinstance(value, (ast.List, ast.Tuple)):
            entries = ((expression_text(element), element.lineno) for element in value.elts)
            registries[target] = tuple(Entry(text, line) for text, line in entries if text)
    return PluginClass(node.name, name, node.lineno, registries)


def _assignment(statement: ast.stmt) -> tuple[str | None, ast.expr | None]:
    if isinstance(statement, ast.Assign) and len(statement.targets) == 1 and isinstance(statement.targets[0], ast.Name):
        return statement.targets[0].id, statement.value
    if isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name):
        return statement.target.id, statement.value
    return None, None
