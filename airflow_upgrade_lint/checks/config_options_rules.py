"""The rules of the Airflow configuration family (AUL4xx): documentation, and examples that are
also tests. The examples are `airflow.cfg` files; the same verdicts (config_verdicts.py) apply
to every other format that sets Airflow options (env files, MWAA options, ...)."""

from ..diagnostics import FixAvailability
from ..rule import Example, Rule

CFG = "airflow.cfg"
_SECRETS = "[secrets]\nbackend = {}\n"
_GOOGLE_1_10 = "airflow.contrib.secrets.gcp_secrets_manager.CloudSecretsManagerBackend"
_GOOGLE_2 = "airflow.providers.google.cloud.secrets.secret_manager.CloudSecretManagerBackend"
_EXECUTOR_PLUGIN = (
    ("plugins/batch_plugin.py",
     "from airflow.plugins_manager import AirflowPlugin\n"
     "from batch.executor import BatchExecutor\n\n\n"
     "class BatchPlugin(AirflowPlugin):\n    name = 'batch_plugin'\n    executors = [BatchExecutor]\n"),
    ("plugins/batch/__init__.py", ""),
    ("plugins/batch/executor.py",
     "from airflow.executors.base_executor import BaseExecutor\n\n\nclass BatchExecutor(BaseExecutor):\n    pass\n"),
)  # fmt: skip

