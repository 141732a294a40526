"""The runner: engine failures and unreadable files as diagnostics, atomic fixes, diffs, the cache."""

from __future__ import annotations

import json
import multiprocessing
import os
from dataclasses import replace
from pathlib import Path

import pytest

from airflow_upgrade_lint import engine, runner
from airflow_upgrade_lint.settings import Settings
from airflow_upgrade_lint.workspace import collect

from fakes import ScriptedEngine


@pytest.fixture
def scripted(monkeypatch) -> ScriptedEngine:
    return ScriptedEngine(monkeypatch)


def run(project: Path, **settings):
    settings = Settings(project_root=project, target_version="2.10.3", **settings)
    return runner.run(collect(settings), settings)


def found(reports) -> list[tuple[str, int, str]]:
    return [(d.path, d.line, d.code) for report in reports for d in report.diagnostics]


def test_engine_exception_is_an_internal_error_of_that_file_only(project, scripted):
    (project / "dags" / "a.py").write_text("old\n")
    (project / "dags" / "b.py").write_text("boom\n")
    (project / "dags" / "c.py").write_text("old\n")
    reports = run(project)
    assert found(reports) == [("dags/a.py", 1, "AUL101"), ("dags/b.py", 1, "AUL003"), ("dags/c.py", 1, "AUL101")]
    failed = reports[1]
    assert failed.diagnostics[0].message == "Internal error: RuntimeError: boom"
    assert "Traceback" in failed.notes[0]


def test_unreadable_file_is_an_aul002_and_the_run_goes_on(project, scripted):
    (project / "dags" / "a.py").symlink_to(project / "missing.py")
    (project / "dags" / "b.py").write_text("old\n")
    reports = run(project)
    assert found(reports) == [("dags/a.py", 1, "AUL002"), ("dags/b.py", 1, "AUL101")]
    assert reports[0].diagnostics[0].message == "Cannot read dags/a.py: No such file or directory"


def test_per_file_ignores_reach_the_engine_as_plain_ignores(project, scripted):
    (project / "dags" / "a.py").write_text("old\n")
    (project / "dags" / "legacy.py").write_text("old\n")
    reports = run(project, ignore=("AUL2",), per_file_ignores=(("legacy.py", ("AUL101",)),))
    assert found(reports) == [("dags/a.py", 1, "AUL101")]
    given = dict(scripted.calls)
    assert given["dags/legacy.py"].ignore == ("AUL2", "AUL101")
    assert given["dags/legacy.py"].per_file_ignores == given["dags/a.py"].per_file_ignores == ()


def test_per_file_ignores_win_over_a_more_specific_select(project, scripted):
    (project / "dags" / "a.py").write_text("old\n")
    (project / "dags" / "legacy.py").write_text("old\n")
    reports = run(project, select=("AUL0", "AUL101"), per_file_ignores=(("legacy.py", ("AUL1",)),))
    assert found(reports) == [("dags/a.py", 1, "AUL101")]
    assert dict(scripted.calls)["dags/legacy.py"].select == ("AUL0",)


def test_fix_is_written_atomically_keeping_the_mode(project, scripted):
    dag = project / "dags" / "a.py"
    dag.write_text("old = 1\n")
    dag.chmod(0o751)
    [report] = run(project, fix=True)
    assert (report.fixes_applied, report.diagnostics) == (1, [])
    assert dag.read_text() == "new = 1\n"
    assert dag.stat().st_mode & 0o7777 == 0o751
    assert [p.name for p in (project / "dags").iterdir()] == ["a.py"]  # no temporary file left


def test_fix_writes_through_a_symlink(project, scripted):
    (project / "real.py").write_text("old\n")
    (project / "dags" / "link.py").symlink_to(project / "real.py")
    run(project, fix=True)
    assert (project / "dags" / "link.py").is_symlink()
    assert (project / "real.py").read_text() == "new\n"


def test_fix_is_not_written_over_a_file_that_changed_meanwhile(project, monkeypatch):
    dag = project / "dags" / "a.py"
    dag.write_text("old\n")

    def edited_meanwhile(source, path, settings, knowledge, project):
        dag.write_text("old\n# an edit made during the run\n")
        return engine.SourceResult([], fixed=b"new\n", fixes_applied=1)

    monkeypatch.setattr(engine, "check_source", edited_meanwhile)
    [report] = run(project, fix=True)
    assert dag.read_text() == "old\n# an edit made during the run\n"
    assert report.fixes_applied == 0
    assert [(d.code, d.message) for d in report.diagnostics] == [
        ("AUL003", "Internal error: the file changed while it was being checked; fixes not written")
    ]


