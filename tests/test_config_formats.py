"""Proof for Airflow configuration outside airflow.cfg, on the hand-written cases in fixtures/config/.

Each format's folder holds `before/` (a 1.10 project's files) and `after/` (the same files as
`--fix` must leave them at MWAA 2.10.3). Every run goes through the command line, with the
real knowledge tables, on a copy of the case; `malformed/` holds files that must not be edited.
"""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from airflow_upgrade_lint import runner
from airflow_upgrade_lint.settings import Settings
from airflow_upgrade_lint.workspace import collect
from test_cli import lint

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "fixtures" / "config"
TARGET = "2.10.3"

# case -> file -> the 1-based lines the fix changes (and no line is added or removed)
CHANGED = {
    "env": {".env": {3, 4, 5, 6, 7, 8, 11}},
    "shell": {"deploy.sh": {6, 7, 8, 12}},
    "docker-compose": {"docker-compose.yml": {5, 7, 19, 20, 21}},
    "cloudformation-yaml": {"template.yaml": {19, 21, 22, 23, 25}},
    "cloudformation-json": {"template.json": {12, 14, 15, 16}},
    "terraform": {"main.tf": {10, 11, 12, 13, 14}},
    "cli-input-json": {"update-environment.json": {5, 6, 7, 9}},
    "python": {"scripts/update_mwaa.py": {9, 10, 11, 12}, "dags/log_config.py": {9}, "dags/setup_env.py": {3, 4, 5, 7, 8}},
}
# case -> what stays reported after the fix: (file, line, code)
REMAINING = {
    "env": [(".env", 10, "AUL402")],  # [webserver] rbac
    "docker-compose": [("docker-compose.yml", 8, "AUL407"), ("docker-compose.yml", 9, "AUL402")],
    "cloudformation-yaml": [("template.yaml", 26, "AUL402")],
    "cloudformation-json": [("template.json", 18, "AUL402")],  # [core] store_serialized_dags
}


@pytest.fixture
def case(copy_before, request) -> Path:
    """A copy of the case's before/ folder named by the test's parameter, as the cwd."""
    return copy_before(CASES / request.param)


def fix(*paths: str):
    return lint("--fix", "--no-cache", "--target-version", TARGET, *(paths or (".",)))


def found(**settings) -> list[tuple[str, int, str, bool]]:
    """(path, line, code, fixable) of every diagnostic of the cwd."""
    settings = Settings(project_root=Path.cwd(), target_version=TARGET, cache=False, **settings)
    return [(d.path, d.line, d.code, d.fix is not None) for report in runner.run(collect(settings), settings) for d in report.diagnostics]


def changed_lines(old: bytes, new: bytes) -> set[int]:
    before, after = old.splitlines(keepends=True), new.splitlines(keepends=True)
    assert len(before) == len(after)
    return {number for number, (a, b) in enumerate(zip(before, after), 1) if a != b}


@pytest.mark.parametrize("case", sorted(CHANGED), indirect=True)
def test_fix_gives_the_expected_files_changing_only_the_affected_lines(case):
    before = {name: (case / name).read_bytes() for name in CHANGED[case.name]}
    fixable = {(path, line) for path, line, _, fix in found() if fix}
    result = fix()
    assert result.exit_code == (1 if case.name in REMAINING else 0), result.stdout
    for name, original in before.items():
        fixed = (case / name).read_bytes()
        assert fixed == (CASES / case.name / "after" / name).read_bytes(), name
        assert changed_lines(original, fixed) == CHANGED[case.name][name], name
        assert {line for path, line in fixable if path == name} == CHANGED[case.name][name], name
    assert [(path, line, code) for path, line, code, _ in found()] == REMAINING.get(case.name, [])


@pytest.mark.parametrize("case", sorted(CHANGED), indirect=True)
def test_second_fix_is_a_no_op(case):
    fix()
    after = {path: path.read_bytes() for path in case.rglob("*") if path.is_file()}
    result = fix()
    assert re.search(r"\b[1-9][0-9]* fixed", result.stdout) is None
    assert {path: path.read_bytes() for path in case.rglob("*") if path.is_file()} == after


