#!/usr/bin/env python
"""Generate rules/imports.toml: where each Airflow 1.10 import path lives on every MWAA 2.x target.

Facts come from the upstream wheels, read as zip files and parsed with `ast` (never imported):
  * shim modules, deprecated classes and deprecated functions in apache-airflow and provider wheels,
  * the `__deprecated_classes` tables of apache-airflow 2.4+,
  * the lazy-import tables of apache-airflow 1.10.15 (`from airflow.operators import BashOperator`),
  * rules/imports-extra.toml, for the few facts that no wheel encodes.
Each fact is an edge `old path -> new path`. For each target (apache-airflow==T plus the providers
that MWAA's constraints pin for T) a 1.10 path is followed along the edges until it reaches a name
that exists, not deprecated, in the wheel that owns it at T. Every emitted path is checked again
against that wheel, and the script fails if one is missing. A successor reached through a deprecated
subclass replaces that class, where it still works at T, only if the successor's constructor takes
every keyword the subclass's `__init__` declares (read from both wheels, down to BaseOperator).
Three more kinds of output:
  * names a 1.10 module defines that no shim or table names (constants, status classes, helpers)
    get an unsafe entry where the module its classes moved to defines the same name alike,
  * a [[module]] table per 1.10 module of an entry: the targets where it is still a real module,
  * [[reexport]] rows: where the object that a re-exporting path names is defined at each target
    (airflow.DAG -> airflow.models.dag.DAG), for the linter's lookups by definition; not an import
    fix (`from airflow import DAG` is right as it is). See find_reexports for which paths.

Usage: python scripts/build_import_rules.py [--check] [--refresh] [--mwaa-data DIR] [--cache-dir DIR]
"""

from __future__ import annotations

import argparse
import enum
import json
import re
import subprocess
import sys
import time
import tomllib
from collections import Counter
from dataclasses import dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any

from packaging.utils import canonicalize_name
from packaging.version import Version

from module_facts import ClassFact, InitFact, ModuleFacts
from wheel_store import DEFAULT_CACHE, Wheel, WheelStore

REPO = Path(__file__).resolve().parents[1]
OUTPUT = REPO / "rules" / "imports.toml"
EXTRA = REPO / "rules" / "imports-extra.toml"
DEFAULT_MWAA_DATA = REPO.parent / "shared" / "data" / "mwaa"

CORE = "apache-airflow"
LEGACY = Version("1.10.15")  # the last 1.10 release: what a 1.10 DAG can import
PROVIDER_PREFIX = "apache-airflow-providers-"
MAX_CHAIN = 10  # the longest chain found is 5 hops (airflow.operators.S3PrefixSensor -> ... -> S3KeySensor)
MAX_HOPS = 10  # re-exports followed to a definition, and base classes to read what a constructor takes
# what every operator's constructor takes; airflow.models and the providers' compat modules re-export
# it lazily, so any base class named BaseOperator is read from here
BASE_OPERATOR = "airflow.models.baseoperator.BaseOperator"
DOTTED_PATH = re.compile(r"^[A-Za-z_]\w*(\.[A-Za-z_]\w*)+$")


# --- targets -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Target:
    version: Version
    pins: dict[str, Version]  # provider distribution -> version pinned by MWAA's constraints

    def __str__(self) -> str:
        return str(self.version)

    def version_of(self, dist: str) -> Version | None:
        """The version of `dist` installed at this target; None when the target does not have it."""
        return self.version if dist == CORE else self.pins.get(dist)


def mwaa_index(mwaa_data: Path) -> dict:
    """shared/data/mwaa/versions.toml: per MWAA version, its Python, constraints and providers."""
    return tomllib.loads((mwaa_data / "versions.toml").read_text())


def generator_arguments(description: str, output: Path) -> argparse.ArgumentParser:
    """The options every generator of rules/ takes; a generator may add its own."""
    parser = argparse.ArgumentParser(description=description.splitlines()[0])
    parser.add_argument("--check", action="store_true", help=f"exit 1 if rules/{output.name} is not up to date")
    parser.add_argument("--mwaa-data", type=Path, default=DEFAULT_MWAA_DATA, help="folder with versions.toml")
    parser.add_argument("--cache-dir", type=Path, default=DEFAULT_CACHE, help="where downloaded wheels are kept")
    return parser


def load_targets(mwaa_data: Path) -> list[Target]:
    """Every MWAA 2.x version in versions.toml, with its provider pins."""
    index = mwaa_index(mwaa_data)
    targets = [
        Target(Version(version), read_provider_pins(mwaa_data / entry["constraints_file"]))
        for version, entry in index["versions"].items()
        if Version(version).major == 2
    ]
    return sorted(targets, key=lambda target: target.version)


def read_provider_pins(constraints: Path) -> dict[str, Version]:
    pins = {}
    for line in constraints.read_text().splitlines():
        name, pinned, version = line.split("#")[0].split(";")[0].partition("==")
        if pinned and canonicalize_name(name).startswith(PROVIDER_PREFIX):
            pins[canonicalize_name(name)] = Version(version.strip())
    return pins


# --- hand-curated facts --------------------------------------------------------------------------


@dataclass(frozen=True)
class ExtraFact:
    old: str
    new: str | None  # None: removed, nothing replaces it
    safe: bool
    note: str  # what to do instead; shown when no safe path exists
    source: str


def extra_evidence(old: str) -> str:
    return f"{EXTRA.relative_to(REPO)}:{old}"


def load_extra_facts(path: Path) -> dict[str, ExtraFact]:
    facts = {}
    for entry in tomllib.loads(path.read_text())["fact"]:
        fact = ExtraFact(entry["old"], entry.get("new"), entry.get("safe", False), entry.get("note", ""), entry["source"])
        if fact.new is None and not fact.note:
            raise SystemExit(f"{path}: {fact.old} needs `new` or a `note`")
        facts[fact.old] = fact
    return facts


# --- the graph of moves --------------------------------------------------------------------------


