"""The rule of the renamed-values family: documentation, and examples that are also tests."""

from ..diagnostics import FixAvailability
from ..rule import Example, Rule

RENAMED_VALUE = Rule(
    code="AUL213",
    name="deprecated-argument-value",
    summary="Argument value renamed inside Airflow 2, at the target version",
    fix=FixAvailability.ALWAYS,
    doc="""
    ## What it does
    Finds argument values that Airflow renamed during 2.x: the trigger rules `"dummy"` (now
    `"always"`) and `"none_failed_or_skipped"` (now `"none_failed_min_one_success"`) from
    Airflow 2.2, in an operator call, a `default_args` dict or as `TriggerRule.DUMMY`; and
    `DAG(default_view="tree")` (now `"grid"`) from Airflow 2.3. The table is the `[[value]]`
    rows of `rules/arguments.toml`.

    ## Why is this bad?
    The old values still work, with a deprecation warning on every parse of the DAG file,
    and Airflow 3 no longer accepts them.

    ## Example
    ```python
    report = EmptyOperator(task_id="report", trigger_rule="none_failed_or_skipped")
    ```

    Use instead:
    ```python
    report = EmptyOperator(task_id="report", trigger_rule="none_failed_min_one_success")
    ```

    ## Fix safety
    Safe: Airflow maps the old value to the new one itself. Nothing is reported for a target
    older than the version that introduced the new value (`--target-version 2.0.2` keeps
    `"dummy"`, which is the only spelling there), nor for a value given to a class that is not
    Airflow's.
    """,
    examples=(
        Example(
            "from airflow.operators.bash import BashOperator\n\n"
            "t = BashOperator(task_id='t', bash_command='true', trigger_rule='dummy')\n",
            fixed="from airflow.operators.bash import BashOperator\n\n"
            "t = BashOperator(task_id='t', bash_command='true', trigger_rule='always')\n",
        ),
        Example(
            "from airflow.operators.bash import BashOperator\n"
            "from airflow.utils.trigger_rule import TriggerRule\n\n"
            "t = BashOperator(task_id='t', bash_command='true', trigger_rule=TriggerRule.NONE_FAILED_OR_SKIPPED)\n",
            fixed="from airflow.operators.bash import BashOperator\n"
            "from airflow.utils.trigger_rule import TriggerRule\n\n"
            "t = BashOperator(task_id='t', bash_command='true', trigger_rule=TriggerRule.NONE_FAILED_MIN_ONE_SUCCESS)\n",
        ),
        Example(
            "from airflow import DAG\n\n"
            "args = {'owner': 'data', 'trigger_rule': \"none_failed_or_skipped\"}\n"
            "dag = DAG('d', default_args=args, default_view='tree')\n",
            fixed="from airflow import DAG\n\n"
            "args = {'owner': 'data', 'trigger_rule': \"none_failed_min_one_success\"}\n"
            "dag = DAG('d', default_args=args, default_view='grid')\n",
        ),
        # 2.0 has no "always": the old value is the only one there
        Example(
            "from airflow.operators.bash import BashOperator\n\n"
            "t = BashOperator(task_id='t', bash_command='true', trigger_rule='dummy')\n",
            target="2.0.2",
        ),
        # someone else's class, and a dict that is never default_args
        Example("from mylib import Step\n\nStep(trigger_rule='dummy')\nsettings = {'trigger_rule': 'dummy'}\n"),
    ),
)
