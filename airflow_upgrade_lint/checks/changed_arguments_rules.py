"""The rules of the changed-arguments family: documentation, and examples that are also tests."""

from ..diagnostics import FixAvailability
from ..rule import Example, Rule

REMOVED_ARGUMENT = Rule(
    code="AUL201",
    name="removed-argument",
    summary="Operator argument that Airflow 2 removed",
    fix=FixAvailability.SOMETIMES,
    doc="""
    ## What it does
    Finds arguments that Airflow 2 removed from an operator, such as `provide_context` on
    `PythonOperator`, `BranchPythonOperator`, `ShortCircuitOperator`,
    `PythonVirtualenvOperator` and `PythonSensor`, whatever path or alias the class was
    imported under; also as a key of a `default_args` dict (a literal, `dict(...)`, or a
    variable passed as `default_args=`) and of a `**{...}` literal. The table of arguments is
    `rules/arguments.toml`.

    ## Why is this bad?
    Airflow 2 raises on arguments an operator does not accept ("Invalid arguments were
    passed"), so the DAG does not load. `provide_context=False` raises even on
    `PythonOperator`, which only tolerates a true value; the context is now always passed to
    the callable by parameter name.

    ## Example
    ```python
    PythonOperator(task_id="load", python_callable=load, provide_context=True)
    ```

    Use instead:
    ```python
    PythonOperator(task_id="load", python_callable=load)
    ```

    Also `schedule_interval=` given to an operator (1.10 warned and ignored it), `executor=`
    on `SubDagOperator`, `allow_null=` on `SqlSensor`, `python_callable=` on
    `TriggerDagRunOperator`, and provider arguments with no like-for-like successor, reported
    only, with what replaces them: `delegate_to` on the Google operators, Docker's `volumes`,
    SSHOperator's `timeout`, the Slack operators' `token` and the like, from the provider
    version that removed them.

    ## Fix safety
    Safe where the argument has no effect in Airflow 2 (`provide_context`, an operator's
    `schedule_interval`); unsafe where removing it changes what the task does:
    `SqlSensor(allow_null=)`, and `TriggerDagRunOperator(python_callable=)`, whose callable
    decided whether to trigger and built the payload. Without it the DAG loads and the trigger
    is unconditional; move the condition to an upstream `ShortCircuitOperator` and the payload to
    `conf={...}`. A function of your own that takes an argument of the same name is not reported.
    """,
    examples=(
        Example(
            "from airflow.operators.python_operator import PythonOperator\n\n"
            "t = PythonOperator(task_id='t', python_callable=print, provide_context=True)\n",
            fixed="from airflow.operators.python import PythonOperator\n\n"
            "t = PythonOperator(task_id='t', python_callable=print)\n",
        ),
        Example(
            "from airflow.operators import PythonOperator as PO\n\n"
            "t = PO(\n    task_id='t',\n    python_callable=print,\n    provide_context=False,\n)\n",
            fixed="from airflow.operators.python import PythonOperator as PO\n\n"
            "t = PO(\n    task_id='t',\n    python_callable=print,\n)\n",
        ),
        Example(
            "from airflow import DAG\n\nargs = {'owner': 'data', 'provide_context': True}\n"
            "dag = DAG('d', default_args=args)\n",
            fixed="from airflow import DAG\n\nargs = {'owner': 'data'}\ndag = DAG('d', default_args=args)\n",
        ),
        Example(
            "from airflow import DAG\n\ndag = DAG('d', default_args=dict(owner='data', provide_context=True))\n",
            fixed="from airflow import DAG\n\ndag = DAG('d', default_args=dict(owner='data'))\n",
        ),
        Example(
            "from airflow.operators.dagrun_operator import TriggerDagRunOperator\n\n"
            "t = TriggerDagRunOperator(task_id='t', trigger_dag_id='other', python_callable=decide)\n",
            fixed="from airflow.operators.trigger_dagrun import TriggerDagRunOperator\n\n"
            "t = TriggerDagRunOperator(task_id='t', trigger_dag_id='other')\n",
            unsafe=True,
        ),
        Example(
            "from airflow.operators.bash import BashOperator\n\n"
            "t = BashOperator(task_id='t', bash_command='date', schedule_interval='@daily')\n",
            fixed="from airflow.operators.bash import BashOperator\n\n"
            "t = BashOperator(task_id='t', bash_command='date')\n",
        ),
        # a function of the user's that takes the same argument
        Example("def run(provide_context=False):\n    pass\n\nrun(provide_context=True)\n"),
        # a dict that is never used as default_args
        Example("options = {'provide_context': True}\n"),
        # someone else's class that happens to be called PythonOperator
        Example("from mylib import PythonOperator\n\nPythonOperator(provide_context=True)\n"),
    ),
)

