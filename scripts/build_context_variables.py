#!/usr/bin/env python
"""Generate rules/context.toml: the 1.10 template-context variables each MWAA 2.x target lacks, and what replaces them.

What a template (or a task's `context[...]`) can read, from the wheels read as zip files and parsed
with `ast` (never imported):
  * apache-airflow 1.10.15: the keys of the dict literal that TaskInstance.get_template_context
    returns (airflow/models/taskinstance.py),
  * each target: KNOWN_CONTEXT_KEYS in airflow/utils/context.py where the wheel has it (2.4 on; kept
    in sync with the Context TypedDict there), else the keys of the dict literal that
    TaskInstance.get_template_context returns (2.0, 2.2). Where a wheel has both, every returned
    key must be a known one, or the script stops.
A 1.10.15 key that a target lacks is removed there. What replaces it is derived where 1.10.15 set it
to the same variable as a key every such target still has (`'end_date': ds` beside `'ds': ds`);
otherwise it must be a curated fact (CURATED below, with its source), or the script stops. A
replacement is a Jinja expression whose first name must be a key of every target it is written for.

Usage: python scripts/build_context_variables.py [--check] [--mwaa-data DIR] [--cache-dir DIR]
"""

from __future__ import annotations

import ast
import sys
import zipfile
from dataclasses import dataclass

from build_import_rules import (
    CORE,
    LEGACY,
    REPO,
    generator_arguments,
    group_consecutive,
    load_targets,
    toml_list,
    toml_string,
    write_or_check,
)
from wheel_store import Wheel, WheelStore

OUTPUT = REPO / "rules" / "context.toml"
TASK_INSTANCE = "airflow/models/taskinstance.py"
CONTEXT_MODULE = "airflow/utils/context.py"
RETURNED = f"{TASK_INSTANCE}: the dict TaskInstance.get_template_context returns"
KNOWN = f"{CONTEXT_MODULE}: KNOWN_CONTEXT_KEYS"


# --- curated facts: what no wheel can tell -------------------------------------------------------


@dataclass(frozen=True)
class Replacement:
    expression: str  # what a Jinja block writes instead
    safe: bool  # renders what 1.10 rendered in every case
    source: str


CURATED = {
    # apache-airflow 1.10.15, airflow/models/taskinstance.py, TaskInstance.get_template_context:
    #     tables = None
    #     if 'tables' in task.params:
    #         tables = task.params['tables']
    # and its `params` key is dag.params updated with task.params (and, with
    # core.dag_run_conf_overrides_params, with dag_run.conf). So `params.tables` is that value when
    # the task has a `tables` param and nothing overrides it; without one 1.10 rendered None, while
    # Airflow 2 fails on the undefined attribute: not safe.
    "tables": Replacement(
        "params.tables",
        safe=False,
        source="curated: 1.10.15 set `tables` to task.params['tables'] when the task had that param, else None",
    ),
}


# --- reading the wheels --------------------------------------------------------------------------


@dataclass(frozen=True)
class Context:
    keys: frozenset[str]
    source: str  # where they were read


def parse(wheel: Wheel, file: str) -> ast.Module | None:
    with zipfile.ZipFile(wheel.path) as archive:
        if file not in archive.namelist():
            return None
        return ast.parse(archive.read(file), f"{wheel}:{file}")


def returned_context(tree: ast.Module) -> dict[str, ast.expr] | None:
    """Key -> value of the dict literal that TaskInstance.get_template_context returns, if it returns one."""
    for cls in tree.body:
        if not (isinstance(cls, ast.ClassDef) and cls.name == "TaskInstance"):
            continue
        for method in cls.body:
            if isinstance(method, ast.FunctionDef) and method.name == "get_template_context":
                for statement in method.body:
                    if isinstance(statement, ast.Return) and isinstance(statement.value, ast.Dict):
                        pairs = zip(statement.value.keys, statement.value.values)
                        return {key.value: value for key, value in pairs if _is_string(key)}
    return None


def known_context_keys(tree: ast.Module) -> frozenset[str] | None:
    """The string set assigned to KNOWN_CONTEXT_KEYS at module level, if any."""
    for statement in tree.body:
        targets = statement.targets if isinstance(statement, ast.Assign) else [getattr(statement, "target", None)]
        if any(isinstance(target, ast.Name) and target.id == "KNOWN_CONTEXT_KEYS" for target in targets):
            if not (isinstance(statement.value, ast.Set) and all(map(_is_string, statement.value.elts))):
                raise SystemExit(f"KNOWN_CONTEXT_KEYS is not a set of strings: {ast.unparse(statement)[:200]}")
            return frozenset(element.value for element in statement.value.elts)
    return None


def _is_string(node: ast.expr | None) -> bool:
    return isinstance(node, ast.Constant) and isinstance(node.value, str)


def legacy_context(wheel: Wheel) -> dict[str, ast.expr]:
    tree = parse(wheel, TASK_INSTANCE)
    returned = returned_context(tree) if tree else None
    if not returned:
        raise SystemExit(f"{wheel}: no dict literal returned by TaskInstance.get_template_context")
    return returned


