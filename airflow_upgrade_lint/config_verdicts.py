"""What the Airflow configuration family (AUL4xx) says about one option, whatever file sets it.

Every format that holds Airflow configuration (airflow.cfg, env files and `AIRFLOW__X__Y`
assignments, MWAA "Airflow configuration options" in CloudFormation, Terraform or JSON, Python
strings) finds (section, key, value) and where they are written; the verdicts here decide what
is wrong with them, and the format turns each verdict into edits of its own syntax.

The facts come from config_options (Airflow's own `deprecated_options`, `deprecated_sections`
and `deprecated_values`, read from the wheels) and from knowledge.moves (the 1.10 class paths
a value may name); the project's plugins give what an executor's plugin name stood for.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import config_options
from .checks.config_options_rules import (
    BACKEND_KWARGS_NOT_JSON,
    DEPRECATED_VALUE,
    EXECUTOR_PLUGIN_NAME,
    MESOS_EXECUTOR,
    MOVED_CLASS_PATH,
    REMOVED_OPTION,
    RENAMED_OPTION,
)
from .diagnostics import Applicability

if TYPE_CHECKING:
    from .knowledge import Knowledge
    from .project import Project
    from .rule import Rule

EXECUTOR = ("core", "executor")
BACKEND_KWARGS = ("secrets", "backend_kwargs")
MESOS = "MesosExecutor"
_VALUE_RULES = frozenset(rule.code for rule in (MOVED_CLASS_PATH, DEPRECATED_VALUE, EXECUTOR_PLUGIN_NAME, MESOS_EXECUTOR, BACKEND_KWARGS_NOT_JSON))


@dataclass(frozen=True)
class Verdict:
    rule: Rule
    message: str
    # (section, key), lower case: the name the option should be written as. For a whole
    # section (section_verdicts) the key is "".
    new_name: tuple[str, str] | None = None
    new_value: str | None = None  # the value it should hold
    applicability: Applicability = Applicability.SAFE
    # new_name replaces several old options, of which Airflow takes the largest value: an old
    # one set next to the new name still counts
    merged: bool = False

    @property
    def about_value(self) -> bool:
        """The verdict is on the option's value (reported there), not on its name."""
        return self.rule.code in _VALUE_RULES


def option_verdicts(
    section: str,
    key: str,
    value: str | None,
    target: str,
    knowledge: Knowledge,
    project: Project,
    *,
    under_header: bool = False,
) -> list[Verdict]:
    """Everything wrong with `[section] key = value` at the target.

    `value` None: the format does not know it (an environment variable read in code), and
    only the name is judged. An option of a section renamed or removed as a whole gets its own
    verdict, which formats that spell the section in every option need; `under_header` leaves
    those out for formats (airflow.cfg) where section_verdicts on the header covers them.
    """
    options = config_options.load()
    section, key = section.lower(), key.lower()
    removed = options.removed(section, key, target)
    if removed is not None:
        if removed.key == "" and under_header:
            return []
        return [Verdict(REMOVED_OPTION, _removed_message(removed, section, key))]

    verdicts: list[Verdict] = []
    name = (section, key)
    move = options.move(section, key, target)
    renamed_section = options.section_move(section, target)
    if move is not None:
        name = (move.new_section, move.new_key)
        if not (under_header and name == (renamed_section, key)):
            verdicts.append(Verdict(RENAMED_OPTION, _moved_message(move, target), new_name=name, merged=move.merged))
    elif renamed_section is not None:
        name = (renamed_section, key)
        if not under_header:
            message = f"{_option(section, key)} is {_option(*name)}: section {_section_renamed(section, renamed_section, target)}"
            verdicts.append(Verdict(RENAMED_OPTION, message, new_name=name))
    if value is not None:
        verdicts += _value_verdicts(name, value.strip(), target, knowledge, project, options)
    return verdicts


def section_verdicts(section: str, target: str) -> list[Verdict]:
    """A whole section renamed (new_name is (new section, "")) or removed at the target."""
    options = config_options.load()
    section = section.lower()
    removed = options.removed(section, "", target)
    if removed is not None:
        return [Verdict(REMOVED_OPTION, _removed_message(removed, section, ""))]
    renamed = options.section_move(section, target)
    if renamed is not None:
        message = f"Section {_section_renamed(section, renamed, target)}"
        return [Verdict(RENAMED_OPTION, message, new_name=(renamed, ""))]
    return []


