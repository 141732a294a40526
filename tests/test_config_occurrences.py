"""Where Airflow options are found in text formats: names, values and their exact spans."""

from __future__ import annotations

import pytest

from airflow_upgrade_lint import terraform_config, yaml_config
from airflow_upgrade_lint.config_occurrences import (
    Spelling,
    contested,
    dotted_occurrences,
    env_occurrences,
    json_strings,
    mentions_configuration,
    writable,
)
from airflow_upgrade_lint.env_config import occurrences as env_text_occurrences
from airflow_upgrade_lint.json_config import validate as validate_json


def spans(text: str, found) -> list[tuple]:
    """(section, key, name as written, suffix, assigned, value, value's raw characters, quote)."""
    return [
        (
            o.section, o.key, text[o.start : o.end], o.suffix, o.assigned,
            *((o.value.text, text[o.value.start : o.value.end], o.value.quote) if o.value else (None, None, None)),
        )
        for o in found
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("AIRFLOW__CORE__DAG_CONCURRENCY=16", ("16", "16", "")),
        ("export AIRFLOW__CORE__DAG_CONCURRENCY=16", ("16", "16", "")),
        ('AIRFLOW__CORE__DAG_CONCURRENCY="16" # per DAG', ("16", "16", '"')),
        ("AIRFLOW__CORE__DAG_CONCURRENCY = '16'", ("16", "16", "'")),
        ("AIRFLOW__CORE__DAG_CONCURRENCY=16 # per DAG", ("16", "16", "")),
        ("  - AIRFLOW__CORE__DAG_CONCURRENCY=16", ("16", "16", "")),
        ('  - "AIRFLOW__CORE__DAG_CONCURRENCY=16"', ("16", "16", '"')),
        ("    AIRFLOW__CORE__DAG_CONCURRENCY: 16", ("16", "16", "")),
        ('  "AIRFLOW__CORE__DAG_CONCURRENCY": "16",', ("16", "16", '"')),
        ('  "AIRFLOW__CORE__DAG_CONCURRENCY":16}', ("16", "16", "")),
        ('  "AIRFLOW__CORE__DAG_CONCURRENCY" = "16"', ("16", "16", '"')),
        ('AIRFLOW__CORE__DAG_CONCURRENCY="1\\u0036"', ("16", "1\\u0036", '"')),
        ('env = ["AIRFLOW__CORE__DAG_CONCURRENCY=16", "B=2"]', ("16", "16", '"')),
        ("AIRFLOW__CORE__DAG_CONCURRENCY=16\r", ("16", "16", "")),
    ],
)
def test_env_assignment_values(line, expected):
    (found,) = env_occurrences(line)
    assert spans(line, [found]) == [("core", "dag_concurrency", "AIRFLOW__CORE__DAG_CONCURRENCY", "", True, *expected)]


@pytest.mark.parametrize(
    "line",
    [
        "AIRFLOW__CORE__DAG_CONCURRENCY=${CONCURRENCY}",  # interpolated
        'AIRFLOW__CORE__DAG_CONCURRENCY="$CONCURRENCY"',
        "AIRFLOW__CORE__DAG_CONCURRENCY=16 8",  # more after the value
        "AIRFLOW__CORE__DAG_CONCURRENCY: value with spaces",
        "AIRFLOW__CORE__DAG_CONCURRENCY: 'it''s'",  # YAML's doubled quote
        "AIRFLOW__CORE__DAG_CONCURRENCY='unterminated",
        "AIRFLOW__CORE__DAG_CONCURRENCY=",
        "AIRFLOW__CORE__DAG_CONCURRENCY=$(cat /run/concurrency)",
    ],
)
def test_env_values_that_cannot_be_read_literally(line):
    (found,) = env_occurrences(line)
    assert found.assigned and found.value is None


def test_env_names_that_are_not_assignments():
    text = 'echo "$AIRFLOW__CORE__EXECUTOR ${AIRFLOW__CORE__DAG_CONCURRENCY}"\nif [ "$AIRFLOW__CORE__X" == 1 ]; then :; fi\nos.getenv("AIRFLOW__CORE__Y")\n'
    assert [(o.key, o.assigned, o.value) for o in env_occurrences(text)] == [
        ("executor", False, None), ("dag_concurrency", False, None), ("x", False, None), ("y", False, None),
    ]  # fmt: skip


