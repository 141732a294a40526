"""The rules of the moved-imports family: documentation, and examples that are also tests."""

from ..diagnostics import FixAvailability
from ..rule import Example, Rule

REMOVED_IMPORT = Rule(
    code="AUL101",
    name="removed-import",
    summary="Import path that does not exist in the target Airflow version",
    fix=FixAvailability.SOMETIMES,
    doc="""
    ## What it does
    Finds imports of Airflow 1.10 paths that raise `ImportError` in the target Airflow 2
    version, and rewrites them to the canonical path of that version: 1.10's
    `from airflow.operators import BashOperator`, `airflow.operators.sensors`,
    `from airflow import conf`, and `airflow.contrib` modules whose shim was removed (the EMR,
    S3 and SageMaker operators are gone from 2.4.3 on, for example).

    ## Why is this bad?
    The DAG file fails to import, so the scheduler shows an import error and none of the
    DAG's tasks run.

    ## Example
    ```python
    from airflow.operators import BashOperator
    from airflow.contrib.operators.emr_add_steps_operator import EmrAddStepsOperator
    ```

    Use instead (target 2.10.3):
    ```python
    from airflow.operators.bash import BashOperator
    from airflow.providers.amazon.aws.operators.emr import EmrAddStepsOperator
    ```

    ## Fix safety
    The fix is safe when the new path names the very class the old path named (the 2.x
    deprecation tables alias one to the other). It is unsafe when the old name was a
    deprecated subclass with its own behaviour, because the arguments it accepted may differ.
    A renamed class is renamed at every use in the file, unless the import gives it an alias
    (then the alias is kept) or another object in the file already has the new name.
    An import used as a module object (`m = old_module`) is reported without a fix.

    The target path follows the provider versions pinned by the target version's constraints.
    """,
    examples=(
        Example(
            "from airflow.operators import BashOperator\n",
            fixed="from airflow.operators.bash import BashOperator\n",
        ),
        Example(
            "from airflow import conf\n\nconf.get('core', 'dags_folder')\n",
            fixed="from airflow.configuration import conf\n\nconf.get('core', 'dags_folder')\n",
        ),
        Example(
            "from airflow.contrib.operators.emr_add_steps_operator import EmrAddStepsOperator\n",
            fixed="from airflow.providers.amazon.aws.operators.emr import EmrAddStepsOperator\n",
            target="2.10.3",
        ),
        # compatibility blocks keep working on both versions: left alone
        Example(
            "try:\n    from airflow.operators.bash import BashOperator\n"
            "except ImportError:\n    from airflow.operators import BashOperator\n"
        ),
        # a 2.x path is not reported
        Example("from airflow.operators.bash import BashOperator\n"),
        # someone else's module that happens to share a name
        Example("from mycompany.operators import BashOperator\n"),
    ),
)

DEPRECATED_IMPORT = Rule(
    code="AUL102",
    name="deprecated-import",
    summary="Import path that works in the target version only through a deprecation shim",
    fix=FixAvailability.SOMETIMES,
    doc="""
    ## What it does
    Finds imports of Airflow 1.10 paths (`airflow.contrib.*`, `*_operator`, `*_hook` and
    `*_sensor` modules) that the target Airflow 2 version still resolves through a deprecation
    shim, and rewrites them to the canonical provider or core path.

    ## Why is this bad?
    Shims emit deprecation warnings on every parse, some point at classes that later provider
    versions removed (so the import breaks on the next MWAA upgrade), and Airflow 3 removes
    them all. The canonical path is the one that stays.

    ## Example
    ```python
    from airflow.operators.bash_operator import BashOperator
    from airflow.contrib.hooks.aws_hook import AwsHook
    ```

    Use instead:
    ```python
    from airflow.operators.bash import BashOperator
    from airflow.providers.amazon.aws.hooks.base_aws import AwsBaseHook
    ```

    ## Fix safety
    As for AUL101: safe when the new path names the same class, unsafe when the old name was
    a subclass with behaviour of its own. Fixing twice changes nothing.

    The target path follows the provider versions pinned by the target version's constraints:
    `--target-version 2.2.2` gives `airflow.operators.dummy.DummyOperator` where 2.4.3 and later
    give `airflow.operators.empty.EmptyOperator`, and the EMR operators move to
    `operators.emr_add_steps` (amazon 2.4.0) or to the consolidated `operators.emr` (amazon 6+).
    """,
    examples=(
        Example(
            "from airflow.operators.bash_operator import BashOperator\n",
            fixed="from airflow.operators.bash import BashOperator\n",
        ),
        Example(
            "from airflow.operators.dummy_operator import DummyOperator\n\nstart = DummyOperator(task_id='start')\n",
            fixed="from airflow.operators.empty import EmptyOperator\n\nstart = EmptyOperator(task_id='start')\n",
            target="2.10.3",
        ),
        Example(
            "from airflow.operators.dummy_operator import DummyOperator\n\nstart = DummyOperator(task_id='start')\n",
            fixed="from airflow.operators.dummy import DummyOperator\n\nstart = DummyOperator(task_id='start')\n",
            target="2.2.2",
        ),
        Example(
            "from airflow.contrib.operators.emr_add_steps_operator import EmrAddStepsOperator\n",
            fixed="from airflow.providers.amazon.aws.operators.emr_add_steps import EmrAddStepsOperator\n",
            target="2.2.2",
        ),
        Example(
            "import airflow.operators.bash_operator as bo\n\nt = bo.BashOperator(task_id='t', bash_command='true')\n",
            fixed="import airflow.operators.bash as bo\n\nt = bo.BashOperator(task_id='t', bash_command='true')\n",
        ),
        Example(
            "from airflow.operators.python_operator import (\n"
            "    PythonOperator,  # runs the loader\n"
            "    BranchPythonOperator,\n"
            ")\n",
            fixed="from airflow.operators.python import (\n"
            "    PythonOperator,  # runs the loader\n"
            "    BranchPythonOperator,\n"
            ")\n",
        ),
        Example(
            "from airflow.operators.bash import BashOperator\n"
            "from airflow.operators.bash_operator import BashOperator\n",
            fixed="from airflow.operators.bash import BashOperator\n",
        ),
        Example("from airflow.operators.python import PythonOperator\n"),
    ),
)

