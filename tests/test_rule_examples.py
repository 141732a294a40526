"""The examples in each rule's documentation are its tests (one source of truth, as in fixit)."""

from __future__ import annotations

import ast

import pytest

from pathlib import PurePosixPath

from airflow_upgrade_lint import knowledge
from airflow_upgrade_lint import project as project_facts
from airflow_upgrade_lint.checks import all_rules
from airflow_upgrade_lint.settings import Settings
from airflow_upgrade_lint.runner import check_file
from airflow_upgrade_lint.workspace import collect, kind_of

CASES = [
    pytest.param(rule, example, id=f"{rule.code}-{index}")
    for rule in all_rules()
    for index, example in enumerate(rule.examples)
]


def example_project(example, root) -> project_facts.Project:
    """The cross-file facts of the example's project, written out under `root`."""
    if not example.project:
        return project_facts.Project()
    for path, content in (*example.project, (example.path, example.source)):
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(content)
    settings = Settings(paths=(root / example.path,), project_root=root)
    return project_facts.build(settings, collect(settings))


@pytest.mark.parametrize(("rule", "example"), CASES)
def test_example(rule, example, tmp_path):
    table = knowledge.load()
    target = example.target or table.default_target
    project = example_project(example, tmp_path)
    kind = kind_of(PurePosixPath(example.path).name)
    settings = Settings(target_version=target, unsafe_fixes=example.unsafe)
    found = check_file(kind, example.source.encode(), example.path, settings, table, project).diagnostics
    reported = [d for d in found if d.code == rule.code]
    if not example.reported:
        assert reported == [], f"{rule.code} must not report this example"
        return
    assert reported, f"{rule.code} must report this example"
    fixing = Settings(target_version=target, unsafe_fixes=example.unsafe, fix=True)
    result = check_file(kind, example.source.encode(), example.path, fixing, table, project)
    after = result.fixed.decode() if result.fixed is not None else example.source
    assert after == example.fixed
    if kind == "python":
        ast.parse(after)  # the engine re-parses every fix; the example must hold that too
    again = check_file(kind, after.encode(), example.path, fixing, table, project)
    assert again.fixed is None, f"{rule.code}: fixing the fixed example changes it again"


def test_every_rule_is_documented():
    for rule in all_rules():
        doc = rule.documentation()
        assert doc.startswith("## What it does"), rule.code
        assert "## Why is this bad?" in doc, rule.code
        assert rule.name == rule.name.lower() and " " not in rule.name, rule.code


def test_codes_and_names_are_unique():
    rules = all_rules()
    assert len({r.code for r in rules}) == len(rules)
    assert len({r.name for r in rules}) == len(rules)