class Kind(enum.Enum):
    ALIAS = "alias"  # the same object: re-export, table entry, lazy import, empty subclass, delegate
    SUBCLASS = "deprecated subclass"  # a deprecated class whose base is its successor
    SUCCESSOR = "named successor"  # what the deprecation warning tells users to import instead
    FACT = "hand-curated fact"
    SAME_NAME = "same name"  # a name left behind, found again where its module's classes went


@dataclass(frozen=True)
class Edge:
    src: str
    dst: str
    kind: Kind
    safe: bool  # dst is the very object src names (or behaves exactly like it)
    evidence: str  # "dist==version:file", or the extra-facts file
    wheel: tuple[str, Version] | None  # the wheel it came from; None for hand-curated facts


# unsafe edges, from the one that says most about the object to the one that says least
DOUBT = (Kind.SUBCLASS, Kind.FACT, Kind.SUCCESSOR, Kind.SAME_NAME)


def caveat(old: str, new: str, chain: tuple[Edge, ...], gap: KeywordGap | None = None) -> str:
    """One clause: why following `chain` from `old` to `new` is not safe (its least certain edge),
    naming the keywords to change where `gap` says which the deprecated subclasses had and `new` lacks."""
    edge = max((edge for edge in chain if not edge.safe), key=lambda edge: DOUBT.index(edge.kind))
    old_name, new_name = _label(old, new), _label(new, old)
    if edge.kind is Kind.SUBCLASS and gap:
        return f"{old_name} was a subclass of {new_name}, which {gap_clause(gap)}"
    if edge.kind is Kind.SUBCLASS:  # a subclass of a subclass is a subclass too
        return f"{old_name} was a subclass of {new_name}; check its arguments"
    if edge.kind is Kind.FACT:
        return f"{old_name} became {new_name}; check its arguments"
    if edge.kind is Kind.SUCCESSOR:
        return f"{edge.wheel[0]} names it as the replacement; check its use"
    return "same name in the module its classes moved to; check it"


def _label(path: str, other: str) -> str:
    """The class name, or the whole path when both sides have the same name."""
    name = path.rpartition(".")[2]
    return path if name == other.rpartition(".")[2] else name


@dataclass(frozen=True)
class Keywords:
    names: frozenset[str]
    complete: bool  # False: a base class could not be read, so the constructor may take more


class State(enum.Enum):
    MISSING = "missing"
    LEGACY = "exists only in a deprecated shim module"
    DEPRECATED = "exists, but the name itself is deprecated"
    CANONICAL = "canonical"


def split_path(path: str) -> tuple[str, str]:
    module, _, name = path.rpartition(".")
    return module, name


def edges_in_wheel(wheel: Wheel, module: str, name: str) -> list[Edge]:
    """What one wheel says about where `module.name` went."""
    src = f"{module}.{name}"

    def edge(dst: str, kind: Kind, file_module: str, safe: bool | None = None) -> Edge:
        safe = kind is Kind.ALIAS if safe is None else safe
        return Edge(src, dst, kind, safe, f"{wheel}:{wheel.module_file(file_module)}", (wheel.dist, wheel.version))

    parent, _, leaf = module.rpartition(".")
    parent_facts = wheel.facts(parent) if parent else None
    if parent_facts and leaf in parent_facts.virtual_modules:
        # add_deprecated_classes registers the virtual module first, so it shadows any file
        recommended = parent_facts.virtual_overrides.get(leaf, {}).get(name)
        if recommended:  # the warning names a successor other than the object imported
            return [edge(recommended, Kind.SUCCESSOR, parent)]
        dst = parent_facts.virtual_modules[leaf].get(name)
        return [edge(dst, Kind.ALIAS, parent)] if dst else []
    facts = wheel.facts(module)
    if facts is None:
        return []
    edges = []
    if name in facts.lazy_imports:
        edges.append(edge(f"{module}.{facts.lazy_imports[name]}.{name}", Kind.ALIAS, module))
    cls = facts.classes.get(name)
    # a successor is an importable class, not `object` or an unresolved expression
    single_base = cls.bases[0] if cls and len(cls.bases) == 1 and DOTTED_PATH.match(cls.bases[0]) else None
    if facts.deprecated:
        if name in facts.imports:
            if facts.imports[name].startswith("airflow."):  # not `typing.List` and the like
                edges.append(edge(facts.imports[name], Kind.ALIAS, module))
        elif facts.assigned.get(name):
            edges.append(edge(facts.assigned[name], Kind.ALIAS, module))
        elif single_base and (cls.deprecated or cls.empty_body):  # a shim class, not a real one
            edges.append(edge(single_base, Kind.SUBCLASS, module, safe=cls.empty_body))
        elif not facts.binds(name):
            edges += [edge(f"{star}.{name}", Kind.ALIAS, module) for star in facts.star_imports]
    elif single_base:
        base_name = split_path(single_base)[1]
        if cls.empty_body and base_name == name:  # 1.10 `class S3KeySensor(S3KeySensorImp): pass`
            edges.append(edge(single_base, Kind.ALIAS, module))
        elif cls.deprecated and re.search(rf"\b{re.escape(base_name)}\b", cls.deprecation_message):
            edges.append(edge(single_base, Kind.SUBCLASS, module, safe=cls.empty_body))
    function = facts.functions.get(name)
    if function and function.delegates_to:  # `return import_string("new.path")(*args, **kwargs)`
        edges.append(edge(function.delegates_to, Kind.ALIAS, module))
    return edges


