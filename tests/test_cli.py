"""The command line end to end, with the real engine and the tests' knowledge table."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from airflow_upgrade_lint import engine
from airflow_upgrade_lint.checks import all_rules
from airflow_upgrade_lint.cli import app



SAFE = "from airflow.operators.bash_operator import BashOperator\n"  # AUL102, safe fix at 2.10.3
UNSAFE = "from airflow.contrib.operators.aws_athena_operator import AWSAthenaOperator\n"  # renamed: unsafe
NO_FIX = "from airflow.contrib.operators.hipchat_operator import HipChatAPISendRoomNotificationOperator\n"
CLEAN = "from airflow.operators.bash import BashOperator\n"


def write(project: Path, **files: str) -> None:
    for name, text in files.items():
        (project / "dags" / f"{name}.py").write_text(text)


def lint(*args: str):
    try:
        runner = CliRunner(mix_stderr=False)  # click < 8.2 (typer < 0.24) mixes stderr into stdout by default
    except TypeError:
        runner = CliRunner()
    return runner.invoke(app, list(args))


def test_findings_exit_1_with_locations_fix_marks_and_summary(project):
    write(project, a=SAFE + UNSAFE, b=NO_FIX, c=CLEAN)
    result = lint("dags")
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith("dags/a.py:1:45: AUL102 `airflow.operators.bash_operator.BashOperator` is deprecated")
    assert lines[0].endswith(" [*]")
    assert lines[1].startswith("dags/a.py:2:59: AUL102 ") and not lines[1].endswith("[*]")
    assert lines[2].startswith("dags/b.py:1:56: AUL103 ")
    assert lines[3:] == ["Found 3 errors.", "[*] 1 fixable with --fix (1 more with --unsafe-fixes)."]


def test_clean_project_passes(project):
    write(project, c=CLEAN)
    result = lint()
    assert (result.exit_code, result.stdout) == (0, "All checks passed!\n")


def test_unsafe_fixes_marks_and_counts_them(project):
    write(project, a=UNSAFE)
    assert lint("dags").stdout.splitlines()[1:] == ["Found 1 error.", "1 fixable with --fix --unsafe-fixes."]
    result = lint("--unsafe-fixes", "dags")
    assert result.stdout.splitlines()[0].endswith(" [*]")
    assert result.stdout.splitlines()[1:] == ["Found 1 error.", "[*] 1 fixable with --fix."]


def test_fix_applies_safe_fixes_and_exits_0_when_nothing_remains(project):
    write(project, a=SAFE)
    result = lint("--fix", "dags")
    assert (result.exit_code, result.stdout) == (0, "Found 1 error (1 fixed, 0 remaining).\n")
    assert (project / "dags" / "a.py").read_text() == CLEAN


def test_fix_exits_1_while_findings_remain(project):
    write(project, a=SAFE + UNSAFE, b=NO_FIX)
    result = lint("--fix", "dags")
    assert result.exit_code == 1
    assert result.stdout.splitlines()[-2:] == ["Found 3 errors (1 fixed, 2 remaining).", "1 more fixable with --unsafe-fixes."]
    assert lint("--fix", "--unsafe-fixes", "dags").stdout.splitlines()[-1] == "Found 2 errors (1 fixed, 1 remaining)."


def test_diff_shows_the_fixes_writes_nothing_and_exits_1(project):
    write(project, a=SAFE)
    result = lint("--diff", "dags")
    assert result.exit_code == 1
    assert result.stdout == (
        "--- a/dags/a.py\n+++ b/dags/a.py\n@@ -1 +1 @@\n"
        "-from airflow.operators.bash_operator import BashOperator\n"
        "+from airflow.operators.bash import BashOperator\n"
    )
    assert result.stderr == "Would fix 1 error.\n"
    assert (project / "dags" / "a.py").read_text() == SAFE


def test_diff_without_changes_exits_0_even_with_unfixable_findings(project):
    write(project, b=NO_FIX)
    result = lint("--diff", "dags")
    assert (result.exit_code, result.stdout, result.stderr) == (0, "", "No errors would be fixed.\n")


def test_diff_fails_on_a_file_it_could_not_check(project):
    write(project, bad="def f(:\n")
    result = lint("--diff")
    assert result.exit_code == 1
    assert result.stderr.startswith("dags/bad.py:1:7: AUL001 ")


def test_syntax_error_is_a_finding_and_the_run_goes_on(project):
    write(project, a=SAFE, bad="print 'hello'\n")
    result = lint()
    assert result.exit_code == 1
    assert [line.split(" ")[1] for line in result.stdout.splitlines()[:2]] == ["AUL102", "AUL001"]


def test_exit_zero(project):
    write(project, b=NO_FIX)
    assert lint("--exit-zero").exit_code == 0


def test_select_and_ignore_take_repeated_comma_separated_prefixes(project):
    write(project, a=SAFE, b=NO_FIX)

    def codes(*args: str) -> list[str]:
        return [line.split(" ")[1] for line in lint(*args).stdout.splitlines() if line.startswith("dags/")]

    assert codes() == ["AUL102", "AUL103"]
    assert codes("--select", "AUL103") == ["AUL103"]
    assert codes("--select", "aul101,AUL102", "--select", "AUL0") == ["AUL102"]
    assert codes("--ignore", "AUL103,AUL0") == ["AUL102"]
    assert codes("--ignore", "AUL1") == []


def test_statistics(project):
    write(project, a=SAFE + UNSAFE, b=NO_FIX)
    result = lint("--statistics")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "2  AUL102  [*] deprecated-import",
        "1  AUL103  [ ] moved-import-without-target",
        "Found 3 errors.",
        "[*] 1 fixable with --fix (1 more with --unsafe-fixes).",
    ]
    assert json.loads(lint("--statistics", "--output-format", "json").stdout) == [
        {"code": "AUL102", "name": "deprecated-import", "count": 2, "fixable": True},
        {"code": "AUL103", "name": "moved-import-without-target", "count": 1, "fixable": False},
    ]


def test_json_output(project):
    write(project, b=NO_FIX, a=SAFE)
    result = lint("--output-format", "json", "dags")
    assert result.exit_code == 1
    first, second = json.loads(result.stdout)
    assert first == {
        "code": "AUL102",
        "name": "deprecated-import",
        "message": first["message"],
        "filename": "dags/a.py",
        "location": {"row": 1, "column": 45},
        "end_location": {"row": 1, "column": 57},
        "fix": {"applicability": "safe", "message": "Rewrite the import to its Airflow 2 path"},
    }
    assert (second["filename"], second["code"], second["fix"]) == ("dags/b.py", "AUL103", None)


def test_nonexistent_path_is_a_usage_error(project):
    write(project, c=CLEAN)
    result = lint("dags", "dagz")
    assert result.exit_code == 2
    assert result.stderr == "error: no such file or folder: dagz\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--select", "AUL9"], "error: --select: unknown rule code or prefix 'AUL9'\n"),
        (["--ignore", "E501"], "error: --ignore: unknown rule code or prefix 'E501'\n"),
        (["--target-version", "2.3.0"], "error: --target-version: unknown Airflow target version '2.3.0'; choose one of: 2.2.2, 2.10.3\n"),
        (["--config", "nope.toml"], "error: --config: no such file: nope.toml\n"),
    ],
)
def test_bad_flags_exit_2(project, args, message):
    result = lint(*args)
    assert (result.exit_code, result.stderr) == (2, message)


def test_bad_output_format_exits_2(project):
    assert lint("--output-format", "xml").exit_code == 2


def test_config_file_applies_and_its_errors_exit_2(project):
    write(project, a=SAFE, b=NO_FIX)
    (project / "pyproject.toml").write_text(
        '[tool.airflow-upgrade-lint]\nexclude = ["dags/b.py"]\nper-file-ignores = { "a.py" = ["AUL102"] }\n'
    )
    assert lint().stdout == "All checks passed!\n"
    assert lint("dags/b.py").exit_code == 1  # a named file is checked even if excluded
    assert lint("--force-exclude", "dags/b.py").exit_code == 0
    (project / "pyproject.toml").write_text('[tool.airflow-upgrade-lint]\nselect = "AUL1"\n')
    result = lint()
    assert result.exit_code == 2
    assert result.stderr == (
        "error: pyproject.toml: [tool.airflow-upgrade-lint] select: expected a list of strings, got 'AUL1'\n"
    )


def test_config_globs_apply_through_a_symlinked_project(project, tmp_path_factory):
    write(project, a=CLEAN)
    (project / "dags" / "legacy").mkdir()
    (project / "dags" / "legacy" / "old.py").write_text(SAFE)
    (project / ".airflow-upgrade-lint.toml").write_text('exclude = ["dags/legacy"]\n')
    link = tmp_path_factory.mktemp("elsewhere") / "link"
    link.symlink_to(project)
    result = lint(str(link / "dags"))
    assert (result.exit_code, result.stdout) == (0, "All checks passed!\n")


def test_target_version_from_flag(project):
    write(project, a=UNSAFE)
    assert lint("--target-version", "2.2.2").stdout.splitlines()[0].endswith("[*]")  # same name at 2.2.2: safe


def test_engine_failure_exits_2_after_reporting_the_rest(project, monkeypatch):
    write(project, a=SAFE, b=CLEAN)
    real = engine.check_source

    def failing_on_b(source, path, settings, knowledge, project):
        if path.endswith("b.py"):
            raise ValueError("unexpected node")
        return real(source, path, settings, knowledge, project)

    monkeypatch.setattr(engine, "check_source", failing_on_b)
    result = lint("--no-cache")
    assert result.exit_code == 2
    assert "dags/b.py:1:1: AUL003 Internal error: ValueError: unexpected node" in result.stdout
    assert "AUL102" in result.stdout
    assert "note: dags/b.py: Traceback" in result.stderr


def test_a_bug_outside_the_engine_exits_2(project, monkeypatch):
    from airflow_upgrade_lint import runner

    monkeypatch.setattr(runner, "run", lambda workspace, settings: 1 / 0)
    result = lint()
    assert result.exit_code == 2
    assert result.stderr.endswith("error: internal error: ZeroDivisionError: division by zero\n")


def test_cache_is_written_and_no_cache_skips_it(project):
    write(project, a=SAFE)
    lint("--no-cache")
    assert not (project / ".airflow-upgrade-lint-cache").exists()
    first = lint()
    assert (project / ".airflow-upgrade-lint-cache" / "CACHEDIR.TAG").is_file()
    assert lint().stdout == first.stdout


def test_folder_named_like_a_subcommand_is_checkable(project):
    (project / "rules").mkdir()
    (project / "rules" / "a.py").write_text(SAFE)
    listing = lint("rules")
    assert listing.exit_code == 0 and listing.stdout.startswith("AUL001  syntax-error")
    for args in (["./rules"], ["check", "rules"]):
        assert lint(*args).stdout.startswith("rules/a.py:1:45: AUL102 "), args
    assert lint("--fix", "rules").stdout == "Found 1 error (1 fixed, 0 remaining).\n"


def test_rules_table_and_json():
    rules = all_rules()
    table = lint("rules").stdout.splitlines()
    assert len(table) == len(rules)
    assert table[0].split()[:3] == ["AUL001", "syntax-error", "never"]
    listed = json.loads(lint("rules", "--output-format", "json").stdout)
    assert [entry["code"] for entry in listed] == [rule.code for rule in rules]
    assert set(listed[0]) == {"code", "name", "summary", "fix", "explanation"}


def test_explain():
    result = lint("explain", "aul001")
    assert result.exit_code == 0
    assert result.stdout.startswith("# syntax-error (AUL001)\n\nFix is not available.\n\n## What it does\n")
    assert lint("explain", "syntax-error").stdout == result.stdout
    unknown = lint("explain", "AUL999")
    assert (unknown.exit_code, unknown.stderr) == (2, "error: unknown rule 'AUL999'; `airflow-upgrade-lint rules` lists them\n")


def test_help_lists_the_subcommands():
    result = lint("--help")
    assert result.exit_code == 0
    assert all(command in result.stdout for command in ("check", "rules", "explain"))
    assert "--unsafe-fixes" in lint("check", "--help").stdout


def test_module_entry_point_and_version():
    result = subprocess.run([sys.executable, "-m", "airflow_upgrade_lint", "--version"], capture_output=True, text=True)
    assert result.returncode == 0
    assert result.stdout.startswith("airflow-upgrade-lint ")
