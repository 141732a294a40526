"""Removed and renamed operator arguments (AUL201, AUL202) beyond the rule examples."""

from __future__ import annotations

import textwrap

import libcst as cst

from airflow_upgrade_lint import engine, knowledge
from airflow_upgrade_lint.settings import Settings


def run(source: str, *, fix: bool = True, target: str = "2.10.3"):
    source = textwrap.dedent(source)
    settings = Settings(fix=fix, target_version=target, select=("AUL2",))
    result = engine.check_source(source.encode(), "dag.py", settings, knowledge.load())
    return (result.fixed.decode() if result.fixed else source), result


def fixed(source: str) -> str:
    text, _ = run(source)
    again, _ = run(text)
    assert again == text, "fixing twice must change nothing"
    cst.parse_module(text)
    return text


def codes(source: str) -> list[str]:
    return [d.code for d in run(source, fix=False)[1].diagnostics]


def test_shared_default_args_variable_is_reported_once_and_fixed():
    source = """\
        from airflow import DAG
        from airflow.operators.python import PythonOperator

        DEFAULTS = {
            "owner": "data",
            "provide_context": True,
        }
        dag = DAG("d", default_args=DEFAULTS)
        t = PythonOperator(task_id="t", python_callable=print, dag=dag, default_args=DEFAULTS)
    """
    assert codes(source) == ["AUL201"]
    assert '"provide_context"' not in fixed(source)
    assert '    "owner": "data",\n}\n' in fixed(source)


def test_contrib_python_sensor_loses_provide_context():
    source = """\
        from airflow.contrib.sensors.python_sensor import PythonSensor
        wait = PythonSensor(task_id="w", python_callable=bool, provide_context=True)
    """
    assert codes(source) == ["AUL201"]
    assert "provide_context" not in fixed(source)


def test_a_renamed_argument_is_not_renamed_inside_default_args():
    # default_args reach every operator of the DAG: renaming xcom_push there would turn on
    # pushing for all of them
    source = """\
        from airflow import DAG
        dag = DAG("d", default_args={"xcom_push": True})
    """
    assert codes(source) == []


def test_a_change_applies_only_to_its_classes_and_the_rest_is_unknown():
    # xcom_push is renamed on BashOperator only, provide_context removed from the Python
    # operators only: elsewhere they are plain invalid arguments, reported without a fix
    source = """\
        from airflow.operators.bash import BashOperator
        from airflow.operators.python import PythonOperator
        a = PythonOperator(task_id="a", python_callable=print, xcom_push=True)
        b = BashOperator(task_id="b", bash_command="date", provide_context=True)
    """
    found = run(source, fix=False)[1].diagnostics
    assert [(d.code, d.line, d.fix) for d in found] == [("AUL206", 3, None), ("AUL206", 4, None)]


def test_each_call_is_fixed_when_one_statement_has_several():
    source = """\
        from airflow.operators.python import PythonOperator, BranchPythonOperator
        pick = BranchPythonOperator(task_id="p", python_callable=str, provide_context=True); run = PythonOperator(task_id="r", python_callable=str, provide_context=False)
    """
    assert "provide_context" not in fixed(source)


def test_presto_check_operator_gets_conn_id_through_its_1_10_path():
    source = """\
        from airflow.operators.presto_check_operator import PrestoCheckOperator
        check = PrestoCheckOperator(task_id="c", sql="select 1", presto_conn_id="presto")
    """
    assert codes(source) == ["AUL202"]
    assert 'conn_id="presto"' in fixed(source) and "presto_conn_id" not in fixed(source)


def test_sql_sensor_allow_null_is_removed_only_as_an_unsafe_fix():
    source = """\
        from airflow.sensors.sql_sensor import SqlSensor
        wait = SqlSensor(task_id="w", conn_id="db", sql="select 1", allow_null=False)
    """
    (diagnostic,) = run(source, fix=False)[1].diagnostics
    assert diagnostic.code == "AUL201" and diagnostic.fix.applicability.value == "unsafe"
    assert fixed(source) == textwrap.dedent(source)


def test_subdag_operator_executor_is_removed():
    source = """\
        from airflow.executors.sequential_executor import SequentialExecutor
        from airflow.operators.subdag_operator import SubDagOperator
        section = SubDagOperator(task_id="s", subdag=None, executor=SequentialExecutor())
    """
    assert codes(source) == ["AUL201"]
    assert "executor=" not in fixed(source)


def test_a_provider_argument_without_successor_is_reported_with_what_to_do():
    source = """\
        from airflow.operators.docker_operator import DockerOperator

        DockerOperator(task_id="t", image="alpine", volumes=["/data:/data:ro"])
        """
    text, result = run(source)
    [finding] = [d for d in result.diagnostics if d.code == "AUL201"]
    assert "mounts=" in finding.message and finding.fix is None
    assert "volumes=" in text


def test_dagbag_store_serialized_dags_is_deprecated_at_every_target():
    source = """\
        from airflow.models import DagBag

        bag = DagBag(store_serialized_dags=True)
        """
    for target in ("2.0.2", "2.10.3"):
        assert codes_at(source, target) == ["AUL205"]
    assert "DagBag(read_dags_from_db=True)" in fixed(source)


def test_ssh_timeout_is_silent_while_the_pinned_provider_still_takes_it():
    source = """\
        from airflow.contrib.operators.ssh_operator import SSHOperator

        SSHOperator(task_id="t", command="uptime", timeout=30)
        """
    assert "AUL201" not in codes_at(source, "2.2.2")
    assert "AUL201" in codes_at(source, "2.10.3")


def codes_at(source: str, target: str) -> list[str]:
    source = textwrap.dedent(source)
    settings = Settings(target_version=target)
    return [d.code for d in engine.check_source(source.encode(), "dag.py", settings, knowledge.load()).diagnostics]