class World:
    """Every wheel that matters, read on demand, and the questions asked of them."""

    def __init__(
        self,
        targets: list[Target],
        store: WheelStore,
        extra_facts: dict[str, ExtraFact],
        locked: dict[str, set[Version]],
    ):
        self.targets = targets
        self.store = store
        self.extra_facts = extra_facts
        self.locked = locked  # versions read by the previous run: bridges are reused, not re-resolved
        self.provider_dists = frozenset().union(*(target.pins for target in targets))
        self.malformed: set[tuple[str, str, str]] = set()  # (src, dst, evidence) found upstream

    # ownership and wheels

    def owner(self, module: str) -> str | None:
        """The distribution whose wheel holds `module`; None outside Airflow."""
        if module != "airflow" and not module.startswith("airflow."):
            return None
        if not module.startswith("airflow.providers."):
            return CORE
        parts = module.split(".")[2:]
        for end in range(len(parts), 0, -1):
            dist = PROVIDER_PREFIX + "-".join(parts[:end]).replace("_", "-")
            if dist in self.provider_dists:
                return dist
        return None

    def wheel(self, dist: str, version: Version) -> Wheel:
        wheel = self.store.exact(dist, version)
        if dist != CORE:
            check_provider_layout(wheel)
        return wheel

    def core(self, version: Version) -> Wheel:
        return self.wheel(CORE, version)

    @cache
    def versions_read(self, dist: str) -> tuple[Version, ...]:
        """Versions of `dist` whose deprecations are read: the pinned ones, plus bridges.

        A provider removes deprecated names only in a major release, so the newest release of each
        major between the oldest and newest pin holds every deprecation that links them
        (amazon 2.4.0 at MWAA 2.2.2 -> 4.1.0 `emr_add_steps` re-exports `emr` -> 6.0.0 at 2.4.3).
        """
        if dist == CORE:
            return (LEGACY, *(target.version for target in self.targets))
        pinned = sorted({target.pins[dist] for target in self.targets if dist in target.pins})
        bridges = set()
        for major in range(pinned[0].major, pinned[-1].major):
            locked = [version for version in self.locked.get(dist, ()) if version.major == major]
            if locked:
                bridges.add(max(locked))
            elif wheel := self.store.newest_matching(dist, f">={major},<{major + 1}"):
                bridges.add(wheel.version)
        return tuple(sorted({*pinned, *bridges}))

    # edges

    @cache
    def edges_from(self, node: str) -> tuple[Edge, ...]:
        module, name = split_path(node)
        dist = self.owner(module)
        edges = []
        for version in self.versions_read(dist) if dist else ():
            for edge in edges_in_wheel(self.wheel(dist, version), module, name):
                if DOTTED_PATH.match(edge.dst):
                    edges.append(edge)
                else:
                    self.malformed.add((edge.src, edge.dst, edge.evidence))
        fact = self.extra_facts.get(node)
        if fact and fact.new:
            edges.append(Edge(node, fact.new, Kind.FACT, fact.safe, extra_evidence(node), None))
        return tuple(edges)

    def ordered_edges(self, node: str, target: Target) -> list[Edge]:
        """One edge per destination: evidence from the target's own wheels first, then the newest."""

        def from_target(edge: Edge) -> bool:
            return edge.wheel is not None and target.version_of(edge.wheel[0]) == edge.wheel[1]

        edges = sorted(self.edges_from(node), key=lambda edge: edge.dst)
        edges.sort(key=lambda edge: edge.wheel[1] if edge.wheel else Version("0"), reverse=True)
        edges.sort(key=lambda edge: not from_target(edge))
        first_per_destination = {}
        for edge in edges:
            first_per_destination.setdefault(edge.dst, edge)
        return list(first_per_destination.values())

    # what exists at a target

    def facts_at(self, module: str, target: Target) -> ModuleFacts | None:
        """Facts of `module` in the wheel that provides it at `target`; None if there is no such file."""
        dist = self.owner(module)
        version = target.version_of(dist) if dist else None
        return self.wheel(dist, version).facts(module) if version else None

    def binds(self, module: str, name: str, target: Target, depth: int = 0) -> bool:
        """Whether `from module import name` finds a top-level binding at `target` (physical file)."""
        facts = self.facts_at(module, target)
        if facts is None:
            return False
        if facts.binds(name) or self.facts_at(f"{module}.{name}", target):
            return True  # `from package import submodule` works too
        return depth < 3 and any(
            self.star_exports(star, name, target) and self.binds(star, name, target, depth + 1)
            for star in facts.star_imports
        )

    def star_exports(self, module: str, name: str, target: Target) -> bool:
        facts = self.facts_at(module, target)
        if facts is None:
            return False
        return name in facts.all_names if facts.all_names is not None else not name.startswith("_")

    def state(self, node: str, target: Target) -> State:
        module, name = split_path(node)
        parent, _, leaf = module.rpartition(".")
        parent_facts = self.facts_at(parent, target)
        if parent_facts and leaf in parent_facts.virtual_modules:
            return State.LEGACY if name in parent_facts.virtual_modules[leaf] else State.MISSING
        if not self.binds(module, name, target):
            return State.MISSING
        facts = self.facts_at(module, target)
        if facts.deprecated:
            return State.LEGACY
        if facts.deprecation_message(name) is not None:
            return State.DEPRECATED
        return State.CANONICAL

    def is_live_module(self, module: str, target: Target) -> bool:
        """Whether `module` is a real module at `target`, where a name the table does not know may
        still be found: a file in the wheel that owns it, not a deprecation shim, and not shadowed by
        a virtual module of add_deprecated_classes."""
        parent, _, leaf = module.rpartition(".")
        parent_facts = self.facts_at(parent, target)
        if parent_facts and leaf in parent_facts.virtual_modules:
            return False
        facts = self.facts_at(module, target)
        return facts is not None and not facts.deprecated

    def deprecation_message(self, node: str, target: Target) -> str:
        module, name = split_path(node)
        return self.facts_at(module, target).deprecation_message(name) or ""

    def old_importable(self, old: str, target: Target) -> bool:
        """Whether `from module import name` of the 1.10 path itself still works at `target`."""
        module, name = split_path(old)
        parent, _, leaf = module.rpartition(".")
        parent_facts = self.facts_at(parent, target)
        if parent_facts and leaf in parent_facts.virtual_modules:
            dst = parent_facts.virtual_modules[leaf].get(name)
            return bool(dst and DOTTED_PATH.match(dst)) and self.state(dst, target) is not State.MISSING
        if not self.binds(module, name, target):
            return False
        # a shim file fails at import time when anything it imports from Airflow is gone
        facts = self.facts_at(module, target)
        return all(
            self.state(imported, target) is not State.MISSING
            for imported in facts.imports.values()
            if imported.startswith("airflow.")
        )

    # what a constructor takes

    def defined_at(self, path: str, target: Target, hops: int = 0) -> str | None:
        """Where the object `path` names is defined at `target`, through imports, PEP 562 tables,
        `A = B` aliases and star imports; None for a module, or where no wheel read defines it."""
        module, name = split_path(path)
        facts = self.facts_at(module, target) if module else None
        if facts is None or hops > MAX_HOPS or self.facts_at(path, target):
            return None
        if name in facts.classes or name in facts.functions:
            return path
        # a PEP 562 table is what runs: the eager imports beside it sit under `if TYPE_CHECKING`
        # or `if STATICA_HACK`, False at run time (2.0 and 2.2 have no table, but their
        # `__getattr__` imports what that block names)
        alias = facts.lazy_attributes.get(name) or facts.imports.get(name) or facts.assigned.get(name)
        if alias:
            return self.defined_at(alias, target, hops + 1)
        if name in facts.assigned:
            return path  # a value built here
        for star in facts.star_imports:
            if self.star_exports(star, name, target) and (found := self.defined_at(f"{star}.{name}", target, hops + 1)):
                return found
        return None

    def class_at(self, path: str, target: Target) -> ClassFact | None:
        """The class `path` names at `target`; None where no wheel read defines it."""
        defined = self.defined_at(path, target)
        if defined is None:
            return None
        module, name = split_path(defined)
        return self.facts_at(module, target).classes.get(name)

    def accepted_keywords(self, path: str, target: Target, hops: int = 0) -> Keywords:
        """The keyword arguments the constructor of class `path` takes at `target`: its own, and its
        first base's while it passes **kwargs on (`super().__init__(**kwargs)`), down to BaseOperator."""
        if split_path(path)[1] == "BaseOperator":
            path = BASE_OPERATOR
        cls = self.class_at(path, target)
        if cls is None or hops >= MAX_HOPS:
            return Keywords(frozenset(), complete=False)
        own = frozenset(cls.init.keywords if cls.init else ())
        if (cls.init and not cls.init.forwards_kwargs) or not cls.bases:
            return Keywords(own, complete=True)
        inherited = self.accepted_keywords(cls.bases[0], target, hops + 1)
        return Keywords(own | inherited.names, inherited.complete)

    def own_init(self, edge: Edge) -> InitFact | None:
        """The `__init__` of the deprecated subclass an edge leaves, in the wheel the edge comes from."""
        module, name = split_path(edge.src)
        return self.wheel(*edge.wheel).facts(module).classes[name].init

    def versions_binding(self, node: str) -> list[Version]:
        """The versions read of the owning distribution in which `node` is bound."""
        module, name = split_path(node)
        dist = self.owner(module)
        return [
            version
            for version in (self.versions_read(dist) if dist else ())
            if (facts := self.wheel(dist, version).facts(module)) and facts.binds(name)
        ]


