"""The first pass over the project: where DAGs and plugins are, every plugin in the plugins folder
and in plugins.zip with what it registers (each class traced to its defining module), and which
plugin namespaces the project still imports through.

What 1.10 exposed is taken from the apache-airflow 1.10.15 wheel: `plugins_manager.
make_deprecated_module` builds `airflow.operators.<name>` from the plugin's operators + sensors,
`airflow.sensors.<name>` from its sensors and `airflow.hooks.<name>` from its hooks, each class
keyed by its `__name__`; executors and macros become plain modules that 2.x still has; and
`airflow/{operators,sensors,hooks}/__init__.py` `_integrate_plugins` also put each class directly
in `airflow.operators` (etc.).
"""

from __future__ import annotations

import dataclasses
import io
import textwrap
import zipfile
from pathlib import Path

import pytest

from airflow_upgrade_lint import project as project_facts
from airflow_upgrade_lint import runner
from airflow_upgrade_lint.config import ConfigError, Vocabulary, resolve
from airflow_upgrade_lint.diagnostics import Diagnostic
from airflow_upgrade_lint.project import NAMESPACES, Layout, Plugin, Project, Registered, find_layout
from airflow_upgrade_lint.settings import Settings
from airflow_upgrade_lint.workspace import Workspace, collect

VOCABULARY = Vocabulary(frozenset({"AUL001", "AUL002"}), ("2.10.3",))

HEALTHCHECK = """
from airflow.models import BaseOperator


class HealthcheckOperator(BaseOperator):
    pass
"""


def write(root: Path, files: dict[str, str]) -> None:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"))


