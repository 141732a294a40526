"""The rule for removed template-context variables: documentation, and examples that are also tests."""

from ..diagnostics import FixAvailability
from ..rule import Example, Rule

REMOVED_CONTEXT_VARIABLE = Rule(
    code="AUL207",
    name="removed-context-variable",
    summary="Template or context lookup of a variable Airflow 2 removed",
    fix=FixAvailability.SOMETIMES,
    doc="""
    ## What it does
    Finds the 1.10 template-context variables `end_date`, `END_DATE`, `latest_date` and
    `tables` in Jinja blocks (`{{ ... }}`, `{% ... %}`) of string literals, and in
    `context["..."]` / `kwargs["..."]` lookups, and replaces them with what 1.10 put there:
    `ds` for the first three, `params.tables` for `tables`.

    ## Why is this bad?
    Airflow 2 renders templates with `StrictUndefined`, so an undefined name fails the task;
    a context lookup raises `KeyError`.

    ## Example
    ```python
    BashOperator(task_id="export", bash_command="export.sh {{ end_date }}")
    ```

    Use instead:
    ```python
    BashOperator(task_id="export", bash_command="export.sh {{ ds }}")
    ```

    ## Fix safety
    Safe for `end_date`, `END_DATE` and `latest_date`: 1.10 set them to `ds`. Unsafe for
    `tables`: 1.10 gave `None` where the task had no `tables` param, and `params.tables` then
    fails. Template files (`.sql`, `.sh`) are not read yet.
    """,
    examples=(
        Example(
            "cmd = 'export.sh {{ end_date }} {{ ti.end_date }}'\n",
            fixed="cmd = 'export.sh {{ ds }} {{ ti.end_date }}'\n",
        ),
        Example(
            "def run(**context):\n    return context['latest_date']\n",
            fixed="def run(**context):\n    return context['ds']\n",
        ),
        Example(
            "sql = 'select * from {{ tables }}'\n",
            fixed="sql = 'select * from {{ params.tables }}'\n",
            unsafe=True,
        ),
        # outside a Jinja block, or an attribute of another object: not the context variable
        Example("label = 'end_date'\nspan = '{{ dag_run.end_date }}'\n"),
    ),
)
