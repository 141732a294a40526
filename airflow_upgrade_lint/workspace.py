"""Which files a run checks: the named paths expanded into classified files, excludes honoured."""

from __future__ import annotations

import contextlib
import os
import tempfile
from dataclasses import dataclass
from fnmatch import fnmatchcase
from itertools import takewhile
from pathlib import Path
from typing import Iterable, Iterator

from .tool_errors import UNREADABLE_FILE
from .diagnostics import Diagnostic
from .settings import CACHE_DIR_NAME, Settings

# Skipped while walking folders, before the config's `exclude`.
DEFAULT_EXCLUDE = (
    ".git", ".hg", ".venv", "venv", ".tox", ".nox", ".eggs", "*.egg-info",
    "__pycache__", "node_modules", "build", "dist", CACHE_DIR_NAME,
)  # fmt: skip

# File name glob -> kind; the first match wins and other files are not checked. A family of
# non-Python files (requirements*.txt, airflow.cfg, ...) adds a row here and a checker in runner.
# "template": files Airflow renders when a templated field names them, by the operators'
# `template_ext` in the apache-airflow 2.10.3 wheel: BashOperator (.sh .bash: kind "shell", which
# is also read for Airflow configuration) and GenericTransfer (.sql .hql). Left out:
# EmailOperator's .html (plugins' Flask views render .html templates with a context of their own,
# where `end_date` is no Airflow variable) and PythonVirtualenvOperator's .txt (a requirements
# file; it would claim every .txt). Airflow matches case-sensitively, as here.
KINDS = (
    ("*.py", "python"),
    ("*.sql", "template"),
    ("*.hql", "template"),
    ("airflow*.cfg", "airflow_cfg"),  # airflow.cfg and its variants (airflow-prod.cfg): airflow_cfg.py
    ("*.sh", "shell"),  # a template (as above) that may set Airflow configuration as well
    ("*.bash", "shell"),
    (".env", "env"),
    ("*.env", "env"),
    (".env.*", "env"),
    ("*.yml", "yaml"),
    ("*.yaml", "yaml"),
    ("*.json", "json"),
    ("*.tf", "terraform"),
    ("*.tfvars", "terraform"),
    ("requirements*.txt", "requirements"),
)


def kind_of(name: str) -> str | None:
    return next((kind for glob, kind in KINDS if fnmatchcase(name, glob)), None)


def shown(path: Path) -> str:
    """How a path is printed: relative to the cwd when below it, else absolute."""
    relative = os.path.relpath(path)
    return str(path) if relative.startswith("..") else relative


class Globs:
    """gitignore-style globs relative to `base`.

    A glob without "/" matches a file or folder name at any depth (`build`, `*_test.py`); one
    with "/" matches the path from `base` (`dags/legacy/*.py`), where `**` spans folders.
    """

    def __init__(self, globs: Iterable[str], base: Path) -> None:
        self.base = base
        self.names: list[str] = []
        self.anchored: list[tuple[str, ...]] = []
        for glob in globs:
            glob = glob.rstrip("/")
            if "/" in glob:
                self.anchored.append(Path(os.path.normpath(base / glob)).parts)
            else:
                self.names.append(glob)

    def matches(self, path: Path) -> bool:
        """`path` (absolute) itself matches."""
        return any(fnmatchcase(path.name, glob) for glob in self.names) or any(
            _segments_match(glob, path.parts) for glob in self.anchored
        )

    def covers(self, path: Path) -> bool:
        """`path` or a folder above it, up to `base` (excluded), matches."""
        folders = takewhile(lambda folder: folder != self.base and folder.is_relative_to(self.base), path.parents)
        return self.matches(path) or any(self.matches(folder) for folder in folders)


def _segments_match(glob: tuple[str, ...], parts: tuple[str, ...]) -> bool:
    if not glob:
        return not parts
    if glob[0] == "**":
        return any(_segments_match(glob[1:], parts[i:]) for i in range(len(parts) + 1))
    return bool(parts) and fnmatchcase(parts[0], glob[0]) and _segments_match(glob[1:], parts[1:])


@dataclass(frozen=True)
class SourceFile:
    path: Path  # absolute
    display: str  # the path diagnostics show
    kind: str
    ignore: tuple[str, ...] = ()  # codes that per-file-ignores turn off for this file


@dataclass
class Workspace:
    files: list[SourceFile]  # sorted by display path
    unreadable: list[Diagnostic]  # folders that could not be listed


class MissingPathsError(Exception):
    def __init__(self, paths: list[Path]) -> None:
        super().__init__(", ".join(map(str, paths)))
        self.paths = paths


def unreadable(display: str, error: Exception) -> Diagnostic:
    reason = getattr(error, "strerror", None) or str(error)
    return Diagnostic(display, 1, 1, UNREADABLE_FILE.code, f"Cannot read {display}: {reason}")


def write_atomically(path: Path, data: bytes, mode: int | None = None) -> None:
    """Replace the file at `path`: readers see the old content or the new one, never a part."""
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(descriptor, "wb") as handle:
            handle.write(data)
        if mode is not None:
            os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def excluded(settings: Settings) -> Globs:
    """The default and configured excludes, relative to the config's folder."""
    return Globs(DEFAULT_EXCLUDE + settings.exclude, settings.project_root)


def collect(settings: Settings) -> Workspace:
    """The files to check under `settings.paths`; raises MissingPathsError naming absent paths.

    Folders are walked with the default and configured excludes applied to what is found in
    them; a path named on the command line is checked even if excluded, unless force_exclude.
    """
    skipped = excluded(settings)
    per_file_ignores = [(Globs([glob], settings.project_root), codes) for glob, codes in settings.per_file_ignores]
    named = [Path(os.path.abspath(path)) for path in settings.paths]  # abspath: keep symlinks as named
    missing = [given for given, path in zip(settings.paths, named) if not os.path.lexists(path)]
    if missing:
        raise MissingPathsError(missing)

    found: dict[Path, str] = {}
    walk_errors: list[OSError] = []
    for path in named:
        if settings.force_exclude and skipped.covers(path):
            continue
        if path.is_dir():
            found.update((file, kind) for file, kind in walk(path, skipped, walk_errors))
        elif kind := kind_of(path.name):
            found[path] = kind

    files = [
        SourceFile(
            path=path,
            display=shown(path),
            kind=kind,
            ignore=tuple(code for globs, codes in per_file_ignores if globs.covers(path) for code in codes),
        )
        for path, kind in found.items()
    ]
    files.sort(key=lambda file: file.display)
    return Workspace(files, [unreadable(shown(Path(error.filename)), error) for error in walk_errors])


def walk(top: Path, excluded: Globs, errors: list[OSError]) -> Iterator[tuple[Path, str]]:
    """The checkable files under `top` with their kinds; folders that cannot be listed go to `errors`."""
    for folder, subfolders, names in os.walk(top, onerror=errors.append):
        base = Path(folder)
        subfolders[:] = [name for name in subfolders if not excluded.matches(base / name)]
        for name in names:
            kind = kind_of(name)
            if kind and not excluded.matches(base / name):
                yield base / name, kind
