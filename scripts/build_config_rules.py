#!/usr/bin/env python
"""Generate rules/config.toml: the Airflow configuration options each MWAA 2.x target renamed, moved,
rewrites or no longer knows, for 1.10 configuration (airflow.cfg, AIRFLOW__ variables, MWAA options).

Facts come from the wheels, read as zip files (never imported):
  * each target's airflow/configuration.py, class AirflowConfigParser, read with `ast`:
    `deprecated_options` ((new section, new key) -> (old section, old key, since)),
    `many_to_one_deprecated_options` (2.6+: one option replacing several; the scheduler reads the
    old ones and takes the largest value), `deprecated_sections` (2.5+: new -> (old, since)) and
    `deprecated_values` (section -> key -> (compiled regex, replacement, version)). A replacement
    that the parser overwrites at start-up with an option's default (a method assigning
    `self.deprecated_values[s][k]` from a default it reads) is that default.
  * what a target knows: airflow/config_templates/config.yml, the provider fallback defaults (2.7+)
    and, where the target reads the providers' configuration (its configuration.py defines
    `load_providers_configuration`, 2.7+), the `config` that get_provider_info() returns in every
    provider installed at the target (MWAA's constraints pins, plus the preinstalled providers that
    the constraints do not pin).
  * what MWAA's 1.10 releases (1.10.12, 1.10.15) knew: their config.yml, the source of their
    default_airflow.cfg, which also lists the options that file shows only commented out (the
    script stops if the .cfg has any it lacks); their `deprecated_options` (1.10's own renames,
    which no 2.x release reads) and `deprecated_values` (compared by equality, old value gone in
    2.0), used at every target that has no entry of its own for the name.
  * rules/config-extra.toml: advice for removed options, each with its source; every entry must
    match a removal found here, or the script stops.

Per target, a 1.10 name is followed through the target's option moves and section renames until it
reaches the name the target reads (`[scheduler] statsd_allow_list` -> `[metrics] statsd_allow_list`
(2.0) -> `[metrics] metrics_allow_list` (2.6)); the script stops if that name is not an option the
target knows. A move is `ignored` where the target does not read the old name at all (Airflow
follows one hop only; a real Airflow 2.10.3 confirms it in tests/test_config_options_data.py). A
1.10 option that a target neither knows nor moves is removed there; a section none of whose options
the target knows or moves is removed whole (key "").

How many renamed options: the issue's "59" is the size of `deprecated_options` at 2.10.1, 2.10.3
and 2.11.0 (29 at 2.0.2 ... 56 at 2.6.3-2.9.2, 60 at 2.11.2, whose 60th is 2.11.2's own
[core] use_historical_filename_templates); the union over all targets is those 60, as no entry
was ever dropped. The [[move]] rows count more: the many-to-one moves, every option of
[kubernetes] renamed with its section from 2.5, 1.10's own 13 renames, and chains resolved to their
end (per-target counts at the top of rules/config.toml).

Usage: python scripts/build_config_rules.py [--check] [--mwaa-data DIR] [--cache-dir DIR]
"""

from __future__ import annotations

import ast
import configparser
import re
import sys
import tomllib
import zipfile
from dataclasses import dataclass
from pathlib import Path

import yaml
from packaging.utils import canonicalize_name
from packaging.version import Version

from build_context_variables import parse, toml_lines
from build_import_rules import (
    CORE,
    REPO,
    generator_arguments,
    group_consecutive,
    load_targets,
    mwaa_index,
    Target,
    toml_list,
    toml_string,
    write_or_check,
)
from wheel_store import Wheel, WheelStore

OUTPUT = REPO / "rules" / "config.toml"
EXTRA = REPO / "rules" / "config-extra.toml"
CONFIGURATION = "airflow/configuration.py"
TEMPLATE = "airflow/config_templates/config.yml"
DEFAULT_CFG = "airflow/config_templates/default_airflow.cfg"
# 2.7+ fall back on these defaults for options that moved to providers, so they read even where
# the installed provider no longer defines them (celery 3.11 dropped [celery] worker_precheck)
FALLBACK_DEFAULTS = (
    "airflow/config_templates/pre_2_7_defaults.cfg",  # 2.7 - 2.10
    "airflow/config_templates/provider_config_fallback_defaults.cfg",  # 2.11
)
PARSER_CLASS = "AirflowConfigParser"
PROVIDERS_LOADER = "load_providers_configuration"  # defined where the target merges providers' config
MAX_HOPS = 10  # the longest chain is 2 hops ([kubernetes] -> [kubernetes_executor] -> [scheduler])

