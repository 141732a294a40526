"""The rule for a plugin's `stat_name_handler`: documentation, and examples that are also tests."""

from ..diagnostics import FixAvailability
from ..rule import Example, Rule

_PLUGIN = "from airflow.plugins_manager import AirflowPlugin\n\n\n"

PLUGIN_STAT_NAME_HANDLER = Rule(
    code="AUL305",
    name="plugin-stat-name-handler",
    summary="`stat_name_handler` on an AirflowPlugin, which Airflow 2 ignores",
    fix=FixAvailability.NEVER,
    doc="""
    ## What it does
    Finds a `stat_name_handler` class attribute (other than `None`) on a subclass of
    `airflow.plugins_manager.AirflowPlugin`, and names the configuration option to set
    instead. The attribute on any other class is not reported.

    ## Why is this bad?
    The attribute was read only on the development branch that became Airflow 2.0, and was
    dropped before 2.0 was released (apache/airflow#7335): neither 1.10.15 nor any 2.x reads
    it, so the handler never runs. Airflow 2 takes the handler from the configuration,
    `[metrics] stat_name_handler`, as the dotted path of a function. Airflow puts the plugins
    folder on `sys.path`, so a function in `plugins/metrics_names.py` is
    `metrics_names.short_name`.

    ## Example
    ```python
    def short_name(stat_name):
        return stat_name.lower()[:32]

    class MetricsPlugin(AirflowPlugin):
        name = "metrics"
        stat_name_handler = short_name
    ```

    Use instead, in `airflow.cfg` (or `AIRFLOW__METRICS__STAT_NAME_HANDLER`):
    ```ini
    [metrics]
    stat_name_handler = metrics_names.short_name
    ```

    ## Fix safety
    No fix: the configuration is not in the file, and setting it turns on a handler that no
    released Airflow ran before.
    """,
    examples=(
        Example(
            _PLUGIN + "def short_name(stat_name):\n    return stat_name.lower()[:32]\n\n\n"
            "class MetricsPlugin(AirflowPlugin):\n    name = 'metrics'\n    stat_name_handler = short_name\n",
            fixed=_PLUGIN + "def short_name(stat_name):\n    return stat_name.lower()[:32]\n\n\n"
            "class MetricsPlugin(AirflowPlugin):\n    name = 'metrics'\n    stat_name_handler = short_name\n",
        ),
        # an imported handler, through the module that holds the base class
        Example(
            "from airflow import plugins_manager\nfrom company.metrics import short_name\n\n\n"
            "class MetricsPlugin(plugins_manager.AirflowPlugin):\n    name = 'metrics'\n    stat_name_handler = short_name\n",
            fixed="from airflow import plugins_manager\nfrom company.metrics import short_name\n\n\n"
            "class MetricsPlugin(plugins_manager.AirflowPlugin):\n    name = 'metrics'\n    stat_name_handler = short_name\n",
        ),
        # None is what no handler means: nothing is lost
        Example(_PLUGIN + "class MetricsPlugin(AirflowPlugin):\n    name = 'metrics'\n    stat_name_handler = None\n"),
        # a class that is not a plugin, and a class of the user's called AirflowPlugin
        Example("def short_name(stat_name):\n    return stat_name[:32]\n\n\nclass Settings:\n    stat_name_handler = short_name\n"),
        Example(
            "class AirflowPlugin:\n    pass\n\n\ndef short_name(stat_name):\n    return stat_name[:32]\n\n\n"
            "class MetricsPlugin(AirflowPlugin):\n    stat_name_handler = short_name\n"
        ),
        # macros and executors are still read by Airflow 2
        Example(
            _PLUGIN + "def quarter(ds):\n    return (int(ds[5:7]) - 1) // 3 + 1\n\n\n"
            "class FinancePlugin(AirflowPlugin):\n    name = 'finance'\n    macros = [quarter]\n    executors = []\n"
        ),
    ),
)
