"""The rule for `@apply_defaults`: documentation, and examples that are also tests."""

from ..diagnostics import FixAvailability
from ..rule import Example, Rule

DEPRECATED_APPLY_DEFAULTS = Rule(
    code="AUL212",
    name="deprecated-apply-defaults",
    summary="`@apply_defaults`, a deprecated no-op since Airflow 2.1",
    fix=FixAvailability.ALWAYS,
    doc="""
    ## What it does
    Finds functions, usually an operator's `__init__`, decorated with
    `airflow.utils.decorators.apply_defaults` (or 1.10's `airflow.utils.apply_defaults`),
    however it was imported, and removes the decorator, and its import once nothing uses it.
    Nothing is reported for a target older than 2.1, where the decorator still does its work;
    a decorator of your own called `apply_defaults` is never touched.

    ## Why is this bad?
    From Airflow 2.1 (apache/airflow#15667) `BaseOperator`'s metaclass fills every operator's
    arguments from `default_args` by itself; `apply_defaults` only warns (a
    `DeprecationWarning` in the 2.2.2 wheel, `RemovedInAirflow3Warning` from 2.4.3) each time
    the file is parsed, and Airflow 3 removes it. `airflow.utils.apply_defaults`, the 1.10
    shortcut, does not exist in Airflow 2 at all.

    ## Example
    ```python
    from airflow.models import BaseOperator
    from airflow.utils.decorators import apply_defaults

    class LoadOperator(BaseOperator):
        @apply_defaults
        def __init__(self, table, **kwargs):
            super().__init__(**kwargs)
    ```

    Use instead:
    ```python
    from airflow.models import BaseOperator

    class LoadOperator(BaseOperator):
        def __init__(self, table, **kwargs):
            super().__init__(**kwargs)
    ```

    ## Fix safety
    Safe: from 2.1 the decorator only calls the function it wraps. Comment lines above the
    decorator stay; an import statement with comment lines above it is kept.
    """,
    examples=(
        Example(
            "from airflow.models import BaseOperator\nfrom airflow.utils.decorators import apply_defaults\n\n\n"
            "class LoadOperator(BaseOperator):\n    @apply_defaults\n    def __init__(self, table, **kwargs):\n"
            "        super().__init__(**kwargs)\n",
            fixed="from airflow.models import BaseOperator\n\n\n"
            "class LoadOperator(BaseOperator):\n    def __init__(self, table, **kwargs):\n"
            "        super().__init__(**kwargs)\n",
        ),
        # through the module, among other decorators, with comments around it
        Example(
            "from airflow.models import BaseOperator\nfrom airflow.utils import decorators\n\n\n"
            "class LoadOperator(BaseOperator):\n    template_fields = ('table',)\n\n"
            "    # Airflow 1.10 needs this\n    @decorators.apply_defaults  # fills default_args\n"
            "    # keep it traced\n    @traced\n    def __init__(self, table, **kwargs):\n        super().__init__(**kwargs)\n",
            fixed="from airflow.models import BaseOperator\n\n\n"
            "class LoadOperator(BaseOperator):\n    template_fields = ('table',)\n\n"
            "    # Airflow 1.10 needs this\n"
            "    # keep it traced\n    @traced\n    def __init__(self, table, **kwargs):\n        super().__init__(**kwargs)\n",
        ),
        # 1.10's shortcut, which Airflow 2 does not have, beside a name that stays in use
        Example(
            "from airflow.models import BaseOperator\nfrom airflow.utils import apply_defaults, helpers\n\n\n"
            "class LoadOperator(BaseOperator):\n    @apply_defaults\n    def __init__(self, table, **kwargs):\n"
            "        super().__init__(**kwargs)\n        self.parts = helpers.chunks(table, 2)\n",
            fixed="from airflow.models import BaseOperator\nfrom airflow.utils import helpers\n\n\n"
            "class LoadOperator(BaseOperator):\n    def __init__(self, table, **kwargs):\n"
            "        super().__init__(**kwargs)\n        self.parts = helpers.chunks(table, 2)\n",
        ),
        # the first MWAA version where it is a no-op
        Example(
            "from airflow.models import BaseOperator\nfrom airflow.utils.decorators import apply_defaults\n\n\n"
            "class LoadOperator(BaseOperator):\n    @apply_defaults\n    def __init__(self, table, **kwargs):\n"
            "        super().__init__(**kwargs)\n",
            fixed="from airflow.models import BaseOperator\n\n\n"
            "class LoadOperator(BaseOperator):\n    def __init__(self, table, **kwargs):\n"
            "        super().__init__(**kwargs)\n",
            target="2.2.2",
        ),
        # Airflow 2.0 still needs the decorator to apply default_args
        Example(
            "from airflow.models import BaseOperator\nfrom airflow.utils.decorators import apply_defaults\n\n\n"
            "class LoadOperator(BaseOperator):\n    @apply_defaults\n    def __init__(self, table, **kwargs):\n"
            "        super().__init__(**kwargs)\n",
            target="2.0.2",
        ),
        # decorators of the user's that are called apply_defaults
        Example(
            "from mylib.decorators import apply_defaults\n\n\n"
            "class Loader:\n    @apply_defaults\n    def __init__(self, table):\n        self.table = table\n"
        ),
        Example(
            "def apply_defaults(func):\n    return func\n\n\n"
            "class Loader:\n    @apply_defaults\n    def __init__(self, table):\n        self.table = table\n"
        ),
    ),
)