Name = tuple[str, str]  # (section, key), lower case


# --- reading the wheels --------------------------------------------------------------------------


def read_text(wheel: Wheel, file: str) -> str:
    with zipfile.ZipFile(wheel.path) as archive:
        return archive.read(file).decode("utf-8")


def template_options(wheel: Wheel) -> dict[str, dict[str, object]]:
    """section -> key -> default, from config.yml (a list of sections up to 2.6, a mapping from 2.7)."""
    document = yaml.safe_load(read_text(wheel, TEMPLATE))
    if isinstance(document, list):
        sections = {entry["name"]: {option["name"]: option for option in entry["options"] or []} for entry in document}
    else:
        sections = {name: entry["options"] or {} for name, entry in document.items()}
    return {name.lower(): {key.lower(): option.get("default") for key, option in options.items()} for name, options in sections.items()}


def cfg_options(wheel: Wheel, file: str) -> dict[str, set[str]]:
    """section -> keys of an ini file in the wheel."""
    parser = configparser.RawConfigParser(strict=False, interpolation=None)
    parser.read_string(read_text(wheel, file))
    return {section.lower(): {key.lower() for key in parser.options(section)} for section in parser.sections()}


def provider_config(wheel: Wheel) -> dict[str, set[str]]:
    """section -> keys of the `config` that the provider's get_provider_info() returns ({} without one)."""
    for file in sorted(wheel.files):
        if file.startswith("airflow/providers/") and file.endswith("/get_provider_info.py"):
            for node in ast.walk(parse(wheel, file)):
                if isinstance(node, ast.Return) and isinstance(node.value, ast.Dict):
                    config = ast.literal_eval(node.value).get("config", {})
                    return {section.lower(): {key.lower() for key in entry["options"]} for section, entry in config.items()}
    return {}


def parser_class(wheel: Wheel) -> ast.ClassDef:
    for node in parse(wheel, CONFIGURATION).body:
        if isinstance(node, ast.ClassDef) and node.name == PARSER_CLASS:
            return node
    raise SystemExit(f"{wheel}: no class {PARSER_CLASS} in {CONFIGURATION}")


def class_tables(cls: ast.ClassDef) -> dict[str, ast.expr]:
    """The class-level assignments of the parser, by name."""
    tables = {}
    for statement in cls.body:
        target = statement.targets[0] if isinstance(statement, ast.Assign) else getattr(statement, "target", None)
        if isinstance(target, ast.Name) and statement.value is not None:
            tables[target.id] = statement.value
    return tables


# --- value rewrites ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rewrite:
    pattern: str  # a Python `re` pattern; Airflow rewrites a value it `search`es, with `sub`
    replacement: str
    version: str  # the version the wheel gives with it ("by version": when the old value stops working)
    source: str


def string_value(node: ast.expr) -> str:
    """A pattern built from literals: constants, `+`, and re.escape / re2.escape of literals."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return string_value(node.left) + string_value(node.right)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "escape":
        return re.escape(string_value(node.args[0]))
    raise SystemExit(f"not a literal pattern: {ast.unparse(node)}")


def regex_source(call: ast.expr) -> str:
    """The Python-`re` source of `re.compile(...)` / `re2.compile(...)`: flags inlined, re2's `\\z`
    (end of text) spelled `\\Z` as Python's `re` spells it."""
    if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Attribute) and call.func.attr == "compile"):
        raise SystemExit(f"not a compiled pattern: {ast.unparse(call)}")
    pattern = string_value(call.args[0])
    for flag in call.args[1:]:
        if not (isinstance(flag, ast.Attribute) and flag.attr == "IGNORECASE"):
            raise SystemExit(f"unexpected regex flag: {ast.unparse(flag)}")
        pattern = "(?i)" + pattern
    pattern = re.sub(r"(?<!\\)((?:\\\\)*)\\z", r"\1\\Z", pattern)
    re.compile(pattern)
    return pattern