IMPORT_WITHOUT_TARGET = Rule(
    code="AUL103",
    name="moved-import-without-target",
    summary="Import of a 1.10 path that has no equivalent in the target version",
    fix=FixAvailability.NEVER,
    doc="""
    ## What it does
    Finds imports of Airflow 1.10 paths for which the target version, with the provider
    versions its constraints pin, has no valid path: the class was removed (HipChat, Mesos,
    `S3PrefixSensor`), or its provider is not part of the target's constraints. The message
    says what to use instead where something exists.

    ## Why is this bad?
    The DAG cannot be imported on the target version until the code is changed by hand.

    ## Fix safety
    There is no fix: the replacement needs a decision (another class with other arguments).
    """,
    examples=(
        Example(
            "from airflow.contrib.operators.hipchat_operator import HipChatAPISendRoomNotificationOperator\n",
            fixed="from airflow.contrib.operators.hipchat_operator import HipChatAPISendRoomNotificationOperator\n",
        ),
    ),
)

STAR_IMPORT = Rule(
    code="AUL104",
    name="star-import-from-moved-module",
    summary="Star import from a module that moved",
    fix=FixAvailability.SOMETIMES,
    doc="""
    ## What it does
    Finds `from <1.10 module> import *` where the module moved in Airflow 2, and offers to
    import explicitly, from their new paths, the moved names that the file mentions.

    ## Why is this bad?
    From 2.4 on the old modules are virtual shims that give a star import nothing, so every
    name it used to bring in is a `NameError` when the DAG is parsed.

    ## Example
    ```python
    from airflow.contrib.sensors.file_sensor import *

    wait = FileSensor(task_id="wait", filepath="/data/ready")
    ```

    Use instead:
    ```python
    from airflow.sensors.filesystem import FileSensor

    wait = FileSensor(task_id="wait", filepath="/data/ready")
    ```

    ## Fix safety
    Unsafe: which names a star import provided cannot be known for sure from the source (a
    name may come from another star import, or be a local that happens to share it). Renamed
    classes are imported under their old name, so no use in the file changes.
    """,
    examples=(
        Example(
            "from airflow.contrib.sensors.file_sensor import *\n\nwait = FileSensor(task_id='wait', filepath='/data/ready')\n",
            fixed="from airflow.sensors.filesystem import FileSensor\n\nwait = FileSensor(task_id='wait', filepath='/data/ready')\n",
            unsafe=True,
        ),
        Example(
            "from airflow.contrib.operators.bigquery_operator import *\n",
            fixed="from airflow.contrib.operators.bigquery_operator import *\n",
        ),
        Example("from airflow.operators.bash import *\n"),
    ),
)

PATH_IN_STRING = Rule(
    code="AUL105",
    name="moved-path-in-string",
    summary="String that names a 1.10 import path",
    fix=FixAvailability.SOMETIMES,
    doc="""
    ## What it does
    Finds string literals that spell a moved 1.10 class path, such as the targets of
    `mock.patch("airflow.contrib.hooks.aws_hook.AwsHook.get_session")` or class paths passed
    to `import_string`, and offers to rewrite the path. A path that is configuration (a
    logging config's handler class, a secrets backend) is AUL403's, which fixes it safely.

    ## Why is this bad?
    The string is resolved at run time: a test patches nothing (or fails), a dynamic import
    raises. Import rewriting cannot see it.

    ## Example
    ```python
    patcher = mock.patch("airflow.hooks.http_hook.HttpHook.run")
    ```

    Use instead:
    ```python
    patcher = mock.patch("airflow.providers.http.hooks.http.HttpHook.run")
    ```

    ## Fix safety
    Unsafe: a string that looks like a path may be data (a label, a log message), and a
    patch must target where the object is looked up, which may be another module.
    """,
    examples=(
        Example(
            "from unittest import mock\n\npatcher = mock.patch('airflow.operators.bash_operator.BashOperator.execute')\n",
            fixed="from unittest import mock\n\npatcher = mock.patch('airflow.operators.bash.BashOperator.execute')\n",
            unsafe=True,
        ),
        Example(
            "from unittest import mock\n\npatcher = mock.patch('airflow.operators.bash_operator.BashOperator.execute')\n",
            fixed="from unittest import mock\n\npatcher = mock.patch('airflow.operators.bash_operator.BashOperator.execute')\n",
        ),
        Example("LABEL = 'airflow.operators.bash_operator is gone'\n"),
        # configuration: AUL403's, with a safe fix
        Example("TASK_HANDLER = {'class': 'airflow.utils.log.s3_task_handler.S3TaskHandler'}\n"),
    ),
)
