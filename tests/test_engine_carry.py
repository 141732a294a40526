"""Findings that other fixes hide without resolving them stay reported (Rule.survives_other_fixes).

AUL209 is found through a 1.10 import path, which the safe import fixes rewrite: after `--fix`
the re-analysis no longer sees it, yet nothing added `do_xcom_push=False`.
"""

from __future__ import annotations

import dataclasses

import pytest

from airflow_upgrade_lint import engine, knowledge
from airflow_upgrade_lint.checks.xcom_push_default import XcomPushDefault
from airflow_upgrade_lint.diagnostics import Applicability, Diagnostic, Fix
from airflow_upgrade_lint.engine import _LineMap
from airflow_upgrade_lint.settings import Settings

# the import statement becomes two: one line inserted above the task
INSERTED_ABOVE = """\
from airflow.operators import BashOperator, PythonOperator

count = BashOperator(task_id='count', bash_command='wc -l data.csv')
"""

# provide_context goes (one line removed above the task), the import is rewritten in place
REMOVED_ABOVE = """\
from airflow.operators.bash_operator import BashOperator
from airflow.operators.python import PythonOperator

load = PythonOperator(
    task_id='load',
    python_callable=print,
    provide_context=True,
)
count = BashOperator(task_id='count', bash_command='wc -l data.csv')
"""


def check(source: str, **flags) -> engine.SourceResult:
    settings = Settings(target_version="2.10.3", **flags)
    return engine.check_source(source.encode(), "dag.py", settings, knowledge.load())


def task_line(text: str) -> int:
    return next(number for number, line in enumerate(text.splitlines(), 1) if line.startswith("count = "))


@pytest.mark.parametrize("source", [INSERTED_ABOVE, REMOVED_ABOVE], ids=["inserted-above", "removed-above"])
def test_a_hidden_finding_is_carried_to_the_line_it_moved_to(source):
    result = check(source, fix=True)
    fixed = result.fixed.decode()
    assert "import BashOperator\n" in fixed and "bash_operator" not in fixed and "from airflow.operators import" not in fixed
    assert task_line(fixed) != task_line(source)  # the test must really move the line
    carried = [d for d in result.diagnostics if d.code == "AUL209"]
    assert [(d.line, d.column, d.end_line) for d in carried] == [(task_line(fixed), 9, task_line(fixed))]
    assert carried[0].fix is None  # its edit was made for a tree that is gone
    assert "do_xcom_push" not in fixed


def test_with_unsafe_fixes_the_finding_is_fixed_and_nothing_is_carried():
    result = check(REMOVED_ABOVE, fix=True, unsafe_fixes=True)
    fixed = result.fixed.decode()
    assert "count = BashOperator(task_id='count', bash_command='wc -l data.csv', do_xcom_push=False)\n" in fixed
    assert "from airflow.operators.bash import BashOperator\n" in fixed
    assert result.diagnostics == []


def test_a_finding_still_present_after_the_fixes_is_reported_once():
    # at 2.10.3 the SimpleHttpOperator import fix is unsafe: --fix leaves the 1.10 path in place
    source = REMOVED_ABOVE.replace("bash_operator import BashOperator", "http_operator import SimpleHttpOperator")
    source = source.replace("BashOperator(task_id='count', bash_command='wc -l data.csv')", "SimpleHttpOperator(task_id='count', endpoint='health')")
    result = check(source, fix=True)
    assert [d.line for d in result.diagnostics if d.code == "AUL209"] == [task_line(result.fixed.decode())]


def test_only_rules_that_survive_other_fixes_are_carried(monkeypatch):
    ordinary = tuple(dataclasses.replace(rule, survives_other_fixes=False) for rule in XcomPushDefault.rules)
    monkeypatch.setattr(XcomPushDefault, "rules", ordinary)
    assert [d.code for d in check(INSERTED_ABOVE, fix=True).diagnostics] == []


def test_without_fixing_nothing_moves():
    assert [(d.code, d.line) for d in check(INSERTED_ABOVE).diagnostics if d.code == "AUL209"] == [("AUL209", 3)]


BEFORE = "a\nb\nc\nd\ne\n"


@pytest.mark.parametrize(
    ("after", "expected"),
    [
        ("a\nb\nc\nd\ne\n", [1, 2, 3, 4, 5]),  # unchanged
        ("a\nnew\nnew\nb\nc\nd\ne\n", [1, 4, 5, 6, 7]),  # two lines inserted after line 1
        ("a\nc\nd\ne\n", [1, 2, 2, 3, 4]),  # line 2 removed: it maps to where it stood
        ("a\nB\nC\nd\ne\n", [1, 2, 3, 4, 5]),  # lines rewritten in place
        ("a\nBC\nd\ne\n", [1, 2, 2, 3, 4]),  # two lines rewritten into one
        ("a\nb\nc\n", [1, 2, 3, 3, 3]),  # the end removed: clamped to the last line
    ],
)
def test_line_map(after, expected):
    lines = _LineMap(BEFORE, after)
    assert [lines(number) for number in range(1, 6)] == expected


def test_line_map_moves_both_ends_of_a_finding_and_drops_its_fix():
    found = Diagnostic("dag.py", 2, 5, "AUL209", "message", end_line=4, end_column=2, fix=Fix(Applicability.UNSAFE, "Add", ()))
    moved = _LineMap(BEFORE, "header\n" + BEFORE).moved(found)
    assert (moved.line, moved.column, moved.end_line, moved.end_column, moved.fix) == (3, 5, 5, 2, None)


def test_line_map_counts_the_line_breaks_the_parser_counts():
    lines = _LineMap("a\x0cb\r\nc\rd\n", "new\na\x0cb\r\nc\rd\n")
    assert [lines(number) for number in range(1, 4)] == [2, 3, 4]
