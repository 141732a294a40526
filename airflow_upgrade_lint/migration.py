"""`migrate-plugins`: move the code of the classes plugins registered out of the plugins into a
package under the DAGs folder, as MWAA's migration guide advises for Airflow 2.

The plan is made in memory first: every Python file of the project (DAGs folder, plugins
folder, plugins.zip, the paths given) gets its imports through plugin namespaces fixed (AUL301),
its plugins' `operators`/`sensors` lists removed (AUL303), and its imports of the moved packages
renamed to their new place. Each top-level package (or module) that defines a registered
operator, sensor or hook moves whole, so the relative imports inside it stay right; the plugin
modules stay, since Airflow 2 loads plugins from the plugins folder only. Nothing is written when
anything stands in the way (an import that cannot be resolved, a file that would be overwritten);
a failure while writing undoes what was written.
"""

from __future__ import annotations

import contextlib
import os
import re
import stat
import zipfile
from dataclasses import dataclass, field, replace
from itertools import takewhile
from pathlib import Path
from typing import Callable

from . import engine
from . import knowledge as knowledge_base
from .module_renames import rename_modules
from .plugin_sources import ModuleSource, read
from .project import Project, assemble, find_layout, read_plugins
from .runner import unified_diff
from .settings import Settings
from .workspace import Globs, Workspace, excluded, shown, write_atomically

MOVED_REGISTRIES = ("operators", "sensors", "hooks")
AIRFLOWIGNORE = ".airflowignore"


@dataclass
class Migration:
    package: str
    moves: list[tuple[ModuleSource, Path, bytes]] = field(default_factory=list)  # old, new file, new content
    rewrites: list[tuple[ModuleSource, bytes]] = field(default_factory=list)  # files changed in place
    created: list[tuple[Path, bytes]] = field(default_factory=list)  # __init__.py, .airflowignore
    appended: list[tuple[Path, bytes, bytes]] = field(default_factory=list)  # file, old, new
    refusals: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not (self.moves or self.rewrites or self.created or self.appended)


def plan(settings: Settings, workspace: Workspace) -> Migration:
    migration = Migration(settings.plugins_package)
    layout = find_layout(settings)
    if layout.dags_folder is None:
        migration.refusals.append("no DAGs folder found: set `dags-folder` in the config")
        return migration
    skipped = excluded(settings)
    modules = read_plugins(layout, skipped)
    project = assemble(settings, workspace, layout, modules)
    plugin_modules = dict(modules.sources)

    moving = _packages_to_move(project, plugin_modules, migration)
    renames = {top: f"{settings.plugins_package}.{top}" for top in moving}
    destination = layout.dags_folder.joinpath(*settings.plugins_package.split("."))  # a dotted name nests
    moved = {id(source) for source in plugin_modules.values() if source.module.partition(".")[0] in moving}
    for source in _project_files(layout.dags_folder, plugin_modules, skipped, workspace):
        content = _migrated(source, project, renames, settings, migration)
        if content is None:
            continue
        if id(source) in moved:
            inside = Path(source.member) if source.member is not None else source.path.relative_to(source.root)
            migration.moves.append((source, destination / inside, content))
        elif content != source.source:
            migration.rewrites.append((source, content))
    if moving:
        _scaffold(layout.dags_folder, settings.plugins_package, migration)
    for _, path, _ in migration.moves:
        if os.path.lexists(path):
            migration.refusals.append(f"{shown(path)} exists already; not overwritten")
    return migration


def _packages_to_move(project: Project, modules: dict[str, ModuleSource], migration: Migration) -> list[str]:
    """Top-level packages or modules of the plugins that define registered classes."""
    plugin_homes = {plugin.module for plugin in project.plugins}
    tops: dict[str, str] = {}
    for plugin in project.plugins:
        for entry in plugin.registered:
            if entry.registry in MOVED_REGISTRIES and entry.module in modules:
                tops.setdefault(entry.module.partition(".")[0], f"`{entry.name}` of plugin `{plugin.name}`")
    moving = []
    for top, why in sorted(tops.items()):
        homes = sorted(home for home in plugin_homes if home == top or home.startswith(top + "."))
        if homes:
            where = modules[homes[0]].display
            migration.refusals.append(
                f"{where}: defines a plugin beside {why}; move the class to a module of its own first "
                "(Airflow 2 loads plugins from the plugins folder only)"
            )
        else:
            moving.append(top)
    return moving