def test_env_variant_suffixes_are_kept_out_of_the_name_and_have_no_value():
    text = "AIRFLOW__CORE__SQL_ALCHEMY_CONN_CMD=cat /run/conn\nAIRFLOW__CORE__FERNET_KEY_SECRET=airflow/fernet\n"
    assert spans(text, env_occurrences(text)) == [
        ("core", "sql_alchemy_conn", "AIRFLOW__CORE__SQL_ALCHEMY_CONN", "_CMD", True, None, None, None),
        ("core", "fernet_key", "AIRFLOW__CORE__FERNET_KEY", "_SECRET", True, None, None, None),
    ]


def test_env_names_are_upper_case_whole_words_with_a_section_and_key():
    text = "airflow__core__x=1 MY_AIRFLOW__CORE__X=1 AIRFLOW__CORE=1 AIRFLOW__KUBERNETES_EXECUTOR__NAMESPACE=a"
    assert [(o.section, o.key) for o in env_occurrences(text)] == [("kubernetes_executor", "namespace")]


def test_dotted_keys_are_json_keys_only():
    text = '{"Name": "core.dag_concurrency", "core.dag_concurrency" : "16", "core.x": 3, "a.b.c": "1", "k": {"secrets.backend_kwargs": "{\\"a\\": 1}"}}'
    assert spans(text, dotted_occurrences(text, json_strings(text))) == [
        ("core", "dag_concurrency", "core.dag_concurrency", "", True, "16", "16", '"'),
        ("core", "x", "core.x", "", True, "3", "3", ""),
        ("secrets", "backend_kwargs", "secrets.backend_kwargs", "", True, '{"a": 1}', '{\\"a\\": 1}', '"'),
    ]


def test_cli_argument_options_in_a_shell_script():
    text = (
        "aws mwaa update-environment --name prod \\\n"
        "  --airflow-configuration-options '{\"core.dag_concurrency\": \"16\",\n   \"scheduler.max_threads\": \"2\"}'\n"
        'echo \'{"core.parallelism": "8"}\'\n'  # JSON that is no argument of the option
    )
    assert [(o.spelling, o.key, o.value.text) for o in env_text_occurrences(text)] == [
        (Spelling.DOTTED, "dag_concurrency", "16"), (Spelling.DOTTED, "max_threads", "2"),
    ]  # fmt: skip


def test_yaml_dotted_keys_from_the_event_stream():
    text = (
        "Properties:\n"
        "  Name: core.dag_concurrency\n"  # a value, not a key
        "  AirflowConfigurationOptions:\n"
        "    core.dag_concurrency: 16  # per DAG\n"
        "    'scheduler.max_threads': \"2\"\n"
        "    core.logging_level: !Ref LogLevel\n"
        "    secrets.backend_kwargs: '{\"connections_prefix\": \"c\"}'\n"
        "    core.default_timezone: >-\n      utc\n"
        "    flow: {core.parallelism: 8, \"celery.default_queue\": q}\n"
        "  List:\n    - core.x: 1\n"
    )
    assert spans(text, yaml_config.occurrences(text)) == [
        ("core", "dag_concurrency", "core.dag_concurrency", "", True, "16", "16", ""),
        ("scheduler", "max_threads", "scheduler.max_threads", "", True, "2", "2", '"'),
        ("core", "logging_level", "core.logging_level", "", True, None, None, None),
        ("secrets", "backend_kwargs", "secrets.backend_kwargs", "", True, '{"connections_prefix": "c"}', '{"connections_prefix": "c"}', "'"),
        ("core", "default_timezone", "core.default_timezone", "", True, None, None, None),
        ("core", "parallelism", "core.parallelism", "", True, "8", "8", ""),
        ("celery", "default_queue", "celery.default_queue", "", True, "q", "q", ""),
        ("core", "x", "core.x", "", True, "1", "1", ""),
    ]


