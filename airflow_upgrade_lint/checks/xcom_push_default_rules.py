"""The rule for operators that push to XCom by default in Airflow 2: documentation, and examples that are also tests."""

from ..diagnostics import FixAvailability
from ..rule import Example, Rule

XCOM_PUSH_DEFAULT = Rule(
    code="AUL209",
    name="xcom-push-default-changed",
    summary="Operator that Airflow 2 makes push its output to XCom",
    fix=FixAvailability.ALWAYS,
    survives_other_fixes=True,
    doc="""
    ## What it does
    Finds `BashOperator`, `DockerOperator`, `SimpleHttpOperator`, `SSHOperator` and
    `WinRMOperator` tasks of a DAG written for 1.10 (the class is imported through a 1.10 path)
    that give neither `xcom_push=` nor `do_xcom_push=`, in the call or as a key of a
    `default_args` dict of the file, and adds `do_xcom_push=False`. The classes and their 1.10
    defaults are `rules/changed-defaults.toml`.

    ## Why is this bad?
    In 1.10 these operators returned their output only when asked (`xcom_push=True` for Bash,
    Docker and HTTP; SSH and WinRM had their own `do_xcom_push=False` default). In Airflow 2
    they always return it and BaseOperator's `do_xcom_push=True` pushes it: every run stores
    the output (the last stdout line, the response body, the command's output) in the metadata
    database. With the docker provider 1.1.0 that Airflow 2.0.2 pins, the pushed value is bytes,
    which the default JSON XCom serialisation rejects, so the task fails.
    `KubernetesPodOperator` keeps its own `do_xcom_push=False` and is not reported. A DAG
    importing the class through an Airflow 2 path is never reported: it was written for that
    behaviour.

    The import fixes (AUL101, AUL102) rewrite the 1.10 path this rule is found by, so a `--fix`
    run keeps reporting what it found on the file as given; add the argument by hand then, or
    run with `--unsafe-fixes` before the imports are rewritten.

    ## Example
    ```python
    from airflow.operators.bash_operator import BashOperator

    count = BashOperator(task_id="count", bash_command="wc -l data.csv")
    ```

    Use instead:
    ```python
    from airflow.operators.bash import BashOperator

    count = BashOperator(task_id="count", bash_command="wc -l data.csv", do_xcom_push=False)
    ```

    ## Fix safety
    Unsafe: a downstream task may already read the new XCom (Airflow 2 examples do), and
    `do_xcom_push=False` takes it away. Without the fix the task pushes a value it did not
    push in 1.10.
    """,
    examples=(
        Example(
            "from airflow.operators.bash_operator import BashOperator\n\n"
            "count = BashOperator(task_id='count', bash_command='wc -l data.csv')\n",
            fixed="from airflow.operators.bash import BashOperator\n\n"
            "count = BashOperator(task_id='count', bash_command='wc -l data.csv')\n",
        ),
        Example(
            "from airflow.operators.bash_operator import BashOperator\n\n"
            "count = BashOperator(task_id='count', bash_command='wc -l data.csv')\n",
            fixed="from airflow.operators.bash import BashOperator\n\n"
            "count = BashOperator(task_id='count', bash_command='wc -l data.csv', do_xcom_push=False)\n",
            unsafe=True,
        ),
        Example(
            "from airflow.contrib.operators.ssh_operator import SSHOperator\n\n"
            "clean = SSHOperator(\n    task_id='clean',\n    command='rm -rf /tmp/work',  # scratch space\n)\n",
            fixed="from airflow.providers.ssh.operators.ssh import SSHOperator\n\n"
            "clean = SSHOperator(\n    task_id='clean',\n    command='rm -rf /tmp/work',  # scratch space\n    do_xcom_push=False,\n)\n",
            unsafe=True,
        ),
        Example(
            "from airflow.operators import BashOperator\n\n"
            "count = BashOperator(task_id='count',\n                     bash_command='date')\n",
            fixed="from airflow.operators.bash import BashOperator\n\n"
            "count = BashOperator(task_id='count',\n                     bash_command='date',\n                     do_xcom_push=False)\n",
            unsafe=True,
        ),
        Example(
            "from airflow.operators.http_operator import SimpleHttpOperator\n\n"
            "ping = SimpleHttpOperator(task_id='ping', endpoint='health')\n",
            fixed="from airflow.providers.http.operators.http import SimpleHttpOperator\n\n"
            "ping = SimpleHttpOperator(task_id='ping', endpoint='health', do_xcom_push=False)\n",
            target="2.2.2",
            unsafe=True,
        ),
        # written for Airflow 2: it pushes on purpose
        Example("from airflow.operators.bash import BashOperator\n\ncount = BashOperator(task_id='count', bash_command='date')\n"),
        # the argument is given (xcom_push= is AUL202's)
        Example(
            "from airflow.operators.bash_operator import BashOperator\n\n"
            "count = BashOperator(task_id='count', bash_command='date', xcom_push=True)\n"
        ),
        Example(
            "from airflow.contrib.operators.ssh_operator import SSHOperator\n\n"
            "clean = SSHOperator(task_id='clean', command='ls', do_xcom_push=True)\n"
        ),
        # chosen for the whole DAG in default_args
        Example(
            "from airflow import DAG\nfrom airflow.operators.bash_operator import BashOperator\n\n"
            "args = {'owner': 'data', 'do_xcom_push': False}\n"
            "with DAG('d', default_args=args) as dag:\n    count = BashOperator(task_id='count', bash_command='date')\n"
        ),
        # unpacked arguments may choose
        Example(
            "from airflow.operators.bash_operator import BashOperator\n\n"
            "count = BashOperator(task_id='count', bash_command='date', **common)\n"
        ),
        # KubernetesPodOperator keeps its own do_xcom_push=False
        Example(
            "from airflow.contrib.operators.kubernetes_pod_operator import KubernetesPodOperator\n\n"
            "run = KubernetesPodOperator(task_id='run', name='run', namespace='jobs', image='busybox')\n"
        ),
        # someone else's class that happens to be called BashOperator
        Example("from mylib.operators import BashOperator\n\ncount = BashOperator(task_id='count', bash_command='date')\n"),
    ),
)
