"""What the project pass knows about the run's requirements files: which file includes which
(`-r`), so that only a root file gets a constraints line and the providers it lacks, what the
included files already require or constrain, and every `airflow...` path the project's code
imports (provider_imports.py), for the providers it needs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from .requirement_facts import BACKPORT_PREFIX, PROVIDER_PREFIX
from .requirements_reader import is_url, parse


@dataclass(frozen=True)
class IncludedFacts:
    """What a requirements file gets from the files it includes with `-r`, and whether it is a
    root: a file that no other requirements file of the run includes, so MWAA may install it."""

    root: bool = True
    names: tuple[str, ...] = ()  # canonical distributions they require, backports as their providers
    constrained: bool = False  # one of them has a `-c` line


@dataclass(frozen=True)
class RequirementsProject:
    """The requirements files of the run and what the project's Python code imports."""

    files: tuple[tuple[str, IncludedFacts], ...] = ()  # resolved path, sorted
    imports: tuple[str, ...] | None = None  # airflow dotted paths; None when no Python file was read

    def included(self, path: str) -> IncludedFacts:
        resolved = str(Path(path).resolve())
        return next((facts for name, facts in self.files if name == resolved), IncludedFacts())


@dataclass(frozen=True)
class _FileFacts:
    names: frozenset[str]
    constrained: bool
    includes: tuple[Path, ...]


def gather(paths: Iterable[Path], imports: tuple[str, ...] | None) -> RequirementsProject:
    """The facts of the run's requirements files (`paths`, absolute), reading their includes too,
    with the `airflow` paths the project's code imports (None: no code was read)."""
    read: dict[Path, _FileFacts | None] = {}

    def facts(path: Path) -> _FileFacts | None:
        if path not in read:
            read[path] = None  # also guards against include cycles
            read[path] = _file_facts(path)
        return read[path]

    def closure(path: Path) -> set[Path]:
        found, pending = set(), list(facts(path).includes if facts(path) else ())
        while pending:
            include = pending.pop()
            if include not in found:
                found.add(include)
                pending += facts(include).includes if facts(include) else ()
        return found

    closures = {path: closure(path) for path in sorted({path.resolve() for path in paths})}
    included = set().union(*closures.values())
    files = []
    for path, includes in closures.items():
        known = [facts(include) for include in includes - {path} if facts(include)]
        names = sorted(set().union(*(f.names for f in known)))
        files.append((str(path), IncludedFacts(path not in included, tuple(names), any(f.constrained for f in known))))
    return RequirementsProject(tuple(files), imports)


def _file_facts(path: Path) -> _FileFacts | None:
    try:
        parsed = parse(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError):  # reported when the file itself is checked, if it is
        return None
    includes = [
        (path.parent / option.value).resolve()
        for entry in parsed.entries
        for option in entry.option_values("--requirement")
        if option.value and not is_url(option.value)
    ]
    names = frozenset(installed_name(entry.requirement) for entry in parsed.requirements)
    return _FileFacts(names, any(entry.option_values("--constraint") for entry in parsed.entries), tuple(includes))


def installed_name(requirement: Requirement) -> str:
    """The distribution a requirement stands for once fixed: a backport is its provider."""
    name = canonicalize_name(requirement.name)
    return PROVIDER_PREFIX + name[len(BACKPORT_PREFIX) :] if name.startswith(BACKPORT_PREFIX) else name
