"""Airflow configuration in env files and shell scripts (workspace kinds "env" and "shell").

Every `AIRFLOW__SECTION__KEY` name counts, with the value assigned to it on its line (`NAME=value`,
`export NAME="value"`); so do MWAA options in the JSON argument of an AWS CLI call
(`aws mwaa update-environment --airflow-configuration-options '{"core.dag_concurrency": "16"}'`),
single-quoted as a shell passes it on unchanged. Neither format has a syntax to validate: the
shell accepts what env files hold, and a shell script is checked for what it sets, not run.
"""

from __future__ import annotations

import re

from .config_fixes import ConfigFormat
from .config_occurrences import Occurrence, dotted_occurrences, env_occurrences, json_strings
from .text_files import Malformed

_CLI_OPTIONS = re.compile(r"--airflow-configuration-options(?:=|[ \t]+)'(?P<json>[^']*)'")


def occurrences(text: str) -> list[Occurrence]:
    found = env_occurrences(text)
    for argument in _CLI_OPTIONS.finditer(text):
        found += dotted_occurrences(text, json_strings(text, *argument.span("json")))
    return found


def _nothing_to_validate(text: str) -> list[Malformed]:
    return []


FORMAT = ConfigFormat("#", _nothing_to_validate, occurrences)
