"""The tables in rules/, loaded once, typed, target-version aware.

The tables are generated (see scripts/) and shipped inside the wheel as
`airflow_upgrade_lint/rules`; from a source checkout they are read from the repository's `rules/`.
"""

from __future__ import annotations

import enum
import functools
import hashlib
import sys
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import Mapping

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from packaging.version import Version


def rules_dir() -> Path:
    packaged = Path(__file__).with_name("rules")
    return packaged if packaged.is_dir() else Path(__file__).resolve().parent.parent / "rules"


@dataclass(frozen=True)
class ImportMove:
    """Where a 1.10 import path leads at one target version."""

    old: str
    path: str  # the canonical 2.x path, "" when the target has none
    distribution: str  # the PyPI distribution that provides `path`
    old_importable: bool  # whether `old` still imports at the target (through a shim)
    safe: bool  # `path` names the very object `old` named
    note: str = ""

    @property
    def module(self) -> str:
        return self.path.rpartition(".")[0]

    @property
    def name(self) -> str:
        return self.path.rpartition(".")[2]


@dataclass(frozen=True)
class Scope:
    """The classes a change applies to: listed ones, and any inside the listed packages."""

    classes: frozenset[str] = frozenset()  # canonical 2.x class paths
    within: tuple[str, ...] = ()  # package prefixes

    def covers(self, path: str) -> bool:
        return path in self.classes or any(path.startswith(f"{package}.") for package in self.within)


class Standing(enum.Enum):
    """How an argument change stands at a target."""

    GONE = "gone"  # the old form fails: removed, or renamed with no fallback
    DEPRECATED = "deprecated"  # the old form still works, with a warning; the new one exists


@dataclass(frozen=True)
class ArgumentChange:
    """An argument a 1.10 operator (or DAG) took that Airflow 2 removed or renamed (rules/arguments.toml).

    It applies to the classes its scope lists, and to classes inside the scope's packages whose
    generated signature at the target shows it (the old name refused, or the new one taken).
    Where no signature tells (hooks, `default_args` keys), `since` and `deprecated` do.
    """

    name: str
    change: str  # "remove" | "rename" | "report"
    why: str
    scope: Scope
    new_name: str = ""
    in_default_args: bool = False
    safe: bool = True  # whether the fix keeps what the DAG does
    safe_in_default_args: bool = True  # the same for the key in default_args, which reaches every task
    since: str = ""  # the first Airflow version with the new form
    deprecated: bool = False  # the old form still works from `since` on

    def standing(self, path: str, target: str, signature: Signature | None) -> Standing | None:
        """The change at the target for the class at `path`, or None where it does not apply."""
        if not self.scope.covers(path):
            return None
        if signature is not None and not signature.open:
            if self.change == "rename":
                if signature.rejects(self.new_name):
                    return None  # the target has no new form to move to
                return Standing.GONE if signature.rejects(self.name) else Standing.DEPRECATED
            if path in self.scope.classes or signature.rejects(self.name):
                return Standing.GONE
            return None
        return self.fallback_standing(target) if path in self.scope.classes else None

    def fallback_standing(self, target: str) -> Standing | None:
        """The change at the target from the curated facts alone."""
        if self.since and Version(target) < Version(self.since):
            return None
        return Standing.DEPRECATED if self.deprecated else Standing.GONE


@dataclass(frozen=True)
class ValueChange:
    """An argument value that Airflow 2 renamed (rules/arguments.toml `[[value]]`), and its enum member."""

    argument: str
    old: str
    new: str
    since: str  # the first Airflow version with the new value; the old one warns from there
    why: str
    scope: Scope
    in_default_args: bool = False
    enum: str = ""  # the class whose upper-cased members name the values, if any

    def applies_at(self, target: str) -> bool:
        return Version(target) >= Version(self.since)


@dataclass(frozen=True)
class Signature:
    """The keywords a class's constructor accepts at one target (rules/signatures.toml)."""

    params: frozenset[str]
    open: bool  # its **kwargs go somewhere the generator could not follow: anything may be accepted

    def rejects(self, keyword: str) -> bool:
        return not self.open and keyword not in self.params


@dataclass(frozen=True)
class ChangedDefault:
    """An argument whose default changed from 1.10 to Airflow 2 for one class (rules/changed-defaults.toml)."""

    argument: str  # the Airflow 2 argument that restores the 1.10 behaviour
    was: object  # the value that does
    set_by: frozenset[str]  # keywords with which a call already chose the behaviour
    change: str  # what the class does now that it did not do in 1.10