def zip_bytes(files: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:  # stored: member bytes appear as written
        for member, text in files.items():
            archive.writestr(member, textwrap.dedent(text).lstrip("\n"))
    return buffer.getvalue()


def plugin(imports: str, registries: str = "operators = [HealthcheckOperator]", name: str = "ops_plugin") -> str:
    """A plugin module: the AirflowPlugin import on line 1, `imports` on line 2, the class on
    line 5 and its `name` on line 6, the registries from line 7."""
    body = textwrap.indent(textwrap.dedent(registries).strip(), "    ")
    return (
        f"from airflow.plugins_manager import AirflowPlugin\n{textwrap.dedent(imports).strip()}\n\n\n"
        f"class OpsPlugin(AirflowPlugin):\n    name = {name!r}\n{body}\n"
    )


def settings_for(root: Path, *paths: str, **options) -> Settings:
    return Settings(paths=tuple(root / path for path in paths or ("dags",)), project_root=root, **options)


def build(root: Path, *paths: str, **options) -> Project:
    settings = settings_for(root, *paths, **options)
    return project_facts.build(settings, collect(settings))


def registered(root: Path) -> tuple[Registered, ...]:
    (found,) = build(root).plugins
    return found.registered


# Tracing each registered class to the module that defines it


def test_plugin_registering_a_class_from_a_sibling_module(project):
    write(
        project,
        {
            "plugins/ops/__init__.py": "",
            "plugins/ops/healthcheck.py": HEALTHCHECK,
            "plugins/ops_plugin.py": plugin("from ops.healthcheck import HealthcheckOperator"),
        },
    )
    built = build(project)
    assert built.plugins == (
        Plugin(
            name="ops_plugin",
            class_name="OpsPlugin",
            display="plugins/ops_plugin.py",
            module="ops_plugin",
            line=5,
            registered=(Registered("operators", "HealthcheckOperator", "ops.healthcheck", 7),),
        ),
    )
    assert built.layout == Layout(project / "dags", (project / "plugins",))
    assert built.modules == {"ops", "ops.healthcheck", "ops_plugin"}
    assert built.problems == ()


def test_class_re_exported_by_a_package_is_traced_to_its_defining_module(project):
    write(
        project,
        {
            "plugins/ops/__init__.py": "from .healthcheck import HealthcheckOperator\n",
            "plugins/ops/healthcheck.py": HEALTHCHECK,
            "plugins/ops_plugin.py": plugin("from ops import HealthcheckOperator"),
        },
    )
    assert registered(project) == (Registered("operators", "HealthcheckOperator", "ops.healthcheck", 7),)


def test_relative_imports_in_a_package_plugin(project):
    write(
        project,
        {
            "plugins/ops_plugin/__init__.py": plugin(
                "from .healthcheck import HealthcheckOperator\nfrom . import sensors",
                "operators = [HealthcheckOperator]\nsensors = [sensors.QueueSensor]",
            ),
            "plugins/ops_plugin/healthcheck.py": HEALTHCHECK,
            "plugins/ops_plugin/sensors.py": "class QueueSensor:\n    pass\n",
        },
    )
    (found,) = build(project).plugins
    assert (found.display, found.module) == ("plugins/ops_plugin/__init__.py", "ops_plugin")
    assert found.registered == (
        Registered("operators", "HealthcheckOperator", "ops_plugin.healthcheck", 8),
        Registered("sensors", "QueueSensor", "ops_plugin.sensors", 9),
    )


def test_module_imported_under_an_alias_and_its_attribute_registered(project):
    write(
        project,
        {
            "plugins/ops/__init__.py": "",
            "plugins/ops/healthcheck.py": HEALTHCHECK,
            "plugins/ops_plugin.py": plugin("import ops.healthcheck as h", "operators = [h.HealthcheckOperator]"),
        },
    )
    assert registered(project) == (Registered("operators", "HealthcheckOperator", "ops.healthcheck", 7),)


def test_class_defined_in_the_plugin_file_itself(project):
    write(
        project,
        {
            "plugins/ops_plugin.py": plugin(
                "from airflow.models import BaseOperator\n\n\nclass HealthcheckOperator(BaseOperator):\n    pass"
            ),
        },
    )
    (found,) = build(project).plugins
    assert found.line == 9
    assert found.registered == (Registered("operators", "HealthcheckOperator", "ops_plugin", 11),)


def test_classes_from_outside_the_plugins_keep_the_module_they_are_imported_from(project):
    write(
        project,
        {
            "plugins/ops_plugin.py": plugin(
                "from airflow.operators.bash_operator import BashOperator\nimport vendor_sdk",
                "operators = [BashOperator, vendor_sdk.tasks.SyncOperator, Unknown]",
            ),
        },
    )
    assert registered(project) == (
        Registered("operators", "BashOperator", "airflow.operators.bash_operator", 8),
        Registered("operators", "SyncOperator", "vendor_sdk.tasks", 8),
        Registered("operators", "Unknown", None, 8),  # neither imported nor defined: untraced
    )


def test_an_alias_is_exposed_by_the_class_own_name(project):
    # 1.10 keyed the namespace by `__name__`: `from x import Foo as Bar; operators = [Bar]`
    # made `airflow.operators.ops_plugin.Foo`, never `.Bar`
    write(
        project,
        {
            "plugins/ops/__init__.py": "",
            "plugins/ops/healthcheck.py": HEALTHCHECK,
            "plugins/ops_plugin.py": plugin(
                "from ops.healthcheck import HealthcheckOperator as Check\n"
                "from vendor_sdk.tasks import Sync as VendorSync",
                "operators = [Check, VendorSync]",
            ),
        },
    )
    (found,) = build(project).plugins
    assert found.registered == (
        Registered("operators", "HealthcheckOperator", "ops.healthcheck", 8),
        Registered("operators", "Sync", "vendor_sdk.tasks", 8),
    )
    assert set(found.exposed("operators")) == {"HealthcheckOperator", "Sync"}


# plugins.zip, read in place


def test_plugin_in_a_zip_is_found_and_the_zip_never_extracted(project):
    (project / "plugins.zip").write_bytes(
        zip_bytes(
            {
                "ops/__init__.py": "",
                "ops/healthcheck.py": HEALTHCHECK,
                "ops_plugin.py": plugin("from ops.healthcheck import HealthcheckOperator"),
                "README.txt": "not a module",
            }
        )
    )
    before = sorted(project.rglob("*"))
    built = build(project)
    assert sorted(project.rglob("*")) == before
    assert built.layout == Layout(project / "dags", (project / "plugins.zip",))
    assert built.plugins == (
        Plugin(
            "ops_plugin",
            "OpsPlugin",
            "plugins.zip/ops_plugin.py",
            "ops_plugin",
            5,
            (Registered("operators", "HealthcheckOperator", "ops.healthcheck", 7),),
        ),
    )
    assert built.modules == {"ops", "ops.healthcheck", "ops_plugin"}
    assert built.problems == ()


def _damaged_member(archive: bytes) -> bytes:
    return archive.replace(b"class HealthcheckOperator", b"class HealthcheckOperatoX")  # CRC no longer matches


def _damaged_directory(archive: bytes) -> bytes:
    return archive.replace(b"PK\x01\x02", b"PK\x00\x00")  # the end record still says "zip"


@pytest.mark.parametrize(
    ("damage", "path", "reason"),
    [
        (lambda archive: b"garbage" * 10, "plugins.zip", "plugins.zip as plugins: not a folder or a zip archive"),
        (_damaged_directory, "plugins.zip", "plugins.zip: Bad magic number for central directory"),
        (_damaged_member, "plugins.zip/ops/healthcheck.py", "plugins.zip/ops/healthcheck.py: Bad CRC-32"),
    ],
    ids=["not-a-zip", "bad-directory", "bad-member"],
)
def test_corrupt_zip_is_reported_and_the_run_goes_on(project, damage, path, reason):
    archive = zip_bytes({"ops/__init__.py": "", "ops/healthcheck.py": HEALTHCHECK})
    (project / "plugins.zip").write_bytes(damage(archive))
    write(project, {"plugins/ops_plugin.py": plugin("from ops.healthcheck import HealthcheckOperator")})
    built = build(project)
    (problem,) = built.problems
    assert (problem.path, problem.line, problem.code) == (path, 1, "AUL002")
    assert problem.message.startswith(f"Cannot read {reason}")
    assert [found.display for found in built.plugins] == ["plugins/ops_plugin.py"]


def test_the_plugins_folder_wins_over_the_zip_for_a_module_in_both(project):
    # both are on sys.path, the folder first
    write(project, {"plugins/ops_plugin.py": plugin("from ops.healthcheck import HealthcheckOperator")})
    (project / "plugins.zip").write_bytes(zip_bytes({"ops_plugin.py": plugin("", "operators = []", name="other")}))
    found = [(each.name, each.display) for each in build(project).plugins]
    assert found == [("ops_plugin", "plugins/ops_plugin.py")]


# Several plugins


def test_two_plugins_registering_the_same_class_name_from_different_modules(project):
    sync = "class SyncOperator:\n    pass\n"
    write(
        project,
        {
            "plugins/a_ops.py": sync,
            "plugins/b_ops.py": sync,
            "plugins/a_plugin.py": plugin("from a_ops import SyncOperator", "operators = [SyncOperator]", "a"),
            "plugins/b_plugin.py": plugin("from b_ops import SyncOperator", "operators = [SyncOperator]", "b"),
        },
    )
    built = build(project)
    a, b = built.plugins
    assert (a.name, a.display, b.name, b.display) == ("a", "plugins/a_plugin.py", "b", "plugins/b_plugin.py")
    assert built.exposing("operators", "SyncOperator") == [
        (a, Registered("operators", "SyncOperator", "a_ops", 7)),
        (b, Registered("operators", "SyncOperator", "b_ops", 7)),
    ]
    assert built.named("a") == [a]
    assert built.named("b") == [b]
    assert built.named("ops_plugin") == []


# Plugin modules that do not parse


BROKEN = "import os\nprint 'starting'\n"  # Python 2: line 2
BASH_PLUGIN = plugin("from airflow.operators.bash_operator import BashOperator", "operators = [BashOperator]")


def test_unparsable_plugin_module_outside_the_checked_paths_is_reported(project):
    write(
        project,
        {
            "plugins/broken.py": BROKEN,
            "plugins/ops_plugin.py": BASH_PLUGIN,
        },
    )
    built = build(project, "dags")
    (problem,) = built.problems
    assert (problem.path, problem.line, problem.code) == ("plugins/broken.py", 2, "AUL001")
    assert problem.message.endswith("(plugin module not analysed)")
    assert [found.name for found in built.plugins] == ["ops_plugin"]


def test_unparsable_member_of_the_zip_is_always_reported(project):
    write(project, {"plugins/ops_plugin.py": BASH_PLUGIN})
    (project / "plugins.zip").write_bytes(zip_bytes({"legacy/broken.py": BROKEN}))
    built = build(project, ".")  # everything checked: the zip's members never are
    assert [(p.path, p.line, p.code) for p in built.problems] == [("plugins.zip/legacy/broken.py", 2, "AUL001")]
    assert [found.name for found in built.plugins] == ["ops_plugin"]


@pytest.mark.parametrize("checked", ["plugins", "plugins/broken.py", "."])
def test_unparsable_plugin_module_among_the_checked_paths_is_left_to_the_engine(project, checked):
    write(
        project,
        {
            "plugins/broken.py": BROKEN,
            "plugins/ops_plugin.py": BASH_PLUGIN,
        },
    )
    built = build(project, checked)
    assert built.problems == ()
    assert [found.name for found in built.plugins] == ["ops_plugin"]


def test_unparsable_checked_plugin_module_is_reported_once_in_a_run(project):
    write(project, {"plugins/broken.py": BROKEN, "plugins/ops_plugin.py": BASH_PLUGIN})
    for checked in ("plugins", "dags"):
        settings = settings_for(project, checked, cache=False, target_version="2.10.3")
        reports = runner.run(collect(settings), settings)
        syntax_errors = [(d.path, d.line) for r in reports for d in r.diagnostics if d.code == "AUL001"]
        assert syntax_errors == [("plugins/broken.py", 2)], checked  # by the engine, else by the project


# What each registry exposed


def test_sensors_are_exposed_as_operators_too_hooks_only_as_hooks(project):
    write(
        project,
        {
            "plugins/ops_plugin.py": plugin(
                "from ops import HealthcheckOperator, QueueSensor, ApiHook, LocalExecutor2, days_ago2",
                """
                operators = [HealthcheckOperator]
                sensors = [QueueSensor]
                hooks = [ApiHook]
                executors = [LocalExecutor2]
                macros = [days_ago2]
                """,
            ),
        },
    )
    built = build(project)
    (found,) = built.plugins
    assert set(NAMESPACES) == {"operators", "sensors", "hooks"}
    assert set(found.exposed("operators")) == {"HealthcheckOperator", "QueueSensor"}
    assert set(found.exposed("sensors")) == {"QueueSensor"}
    assert set(found.exposed("hooks")) == {"ApiHook"}
    for namespace in ("executors", "macros"):
        assert found.exposed(namespace) == {}
    assert [r.registry for r in found.registered] == ["operators", "sensors", "hooks", "executors", "macros"]
    assert built.exposing("operators", "QueueSensor") == [(found, Registered("sensors", "QueueSensor", "ops", 8))]
    assert built.exposing("hooks", "QueueSensor") == []
    assert built.exposing("executors", "LocalExecutor2") == []
    assert built.exposing("macros", "days_ago2") == []


# Which plugin namespaces the project imports through

OPS_PLUGIN = plugin(
    "from ops import HealthcheckOperator, QueueSensor, ApiHook",
    "operators = [HealthcheckOperator]\nsensors = [QueueSensor]\nhooks = [ApiHook]",
)


@pytest.mark.parametrize(
    ("dag", "expected"),
    [
        ("from airflow.operators.ops_plugin import HealthcheckOperator", {("operators", "ops_plugin")}),
        ("from airflow.operators.ops_plugin import QueueSensor", {("operators", "ops_plugin")}),
        ("import airflow.sensors.ops_plugin", {("sensors", "ops_plugin")}),
        ("import airflow.hooks.ops_plugin as plugin_hooks", {("hooks", "ops_plugin")}),
        ("from airflow.hooks import ops_plugin", {("hooks", "ops_plugin")}),
        ("from airflow.operators import HealthcheckOperator", {("operators", "ops_plugin")}),
        ("from airflow.operators import QueueSensor", {("operators", "ops_plugin")}),
        ("from airflow.sensors import QueueSensor", {("sensors", "ops_plugin")}),
        ("from airflow.hooks import ApiHook", {("hooks", "ops_plugin")}),
        ("def f():\n    from airflow.operators.ops_plugin import HealthcheckOperator", {("operators", "ops_plugin")}),
        ("# from airflow.operators.ops_plugin import HealthcheckOperator", set()),
        ('DOC = "from airflow.operators.ops_plugin import HealthcheckOperator"', set()),
        ("from airflow.operators.other_plugin import HealthcheckOperator", set()),
        ("from airflow.sensors import HealthcheckOperator", set()),  # an operator, not a sensor
        ("from airflow.hooks import HealthcheckOperator", set()),
        ("from airflow.operators.bash_operator import BashOperator", set()),
    ],
)
def test_imported_through(project, dag, expected):
    write(project, {"plugins/ops_plugin.py": OPS_PLUGIN, "dags/etl.py": dag + "\n"})
    assert build(project).imported_through == expected


def test_imported_through_in_dag_files_outside_the_checked_paths(project):
    write(
        project,
        {
            "plugins/ops_plugin.py": OPS_PLUGIN,
            "dags/legacy/etl.py": "from airflow.sensors.ops_plugin import QueueSensor\n",
            "scripts/tool.py": "from airflow.hooks.ops_plugin import ApiHook\n",  # neither checked nor a DAG
        },
    )
    assert build(project, "plugins").imported_through == {("sensors", "ops_plugin")}
    assert build(project, "plugins", "scripts").imported_through == {("sensors", "ops_plugin"), ("hooks", "ops_plugin")}


def test_imported_through_in_the_plugins_own_modules(project):
    write(
        project,
        {
            "plugins/ops_plugin.py": OPS_PLUGIN,
            "plugins/helpers.py": "from airflow.hooks.ops_plugin import ApiHook\n",
        },
    )
    assert build(project).imported_through == {("hooks", "ops_plugin")}


# Layout


@pytest.mark.parametrize("checked", ["dags", "dags/etl.py", ".", "plugins", "plugins/ops"])
def test_layout_is_found_from_mwaa_folders(project, checked):
    write(project, {"dags/etl.py": "", "plugins/ops/__init__.py": ""})
    (project / "plugins.zip").write_bytes(zip_bytes({}))
    expected = Layout(project / "dags", (project / "plugins", project / "plugins.zip"))
    assert find_layout(settings_for(project, checked)) == expected


def test_layout_with_only_a_plugins_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, {"plugins/ops_plugin.py": OPS_PLUGIN})
    assert find_layout(settings_for(tmp_path, "plugins")) == Layout(None, (tmp_path / "plugins",))