RENAMED_OPTION = Rule(
    code="AUL401",
    name="renamed-config-option",
    summary="Airflow configuration option (or section) renamed or moved to another section",
    fix=FixAvailability.SOMETIMES,
    doc="""
    ## What it does
    Finds Airflow configuration options that Airflow 2 renamed or moved to another section at
    the target version (`[core] base_log_folder` is `[logging] base_log_folder` from 2.0,
    `[scheduler] max_threads` is `[scheduler] parsing_processes`, `[core] dag_concurrency` is
    `[core] max_active_tasks_per_dag` from 2.2, the section `[kubernetes]` is
    `[kubernetes_executor]` from 2.5), in `airflow.cfg`, `AIRFLOW__SECTION__KEY` variables and
    MWAA "Airflow configuration options". The renames are Airflow's own `deprecated_options`
    and `deprecated_sections`, read from each 2.x wheel; a rename newer than the target is not
    reported. Sections of the user's own are left alone.

    ## Why is this bad?
    Airflow 2 still reads most old names, with a deprecation warning on every read, and Airflow
    3 reads none of them. An MWAA environment refuses configuration options it does not know.
    When the new name is set as well, the old one is silently ignored.

    ## Example
    ```ini
    [core]
    dags_folder = /usr/local/airflow/dags
    base_log_folder = /usr/local/airflow/logs

    [scheduler]
    max_threads = 2
    ```

    Use instead:
    ```ini
    [core]
    dags_folder = /usr/local/airflow/dags

    [scheduler]
    parsing_processes = 2

    [logging]
    base_log_folder = /usr/local/airflow/logs
    ```

    ## Fix safety
    Safe: Airflow reads the new name exactly as it read the old one. In `airflow.cfg` a rename
    within the section changes the key only (spacing, value and comments kept); a move deletes
    the option's lines (continuation lines included) and adds them, with the new key, after the
    last option of the target section, which is created at the end of the file when absent.
    When the new name is already set, Airflow ignores the old one: the fix deletes it, and is
    unsafe, as the value you meant may be the old one; where Airflow takes the largest of
    several old options merged into one (`[celery] stalled_task_timeout` and
    `task_adoption_timeout` into `[scheduler] task_queued_timeout`), both stay and are reported.
    A renamed section has its header renamed when all its options follow it; when the new
    section is in the file too, or the section holds options the target no longer has, its
    options are moved one by one and the header is reported.
    """,
    examples=(
        Example(
            "[core]\ndags_folder = /usr/local/airflow/dags\nbase_log_folder = /usr/local/airflow/logs\n\n"
            "[scheduler]\nmax_threads = 2\n",
            fixed="[core]\ndags_folder = /usr/local/airflow/dags\n\n[scheduler]\nparsing_processes = 2\n\n"
            "[logging]\nbase_log_folder = /usr/local/airflow/logs\n",
            path=CFG,
        ),
        # moved into a section the file has, after its last option; spacing and comments kept
        Example(
            "[core]\n# where task logs go\nbase_log_folder=/usr/local/airflow/logs\nremote_logging = True\n\n"
            "[logging]\nlogging_level = INFO\n\n[webserver]\nexpose_config = True\n",
            fixed="[core]\n# where task logs go\n\n[logging]\nlogging_level = INFO\n"
            "base_log_folder=/usr/local/airflow/logs\nremote_logging = True\n\n[webserver]\nexpose_config = True\n",
            path=CFG,
        ),
        Example("[scheduler]\nmax_threads : 4  \n", fixed="[scheduler]\nparsing_processes : 4  \n", path=CFG),
        # dag_concurrency became max_active_tasks_per_dag in 2.2
        Example("[core]\ndag_concurrency = 16\n", fixed="[core]\nmax_active_tasks_per_dag = 16\n", path=CFG),
        Example("[core]\ndag_concurrency = 16\n", target="2.0.2", path=CFG),
        # the new name set too: the old line is ignored by Airflow (unsafe removal)
        Example(
            "[core]\nbase_log_folder = /tmp/logs\n\n[logging]\nbase_log_folder = /usr/local/airflow/logs\n",
            fixed="[core]\n\n[logging]\nbase_log_folder = /usr/local/airflow/logs\n",
            unsafe=True,
            path=CFG,
        ),
        Example(
            "[kubernetes]\nnamespace = airflow\n",
            fixed="[kubernetes_executor]\nnamespace = airflow\n",
            path=CFG,
        ),
        Example("[kubernetes]\nnamespace = airflow\n", target="2.4.3", path=CFG),
        # already at the new name; an option of the user's own section
        Example("[logging]\nbase_log_folder = /usr/local/airflow/logs\n", path=CFG),
        Example("[team_settings]\nmax_threads = 4\n", path=CFG),
        # the same options as environment variables, MWAA options and Python strings
        Example("AIRFLOW__CORE__DAG_CONCURRENCY=16\n", fixed="AIRFLOW__CORE__MAX_ACTIVE_TASKS_PER_DAG=16\n", path=".env"),
        Example(
            "export AIRFLOW__CORE__BASE_LOG_FOLDER=/usr/local/airflow/logs\nmkdir -p \"$AIRFLOW__CORE__BASE_LOG_FOLDER\"\n",
            fixed="export AIRFLOW__LOGGING__BASE_LOG_FOLDER=/usr/local/airflow/logs\nmkdir -p \"$AIRFLOW__LOGGING__BASE_LOG_FOLDER\"\n",
            path="scripts/start.sh",
        ),
        Example(
            "services:\n  worker:\n    environment:\n      - AIRFLOW__CORE__LOGGING_LEVEL=INFO\n",
            fixed="services:\n  worker:\n    environment:\n      - AIRFLOW__LOGGING__LOGGING_LEVEL=INFO\n",
            path="docker-compose.yml",
        ),
        Example(
            "Properties:\n  AirflowConfigurationOptions:\n    scheduler.max_threads: 2\n  Name: !Ref Name\n",
            fixed="Properties:\n  AirflowConfigurationOptions:\n    scheduler.parsing_processes: 2\n  Name: !Ref Name\n",
            path="template.yaml",
        ),
        Example(
            'airflow_configuration_options = {\n  "core.dag_concurrency" = "16"\n}\n',
            fixed='airflow_configuration_options = {\n  "core.max_active_tasks_per_dag" = "16"\n}\n',
            path="main.tf",
        ),
        Example(
            'import os\n\nos.environ["AIRFLOW__CORE__SQL_ALCHEMY_CONN_CMD"] = "cat /run/conn"\n',
            fixed='import os\n\nos.environ["AIRFLOW__DATABASE__SQL_ALCHEMY_CONN_CMD"] = "cat /run/conn"\n',
            path="dags/setup_env.py",
        ),
        # an option of that name set too: renaming would set it twice (no fix)
        Example(
            '{"AirflowConfigurationOptions": {"core.dag_concurrency": "16", "core.max_active_tasks_per_dag": "8"}}\n',
            fixed='{"AirflowConfigurationOptions": {"core.dag_concurrency": "16", "core.max_active_tasks_per_dag": "8"}}\n',
            path="update-environment.json",
        ),
        # a dotted name that is a value, not a key; a JSON file about something else
        Example("Resources:\n  Env:\n    AirflowConfigurationOptions: !Ref Options\n    Name: core.dag_concurrency\n", path="template.yaml"),
        Example('{"spark.master": "yarn", "airflow": "1.10"}\n', path="spark.json"),
    ),
)

