"""Proof in real Airflow 2.10.3 that the fixed fixtures/config files set options by the names it reads.

Each case's options, as this tool's own scanners find them, become the environment of an
AirflowConfigParser: `AIRFLOW__X__Y` assignments as they are, MWAA's `section.key` options as
the `AIRFLOW__SECTION__KEY` variables MWAA runs Airflow with (mwaa-env-var-plugin's description
on PyPI: "the default AIRFLOW__ENV__FOO_BAR provided by vanilla MWAA"). Airflow then validates
(which rewrites deprecated values with a FutureWarning) and is asked for every option with a
deprecated name and every option set, by its current name: a fixed file warns about nothing,
while the unfixed ones do.
"""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from airflow_runtime import AIRFLOW_VERSION, REPO_ROOT, run_in_airflow
from airflow_upgrade_lint.config_occurrences import Spelling, spelled
from airflow_upgrade_lint.runner import TEXT_FORMATS
from airflow_upgrade_lint.workspace import kind_of

CASES = REPO_ROOT / "fixtures" / "config"
FILES = {
    "env": ".env",
    "shell": "deploy.sh",
    "docker-compose": "docker-compose.yml",
    "cloudformation-yaml": "template.yaml",
    "cloudformation-json": "template.json",
    "terraform": "main.tf",
    "cli-input-json": "update-environment.json",
}

PROBE = textwrap.dedent(
    """
    import json, os, sys, warnings

    from airflow.configuration import AirflowConfigParser

    report = {}
    for case, variables in json.loads(sys.stdin.read()).items():
        for name in [name for name in os.environ if name.startswith("AIRFLOW__")]:
            del os.environ[name]
        os.environ.update(variables)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            parser = AirflowConfigParser()
            parser.validate()
            renamed = parser.inversed_deprecated_sections
            asked = set(parser.deprecated_options) | set(parser.many_to_one_deprecated_options)
            asked |= {tuple(name.lower().split("__")[1:3]) for name in variables}
            asked = {(renamed.get(section, section), key) for section, key in asked}
            for section, key in sorted(asked - set(parser.inversed_deprecated_options)):
                parser.get(section, key, fallback=None)
        report[case] = sorted({
            str(w.message) for w in caught if issubclass(w.category, (DeprecationWarning, FutureWarning))
        })
    print(json.dumps(report))
    """
)


def environment(path: Path) -> dict[str, str]:
    """The variables the file's options become, as its format reads them (values it cannot read left out)."""
    text = path.read_text()
    return {
        spelled(Spelling.ENV, occurrence.section, occurrence.key): occurrence.value.text
        for occurrence in TEXT_FORMATS[kind_of(path.name)].occurrences(text)  # type: ignore[attr-defined]
        if occurrence.value is not None
    }


@pytest.mark.airflow
def test_fixed_configuration_warns_nothing_in_real_airflow(airflow_venv, tmp_path):
    variables = {f"{case} {state}": environment(CASES / case / state / name) for case, name in FILES.items() for state in ("before", "after")}
    assert all(variables.values())
    script = tmp_path / "probe.py"
    script.write_text(PROBE, encoding="utf-8")
    report = json.loads(run_in_airflow(script, json.dumps(variables)))
    assert AIRFLOW_VERSION == "2.10.3"  # the fixtures' after/ folders are fixed for it
    assert {case: messages for case, messages in report.items() if case.endswith("after")} == {f"{case} after": [] for case in FILES}
    assert all(report[f"{case} before"] for case in FILES), report
