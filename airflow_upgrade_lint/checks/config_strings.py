"""Airflow configuration named in Python strings (AUL401-AUL407): boto3 scripts, DAGs and tests.

- `AIRFLOW__SECTION__KEY` literals (`os.environ["..."]`, `os.getenv("...")`, keys of env dicts,
  `dict(AIRFLOW__...=...)` keywords), with the value given beside them when it is a literal: a
  dict value, `os.environ[...] = value`, the second argument of `setdefault`/`putenv`/`setenv`.
- MWAA `"section.key"` keys of dict displays (`mwaa.update_environment(AirflowConfigurationOptions={...})`)
  with their literal values.
- Class paths that are configuration although no option holds them: the `"class"` of a handler
  in a logging-config dict (a 1.10 task handler), and any literal naming a 1.10 secrets backend.

The verdicts are config_verdicts', as for every other format; fixes rewrite the literal keeping
its quotes. Strings are only read where the file mentions `AIRFLOW__`, `airflow.` or
"configuration" (AirflowConfigurationOptions): a dict of options in a file that names none of
them is not seen.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Union

import libcst as cst

from .. import config_verdicts
from ..config_occurrences import DOTTED_NAME, ENV_NAME, ENV_PREFIX, Name, Spelling, carried_out, contested, renamed
from ..diagnostics import Fix
from ..dict_arguments import retyped
from ..rule import Check
from .config_options_rules import RULES

# Where 1.10 kept its secrets backends: a literal naming one is `[secrets] backend` (or its
# environment variable) wherever it is assigned.
_SECRETS_BACKENDS = "airflow.contrib.secrets."
NameNode = Union[cst.SimpleString, cst.Name]


@dataclass(frozen=True)
class _Option:
    node: NameNode
    name: Name  # as written
    suffix: str
    value: Optional[cst.SimpleString]  # the literal beside it when it is the option's value
    verdicts: list[config_verdicts.Verdict]


class ConfigStrings(Check):
    rules = RULES
    triggers = (b"AIRFLOW__", b"airflow.", b"onfiguration")

    def __init__(self, context) -> None:
        super().__init__(context)
        self.names: list[tuple[NameNode, Spelling]] = []
        self.values: dict[int, cst.BaseExpression] = {}  # id of a name's node -> the value beside it
        self.class_paths: list[cst.SimpleString] = []

    # Each visitor looks at the literal's source before evaluating it: evaluation is costly, and
    # the names looked for hold no character that would need an escape.

    def visit_SimpleString(self, node: cst.SimpleString) -> None:
        if ENV_PREFIX in node.value and ENV_NAME.fullmatch(_text(node)):
            self.names.append((node, Spelling.ENV))
        elif _SECRETS_BACKENDS in node.value and _text(node).startswith(_SECRETS_BACKENDS):
            self.class_paths.append(node)

    def visit_DictElement(self, node: cst.DictElement) -> None:
        key = node.key
        if not isinstance(key, cst.SimpleString) or not ("." in key.value or "class" in key.value or ENV_PREFIX in key.value):
            return
        self.values[id(key)] = node.value
        if DOTTED_NAME.fullmatch(_text(key)):
            self.names.append((key, Spelling.DOTTED))
        elif _text(key) == "class" and isinstance(node.value, cst.SimpleString):
            self.class_paths.append(node.value)

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:  # os.environ["AIRFLOW__..."] = value
            subscript = target.target
            if isinstance(subscript, cst.Subscript) and len(subscript.slice) == 1:
                index = subscript.slice[0].slice
                if isinstance(index, cst.Index) and _names_option(index.value):
                    self.values[id(index.value)] = node.value

    def visit_Call(self, node: cst.Call) -> None:
        positional = [arg.value for arg in node.args if arg.keyword is None and not arg.star]
        if len(positional) >= 2 and _names_option(positional[0]):  # setdefault("AIRFLOW__...", value), putenv, setenv
            self.values[id(positional[0])] = positional[1]
        for arg in node.args:
            if arg.keyword is not None and arg.keyword.value.startswith(ENV_PREFIX) and ENV_NAME.fullmatch(arg.keyword.value):
                self.names.append((arg.keyword, Spelling.ENV))
                self.values[id(arg.keyword)] = arg.value

    def leave_Module(self, original_node: cst.Module) -> None:
        judged = [self._judge(node, spelling) for node, spelling in self.names]
        taken = contested((option.name, renamed(option.name, option.verdicts)) for option in judged if id(option.node) in self.values)
        for option in judged:
            for verdict in option.verdicts:
                self._report(verdict, taken, option.node, option.name, option.suffix, option.value)
        seen = {id(option.value) for option in judged}  # value literals the option verdicts judged
        for literal in self.class_paths:
            if id(literal) in seen:
                continue
            # the verdict on a class path an option holds, for one that no option holds
            verdict = config_verdicts.moved_path(_text(literal), self.context.target, self.context.knowledge)
            if verdict is not None:
                self._report(verdict, set(), literal, value=literal)

    def _judge(self, node: NameNode, spelling: Spelling) -> _Option:
        written = node.value if isinstance(node, cst.Name) else _text(node)
        match = (ENV_NAME if spelling is Spelling.ENV else DOTTED_NAME).fullmatch(written)
        assert match is not None  # collected for matching
        suffix = match.groupdict().get("suffix") or ""
        value = self.values.get(id(node))
        text = value.evaluated_value if isinstance(value, cst.SimpleString) and not suffix else None
        if not isinstance(text, str):  # no literal, or a command or a secret's path: not the value
            text, value = None, None
        name = (spelling, match.group("section").lower(), match.group("key").lower())
        context = self.context
        verdicts = config_verdicts.option_verdicts(*name[1:], text, context.target, context.knowledge, context.project)
        return _Option(node, name, suffix, value, verdicts)  # type: ignore[arg-type]

    def _report(
        self,
        verdict: config_verdicts.Verdict,
        taken: set[Name],
        node: cst.CSTNode,
        name: Optional[Name] = None,
        suffix: str = "",
        value: Optional[cst.SimpleString] = None,
    ) -> None:
        """The verdict on the option named by `node` (or, `name` None, on the literal `node`
        itself), at its value when it is about the value."""
        outcome = carried_out(verdict, name, suffix, value.quote if value is not None else None, taken)
        edits = []
        if outcome.new_name is not None:
            new_name = outcome.new_name + suffix
            edits.append(self.edit(node, cst.Name(new_name) if isinstance(node, cst.Name) else retyped(node, new_name)))
        if value is not None and outcome.new_value is not None:
            edits.append(self.edit(value, retyped(value, outcome.new_value)))
        fix = Fix(verdict.applicability, outcome.fix_message, tuple(edits)) if edits else None
        self.report(verdict.rule, value if value is not None and outcome.at_value else node, outcome.message, fix)


def _text(literal: cst.SimpleString) -> str:
    """The literal's value ("" for bytes)."""
    value = literal.evaluated_value
    return value if isinstance(value, str) else ""


def _names_option(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.SimpleString) and ENV_PREFIX in node.value