REMOVED_OPTION = Rule(
    code="AUL402",
    name="removed-config-option",
    summary="Airflow configuration option or section that the target no longer has",
    fix=FixAvailability.NEVER,
    doc="""
    ## What it does
    Finds Airflow configuration options and whole sections that Airflow 2 removed by the target
    version (`[webserver] rbac`, `[core] store_serialized_dags`, the `[ldap]` and `[mesos]`
    sections, ...), with what replaces them when something does.

    ## Why is this bad?
    Airflow 2 no longer reads them, so whatever they set in 1.10 silently stops applying (or is
    always on: the RBAC UI, DAG serialization). An MWAA environment refuses options it does not
    know.

    ## Example
    ```ini
    [webserver]
    rbac = True
    ```

    Use instead:
    ```ini
    [webserver]
    ```

    ## Fix safety
    No fix: the option's purpose has to be carried over by hand, when it can be at all.
    """,
    examples=(
        Example("[webserver]\nrbac = True\n", fixed="[webserver]\nrbac = True\n", path=CFG),
        Example("[ldap]\nuri = ldaps://ldap.example.com\n", fixed="[ldap]\nuri = ldaps://ldap.example.com\n", path=CFG),
        Example("[webserver]\nexpose_config = True\n", path=CFG),
        Example(
            '{"AirflowConfigurationOptions": {\n  "core.store_serialized_dags": "True"\n}}\n',
            fixed='{"AirflowConfigurationOptions": {\n  "core.store_serialized_dags": "True"\n}}\n',
            path="template.json",
        ),
        Example("AIRFLOW__WEBSERVER__RBAC=True\n", fixed="AIRFLOW__WEBSERVER__RBAC=True\n", path=".env"),
    ),
)

MOVED_CLASS_PATH = Rule(
    code="AUL403",
    name="moved-config-class-path",
    summary="Configuration value naming a 1.10 class or function path that moved",
    fix=FixAvailability.SOMETIMES,
    supersedes=("AUL105",),  # the same literal in Python, which AUL105 would rewrite only unsafely
    doc="""
    ## What it does
    Finds configuration values that name a 1.10 class or function by a path Airflow 2 moved:
    `[secrets] backend` (every `airflow.contrib.secrets` backend; the Google one's class is
    `CloudSecretManagerBackend` in the provider), `[email] email_backend` pointing at the
    sendgrid emailer, remote task handlers, executors; and fixes them to the provider path.
    The paths are the ones the import rules know (rules/imports.toml), at the target version.

    ## Why is this bad?
    Airflow imports these values by their dotted path. The `airflow.contrib` paths are shims
    that warn in Airflow 2 and are gone in Airflow 3; some paths are gone already, and the
    provider package must be installed for the new path to import.

    ## Example
    ```ini
    [secrets]
    backend = airflow.contrib.secrets.aws_secrets_manager.SecretsManagerBackend
    ```

    Use instead:
    ```ini
    [secrets]
    backend = airflow.providers.amazon.aws.secrets.secrets_manager.SecretsManagerBackend
    ```

    ## Fix safety
    Safe when the new path names the very class the old one did; unsafe when it names another
    (the Google backend before the provider renamed its class: the old name was a subclass).
    A path with no 2.x equivalent is reported without a fix.
    """,
    examples=(
        Example(
            _SECRETS.format("airflow.contrib.secrets.aws_secrets_manager.SecretsManagerBackend"),
            fixed=_SECRETS.format("airflow.providers.amazon.aws.secrets.secrets_manager.SecretsManagerBackend"),
            path=CFG,
        ),
        Example(_SECRETS.format(_GOOGLE_1_10), fixed=_SECRETS.format(_GOOGLE_2), path=CFG),
        Example(_SECRETS.format(_GOOGLE_1_10), fixed=_SECRETS.format(_GOOGLE_2), target="2.0.2", unsafe=True, path=CFG),
        Example(
            "[email]\nemail_backend = airflow.contrib.utils.sendgrid.send_email\n",
            fixed="[email]\nemail_backend = airflow.providers.sendgrid.utils.emailer.send_email\n",
            path=CFG,
        ),
        Example(_SECRETS.format("airflow.providers.amazon.aws.secrets.secrets_manager.SecretsManagerBackend"), path=CFG),
        Example(
            '{"AirflowConfigurationOptions": {\n  "secrets.backend": "airflow.contrib.secrets.aws_systems_manager.SystemsManagerParameterStoreBackend"\n}}\n',
            fixed='{"AirflowConfigurationOptions": {\n  "secrets.backend": "airflow.providers.amazon.aws.secrets.systems_manager.SystemsManagerParameterStoreBackend"\n}}\n',
            path="update-environment.json",
        ),
        Example(
            "AIRFLOW__SECRETS__BACKEND='airflow.contrib.secrets.hashicorp_vault.VaultBackend'\n",
            fixed="AIRFLOW__SECRETS__BACKEND='airflow.providers.hashicorp.secrets.vault.VaultBackend'\n",
            path=".env",
        ),
        # a task handler in a logging config, which no option holds
        Example(
            "TASK_HANDLER = {'class': 'airflow.utils.log.s3_task_handler.S3TaskHandler', 'formatter': 'airflow'}\n",
            fixed="TASK_HANDLER = {'class': 'airflow.providers.amazon.aws.log.s3_task_handler.S3TaskHandler', 'formatter': 'airflow'}\n",
            path="dags/log_config.py",
        ),
        Example("CONSOLE = {'class': 'logging.StreamHandler'}\n", path="dags/log_config.py"),
    ),
)

