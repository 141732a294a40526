"""How the plugin checks find `AirflowPlugin` subclasses and what their bodies assign."""

from __future__ import annotations

from typing import Iterator, Union

import libcst as cst

from ..plugin_facts import PLUGIN_BASE
from ..rule import Check

ClassAttribute = Union[cst.Assign, cst.AnnAssign]


def is_plugin_class(check: Check, node: cst.ClassDef) -> bool:
    """Whether the class derives from Airflow's AirflowPlugin, however it was imported."""
    return any(PLUGIN_BASE in check.imported_paths(base.value) for base in node.bases)


def class_attributes(node: cst.ClassDef) -> Iterator[tuple[str, ClassAttribute]]:
    """The names the class body assigns directly (`name = ...`, `name: T = ...`), each with its
    assignment."""
    for statement in node.body.body:
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            if isinstance(small, cst.Assign):
                for target in small.targets:
                    if isinstance(target.target, cst.Name):
                        yield target.target.value, small
            elif isinstance(small, cst.AnnAssign) and isinstance(small.target, cst.Name) and small.value is not None:
                yield small.target.value, small