def default_overrides(cls: ast.ClassDef) -> dict[Name, tuple[str, Name]]:
    """(section, key) of deprecated_values -> (how, option) whose default replaces its replacement at
    start-up: a method that assigns `self.deprecated_values[s][k]` and reads a default
    (`self.get_default_value(s, k)` from 2.7, `self.airflow_defaults.get(s, k)` in 2.4 - 2.6)."""
    overrides = {}
    for method in cls.body:
        if not isinstance(method, ast.FunctionDef):
            continue
        defaults = [node for node in ast.walk(method) if _reads_default(node)]
        assigned = [node.targets[0] for node in ast.walk(method) if isinstance(node, ast.Assign) and _is_values_item(node.targets[0])]
        if defaults and assigned:
            (default,), (item,) = defaults, assigned
            option = (default.args[0].value, default.args[1].value)
            overrides[(item.value.slice.value, item.slice.value)] = (default.func.attr, option)
    return overrides


def _reads_default(node: ast.AST) -> bool:
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and len(node.args) >= 2):
        return False
    method, owner = node.func.attr, node.func.value
    by_default = method == "get_default_value" or (method == "get" and getattr(owner, "attr", None) == "airflow_defaults")
    return by_default and all(isinstance(arg, ast.Constant) and isinstance(arg.value, str) for arg in node.args[:2])


def _is_values_item(node: ast.expr) -> bool:
    """`self.deprecated_values[<str>][<str>]`"""
    return (
        isinstance(node, ast.Subscript)
        and isinstance(node.value, ast.Subscript)
        and isinstance(node.value.value, ast.Attribute)
        and node.value.value.attr == "deprecated_values"
    )


def default_value(wheel: Wheel, how: str, section: str, key: str) -> str:
    """An option's default as the parser reads it: up to 2.6 from default_airflow.cfg, filled in with
    `str.format` (configuration.parameterized_config), from 2.7 from config.yml; then `%%` -> `%`
    (ConfigParser interpolation)."""
    if how == "get_default_value":
        value = str(template_options(wheel)[section][key])
    else:
        parser = configparser.RawConfigParser(strict=False, interpolation=None)
        parser.read_string(read_text(wheel, DEFAULT_CFG))
        value = parser.get(section, key).format()
    return value.replace("%%", "%")


def value_rewrites(wheel: Wheel, node: ast.expr | None, overrides: dict[Name, tuple[str, Name]]) -> dict[Name, Rewrite]:
    if node is None:
        return {}
    source = f"{CONFIGURATION}: {PARSER_CLASS}.deprecated_values"
    rewrites = {}
    for section_node, keys in zip(node.keys, node.values):
        for key_node, entry in zip(keys.keys, keys.values):
            name = (section_node.value.lower(), key_node.value.lower())
            pattern, replacement, version = entry.elts
            new, origin = ast.literal_eval(replacement), source
            if name in overrides:
                how, (section, key) = overrides[name]
                new, origin = default_value(wheel, how, section, key), f"{source}, replaced by the default of [{section}] {key}"
            rewrites[name] = Rewrite(regex_source(pattern), new, ast.literal_eval(version), origin)
    return rewrites


def legacy_rewrites(wheel: Wheel) -> dict[Name, Rewrite]:
    """1.10.15 compared values by equality and announced the old one's removal in 2.0."""
    node = class_tables(parser_class(wheel)).get("deprecated_values")
    source = f"apache-airflow {wheel.version} {CONFIGURATION}: {PARSER_CLASS}.deprecated_values (compared by equality)"
    return {
        (section.lower(), key.lower()): Rewrite(rf"\A{re.escape(old)}\Z", new, version, source)
        for section, keys in ast.literal_eval(node).items()
        for key, (old, new, version) in keys.items()
    }


@dataclass(frozen=True)
class Edge:
    new: Name
    since: str
    merged: bool  # one of several options replaced by one new option
    read: bool  # the target still reads the old name, with a DeprecationWarning


def legacy_edges(wheel: Wheel) -> dict[Name, Edge]:
    """1.10's own renames (section -> {new key: old key}, within a section), which 2.x no longer
    reads; `since` is the 1.10 release whose table has them (the new names are older)."""
    node = class_tables(parser_class(wheel))["deprecated_options"]
    return {
        (section, old): Edge((section, new), str(wheel.version), merged=False, read=False)
        for section, keys in ast.literal_eval(node).items()
        for new, old in keys.items()
    }


# --- one target ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Move:
    section: str
    key: str
    new_section: str
    new_key: str
    since: str
    merged: bool
    ignored: bool  # the target does not read the old name at all (1.10's own renames, most chains)