def check_provider_layout(wheel: Wheel) -> None:
    """The ownership rule (module path -> distribution) must match the wheel's own package root."""
    roots = {file.rpartition("/")[0] for file in wheel.files if file.endswith("/get_provider_info.py")}
    expected = wheel.dist.removeprefix(PROVIDER_PREFIX)
    if not any("-".join(root.split("/")[2:]).replace("_", "-") == expected for root in roots):
        raise SystemExit(f"{wheel}: package root {sorted(roots)} does not match the distribution name")


# --- which paths a 1.10 DAG can import -----------------------------------------------------------


def is_legacy_path(world: World, node: str) -> bool:
    """A name that 1.10.15 defines at this path, re-exports from a deprecated module, or lazy-imports."""
    module, name = split_path(node)
    facts = world.core(LEGACY).facts(module)
    if facts is None:
        return False
    if definition_kind(facts, name):
        return True
    if facts.deprecated and name in facts.imports:
        return True
    if facts.deprecated and any(is_legacy_path(world, f"{star}.{name}") for star in facts.star_imports):
        return True
    if name in facts.lazy_imports:
        # 1.10.15 lists a few names whose module does not exist; those never imported
        return is_legacy_path(world, f"{module}.{facts.lazy_imports[name]}.{name}")
    return False


def definition_kind(facts: ModuleFacts, name: str) -> str | None:
    """What a module itself defines as `name`: "class", "function" or "constant"; None otherwise."""
    if name in facts.classes:
        return "class"
    if name in facts.functions:
        return "function"
    if name in facts.assigned and name[0].isupper():  # constants and class aliases, not `log` or `app`
        return "constant"
    return None


def find_old_paths(world: World) -> list[str]:
    """Every 1.10 import path that some wheel (or an extra fact) says has moved."""
    candidates = set()
    for version in world.versions_read(CORE):
        wheel = world.core(version)
        # 1.10.15 is read whole (its trivial re-export subclasses carry no warning)
        needles = (b"",) if version == LEGACY else (b"warn", b"add_deprecated_classes")
        for module in wheel.modules_containing(*needles):
            facts = wheel.facts(module)
            names = {*facts.imports, *facts.classes, *facts.functions, *facts.assigned, *facts.lazy_imports}
            for star in facts.star_imports if facts.deprecated else ():  # `from new.module import *` shims
                star_facts = wheel.facts(star)
                names |= {*star_facts.classes, *star_facts.functions, *star_facts.assigned} if star_facts else set()
            candidates.update(f"{module}.{name}" for name in names)
            for leaf, table in facts.virtual_modules.items():
                candidates.update(f"{module}.{leaf}.{name}" for name in table)
    public = {node for node in candidates if not split_path(node)[1].startswith("_")}
    old_paths = {node for node in public if is_legacy_path(world, node) and world.edges_from(node)}
    for old in world.extra_facts:
        legacy = world.core(LEGACY).facts(split_path(old)[0])
        if legacy is None or not legacy.binds(split_path(old)[1]):
            raise SystemExit(f"{EXTRA}: {old} is not an import path of apache-airflow=={LEGACY}")
        old_paths.add(old)
    return sorted(old_paths)


