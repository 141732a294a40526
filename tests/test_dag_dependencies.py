"""A DAG in `>>`/`<<` (AUL203): the fixed DAG file must attach tasks exactly as 1.10 did."""

import textwrap

from airflow_upgrade_lint import engine, knowledge
from airflow_upgrade_lint.settings import Settings


def fix(source: str) -> str:
    source = textwrap.dedent(source)
    result = engine.check_source(source.encode(), "dag.py", Settings(fix=True, select=("AUL203",)), knowledge.load())
    return result.fixed.decode() if result.fixed else source


def test_task_side_on_the_left_with_the_dag_assigned_through_an_alias():
    source = """\
        from airflow import DAG as D
        pipeline = D("p")
        extract << pipeline
        (load, report) << pipeline
    """
    assert fix(source).splitlines()[2:] == ["extract.dag = pipeline", "load.dag = pipeline", "report.dag = pipeline"]


def test_several_statements_on_one_line_are_reported_without_a_fix():
    source = """\
        from airflow import DAG
        dag = DAG("d")
        dag >> a; a >> b
    """
    assert fix(source) == textwrap.dedent(source)
