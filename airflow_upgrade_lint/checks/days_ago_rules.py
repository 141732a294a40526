"""The rule for `days_ago`: documentation, and examples that are also tests."""

from ..diagnostics import FixAvailability
from ..rule import Example, Rule

DEPRECATED_DAYS_AGO = Rule(
    code="AUL211",
    name="deprecated-days-ago",
    summary="`airflow.utils.dates.days_ago`, deprecated since Airflow 2.3",
    fix=FixAvailability.SOMETIMES,
    doc="""
    ## What it does
    Finds calls of `airflow.utils.dates.days_ago`, however it was imported (`from
    airflow.utils.dates import days_ago`, an alias, `from airflow.utils import dates` and
    `dates.days_ago(...)`), and rewrites `days_ago(N, hour=H, ...)` to
    `pendulum.today("UTC").add(days=-N, hours=H, ...)`, adding `import pendulum` and removing
    the `days_ago` import once nothing uses it. Nothing is reported for a target older than
    2.3, and a function of your own called `days_ago` is never touched.

    ## Why is this bad?
    Airflow deprecated `days_ago` in 2.3 (apache/airflow#21653): every parse of the file warns
    (`RemovedInAirflow3Warning`, seen in the 2.4.3 to 2.11.2 wheels; the 2.2.2 wheel does not
    warn), and Airflow 3 removes it. A start date that moves every day is also a trap; a fixed
    `pendulum.datetime(...)` is better still, but only you can pick the date.

    ## Example
    ```python
    from airflow.utils.dates import days_ago

    dag = DAG("sales", start_date=days_ago(2))
    ```

    Use instead:
    ```python
    import pendulum

    dag = DAG("sales", start_date=pendulum.today("UTC").add(days=-2))
    ```

    ## Fix safety
    `days_ago` returns midnight UTC today minus `N` days, with `hour=`, `minute=`, `second=` and
    `microsecond=` replacing the time: the rewrite gives the same instant. It gives it as a
    pendulum `DateTime` rather than a `datetime.datetime`, though (and pendulum 2, which MWAA
    pins up to Airflow 2.7.2, prints one with a `T` between date and time). So the fix is safe
    where Airflow converts the value to a pendulum `DateTime` anyway, for number literals passed
    as `start_date=`/`end_date=` of a DAG or operator or under those keys of its
    `default_args`, and unsafe elsewhere or when `N` is not a literal. A time part that is not
    an in-range integer literal (where `days_ago` would raise), `*args`, or a `pendulum` name
    that is not the pendulum module leaves the call reported without a fix.
    """,
    examples=(
        Example(
            "from airflow import DAG\nfrom airflow.utils.dates import days_ago\n\n"
            "dag = DAG('d', start_date=days_ago(2))\n",
            fixed="from airflow import DAG\nimport pendulum\n\n"
            "dag = DAG('d', start_date=pendulum.today(\"UTC\").add(days=-2))\n",
        ),
        # through the module, in default_args reached by a variable; the module import goes
        Example(
            "from airflow import DAG\nfrom airflow.utils import dates\n\n"
            "args = {'owner': 'data', 'start_date': dates.days_ago(1)}\n"
            "dag = DAG('d', default_args=args)\n",
            fixed="from airflow import DAG\nimport pendulum\n\n"
            "args = {'owner': 'data', 'start_date': pendulum.today(\"UTC\").add(days=-1)}\n"
            "dag = DAG('d', default_args=args)\n",
        ),
        # an alias, a time part, pendulum already imported: unsafe outside start_date/end_date
        Example(
            "import pendulum\nfrom airflow.utils.dates import days_ago as ago\n\nstart = ago(1, hour=6)\n",
            fixed="import pendulum\n\nstart = pendulum.today(\"UTC\").add(days=-1, hours=6)\n",
            unsafe=True,
        ),
        Example(
            "from airflow.utils.dates import days_ago\n\nstart = days_ago(1)\n",
            fixed="from airflow.utils.dates import days_ago\n\nstart = days_ago(1)\n",
        ),
        # a call without an exact rewrite keeps the import; pendulum goes before the first import
        Example(
            "from airflow import DAG\nfrom airflow.utils.dates import days_ago, cron_presets\n\n"
            "dag = DAG('d', start_date=days_ago(0), end_date=days_ago(0, hour=last_hour))\n",
            fixed="import pendulum\nfrom airflow import DAG\nfrom airflow.utils.dates import days_ago, cron_presets\n\n"
            "dag = DAG('d', start_date=pendulum.today(\"UTC\"), end_date=days_ago(0, hour=last_hour))\n",
        ),
        # the other names of the import stay, and pendulum joins after them
        Example(
            "from airflow import DAG\nfrom airflow.utils.dates import cron_presets, days_ago\n\n"
            "dag = DAG('d', start_date=days_ago(-1, minute=30))\n",
            fixed="from airflow import DAG\nfrom airflow.utils.dates import cron_presets\nimport pendulum\n\n"
            "dag = DAG('d', start_date=pendulum.today(\"UTC\").add(days=1, minutes=30))\n",
        ),
        # `pendulum` is something else here
        Example(
            "from airflow import DAG\nfrom airflow.utils.dates import days_ago\n\npendulum = None\n"
            "dag = DAG('d', start_date=days_ago(1))\n",
            fixed="from airflow import DAG\nfrom airflow.utils.dates import days_ago\n\npendulum = None\n"
            "dag = DAG('d', start_date=days_ago(1))\n",
        ),
        # the first MWAA version that warns
        Example(
            "from airflow import DAG\nfrom airflow.utils.dates import days_ago\n\n"
            "dag = DAG('d', start_date=days_ago(2))\n",
            fixed="from airflow import DAG\nimport pendulum\n\n"
            "dag = DAG('d', start_date=pendulum.today(\"UTC\").add(days=-2))\n",
            target="2.4.3",
        ),
        # Airflow 2.2 has no deprecation to report
        Example(
            "from airflow import DAG\nfrom airflow.utils.dates import days_ago\n\n"
            "dag = DAG('d', start_date=days_ago(2))\n",
            target="2.2.2",
        ),
        # functions of the user's that are called days_ago
        Example("def days_ago(n):\n    return n\n\nstart = days_ago(1)\n"),
        Example("from mylib.dates import days_ago\n\nstart = days_ago(1)\n"),
    ),
)