@dataclass(frozen=True)
class RemovedContextVariable:
    """A 1.10 template-context variable that a target's context lacks (rules/context.toml)."""

    name: str
    replacement: str  # the Jinja expression for what 1.10 put there: a key (`ds`) or a path (`params.tables`)
    safe: bool  # the replacement renders what 1.10 rendered in every case


@dataclass(frozen=True, eq=False)  # hashed by identity, so methods can be memoised
class Knowledge:
    targets: tuple[str, ...]  # ascending
    digest: str  # identifies the tables' content, for caches
    _moves: Mapping[str, Mapping[str, ImportMove]]  # target -> old path -> move
    _live_modules: Mapping[str, frozenset[str]]  # target -> moved 1.10 modules still real there
    _reexports: Mapping[str, Mapping[str, str]]  # target -> re-exporting path -> defining path
    argument_changes: tuple[ArgumentChange, ...] = ()
    value_changes: tuple[ValueChange, ...] = ()
    directory: Path | None = None  # where the tables are, for the ones loaded on first use

    @property
    def default_target(self) -> str:
        return self.targets[-1]

    def moves(self, target: str) -> Mapping[str, ImportMove]:
        return self._moves[target]

    @functools.lru_cache(maxsize=None)
    def moved_modules(self, target: str) -> frozenset[str]:
        """Modules that 1.10 code imported names from and that moved (wholly or partly)."""
        return frozenset(old.rpartition(".")[0] for old in self._moves[target])

    def signature(self, path: str, target: str) -> Signature | None:
        """What the class at `path` accepts at the target; None when the table does not know it."""
        return _signatures(self.directory).get(target, {}).get(path) if self.directory else None

    def changed_default(self, path: str, argument: str) -> ChangedDefault | None:
        """How the default of `argument` changed for the class at `path`; None when it did not."""
        return _changed_defaults(self.directory).get((path, argument)) if self.directory else None

    def removed_context_variables(self, target: str) -> Mapping[str, RemovedContextVariable]:
        """The 1.10 template-context variables the target lacks, by name."""
        return context_table(self.directory).get(target, {}) if self.directory else {}

    def canonical(self, path: str, target: str) -> str:
        """The 2.x path a (possibly 1.10) dotted path names at the target."""
        move = self._moves[target].get(path)
        return move.path if move is not None and move.path else path

    def defining_path(self, path: str, target: str) -> str:
        """Where the object a 2.x path names is defined at the target (`airflow.DAG` ->
        `airflow.models.dag.DAG`), for tables keyed by definitions; `path` itself when the table
        knows no re-export of it. Never an import fix: `from airflow import DAG` is right as it is."""
        return self._reexports[target].get(path, path)

    @functools.lru_cache(maxsize=None)
    def retired_modules(self, target: str) -> frozenset[str]:
        """Moved modules that are not a real, non-deprecated module at the target, so that any
        name the table does not know fails to import from them (`airflow.contrib.hooks.aws_hook`),
        unlike `airflow` or `airflow.utils.helpers`, which only lost some names."""
        return frozenset(self.moved_modules(target) - self._live_modules[target])


def parse_import_moves(text: str):
    """(targets, target -> old -> move, target -> live 1.10 modules, target -> re-export ->
    defining path) from imports.toml."""
    data = tomllib.loads(text)
    targets = tuple(sorted(data["meta"]["targets"], key=Version))
    moves: dict[str, dict[str, ImportMove]] = {target: {} for target in targets}
    live: dict[str, set[str]] = {target: set() for target in targets}
    for module in data.get("module", []):
        for version in module["live"]:
            live[version].add(module["name"])
    for entry in data.get("move", []):
        old = entry["old"]
        for row in entry["to"]:
            if row["path"] == old:  # still the canonical path at these targets: nothing moved
                continue
            for version in row["versions"]:
                moves[version][old] = ImportMove(
                    old=old,
                    path=row["path"],
                    distribution=row.get("distribution", ""),
                    old_importable=row["old_importable"],
                    safe=row["safe"],
                    note=row.get("note", ""),
                )
    reexports: dict[str, dict[str, str]] = {target: {} for target in targets}
    for row in data.get("reexport", []):
        for version in row["versions"]:
            reexports[version][row["name"]] = row["path"]
    return targets, moves, live, reexports