@dataclass
class TargetConfig:
    version: str
    edges: dict[Name, Edge]  # by old name
    sections: dict[str, tuple[str, str]]  # old section -> (new section, since)
    rewrites: dict[Name, Rewrite]
    options: dict[str, set[str]]  # section -> keys the target knows (core and providers)
    providers: list[Wheel]  # those whose configuration was merged
    deprecated_options: int


def installed_providers(target: Target, mwaa_data: Path) -> dict[str, Version]:
    """The constraints pins, plus the preinstalled providers the constraints do not pin (2.11.2's fab)."""
    index = mwaa_index(mwaa_data)
    preinstalled = index["versions"][str(target)].get("preinstalled_providers", {})
    extra = {canonicalize_name(dist): Version(version) for dist, version in preinstalled.items()}
    return {**extra, **target.pins}


def known_options(store: WheelStore, target: Target, mwaa_data: Path) -> tuple[dict[str, set[str]], list[Wheel]]:
    """section -> keys the target reads (core, fallback defaults, providers), and the providers merged."""
    wheel = store.exact(CORE, target.version)
    tables = [template_options(wheel)] + [cfg_options(wheel, file) for file in FALLBACK_DEFAULTS if file in wheel.files]
    providers = []
    if any(isinstance(node, ast.FunctionDef) and node.name == PROVIDERS_LOADER for node in parser_class(wheel).body):
        for dist, version in sorted(installed_providers(target, mwaa_data).items()):
            provider = store.exact(dist, version)
            if config := provider_config(provider):
                tables.append(config)
                providers.append(provider)
    return union(tables), providers


def read_target(store: WheelStore, target: Target, mwaa_data: Path, old_edges: dict[Name, Edge]) -> TargetConfig:
    wheel = store.exact(CORE, target.version)
    cls = parser_class(wheel)
    tables = class_tables(cls)
    edges = dict(old_edges)  # the target's own tables take precedence
    deprecated = ast.literal_eval(tables["deprecated_options"])
    for (new_section, new_key), (old_section, old_key, since) in deprecated.items():
        edges[(old_section, old_key)] = Edge((new_section, new_key), since, merged=False, read=True)
    for new, olds in ast.literal_eval(tables.get("many_to_one_deprecated_options", ast.Dict([], []))).items():
        for old_section, old_key, since in olds:
            edges[(old_section, old_key)] = Edge(new, since, merged=True, read=True)  # by the scheduler
    renamed = ast.literal_eval(tables.get("deprecated_sections", ast.Dict([], [])))
    sections = {old: (new, since) for new, (old, since) in renamed.items()}
    rewrites = value_rewrites(wheel, tables.get("deprecated_values"), default_overrides(cls))
    options, providers = known_options(store, target, mwaa_data)
    return TargetConfig(str(target), edges, sections, rewrites, options, providers, len(deprecated))


def resolve(config: TargetConfig, name: Name) -> Move | None:
    """Where the target reads `name`, following option moves and section renames to the end."""
    section, key = name
    hops = []
    for _ in range(MAX_HOPS):
        if (section, key) in config.edges:
            edge = config.edges[(section, key)]
        elif section in config.sections:
            new_section, since = config.sections[section]
            edge = Edge((new_section, key), since, merged=False, read=True)
        else:
            break
        hops.append(edge)
        section, key = edge.new
    else:
        raise SystemExit(f"{config.version}: the moves of {name} do not end")
    if (section, key) == name:
        return None
    if key not in config.options.get(section, ()):
        raise SystemExit(f"{config.version}: {name} moves to [{section}] {key}, which the target does not know")
    since = max((edge.since for edge in hops), key=Version)
    # conf.get follows one hop back from the name asked for (its deprecated name, or the same key in
    # the renamed section); the scheduler asks for a many-to-one option's old names by name, so a
    # hop into one of those is followed too
    ignored = not all(edge.read for edge in hops) or not all(edge.merged for edge in hops[1:])
    return Move(*name, section, key, since, any(edge.merged for edge in hops), ignored)


def moves_at(config: TargetConfig) -> dict[Name, Move]:
    """Every old name the target still maps: its option moves, and each option of a renamed
    section under the old section name."""
    candidates = set(config.edges)
    for old, (new, _) in config.sections.items():
        candidates |= {(old, key) for key in config.options.get(new, ())}
        candidates |= {(old, key) for section, key in config.edges if section == new}
    moves = {name: move for name in sorted(candidates) if (move := resolve(config, name))}
    for name, move in moves.items():
        if Version(move.since) > Version(config.version):
            raise SystemExit(f"{config.version}: {name} moves since {move.since}, after the target")
    return moves