def _value_verdicts(
    name: tuple[str, str],
    value: str,
    target: str,
    knowledge: Knowledge,
    project: Project,
    options: config_options.ConfigOptions,
) -> list[Verdict]:
    """What is wrong with the value of the option whose 2.x name is `name`."""
    if not value:
        return []
    if name == EXECUTOR and value.rpartition(".")[2] == MESOS:
        return [Verdict(MESOS_EXECUTOR, f"{_shown(value)} was removed in Airflow 2.0; MWAA runs the CeleryExecutor")]
    if name == EXECUTOR and value.count(".") == 1 and "," not in value and ":" not in value:
        return _plugin_executor(value, project)
    if name == BACKEND_KWARGS:
        return _backend_kwargs(value)
    moved = moved_path(value, target, knowledge)
    if moved is not None:
        return [moved]
    rewritten = options.new_value(*name, value, target)
    if rewritten is not None:
        message = f"Airflow rewrites {_option(*name)} {_shown(value)} to {_shown(rewritten)} (with a warning)"
        return [Verdict(DEPRECATED_VALUE, message, new_value=rewritten)]
    return []


def moved_path(value: str, target: str, knowledge: Knowledge) -> Verdict | None:
    """A 1.10 class or function path (a secrets backend, an email backend, an executor, ...)."""
    move = knowledge.moves(target).get(value)
    if move is None:
        return None
    if not move.path:
        why = f": {move.note}" if move.note else ""
        return Verdict(MOVED_CLASS_PATH, f"`{value}` does not exist in Airflow {target}{why}")
    where = f" ({move.distribution})" if move.distribution else ""
    message = f"`{value}` moved to `{move.path}`{where}"
    if not move.safe:
        message += f"; {move.note}" if move.note else "; check that it behaves the same"
    applicability = Applicability.SAFE if move.safe else Applicability.UNSAFE
    return Verdict(MOVED_CLASS_PATH, message, new_value=move.path, applicability=applicability)


def _plugin_executor(value: str, project: Project) -> list[Verdict]:
    """1.10's `plugin_name.ExecutorClass`: 1.10 looked the executor up among the `executors` of
    the plugin whose name, lower-cased, is the first part (executors/__init__.py and
    plugins_manager.make_module, 1.10.15); 2.x wants the class's module path. Only a name that a
    plugin of the project has is judged: 2.x also reads `module.ExecutorClass` as a module path
    when no plugin matches (executor_loader.import_executor_cls, 2.10.3)."""
    plugin_name, _, class_name = value.partition(".")
    plugins = [plugin for plugin in project.plugins if plugin.name is not None and plugin.name.lower() == plugin_name]
    if not plugins:
        return []
    found = {
        f"{entry.module}.{entry.name}"
        for plugin in plugins
        for entry in plugin.registered
        if entry.registry == "executors" and entry.name == class_name and entry.module
    }
    if len(found) == 1:
        (path,) = found
        return [Verdict(EXECUTOR_PLUGIN_NAME, f"Executor given by plugin name {_shown(value)}: use its module path `{path}`", new_value=path)]
    return [
        Verdict(
            EXECUTOR_PLUGIN_NAME,
            f"Executor {_shown(value)} names plugin `{plugin_name}`, which registers no single executor "
            f"`{class_name}`: give the module path of the executor class",
        )
    ]


def _backend_kwargs(value: str) -> list[Verdict]:
    """Airflow 2 reads `[secrets] backend_kwargs` with json.loads and, when that fails or gives
    no object, starts the backend without any argument (configuration.py, 2.10.3)."""
    try:
        parsed = json.loads(value)
    except json.JSONDecodeError as error:
        return [Verdict(BACKEND_KWARGS_NOT_JSON, f"`[secrets] backend_kwargs` is not JSON: {error}; Airflow ignores it")]
    if isinstance(parsed, dict):
        return []
    kind = type(parsed).__name__ if parsed is not None else "null"
    return [Verdict(BACKEND_KWARGS_NOT_JSON, f"`[secrets] backend_kwargs` is JSON {kind}, not an object; Airflow ignores it")]


def _removed_message(removed: config_options.RemovedOption, section: str, key: str) -> str:
    what = f"Section `[{section}]`" if not key else f"Option {_option(section, key)}"
    if removed.key == "" and key:
        what += " (the whole section)"
    advice = f": {removed.advice}" if removed.advice else ""
    return f"{what} no longer exists (not in Airflow {removed.since} and later){advice}"


def _moved_message(move: config_options.OptionMove, target: str) -> str:
    old, new = _option(move.section, move.key), _option(move.new_section, move.new_key)
    if move.merged:
        return f"{old} is merged into {new} since Airflow {move.since}, which takes the largest of their values"
    if move.ignored:
        return f"{old} is {new}: Airflow {target} no longer reads the old name"
    return f"{old} is {new} since Airflow {move.since}"


def _section_renamed(section: str, new_section: str, target: str) -> str:
    return f"`[{section}]` is `[{new_section}]` in Airflow {target}"


def _option(section: str, key: str) -> str:
    return f"`[{section}] {key}`"


def _shown(value: str) -> str:
    """A value in a one-line message: a multi-line one (airflow.cfg continuation lines) with `\\n`."""
    return "`" + value.replace("\n", "\\n") + "`"
