"""The rule for custom metaclasses on operators: documentation, and examples that are also tests."""

from ..diagnostics import FixAvailability
from ..rule import Example, Rule

OPERATOR_METACLASS = Rule(
    code="AUL208",
    name="operator-metaclass",
    summary="Operator class with a custom metaclass",
    fix=FixAvailability.NEVER,
    doc="""
    ## What it does
    Finds operator and sensor classes (derived from an Airflow operator, under any import
    path) that set a metaclass: `metaclass=M`, `six.with_metaclass(M, Base)` or
    `@six.add_metaclass(M)`.

    ## Why is this bad?
    Airflow 2's `BaseOperator` has its own metaclass (`BaseOperatorMeta`). Python requires a
    class's metaclass to derive from its bases' metaclasses, so the class statement raises
    `TypeError: metaclass conflict` and the DAG that imports it does not load.

    ## Example
    ```python
    class AuditedOperator(BaseOperator, metaclass=Registry):
        ...
    ```

    Use instead: derive the metaclass from Airflow's, or drop it (a class decorator or
    `__init_subclass__` usually does the same job):
    ```python
    class AuditedOperator(BaseOperator):
        def __init_subclass__(cls, **kwargs):
            super().__init_subclass__(**kwargs)
            REGISTRY.append(cls)
    ```

    ## Fix safety
    No fix: what the metaclass does has to be moved by hand.
    """,
    examples=(
        Example(
            "from airflow.models import BaseOperator\n\nclass Audited(BaseOperator, metaclass=Registry):\n    pass\n",
            fixed="from airflow.models import BaseOperator\n\nclass Audited(BaseOperator, metaclass=Registry):\n    pass\n",
        ),
        Example(
            "import six\nfrom airflow.operators.bash import BashOperator\n\n"
            "class Audited(six.with_metaclass(Registry, BashOperator)):\n    pass\n",
            fixed="import six\nfrom airflow.operators.bash import BashOperator\n\n"
            "class Audited(six.with_metaclass(Registry, BashOperator)):\n    pass\n",
        ),
        Example("from airflow.models import BaseOperator\n\nclass Plain(BaseOperator):\n    pass\n"),
        Example("class Model(Base, metaclass=Registry):\n    pass\n"),
    ),
)