DEPRECATED_VALUE = Rule(
    code="AUL404",
    name="deprecated-config-value",
    summary="Configuration value that Airflow 2 rewrites with a warning",
    fix=FixAvailability.ALWAYS,
    doc="""
    ## What it does
    Finds option values that Airflow 2 replaces on start-up with a warning, from its own
    `deprecated_values` at the target version: `[core] hostname_callable = socket:getfqdn`
    (1.10's `module:function` form) is `socket.getfqdn`, `[webserver] navbar_color = #007A87`
    is `#fff`, and so on.

    ## Why is this bad?
    Each start warns, and Airflow 3 no longer rewrites them: the old form then fails or
    silently means something else.

    ## Example
    ```ini
    [core]
    hostname_callable = socket:getfqdn
    ```

    Use instead:
    ```ini
    [core]
    hostname_callable = socket.getfqdn
    ```

    ## Fix safety
    Safe: the new value is the one Airflow already runs with.
    """,
    examples=(
        Example(
            "[core]\nhostname_callable = socket:getfqdn\n",
            fixed="[core]\nhostname_callable = socket.getfqdn\n",
            path=CFG,
        ),
        Example("[core]\nhostname_callable = socket.getfqdn\n", path=CFG),
        Example(
            'airflow_configuration_options = {\n  "core.hostname_callable" = "socket:getfqdn"\n}\n',
            fixed='airflow_configuration_options = {\n  "core.hostname_callable" = "socket.getfqdn"\n}\n',
            path="main.tf",
        ),
        Example(
            "AirflowConfigurationOptions:\n  webserver.navbar_color: '#007A87'\n",
            fixed="AirflowConfigurationOptions:\n  webserver.navbar_color: '#fff'\n",
            path="template.yaml",
        ),
    ),
)

EXECUTOR_PLUGIN_NAME = Rule(
    code="AUL405",
    name="executor-plugin-name",
    summary="`[core] executor` given as `plugin_name.ExecutorClass`",
    fix=FixAvailability.SOMETIMES,
    doc="""
    ## What it does
    Finds `[core] executor` set in 1.10's only form for a custom executor,
    `plugin_name.ExecutorClass`, and fixes it to the module path of the class the plugin
    registers in its `executors` (found in the project's plugins folder or plugins.zip). When
    the named plugin registers no such executor, it is reported without a fix. A name that no
    plugin of the project has is left alone: Airflow 2 reads it as a module path.

    ## Why is this bad?
    Airflow 2 loads executors by their import path; the plugin form is kept for compatibility
    only, and plugins no longer register executors in Airflow 3.

    ## Example
    ```ini
    [core]
    executor = batch_plugin.BatchExecutor
    ```

    Use instead:
    ```ini
    [core]
    executor = batch.executor.BatchExecutor
    ```

    ## Fix safety
    Safe: the path names the class the plugin registered (the plugins folder is on `sys.path`).
    """,
    examples=(
        Example(
            "[core]\nexecutor = batch_plugin.BatchExecutor\n",
            fixed="[core]\nexecutor = batch.executor.BatchExecutor\n",
            project=_EXECUTOR_PLUGIN,
            path=CFG,
        ),
        Example(
            "[core]\nexecutor = batch_plugin.StreamExecutor\n",
            fixed="[core]\nexecutor = batch_plugin.StreamExecutor\n",
            project=_EXECUTOR_PLUGIN,
            path=CFG,
        ),
        # no plugin of that name: a module path in Airflow 2
        Example("[core]\nexecutor = my_executors.BatchExecutor\n", project=_EXECUTOR_PLUGIN, path=CFG),
        Example("[core]\nexecutor = batch.executor.BatchExecutor\n", project=_EXECUTOR_PLUGIN, path=CFG),
        Example("[core]\nexecutor = CeleryExecutor\n", path=CFG),
    ),
)

