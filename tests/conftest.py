"""Fixtures shared by the tests."""

import os
import shutil
from pathlib import Path

import pytest

from airflow_runtime import RuntimeUnavailable, ensure_venv
from fakes import use_test_table


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """An empty project folder (the cwd), checked against the tests' knowledge table."""
    monkeypatch.chdir(tmp_path)
    use_test_table(monkeypatch)
    (tmp_path / "dags").mkdir()
    return tmp_path


@pytest.fixture
def copy_before(tmp_path, monkeypatch):
    """A function that copies a fixture case's `before/` folder (fixtures/<family>/<case>) to a
    temporary folder of the case's name, made the cwd, and returns the copy."""

    def copy(case: Path) -> Path:
        target = tmp_path / case.name
        shutil.copytree(case / "before", target)
        monkeypatch.chdir(target)
        return target

    return copy


@pytest.fixture(scope="session")
def airflow_venv() -> Path:
    """The real Airflow 2 virtualenv. The proof must run: a machine without the runtime fails
    these tests, unless the person running them opts out with AIRFLOW_UPGRADE_LINT_SKIP_AIRFLOW=1
    (never set in CI)."""
    try:
        return ensure_venv()
    except RuntimeUnavailable as why:
        if os.environ.get("AIRFLOW_UPGRADE_LINT_SKIP_AIRFLOW") == "1" and not os.environ.get("CI"):
            pytest.skip(str(why))
        pytest.fail(f"{why} (set AIRFLOW_UPGRADE_LINT_SKIP_AIRFLOW=1 to skip these tests locally)")
