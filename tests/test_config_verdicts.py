"""What the configuration family says about one option, whatever file sets it (config_verdicts),
against the generated tables (rules/config.toml, rules/imports.toml) and a project's plugins."""

from __future__ import annotations

import pytest

from airflow_upgrade_lint import knowledge
from airflow_upgrade_lint.checks.config_options_rules import (
    BACKEND_KWARGS_NOT_JSON,
    DEPRECATED_VALUE,
    EXECUTOR_PLUGIN_NAME,
    MESOS_EXECUTOR,
    MOVED_CLASS_PATH,
    REMOVED_OPTION,
    RENAMED_OPTION,
)
from airflow_upgrade_lint.config_verdicts import Verdict, option_verdicts, section_verdicts
from airflow_upgrade_lint.diagnostics import Applicability
from airflow_upgrade_lint.project import Plugin, Project, Registered

TARGET = "2.10.3"
GOOGLE_1_10 = "airflow.contrib.secrets.gcp_secrets_manager.CloudSecretsManagerBackend"
GOOGLE_2 = "airflow.providers.google.cloud.secrets.secret_manager.CloudSecretManagerBackend"
BATCH = Plugin(
    name="Batch_Plugin", class_name="BatchPlugin", display="plugins/batch_plugin.py", module="batch_plugin", line=5,
    registered=(Registered("executors", "BatchExecutor", "batch.executor", 7),),
)  # fmt: skip


def verdicts(section, key, value, target=TARGET, project=Project(), **flags) -> list[Verdict]:
    return option_verdicts(section, key, value, target, knowledge.load(), project, **flags)


def test_moved_option_names_the_new_one_case_insensitively():
    expected = Verdict(
        RENAMED_OPTION, "`[core] base_log_folder` is `[logging] base_log_folder` since Airflow 2.0.0",
        new_name=("logging", "base_log_folder"),
    )  # fmt: skip
    assert verdicts("core", "base_log_folder", "/logs") == [expected]
    assert verdicts("CORE", "Base_Log_Folder", "/logs") == [expected]
    assert verdicts("core", "base_log_folder", None) == [expected]  # the value unknown: the name is judged


def test_renames_are_gated_by_the_target():
    assert verdicts("core", "dag_concurrency", "16", target="2.0.2") == []
    assert verdicts("core", "dag_concurrency", "16", target="2.2.2") == [
        Verdict(RENAMED_OPTION, "`[core] dag_concurrency` is `[core] max_active_tasks_per_dag` since Airflow 2.2.0",
                new_name=("core", "max_active_tasks_per_dag")),
    ]  # fmt: skip
    assert verdicts("scheduler", "max_threads", "2", target="2.0.2")[0].new_name == ("scheduler", "parsing_processes")


def test_new_names_and_sections_of_the_users_own_are_left_alone():
    assert verdicts("logging", "base_log_folder", "/logs") == []
    assert verdicts("team_settings", "max_threads", "4") == []
    assert section_verdicts("team_settings", TARGET) == []


def test_merged_and_ignored_moves_say_so():
    [merged] = verdicts("celery", "stalled_task_timeout", "600")
    assert (merged.new_name, merged.merged) == (("scheduler", "task_queued_timeout"), True)
    assert merged.message == (
        "`[celery] stalled_task_timeout` is merged into `[scheduler] task_queued_timeout` since Airflow 2.6.0, "
        "which takes the largest of their values"
    )
    [ignored] = verdicts("celery", "celery_broker_url", "sqs://")
    assert ignored == Verdict(
        RENAMED_OPTION, "`[celery] celery_broker_url` is `[celery] broker_url`: Airflow 2.10.3 no longer reads the old name",
        new_name=("celery", "broker_url"),
    )  # fmt: skip


