"""The rules for imports through 1.10 plugin namespaces: documentation, and examples that are also tests.

The examples run in a small project: `plugins/ops_plugin.py` registers an operator, a sensor and
a hook that are defined in the `ops` package beside it.
"""

from ..diagnostics import FixAvailability
from ..rule import Example, Rule

OPS_PLUGINS = (
    (
        "plugins/ops_plugin.py",
        "from airflow.plugins_manager import AirflowPlugin\n"
        "from ops.healthcheck import HealthcheckOperator\nfrom ops.hooks import ServiceHook\n"
        "from ops.sensors import ServiceSensor\n\n\n"
        "class OpsPlugin(AirflowPlugin):\n    name = 'ops_plugin'\n    operators = [HealthcheckOperator]\n"
        "    sensors = [ServiceSensor]\n    hooks = [ServiceHook]\n",
    ),
    ("plugins/ops/__init__.py", ""),
    ("plugins/ops/healthcheck.py", "class HealthcheckOperator:\n    pass\n"),
    ("plugins/ops/sensors.py", "class ServiceSensor:\n    pass\n"),
    ("plugins/ops/hooks.py", "class ServiceHook:\n    pass\n"),
)

# Two plugins that register classes of the same name, defined in different modules.
TWIN_PLUGINS = (
    (
        "plugins/warehouse_plugins.py",
        "from airflow.plugins_manager import AirflowPlugin\n"
        "from loaders import redshift, snowflake\n\n\n"
        "class RedshiftPlugin(AirflowPlugin):\n    name = 'redshift'\n    operators = [redshift.LoadOperator]\n\n\n"
        "class SnowflakePlugin(AirflowPlugin):\n    name = 'snowflake'\n    operators = [snowflake.LoadOperator]\n",
    ),
    ("plugins/loaders/__init__.py", ""),
    ("plugins/loaders/redshift.py", "class LoadOperator:\n    pass\n"),
    ("plugins/loaders/snowflake.py", "class LoadOperator:\n    pass\n"),
)

PLUGIN_NAMESPACE_IMPORT = Rule(
    code="AUL301",
    name="plugin-namespace-import",
    summary="Import through a plugin's 1.10 namespace (`airflow.operators.<plugin>`)",
    fix=FixAvailability.SOMETIMES,
    doc="""
    ## What it does
    Finds imports of classes that a plugin registered, through the modules Airflow 1.10
    made for each plugin: `airflow.operators.<plugin name>` (its operators and sensors),
    `airflow.sensors.<plugin name>`, `airflow.hooks.<plugin name>`, 1.10's direct
    `from airflow.operators import MyOperator`, and the module forms
    `import airflow.operators.<plugin name>` and `from airflow.operators import <plugin name>`.
    The plugins are read from the project's plugins folder and plugins.zip, and each
    registered class is traced through the plugin's imports to the module that defines it;
    the fix imports it from there.

    ## Why is this bad?
    Airflow 2 removed these modules (apache/airflow#9984): the DAG fails to import with
    `ModuleNotFoundError: No module named 'airflow.operators.ops_plugin'`. The module that
    defines the class is importable as it is: Airflow 2 and MWAA put the plugins folder (where
    MWAA unpacks plugins.zip) on `sys.path`, as they do the DAGs folder, where
    `airflow-upgrade-lint migrate-plugins` moves the code.

    ## Example
    ```python
    from airflow.operators.ops_plugin import HealthcheckOperator
    ```

    Use instead:
    ```python
    from ops.healthcheck import HealthcheckOperator
    ```

    ## Fix safety
    Safe: the new import names the very class the plugin registered. There is no fix when the
    class could not be traced to a module (a computed registration, a plugin module that does
    not parse), when two plugins of the same name disagree, or when code relies on the
    `airflow` name that `import airflow.operators.<plugin name>` also binds.
    """,
    examples=(
        Example(
            "from airflow.operators.ops_plugin import HealthcheckOperator\n",
            fixed="from ops.healthcheck import HealthcheckOperator\n",
            project=OPS_PLUGINS,
        ),
        # the operators namespace held the sensors too; each class from its own module
        Example(
            "# the ops team's classes\nfrom airflow.operators.ops_plugin import HealthcheckOperator as Health, ServiceSensor\n",
            fixed="# the ops team's classes\nfrom ops.healthcheck import HealthcheckOperator as Health\n"
            "from ops.sensors import ServiceSensor\n",
            project=OPS_PLUGINS,
        ),
        Example(
            "from airflow.sensors.ops_plugin import ServiceSensor\nfrom airflow.hooks.ops_plugin import ServiceHook\n",
            fixed="from ops.sensors import ServiceSensor\nfrom ops.hooks import ServiceHook\n",
            project=OPS_PLUGINS,
        ),
        # 1.10's direct access, beside a class of Airflow's own (AUL102 moves that one)
        Example(
            "from airflow.operators import HealthcheckOperator, BashOperator\n",
            fixed="from airflow.operators.bash import BashOperator\nfrom ops.healthcheck import HealthcheckOperator\n",
            project=OPS_PLUGINS,
        ),
        # module forms
        Example(
            "from airflow.hooks import ops_plugin\n\nhook = ops_plugin.ServiceHook()\n",
            fixed="import ops.hooks as ops_plugin\n\nhook = ops_plugin.ServiceHook()\n",
            project=OPS_PLUGINS,
        ),
        Example(
            "import airflow.sensors.ops_plugin as ops_sensors\n\nwait = ops_sensors.ServiceSensor()\n",
            fixed="import ops.sensors as ops_sensors\n\nwait = ops_sensors.ServiceSensor()\n",
            project=OPS_PLUGINS,
        ),
        Example(
            "import airflow.operators.ops_plugin\n\ncheck = airflow.operators.ops_plugin.HealthcheckOperator()\n",
            fixed="import ops.healthcheck\n\ncheck = ops.healthcheck.HealthcheckOperator()\n",
            project=OPS_PLUGINS,
        ),
        # the operators namespace spans two modules: reported, imported by hand
        Example(
            "from airflow.operators import ops_plugin\n\ncheck = ops_plugin.HealthcheckOperator()\n",
            fixed="from airflow.operators import ops_plugin\n\ncheck = ops_plugin.HealthcheckOperator()\n",
            project=OPS_PLUGINS,
        ),
        # two plugins register a `LoadOperator`: the plugin named decides which
        Example(
            "from airflow.operators.snowflake import LoadOperator\n",
            fixed="from loaders.snowflake import LoadOperator\n",
            project=TWIN_PLUGINS,
        ),
        # Airflow's own modules, an import that is already right, and a project without plugins
        Example("from airflow.operators.bash import BashOperator\nfrom ops.healthcheck import HealthcheckOperator\n", project=OPS_PLUGINS),
        Example("from airflow.operators.ops_plugin import HealthcheckOperator\n"),
    ),
)

