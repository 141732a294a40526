"""`migrate-plugins` end to end, on small projects: the modules that define registered operators,
sensors and hooks move from the plugins (folder or plugins.zip) into a package under the DAGs
folder, every import of them is rewritten, and the plugin keeps only what Airflow 2 still loads
from plugins. Refusals and failed runs leave the tree exactly as it was.
"""

from __future__ import annotations

import os
import stat
import textwrap
import zipfile
from pathlib import Path

import pytest

from airflow_upgrade_lint import migration
from airflow_upgrade_lint.module_renames import rename_modules
from test_cli import lint
from test_project import write

# A folder plugin whose operator, sensor and hook live in the `ops` package beside it, and a
# macro of its own; `ops.healthcheck` reaches the hook by a relative import.
OPS_PLUGIN = """
from airflow.plugins_manager import AirflowPlugin
from ops.healthcheck import HealthcheckOperator
from ops.hooks import ServiceHook
from ops.sensors.service import ServiceSensor


def days_left(ds):
    return ds


class OpsPlugin(AirflowPlugin):
    name = "ops_plugin"
    operators = [HealthcheckOperator]
    sensors = [ServiceSensor]
    hooks = [ServiceHook]
    macros = [days_left]
"""
OPS_PLUGIN_MIGRATED = """
from airflow.plugins_manager import AirflowPlugin
from {package}.ops.hooks import ServiceHook


def days_left(ds):
    return ds


class OpsPlugin(AirflowPlugin):
    name = "ops_plugin"
    hooks = [ServiceHook]
    macros = [days_left]
"""
HEALTHCHECK = """
from airflow.models import BaseOperator

from .hooks import ServiceHook


class HealthcheckOperator(BaseOperator):
    def execute(self, context):
        return ServiceHook().ping()
"""
HOOKS = "class ServiceHook:\n    def ping(self):\n        return True\n"
SERVICE_SENSOR = "class ServiceSensor:\n    pass\n"
OPS_PACKAGE = {
    "ops/__init__.py": "",
    "ops/healthcheck.py": HEALTHCHECK,
    "ops/hooks.py": HOOKS,
    "ops/sensors/__init__.py": "",
    "ops/sensors/service.py": SERVICE_SENSOR,
}

# DAGs importing the classes every way a 1.10 project does, already through `ops`, or not at all.
NAMESPACE_DAG = """
from airflow.operators.ops_plugin import HealthcheckOperator
import airflow.sensors.ops_plugin as s
from airflow.operators import ServiceSensor

check = HealthcheckOperator(task_id="check")
wait = s.ServiceSensor(task_id="wait")
also = ServiceSensor(task_id="also")
"""
DIRECT_DAG = """
import ops.healthcheck
from ops.healthcheck import HealthcheckOperator

first = ops.healthcheck.HealthcheckOperator(task_id="first")
second = HealthcheckOperator(task_id="second")
"""
OTHER_DAG = "from airflow.operators.bash import BashOperator\n"
DAGS = {"dags/health.py": NAMESPACE_DAG, "dags/direct.py": DIRECT_DAG, "dags/other.py": OTHER_DAG}


