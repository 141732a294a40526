"""Config discovery and validation, and how flags combine with the config file."""

from __future__ import annotations

from pathlib import Path

import pytest

from airflow_upgrade_lint.config import ConfigError, Vocabulary, discover, resolve

VOCABULARY = Vocabulary(frozenset({"AUL001", "AUL002", "AUL101", "AUL102", "AUL201"}), ("2.2.2", "2.10.3"))


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    (tmp_path / "dags" / "sub").mkdir(parents=True)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def settings_for(project: Path, flags=None, config=None, paths=("dags",)):
    return resolve(tuple(project / path for path in paths), flags or {}, VOCABULARY, config)


def test_defaults_without_config(project):
    settings = settings_for(project)
    assert settings.config_file is None
    assert settings.project_root == project
    assert settings.select == ("AUL",)
    assert settings.target_version == "2.10.3"  # the newest target known
    assert settings.cache and not settings.fix


def test_pyproject_table_is_read_and_keys_become_fields(project):
    (project / "pyproject.toml").write_text(
        """
[tool.airflow-upgrade-lint]
select = ["aul1"]
ignore = ["AUL102"]
target-version = "2.2.2"
output-format = "json"
unsafe-fixes = true
fix = true
exit-zero = true
statistics = true
cache = false
exclude = ["legacy"]
force-exclude = true
per-file-ignores = { "dags/sub/*.py" = ["AUL101"] }
"""
    )
    settings = settings_for(project)
    assert settings.config_file == project / "pyproject.toml"
    assert settings.project_root == project
    assert settings.select == ("AUL1",)  # codes are case-insensitive
    assert settings.ignore == ("AUL102",)
    assert settings.target_version == "2.2.2"
    assert settings.output_format == "json"
    assert settings.unsafe_fixes and settings.fix and settings.exit_zero and settings.statistics
    assert not settings.cache
    assert settings.exclude == ("legacy",)
    assert settings.force_exclude
    assert settings.per_file_ignores == (("dags/sub/*.py", ("AUL101",)),)


def test_discovery_walks_up_from_the_first_path(project):
    (project / "pyproject.toml").write_text('[tool.airflow-upgrade-lint]\nselect = ["AUL1"]\n')
    assert discover(project / "dags" / "sub") == project / "pyproject.toml"
    assert discover(project / "dags" / "sub" / "file.py") == project / "pyproject.toml"
    assert settings_for(project, paths=("dags/sub",)).select == ("AUL1",)


def test_pyproject_without_the_table_is_passed_over(project):
    (project / "pyproject.toml").write_text('[tool.airflow-upgrade-lint]\nselect = ["AUL1"]\n')
    (project / "dags" / "pyproject.toml").write_text('[project]\nname = "dags"\n')
    assert discover(project / "dags") == project / "pyproject.toml"


def test_dedicated_file_wins_over_pyproject_in_the_same_folder(project):
    (project / "pyproject.toml").write_text('[tool.airflow-upgrade-lint]\nselect = ["AUL1"]\n')
    (project / ".airflow-upgrade-lint.toml").write_text('select = ["AUL0"]\n')
    assert settings_for(project).select == ("AUL0",)


def test_nearest_config_wins(project):
    (project / ".airflow-upgrade-lint.toml").write_text('select = ["AUL0"]\n')
    (project / "dags" / "pyproject.toml").write_text('[tool.airflow-upgrade-lint]\nselect = ["AUL1"]\n')
    settings = settings_for(project)
    assert settings.select == ("AUL1",)
    assert settings.project_root == project / "dags"  # relative globs are relative to it


def test_explicit_config(project, tmp_path_factory):
    elsewhere = tmp_path_factory.mktemp("elsewhere") / "lint.toml"
    elsewhere.write_text('select = ["AUL2"]\n')
    (project / ".airflow-upgrade-lint.toml").write_text('select = ["AUL0"]\n')
    settings = settings_for(project, config=elsewhere)
    assert settings.select == ("AUL2",)
    assert settings.project_root == elsewhere.parent


