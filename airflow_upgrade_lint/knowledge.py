"""The tables in rules/, loaded once, typed, target-version aware.

The tables are generated (see scripts/) and shipped inside the wheel as
`airflow_upgrade_lint/rules`; from a source checkout they are read from the repository's `rules/`.
"""

from __future__ import annotations

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
class ArgumentChange:
    """An operator argument that Airflow 2 removed or renamed (rules/arguments.toml)."""

    name: str
    change: str  # "remove" | "rename" | "report"
    classes: frozenset[str]  # canonical 2.x class paths
    in_default_args: bool
    why: str
    new_name: str = ""
    safe: bool = True  # whether the fix keeps what the DAG does
    deprecated: bool = False  # the old name still works, with a warning
    since: str = ""  # the first Airflow version with the new name; the change applies from there

    def applies_to(self, target: str) -> bool:
        return not self.since or Version(target) >= Version(self.since)


@dataclass(frozen=True)
class Signature:
    """The keywords a class's constructor accepts at one target (rules/signatures.toml)."""

    params: frozenset[str]
    open: bool  # its **kwargs go somewhere the generator could not follow: anything may be accepted

    def rejects(self, keyword: str) -> bool:
        return not self.open and keyword not in self.params


@dataclass(frozen=True, eq=False)  # hashed by identity, so methods can be memoised
class Knowledge:
    targets: tuple[str, ...]  # ascending
    digest: str  # identifies the tables' content, for caches
    _moves: Mapping[str, Mapping[str, ImportMove]]  # target -> old path -> move
    _live_modules: Mapping[str, frozenset[str]]  # target -> moved 1.10 modules still real there
    argument_changes: tuple[ArgumentChange, ...] = ()
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

    def canonical(self, path: str, target: str) -> str:
        """The 2.x path a (possibly 1.10) dotted path names at the target."""
        move = self._moves[target].get(path)
        return move.path if move is not None and move.path else path

    @functools.lru_cache(maxsize=None)
    def retired_modules(self, target: str) -> frozenset[str]:
        """Moved modules that are not a real, non-deprecated module at the target, so that any
        name the table does not know fails to import from them (`airflow.contrib.hooks.aws_hook`),
        unlike `airflow` or `airflow.utils.helpers`, which only lost some names."""
        return frozenset(self.moved_modules(target) - self._live_modules[target])


def parse_import_moves(text: str):
    """(targets, target -> old -> move, target -> live 1.10 modules) from imports.toml."""
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
    return targets, moves, live


@functools.lru_cache(maxsize=None)
def _signatures(directory: Path) -> dict[str, dict[str, Signature]]:
    """target -> class path -> signature; {} when the table is absent."""
    path = directory / "signatures.toml"
    if not path.exists():
        return {}
    result: dict[str, dict[str, Signature]] = {}
    for entry in tomllib.loads(path.read_text(encoding="utf-8")).get("class", []):
        for row in entry["accepts"]:
            signature = Signature(frozenset(row["params"]), row["open"])
            for version in row["versions"]:
                result.setdefault(version, {})[entry["path"]] = signature
    return result


def parse_argument_changes(text: str) -> tuple[ArgumentChange, ...]:
    return tuple(
        ArgumentChange(
            name=entry["name"],
            change=entry["change"],
            classes=frozenset(entry["classes"]),
            in_default_args=entry["in_default_args"],
            why=entry["why"],
            new_name=entry.get("new_name", ""),
            safe=entry.get("safe", True),
            deprecated=entry.get("deprecated", False),
            since=entry.get("since", ""),
        )
        for entry in tomllib.loads(text).get("argument", [])
    )


@functools.lru_cache(maxsize=None)
def load(directory: Path | None = None) -> Knowledge:
    directory = directory or rules_dir()
    raw = (directory / "imports.toml").read_bytes()
    arguments = directory / "arguments.toml"
    raw_arguments = arguments.read_bytes() if arguments.exists() else b""
    signatures = directory / "signatures.toml"
    raw_signatures = signatures.read_bytes() if signatures.exists() else b""  # parsed on first use
    targets, moves, live = parse_import_moves(raw.decode("utf-8"))
    return Knowledge(
        targets=targets,
        digest=hashlib.sha256(b"\0".join((raw, raw_arguments, raw_signatures))).hexdigest()[:16],
        _moves=MappingProxyType({t: MappingProxyType(m) for t, m in moves.items()}),
        _live_modules=MappingProxyType({t: frozenset(modules) for t, modules in live.items()}),
        argument_changes=parse_argument_changes(raw_arguments.decode("utf-8")),
        directory=directory,
    )
