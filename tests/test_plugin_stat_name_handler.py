"""AUL305 names the configuration value to set: what a rule example cannot show, since it
compares the file, not the message."""

from __future__ import annotations

import pytest

from airflow_upgrade_lint import engine, knowledge
from airflow_upgrade_lint.settings import Settings

HEADER = (
    "from airflow.plugins_manager import AirflowPlugin\nfrom company.metrics import short_name as imported\n"
    "import company.stats as stats\n\n\ndef short_name(stat_name):\n    return stat_name[:32]\n\n\n"
    "alias = short_name\n\n\n"
)


@pytest.mark.parametrize(
    ("handler", "path"),
    [
        ("short_name", "<this module>.short_name"),  # the module path is not in the file
        ("imported", "company.metrics.short_name"),
        ("stats.lower", "company.stats.lower"),
        ("alias", "<module>.<function>"),  # not followed: a variable may be reassigned
        ("lambda stat_name: stat_name[:32]", "<module>.<function>"),
    ],
)
def test_message_names_the_configuration_value(handler, path):
    source = HEADER + f"class MetricsPlugin(AirflowPlugin):\n    name = 'metrics'\n    stat_name_handler = {handler}\n"
    found = engine.check_source(source.encode(), "plugin.py", Settings(select=("AUL305",)), knowledge.load()).diagnostics
    assert [d.code for d in found] == ["AUL305"]
    assert f"`[metrics] stat_name_handler = {path}`" in found[0].message
