"""AUL211's rewrites of `days_ago` give the same datetimes as the calls they replace.

The rewrites come from the fixer itself (with unsafe fixes, so that non-literal arguments are
rewritten too), and tests/days_ago_probe.py evaluates both sides in the Airflow virtualenv of
the `airflow` tests (pendulum is no dependency of the linter), against Airflow's own days_ago and
the pendulum MWAA pins.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from airflow_runtime import run_in_airflow
from airflow_upgrade_lint import engine, knowledge
from airflow_upgrade_lint.settings import Settings

CALLS = (
    "days_ago(0)",
    "days_ago(2)",
    "days_ago(-3)",
    "days_ago(+1)",
    "days_ago(1.5)",
    "days_ago(1, hour=6)",
    "days_ago(1, 23, 59, 59, 999999)",
    "days_ago(n=2, minute=30, microsecond=7)",
    "days_ago(x)",
    "days_ago(-x)",
    "days_ago(x + 1)",
    "days_ago(x, second=1)",
)


def rewrites(calls=CALLS) -> list[tuple[str, str]]:
    """Each call and what `--fix --unsafe-fixes` makes of it."""
    source = "from airflow.utils.dates import days_ago\n\nx = 4\n" + "".join(f"v{i} = {c}\n" for i, c in enumerate(calls))
    settings = Settings(target_version="2.10.3", fix=True, unsafe_fixes=True)
    fixed = engine.check_source(source.encode(), "dag.py", settings, knowledge.load()).fixed.decode()
    assert fixed.startswith("import pendulum\n\nx = 4\n"), fixed
    rewritten = [line.partition(" = ")[2] for line in fixed.splitlines() if line.startswith("v")]
    assert len(rewritten) == len(calls) and not any("days_ago" in r for r in rewritten), fixed
    return list(zip(calls, rewritten))


@pytest.mark.airflow
def test_rewrites_give_the_same_datetime_as_airflow(airflow_venv):
    """Each rewrite against Airflow's own days_ago, in the real Airflow 2 virtualenv."""
    report = json.loads(run_in_airflow(Path(__file__).with_name("days_ago_probe.py"), json.dumps(rewrites())))
    assert report["results"] and all(r["equal"] and r["same_offset"] for r in report["results"]), report


def test_rewrites_are_exact_text():
    assert dict(rewrites()) == {
        "days_ago(0)": 'pendulum.today("UTC")',
        "days_ago(2)": 'pendulum.today("UTC").add(days=-2)',
        "days_ago(-3)": 'pendulum.today("UTC").add(days=3)',
        "days_ago(+1)": 'pendulum.today("UTC").add(days=-1)',
        "days_ago(1.5)": 'pendulum.today("UTC").add(days=-1.5)',
        "days_ago(1, hour=6)": 'pendulum.today("UTC").add(days=-1, hours=6)',
        "days_ago(1, 23, 59, 59, 999999)": 'pendulum.today("UTC").add(days=-1, hours=23, minutes=59, seconds=59, microseconds=999999)',
        "days_ago(n=2, minute=30, microsecond=7)": 'pendulum.today("UTC").add(days=-2, minutes=30, microseconds=7)',
        "days_ago(x)": 'pendulum.today("UTC").add(days=-x)',
        "days_ago(-x)": 'pendulum.today("UTC").add(days=x)',
        "days_ago(x + 1)": 'pendulum.today("UTC").add(days=-(x + 1))',
        "days_ago(x, second=1)": 'pendulum.today("UTC").add(days=-x, seconds=1)',
    }


@pytest.mark.parametrize(
    "call",
    [
        "days_ago(1, hour=24)",  # days_ago raises ValueError; a rewrite would not
        "days_ago(1, hour=h)",  # whether h is an int in range is unknown
        "days_ago(*args)",
        "days_ago(1, tz='UTC')",  # no such parameter: days_ago raises TypeError
        "days_ago()",
    ],
)
def test_calls_without_an_exact_rewrite_are_reported_and_kept(call):
    source = f"from airflow.utils.dates import days_ago\n\nvalue = {call}\n"
    settings = Settings(target_version="2.10.3", fix=True, unsafe_fixes=True)
    result = engine.check_source(source.encode(), "dag.py", settings, knowledge.load())
    assert result.fixed is None
    assert [d.code for d in result.diagnostics] == ["AUL211"]


def test_a_call_inside_an_f_string_takes_the_other_quote():
    source = 'from airflow.utils.dates import days_ago\n\nlabel = f"since {days_ago(7)}"\n'
    settings = Settings(target_version="2.10.3", fix=True, unsafe_fixes=True)
    fixed = engine.check_source(source.encode(), "dag.py", settings, knowledge.load()).fixed.decode()
    assert fixed == "import pendulum\n\nlabel = f\"since {pendulum.today('UTC').add(days=-7)}\"\n"


def test_pendulum_goes_after_future_imports_and_the_docstring():
    source = textwrap.dedent('''\
        """Sales."""
        from __future__ import annotations

        import os

        from airflow.utils.dates import days_ago, cron_presets

        START = days_ago(1)
        LATER = days_ago(1, hour=HOUR)
    ''')
    settings = Settings(target_version="2.10.3", fix=True, unsafe_fixes=True)
    fixed = engine.check_source(source.encode(), "dag.py", settings, knowledge.load()).fixed.decode()
    assert fixed == source.replace("\nimport os\n", "\nimport pendulum\nimport os\n").replace(
        "days_ago(1)\n", 'pendulum.today("UTC").add(days=-1)\n'
    )


def test_a_call_in_a_function_with_the_import_inside_it():
    source = textwrap.dedent("""\
        import os


        def start():
            from airflow.utils.dates import days_ago
            return days_ago(1)
    """)
    settings = Settings(target_version="2.10.3", fix=True, unsafe_fixes=True)
    fixed = engine.check_source(source.encode(), "dag.py", settings, knowledge.load()).fixed.decode()
    # only top-level imports are removed: one inside a block may be all that block holds
    assert fixed == source.replace("import os\n", "import pendulum\nimport os\n").replace(
        "return days_ago(1)", 'return pendulum.today("UTC").add(days=-1)'
    )


def test_an_import_with_comments_above_it_gives_them_to_pendulum():
    source = "import os\n\n# dates\nfrom airflow.utils.dates import days_ago\n\nSTART = days_ago(1)\n"
    settings = Settings(target_version="2.10.3", fix=True, unsafe_fixes=True)
    fixed = engine.check_source(source.encode(), "dag.py", settings, knowledge.load()).fixed.decode()
    assert fixed == 'import os\n\n# dates\nimport pendulum\n\nSTART = pendulum.today("UTC").add(days=-1)\n'


def test_a_noqa_call_keeps_the_import_and_the_others_are_fixed():
    source = textwrap.dedent("""\
        from airflow import DAG
        from airflow.utils.dates import days_ago

        dag = DAG("d", start_date=days_ago(1), end_date=days_ago(0))  # noqa: AUL211
        other = DAG("e", start_date=days_ago(2))
    """)
    fixed = engine.check_source(source.encode(), "dag.py", Settings(target_version="2.10.3", fix=True), knowledge.load()).fixed.decode()
    assert fixed == source.replace("from airflow import DAG\n", "import pendulum\nfrom airflow import DAG\n").replace(
        "days_ago(2)", 'pendulum.today("UTC").add(days=-2)'
    )
