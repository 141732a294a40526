"""Time the linter on a synthetic MWAA-sized project and print a table.

    python scripts/benchmark.py [--files 500]

Each DAG file is a typical 1.10 DAG: a dozen imports (moved and already-canonical), a
default_args dict and a few tasks. Beside dags/ are a 1.10 requirements.txt and airflow.cfg, as in
an MWAA project, so a run also reads every DAG's imports for the providers they need. Rows: a cold check (no cache), a check with a warm cache,
`--diff`, and `--fix` on a fresh copy. Peak RSS is the largest of the child processes.
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DAG = '''\
"""Synthetic DAG {index}."""
from datetime import datetime, timedelta

from airflow import DAG
from airflow.operators.bash_operator import BashOperator
from airflow.operators.python_operator import PythonOperator, BranchPythonOperator
from airflow.operators.dummy_operator import DummyOperator
from airflow.contrib.hooks.aws_hook import AwsHook
from airflow.contrib.operators.emr_add_steps_operator import EmrAddStepsOperator
from airflow.contrib.sensors.emr_step_sensor import EmrStepSensor
from airflow.hooks.base_hook import BaseHook
from airflow.operators import EmailOperator

default_args = {{"owner": "data", "retries": 2, "retry_delay": timedelta(minutes=5)}}


def extract(**context):
    return AwsHook(aws_conn_id="aws_default").get_session().region_name


with DAG("synthetic_{index}", default_args=default_args, start_date=datetime(2021, 1, 1)) as dag:
    start = DummyOperator(task_id="start")
    pull = PythonOperator(task_id="extract", python_callable=extract)
    branch = BranchPythonOperator(task_id="branch", python_callable=lambda: "run")
    run = BashOperator(task_id="run", bash_command="echo {{{{ ds }}}}")
    steps = EmrAddStepsOperator(task_id="steps", job_flow_id="j-1", steps=[])
    wait = EmrStepSensor(task_id="wait", job_flow_id="j-1", step_id="s-1")
    mail = EmailOperator(task_id="mail", to="team@example.com", subject="done", html_content="ok")
    end = DummyOperator(task_id="end")
    start >> pull >> branch >> run >> steps >> wait >> mail >> end
'''


REQUIREMENTS = """\
--constraint "https://raw.githubusercontent.com/apache/airflow/constraints-1.10.12/constraints-3.7.txt"
apache-airflow[aws]==1.10.12
apache-airflow-backport-providers-amazon==2021.3.3
"""

AIRFLOW_CFG = """\
[core]
dag_concurrency = 16
remote_logging = True

[scheduler]
max_threads = 2

[secrets]
backend = airflow.contrib.secrets.aws_secrets_manager.SecretsManagerBackend
"""


def make_project(root: Path, files: int) -> Path:
    dags = root / "dags"
    dags.mkdir(parents=True)
    for index in range(files):
        (dags / f"dag_{index:04d}.py").write_text(DAG.format(index=index))
    (root / "requirements.txt").write_text(REQUIREMENTS)
    (root / "airflow.cfg").write_text(AIRFLOW_CFG)
    return root


def timed(args: list[str], cwd: Path) -> float:
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "airflow_upgrade_lint", *args], cwd=cwd, capture_output=True, check=False)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, default=500)
    files = parser.parse_args().files
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        project = make_project(root / "project", files)
        rows = [
            ("check, cold (--no-cache)", timed(["--no-cache", "."], project)),
            ("check, cache filling", timed(["."], project)),
            ("check, warm cache", timed(["."], project)),
            ("--diff", timed(["--diff", "."], project)),
        ]
        fixed = root / "fixed"
        shutil.copytree(project, fixed)
        rows.append(("--fix --unsafe-fixes", timed(["--fix", "--unsafe-fixes", "."], fixed)))
    peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"| run ({files} DAG files) | seconds | files/s |")
    print("|---|---:|---:|")
    for name, seconds in rows:
        print(f"| {name} | {seconds:.2f} | {files / seconds:.0f} |")
    print(f"\npeak RSS of one run: {peak_mib:.0f} MiB")


if __name__ == "__main__":
    main()
