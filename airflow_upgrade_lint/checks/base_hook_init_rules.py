"""The rule for BaseHook's removed `source` argument: documentation, and examples that are also tests."""

from ..diagnostics import FixAvailability
from ..rule import Example, Rule

BASE_HOOK_SOURCE = Rule(
    code="AUL204",
    name="base-hook-source-argument",
    summary="Custom hook passes `source` to BaseHook.__init__",
    fix=FixAvailability.ALWAYS,
    doc="""
    ## What it does
    Finds hooks derived from `BaseHook` (under any 1.10 or 2.x import path) whose methods call
    `super().__init__(source)`, `super().__init__(source=...)` or
    `BaseHook.__init__(self, source)`, and drops the argument.

    ## Why is this bad?
    1.10's `BaseHook.__init__(self, source)` ignored `source`. Airflow 2's takes no such
    argument, so creating the hook raises a `TypeError`: every task that uses it fails.

    ## Example
    ```python
    class WarehouseHook(BaseHook):
        def __init__(self, conn_id):
            super().__init__(source=None)
    ```

    Use instead:
    ```python
    class WarehouseHook(BaseHook):
        def __init__(self, conn_id):
            super().__init__()
    ```

    ## Fix safety
    Safe: the argument never did anything.
    """,
    examples=(
        Example(
            "from airflow.hooks.base import BaseHook\n\n"
            "class WarehouseHook(BaseHook):\n    def __init__(self, conn_id):\n        super().__init__(source=None)\n",
            fixed="from airflow.hooks.base import BaseHook\n\n"
            "class WarehouseHook(BaseHook):\n    def __init__(self, conn_id):\n        super().__init__()\n",
        ),
        Example(
            "from airflow.hooks.base import BaseHook as Base\n\n"
            "class WarehouseHook(Base):\n    def __init__(self, conn_id):\n        Base.__init__(self, conn_id)\n",
            fixed="from airflow.hooks.base import BaseHook as Base\n\n"
            "class WarehouseHook(Base):\n    def __init__(self, conn_id):\n        Base.__init__(self)\n",
        ),
        # already Airflow 2 style
        Example(
            "from airflow.hooks.base import BaseHook\n\n"
            "class WarehouseHook(BaseHook):\n    def __init__(self, conn_id):\n        super().__init__()\n"
        ),
        # a class that is not a hook
        Example("class Reader(Base):\n    def __init__(self, path):\n        super().__init__(path)\n"),
    ),
)