def configured(root: Path, toml: str, *paths: str) -> Settings:
    (root / ".airflow-upgrade-lint.toml").write_text(textwrap.dedent(toml))
    return resolve(tuple(root / path for path in paths or ("dags",)), {}, VOCABULARY)


def test_layout_set_by_the_config(project, monkeypatch):
    write(
        project,
        {
            "airflow/dags/etl.py": "from airflow.operators.ops_plugin import HealthcheckOperator\n",
            "airflow/plugins/ops_plugin.py": plugin("from ops.healthcheck import HealthcheckOperator"),
            "plugins/decoy_plugin.py": plugin("from ops.healthcheck import HealthcheckOperator", name="decoy"),
        },
    )
    (project / "dist").mkdir()
    (project / "dist/plugins.zip").write_bytes(zip_bytes({"ops/__init__.py": "", "ops/healthcheck.py": HEALTHCHECK}))
    monkeypatch.chdir(project / "airflow")  # relative to the config's folder, not the cwd
    settings = configured(
        project,
        """
        dags-folder = "airflow/dags"
        plugins = ["airflow/plugins", "dist/plugins.zip"]
        """,
        "airflow/plugins",
    )
    layout = Layout(project / "airflow/dags", (project / "airflow/plugins", project / "dist/plugins.zip"))
    assert find_layout(settings) == layout
    built = project_facts.build(settings, collect(settings))
    assert built.layout == layout
    assert [(found.name, found.registered) for found in built.plugins] == [
        ("ops_plugin", (Registered("operators", "HealthcheckOperator", "ops.healthcheck", 7),))
    ]
    assert built.imported_through == {("operators", "ops_plugin")}