def test_explicit_config_must_exist(project):
    with pytest.raises(ConfigError, match="--config: no such file"):
        settings_for(project, config=project / "missing.toml")


@pytest.mark.parametrize(
    ("toml", "message"),
    [
        ("selct = ['AUL1']", r"\.airflow-upgrade-lint\.toml: selct: unknown key; expected one of: fix, "),
        ("select = 'AUL1'", r"select: expected a list of strings, got 'AUL1'"),
        ("select = ['AUL9']", r"select: unknown rule code or prefix 'AUL9'"),
        ("ignore = ['']", r"ignore: unknown rule code or prefix ''"),
        ("fix = 'yes'", r"fix: expected true or false, got 'yes'"),
        ("target-version = '2.3.0'", r"target-version: unknown Airflow target version '2.3.0'; choose one of: 2.2.2, 2.10.3"),
        ("target-version = 2.2", r"target-version: unknown Airflow target version 2.2"),
        ("output-format = 'xml'", r"output-format: expected one of text, json, got 'xml'"),
        ("exclude = [1]", r"exclude: expected a list of strings"),
        ("per-file-ignores = ['x']", r"per-file-ignores: expected a table of glob = \[codes\]"),
        ("[per-file-ignores]\n'dags/*.py' = ['AUL7']", r"per-file-ignores: 'dags/\*\.py': unknown rule code or prefix 'AUL7'"),
        ("diff = true", r"diff: unknown key"),  # a flag for one run, not project policy
        ("select = [", r"\.airflow-upgrade-lint\.toml: cannot read config: "),
    ],
)
def test_bad_config_names_the_file_and_key(project, toml, message):
    (project / ".airflow-upgrade-lint.toml").write_text(toml + "\n")
    with pytest.raises(ConfigError, match=message):
        settings_for(project)


def test_pyproject_errors_name_the_table(project):
    (project / "pyproject.toml").write_text("[tool.airflow-upgrade-lint]\nselect = ['NOPE']\n")
    with pytest.raises(ConfigError, match=r"^pyproject\.toml: \[tool\.airflow-upgrade-lint\] select: unknown rule"):
        settings_for(project)


def test_pyproject_tool_entry_must_be_a_table(project):
    (project / "pyproject.toml").write_text('[tool]\nairflow-upgrade-lint = "on"\n')
    with pytest.raises(ConfigError, match=r"\[tool\.airflow-upgrade-lint\] must be a table"):
        settings_for(project)


def test_flags_override_the_file(project):
    (project / ".airflow-upgrade-lint.toml").write_text('target-version = "2.2.2"\nfix = true\noutput-format = "json"\n')
    settings = settings_for(project, {"target-version": "2.10.3", "fix": False, "output-format": "text", "diff": True})
    assert (settings.target_version, settings.fix, settings.output_format, settings.diff) == ("2.10.3", False, "text", True)


def test_flag_select_starts_afresh_and_flag_ignore_adds(project):
    (project / ".airflow-upgrade-lint.toml").write_text('select = ["AUL1"]\nignore = ["AUL101"]\n')
    assert settings_for(project, {"ignore": ["AUL102"]}).ignore == ("AUL101", "AUL102")
    selected = settings_for(project, {"select": ["AUL0"]})
    assert (selected.select, selected.ignore) == (("AUL0",), ())
    both = settings_for(project, {"select": ["AUL"], "ignore": ["AUL2"]})
    assert (both.select, both.ignore) == (("AUL",), ("AUL2",))


def test_bad_flags_name_the_flag(project):
    with pytest.raises(ConfigError, match=r"^--select: unknown rule code or prefix 'X1'"):
        settings_for(project, {"select": ["x1"]})
    with pytest.raises(ConfigError, match=r"^--target-version: .*choose one of: 2\.2\.2, 2\.10\.3"):
        settings_for(project, {"target-version": "1.10.12"})
