"""The rule for a DAG in a dependency expression: documentation, and examples that are also tests."""

from ..diagnostics import FixAvailability
from ..rule import Example, Rule

DAG_IN_DEPENDENCY = Rule(
    code="AUL203",
    name="dag-in-dependency",
    summary="A DAG on one side of `>>` or `<<`",
    fix=FixAvailability.SOMETIMES,
    doc="""
    ## What it does
    Finds `dag >> task`, `task << dag` and the same with a list of tasks, where `dag` was
    created by `DAG(...)` (assigned, or bound by `with DAG(...) as dag`), and rewrites the
    simple forms (one whole statement) to `task.dag = dag`.

    ## Why is this bad?
    In 1.10 the expression only assigned the task's DAG. Airflow 2 has no such overload and
    raises a `TypeError` while the file is parsed, so no DAG in the file loads.

    ## Example
    ```python
    dag >> extract
    [load, report] << dag
    ```

    Use instead:
    ```python
    extract.dag = dag
    load.dag = dag
    report.dag = dag
    ```

    ## Fix safety
    Safe: the assignment is what 1.10 did. A chain (`dag >> a >> b`) is reported without a fix.
    """,
    examples=(
        Example(
            "from airflow import DAG\n\ndag = DAG('d')\ndag >> extract  # attach\n",
            fixed="from airflow import DAG\n\ndag = DAG('d')\nextract.dag = dag  # attach\n",
        ),
        Example(
            "from airflow.models import DAG\n\nwith DAG('d') as dag:\n    [load, report] << dag\n",
            fixed="from airflow.models import DAG\n\nwith DAG('d') as dag:\n    load.dag = dag\n    report.dag = dag\n",
        ),
        Example(
            "from airflow import DAG\n\ndag = DAG('d')\ndag >> a >> b\n",
            fixed="from airflow import DAG\n\ndag = DAG('d')\ndag >> a >> b\n",
        ),
        # tasks, not DAGs
        Example("from airflow import DAG\n\ndag = DAG('d')\nstart >> end\n"),
        # a variable called dag that is not an Airflow DAG
        Example("dag = make_graph()\ndag >> node\n"),
    ),
)