def test_a_key_left_out_of_the_config_is_found_from_the_layout(project):
    write(project, {"plugins/ops_plugin.py": OPS_PLUGIN, "custom/ops_plugin.py": OPS_PLUGIN})
    only_plugins = configured(project, 'plugins = ["custom"]')
    assert find_layout(only_plugins) == Layout(project / "dags", (project / "custom",))
    only_dags = configured(project, 'dags-folder = "dags"')
    assert find_layout(only_dags) == Layout(project / "dags", (project / "plugins",))
    no_plugins = configured(project, "plugins = []")
    assert find_layout(no_plugins) == Layout(project / "dags", ())
    assert build(project, plugins=()).plugins == ()


@pytest.mark.parametrize(
    ("toml", "key"),
    [
        ("dags-folder = 3", "dags-folder"),
        ('dags-folder = ""', "dags-folder"),
        ('dags-folder = ["dags"]', "dags-folder"),
        ('plugins = "plugins"', "plugins"),
        ("plugins = [1]", "plugins"),
        ('plugins = [""]', "plugins"),
    ],
)
def test_bad_layout_values_are_rejected(project, toml, key):
    with pytest.raises(ConfigError, match=rf"^\.airflow-upgrade-lint\.toml: {key}: expected "):
        configured(project, toml)