RENAMED_ARGUMENT = Rule(
    code="AUL202",
    name="renamed-argument",
    summary="Operator argument that Airflow 2 renamed",
    fix=FixAvailability.ALWAYS,
    doc="""
    ## What it does
    Finds operator and hook arguments that Airflow 2 or the provider versions it pins
    renamed, and renames them: `xcom_push=` on `BashOperator`, `DockerOperator` and
    `SimpleHttpOperator` (now BaseOperator's `do_xcom_push=`), `presto_conn_id`, and the
    providers' renames: `bigquery_conn_id`/`google_cloud_storage_conn_id` to `gcp_conn_id`,
    `body` to `build`, `filter` to `request_filter`, Pub/Sub's `project`/`topic_project` to
    `project_id`, `s3_conn_id` to `aws_conn_id`, FSHook's `conn_id` to `fs_conn_id` (2.8+)
    and more. The table is `rules/arguments.toml`; whether a provider rename applies at the
    target is read from the class's generated signature there (`rules/signatures.toml`), so
    nothing is renamed to a name the target's provider does not have yet.

    ## Why is this bad?
    The old name is an invalid argument in Airflow 2, so the DAG does not load.

    ## Example
    ```python
    BashOperator(task_id="count", bash_command="wc -l data.csv", xcom_push=True)
    ```

    Use instead:
    ```python
    BashOperator(task_id="count", bash_command="wc -l data.csv", do_xcom_push=True)
    ```

    ## Fix safety
    Safe: the new argument means what the old one did. No fix when the new name is given
    too, or when two old names map to the same new one (only the first is renamed). Unsafe
    for a `default_args` key whose new name more operators take (Pub/Sub's `project` becomes
    `project_id`, which every Google operator of the DAG would then receive).
    """,
    examples=(
        Example(
            "from airflow.operators.bash_operator import BashOperator\n\n"
            "t = BashOperator(task_id='t', bash_command='date', xcom_push=True)\n",
            fixed="from airflow.operators.bash import BashOperator\n\n"
            "t = BashOperator(task_id='t', bash_command='date', do_xcom_push=True)\n",
        ),
        Example(
            "from airflow.operators.bash import BashOperator\n\n"
            "t = BashOperator(task_id='t', bash_command='date', **{'xcom_push': False})\n",
            fixed="from airflow.operators.bash import BashOperator\n\n"
            "t = BashOperator(task_id='t', bash_command='date', **{'do_xcom_push': False})\n",
        ),
        Example(
            "from airflow.contrib.operators.gcp_cloud_build_operator import CloudBuildCreateBuildOperator\n\n"
            "build = CloudBuildCreateBuildOperator(task_id='build', body={'steps': []})\n",
            fixed="from airflow.providers.google.cloud.operators.cloud_build import CloudBuildCreateBuildOperator\n\n"
            "build = CloudBuildCreateBuildOperator(task_id='build', build={'steps': []})\n",
            target="2.10.3",
        ),
        # the provider pinned for 2.0.2 still takes `body` and has no `build` yet
        Example(
            "from airflow.providers.google.cloud.operators.cloud_build import CloudBuildCreateBuildOperator\n\n"
            "build = CloudBuildCreateBuildOperator(task_id='build', body={'steps': []})\n",
            target="2.0.2",
        ),
        Example(
            "from airflow.contrib.operators.bigquery_to_gcs import BigQueryToCloudStorageOperator\n\n"
            "export = BigQueryToCloudStorageOperator(\n"
            "    task_id='export',\n"
            "    source_project_dataset_table='p.d.t',\n"
            "    destination_cloud_storage_uris=['gs://b/t.csv'],\n"
            "    bigquery_conn_id='gcp',\n"
            "    google_cloud_storage_conn_id='gcp',\n"
            ")\n",
            fixed="from airflow.providers.google.cloud.transfers.bigquery_to_gcs import BigQueryToGCSOperator\n\n"
            "export = BigQueryToGCSOperator(\n"
            "    task_id='export',\n"
            "    source_project_dataset_table='p.d.t',\n"
            "    destination_cloud_storage_uris=['gs://b/t.csv'],\n"
            "    gcp_conn_id='gcp',\n"
            "    google_cloud_storage_conn_id='gcp',\n"
            ")\n",
            target="2.10.3",
        ),
        Example("from airflow.operators.python import PythonOperator\n\nPythonOperator(task_id='t', python_callable=print, do_xcom_push=True)\n"),
        # in default_args the new name would reach every Google operator of the DAG: unsafe
        Example(
            "from airflow import DAG\n\ndag = DAG('events', default_args={'project': 'analytics'})\n",
            fixed="from airflow import DAG\n\ndag = DAG('events', default_args={'project_id': 'analytics'})\n",
            unsafe=True,
        ),
        Example(
            "from airflow import DAG\n\ndag = DAG('events', default_args={'project': 'analytics'})\n",
            fixed="from airflow import DAG\n\ndag = DAG('events', default_args={'project': 'analytics'})\n",
        ),
        # someone else's classes, one of them named like Airflow's
        Example("from mylib.storage import Uploader\n\nUploader(bucket='b', s3_conn_id='s3')\n"),
        Example("from mylib.shell import BashOperator\n\nBashOperator(bash_command='date', xcom_push=True)\n"),
    ),
)