UNREGISTERED_PLUGIN_IMPORT = Rule(
    code="AUL302",
    name="unregistered-plugin-import",
    summary="Import through a plugin namespace that does not hold the class",
    fix=FixAvailability.SOMETIMES,
    doc="""
    ## What it does
    Finds imports through a 1.10 plugin namespace that name a class the plugin does not
    register there: the wrong namespace (`airflow.sensors.<plugin>` for an operator), the
    wrong plugin name, or a class no plugin registers. When a plugin of the project does
    register the class, the message says which and where, and the fix imports the class from
    its module.

    ## Why is this bad?
    The import fails on Airflow 2, where no plugin namespace exists, and it failed on 1.10
    too, so the DAG was probably never loaded as written, or the plugin changed since.

    ## Example
    ```python
    from airflow.sensors.ops_plugin import HealthcheckOperator
    ```

    Use instead:
    ```python
    from ops.healthcheck import HealthcheckOperator
    ```

    ## Fix safety
    Unsafe: the import never worked, so which class was meant is a guess from its name; the
    fix is offered only when every plugin that registers a class of that name defines it in
    the same module.
    """,
    examples=(
        Example(
            "from airflow.sensors.ops_plugin import HealthcheckOperator\n",
            fixed="from ops.healthcheck import HealthcheckOperator\n",
            project=OPS_PLUGINS,
            unsafe=True,
        ),
        Example(
            "from airflow.operators.ops import ServiceSensor\n",
            fixed="from ops.sensors import ServiceSensor\n",
            project=OPS_PLUGINS,
            unsafe=True,
        ),
        # without --unsafe-fixes: reported only
        Example(
            "from airflow.operators.ops import ServiceSensor\n",
            fixed="from airflow.operators.ops import ServiceSensor\n",
            project=OPS_PLUGINS,
        ),
        # no plugin registers it, or two plugins define it in different modules: no fix
        Example(
            "from airflow.operators.ops_plugin import CleanupOperator\n",
            fixed="from airflow.operators.ops_plugin import CleanupOperator\n",
            project=OPS_PLUGINS,
            unsafe=True,
        ),
        Example(
            "from airflow.operators.warehouse import LoadOperator\n",
            fixed="from airflow.operators.warehouse import LoadOperator\n",
            project=TWIN_PLUGINS,
            unsafe=True,
        ),
        # an unknown name no plugin registers may be a module of Airflow's: left alone
        Example("from airflow.operators.datetime import BranchDateTimeOperator\n", project=OPS_PLUGINS),
    ),
)
