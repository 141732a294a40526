"""Facts that span files, gathered in a first pass before any file is checked, so that no result
depends on the order files are visited in or on how many workers check them.

Where the DAGs and plugins are (from the config, else from the project layout); every
`AirflowPlugin` subclass in the plugins folder and in plugins.zip, with its `name` and what it
registers, each registered class traced through the plugin's imports to the module that defines
it; which plugin namespaces (`airflow.operators.<plugin name>`, ...) the project's code
still imports through; and, when the run checks a requirements file, which requirements file
includes which and every `airflow...` path the code imports (requirements_project.py). The
Project is immutable and handed to every check.
"""

from __future__ import annotations

import ast
import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Mapping

from .tool_errors import SYNTAX_ERROR
from .diagnostics import Diagnostic
from .plugin_facts import ModuleFacts, PluginClass, read_facts
from .plugin_sources import ModuleSource, read
from . import provider_imports
from .requirements_project import RequirementsProject, gather
from .settings import Settings
from .workspace import Globs, Workspace, excluded, walk

# What 1.10 (plugins_manager.make_deprecated_module, 1.10.15) exposed as
# `airflow.<namespace>.<plugin name>`: the operators namespace held the plugin's sensors too.
NAMESPACES: Mapping[str, tuple[str, ...]] = {
    "operators": ("operators", "sensors"),
    "sensors": ("sensors",),
    "hooks": ("hooks",),
}
MAX_TRACE = 10  # re-exports followed from the plugin to the defining module



@dataclass(frozen=True)
class Registered:
    registry: str  # operators, sensors, hooks, ...
    name: str  # the class's own name, which 1.10 exposed it by
    module: str | None  # the module that defines it; None when it could not be traced
    line: int  # of the entry in the plugin class


@dataclass(frozen=True)
class Plugin:
    name: str | None  # None when the plugin's `name` is not a literal
    class_name: str
    display: str  # the file that defines it
    module: str
    line: int
    registered: tuple[Registered, ...]

    def exposed(self, namespace: str) -> dict[str, Registered]:
        """What 1.10 exposed as `airflow.<namespace>.<name>.<class>`, by class name."""
        return {r.name: r for r in self.registered if r.registry in NAMESPACES.get(namespace, ())}


@dataclass(frozen=True)
class Layout:
    dags_folder: Path | None = None
    plugins: tuple[Path, ...] = ()  # plugins folders and zips


@dataclass(frozen=True)
class Project:
    layout: Layout = Layout()
    plugins: tuple[Plugin, ...] = ()
    # (namespace, plugin name) pairs that some file of the project imports through
    imported_through: frozenset[tuple[str, str]] = frozenset()
    # plugin modules that could not be read or parsed, and that no other part of the run checks
    problems: tuple[Diagnostic, ...] = ()
    modules: frozenset[str] = field(default=frozenset())  # every module the plugin roots hold
    # the run's requirements files and what the code imports; None when the run has no requirements file
    requirements: RequirementsProject | None = None

    def named(self, name: str) -> list[Plugin]:
        return [plugin for plugin in self.plugins if plugin.name == name]

    def exposing(self, namespace: str, class_name: str) -> list[tuple[Plugin, Registered]]:
        return exposing(self.plugins, namespace, class_name)

    def exposed_anywhere(self, class_name: str) -> list[tuple[Plugin, str, Registered]]:
        """(plugin, namespace, entry) for every namespace any plugin exposed the class in."""
        return [(p, namespace, entry) for namespace in NAMESPACES for p, entry in self.exposing(namespace, class_name)]

    def digest(self) -> str:
        """Identifies the facts, for cache keys: a DAG's findings change when a plugin does."""
        facts = (self.layout, self.plugins, sorted(self.imported_through), self.requirements)
        return hashlib.sha256(repr(facts).encode()).hexdigest()


def find_layout(settings: Settings) -> Layout:
    """The configured folders; a key left out of the config is found from the layout on its own
    (Settings: "None: found from the layout"), so that setting only `dags-folder` does not drop
    the plugins, nor setting only `plugins` the DAGs folder."""
    root = settings.project_root
    found = _mwaa_layout(Path(settings.paths[0]).absolute())
    return Layout(
        root / settings.dags_folder if settings.dags_folder is not None else found.dags_folder,
        tuple(root / path for path in settings.plugins) if settings.plugins is not None else found.plugins,
    )


def _mwaa_layout(start: Path) -> Layout:
    """The folders of the nearest folder at or above `start` that has a `dags` or `plugins`
    folder or a `plugins.zip`, MWAA's layout."""
    for folder in [start, *start.parents]:
        dags, plugins, zipped = folder / "dags", folder / "plugins", folder / "plugins.zip"
        if dags.is_dir() or plugins.is_dir() or zipped.is_file():
            found = [path for path, present in ((plugins, plugins.is_dir()), (zipped, zipped.is_file())) if present]
            return Layout(dags if dags.is_dir() else None, tuple(found))
    return Layout()


@dataclass(frozen=True)
class PluginModules:
    """Every module of the plugin roots, by name (the first root that has it wins, as on
    sys.path), and what could not be read."""

    sources: Mapping[str, ModuleSource]
    unreadable: tuple[Diagnostic, ...]


def read_plugins(layout: Layout, skipped: Globs) -> PluginModules:
    sources: dict[str, ModuleSource] = {}
    unreadable: list[Diagnostic] = []
    for root in layout.plugins:
        found, problems = read(root, skipped)
        unreadable += problems
        for source in found:
            sources.setdefault(source.module, source)
    return PluginModules(sources, tuple(unreadable))