def test_yaml_validation_names_the_line_and_accepts_cloudformation_tags():
    assert yaml_config.validate("A: !Sub '${X}'\nB: !GetAtt R.Arn\nC: !Ref D\n") == []
    (problem,) = yaml_config.validate("a:\n  b: 1\n c: 2\n")
    assert (problem.line, problem.column) == (3, 2)
    (problem,) = yaml_config.validate("a: \"unterminated\n")
    assert problem.line == 2 and problem.message.startswith("Invalid YAML: found unexpected end of stream")
    (problem,) = yaml_config.validate("a: 1\nb: \x07\n")
    assert (problem.line, problem.column) == (2, 4)


def test_json_validation_names_the_trailing_comma():
    (problem,) = validate_json('{\n  "a": "1",\n  "b": "2",\n}\n')
    assert (problem.line, problem.column, problem.message) == (3, 11, "Invalid JSON: trailing comma before `}`")
    (problem,) = validate_json('{"a": [1, 2,\n]}')
    assert (problem.line, problem.column, problem.message) == (1, 12, "Invalid JSON: trailing comma before `]`")
    (problem,) = validate_json('{"a" 1}')
    assert (problem.line, problem.column, problem.message) == (1, 6, "Invalid JSON: Expecting ':' delimiter")
    assert validate_json('{"a": [1, 2], "b": ","}') == []
    assert validate_json('\ufeff{"a": 1}') == []  # a byte order mark is no error
    (problem,) = validate_json('\ufeff{"a": 1,}')
    assert (problem.line, problem.column) == (1, 9)  # the comma, counting the mark as a character


def test_terraform_scan_skips_comments_heredocs_and_templates():
    text = (
        '# "core.x" = "1"\n'
        'locals {\n'
        '  // "core.y" = "1"\n'
        '  /* "core.z" = "1" } */\n'
        '  s = "${lookup(var.m, "core.parallelism")} $${literal} }"\n'
        '  script = <<-EOT\n    "core.w" = "{"\n    EOT\n'
        '  options = { "core.dag_concurrency" = "16", "core.default_timezone" : "utc" }\n'
        '}\n'
    )
    assert terraform_config.validate(text) == []
    assert [(o.key, o.value.text) for o in terraform_config.occurrences(text)] == [("dag_concurrency", "16"), ("default_timezone", "utc")]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ('a = {\n  b = "1"\n', 1, "Invalid Terraform: `{` never closed"),
        ('a = {\n  b = "1"\n}}\n', 3, "Invalid Terraform: unbalanced `}`"),
        ('a = [\n  "1")\n', 2, "Invalid Terraform: unbalanced `)`"),
        ('a = {\n  b = "1\n}\n', 2, "Invalid Terraform: unterminated string"),
        ('a = "${var.x"\n', 1, "Invalid Terraform: unterminated string"),
        ("/* open\n", 1, "Invalid Terraform: unterminated comment"),
        ("x = <<EOT\nno end\n", 1, "Invalid Terraform: heredoc without its closing `EOT`"),
    ],
)
def test_terraform_scan_names_the_line_of_what_is_unbalanced(text, line, message):
    (problem,) = terraform_config.validate(text)
    assert (problem.line, problem.message) == (line, message)


def test_pre_filter():
    assert mentions_configuration('{"core.dag_concurrency": "16"}')
    assert mentions_configuration("A: AIRFLOW__CORE__X")
    assert mentions_configuration("AirflowConfigurationOptions: !Ref Options")
    assert mentions_configuration("ldap.uri: ldaps://x")  # a section Airflow 2 removed
    assert not mentions_configuration('{"spark.master": "yarn", "name": "core.x", "version": 1.10}')
    assert not mentions_configuration("logging.level: debug")  # a section Airflow has, an option it never had


def test_contested_renames():
    old, new, other = (Spelling.ENV, "core", "a"), (Spelling.ENV, "core", "b"), (Spelling.ENV, "core", "c")
    assert contested([(old, new), (old, new)]) == set()  # one option set twice keeps its meaning
    assert contested([(old, new), (new, new)]) == {new}
    assert contested([(old, new), (other, new)]) == {new}
    assert contested([(old, new), ((Spelling.DOTTED, "core", "b"), (Spelling.DOTTED, "core", "b"))]) == set()


def test_writable_values():
    assert writable("airflow.providers.x.Backend", "")
    assert not writable("#fff", "")  # a comment outside quotes
    assert writable("#fff", '"')
    assert not writable('a"b', "'") and not writable("$X", '"') and not writable(None, '"')