@pytest.mark.parametrize("case", sorted(set(CHANGED) - {"python"}), indirect=True)
def test_crlf_line_endings_are_kept(case):
    (name,) = CHANGED[case.name]
    (case / name).write_bytes((case / name).read_bytes().replace(b"\n", b"\r\n"))
    fix()
    assert (case / name).read_bytes() == (CASES / case.name / "after" / name).read_bytes().replace(b"\n", b"\r\n")


def test_malformed_files_are_reported_at_their_line_and_not_edited(tmp_path, monkeypatch):
    shutil.copytree(CASES / "malformed", tmp_path / "malformed")
    monkeypatch.chdir(tmp_path / "malformed")
    before = {path.name: path.read_bytes() for path in Path.cwd().iterdir()}
    result = fix()
    assert result.exit_code == 1
    assert result.stdout.splitlines()[:2] == [
        "template.yaml:7:8: AUL001 Invalid YAML: expected <block end>, but found '<block mapping start>' (while parsing a block mapping, line 5)",
        "update-environment.json:5:37: AUL001 Invalid JSON: trailing comma before `}`",
    ]
    assert {path.name: path.read_bytes() for path in Path.cwd().iterdir()} == before


def test_malformed_terraform_is_reported_and_not_edited(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    main = tmp_path / "main.tf"
    main.write_text('resource "aws_mwaa_environment" "this" {\n  airflow_configuration_options = {\n    "core.dag_concurrency" = "16\n  }\n}\n')
    before = main.read_bytes()
    assert found(fix=True) == [("main.tf", 3, "AUL001", False)]
    assert main.read_bytes() == before


def test_data_files_that_name_no_airflow_configuration_are_not_read(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "tsconfig.json").write_text('{\n  // comments are no JSON\n  "compilerOptions": {"strict": true,},\n}\n')
    (tmp_path / "schema.yml").write_text("models:\n  - name: events\n   columns: [id\n")
    (tmp_path / "vars.tf").write_text('variable "x" {\n')
    (tmp_path / "spark.json").write_text('{"spark.master": "yarn", "name": "core.dag_concurrency",}')
    assert found(fix=True) == []


def test_shell_script_gets_the_template_check_and_the_configuration_check(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    script = tmp_path / "run.sh"
    script.write_text("export AIRFLOW__CORE__DAG_CONCURRENCY=16\necho '{{ end_date }}'\n")
    assert found() == [("run.sh", 1, "AUL401", True), ("run.sh", 2, "AUL207", True)]
    result = fix()
    assert result.exit_code == 0 and "2 fixed" in result.stdout
    assert script.read_text() == "export AIRFLOW__CORE__MAX_ACTIVE_TASKS_PER_DAG=16\necho '{{ ds }}'\n"
    script.write_bytes(b"export AIRFLOW__CORE__DAG_CONCURRENCY=\xff\n")
    assert [code for _, _, code, _ in found()] == ["AUL002"]  # one unreadable-file diagnostic, not two


def test_noqa_suppresses_on_its_line(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text("AIRFLOW__CORE__DAG_CONCURRENCY=16  # noqa: AUL401\nAIRFLOW__SCHEDULER__MAX_THREADS=2 # noqa: AUL404\n")
    (tmp_path / "options.yaml").write_text("AirflowConfigurationOptions:\n  core.dag_concurrency: 16  # noqa\n")
    assert found() == [(".env", 2, "AUL401", True)]
    # a comment marker in a value before it
    (tmp_path / ".env").write_text('AIRFLOW__WEBSERVER__NAVBAR_COLOR="#007A87"  # noqa: AUL404\n')
    (tmp_path / "options.yaml").write_text("AirflowConfigurationOptions:\n  webserver.navbar_color: '#007A87'  # noqa\n")
    assert found() == []


def test_a_rename_that_would_set_an_option_twice_is_not_fixed(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    template = tmp_path / "template.yaml"
    template.write_text(
        "AirflowConfigurationOptions:\n  core.dag_concurrency: 16\n  core.max_active_tasks_per_dag: 8\n"
        "  celery.stalled_task_timeout: 300\n  celery.task_adoption_timeout: 600\n  scheduler.max_threads: 2\n"
    )
    assert found() == [("template.yaml", 2, "AUL401", False), ("template.yaml", 4, "AUL401", False),
                       ("template.yaml", 5, "AUL401", False), ("template.yaml", 6, "AUL401", True)]  # fmt: skip
    result = lint("--no-cache", "--target-version", TARGET, "template.yaml")
    assert result.stdout.splitlines()[0] == (
        "template.yaml:2:3: AUL401 `[core] dag_concurrency` is `[core] max_active_tasks_per_dag` since Airflow 2.2.0; "
        "no fix: this file would then set `core.max_active_tasks_per_dag` more than once, keep one"
    )
    fix()
    assert template.read_text().splitlines()[1:] == [
        "  core.dag_concurrency: 16", "  core.max_active_tasks_per_dag: 8", "  celery.stalled_task_timeout: 300",
        "  celery.task_adoption_timeout: 600", "  scheduler.parsing_processes: 2",
    ]  # fmt: skip


def test_a_contested_rename_reads_the_same_in_a_text_file_and_in_python(tmp_path, monkeypatch):
    """The option is named without the variant suffix: `_CMD` sets the same option."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text("AIRFLOW__CORE__SQL_ALCHEMY_CONN_CMD=cat /run/conn\nAIRFLOW__DATABASE__SQL_ALCHEMY_CONN=sqlite://\n")
    (tmp_path / "env.py").write_text("ENV = {'AIRFLOW__CORE__SQL_ALCHEMY_CONN_CMD': 'cat /run/conn', 'AIRFLOW__DATABASE__SQL_ALCHEMY_CONN': 'sqlite://'}\n")
    message = (
        "AUL401 `[core] sql_alchemy_conn` is `[database] sql_alchemy_conn` since Airflow 2.3.0; "
        "no fix: this file would then set `AIRFLOW__DATABASE__SQL_ALCHEMY_CONN` more than once, keep one"
    )
    result = lint("--no-cache", "--target-version", TARGET, "--select", "AUL4", ".")
    assert result.stdout.splitlines()[:2] == [f".env:1:1: {message}", f"env.py:1:8: {message}"]


def test_fix_messages_are_worded_alike_in_every_format(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "airflow.cfg").write_text("[core]\nhostname_callable = socket:getfqdn\nbase_log_folder = /logs\n\n[scheduler]\nmax_threads = 2\n")
    (tmp_path / ".env").write_text("AIRFLOW__CORE__HOSTNAME_CALLABLE=socket:getfqdn\nAIRFLOW__SCHEDULER__MAX_THREADS=2\n")
    (tmp_path / "env.py").write_text("ENV = {'AIRFLOW__SCHEDULER__MAX_THREADS': '2'}\n")
    result = lint("--no-cache", "--target-version", TARGET, "--output-format", "json", ".")
    fixes = [(Path(d["filename"]).name, d["location"]["row"], d["fix"]["message"]) for d in json.loads(result.stdout)]
    assert fixes == [
        (".env", 1, "Set to `socket.getfqdn`"),
        (".env", 2, "Rename to `AIRFLOW__SCHEDULER__PARSING_PROCESSES`"),
        ("airflow.cfg", 2, "Set to `socket.getfqdn`"),
        ("airflow.cfg", 3, "Move to `[logging] base_log_folder`"),
        ("airflow.cfg", 6, "Rename to `parsing_processes`"),
        ("env.py", 1, "Rename to `AIRFLOW__SCHEDULER__PARSING_PROCESSES`"),
    ]


def test_references_follow_the_renamed_assignment(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    script = tmp_path / "start.sh"
    script.write_text('export AIRFLOW__CORE__BASE_LOG_FOLDER=/logs\nexport AIRFLOW__CORE__BASE_LOG_FOLDER=/logs2\nmkdir -p "$AIRFLOW__CORE__BASE_LOG_FOLDER"\n')
    fix()
    assert script.read_text() == (
        'export AIRFLOW__LOGGING__BASE_LOG_FOLDER=/logs\nexport AIRFLOW__LOGGING__BASE_LOG_FOLDER=/logs2\nmkdir -p "$AIRFLOW__LOGGING__BASE_LOG_FOLDER"\n'
    )


def test_renames_gated_by_the_target(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text("AIRFLOW__CORE__DAG_CONCURRENCY=16\nAIRFLOW__CORE__SQL_ALCHEMY_CONN=sqlite://\n")
    lint("--fix", "--no-cache", "--target-version", "2.2.2", ".")
    assert (tmp_path / ".env").read_text() == "AIRFLOW__CORE__MAX_ACTIVE_TASKS_PER_DAG=16\nAIRFLOW__CORE__SQL_ALCHEMY_CONN=sqlite://\n"
    lint("--fix", "--no-cache", "--target-version", "2.0.2", ".")  # nothing newer than 2.2 at 2.0.2
    assert (tmp_path / ".env").read_text() == "AIRFLOW__CORE__MAX_ACTIVE_TASKS_PER_DAG=16\nAIRFLOW__CORE__SQL_ALCHEMY_CONN=sqlite://\n"


def test_values_are_rewritten_inside_their_quotes_and_only_when_read_literally(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "options.yaml").write_text("AirflowConfigurationOptions:\n  webserver.navbar_color: '#007A87'\n")
    (tmp_path / "compose.yaml").write_text('x:\n  AIRFLOW__WEBSERVER__NAVBAR_COLOR: "#007A87"\n')
    fix()
    assert (tmp_path / "options.yaml").read_text() == "AirflowConfigurationOptions:\n  webserver.navbar_color: '#fff'\n"
    assert (tmp_path / "compose.yaml").read_text() == 'x:\n  AIRFLOW__WEBSERVER__NAVBAR_COLOR: "#fff"\n'
    assert found() == []
    # a bare value from `#` on is a comment to some readers of env files: not read, not reported
    (tmp_path / ".env").write_text("AIRFLOW__WEBSERVER__NAVBAR_COLOR=#007A87\n")
    # a tagged value is computed by CloudFormation: not read, while its neighbours are fixed
    text = "AirflowConfigurationOptions:\n  core.hostname_callable: socket:getfqdn\n  secrets.backend: !Sub 'airflow.contrib.secrets.${Name}'\n"
    (tmp_path / "options.yaml").write_text(text)
    assert found() == [("options.yaml", 2, "AUL404", True)]
    fix()
    assert (tmp_path / "options.yaml").read_text() == text.replace("socket:getfqdn", "socket.getfqdn")


def test_python_literals(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    dag = tmp_path / "setup.py"
    dag.write_text(
        "import os\n"
        "ENV = dict(AIRFLOW__CORE__DAG_CONCURRENCY='16', AIRFLOW__CORE__SQL_ALCHEMY_CONN_CMD='cat /run/conn')\n"
        "OPTIONS = {'core.dag_concurrency': '16', 'core.max_active_tasks_per_dag': '8', 'spark.master': 'yarn'}\n"
        "HANDLERS = {'console': {'class': 'logging.StreamHandler'}, 'task': {'class': b'airflow.utils.log.s3_task_handler.S3TaskHandler'}}\n"
        "BACKEND = 'airflow.contrib.secrets.hashicorp_vault.VaultBackend'\n"
        "os.environ['AIRFLOW__SECRETS__BACKEND'] = BACKEND\n"
    )
    assert [(line, code, fixable) for _, line, code, fixable in found(select=("AUL4",))] == [
        (2, "AUL401", True), (2, "AUL401", True), (3, "AUL401", False), (5, "AUL403", True),
    ]  # fmt: skip
    fix("--select", "AUL4", ".")
    assert dag.read_text().splitlines()[1:5] == [
        "ENV = dict(AIRFLOW__CORE__MAX_ACTIVE_TASKS_PER_DAG='16', AIRFLOW__DATABASE__SQL_ALCHEMY_CONN_CMD='cat /run/conn')",
        "OPTIONS = {'core.dag_concurrency': '16', 'core.max_active_tasks_per_dag': '8', 'spark.master': 'yarn'}",
        "HANDLERS = {'console': {'class': 'logging.StreamHandler'}, 'task': {'class': b'airflow.utils.log.s3_task_handler.S3TaskHandler'}}",
        "BACKEND = 'airflow.providers.hashicorp.secrets.vault.VaultBackend'",
    ]


def test_unified_diff_shows_only_the_changed_lines(tmp_path, monkeypatch):
    shutil.copytree(CASES / "terraform" / "before", tmp_path / "tf")
    monkeypatch.chdir(tmp_path / "tf")
    result = lint("--diff", "--no-cache", "--target-version", TARGET, ".")
    removed = [line for line in result.stdout.splitlines() if line.startswith("-") and not line.startswith("---")]
    expected = (CASES / "terraform" / "before" / "main.tf").read_text().splitlines()[9:14]
    assert removed == ["-" + line for line in expected]
