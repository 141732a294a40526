"""The examples in each rule's documentation are its tests (one source of truth, as in fixit)."""

from __future__ import annotations

import ast

import pytest

from airflow_upgrade_lint import engine, knowledge
from airflow_upgrade_lint.checks import all_rules
from airflow_upgrade_lint.settings import Settings

CASES = [
    pytest.param(rule, example, id=f"{rule.code}-{index}")
    for rule in all_rules()
    for index, example in enumerate(rule.examples)
]


@pytest.mark.parametrize(("rule", "example"), CASES)
def test_example(rule, example):
    table = knowledge.load()
    target = example.target or table.default_target
    settings = Settings(target_version=target, unsafe_fixes=example.unsafe)
    found = engine.check_source(example.source.encode(), "example.py", settings, table).diagnostics
    reported = [d for d in found if d.code == rule.code]
    if not example.reported:
        assert reported == [], f"{rule.code} must not report this example"
        return
    assert reported, f"{rule.code} must report this example"
    fixing = Settings(target_version=target, unsafe_fixes=example.unsafe, fix=True)
    result = engine.check_source(example.source.encode(), "example.py", fixing, table)
    after = result.fixed.decode() if result.fixed is not None else example.source
    assert after == example.fixed
    ast.parse(after)  # the engine re-parses every fix; the example must hold that too
    again = engine.check_source(after.encode(), "example.py", fixing, table)
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