# --- resolution ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    path: str
    distribution: str
    old_importable: bool
    safe: bool
    note: str


class Decision(enum.Enum):
    """Where a canonical successor is reached through deprecated subclasses: which class the row names."""

    TAKES_ALL = "successor takes them all"  # the successor, as before
    KEPT = "deprecated kept"  # the successor lacks keywords: the working deprecated class stays
    KEPT_UNREAD = "deprecated kept, unread"  # the successor's keywords could not all be read
    GONE = "successor, keywords named"  # no deprecated class at the target: the note says what to change
    GONE_UNREAD = "successor, unread"


@dataclass(frozen=True)
class Resolution:
    row: Row
    first_edge: Edge | None
    decision: Decision | None = None  # None: no deprecated subclass was left on the way


def terminal_chains(world: World, node: str, target: Target, chain: tuple[Edge, ...] = (), seen=frozenset()):
    """Depth-first, in edge preference order: (chain, end node, state) for every usable end node."""
    state = world.state(node, target)
    if state in (State.CANONICAL, State.DEPRECATED):
        yield chain, node, state
        if state is State.CANONICAL:
            return
    if len(chain) >= MAX_CHAIN:
        return
    for edge in world.ordered_edges(node, target):
        if edge.dst not in seen:
            yield from terminal_chains(world, edge.dst, target, (*chain, edge), seen | {node})


def resolve(world: World, old: str, target: Target) -> Resolution:
    """Where `old` lives at `target`.

    Preference: a chain of aliases to a canonical name; else a canonical name reached through a
    deprecated subclass or a named successor (safe = false: arguments may differ, e.g.
    SimpleHttpOperator -> HttpOperator); else a name that still works but is deprecated, which beats
    no fix. Within a rank, safe chains first, then the depth-first order decides. A successor that
    does not take every keyword of the deprecated subclasses left on the way gives way to a working
    deprecated class (PostgresOperator takes postgres_conn_id=, SQLExecuteQueryOperator does not).
    """
    importable = world.old_importable(old, target)
    found = list(terminal_chains(world, old, target, seen=frozenset({old})))
    if not found:
        ordered = world.ordered_edges(old, target)
        note = with_extra_notes(world, reachable(world, old, target), explain_missing(world, old, target))
        return Resolution(Row("", "", importable, False, note), ordered[0] if ordered else None)

    def rank(candidate: tuple) -> tuple:
        chain, _, state = candidate
        return (state is State.DEPRECATED, not all(edge.safe for edge in chain))

    ranked = sorted(found, key=rank)  # stable: the depth-first order decides within a rank
    chain, path, state = ranked[0]
    gap = keyword_gap(world, chain, path, target) if state is State.CANONICAL else None
    deprecated = next((candidate for candidate in ranked if candidate[2] is State.DEPRECATED), None)
    decision = decide(gap, deprecated is not None) if gap else None
    kept = decision in (Decision.KEPT, Decision.KEPT_UNREAD)
    successor = path
    if kept:
        chain, path, state = deprecated
    safe = all(edge.safe for edge in chain)
    notes = [] if safe else [caveat(old, path, chain, gap if decision is Decision.GONE else None)]
    dist = world.owner(split_path(path)[0])
    if state is State.DEPRECATED:
        notes.append(deprecation_note(split_path(path)[1], dist, world.deprecation_message(path, target)))
    if kept:
        notes.append(successor_note(successor, gap))
    note = "; ".join(notes)
    if not safe:
        note = with_extra_notes(world, [old, *(edge.dst for edge in chain)], note)
    return Resolution(Row(path, dist, importable, safe, note), chain[0] if chain else None, decision)


@dataclass(frozen=True)
class KeywordGap:
    """Keywords that the deprecated subclasses on a chain declare and the successor it ends at does not take."""

    missing: tuple[str, ...]
    passed_as: dict[str, str]  # missing keyword -> the successor's keyword a subclass passed it on as
    complete: bool  # False: the successor's keywords could not all be read, so it may take some after all


def keyword_gap(world: World, chain: tuple[Edge, ...], successor: str, target: Target) -> KeywordGap | None:
    """None when `chain` leaves no deprecated subclass: nothing to compare."""
    inits = [world.own_init(edge) for edge in chain if edge.kind is Kind.SUBCLASS and not edge.safe]
    if not inits:
        return None
    declared = [keyword for init in inits if init for keyword in init.keywords]
    passed_as = {keyword: new for init in inits if init for keyword, new in init.passed_as.items()}
    accepted = world.accepted_keywords(successor, target)
    missing = tuple(dict.fromkeys(keyword for keyword in declared if keyword not in accepted.names))
    return KeywordGap(missing, {k: passed_as[k] for k in missing if k in passed_as}, accepted.complete)


def decide(gap: KeywordGap, deprecated_works: bool) -> Decision:
    """A successor may replace a working deprecated class only if it takes all of its keywords;
    where they cannot be read, the working class stays."""
    if not gap.missing:
        return Decision.TAKES_ALL
    if deprecated_works:
        return Decision.KEPT if gap.complete else Decision.KEPT_UNREAD
    return Decision.GONE if gap.complete else Decision.GONE_UNREAD


def successor_note(successor: str, gap: KeywordGap) -> str:
    """Why a working deprecated class was kept instead of `successor`."""
    name = split_path(successor)[1]
    if gap.complete:
        return f"{name} replaces it but {gap_clause(gap)}"
    unread = ", ".join(f"{keyword}=" for keyword in gap.missing)
    return f"{name} replaces it; whether it takes {unread} could not be read"


