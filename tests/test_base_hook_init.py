"""BaseHook's `source` argument (AUL204) through a 1.10 import path, fixed with the import."""

import textwrap

from airflow_upgrade_lint import engine, knowledge
from airflow_upgrade_lint.settings import Settings


def test_hook_imported_from_its_1_10_path_is_fixed_with_its_import():
    source = textwrap.dedent("""\
        from airflow.hooks.base_hook import BaseHook


        class WarehouseHook(BaseHook):
            def __init__(self, conn_id, source=None):
                super(WarehouseHook, self).__init__(source)
                self.conn_id = conn_id
    """)
    result = engine.check_source(source.encode(), "hooks.py", Settings(fix=True), knowledge.load())
    assert result.fixed.decode() == source.replace("base_hook", "base").replace(
        "super(WarehouseHook, self).__init__(source)", "super(WarehouseHook, self).__init__()"
    )
    assert result.fixes_applied == 2