def build(settings: Settings, workspace: Workspace) -> Project:
    layout = find_layout(settings)
    return assemble(settings, workspace, layout, read_plugins(layout, excluded(settings)))


def assemble(settings: Settings, workspace: Workspace, layout: Layout, modules: PluginModules) -> Project:
    """The Project from the plugin modules already read."""
    checked = {file.path for file in workspace.files}
    sources = modules.sources
    problems = [problem for problem in modules.unreadable if Path(problem.path).absolute() not in checked]

    facts: dict[str, ModuleFacts] = {}
    for name, source in sources.items():
        try:
            tree = ast.parse(source.source)
        except (SyntaxError, ValueError) as error:
            if source.member is not None or source.path not in checked:
                problems.append(_unparsable(source.display, error))
            continue
        facts[name] = read_facts(tree, name, source.is_package)

    plugins = tuple(
        _plugin(plugin, sources[module], facts)
        for module in sorted(facts, key=lambda m: sources[m].display)
        for plugin in facts[module].plugins
    )
    exposes = any(plugin.exposed(namespace) for plugin in plugins for namespace in NAMESPACES)
    requirement_files = [file.path for file in workspace.files if file.kind == "requirements"]
    code = []
    if exposes or requirement_files:
        code = [source.source for source in sources.values()] + _python_files(layout, excluded(settings), workspace)
    imports = provider_imports.imported_paths(code) if code else None  # one parse of each file for both facts
    imported_through = frozenset(_namespace_imports(imports or (), plugins)) if exposes else frozenset()
    requirements = gather(requirement_files, imports) if requirement_files else None
    problems.sort(key=lambda d: d.sort_key)
    return Project(layout, plugins, imported_through, tuple(problems), frozenset(sources), requirements)


def _unparsable(display: str, error: Exception) -> Diagnostic:
    line = getattr(error, "lineno", None) or 1
    column = getattr(error, "offset", None) or 1
    message = getattr(error, "msg", None) or str(error)
    return Diagnostic(display, line, column, SYNTAX_ERROR.code, f"{message} (plugin module not analysed)")


def _plugin(plugin: PluginClass, source: ModuleSource, facts: Mapping[str, ModuleFacts]) -> Plugin:
    registered = tuple(
        Registered(registry, *_trace_expression(entry.expression, source.module, facts), entry.line)
        for registry, entries in plugin.registries.items()
        for entry in entries
    )
    return Plugin(plugin.name, plugin.class_name, source.display, source.module, plugin.line, registered)


def _trace_expression(expression: str, module: str, facts: Mapping[str, ModuleFacts]) -> tuple[str, str | None]:
    """(class name, defining module) of a registry entry written in `module`."""
    head, dot, rest = expression.partition(".")
    if not dot:
        return _trace_name(module, head, facts, MAX_TRACE)
    imported = facts[module].imported.get(head)
    if imported is None:
        return expression.rpartition(".")[2], None
    return _trace_path(f"{imported}.{rest}", facts, MAX_TRACE)


def _trace_name(module: str, name: str, facts: Mapping[str, ModuleFacts], depth: int) -> tuple[str, str | None]:
    known = facts.get(module)
    if known is None or depth == 0:
        return name, None
    if name in known.imported:
        return _trace_path(known.imported[name], facts, depth - 1)
    return name, module if name in known.defined else None


def _trace_path(path: str, facts: Mapping[str, ModuleFacts], depth: int) -> tuple[str, str | None]:
    """`pkg.mod.Class`: followed into plugin modules; outside them the module is taken as is."""
    module, _, name = path.rpartition(".")
    if module in facts:
        return _trace_name(module, name, facts, depth)
    return name, module or None


def _python_files(layout: Layout, skipped: Globs, workspace: Workspace) -> list[bytes]:
    """The DAGs folder's Python files and the run's own, each once."""
    paths = {file.path for file in workspace.files if file.kind == "python"}
    if layout.dags_folder is not None and layout.dags_folder.is_dir():
        paths.update(path for path, kind in walk(layout.dags_folder, skipped, []) if kind == "python")
    code = []
    for path in sorted(paths):
        try:
            code.append(path.read_bytes())
        except OSError:  # reported when the file itself is checked
            pass
    return code


def _namespace_imports(imports: Iterable[str], plugins: tuple[Plugin, ...]) -> set[tuple[str, str]]:
    """(namespace, plugin name) of each import path that goes through a plugin's namespace."""
    names = {plugin.name for plugin in plugins if plugin.name}
    found: set[tuple[str, str]] = set()
    for path in imports:
        parts = path.split(".")
        if len(parts) < 3 or parts[1] not in NAMESPACES:
            continue
        namespace, name = parts[1], parts[2]
        if name in names:
            found.add((namespace, name))
        else:  # 1.10's direct form: `from airflow.operators import HealthcheckOperator`
            found.update((namespace, p.name) for p, _ in exposing(plugins, namespace, name))
    return found


def exposing(plugins: Iterable[Plugin], namespace: str, class_name: str) -> list[tuple[Plugin, Registered]]:
    """Every plugin that exposed a class of that name in the namespace, with the entry."""
    found = ((plugin, plugin.exposed(namespace).get(class_name)) for plugin in plugins)
    return [(plugin, entry) for plugin, entry in found if entry is not None]