def gap_clause(gap: KeywordGap) -> str:
    """'takes conn_id= for postgres_conn_id and has no runtime_parameters='"""
    renamed = [f"{gap.passed_as[keyword]}= for {keyword}" for keyword in gap.missing if keyword in gap.passed_as]
    dropped = [f"{keyword}=" for keyword in gap.missing if keyword not in gap.passed_as]
    clauses = []
    if renamed:
        clauses.append(f"takes {', '.join(renamed)}")
    if dropped:
        clauses.append(f"has no {', '.join(dropped)}")
    return " and ".join(clauses)


# "Please use `X` instead", "Use X, Y instead", "Consider using operators for ...: X, Y"
REPLACEMENT = re.compile(r"\b(?:use|using)\s+(?:[a-z ]+:\s*)?((?:(?::\w+:)?`?[\w.]+`?(?:,\s*)?)+)", re.IGNORECASE)


def deprecation_note(name: str, dist: str, message: str) -> str:
    """`name` is deprecated in `dist`, and what to use instead if the deprecation `message` says."""
    for match in REPLACEMENT.finditer(message):
        replacements = [re.sub(r"^:\w+:|`", "", part) for part in match.group(1).split(",")]
        replacements = [part.strip().rstrip(".") for part in replacements if part.strip().rstrip(".")]
        if all(part[0].isupper() or "." in part for part in replacements):  # not "use it", "use `generate_job`"
            return f"{name} is deprecated in {dist}: use {', '.join(replacements)} instead"
    return f"{name} is deprecated in {dist}"


def explain_missing(world: World, old: str, target: Target) -> str:
    """Why nothing resolves, as a reason or an instruction: a successor outside Airflow, or where the
    preferred trail goes cold. Empty when a hand-curated note is all there is to say."""
    external = [node for node in reachable(world, old, target) if world.owner(split_path(node)[0]) is None]
    if external:
        return f"use {external[0]} instead"
    node, seen = old, {old}
    while edges := [e for e in world.ordered_edges(node, target) if e.dst not in seen]:
        node = edges[0].dst
        seen.add(node)
    if node == old:
        return "" if old in world.extra_facts else "removed, and no wheel read names a successor"
    dist = world.owner(split_path(node)[0])
    if dist is None:
        return f"{node} is outside Airflow and the providers MWAA pins"
    pinned = target.version_of(dist)
    if pinned is None:
        return f"{dist} is not pinned by MWAA for this version"
    if world.state(node, target) is State.LEGACY:
        return f"{node} survives only in a deprecated module, with no known successor"
    versions = world.versions_binding(node)
    if not versions:
        return f"an upstream table points at {node}, which no version of {dist} has"
    subject = f"{_label(node, old)} is" if split_path(node)[1] != split_path(old)[1] else "it is"
    if versions[-1] < pinned:
        return f"{subject} gone from {dist} after {versions[-1]}"
    return f"{subject} not in the pinned {dist} yet: first seen in {versions[0]}"


def reachable(world: World, start: str, target: Target) -> list[str]:
    """Every node reachable from `start`, breadth-first in edge preference order."""
    order, queue = [start], [start]
    while queue:
        for edge in world.ordered_edges(queue.pop(0), target):
            if edge.dst not in order:
                order.append(edge.dst)
                queue.append(edge.dst)
    return order


def with_extra_notes(world: World, nodes: list[str], note: str) -> str:
    """`note` followed by the advice of every hand-curated fact about these nodes."""
    advice = [world.extra_facts[node].note for node in nodes if node in world.extra_facts]
    return "; ".join(part for part in (note, *advice) if part)


# --- names left behind in a moved module ---------------------------------------------------------

Resolutions = list[tuple[Target, Resolution]]


def resolve_left_behind(world: World, resolved: dict[str, Resolutions]) -> dict[str, Resolutions]:
    """Rows for the other public names of each 1.10 module whose entries moved.

    Shims and tables re-export a module's classes, seldom its constants, status classes and
    helpers (airflow.contrib.hooks.gcp_transfer_hook.TRANSFER_SPEC). Where such a name no longer
    imports from its 1.10 module, the module its classes went to at that target may define the
    same name, of the same kind, not deprecated: that is its likely new home, never a proven one.
    """
    by_module: dict[str, list[str]] = {}
    for old in resolved:
        by_module.setdefault(split_path(old)[0], []).append(old)
    left_behind = {}
    for module, olds in sorted(by_module.items()):
        legacy = world.core(LEGACY).facts(module)
        homes = [(target, class_homes(legacy, olds, resolved, target)) for target in world.targets]
        for name in sorted({*legacy.classes, *legacy.functions, *legacy.assigned}):
            old, kind = f"{module}.{name}", definition_kind(legacy, name)
            if name.startswith("_") or kind is None or old in resolved:
                continue
            rows = [(target, resolve_same_name(world, old, kind, modules, target)) for target, modules in homes]
            if any(resolution.first_edge for _, resolution in rows):
                left_behind[old] = rows
    return left_behind


def class_homes(legacy: ModuleFacts, olds: list[str], resolved: dict[str, Resolutions], target: Target) -> list[str]:
    """Modules where the moved names of one 1.10 module live at `target`, most of its classes first.

    The 1.10 module itself is one of them where some of its entries are still canonical there.
    """
    classes: dict[str, int] = {}
    entries: dict[str, int] = {}
    for old in olds:
        home = split_path(next(r.row.path for t, r in resolved[old] if t is target))[0]
        if home:
            entries[home] = entries.get(home, 0) + 1
            classes[home] = classes.get(home, 0) + (split_path(old)[1] in legacy.classes)
    return sorted(entries, key=lambda home: (-classes[home], -entries[home], home))