def test_diff_writes_nothing(project, scripted):
    dag = project / "dags" / "a.py"
    dag.write_bytes(b"keep\nold")  # no newline at the end
    [report] = run(project, diff=True)
    assert dag.read_bytes() == b"keep\nold"
    assert report.fixes_applied == 1
    assert report.diff == (
        "--- a/dags/a.py\n+++ b/dags/a.py\n@@ -1,2 +1,2 @@\n keep\n-old\n\\ No newline at end of file\n"
        "+new\n\\ No newline at end of file\n"
    )


def test_diff_decodes_with_the_files_coding(project, scripted):
    (project / "dags" / "a.py").write_bytes("# -*- coding: latin-1 -*-\nold = 'é'\n".encode("latin-1"))
    [report] = run(project, diff=True)
    assert "+new = 'é'\n" in report.diff


def test_cache_answers_for_unchanged_files(project, scripted):
    (project / "dags" / "a.py").write_text("old\n")
    (project / "dags" / "b.py").write_text("x = 1\n")
    first = run(project)
    assert len(scripted.calls) == 2
    cache_dir = project / ".airflow-upgrade-lint-cache"
    assert (cache_dir / "CACHEDIR.TAG").read_text().startswith("Signature: 8a477f597d28d172789f06886806bc55")

    second = run(project)
    assert len(scripted.calls) == 2  # both from the cache
    assert [(r.path, r.diagnostics) for r in second] == [(r.path, r.diagnostics) for r in first]
    assert second[0].diagnostics[0].fix.message == "Use new"

    (project / "dags" / "b.py").write_text("old = 2\n")
    run(project)
    assert [path for path, _ in scripted.calls[2:]] == ["dags/b.py"]

    run(project, ignore=("AUL101",))  # settings that shape diagnostics are part of the key
    assert len(scripted.calls) == 5


def test_corrupt_cache_is_ignored(project, scripted):
    (project / "dags" / "a.py").write_text("old\n")
    run(project)
    [cache_file] = (project / ".airflow-upgrade-lint-cache").glob("*.json")
    for garbage in ("{not json", "[]", json.dumps({str(project / "dags" / "a.py"): {"key": 1}})):
        cache_file.write_text(garbage)
        assert found(run(project)) == [("dags/a.py", 1, "AUL101")]


def test_no_cache_when_fixing_or_disabled(project, scripted):
    (project / "dags" / "a.py").write_text("x = 1\n")
    run(project, cache=False)
    run(project, diff=True)
    assert not (project / ".airflow-upgrade-lint-cache").exists()


def test_internal_errors_are_not_cached(project, scripted):
    (project / "dags" / "a.py").write_text("boom\n")
    run(project)
    run(project)
    assert len(scripted.calls) == 2


@pytest.mark.skipif(multiprocessing.get_start_method() != "fork", reason="workers must inherit the test's patches")
def test_parallel_results_are_in_file_order(project, monkeypatch):
    """The real engine in worker processes, with the tests' knowledge table."""
    for index in range(40):
        body = "from airflow.operators.bash_operator import BashOperator\n" if index % 3 else "x = 1\n"
        (project / "dags" / f"dag_{index:02d}.py").write_text(body)
    monkeypatch.setattr(runner, "PARALLEL_THRESHOLD", 1000)
    serial = run(project, cache=False)
    monkeypatch.setattr(runner, "PARALLEL_THRESHOLD", 4)
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    parallel = run(project, cache=False)
    assert [(r.path, r.diagnostics) for r in parallel] == [(r.path, r.diagnostics) for r in serial]
    assert len(found(parallel)) == 26

    fixed = run(project, fix=True)
    assert sum(r.fixes_applied for r in fixed) == 26
    assert (project / "dags" / "dag_01.py").read_text() == "from airflow.operators.bash import BashOperator\n"


def test_settings_given_to_the_engine_are_per_file(project, scripted):
    (project / "dags" / "a.py").write_text("x\n")
    settings = Settings(project_root=project, target_version="2.2.2", select=("AUL1",))
    runner.run(collect(settings), settings)
    [(_, given)] = scripted.calls
    assert given == replace(settings, per_file_ignores=())
