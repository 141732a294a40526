"""The Python modules of a plugins folder or an MWAA plugins.zip, read in place.

Both are roots of the import path: Airflow 2 puts the plugins folder on `sys.path`, and MWAA
unpacks plugins.zip into it, so `plugins/ops/healthcheck.py` and `ops/healthcheck.py` in the zip
are both the module `ops.healthcheck`. A zip is never extracted: its members are read from it.
"""

from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from .tool_errors import UNREADABLE_FILE
from .diagnostics import Diagnostic
from .workspace import Globs, shown, unreadable, walk


@dataclass(frozen=True)
class ModuleSource:
    module: str  # the dotted name it is imported by: `ops.healthcheck`; a package's __init__ is `ops`
    display: str  # plugins/ops/healthcheck.py, or plugins.zip/ops/healthcheck.py
    path: Path  # the file, or the zip that holds it
    member: str | None  # the name inside the zip
    source: bytes

    @property
    def is_package(self) -> bool:
        return PurePosixPath(self.member or self.path.name).name == "__init__.py"

    @property
    def root(self) -> Path:
        """The plugins folder (or zip) the module is imported from."""
        if self.member is not None:
            return self.path
        return self.path.parents[self.module.count(".") + (1 if self.is_package else 0)]


def module_name(relative: PurePosixPath) -> str | None:
    """`ops/healthcheck.py` -> `ops.healthcheck`, `ops/__init__.py` -> `ops`; None when a part of
    the path is no Python identifier (Python could never import it)."""
    parts = list(relative.with_suffix("").parts)
    if parts and parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts) if parts and all(part.isidentifier() for part in parts) else None


def read(root: Path, excluded: Globs) -> tuple[list[ModuleSource], list[Diagnostic]]:
    """The modules under a plugins folder or in a zip, sorted, and what could not be read."""
    if root.is_dir():
        return _read_folder(root, excluded)
    if zipfile.is_zipfile(root):
        return _read_zip(root)
    return [], [_not_a_zip(root)]


def _read_folder(root: Path, excluded: Globs) -> tuple[list[ModuleSource], list[Diagnostic]]:
    modules, problems, errors = [], [], []
    for path, kind in walk(root, excluded, errors):
        name = module_name(PurePosixPath(path.relative_to(root).as_posix())) if kind == "python" else None
        if name is None:
            continue
        try:
            modules.append(ModuleSource(name, shown(path), path, None, path.read_bytes()))
        except OSError as error:
            problems.append(unreadable(shown(path), error))
    problems += [unreadable(shown(Path(error.filename)), error) for error in errors]
    return sorted(modules, key=lambda m: m.display), problems


def _read_zip(archive: Path) -> tuple[list[ModuleSource], list[Diagnostic]]:
    display = shown(archive)
    modules, problems = [], []
    try:
        with zipfile.ZipFile(archive) as opened:
            for member in sorted(opened.namelist()):
                name = module_name(PurePosixPath(member)) if member.endswith(".py") else None
                if name is None:
                    continue
                try:
                    source = opened.read(member)
                except (zipfile.BadZipFile, OSError, NotImplementedError, RuntimeError) as error:
                    problems.append(unreadable(f"{display}/{member}", error))
                    continue
                modules.append(ModuleSource(name, f"{display}/{member}", archive, member, source))
    except (zipfile.BadZipFile, OSError) as error:
        problems.append(unreadable(display, error))
    return modules, problems


def _not_a_zip(path: Path) -> Diagnostic:
    display = shown(path)
    return Diagnostic(display, 1, 1, UNREADABLE_FILE.code, f"Cannot read {display} as plugins: not a folder or a zip archive")