def test_renamed_section_and_its_options():
    renamed = Verdict(RENAMED_OPTION, "Section `[kubernetes]` is `[kubernetes_executor]` in Airflow 2.5.1", new_name=("kubernetes_executor", ""))
    assert section_verdicts("kubernetes", "2.5.1") == [renamed]
    assert section_verdicts("kubernetes", "2.4.3") == []
    option = Verdict(
        RENAMED_OPTION, "`[kubernetes] namespace` is `[kubernetes_executor] namespace` since Airflow 2.5.0",
        new_name=("kubernetes_executor", "namespace"),
    )  # fmt: skip
    assert verdicts("kubernetes", "namespace", "airflow", target="2.5.1") == [option]
    # a key the table does not list follows its section too
    unlisted = Verdict(
        RENAMED_OPTION,
        "`[kubernetes] team_key` is `[kubernetes_executor] team_key`: section `[kubernetes]` is `[kubernetes_executor]` in Airflow 2.5.1",
        new_name=("kubernetes_executor", "team_key"),
    )
    assert verdicts("kubernetes", "team_key", "x", target="2.5.1") == [unlisted]
    # a format with section headers renames the header instead
    assert verdicts("kubernetes", "namespace", "airflow", target="2.5.1", under_header=True) == []
    assert verdicts("kubernetes", "team_key", "x", target="2.5.1", under_header=True) == []


def test_removed_option_and_section():
    assert verdicts("webserver", "rbac", "True") == [
        Verdict(REMOVED_OPTION, "Option `[webserver] rbac` no longer exists (not in Airflow 2.0.2 and later): the "
                "Flask-AppBuilder RBAC UI is Airflow 2's only UI and always authenticates: delete the option"),
    ]  # fmt: skip
    assert verdicts("ldap", "uri", "ldaps://ldap") == [
        Verdict(REMOVED_OPTION, "Option `[ldap] uri` (the whole section) no longer exists (not in Airflow 2.0.2 and later)")
    ]
    assert verdicts("ldap", "uri", "ldaps://ldap", under_header=True) == []
    assert section_verdicts("ldap", TARGET) == [Verdict(REMOVED_OPTION, "Section `[ldap]` no longer exists (not in Airflow 2.0.2 and later)")]


@pytest.mark.parametrize(
    ("value", "new"),
    [
        ("airflow.contrib.secrets.aws_secrets_manager.SecretsManagerBackend", "airflow.providers.amazon.aws.secrets.secrets_manager.SecretsManagerBackend"),
        ("airflow.contrib.secrets.aws_systems_manager.SystemsManagerParameterStoreBackend",
         "airflow.providers.amazon.aws.secrets.systems_manager.SystemsManagerParameterStoreBackend"),
        ("airflow.contrib.secrets.hashicorp_vault.VaultBackend", "airflow.providers.hashicorp.secrets.vault.VaultBackend"),
        ("airflow.contrib.secrets.azure_key_vault.AzureKeyVaultBackend", "airflow.providers.microsoft.azure.secrets.key_vault.AzureKeyVaultBackend"),
        (GOOGLE_1_10, GOOGLE_2),
    ],
)  # fmt: skip
def test_every_contrib_secrets_backend_moves_to_its_provider(value, new):
    [verdict] = verdicts("secrets", "backend", value)
    assert (verdict.rule, verdict.new_value, verdict.applicability, verdict.about_value) == (MOVED_CLASS_PATH, new, Applicability.SAFE, True)


def test_the_google_backend_is_another_class_before_the_provider_renamed_it():
    [verdict] = verdicts("secrets", "backend", GOOGLE_1_10, target="2.0.2")
    assert (verdict.new_value, verdict.applicability) == (GOOGLE_2, Applicability.UNSAFE)
    assert verdict.message.endswith("; CloudSecretsManagerBackend was a subclass of CloudSecretManagerBackend; check its arguments")


def test_class_paths_are_found_in_any_option_and_after_a_move():
    # a task handler, and the sendgrid emailer once (not again as the value Airflow rewrites)
    [handler] = verdicts("logging", "remote_task_handler", "airflow.utils.log.s3_task_handler.S3TaskHandler")
    assert handler.new_value == "airflow.providers.amazon.aws.log.s3_task_handler.S3TaskHandler"
    assert verdicts("email", "email_backend", "airflow.contrib.utils.sendgrid.send_email") == [
        Verdict(MOVED_CLASS_PATH, "`airflow.contrib.utils.sendgrid.send_email` moved to "
                "`airflow.providers.sendgrid.utils.emailer.send_email` (apache-airflow-providers-sendgrid)",
                new_value="airflow.providers.sendgrid.utils.emailer.send_email"),
    ]  # fmt: skip


