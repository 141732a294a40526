"""The rule for hooks relying on BaseHook's removed SQL methods: documentation, and examples that are also tests."""

from ..diagnostics import FixAvailability
from ..rule import Example, Rule

BASE_HOOK_METHOD = Rule(
    code="AUL210",
    name="base-hook-db-api-method",
    summary="Hook calls a SQL method that Airflow 2's BaseHook no longer declares",
    fix=FixAvailability.NEVER,
    doc="""
    ## What it does
    Finds hooks whose only base is `BaseHook` (under any 1.10 or 2.x import path) that call
    `self.get_records`, `self.get_pandas_df` or `self.run` without defining that method, or
    call `super().get_records`, `super().get_pandas_df` or `super().run` (which never reach the
    class's own definition).

    ## Why is this bad?
    1.10's `BaseHook` declared the three methods (raising `NotImplementedError`), so a hook
    could call them and leave them to a subclass, or catch the `NotImplementedError`. Airflow
    2's `BaseHook` has none of them: the call raises `AttributeError`. The class that defines
    them is `DbApiHook`: `airflow.hooks.dbapi.DbApiHook` in Airflow 2.0 and 2.2, and
    `airflow.providers.common.sql.hooks.sql.DbApiHook` (apache-airflow-providers-common-sql,
    pinned by MWAA from 2.4.3) from Airflow 2.4 on; the message names the one of the target.

    ## Example
    ```python
    class WarehouseHook(BaseHook):
        def row_count(self, table):
            return self.get_records(f"SELECT COUNT(*) FROM {table}")[0][0]
    ```

    Use instead, for a SQL hook:
    ```python
    class WarehouseHook(DbApiHook):
        def row_count(self, table):
            return self.get_records(f"SELECT COUNT(*) FROM {table}")[0][0]
    ```

    or define the method (`def get_records(self, sql): raise NotImplementedError()` keeps the
    1.10 behaviour for subclasses that provide it).

    A hook with another base besides `BaseHook` (`DbApiHook`, a mixin) is not reported: that
    base may provide the method.

    ## Fix safety
    No fix: deriving from DbApiHook changes how the hook connects (`conn_name_attr`,
    `get_conn`), which needs a person.
    """,
    examples=(
        Example(
            "from airflow.hooks.base_hook import BaseHook\n\n"
            "class WarehouseHook(BaseHook):\n"
            "    def row_count(self, table):\n"
            "        return self.get_records('SELECT COUNT(*) FROM ' + table)[0][0]\n",
            fixed="from airflow.hooks.base import BaseHook\n\n"
            "class WarehouseHook(BaseHook):\n"
            "    def row_count(self, table):\n"
            "        return self.get_records('SELECT COUNT(*) FROM ' + table)[0][0]\n",
        ),
        Example(
            "from airflow.hooks.base import BaseHook as Base\n\n"
            "class WarehouseHook(Base):\n"
            "    def run(self, sql):\n"
            "        self.log.info(sql)\n"
            "        return super().run(sql)\n",
            fixed="from airflow.hooks.base import BaseHook as Base\n\n"
            "class WarehouseHook(Base):\n"
            "    def run(self, sql):\n"
            "        self.log.info(sql)\n"
            "        return super().run(sql)\n",
            target="2.2.2",
        ),
        # the class defines the method it calls
        Example(
            "from airflow.hooks.base import BaseHook\n\n"
            "class ApiHook(BaseHook):\n"
            "    def run(self, endpoint):\n"
            "        return endpoint\n\n"
            "    def health(self):\n"
            "        return self.run('health')\n"
        ),
        # DbApiHook provides the methods
        Example(
            "from airflow.hooks.dbapi_hook import DbApiHook\n\n"
            "class WarehouseHook(DbApiHook):\n"
            "    def row_count(self, table):\n"
            "        return self.get_records('SELECT COUNT(*) FROM ' + table)[0][0]\n"
        ),
        Example(
            "from airflow.hooks.base import BaseHook\nfrom airflow.providers.common.sql.hooks.sql import DbApiHook\n\n"
            "class WarehouseHook(DbApiHook, BaseHook):\n"
            "    def row_count(self, table):\n"
            "        return self.get_records('SELECT COUNT(*) FROM ' + table)[0][0]\n"
        ),
        # a class of the user's own that is called BaseHook
        Example(
            "from myproject.hooks import BaseHook\n\n"
            "class WarehouseHook(BaseHook):\n"
            "    def row_count(self, table):\n"
            "        return self.get_records('SELECT COUNT(*) FROM ' + table)[0][0]\n"
        ),
    ),
)
