"""`@apply_defaults` (AUL212) in a 1.10 operator whose other imports moved: one run fixes both."""

import textwrap

from airflow_upgrade_lint import engine, knowledge
from airflow_upgrade_lint.settings import Settings

SOURCE = textwrap.dedent("""\
    from airflow.hooks.http_hook import HttpHook
    from airflow.models import BaseOperator
    from airflow.utils.decorators import apply_defaults


    class HealthcheckOperator(BaseOperator):
        template_fields = ("url",)

        @apply_defaults
        def __init__(self, url, http_conn_id="http_default", *args, **kwargs):
            super(HealthcheckOperator, self).__init__(*args, **kwargs)
            self.hook = HttpHook(method="GET", http_conn_id=http_conn_id)
""")


def fix(source: str, target: str) -> str:
    result = engine.check_source(source.encode(), "operator.py", Settings(target_version=target, fix=True), knowledge.load())
    return result.fixed.decode() if result.fixed is not None else source


def test_decorator_and_moved_import_are_fixed_together_and_idempotently():
    fixed = fix(SOURCE, "2.10.3")
    assert fixed == (
        SOURCE.replace("airflow.hooks.http_hook", "airflow.providers.http.hooks.http")
        .replace("from airflow.utils.decorators import apply_defaults\n", "")
        .replace("    @apply_defaults\n", "")
    )
    assert fix(fixed, "2.10.3") == fixed


def test_airflow_2_0_keeps_the_decorator():
    result = engine.check_source(SOURCE.encode(), "operator.py", Settings(target_version="2.0.2"), knowledge.load())
    assert "AUL212" not in [d.code for d in result.diagnostics]


def test_a_suppressed_decorator_keeps_its_import():
    source = SOURCE.replace("@apply_defaults\n", "@apply_defaults  # noqa: AUL212\n")
    fixed = fix(source, "2.10.3")
    assert "from airflow.utils.decorators import apply_defaults\n" in fixed
    assert "@apply_defaults  # noqa: AUL212\n" in fixed
