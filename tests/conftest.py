"""Fixtures shared by the CLI and runner tests."""

from pathlib import Path

import pytest

from fakes import use_test_table


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    """An empty project folder (the cwd), checked against the tests' knowledge table."""
    monkeypatch.chdir(tmp_path)
    use_test_table(monkeypatch)
    (tmp_path / "dags").mkdir()
    return tmp_path