# --- removed options -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Advice:
    text: str
    source: str


def legacy_versions(mwaa_data: Path) -> list[Version]:
    """MWAA's 1.10 versions (versions.toml): 1.10.12 knew options that 1.10.13+ renamed."""
    index = mwaa_index(mwaa_data)
    return sorted(Version(version) for version in index["versions"] if Version(version).major == 1)


def union(tables) -> dict[str, set[str]]:
    result: dict[str, set[str]] = {}
    for table in tables:
        for section, keys in table.items():
            result.setdefault(section, set()).update(keys)
    return result


def legacy_options(wheel: Wheel) -> dict[str, set[str]]:
    options = {section: set(keys) for section, keys in template_options(wheel).items()}
    rendered = cfg_options(wheel, DEFAULT_CFG)
    unlisted = [(s, k) for s, keys in rendered.items() for k in keys if k not in options.get(s, ())]
    if unlisted or set(rendered) - set(options):
        raise SystemExit(f"{wheel}: {DEFAULT_CFG} has options that {TEMPLATE} lacks: {unlisted}")
    return options


def removed_at(config: TargetConfig, legacy: dict[str, set[str]], moves: dict[Name, Move]) -> set[Name]:
    """The 1.10 options the target neither knows nor moves; key "" for a section gone whole."""
    removed = set()
    for section, keys in legacy.items():
        known = config.options.get(section)
        lost = {key for key in keys if key not in (known or ()) and (section, key) not in moves}
        whole = known is None and section not in config.sections and not any((section, key) in moves for key in keys)
        removed |= {(section, "")} if whole else {(section, key) for key in lost}
    return removed


def load_advice(path: Path) -> dict[Name, Advice]:
    advice = {}
    for entry in tomllib.loads(path.read_text()).get("advice", []):
        for key in entry["keys"]:
            advice[(entry["section"], key)] = Advice(entry["advice"], entry["source"])
    return advice


# --- output --------------------------------------------------------------------------------------

HEADER = "# Generated by scripts/build_config_rules.py from the wheels listed in [meta.wheels]. Do not edit."


def versions_by_row(rows: dict[str, dict]) -> dict:
    """row -> the targets that have it, from target -> {name: row}."""
    found: dict = {}
    for target, by_name in rows.items():
        for row in by_name.values():
            found.setdefault(row, []).append(target)
    return found