def test_no_layout_found_gives_an_empty_project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    write(tmp_path, {"etl.py": "from airflow.operators.ops_plugin import HealthcheckOperator\n"})
    settings = settings_for(tmp_path, "etl.py")
    assert find_layout(settings) == Layout()
    assert project_facts.build(settings, collect(settings)) == Project()


# Determinism


def test_build_does_not_depend_on_the_order_of_the_files(project):
    write(
        project,
        {
            "plugins/ops/__init__.py": "from .healthcheck import HealthcheckOperator\n",
            "plugins/ops/healthcheck.py": HEALTHCHECK,
            "plugins/z_plugin.py": plugin("from ops import HealthcheckOperator", name="z"),
            "plugins/a_plugin.py": OPS_PLUGIN,
            "plugins/broken.py": BROKEN,
            "dags/a.py": "from airflow.operators.z import HealthcheckOperator\n",
            "dags/b.py": "import airflow.hooks.ops_plugin\n",
            "dags/c.py": "from airflow.sensors import QueueSensor\n",
        },
    )
    (project / "plugins.zip").write_bytes(zip_bytes({"legacy/broken.py": BROKEN, "zipped.py": OPS_PLUGIN}))
    settings = settings_for(project, "dags")
    workspace = collect(settings)
    reversed_workspace = Workspace(list(reversed(workspace.files)), workspace.unreadable)
    forward, backward = project_facts.build(settings, workspace), project_facts.build(settings, reversed_workspace)
    assert forward == backward
    assert forward.digest() == backward.digest()
    assert len(forward.plugins) == 3 and len(forward.problems) == 2
    assert forward.imported_through == {("operators", "z"), ("hooks", "ops_plugin"), ("sensors", "ops_plugin")}


def test_digest_changes_with_the_plugins(project):
    write(project, {"plugins/ops_plugin.py": OPS_PLUGIN})
    before = build(project)
    write(project, {"plugins/ops_plugin.py": plugin("from ops import HealthcheckOperator", name="renamed")})
    after = build(project)
    assert before.digest() != after.digest()
    assert dataclasses.replace(after, plugins=before.plugins).digest() == before.digest()


def test_problems_are_diagnostics_sorted_by_path(project):
    write(project, {"plugins/b.py": BROKEN, "plugins/a.py": BROKEN})
    (project / "plugins.zip").write_bytes(zip_bytes({"c.py": BROKEN}))
    problems = build(project).problems
    assert all(isinstance(problem, Diagnostic) for problem in problems)
    assert [problem.path for problem in problems] == ["plugins.zip/c.py", "plugins/a.py", "plugins/b.py"]