MESOS_EXECUTOR = Rule(
    code="AUL406",
    name="mesos-executor",
    summary="`[core] executor` set to the MesosExecutor, which Airflow 2 removed",
    fix=FixAvailability.NEVER,
    doc="""
    ## What it does
    Finds `[core] executor = MesosExecutor` (or the class's 1.10 path).

    ## Why is this bad?
    Airflow 2.0 removed the MesosExecutor (apache-airflow 2.0.2 has no `mesos_executor`
    module): the scheduler does not start. MWAA runs the CeleryExecutor.

    ## Example
    ```ini
    [core]
    executor = MesosExecutor
    ```

    Use instead:
    ```ini
    [core]
    executor = CeleryExecutor
    ```

    ## Fix safety
    No fix: choosing an executor is a deployment decision.
    """,
    examples=(
        Example("[core]\nexecutor = MesosExecutor\n", fixed="[core]\nexecutor = MesosExecutor\n", path=CFG),
        Example(
            "[core]\nexecutor = airflow.contrib.executors.mesos_executor.MesosExecutor\n",
            fixed="[core]\nexecutor = airflow.contrib.executors.mesos_executor.MesosExecutor\n",
            path=CFG,
        ),
        Example("[core]\nexecutor = CeleryExecutor\n", path=CFG),
        Example("AIRFLOW__CORE__EXECUTOR=MesosExecutor\n", fixed="AIRFLOW__CORE__EXECUTOR=MesosExecutor\n", path=".env"),
    ),
)

BACKEND_KWARGS_NOT_JSON = Rule(
    code="AUL407",
    name="invalid-backend-kwargs",
    summary="`[secrets] backend_kwargs` that is not a JSON object",
    fix=FixAvailability.NEVER,
    doc="""
    ## What it does
    Checks that `[secrets] backend_kwargs` is a JSON object, and names the JSON error and its
    position when it is not.

    ## Why is this bad?
    Airflow reads it with `json.loads`; when that fails or gives no object it logs a warning
    and starts the secrets backend with no arguments, so connections and variables are looked
    up under the default prefixes, or not found at all.

    ## Example
    ```ini
    [secrets]
    backend_kwargs = {'connections_prefix': 'airflow/connections'}
    ```

    Use instead:
    ```ini
    [secrets]
    backend_kwargs = {"connections_prefix": "airflow/connections"}
    ```

    ## Fix safety
    No fix: the value has to be rewritten as JSON by hand, with the keys the backend takes.
    """,
    examples=(
        Example(
            "[secrets]\nbackend_kwargs = {'connections_prefix': 'airflow/connections'}\n",
            fixed="[secrets]\nbackend_kwargs = {'connections_prefix': 'airflow/connections'}\n",
            path=CFG,
        ),
        Example(
            '[secrets]\nbackend_kwargs = ["airflow/connections"]\n',
            fixed='[secrets]\nbackend_kwargs = ["airflow/connections"]\n',
            path=CFG,
        ),
        Example('[secrets]\nbackend_kwargs = {"connections_prefix": "airflow/connections"}\n', path=CFG),
        Example(
            "environment:\n  AIRFLOW__SECRETS__BACKEND_KWARGS: \"{'connections_prefix': 'airflow/connections'}\"\n",
            fixed="environment:\n  AIRFLOW__SECRETS__BACKEND_KWARGS: \"{'connections_prefix': 'airflow/connections'}\"\n",
            path="docker-compose.yml",
        ),
        Example(
            'mwaa.update_environment(Name="prod", AirflowConfigurationOptions={"secrets.backend_kwargs": \'{"connections_prefix": "c"}\'})\n',
            path="scripts/update_mwaa.py",
        ),
    ),
)

RULES = (
    RENAMED_OPTION,
    REMOVED_OPTION,
    MOVED_CLASS_PATH,
    DEPRECATED_VALUE,
    EXECUTOR_PLUGIN_NAME,
    MESOS_EXECUTOR,
    BACKEND_KWARGS_NOT_JSON,
)
