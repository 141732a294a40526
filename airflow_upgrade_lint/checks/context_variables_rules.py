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
    Finds the 1.10 template-context variables that the target's context lacks (`end_date`,
    `END_DATE`, `latest_date` and `tables`) where a template or a task reads them, and replaces
    them with what 1.10 put there: `ds` for the first three, `params.tables` for `tables`.
    Checked are the Jinja blocks (`{{ ... }}`, `{% ... %}`) of Python string literals,
    `context["..."]` / `kwargs["..."]` lookups, and template files: the files with an extension
    Airflow's BashOperator or SQL operators render as a template (`.sql`, `.hql`, `.sh`,
    `.bash`), each finding at the file's own line and column. `.html` files are not read:
    plugins' Flask views render them with a context of their own. Attributes (`ti.end_date`), strings
    (`conf['end_date']`), keyword arguments and names the template binds itself
    (`{% set end_date = ... %}`) are not the context variable; text outside Jinja blocks (a
    shell `${end_date}`) is not read.

    The variables and their replacements are in `rules/context.toml`, generated from the
    apache-airflow 1.10.15 wheel (the dict `TaskInstance.get_template_context` returns) and each
    target's wheel (`KNOWN_CONTEXT_KEYS` in `airflow/utils/context.py`, or the dict in 2.0 and 2.2).

    ## Why is this bad?
    Airflow 2 renders templates with `StrictUndefined`, so an undefined name fails the task;
    a context lookup raises `KeyError`.

    ## Example
    ```python
    BashOperator(task_id="export", bash_command="export.sh {{ end_date }}")
    ```

    ```sql
    -- sql/export.sql, rendered by an operator's `sql="sql/export.sql"`
    select * from events where day = '{{ end_date }}'
    ```

    Use instead:
    ```python
    BashOperator(task_id="export", bash_command="export.sh {{ ds }}")
    ```

    ```sql
    select * from events where day = '{{ ds }}'
    ```

    ## Fix safety
    Safe for `end_date`, `END_DATE` and `latest_date`: 1.10 set them to `ds`. Unsafe for
    `tables`: 1.10 gave `None` where the task had no `tables` param, and `params.tables` then
    fails. A `context["tables"]` lookup is reported with no fix (use `context["params"]["tables"]`).

    ## Suppression
    In template files `# noqa` does not apply (a template is not Python, and `#` starts no
    comment in SQL); use `per-file-ignores` or `--ignore AUL207` for them. A template file must
    be UTF-8, the encoding Airflow reads templates in; one that is not is reported as unreadable
    (AUL002) and left untouched.
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
        Example(
            "run_sql(\"{% if END_DATE %}where day = '{{ END_DATE }}'{% endif %}\")\n",
            fixed="run_sql(\"{% if ds %}where day = '{{ ds }}'{% endif %}\")\n",
        ),
        # outside a Jinja block, or an attribute of another object: not the context variable
        Example("label = 'end_date'\nspan = '{{ dag_run.end_date }}'\n"),
        # a string key, a keyword argument, a shell variable: not the context variable
        Example("conf = \"{{ dag_run.conf['end_date'] }} {{ macros.f(end_date=ds) }} ${end_date}\"\n"),
        # a variable the template sets itself
        Example("sql = '{% set end_date = macros.ds_add(ds, 7) %}where day < {{ end_date }}'\n"),
        # `tables` is reported in a lookup too, with no fix: it needs a second subscript
        Example(
            "def run(**context):\n    return context['tables']\n",
            fixed="def run(**context):\n    return context['tables']\n",
        ),
    ),
)
