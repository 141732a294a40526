"""The rule for operators and sensors registered on a plugin: documentation, and examples that are also tests."""

from ..diagnostics import FixAvailability
from ..rule import Example, Rule

_OPS = (
    ("plugins/ops/__init__.py", ""),
    ("plugins/ops/healthcheck.py", "class HealthcheckOperator:\n    pass\n"),
    ("plugins/ops/sensors.py", "class ServiceSensor:\n    pass\n"),
    ("plugins/ops/hooks.py", "class ServiceHook:\n    pass\n"),
)
_PLUGIN = (
    "from airflow.plugins_manager import AirflowPlugin\n"
    "from ops.healthcheck import HealthcheckOperator\nfrom ops.hooks import ServiceHook\n"
    "from ops.sensors import ServiceSensor\n\n\ndef partition(ds):\n    return ds.replace('-', '/')\n\n\n"
    "class OpsPlugin(AirflowPlugin):\n    name = 'ops_plugin'\n    operators = [HealthcheckOperator]\n"
    "    sensors = [ServiceSensor]\n    hooks = [ServiceHook]\n    macros = [partition]\n"
)
_PLUGIN_FIXED = (
    "from airflow.plugins_manager import AirflowPlugin\n"
    "from ops.hooks import ServiceHook\n\n\ndef partition(ds):\n    return ds.replace('-', '/')\n\n\n"
    "class OpsPlugin(AirflowPlugin):\n    name = 'ops_plugin'\n    hooks = [ServiceHook]\n    macros = [partition]\n"
)

PLUGIN_REGISTERS_OPERATORS = Rule(
    code="AUL303",
    name="plugin-registers-operators",
    summary="`operators` or `sensors` registered on a plugin, which Airflow 2 ignores",
    fix=FixAvailability.SOMETIMES,
    doc="""
    ## What it does
    Finds `operators = [...]` and `sensors = [...]` on `AirflowPlugin` subclasses and says
    where each class must be imported from instead. Once nothing in the project imports
    through the plugin's 1.10 namespaces (`airflow.operators.<name>`,
    `airflow.sensors.<name>`; AUL301 fixes those imports), the fix removes the lists and the
    imports only they used. `hooks`, `macros` and `executors` are not reported: Airflow 2
    still reads them (hooks for connection types, macros as `macros.<plugin name>`).

    ## Why is this bad?
    Airflow 2's `AirflowPlugin` has no `operators` or `sensors` (apache/airflow#9984); the
    lists are dead code that suggests the classes are still reachable through the plugin,
    and 1.10.15 already warned that registering them is deprecated. MWAA's migration guide
    says to import operators and sensors as plain modules, or to move them to the DAGs folder
    (`airflow-upgrade-lint migrate-plugins`).

    ## Example
    ```python
    class OpsPlugin(AirflowPlugin):
        name = "ops_plugin"
        operators = [HealthcheckOperator]
        macros = [partition]
    ```

    Use instead:
    ```python
    class OpsPlugin(AirflowPlugin):
        name = "ops_plugin"
        macros = [partition]
    ```

    ## Fix safety
    Unsafe: code outside the project (another repository's DAGs deployed to the same
    environment) may still import through the namespace on 1.10. The fix is offered only when
    the plugin was found in the project's plugins and no file of the project imports through
    its namespaces; run `--fix` first, then `--fix --unsafe-fixes`.
    """,
    examples=(
        Example(_PLUGIN, fixed=_PLUGIN_FIXED, project=_OPS, path="plugins/ops_plugin.py", unsafe=True),
        # a DAG still imports through the namespace: reported, not removed
        Example(
            _PLUGIN,
            fixed=_PLUGIN,
            project=(*_OPS, ("dags/health.py", "from airflow.operators.ops_plugin import HealthcheckOperator\n")),
            path="plugins/ops_plugin.py",
            unsafe=True,
        ),
        # a class of the user's called AirflowPlugin, and a plugin without operators or sensors
        Example(
            "class AirflowPlugin:\n    pass\n\n\nclass OpsPlugin(AirflowPlugin):\n    name = 'ops'\n    operators = []\n",
            project=_OPS,
            path="plugins/own.py",
        ),
        Example(
            "from airflow.plugins_manager import AirflowPlugin\nfrom ops.hooks import ServiceHook\n\n\n"
            "class OpsPlugin(AirflowPlugin):\n    name = 'ops'\n    hooks = [ServiceHook]\n",
            project=_OPS,
            path="plugins/ops_plugin.py",
        ),
    ),
)
