"""fixtures/plugins-1.10, a project whose DAGs import through two plugins (one in plugins/, one
in plugins.zip), fixed with `--fix --unsafe-fixes` and then migrated with `migrate-plugins`:
after each, real Airflow 2 loads every DAG and both plugins.

MWAA unpacks plugins.zip into the plugins folder its Airflow reads; the tests build that folder
the same way (the plugin folder's files, then the zip's members) to hand it to the DagBag.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from airflow_runtime import AIRFLOW_VERSION, REPO_ROOT, run_dagbag

from airflow_upgrade_lint import runner
from airflow_upgrade_lint.settings import Settings
from airflow_upgrade_lint.workspace import collect

FIXTURE = REPO_ROOT / "fixtures" / "plugins-1.10"
DAG_IDS = {"health_checks", "warehouse_exports"}
PLUGINS = {"ops_plugin", "export_plugin"}


def materialise(tmp_path: Path) -> Path:
    """A copy of the fixture with its plugins.zip built from plugins-zip/."""
    project = tmp_path / "project"
    shutil.copytree(FIXTURE, project)
    with zipfile.ZipFile(project / "plugins.zip", "w") as archive:
        for path in sorted((project / "plugins-zip").rglob("*.py")):
            archive.write(path, path.relative_to(project / "plugins-zip").as_posix())
    shutil.rmtree(project / "plugins-zip")
    return project


def mwaa_plugins_folder(project: Path, tmp_path: Path) -> Path:
    folder = tmp_path / "airflow-plugins"
    shutil.copytree(project / "plugins", folder)
    with zipfile.ZipFile(project / "plugins.zip") as archive:
        archive.extractall(folder)
    return folder


def tool(project: Path, *args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH")])))
    cmd = [sys.executable, "-m", "airflow_upgrade_lint", *args]
    return subprocess.run(cmd, cwd=project, env=env, capture_output=True, text=True, timeout=600)


def fix(project: Path) -> None:
    """`--fix --unsafe-fixes` until nothing is left to fix: the plugin's `operators` list goes
    only once the first run has fixed the imports through its namespace."""
    for _ in range(2):
        done = tool(project, "--fix", "--unsafe-fixes", "--no-cache", "--target-version", AIRFLOW_VERSION, ".")
        assert done.returncode in (0, 1), done.stderr
    left = tool(project, "--no-cache", "--target-version", AIRFLOW_VERSION, ".")
    assert "AUL3" not in left.stdout, left.stdout


def assert_loads(project: Path, tmp_path: Path) -> dict:
    result = run_dagbag(project / "dags", mwaa_plugins_folder(project, tmp_path))
    assert result["import_errors"] == {}
    assert set(result["dags"]) == DAG_IDS
    assert result["plugin_import_errors"] == {}
    assert PLUGINS <= set(result["plugins"])
    return result


def test_the_fixture_reports_every_plugin_form(tmp_path):
    project = materialise(tmp_path)
    found = tool(project, "--no-cache", "--output-format", "json", "--target-version", AIRFLOW_VERSION, ".").stdout
    for code in ("AUL301", "AUL302", "AUL303", "AUL304"):
        assert f'"code": "{code}"' in found, code
    assert "plugins.zip" not in found  # the zip's code is read for facts, not reported


@pytest.mark.airflow
def test_fixed_project_loads_in_airflow(tmp_path, airflow_venv):
    project = materialise(tmp_path)
    fix(project)
    result = assert_loads(project, tmp_path)
    assert result["dags"]["warehouse_exports"]["tasks"] == 3


@pytest.mark.airflow
def test_migrated_project_loads_in_airflow(tmp_path, airflow_venv):
    project = materialise(tmp_path)
    # the registrations say what moves, so the migration comes first; AUL302's fix is unsafe
    migrated = tool(project, "migrate-plugins", "--unsafe-fixes", "--target-version", AIRFLOW_VERSION, ".")
    assert migrated.returncode == 0, migrated.stderr
    assert (project / "dags" / "plugin_code" / "ops" / "healthcheck.py").is_file()
    assert not (project / "plugins" / "ops").exists()
    with zipfile.ZipFile(project / "plugins.zip") as archive:
        assert archive.namelist() == ["export_plugin.py"]
    fix(project)  # the moved code is now DAG-folder code the linter checks like any other
    assert_loads(project, tmp_path)


def test_results_do_not_depend_on_file_order_or_workers(tmp_path, monkeypatch):
    project = materialise(tmp_path)
    monkeypatch.chdir(project)
    settings = Settings(paths=(project,), project_root=project, cache=False)
    workspace = collect(settings)

    def findings() -> list:
        return [(d.path, d.line, d.column, d.code, d.message) for r in runner.run(workspace, settings) for d in r.diagnostics]

    serial = findings()
    monkeypatch.setattr(runner, "PARALLEL_THRESHOLD", 0)
    parallel = findings()
    workspace.files.reverse()
    reversed_order = findings()
    assert serial == parallel == reversed_order
    assert any(code == "AUL301" for *_, code, _ in serial)