def resolve_same_name(world: World, old: str, kind: str, homes: list[str], target: Target) -> Resolution:
    """`old` itself where it still imports, else the same name in the first home defining it alike."""
    resolution = resolve(world, old, target)
    if resolution.row.path:
        return resolution
    module, name = split_path(old)
    for home in homes:
        new = f"{home}.{name}"
        if definition_kind(world.facts_at(home, target), name) == kind and world.state(new, target) is State.CANONICAL:
            dist = world.owner(home)
            wheel = world.wheel(dist, target.version_of(dist))
            edge = Edge(old, new, Kind.SAME_NAME, False, f"{wheel}:{wheel.module_file(home)}", (dist, wheel.version))
            note = caveat(old, new, (edge,))
            return Resolution(Row(new, dist, resolution.row.old_importable, False, note), edge)
    if not homes:
        note = "no class of its module has a path here either"
    elif homes[0] != module:
        note = f"not in {homes[0]}, where the classes of its module moved"
    else:  # its module is still there, without it
        return resolution
    return Resolution(replace(resolution.row, note=note), None)


# --- re-exports ----------------------------------------------------------------------------------

# The packages 1.10 DAGs import their core names from (`from airflow import DAG`, `from airflow.models
# import BaseOperator`): eagerly in 1.10 to 2.2, through a PEP 562 `__lazy_imports` table from 2.4.
REEXPORTING_PACKAGES = ("airflow", "airflow.models")

Reexport = tuple[str, str, list[str]]  # (path, defining path, targets)


def find_reexports(world: World, moves: dict[str, tuple[list[str], list]]) -> list[Reexport]:
    """Each path that names, at some targets, an object defined elsewhere, and where.

    Which paths, and why no more: the public names the two packages bind in any wheel read (what
    DAG files import from them), and every path of the import table (what the fixes write; a few
    re-export, e.g. airflow.hooks.dbapi.DbApiHook is common.sql's from 2.4 on). The tables looked
    up by these paths reach nothing else: rules/signatures.toml is keyed by the import table's
    paths, by classes defined where they are named and by airflow.models.dag.DAG; the classes of
    rules/arguments.toml are canonical paths, none of them a re-export when this was written.
    Neither table is read, so this one stays a function of the wheels and the extra facts, and
    small: about 70 rows, 2 % of the file's parse time.
    """
    paths = {row.path for _, groups in moves.values() for _, row in groups if row.path}
    for version in world.versions_read(CORE):
        for package in REEXPORTING_PACKAGES:
            facts = world.core(version).facts(package)
            names = {*facts.imports, *facts.lazy_attributes, *facts.assigned}
            paths |= {f"{package}.{name}" for name in names if not name.startswith("_")}
    rows = []
    for path in sorted(paths):
        definitions = [(target, world.defined_at(path, target)) for target in world.targets]
        elsewhere = [(target, defined) for target, defined in definitions if defined not in (None, path)]
        rows += [(path, defined, versions) for versions, defined in group_consecutive(elsewhere)]
    return rows


# --- output --------------------------------------------------------------------------------------

HEADER = "# Generated by scripts/build_import_rules.py from the wheels listed in [meta.wheels]. Do not edit."


def toml_string(value: str) -> str:
    return json.dumps(value)  # a JSON string is a valid TOML basic string


def toml_list(values: list[str]) -> str:
    return "[" + ", ".join(toml_string(v) for v in values) + "]"


def group_consecutive(rows: list[tuple[Target, Any]]) -> list[tuple[list[str], Any]]:
    groups: list[tuple[list[str], Any]] = []
    for target, row in rows:
        if groups and groups[-1][1] == row:
            groups[-1][0].append(str(target))
        else:
            groups.append(([str(target)], row))
    return groups


def render(
    targets: list[Target],
    wheels: list[Wheel],
    live: dict[str, list[str]],
    moves: dict[str, tuple[list[str], list]],
    reexports: list[Reexport],
) -> str:
    lines = [HEADER, "", "[meta]", f"generator = {toml_string('scripts/build_import_rules.py')}"]
    lines.append(f"targets = {toml_list([str(t) for t in targets])}")
    lines += ["", "[meta.wheels]"]
    lines += [f"{toml_string(str(w))} = {toml_string('sha256:' + w.sha256)}" for w in wheels]
    for module, versions in sorted(live.items()):
        lines += ["", "[[module]]", f"name = {toml_string(module)}", f"live = {toml_list(versions)}"]
    for path, defined, versions in reexports:
        lines += ["", "[[reexport]]", f"name = {toml_string(path)}", f"path = {toml_string(defined)}"]
        lines.append(f"versions = {toml_list(versions)}")
    for old, (evidence, groups) in sorted(moves.items()):
        lines += ["", "[[move]]", f"old = {toml_string(old)}", f"evidence = {toml_list(evidence)}"]
        for versions, row in groups:
            lines += [
                "[[move.to]]",
                f"versions = {toml_list(versions)}",
                f"path = {toml_string(row.path)}",
                f"distribution = {toml_string(row.distribution)}",
                f"old_importable = {str(row.old_importable).lower()}",
                f"safe = {str(row.safe).lower()}",
                f"note = {toml_string(row.note)}",
            ]
    return "\n".join(lines) + "\n"


def verify(world: World, moves: dict[str, tuple[list[str], list]]) -> None:
    """The proof: every emitted path is bound in the wheel of the distribution it names, at the pin."""
    by_version = {str(target): target for target in world.targets}
    problems = []
    for old, (_, groups) in moves.items():
        for versions, row in groups:
            if not row.path:
                continue
            module, name = split_path(row.path)
            if world.owner(module) != row.distribution:
                problems.append(f"{old}: {row.path} is not owned by {row.distribution}")
            for version in versions:
                pinned = by_version[version].version_of(row.distribution)
                wheel = world.wheel(row.distribution, pinned) if pinned else None
                if wheel is None or wheel.module_file(module) is None or not world.binds(module, name, by_version[version]):
                    problems.append(f"{old} -> {row.path} at {version}: not in {row.distribution}=={pinned}")
    if problems:
        raise SystemExit("emitted targets that do not exist:\n  " + "\n  ".join(problems))