def _project_files(dags: Path, plugins: dict[str, ModuleSource], skipped: Globs, workspace: Workspace) -> list[ModuleSource]:
    files = list(plugins.values())
    files += read(dags, skipped)[0] if dags.is_dir() else []
    seen = {(f.path, f.member) for f in files}
    for file in workspace.files:
        if file.kind == "python" and (file.path, None) not in seen:
            with contextlib.suppress(OSError):
                files.append(ModuleSource("", file.display, file.path, None, file.path.read_bytes()))
    return sorted(files, key=lambda f: f.display)


def _migrated(source: ModuleSource, project: Project, renames: dict[str, str], settings: Settings, migration: Migration) -> bytes | None:
    """The file's new content; None (and a refusal where it matters) when it does not parse."""
    if _unparsable(source.source):
        if _mentions(source.source, renames):
            migration.refusals.append(f"{source.display}: does not parse, and may import what moves")
        return None
    knowledge = knowledge_base.load()
    target = settings.target_version
    # AUL302's fixes are unsafe: the import never worked, the class it gets is a guess by name
    imports = Settings(select=("AUL301", "AUL302"), fix=True, unsafe_fixes=settings.unsafe_fixes, target_version=target)
    result = engine.check_source(source.source, source.display, imports, knowledge, project)
    for diagnostic in result.diagnostics:
        migration.refusals.append(f"{diagnostic.path}:{diagnostic.line}:{diagnostic.column}: {diagnostic.code} {diagnostic.message}")
    content = result.fixed or source.source
    unregistered = replace(project, imported_through=frozenset())  # every namespace import was just fixed
    registrations = Settings(select=("AUL303",), fix=True, unsafe_fixes=True, target_version=target)
    content = engine.check_source(content, source.display, registrations, knowledge, unregistered).fixed or content
    return rename_modules(content, renames) if renames else content


def _unparsable(source: bytes) -> bool:
    try:
        compile(source, "<migrated>", "exec", dont_inherit=True)
    except (SyntaxError, ValueError):
        return True
    return False


def _mentions(source: bytes, renames: dict[str, str]) -> bool:
    return any(re.search(rb"\b" + re.escape(top.encode()) + rb"\b", source) for top in renames)


def _scaffold(dags: Path, package: str, migration: Migration) -> None:
    """The package's `__init__.py` files, and an .airflowignore line so that the scheduler does
    not parse the moved modules as DAG files."""
    folders = {path.parent for _, path, _ in migration.moves}
    for folder in sorted(folders):
        while folder != dags:
            init = folder / "__init__.py"
            if not init.exists() and not any(path == init for _, path, _ in migration.moves) and (init, b"") not in migration.created:
                migration.created.append((init, b""))
            folder = folder.parent
    ignore = dags / AIRFLOWIGNORE
    line = f"{package.replace('.', '/')}/".encode()
    old = ignore.read_bytes() if ignore.exists() else b""
    if line not in old.splitlines():
        separator = b"" if not old or old.endswith(b"\n") else b"\n"
        if ignore.exists():
            migration.appended.append((ignore, old, old + separator + line + b"\n"))
        else:
            migration.created.append((ignore, line + b"\n"))


def show(migration: Migration) -> str:
    """The plan as a git-style diff: renames, changes and new files."""
    parts = []
    for source, path, content in migration.moves:
        parts.append(f"rename {source.display} -> {shown(path)}\n")
        parts.append(_diff(source.display, shown(path), source.source, content))
    for source, content in migration.rewrites:
        parts.append(unified_diff(source.display, source.source, content))
    for path, old, new in migration.appended:
        parts.append(unified_diff(shown(path), old, new))
    for path, content in migration.created:
        parts.append(f"new file {shown(path)}\n" + _diff("/dev/null", shown(path), b"", content))
    return "".join(parts)


def _diff(old_name: str, new_name: str, before: bytes, after: bytes) -> str:
    text = unified_diff(new_name, before, after)
    return text.replace(f"--- a/{new_name}", f"--- {old_name if old_name == '/dev/null' else 'a/' + old_name}", 1)