def render(
    targets: list[TargetConfig],
    wheels: list[Wheel],
    legacy: dict[str, set[str]],
    moves: dict[str, dict[Name, Move]],
    removed: dict[str, set[Name]],
    rewrites: dict[str, dict[Name, Rewrite]],
    advice: dict[Name, Advice],
) -> str:
    names = [config.version for config in targets]
    lines = [HEADER, "#"]
    lines.append("# per target: deprecated_options in configuration.py / [[move]] rows that apply / removed 1.10 options / value rewrites")
    for config in targets:
        counts = (config.deprecated_options, len(moves[config.version]), len(removed[config.version]), len(rewrites[config.version]))
        lines.append(f"#   {config.version}: {counts[0]} / {counts[1]} / {counts[2]} / {counts[3]}")
    lines += ["", "[meta]", f"generator = {toml_string('scripts/build_config_rules.py')}"]
    lines += [f"legacy = {toml_list([str(w.version) for w in wheels if w.dist == CORE and w.version.major == 1])}"]
    lines.append(f"targets = {toml_list(names)}")
    lines += [f"extra = {toml_string(str(EXTRA.relative_to(REPO)))}", "", "[meta.wheels]"]
    lines += [f"{toml_string(str(wheel))} = {toml_string('sha256:' + wheel.sha256)}" for wheel in wheels]
    for versions, providers in group_consecutive([(c.version, tuple(map(str, c.providers))) for c in targets]):
        if providers:
            lines += ["", "[[providers]]", f"versions = {toml_list(versions)}", f"merged = {toml_lines(list(providers))}"]
    for section in sorted(legacy):
        lines += ["", "[[legacy]]", f"section = {toml_string(section)}", f"keys = {toml_lines(sorted(legacy[section]))}"]
    for section in sorted({section for config in targets for section in config.options}):
        rows = [(config.version, tuple(sorted(config.options[section])) if section in config.options else None) for config in targets]
        for versions, keys in group_consecutive(rows):
            if keys is not None:
                lines += ["", "[[options]]", f"section = {toml_string(section)}", f"versions = {toml_list(versions)}"]
                lines.append(f"keys = {toml_lines(list(keys))}")
    sections = {c.version: {old: (old, new, since) for old, (new, since) in c.sections.items()} for c in targets}
    for (old, new, since), versions in versions_by_row(sections).items():
        lines += ["", "[[section_move]]", f"section = {toml_string(old)}", f"new_section = {toml_string(new)}"]
        lines += [f"since = {toml_string(since)}", f"versions = {toml_list(versions)}"]
    for move, versions in sorted(versions_by_row(moves).items(), key=lambda item: (item[0].section, item[0].key, Version(item[1][0]))):
        lines += ["", "[[move]]", f"section = {toml_string(move.section)}", f"key = {toml_string(move.key)}"]
        lines += [f"new_section = {toml_string(move.new_section)}", f"new_key = {toml_string(move.new_key)}"]
        lines += [f"since = {toml_string(move.since)}"] + (["merged = true"] if move.merged else [])
        lines += ["ignored = true"] if move.ignored else []
        lines.append(f"versions = {toml_list(versions)}")
    as_rows = {target: {name: name for name in names_} for target, names_ in removed.items()}
    for (section, key), versions in sorted(versions_by_row(as_rows).items()):
        lines += ["", "[[removed]]", f"section = {toml_string(section)}", f"key = {toml_string(key)}"]
        lines += [f"since = {toml_string(versions[0])}", f"versions = {toml_list(versions)}"]
        if (section, key) in advice:
            lines += [f"advice = {toml_string(advice[(section, key)].text)}", f"source = {toml_string(advice[(section, key)].source)}"]
    keyed = {target: {name: (name, rewrite) for name, rewrite in by_name.items()} for target, by_name in rewrites.items()}
    for ((section, key), rewrite), versions in sorted(versions_by_row(keyed).items(), key=lambda item: (item[0][0], Version(item[1][0]))):
        lines += ["", "[[value]]", f"section = {toml_string(section)}", f"key = {toml_string(key)}"]
        lines += [f"pattern = {toml_string(rewrite.pattern)}", f"replacement = {toml_string(rewrite.replacement)}"]
        lines += [f"version = {toml_string(rewrite.version)}", f"source = {toml_string(rewrite.source)}"]
        lines.append(f"versions = {toml_list(versions)}")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = generator_arguments(__doc__, OUTPUT)
    args = parser.parse_args(argv)

    store = WheelStore(args.cache_dir)
    legacy_wheels = [store.exact(CORE, version) for version in legacy_versions(args.mwaa_data)]
    legacy = union(legacy_options(wheel) for wheel in legacy_wheels)
    # the oldest release's entry wins: its version is the one named
    old_rewrites = {name: rewrite for wheel in reversed(legacy_wheels) for name, rewrite in legacy_rewrites(wheel).items()}
    old_edges = {name: edge for wheel in reversed(legacy_wheels) for name, edge in legacy_edges(wheel).items()}
    targets = [read_target(store, target, args.mwaa_data, old_edges) for target in load_targets(args.mwaa_data)]
    moves = {config.version: moves_at(config) for config in targets}
    removed = {config.version: removed_at(config, legacy, moves[config.version]) for config in targets}
    rewrites = {config.version: {**old_rewrites, **config.rewrites} for config in targets}
    advice = load_advice(EXTRA)
    unmatched = sorted(set(advice) - set().union(*removed.values()))
    if unmatched:
        raise SystemExit(f"{EXTRA.relative_to(REPO)} advises on options that no target removes: {unmatched}")
    for config in targets:
        counts = (config.deprecated_options, len(moves[config.version]), len(removed[config.version]), len(rewrites[config.version]))
        print(f"{config.version}: deprecated_options {counts[0]}, moves {counts[1]}, removed {counts[2]}, rewrites {counts[3]}", file=sys.stderr)
    # providers read and found without a `config` are left out of [meta.wheels]
    providers = sorted({provider for config in targets for provider in config.providers}, key=lambda w: (w.dist, w.version))
    wheels = [*legacy_wheels, *(store.exact(CORE, config.version) for config in targets), *providers]
    text = render(targets, wheels, legacy, moves, removed, rewrites, advice)
    return write_or_check(OUTPUT, text, args.check, "scripts/build_config_rules.py")


if __name__ == "__main__":
    sys.exit(main())
