"""Template files (.sql, .sh, ...): removed context variables in their Jinja blocks (AUL207), end to end."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from airflow_upgrade_lint import knowledge, runner
from airflow_upgrade_lint.cli import app
from airflow_upgrade_lint.settings import Settings
from airflow_upgrade_lint.workspace import collect

SHIPPED = knowledge.load()  # the shipped tables: the tests' own table has no context.toml


@pytest.fixture
def templates(project, monkeypatch) -> Path:
    monkeypatch.setattr(knowledge, "load", lambda: SHIPPED)
    return project / "dags"


def lint(*args: str):
    try:
        cli = CliRunner(mix_stderr=False)  # click < 8.2 (typer < 0.24) mixes stderr into stdout by default
    except TypeError:
        cli = CliRunner()
    return cli.invoke(app, ["--no-cache", *args])


def found(project: Path, **settings) -> list[tuple[str, int, int, str]]:
    settings = Settings(project_root=project, target_version="2.10.3", cache=False, **settings)
    reports = runner.run(collect(settings), settings)
    return [(d.path, d.line, d.column, d.code) for report in reports for d in report.diagnostics]


def test_sql_template_is_reported_at_its_own_line_and_column_and_fixed(templates):
    sql = templates / "export.sql"
    sql.write_text("select *\nfrom events\nwhere day = '{{ end_date }}'\n")
    result = lint("dags")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "dags/export.sql:3:17: AUL207 The template uses `end_date` (use `ds`), which Airflow 2 removed from the context [*]",
        "Found 1 error.",
        "[*] 1 fixable with --fix.",
    ]
    result = lint("--fix", "dags")
    assert result.exit_code == 0
    assert sql.read_text() == "select *\nfrom events\nwhere day = '{{ ds }}'\n"


def test_fix_is_idempotent_and_leaves_unchanged_files_alone(templates):
    sql = templates / "export.sql"
    sql.write_bytes(b"-- {{ latest_date }}\r\nselect '{{ END_DATE }}'\r\n")
    lint("--fix", "dags")
    fixed = sql.read_bytes()
    assert fixed == b"-- {{ ds }}\r\nselect '{{ ds }}'\r\n"  # line endings kept
    before = sql.stat().st_mtime_ns
    result = lint("--fix", "dags")
    assert (result.exit_code, result.stdout) == (0, "All checks passed!\n")
    assert sql.read_bytes() == fixed and sql.stat().st_mtime_ns == before


def test_shell_variables_are_not_jinja(templates):
    script = templates / "run.sh"
    script.write_text('#!/bin/bash\nend_date="$1"\necho "${end_date}" $end_date {{ ti.end_date }}\n')
    before = script.read_bytes()
    assert found(templates.parent, fix=True) == []
    assert script.read_bytes() == before


def test_ignored_rule_is_not_reported_in_templates(templates):
    (templates / "export.sql").write_text("select '{{ end_date }}'\n")
    assert found(templates.parent, ignore=("AUL207",)) == []
    assert found(templates.parent, select=("AUL1",)) == []
    assert found(templates.parent, per_file_ignores=(("*.sql", ("AUL2",)),)) == []
    assert found(templates.parent) == [("dags/export.sql", 1, 12, "AUL207")]


def test_noqa_does_not_apply_in_templates(templates):
    (templates / "run.sh").write_text("echo {{ end_date }}  # noqa: AUL207\n")
    assert found(templates.parent) == [("dags/run.sh", 1, 9, "AUL207")]


def test_undecodable_template_is_unreadable_and_left_untouched(templates):
    sql = templates / "latin1.sql"
    data = "select '{{ end_date }}'\n-- caf\u00e9\n".encode("latin-1")
    sql.write_bytes(data)
    result = lint("--fix", "dags")
    assert result.exit_code == 1
    [line] = [line for line in result.stdout.splitlines() if line.startswith("dags/")]
    assert line.startswith("dags/latin1.sql:2:1: AUL002 Cannot read dags/latin1.sql: not valid UTF-8")
    assert sql.read_bytes() == data


def test_templates_are_never_parsed_as_python(templates):
    (templates / "query.sql").write_text("select 1 from t where a = 'b';\n")
    (templates / "run.bash").write_text('if [ -n "$1" ]; then echo {{ ds }}; fi\n')
    result = lint("dags")
    assert (result.exit_code, result.stdout) == (0, "All checks passed!\n")


def test_unsafe_fix_waits_for_unsafe_fixes_and_positions_follow_the_fixed_text(templates):
    sql = templates / "load.hql"
    sql.write_text("insert into {{ end_date }} select * from {{ tables }}\n")
    assert found(templates.parent) == [("dags/load.hql", 1, 16, "AUL207"), ("dags/load.hql", 1, 45, "AUL207")]
    assert found(templates.parent, fix=True) == [("dags/load.hql", 1, 39, "AUL207")]  # `tables`, moved left
    assert sql.read_text() == "insert into {{ ds }} select * from {{ tables }}\n"
    assert found(templates.parent, fix=True, unsafe_fixes=True) == []
    assert sql.read_text() == "insert into {{ ds }} select * from {{ params.tables }}\n"


def test_diff_shows_the_template_fix_and_writes_nothing(templates):
    script = templates / "export.bash"
    script.write_text("export.py --day {{ end_date }}\n")
    result = lint("--diff", "dags")
    assert result.exit_code == 1
    assert "-export.py --day {{ end_date }}\n+export.py --day {{ ds }}\n" in result.stdout
    assert script.read_text() == "export.py --day {{ end_date }}\n"


def test_other_extensions_are_not_checked(templates):
    (templates / "notes.txt").write_text("{{ end_date }}\n")
    (templates / "view.html").write_text("{{ end_date }}\n")  # a plugin's Flask template, maybe
    (templates / "export.SQL").write_text("{{ end_date }}\n")  # Airflow matches template_ext case-sensitively
    assert found(templates.parent) == []