def apply(migration: Migration) -> None:
    """Write the plan; on any failure, undo what was written and raise."""
    undo: list[Callable[[], None]] = []
    try:
        for source, _, _ in migration.moves:
            _unchanged(source)
        for source, _ in migration.rewrites:
            _unchanged(source)
        for path, content in migration.created + [(path, content) for _, path, content in migration.moves]:
            _make_folders(path.parent, undo)
            with open(path, "xb") as handle:  # never over an existing file
                handle.write(content)
            undo.append(lambda path=path: path.unlink())
        zips: dict[Path, dict[str, bytes | None]] = {}
        for source, content in migration.rewrites:
            if source.member is not None:
                zips.setdefault(source.path, {})[source.member] = content
            else:
                _replace(source.path, content, undo)
        for path, old, new in migration.appended:
            _replace(path, new, undo, old)
        for source, _, _ in migration.moves:
            if source.member is not None:
                zips.setdefault(source.path, {})[source.member] = None
            else:
                # restored with its mode: write_atomically's temporary file is private (0600)
                original, mode = source.source, stat.S_IMODE(source.path.stat().st_mode)
                source.path.unlink()
                undo.append(lambda path=source.path, original=original, mode=mode: write_atomically(path, original, mode))
        for archive, members in zips.items():
            _rewrite_zip(archive, members, undo)
    except BaseException:
        for step in reversed(undo):
            with contextlib.suppress(OSError):
                step()
        raise
    for source, _, _ in migration.moves:
        if source.member is None:
            _remove_empty_folders(source.path.parent, source.root)


def _unchanged(source: ModuleSource) -> None:
    current = source.path.read_bytes() if source.member is None else zipfile.ZipFile(source.path).read(source.member)
    if current != source.source:
        raise RuntimeError(f"{source.display} changed since it was read; nothing written")


def _make_folders(folder: Path, undo: list) -> None:
    """`folder` and the missing folders above it, each removed again by `undo`."""
    for missing in reversed(list(takewhile(lambda f: not f.exists(), [folder, *folder.parents]))):
        missing.mkdir()
        undo.append(missing.rmdir)


def _replace(path: Path, content: bytes, undo: list, original: bytes | None = None) -> None:
    original = path.read_bytes() if original is None else original
    mode = path.stat().st_mode & 0o7777
    write_atomically(path, content, mode)
    undo.append(lambda: write_atomically(path, original, mode))


def _rewrite_zip(archive: Path, members: dict[str, bytes | None], undo: list) -> None:
    """The archive with `members` replaced (None: dropped), written beside it and swapped in."""
    original, mode = archive.read_bytes(), stat.S_IMODE(archive.stat().st_mode)
    rebuilt = archive.with_name(f".{archive.name}.migrating")
    undo.append(lambda: rebuilt.unlink(missing_ok=True))  # a write that failed half-way
    with zipfile.ZipFile(archive) as old, zipfile.ZipFile(rebuilt, "w") as new:
        # folder entries do not count: `ops/` holding only an emptied `ops/checks/` is emptied too
        files = [name for name in old.namelist() if not name.endswith("/")]
        kept = [name for name in files if members.get(name, b"") is not None]
        for info in old.infolist():
            content = members[info.filename] if info.filename in members else old.read(info.filename)
            emptied = info.is_dir() and _holds(files, info.filename) and not _holds(kept, info.filename)
            if content is not None and not emptied:
                new.writestr(info, content)
    os.chmod(rebuilt, mode)
    os.replace(rebuilt, archive)
    undo.append(lambda: write_atomically(archive, original, mode))


def _holds(names: list[str], folder: str) -> bool:
    return any(name.startswith(folder) for name in names)


def _remove_empty_folders(folder: Path, root: Path) -> None:
    """Folders the move emptied (but for Python's caches), below the plugins root."""
    while folder != root and folder.is_dir() and all(child.name == "__pycache__" for child in folder.iterdir()):
        for cache in folder.iterdir():
            for item in cache.iterdir():
                item.unlink()
            cache.rmdir()
        folder.rmdir()
        folder = folder.parent