def dedented(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


def migrated_project(package: str = "plugin_code") -> dict[str, str]:
    """Every file of `ops_project` after its migration to `package`."""
    folder = package.replace(".", "/")
    dags = {
        "dags/health.py": f"""
            from {package}.ops.healthcheck import HealthcheckOperator
            import {package}.ops.sensors.service as s
            from {package}.ops.sensors.service import ServiceSensor

            check = HealthcheckOperator(task_id="check")
            wait = s.ServiceSensor(task_id="wait")
            also = ServiceSensor(task_id="also")
            """,
        "dags/direct.py": f"""
            import {package}.ops.healthcheck
            from {package}.ops.healthcheck import HealthcheckOperator

            first = {package}.ops.healthcheck.HealthcheckOperator(task_id="first")
            second = HealthcheckOperator(task_id="second")
            """,
        "dags/other.py": OTHER_DAG,
        f"dags/{folder}/__init__.py": "",
        **{f"dags/{folder}/{name}": text for name, text in OPS_PACKAGE.items()},
        "plugins/ops_plugin.py": OPS_PLUGIN_MIGRATED.format(package=package),
    }
    return {"dags/.airflowignore": f"{folder}/\n", **{name: dedented(text) for name, text in dags.items()}}


def ops_project(root: Path) -> None:
    write(
        root,
        {
            "plugins/ops_plugin.py": OPS_PLUGIN,
            **{f"plugins/{name}": text for name, text in OPS_PACKAGE.items()},
            **DAGS,
        },
    )


def zipped_ops_project(root: Path) -> None:
    """The same plugin in plugins.zip, as zip tools write it: folder entries, a non-Python member."""
    with zipfile.ZipFile(root / "plugins.zip", "w") as archive:
        archive.writestr("README.txt", "ops team plugins\n")
        archive.writestr("ops_plugin.py", dedented(OPS_PLUGIN))
        archive.mkdir("ops")
        archive.mkdir("ops/sensors")
        for name, text in OPS_PACKAGE.items():
            archive.writestr(name, dedented(text))
    write(root, DAGS)


def files(root: Path) -> dict[str, str]:
    """Every file under `root` (posix path relative to it) with its text."""
    return {
        path.relative_to(root).as_posix(): path.read_text() for path in sorted(root.rglob("*")) if path.is_file()
    }


def snapshot(root: Path) -> dict[str, tuple[int, bytes | None]]:
    """Every file and folder under `root` with its mode and content (None for a folder)."""
    found = {}
    for path in root.rglob("*"):
        mode = stat.S_IMODE(path.lstat().st_mode)
        found[path.relative_to(root).as_posix()] = (mode, None if path.is_dir() else path.read_bytes())
    return found


# The migration of a folder plugin


def test_folder_plugin_code_moves_under_the_dags_folder_and_every_import_follows(project):
    ops_project(project)
    (project / "plugins/ops/__pycache__").mkdir()  # left by an Airflow that ran the plugin
    (project / "plugins/ops/__pycache__/hooks.cpython-311.pyc").write_bytes(b"\x00")

    result = lint("migrate-plugins")

    assert (result.exit_code, result.stderr) == (0, "Moved 5 modules to plugin_code, rewrote 3 files.\n")
    assert files(project) == migrated_project()
    assert sorted(path.name for path in (project / "plugins").iterdir()) == ["ops_plugin.py"]


def test_an_existing_airflowignore_gets_the_package_appended_once(project):
    ops_project(project)
    (project / "dags/.airflowignore").write_text("scratch/")  # no final newline
    assert lint("migrate-plugins").exit_code == 0
    assert (project / "dags/.airflowignore").read_text() == "scratch/\nplugin_code/\n"


def test_an_airflowignore_that_already_ignores_the_package_is_left_alone(project):
    ops_project(project)
    (project / "dags/.airflowignore").write_text("plugin_code/\nscratch/\n")
    assert lint("migrate-plugins").exit_code == 0
    assert (project / "dags/.airflowignore").read_text() == "plugin_code/\nscratch/\n"


def test_a_second_run_finds_nothing_to_migrate(project):
    ops_project(project)
    assert lint("migrate-plugins").exit_code == 0
    migrated = snapshot(project)

    result = lint("migrate-plugins")

    assert result.exit_code == 0
    assert result.stderr == "Nothing to migrate: no plugin registers operators, sensors or hooks defined in the plugins.\n"
    assert snapshot(project) == migrated


@pytest.mark.parametrize(
    "plugin_files",
    [
        {},  # no plugins at all
        {  # a plugin that registers only what Airflow 2 still loads from plugins
            "plugins/macros_plugin.py": """
                from airflow.plugins_manager import AirflowPlugin


                def days_left(ds):
                    return ds


                class MacrosPlugin(AirflowPlugin):
                    name = "macros_plugin"
                    macros = [days_left]
                """
        },
    ],
    ids=["no-plugins", "macros-only"],
)
def test_nothing_to_migrate_exits_0_and_changes_nothing(project, plugin_files):
    write(project, {"dags/other.py": OTHER_DAG, **plugin_files})
    before = snapshot(project)
    result = lint("migrate-plugins")
    assert result.exit_code == 0
    assert result.stderr.startswith("Nothing to migrate: ")
    assert snapshot(project) == before


# The package's name


def test_package_flag_names_the_package(project):
    ops_project(project)
    assert lint("migrate-plugins", "--package", "custom_ops").exit_code == 0
    assert files(project) == migrated_project("custom_ops")


def test_config_key_names_the_package(project):
    ops_project(project)
    config = 'plugins-package = "shared_code"\n'
    (project / ".airflow-upgrade-lint.toml").write_text(config)
    result = lint("migrate-plugins")
    assert (result.exit_code, result.stderr) == (0, "Moved 5 modules to shared_code, rewrote 3 files.\n")
    assert files(project) == {".airflow-upgrade-lint.toml": config, **migrated_project("shared_code")}


def test_a_dotted_package_nests_folders_each_with_its_init(project):
    ops_project(project)
    assert lint("migrate-plugins", "--package", "team.shared").exit_code == 0
    assert files(project) == {"dags/team/__init__.py": "", **migrated_project("team.shared")}


@pytest.mark.parametrize(
    "args, config",
    [
        (["--package", "my-ops"], None),
        (["--package", "2ops"], None),
        ([], 'plugins-package = "my-ops"\n'),
    ],
    ids=["flag-with-dash", "flag-starting-with-digit", "config"],
)
def test_an_invalid_package_name_is_a_usage_error(project, args, config):
    ops_project(project)
    if config:
        (project / ".airflow-upgrade-lint.toml").write_text(config)
    before = snapshot(project)
    result = lint("migrate-plugins", *args)
    assert result.exit_code == 2
    assert "expected a Python package name" in result.stderr
    assert snapshot(project) == before


# plugins.zip


def test_zipped_plugin_code_comes_out_of_the_zip_which_keeps_the_plugin(project):
    zipped_ops_project(project)

    result = lint("migrate-plugins")

    assert (result.exit_code, result.stderr) == (0, "Moved 5 modules to plugin_code, rewrote 3 files.\n")
    migrated = migrated_project()
    assert files(project / "dags") == {name.removeprefix("dags/"): text for name, text in migrated.items() if name.startswith("dags/")}
    assert sorted(os.listdir(project)) == ["dags", "plugins.zip"]  # nothing left beside the zip
    with zipfile.ZipFile(project / "plugins.zip") as archive:
        assert archive.namelist() == ["README.txt", "ops_plugin.py"]  # the emptied folder entries went too
        assert archive.read("README.txt") == b"ops team plugins\n"
        assert archive.read("ops_plugin.py").decode() == migrated["plugins/ops_plugin.py"]


# --diff


def test_diff_shows_the_plan_exits_1_and_changes_nothing(project):
    ops_project(project)
    before = snapshot(project)

    result = lint("migrate-plugins", "--diff")

    assert result.exit_code == 1
    assert snapshot(project) == before
    headers = [line for line in result.stdout.splitlines() if line.startswith(("rename ", "new file ", "--- ", "+++ "))]
    assert headers == [
        "rename plugins/ops/__init__.py -> dags/plugin_code/ops/__init__.py",
        "rename plugins/ops/healthcheck.py -> dags/plugin_code/ops/healthcheck.py",
        "rename plugins/ops/hooks.py -> dags/plugin_code/ops/hooks.py",
        "rename plugins/ops/sensors/__init__.py -> dags/plugin_code/ops/sensors/__init__.py",
        "rename plugins/ops/sensors/service.py -> dags/plugin_code/ops/sensors/service.py",
        "--- a/dags/direct.py",
        "+++ b/dags/direct.py",
        "--- a/dags/health.py",
        "+++ b/dags/health.py",
        "--- a/plugins/ops_plugin.py",
        "+++ b/plugins/ops_plugin.py",
        "new file dags/plugin_code/__init__.py",
        "new file dags/.airflowignore",
        "--- /dev/null",
        "+++ b/dags/.airflowignore",
    ]
    for change in (
        "-from airflow.operators.ops_plugin import HealthcheckOperator",
        "+from plugin_code.ops.healthcheck import HealthcheckOperator",
        "+first = plugin_code.ops.healthcheck.HealthcheckOperator(task_id=\"first\")",
        "-    operators = [HealthcheckOperator]",
        "+from plugin_code.ops.hooks import ServiceHook",
        "+plugin_code/",
    ):
        assert change in result.stdout.splitlines()


# Refusals: nothing is written


def _existing_destination(root: Path) -> None:
    ops_project(root)
    write(root, {"dags/plugin_code/ops/hooks.py": "class OtherHook:\n    pass\n"})


def _unresolvable_import(root: Path) -> None:
    ops_project(root)  # AUL302: the operator was never a sensor; its unsafe fix is not applied
    write(root, {"dags/wrong.py": "from airflow.sensors.ops_plugin import HealthcheckOperator\n"})


def _namespace_spanning_modules(root: Path) -> None:
    ops_project(root)  # AUL301 without a fix: the namespace holds classes of two modules
    write(root, {"dags/spans.py": "from airflow.operators import ops_plugin\n\ncheck = ops_plugin.HealthcheckOperator()\n"})


def _plugin_inside_the_package(root: Path) -> None:
    ops_project(root)
    write(
        root,
        {
            "plugins/ops/macros_plugin.py": """
                from airflow.plugins_manager import AirflowPlugin


                class MacrosPlugin(AirflowPlugin):
                    name = "macros_plugin"
                """
        },
    )


def _plugin_defining_its_operator(root: Path) -> None:
    write(
        root,
        {
            "plugins/solo_plugin.py": """
                from airflow.models import BaseOperator
                from airflow.plugins_manager import AirflowPlugin


                class SoloOperator(BaseOperator):
                    pass


                class SoloPlugin(AirflowPlugin):
                    name = "solo_plugin"
                    operators = [SoloOperator]
                """,
            "dags/solo.py": "from airflow.operators.solo_plugin import SoloOperator\n",
        },
    )


def _no_dags_folder(root: Path) -> None:
    ops_project(root)
    for path in (root / "dags").iterdir():
        path.unlink()
    (root / "dags").rmdir()


MOVE_FIRST = "move the class to a module of its own first (Airflow 2 loads plugins from the plugins folder only)"


@pytest.mark.parametrize(
    "setup, reason",
    [
        pytest.param(
            _existing_destination,
            "dags/plugin_code/ops/hooks.py exists already; not overwritten",
            id="destination-exists",
        ),
        pytest.param(
            _unresolvable_import,
            "dags/wrong.py:1:40: AUL302 `HealthcheckOperator` is not registered as "
            "`airflow.sensors.ops_plugin.HealthcheckOperator` (plugin `ops_plugin` registers it as "
            "`airflow.operators.ops_plugin.HealthcheckOperator`); in Airflow 2 import it from `ops.healthcheck`",
            id="wrong-namespace",
        ),
        pytest.param(
            _namespace_spanning_modules,
            "dags/spans.py:1:31: AUL301 `airflow.operators.ops_plugin` is plugin `ops_plugin`'s 1.10 namespace, "
            "which Airflow 2 removed; import each class from its module",
            id="namespace-spanning-modules",
        ),
        pytest.param(
            _plugin_inside_the_package,
            "plugins/ops/macros_plugin.py: defines a plugin beside `HealthcheckOperator` of plugin `ops_plugin`; "
            + MOVE_FIRST,
            id="plugin-inside-package",
        ),
        pytest.param(
            _plugin_defining_its_operator,
            f"plugins/solo_plugin.py: defines a plugin beside `SoloOperator` of plugin `solo_plugin`; {MOVE_FIRST}",
            id="plugin-defines-operator",
        ),
        pytest.param(_no_dags_folder, "no DAGs folder found: set `dags-folder` in the config", id="no-dags"),
    ],
)
@pytest.mark.parametrize("diff", [False, True], ids=["run", "diff"])
def test_refusals_exit_1_and_change_nothing(project, setup, reason, diff):
    setup(project)
    before = snapshot(project)

    result = lint("migrate-plugins", *(["--diff"] if diff else []))

    assert (result.exit_code, result.stdout) == (1, "")
    assert result.stderr == f"error: {reason}\nNothing was changed.\n"
    assert snapshot(project) == before


def test_unsafe_fixes_resolve_a_wrong_namespace_import_instead_of_refusing(project):
    _unresolvable_import(project)
    result = lint("migrate-plugins", "--unsafe-fixes")
    assert (result.exit_code, result.stderr) == (0, "Moved 5 modules to plugin_code, rewrote 4 files.\n")
    assert files(project) == {
        "dags/wrong.py": "from plugin_code.ops.healthcheck import HealthcheckOperator\n",
        **migrated_project(),
    }


# A step that fails undoes what was written


def assert_undone(result, root: Path, before: dict) -> None:
    assert result.exit_code == 2
    assert result.stderr.startswith("error: migration undone: ")
    assert snapshot(root) == before  # contents, modes, and no folder left behind


def test_a_failed_rewrite_undoes_the_new_files_and_their_folders(project, monkeypatch):
    ops_project(project)
    before = snapshot(project)
    real = migration.write_atomically
    calls = []

    def disk_full_on_the_second_rewrite(path, data, mode=None):
        calls.append(path)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real(path, data, mode)

    monkeypatch.setattr(migration, "write_atomically", disk_full_on_the_second_rewrite)

    result = lint("migrate-plugins")

    assert "No space left on device" in result.stderr
    assert_undone(result, project, before)


def test_a_failed_removal_restores_the_removed_modules(project, monkeypatch):
    ops_project(project)
    before = snapshot(project)
    real = Path.unlink
    stuck = project / "plugins/ops/sensors/service.py"  # the last module removed

    def permission_denied(path, missing_ok=False):
        if path == stuck:
            raise PermissionError(13, "Permission denied", str(path))
        real(path, missing_ok)

    monkeypatch.setattr(Path, "unlink", permission_denied)

    assert_undone(lint("migrate-plugins"), project, before)


def test_a_failed_zip_rewrite_undoes_everything(project, monkeypatch):
    zipped_ops_project(project)
    before = snapshot(project)

    def failing(archive, members, undo):
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(migration, "_rewrite_zip", failing)

    assert_undone(lint("migrate-plugins"), project, before)


def test_a_zip_rewrite_failing_half_way_leaves_no_partial_archive(project, monkeypatch):
    zipped_ops_project(project)
    before = snapshot(project)
    real = zipfile.ZipFile.writestr

    def disk_full_after_the_first_member(archive, info, data, *args, **kwargs):
        if archive.filelist:
            raise OSError(28, "No space left on device")
        real(archive, info, data, *args, **kwargs)

    monkeypatch.setattr(zipfile.ZipFile, "writestr", disk_full_after_the_first_member)

    assert_undone(lint("migrate-plugins"), project, before)


def test_a_file_edited_after_the_plan_stops_the_run_before_anything_is_written(project, monkeypatch):
    ops_project(project)
    real = migration.apply

    def edit_then_apply(plan):
        (project / "dags/health.py").write_text("# edited meanwhile\n")
        real(plan)

    monkeypatch.setattr(migration, "apply", edit_then_apply)
    edited = {**snapshot(project), "dags/health.py": None}

    result = lint("migrate-plugins")

    assert (result.exit_code, result.stderr) == (
        2,
        "error: migration undone: dags/health.py changed since it was read; nothing written\n",
    )
    assert {**snapshot(project), "dags/health.py": None} == edited
    assert (project / "dags/health.py").read_text() == "# edited meanwhile\n"


# rename_modules


RENAMES = {"ops": "plugin_code.ops"}


@pytest.mark.parametrize(
    "source, expected",
    [
        (
            "import ops.hooks\n\nops.hooks.ServiceHook()\nops.sensors.ServiceSensor()\nprint(ops)\n",
            (
                "import plugin_code.ops.hooks\n\nplugin_code.ops.hooks.ServiceHook()\n"
                "plugin_code.ops.sensors.ServiceSensor()\nprint(plugin_code.ops)\n"
            ),
        ),
        ("import ops\n\nops.run()\n", "import plugin_code.ops\n\nplugin_code.ops.run()\n"),
        ("import ops.hooks as h\n\nh.ServiceHook()\n", "import plugin_code.ops.hooks as h\n\nh.ServiceHook()\n"),
        (
            "from ops import hooks\nfrom ops.hooks import ServiceHook as Hook\n",
            "from plugin_code.ops import hooks\nfrom plugin_code.ops.hooks import ServiceHook as Hook\n",
        ),
        (
            "def task():\n    import ops.hooks\n    return ops.hooks.ServiceHook()\n",
            "def task():\n    import plugin_code.ops.hooks\n    return plugin_code.ops.hooks.ServiceHook()\n",
        ),
        (  # a local `ops` is another name
            "import ops.hooks, os\n\ndef f():\n    ops = os.getcwd()\n    return ops\n",
            "import plugin_code.ops.hooks, os\n\ndef f():\n    ops = os.getcwd()\n    return ops\n",
        ),
        (  # the annotation string is left whole, not replaced by the module's path
            "import ops.hooks\n\ndef f(hook: 'ops.hooks.ServiceHook'):\n    return hook\n",
            "import plugin_code.ops.hooks\n\ndef f(hook: 'ops.hooks.ServiceHook'):\n    return hook\n",
        ),
    ],
    ids=["attribute-and-bare-uses", "package", "aliased", "from-imports", "function-scope", "shadowed", "string-annotation"],
)
def test_rename_modules_rewrites_imports_and_uses(source, expected):
    assert rename_modules(source.encode(), RENAMES).decode() == expected


@pytest.mark.parametrize(
    "source",
    [
        "from . import ops\nfrom .ops import hooks\nfrom ..ops.hooks import ServiceHook\n",
        "import opsx\nimport opsx.ops\nfrom opsx.hooks import Hook\n\nopsx.ops.run()\n",
        "import tools.ops\n\ntools.ops.run()\n",
    ],
    ids=["relative", "other-top-level", "ops-below-another-package"],
)
def test_rename_modules_leaves_other_modules_alone(source):
    assert rename_modules(source.encode(), RENAMES).decode() == source