def _raw(directory: Path, name: str) -> bytes:
    """A table's bytes; empty when the file is absent (tests run with a partial set)."""
    path = directory / name
    return path.read_bytes() if path.exists() else b""


def _optional_table(directory: Path, name: str) -> dict:
    return tomllib.loads(_raw(directory, name).decode("utf-8"))


@functools.lru_cache(maxsize=None)
def _signatures(directory: Path) -> dict[str, dict[str, Signature]]:
    """target -> class path -> signature; {} when the table is absent."""
    result: dict[str, dict[str, Signature]] = {}
    for entry in _optional_table(directory, "signatures.toml").get("class", []):
        for row in entry["accepts"]:
            signature = Signature(frozenset(row["params"]), row["open"])
            for version in row["versions"]:
                result.setdefault(version, {})[entry["path"]] = signature
    return result


@functools.lru_cache(maxsize=None)
def _changed_defaults(directory: Path) -> dict[tuple[str, str], ChangedDefault]:
    """(class path, argument) -> change; {} when the table is absent."""
    return {
        (entry["class"], entry["argument"]): ChangedDefault(entry["argument"], entry["was"], frozenset(entry["set_by"]), entry["change"])
        for entry in _optional_table(directory, "changed-defaults.toml").get("default", [])
    }


@functools.lru_cache(maxsize=None)
def context_table(directory: Path) -> dict[str, dict[str, RemovedContextVariable]]:
    """target -> name -> removed template-context variable; {} when the table is absent."""
    result: dict[str, dict[str, RemovedContextVariable]] = {}
    for entry in _optional_table(directory, "context.toml").get("removed", []):
        variable = RemovedContextVariable(entry["name"], entry["replacement"], entry["safe"])
        for version in entry["versions"]:
            result.setdefault(version, {})[entry["name"]] = variable
    return result


def _scope(entry: dict) -> Scope:
    return Scope(frozenset(entry.get("classes", ())), tuple(entry.get("within", ())))


def parse_argument_changes(text: str) -> tuple[tuple[ArgumentChange, ...], tuple[ValueChange, ...]]:
    """The `[[argument]]` and `[[value]]` rows of arguments.toml."""
    data = tomllib.loads(text)
    arguments = tuple(
        ArgumentChange(
            name=name,
            change=entry["change"],
            why=entry["why"],
            scope=_scope(entry),
            new_name=entry.get("new_name", ""),
            in_default_args=entry.get("in_default_args", False),
            safe=entry.get("safe", True),
            safe_in_default_args=entry.get("safe_in_default_args", entry.get("safe", True)),
            since=entry.get("since", ""),
            deprecated=entry.get("deprecated", False),
        )
        for entry in data.get("argument", [])
        for name in entry.get("names") or [entry["name"]]
    )
    values = tuple(
        ValueChange(
            argument=entry["argument"],
            old=entry["old"],
            new=entry["new"],
            since=entry["since"],
            why=entry["why"],
            scope=_scope(entry),
            in_default_args=entry.get("in_default_args", False),
            enum=entry.get("enum", ""),
        )
        for entry in data.get("value", [])
    )
    return arguments, values


@functools.lru_cache(maxsize=None)
def load(directory: Path | None = None) -> Knowledge:
    directory = directory or rules_dir()
    raw = (directory / "imports.toml").read_bytes()
    raw_arguments = _raw(directory, "arguments.toml")
    # the other tables are parsed on first use; their bytes count for the cache digest
    lazy = [_raw(directory, name) for name in ("signatures.toml", "context.toml", "changed-defaults.toml", "config.toml", "requirements.toml")]
    targets, moves, live, reexports = parse_import_moves(raw.decode("utf-8"))
    arguments, values = parse_argument_changes(raw_arguments.decode("utf-8"))
    return Knowledge(
        targets=targets,
        digest=hashlib.sha256(b"\0".join((raw, raw_arguments, *lazy))).hexdigest()[:16],
        _moves=MappingProxyType({t: MappingProxyType(m) for t, m in moves.items()}),
        _live_modules=MappingProxyType({t: frozenset(modules) for t, modules in live.items()}),
        _reexports=MappingProxyType({t: MappingProxyType(r) for t, r in reexports.items()}),
        argument_changes=arguments,
        value_changes=values,
        directory=directory,
    )