DEPRECATED_ARGUMENT = Rule(
    code="AUL205",
    name="deprecated-argument",
    summary="Argument deprecated inside Airflow 2, at the target version",
    fix=FixAvailability.SOMETIMES,
    doc="""
    ## What it does
    Finds arguments that still work in the target version but were deprecated within
    Airflow 2 in favour of a new name: `DAG(concurrency=)` (`max_active_tasks` from 2.2),
    `DAG(schedule_interval=)` (`schedule` from 2.4), `task_concurrency=` on any operator and in
    `default_args` (`max_active_tis_per_dag` from 2.2), and provider arguments in their
    deprecation window (`body=` on `CloudBuildCreateBuildOperator` with the 2.2.2 pins). Whether
    the target has the new name and still takes the old one comes from the class's generated
    signature there; nothing is reported for a target older than the new name, so
    `--target-version 2.2.2` keeps `schedule_interval`.

    ## Why is this bad?
    Every parse of the file warns, and Airflow 3 removes the old names.

    ## Example
    ```python
    DAG("sales", schedule_interval="@daily", concurrency=4)
    ```

    Use instead (target 2.4 or later):
    ```python
    DAG("sales", schedule="@daily", max_active_tasks=4)
    ```

    ## Fix safety
    Safe: the new name takes the same values. No fix when both names are given.
    """,
    examples=(
        Example(
            "from airflow import DAG\n\ndag = DAG('sales', schedule_interval='@daily', concurrency=4)\n",
            fixed="from airflow import DAG\n\ndag = DAG('sales', schedule='@daily', max_active_tasks=4)\n",
            target="2.10.3",
        ),
        Example(
            "from airflow import DAG\n\ndag = DAG('sales', schedule_interval='@daily', concurrency=4)\n",
            fixed="from airflow import DAG\n\ndag = DAG('sales', schedule_interval='@daily', max_active_tasks=4)\n",
            target="2.2.2",
        ),
        Example("from airflow import DAG\n\ndag = DAG('sales', schedule_interval='@daily')\n", target="2.2.2"),
        Example(
            "from airflow import DAG\n\n"
            "dag = DAG('sales', default_args={'owner': 'data', 'task_concurrency': 2})\n",
            fixed="from airflow import DAG\n\n"
            "dag = DAG('sales', default_args={'owner': 'data', 'max_active_tis_per_dag': 2})\n",
            target="2.10.3",
        ),
        Example(
            "from airflow import DAG\n\n"
            "dag = DAG('sales', default_args={'owner': 'data', 'task_concurrency': 2})\n",
            target="2.0.2",
        ),
    ),
)

UNKNOWN_ARGUMENT = Rule(
    code="AUL206",
    name="unknown-argument",
    summary="Keyword argument the operator does not accept in the target version",
    fix=FixAvailability.NEVER,
    doc="""
    ## What it does
    Finds keyword arguments that the called operator (or `DAG`) does not accept in the target
    version, with the provider versions that version pins. The accepted keywords of every class
    the fixes can lead to are generated from the target's wheels (`rules/signatures.toml`):
    the class's own `__init__` and its bases', down to BaseOperator's.

    ## Why is this bad?
    Airflow 2 raises "Invalid arguments were passed" for an unknown keyword (1.10 only warned),
    so the DAG does not load. A keyword given in `default_args` is not reported: an operator
    silently ignores the ones it does not take.

    ## Example
    ```python
    PubSubCreateTopicOperator(task_id="create", topic="events", topic_project="analytics")
    ```

    Use instead:
    ```python
    PubSubCreateTopicOperator(task_id="create", topic="events", project_id="analytics")
    ```

    ## Fix safety
    No fix: which argument replaces it (if any) needs a person. Renames that are known are
    fixed by AUL202 instead.
    """,
    examples=(
        Example(
            "from airflow.contrib.operators.pubsub_operator import PubSubTopicCreateOperator\n\n"
            "create = PubSubTopicCreateOperator(task_id='create', topic='events', topic_project='analytics')\n",
            fixed="from airflow.providers.google.cloud.operators.pubsub import PubSubCreateTopicOperator\n\n"
            "create = PubSubCreateTopicOperator(task_id='create', topic='events', topic_project='analytics')\n",
            target="2.10.3",
        ),
        Example(
            "from airflow.operators.bash import BashOperator\n\n"
            "count = BashOperator(task_id='count', bash_command='wc -l data.csv', retries=2, do_xcom_push=True)\n",
            target="2.10.3",
        ),
        # `airflow.DAG` re-exports airflow.models.dag.DAG, whose signature the table holds
        Example(
            "from airflow import DAG\n\ndag = DAG('d', foo=1)\n",
            fixed="from airflow import DAG\n\ndag = DAG('d', foo=1)\n",
        ),
        Example("from airflow import DAG\n\ndag = DAG('d', schedule='@daily')\n"),
    ),
)