def earliest_evidence(edges: list[Edge]) -> list[str]:
    """One evidence string per file, from the oldest wheel that has it."""
    earliest: dict[tuple[str, str], Edge] = {}
    for edge in edges:
        dist_file = (edge.wheel[0] if edge.wheel else "", edge.evidence.partition(":")[2])
        if dist_file not in earliest or (edge.wheel and edge.wheel[1] < earliest[dist_file].wheel[1]):
            earliest[dist_file] = edge
    ordered = sorted(earliest.values(), key=lambda e: (e.wheel or ("", Version("0")), e.evidence))
    return [edge.evidence for edge in ordered]


def build(world: World) -> tuple[str, dict, Counter]:
    resolved = {old: [(target, resolve(world, old, target)) for target in world.targets] for old in find_old_paths(world)}
    resolved |= resolve_left_behind(world, resolved)
    moves = {}
    for old, resolutions in resolved.items():
        evidence = earliest_evidence([r.first_edge for _, r in resolutions if r.first_edge])
        if not evidence:  # removed outright: only the hand-curated fact speaks about it
            evidence = [extra_evidence(old)]
        moves[old] = (evidence, group_consecutive([(target, r.row) for target, r in resolutions]))
    verify(world, moves)
    # every module that 1.10 code imports a moved name from: is it still a real module?
    live = {
        module: [str(target) for target in world.targets if world.is_live_module(module, target)]
        for module in {split_path(old)[0] for old in moves}
    }
    decisions = Counter(
        (str(target), resolution.decision)
        for resolutions in resolved.values()
        for target, resolution in resolutions
        if resolution.decision
    )
    reexports = find_reexports(world, moves)
    return render(world.targets, world.store.read, live, moves, reexports), moves, decisions


def summarize(world: World, moves: dict, decisions: Counter, seconds: float) -> str:
    lines = [f"{len(moves)} old paths, {len(world.targets)} targets"]
    for target in world.targets:
        rows = [row for _, (_, groups) in moves.items() for versions, row in groups if str(target) in versions]
        resolved = sum(1 for row in rows if row.path)
        lines.append(
            f"  {target}: resolved {resolved} (safe {sum(1 for r in rows if r.path and r.safe)}), "
            f"no target {len(rows) - resolved}, old importable {sum(1 for r in rows if r.old_importable)}"
        )
    lines.append("rows reached through a deprecated subclass, by what its successor takes of its keywords:")
    for target in world.targets:
        lines.append(f"  {target}: " + ", ".join(f"{d.value} {decisions[str(target), d]}" for d in Decision))
    changes = target_changes(moves)
    lines.append(f"targets changed against the committed {OUTPUT.relative_to(REPO)}: {len(changes)}")
    lines += [f"  {change}" for change in changes]
    size = sum(wheel.path.stat().st_size for wheel in world.store.read)
    lines.append(f"{len(world.store.read)} wheels read, {size / 1e6:.1f} MB, {seconds:.0f} s")
    lines += [f"upstream entry with a malformed target: {src} -> {dst!r} ({ev})" for src, dst, ev in sorted(world.malformed)]
    return "\n".join(lines)


def target_changes(moves: dict) -> list[str]:
    """Each 1.10 path whose target differs from the one in the table git HEAD holds, with the targets."""
    committed_file = f"HEAD:{OUTPUT.relative_to(REPO)}"
    shown = subprocess.run(["git", "show", committed_file], cwd=REPO, capture_output=True, text=True, check=False)
    if shown.returncode != 0:
        return [f"cannot read {committed_file}: {shown.stderr.strip()}"]
    committed = {
        (move["old"], version): to["path"]
        for move in tomllib.loads(shown.stdout)["move"]
        for to in move["to"]
        for version in to["versions"]
    }
    changes: dict[tuple[str, str, str], list[str]] = {}
    for old, (_, groups) in sorted(moves.items()):
        for versions, row in groups:
            for version in versions:
                before = committed.get((old, version), "(not in the table)")
                if before != row.path:
                    changes.setdefault((old, before or "(none)", row.path or "(none)"), []).append(version)
    dropped = sorted({old for old, _ in committed} - set(moves))
    return [
        *(f"{old} at {', '.join(versions)}: {before} -> {after}" for (old, before, after), versions in changes.items()),
        *(f"{old}: no longer in the table" for old in dropped),
    ]


def read_locked_versions(output: Path) -> dict[str, set[Version]]:
    """Wheels listed in the current output's [meta.wheels], so a rerun reads the same bridges."""
    if not output.exists():
        return {}
    locked: dict[str, set[Version]] = {}
    for requirement in tomllib.loads(output.read_text())["meta"]["wheels"]:
        dist, _, version = requirement.partition("==")
        locked.setdefault(dist, set()).add(Version(version))
    return locked


def main(argv: list[str] | None = None) -> int:
    parser = generator_arguments(__doc__, OUTPUT)
    parser.add_argument(
        "--refresh", action="store_true", help="ask PyPI again for the newest release of each bridging major"
    )
    args = parser.parse_args(argv)

    started = time.monotonic()
    locked = {} if args.refresh else read_locked_versions(OUTPUT)
    world = World(load_targets(args.mwaa_data), WheelStore(args.cache_dir), load_extra_facts(EXTRA), locked)
    text, moves, decisions = build(world)
    print(summarize(world, moves, decisions, time.monotonic() - started), file=sys.stderr)
    return write_or_check(OUTPUT, text, args.check, "scripts/build_import_rules.py")


def write_or_check(output: Path, text: str, check: bool, script: str) -> int:
    """Write a generated table, or with `check` only say whether the committed one is current."""
    if not check:
        output.write_text(text)
        return 0
    if output.exists() and output.read_text() == text:
        return 0
    print(f"{output.relative_to(REPO)} is out of date: run python {script}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
