"""Checks on rules/requirements.toml, the generated facts of requirements files (no network).

scripts/build_requirement_rules.py regenerates the table from the wheels and ../shared/data/mwaa
(`--check` says whether it is current; it needs the wheels and is not run here). These tests
read the MWAA data themselves and compare, and pin the facts the AUL5xx rules rely on.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from packaging.utils import canonicalize_name

from airflow_upgrade_lint import knowledge, requirement_facts

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
RULES = ROOT / "rules"
MWAA = ROOT.parent / "shared" / "data" / "mwaa"
DATA = tomllib.loads((RULES / "requirements.toml").read_text())
TARGETS = DATA["meta"]["targets"]
FACTS = requirement_facts.load(RULES)
VERSIONS = tomllib.loads((MWAA / "versions.toml").read_text())["versions"]


def test_meta_lists_the_import_tables_targets_and_hashed_wheels():
    imports = tomllib.loads((RULES / "imports.toml").read_text())
    assert TARGETS == imports["meta"]["targets"]
    assert list(FACTS) == TARGETS
    assert DATA["meta"]["generator"] == "scripts/build_requirement_rules.py"
    assert set(DATA["meta"]["wheels"]) == {f"apache-airflow=={version}" for version in ["1.10.15", *TARGETS]}
    assert all(re.fullmatch(r"sha256:[0-9a-f]{64}", digest) for digest in DATA["meta"]["wheels"].values())


@pytest.mark.parametrize("target", TARGETS)
def test_python_and_constraints_url_are_mwaas(target):
    python = ".".join(VERSIONS[target]["python"].split(".")[:2])
    facts = FACTS[target]
    assert facts.python == python
    assert facts.constraints_url == f"https://raw.githubusercontent.com/apache/airflow/constraints-{target}/constraints-{python}.txt"


@pytest.mark.parametrize("target", TARGETS)
def test_pins_are_every_line_of_the_constraints_file(target):
    lines = (MWAA / VERSIONS[target]["constraints_file"]).read_text().splitlines()
    pins = dict(line.split("==") for line in lines if line and not line.startswith("#"))
    assert dict(FACTS[target].pins) == {canonicalize_name(name): version for name, version in pins.items()}


@pytest.mark.parametrize("target", TARGETS)
def test_preinstalled_holds_the_images_providers_and_the_providers_exist(target):
    facts = FACTS[target]
    image = {canonicalize_name(name) for name in VERSIONS[target]["preinstalled_providers"]}
    assert facts.image_providers == image
    assert facts.preinstalled == image | facts.airflow_providers
    assert facts.providers == {name for name in facts.pins if name.startswith("apache-airflow-providers-")}
    assert facts.preinstalled - {"apache-airflow-providers-fab"} <= facts.providers  # 2.11.2 installs fab unpinned


def test_airflow_itself_requires_providers_from_2_0():
    assert FACTS["2.0.2"].airflow_providers == {f"apache-airflow-providers-{x}" for x in ("ftp", "http", "imap", "sqlite")}
    assert {"apache-airflow-providers-common-sql", "apache-airflow-providers-smtp"} <= FACTS["2.10.3"].airflow_providers


def test_renamed_extras_are_derived_from_2_2_on():
    assert dict(FACTS["2.0.2"].renamed_extras) == {}  # its aliases install libraries, not the providers
    assert FACTS["2.4.3"].renamed_extras["kubernetes"] == "cncf.kubernetes"  # spelled as 2.4.3 spells it
    assert FACTS["2.10.3"].renamed_extras["kubernetes"] == "cncf-kubernetes"
    for target in TARGETS[1:]:
        renamed = FACTS[target].renamed_extras
        assert {renamed["aws"], renamed["s3"], renamed["gcp"], renamed["gcp-api"]} == {"amazon", "google"}, target
        assert all(canonicalize_name(new) in FACTS[target].extras for new in renamed.values()), target
        assert not set(renamed) & {canonicalize_name(new) for new in renamed.values()}, target


def test_gone_extras_are_1_10_15s_that_the_target_lacks():
    legacy = {canonicalize_name(extra) for extra in DATA["legacy"]["extras"]}
    for target in TARGETS:
        assert FACTS[target].gone_extras == legacy - FACTS[target].extras, target
    assert {"emr", "azure-blob-storage", "devel-azure"} <= FACTS["2.0.2"].gone_extras
    assert "jira" not in FACTS["2.4.3"].gone_extras and "jira" in FACTS["2.10.3"].gone_extras


@pytest.mark.parametrize("target", TARGETS)
def test_provider_packages_agree_with_the_import_table(target):
    """A provider id's dots are its distribution's dashes: checked on every move into a provider."""
    facts = FACTS[target]
    for move in knowledge.load().moves(target).values():
        if move.path.startswith("airflow.providers.") and move.distribution in facts.providers:
            owner = next(dist for package, dist in facts.provider_packages if move.path.startswith(package + "."))
            assert owner == move.distribution, move.path


def test_backport_email_has_no_provider_and_the_others_do():
    for target in TARGETS:
        assert "apache-airflow-providers-email" not in FACTS[target].providers
        assert {"apache-airflow-providers-amazon", "apache-airflow-providers-google"} <= FACTS[target].providers