def test_a_class_path_without_equivalent_is_reported_without_fix():
    [dask] = verdicts("core", "executor", "airflow.executors.dask_executor.DaskExecutor")
    assert dask == Verdict(
        MOVED_CLASS_PATH, "`airflow.executors.dask_executor.DaskExecutor` does not exist in Airflow 2.10.3: "
        "apache-airflow-providers-daskexecutor is not pinned by MWAA for this version",
    )  # fmt: skip


def test_values_airflow_rewrites():
    assert verdicts("core", "hostname_callable", "socket:getfqdn") == [
        Verdict(DEPRECATED_VALUE, "Airflow rewrites `[core] hostname_callable` `socket:getfqdn` to `socket.getfqdn` (with a warning)",
                new_value="socket.getfqdn"),
    ]  # fmt: skip
    assert verdicts("core", "hostname_callable", "socket.getfqdn") == []
    assert verdicts("core", "hostname_callable", None) == []


@pytest.mark.parametrize("value", ["MesosExecutor", "airflow.contrib.executors.mesos_executor.MesosExecutor"])
def test_mesos_executor(value):
    assert verdicts("core", "executor", value) == [
        Verdict(MESOS_EXECUTOR, f"`{value}` was removed in Airflow 2.0; MWAA runs the CeleryExecutor")
    ]


def test_executor_by_plugin_name():
    project = Project(plugins=(BATCH,))
    # 1.10 looked plugins up by their lower-cased name
    assert verdicts("core", "executor", "batch_plugin.BatchExecutor", project=project) == [
        Verdict(EXECUTOR_PLUGIN_NAME, "Executor given by plugin name `batch_plugin.BatchExecutor`: use its module path "
                "`batch.executor.BatchExecutor`", new_value="batch.executor.BatchExecutor"),
    ]  # fmt: skip
    [unregistered] = verdicts("core", "executor", "batch_plugin.StreamExecutor", project=project)
    assert (unregistered.rule, unregistered.new_value) == (EXECUTOR_PLUGIN_NAME, None)
    # no plugin of that name: Airflow 2 imports it as a module path
    assert verdicts("core", "executor", "other_plugin.BatchExecutor", project=project) == []
    assert verdicts("core", "executor", "batch.executor.BatchExecutor", project=project) == []
    assert verdicts("core", "executor", "CeleryExecutor") == []
    assert verdicts("core", "executor", "LocalExecutor,batch.BatchExecutor") == []  # 2.10's several executors


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("{'connections_prefix': 'airflow/connections'}",
         "`[secrets] backend_kwargs` is not JSON: Expecting property name enclosed in double quotes: line 1 column 2 (char 1); Airflow ignores it"),
        ('{"connections_prefix": "airflow/connections",}',
         "`[secrets] backend_kwargs` is not JSON: Expecting property name enclosed in double quotes: line 1 column 46 (char 45); Airflow ignores it"),
        ('["airflow/connections"]', "`[secrets] backend_kwargs` is JSON list, not an object; Airflow ignores it"),
        ("null", "`[secrets] backend_kwargs` is JSON null, not an object; Airflow ignores it"),
    ],
)  # fmt: skip
def test_backend_kwargs_must_be_a_json_object(value, message):
    assert verdicts("secrets", "backend_kwargs", value) == [Verdict(BACKEND_KWARGS_NOT_JSON, message)]


@pytest.mark.parametrize("value", ['{"connections_prefix": "airflow/connections"}', "", '{"a":\n  1}'])
def test_valid_or_empty_backend_kwargs(value):
    assert verdicts("secrets", "backend_kwargs", value) == []