def target_context(wheel: Wheel) -> Context:
    context_module = parse(wheel, CONTEXT_MODULE)
    known = known_context_keys(context_module) if context_module else None
    task_instance = parse(wheel, TASK_INSTANCE)
    returned = returned_context(task_instance) if task_instance else None
    if known is not None:
        if returned is not None and not returned.keys() <= known:
            unknown = sorted(returned.keys() - known)
            raise SystemExit(f"{wheel}: get_template_context returns keys not in KNOWN_CONTEXT_KEYS: {unknown}")
        return Context(known, KNOWN)
    if returned is None:
        raise SystemExit(f"{wheel}: neither KNOWN_CONTEXT_KEYS nor a dict returned by get_template_context")
    return Context(frozenset(returned), RETURNED)


# --- removed variables ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Removed:
    name: str
    versions: list[str]  # the targets that lack it
    replacement: Replacement


def removed_variables(legacy: dict[str, ast.expr], contexts: dict[str, Context]) -> list[Removed]:
    removed = []
    for name in sorted(legacy):
        versions = [target for target, context in contexts.items() if name not in context.keys]
        if not versions:
            continue
        replacement = CURATED.get(name) or derived(name, legacy, [contexts[target] for target in versions])
        if replacement is None:
            raise SystemExit(f"no replacement for the removed context key {name!r}: add it to CURATED, with its source")
        head = replacement.expression.split(".")[0]
        missing = [target for target in versions if head not in contexts[target].keys]
        if missing:
            raise SystemExit(f"{name!r} -> {replacement.expression!r}: {head!r} is not in the context at {missing}")
        removed.append(Removed(name, versions, replacement))
    return removed


def derived(name: str, legacy: dict[str, ast.expr], contexts: list[Context]) -> Replacement | None:
    """The key that 1.10.15 set to the same variable as `name` and that every context in `contexts` has."""
    value = legacy[name]
    if not isinstance(value, ast.Name):
        return None
    same = [
        key for key, other in legacy.items()
        if isinstance(other, ast.Name) and other.id == value.id and all(key in context.keys for context in contexts)
    ]  # fmt: skip
    if len(same) != 1:  # none, or a choice the data cannot make
        return None
    source = f"derived: 1.10.15 set `{name}` and `{same[0]}` to the same variable, `{value.id}`"
    return Replacement(same[0], safe=True, source=source)


# --- output --------------------------------------------------------------------------------------

HEADER = "# Generated by scripts/build_context_variables.py from the wheels listed in [meta.wheels]. Do not edit."


def toml_lines(values: list[str]) -> str:
    """A TOML array with one string per line: the key lists are long and diffs stay readable."""
    return "[\n" + "".join(f"    {toml_string(value)},\n" for value in values) + "]"


def render(
    targets: list[str],
    wheels: list[Wheel],
    legacy: dict[str, ast.expr],
    contexts: dict[str, Context],
    removed: list[Removed],
) -> str:
    lines = [HEADER, "", "[meta]", f"generator = {toml_string('scripts/build_context_variables.py')}"]
    lines += [f"legacy = {toml_string(str(LEGACY))}", f"targets = {toml_list(targets)}", "", "[meta.wheels]"]
    lines += [f"{toml_string(str(wheel))} = {toml_string('sha256:' + wheel.sha256)}" for wheel in wheels]
    lines += ["", "[legacy]", f"source = {toml_string(RETURNED)}", f"keys = {toml_lines(sorted(legacy))}"]
    for versions, context in group_consecutive(list(contexts.items())):
        lines += ["", "[[context]]", f"versions = {toml_list(versions)}", f"source = {toml_string(context.source)}"]
        lines.append(f"keys = {toml_lines(sorted(context.keys))}")
    for entry in removed:
        lines += [
            "",
            "[[removed]]",
            f"name = {toml_string(entry.name)}",
            f"versions = {toml_list(entry.versions)}",
            f"replacement = {toml_string(entry.replacement.expression)}",
            f"safe = {str(entry.replacement.safe).lower()}",
            f"source = {toml_string(entry.replacement.source)}",
        ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = generator_arguments(__doc__, OUTPUT)
    args = parser.parse_args(argv)

    store = WheelStore(args.cache_dir)
    targets = [str(target) for target in load_targets(args.mwaa_data)]
    legacy = legacy_context(store.exact(CORE, LEGACY))
    contexts = {target: target_context(store.exact(CORE, target)) for target in targets}
    removed = removed_variables(legacy, contexts)
    for entry in removed:
        print(f"{entry.name} -> {entry.replacement.expression} ({entry.replacement.source})", file=sys.stderr)
    text = render(targets, store.read, legacy, contexts, removed)
    return write_or_check(OUTPUT, text, args.check, "scripts/build_context_variables.py")


if __name__ == "__main__":
    sys.exit(main())
