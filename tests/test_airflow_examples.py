"""The proof: fixed 1.10 DAGs load in real Apache Airflow 2.10.3 (MWAA's version and pins).

Two DAG sets are copied, fixed with `airflow-upgrade-lint --fix --unsafe-fixes --target-version
2.10.3`, and loaded in a DagBag by tests/dagbag_probe.py inside the virtualenv that
tests/airflow_runtime.py builds:

* the example DAGs shipped in the apache-airflow 1.10.15 wheel (`airflow/example_dags` and
  `airflow/contrib/example_dags`), downloaded once into the test cache, never committed;
* fixtures/mwaa-1.10.12, a hand-written MWAA 1.10.12 project.

An import error caused by a moved import must not survive the fix. Any other import error must
be listed in KNOWN_LIMITS (file -> cause), which README.md's "Known limits" section mirrors; a
listed limit that no longer occurs fails too, so the list stays honest. The unfixed copies are
loaded as well, to show these tests can fail.

How the examples are laid out: `<dags>/example_dags/` and `<dags>/contrib_example_dags/`, kept
byte for byte. Three of them import helpers through Airflow's own package
(`from airflow.example_dags.subdags.subdag import subdag`,
`from airflow.contrib.example_dags.libs.helper import print_stuff`). Left alone, the first would
reach the different subdag module that Airflow 2 ships and the second a package Airflow 2 no
longer has, so neither would test the copy. The probe is told to make those two package names
resolve to the copied folders (its --alias), the way 1.10 resolved them to the same files: the
linter sees and fixes the helpers, and the DAGs import the fixed helpers.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import subprocess
import sys
import tomllib
import zipfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from airflow_runtime import REPO_ROOT, download_wheel, run_dagbag

pytestmark = pytest.mark.airflow

TARGET = "2.10.3"
EXAMPLES_WHEEL = "apache-airflow==1.10.15"
FIXTURE = REPO_ROOT / "fixtures" / "mwaa-1.10.12"
# Wheel folder -> folder in the DAGs copy, and the package name the examples import it by.
EXAMPLE_TREES = {
    "airflow/example_dags/": ("example_dags", "airflow.example_dags"),
    "airflow/contrib/example_dags/": ("contrib_example_dags", "airflow.contrib.example_dags"),
}

# Import errors that remain after the fix, and why: file -> (regex over the traceback, cause).
# None is a moved import. README.md "## Known limits" lists the same files with the same causes.
KNOWN_LIMITS: dict[str, tuple[str, str]] = {
    "contrib_example_dags/example_qubole_operator.py": (
        r"No module named 'airflow\.(contrib\.operators\.qubole_operator|providers\.qubole)",
        "apache-airflow-providers-qubole is not pinned in the MWAA 2.10.3 constraints, so it cannot "
        "be installed; the linter reports the import (AUL103) and leaves it",
    ),
    "contrib_example_dags/example_qubole_sensor.py": (
        r"No module named 'airflow\.(contrib\.sensors\.qubole_sensor|providers\.qubole)",
        "as above: no Qubole provider for Airflow 2.10.3",
    ),
    "contrib_example_dags/example_gcp_dlp_operator.py": (
        r"TypeError: Left hand side \(<Task\(CloudDLPInspectContentOperator\)",
        "`a > b > c` (a bug in the example) was a silent comparison in 1.10 and set no dependency; "
        "in 2.x `>` declares lineage and raises. It should be `>>`",
    ),
    "contrib_example_dags/example_gcp_dataproc_pig_operator.py": (
        r"DefaultCredentialsError",
        "environment: the 2.x Dataproc operator resolves the GCP project id in its constructor, so "
        "parsing needs Google credentials (or an explicit `project_id=`)",
    ),
    "contrib_example_dags/example_gcp_natural_language.py": (
        r"No module named 'google\.cloud\.language_v1\.proto'",
        "third-party API change: google-cloud-language 2.x (pinned 2.15.0) has no `language_v1.proto`",
    ),
    "contrib_example_dags/example_gcp_vision.py": (
        r"cannot import name 'enums' from 'google\.cloud\.vision'",
        "third-party API change: google-cloud-vision 2.x+ (pinned 3.8.0) has no `enums`",
    ),
}

# What the linter does not do yet, so that the suite stays green meanwhile without hiding it:
# each entry must still occur (like KNOWN_LIMITS) and turns its test into an xfail that names it.
# Remove an entry when the linter handles the case.
EXAMPLE_LINTER_GAPS: dict[str, tuple[str, str]] = {}
# Classes reached through a deprecation shim after the fix: class path -> why.
EXAMPLE_SHIM_GAPS: dict[str, str] = {}
# The same for fixtures/mwaa-1.10.12: DAG file -> (regex, why), and file -> old imports left.
FIXTURE_LINTER_GAPS: dict[str, tuple[str, str]] = {}
FIXTURE_OLD_IMPORT_GAPS: dict[str, list[str]] = {}

# Example files that define no DAG of their own: package markers, helper modules, and the
# three Docker examples, whose code 1.10.15 ships commented out (inside a string).
NO_DAG_FILES = {
    "example_dags/__init__.py",
    "example_dags/subdags/__init__.py",
    "example_dags/subdags/subdag.py",
    "example_dags/docker_copy_data.py",
    "example_dags/example_docker_operator.py",
    "example_dags/example_docker_swarm_operator.py",
    "contrib_example_dags/__init__.py",
    "contrib_example_dags/libs/__init__.py",
    "contrib_example_dags/libs/helper.py",
}

# The DAGs of fixtures/mwaa-1.10.12, by file (ops_maintenance.py also builds two in a factory).
FIXTURE_DAGS = {
    "bigquery_marketing.py": {"bigquery_marketing"},
    "changed_apis.py": {"changed_apis", "changed_apis.cleanup"},
    "emr_clickstream.py": {"emr_clickstream"},
    "legacy_arguments.py": {"legacy_arguments"},
    "ops_maintenance.py": {"ops_maintenance", "cleanup_etl", "cleanup_reporting"},
    "provider_arguments.py": {"provider_arguments"},
    "s3_athena_reporting.py": {"s3_athena_reporting"},
    "warehouse_quality.py": {"warehouse_quality"},
}

# What the fixture tests read back from the loaded DAGs and tasks: what the fixed arguments became.
DAG_ATTRIBUTES = ("max_active_tasks", "default_view", "start_date")
TASK_ATTRIBUTES = (
    "trigger_rule", "max_active_tis_per_dag", "bash_command", "executor", "trigger_dag_id",
    "gcp_conn_id", "build", "request_filter", "project_id", "max_polling_attempts",
)  # fmt: skip
# Deprecation warnings the fixed fixture project may still cause: message regex -> why.
FIXTURE_WARNINGS_LEFT = {
    r"^The class `airflow\.providers\.google\.cloud\.operators\.bigquery\.BigQueryExecuteQueryOperator` is deprecated": (
        "its successor BigQueryInsertJobOperator takes a job configuration, not the query's "
        "arguments: a rewrite for a person (the import table keeps the class, see AUL102)"
    ),
    r"^This class is deprecated\. Please use `airflow\.utils\.task_group\.TaskGroup`": (
        "SubDagOperator is deprecated in favour of TaskGroup: a restructuring of the DAG, not an "
        "argument change; not rewritten"
    ),
}

# An Airflow 1.10 module path: anything under airflow.contrib, a `*_operator`/`*_sensor`/`*_hook`
# module (S3_hook too), or the removed airflow.operators.sensors module.
OLD_MODULE = re.compile(
    r"airflow\.contrib\b|airflow\.(?:operators|sensors|hooks)\.\w+_(?:operator|sensor|hook)\b"
    r"|airflow\.operators\.sensors\b"
)
# What an import statement may name only in 1.10: those modules, a class straight from the
# package (1.10's lazy `from airflow.operators import BashOperator`), and `from airflow import conf`.
OLD_IMPORT = re.compile(OLD_MODULE.pattern + r"|^airflow\.(?:operators|sensors|hooks)\.[A-Z]\w*$|^airflow\.conf$")
IMPORT_EXCEPTION = re.compile(r"^(?:\w+\.)*(ImportError|ModuleNotFoundError|AttributeError)\b")
AIRFLOW_MODULE = re.compile(r"['\"]airflow(?:\.\w+)*['\"]|\bairflow\.\w+")
# The warning Airflow 2 gives when a 1.10 path was resolved through its deprecation shim.
SHIM_WARNING = re.compile(r"The `(airflow\.[\w.]+)` class is deprecated")


# ---------------------------------------------------------------- helpers


def exception_line(traceback: str) -> str:
    """The `Type: message` line that ends a traceback."""
    lines = [line for line in traceback.strip().splitlines() if line.strip()]
    return lines[-1].strip() if lines else ""


def is_moved_import_error(traceback: str) -> bool:
    """An error a fix of the imports should have prevented.

    An ImportError, ModuleNotFoundError or AttributeError about an airflow module, or any error
    whose message names a 1.10 module path (airflow.contrib, `*_operator` and the like).
    """
    last = exception_line(traceback)
    if OLD_MODULE.search(last):
        return True
    return bool(IMPORT_EXCEPTION.match(last) and AIRFLOW_MODULE.search(last))


def classify(import_errors: dict[str, str], known: dict[str, tuple[str, str]]) -> dict[str, dict[str, str]]:
    """Sort import errors into known limits, moved-import errors and unexpected ones."""
    groups: dict[str, dict[str, str]] = {"known": {}, "moved": {}, "unexpected": {}}
    for path, traceback in sorted(import_errors.items()):
        limit = known.get(path)
        if limit and re.search(limit[0], traceback):
            groups["known"][path] = traceback
        elif is_moved_import_error(traceback):
            groups["moved"][path] = traceback
        else:
            groups["unexpected"][path] = traceback
    return groups


def matching(found: dict[str, str], table: dict[str, tuple[str, str]]) -> dict[str, str]:
    """The entries of `found` that `table` lists, with a cause regex that matches."""
    return {k: v for k, v in found.items() if k in table and re.search(table[k][0], v)}


def expect_only_gaps(found: dict[str, str], gaps: dict[str, tuple[str, str]], what: str) -> None:
    """Fail on anything found but not a listed gap, and on a gap that no longer occurs; then
    xfail while listed gaps remain, so that they show in every test report."""
    unexplained = {k: v for k, v in found.items() if k not in matching(found, gaps)}
    assert not unexplained, f"{what}:\n" + describe(unexplained)
    stale = sorted(set(gaps) - set(found))
    assert not stale, f"linter gaps that no longer occur (remove them from the table): {stale}"
    if found:
        pytest.xfail("linter gaps: " + "; ".join(f"{k}: {gaps[k][1]}" for k in sorted(found)))


def describe(errors: dict[str, str]) -> str:
    return "\n".join(f"  {path}: {exception_line(tb)}" for path, tb in sorted(errors.items()))


def extract_examples(wheel: Path, dest: Path) -> dict[str, Path]:
    """Unpack the example DAG trees of a 1.10 wheel; return {package name: folder}."""
    aliases = {}
    with zipfile.ZipFile(wheel) as archive:
        for prefix, (folder, package) in EXAMPLE_TREES.items():
            aliases[package] = dest / folder
            for name in archive.namelist():
                if name.startswith(prefix) and not name.endswith("/"):
                    target = dest / folder / name[len(prefix):]
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(archive.read(name))
    return aliases


def python_files(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*.py") if "__pycache__" not in p.parts)


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file's bytes, skipping caches the linter or Python may leave behind."""
    skip = {"__pycache__", ".airflow-upgrade-lint-cache"}
    return {
        str(p.relative_to(root)): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and not skip.intersection(p.relative_to(root).parts)
    }


def run_linter(path: Path) -> subprocess.CompletedProcess:
    """`python -m airflow_upgrade_lint --fix --unsafe-fixes` with the test run's Python."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(REPO_ROOT), os.environ.get("PYTHONPATH")])))
    cmd = [sys.executable, "-m", "airflow_upgrade_lint", "--fix", "--unsafe-fixes", "--target-version", TARGET, str(path)]
    done = subprocess.run(cmd, cwd=path.parent, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode in (0, 1), f"linter failed ({done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


def fix_twice(path: Path) -> tuple[subprocess.CompletedProcess, dict[str, bytes], dict[str, bytes]]:
    """Fix `path` twice; return the first run and the trees after each run."""
    first = run_linter(path)
    after_first = snapshot(path)
    run_linter(path)
    return first, after_first, snapshot(path)


def unparsable(root: Path) -> dict[str, str]:
    errors = {}
    for path in python_files(root):
        try:
            ast.parse(path.read_bytes(), filename=str(path))
        except SyntaxError as error:
            errors[str(path.relative_to(root))] = f"{error.msg} (line {error.lineno})"
    return errors


def changed(before: dict[str, bytes], after: dict[str, bytes]) -> list[str]:
    return sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))


def old_imports(root: Path) -> dict[str, list[str]]:
    """1.10 paths left in import statements, outside `except ImportError:` fallbacks."""
    found: dict[str, list[str]] = {}
    for path in python_files(root):
        tree = ast.parse(path.read_bytes())
        fallbacks = {
            id(node)
            for handler in ast.walk(tree)
            if isinstance(handler, ast.ExceptHandler)
            for node in ast.walk(handler)
        }
        for node in ast.walk(tree):
            if id(node) in fallbacks:
                continue
            for name in imported_paths(node):
                if OLD_IMPORT.search(name):
                    found.setdefault(str(path.relative_to(root)), []).append(f"line {node.lineno}: {name}")
    return found


def imported_paths(node: ast.AST) -> list[str]:
    """The dotted paths an import statement binds (`module.*` for a star import)."""
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    if isinstance(node, ast.ImportFrom) and node.module and not node.level:
        return [f"{node.module}.{alias.name}" for alias in node.names]
    return []


def shim_warnings(result: dict) -> list[str]:
    return sorted({m.group(1) for w in result["warnings"] for m in [SHIM_WARNING.search(w["message"])] if m})


def readme_known_limits() -> str:
    text = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    match = re.search(r"^## Known limits\n(.*?)(?=^## |\Z)", text, re.S | re.M)
    assert match, "README.md has no '## Known limits' section"
    return match.group(1)


# ---------------------------------------------------------------- fixtures


@pytest.fixture(scope="session")
def examples_wheel() -> Path:
    return download_wheel(EXAMPLES_WHEEL)


@pytest.fixture(scope="session")
def pristine_examples(tmp_path_factory, examples_wheel, airflow_venv):
    """(dags folder, aliases) of an untouched copy of the 1.10.15 example DAGs, loaded once."""
    dags = tmp_path_factory.mktemp("examples-unfixed") / "dags"
    aliases = extract_examples(examples_wheel, dags)
    return dags, aliases, run_dagbag(dags, aliases=aliases)


@pytest.fixture(scope="session")
def fixed_examples(tmp_path_factory, examples_wheel, airflow_venv):
    """The example DAGs after the fix: folder, snapshots, linter output and DagBag result."""
    dags = tmp_path_factory.mktemp("examples-fixed") / "dags"
    aliases = extract_examples(examples_wheel, dags)
    original = snapshot(dags)
    first, after_first, after_second = fix_twice(dags)
    return {
        "dags": dags,
        "original": original,
        "lint": first,
        "after_first": after_first,
        "after_second": after_second,
        "result": run_dagbag(dags, aliases=aliases),
    }


@pytest.fixture(scope="session")
def fixed_project(tmp_path_factory, airflow_venv):
    project = tmp_path_factory.mktemp("fixture-fixed") / FIXTURE.name
    shutil.copytree(FIXTURE, project)
    first, after_first, after_second = fix_twice(project)
    result = run_dagbag(project / "dags", project / "plugins", dag_attributes=DAG_ATTRIBUTES, task_attributes=TASK_ATTRIBUTES)
    return {"project": project, "lint": first, "after_first": after_first, "after_second": after_second, "result": result}


# ---------------------------------------------------------------- the 1.10.15 examples


def test_unfixed_examples_fail_on_moved_imports(pristine_examples):
    """Without the fix, Airflow 2 cannot import some examples: the test below can fail."""
    _, _, result = pristine_examples
    moved = classify(result["import_errors"], {})["moved"]
    assert moved, "expected import errors from 1.10 paths in the unfixed examples"
    assert "contrib_example_dags/example_emr_job_flow_manual_steps.py" in moved


def test_fixed_examples_parse(fixed_examples):
    assert unparsable(fixed_examples["dags"]) == {}


def test_fix_changes_the_examples(fixed_examples):
    assert changed(fixed_examples["original"], fixed_examples["after_first"]), fixed_examples["lint"].stdout[-3000:]


def test_fix_is_idempotent_on_examples(fixed_examples):
    assert changed(fixed_examples["after_first"], fixed_examples["after_second"]) == []


def test_fixed_examples_have_no_moved_import_errors(fixed_examples):
    groups = classify(fixed_examples["result"]["import_errors"], KNOWN_LIMITS)
    expect_only_gaps(groups["moved"], EXAMPLE_LINTER_GAPS, "import errors from moved imports remain")


def test_fixed_examples_have_no_unexpected_errors(fixed_examples):
    groups = classify(fixed_examples["result"]["import_errors"], KNOWN_LIMITS)
    assert not groups["unexpected"], "import errors not in KNOWN_LIMITS:\n" + describe(groups["unexpected"])


def test_known_limits_still_occur(fixed_examples):
    """A known limit that no longer happens must leave the list (and README.md)."""
    errors = fixed_examples["result"]["import_errors"]
    stale = sorted(
        path for path, (cause, _) in KNOWN_LIMITS.items() if not re.search(cause, errors.get(path, "\0"))
    )
    assert not stale, f"known limits that no longer occur (remove them here and in README.md): {stale}"


def test_every_fixed_example_defines_a_dag(fixed_examples):
    """Catches DAGs lost silently, e.g. an ImportError swallowed by a try/except in the file."""
    dags_folder = fixed_examples["dags"]
    result = fixed_examples["result"]
    with_dags = {info["file"] for info in result["dags"].values()}
    files = {str(p.relative_to(dags_folder)) for p in python_files(dags_folder)}
    missing = sorted(files - with_dags - set(result["import_errors"]) - NO_DAG_FILES)
    assert not missing, f"files that loaded without error but defined no DAG: {missing}"


def test_fixed_examples_use_no_deprecated_paths(fixed_examples):
    """Fixes write canonical Airflow 2 paths: no class is reached through a deprecation shim."""
    found = {path: path for path in shim_warnings(fixed_examples["result"])}
    gaps = {path: (re.escape(path), why) for path, why in EXAMPLE_SHIM_GAPS.items()}
    expect_only_gaps(found, gaps, "classes still imported through a deprecated 1.10 path")


def test_known_limits_are_in_readme():
    """README.md's table lists exactly KNOWN_LIMITS, each with its cause."""
    rows = re.findall(r"^\| `((?:contrib_)?example_dags/[\w/]+\.py)` \| (.+?) \|$", readme_known_limits(), re.M)
    assert {path for path, _ in rows} == set(KNOWN_LIMITS), "README.md '## Known limits' and KNOWN_LIMITS disagree"
    assert all(len(cause) > 20 for _, cause in rows)


# ---------------------------------------------------------------- fixtures/mwaa-1.10.12


def test_unfixed_fixture_project_fails(tmp_path, airflow_venv):
    project = tmp_path / FIXTURE.name
    shutil.copytree(FIXTURE, project)
    result = run_dagbag(project / "dags", project / "plugins")
    moved = classify(result["import_errors"], {})["moved"]
    assert moved, "the fixture project should not load unfixed in Airflow 2"


def test_fixture_project_loads(fixed_project):
    result = fixed_project["result"]
    assert result["plugin_import_errors"] == {}
    assert "ops_plugin" in result["plugins"]
    loaded = {dag_id: info["file"] for dag_id, info in result["dags"].items()}
    expected = {
        dag_id: file
        for file, dag_ids in FIXTURE_DAGS.items()
        if file not in result["import_errors"]
        for dag_id in dag_ids
    }
    assert loaded == expected
    expect_only_gaps(result["import_errors"], FIXTURE_LINTER_GAPS, "the fixed fixture project has import errors")


def test_fixed_fixture_tasks_carry_the_arguments_meant(fixed_project):
    """dag >> task attached the task, and xcom_push=False became do_xcom_push=False."""
    legacy = fixed_project["result"]["dags"]["legacy_arguments"]
    assert legacy["tasks"] == 2
    assert legacy["no_xcom_push"] == ["count_rows"]


def test_fixed_fixture_apis_keep_their_meaning(fixed_project):
    """changed_apis.py: each removed, renamed or deprecated argument did what 1.10 did."""
    dag = fixed_project["result"]["dags"]["changed_apis"]
    tasks = dag["task_attributes"]
    midnight = datetime.now(timezone.utc).replace(hour=0, minute=0, second=0, microsecond=0)
    assert datetime.fromisoformat(dag["attributes"].pop("start_date")) == midnight - timedelta(days=2)  # days_ago(2)
    assert dag["attributes"] == {"max_active_tasks": 4, "default_view": "grid"}  # concurrency=4, default_view="tree"
    assert set(tasks) == {"start", "list_landing", "window", "touch", "cleanup", "notify"}
    assert {task["max_active_tis_per_dag"] for task in tasks.values()} == {2}  # default_args task_concurrency
    assert tasks["window"]["bash_command"] == "echo {{ ds }} {{ ds }}"  # {{ end_date }}
    assert tasks["window"]["trigger_rule"] == "always"  # "dummy"
    assert tasks["touch"]["trigger_rule"] == "none_failed_min_one_success"  # TriggerRule.NONE_FAILED_OR_SKIPPED
    assert tasks["cleanup"]["executor"] is None  # SubDagOperator(executor=SequentialExecutor())
    assert tasks["notify"]["trigger_dag_id"] == "legacy_arguments"  # python_callable dropped (unsafe fix)
    assert dag["no_xcom_push"] == ["list_landing", "window"]  # 1.10 BashOperators pushed nothing


def test_fixed_fixture_provider_arguments_keep_their_values(fixed_project):
    tasks = fixed_project["result"]["dags"]["provider_arguments"]["task_attributes"]
    assert tasks["export"]["gcp_conn_id"] == "marketing_gcp"  # bigquery_conn_id
    assert tasks["build"]["build"]["steps"][0]["name"] == "gcr.io/cloud-builders/docker"  # body
    assert tasks["transfers"]["request_filter"]["project_id"] == "analytics-prod"  # filter
    assert tasks["topic"]["project_id"] == tasks["subscription"]["project_id"] == "analytics-prod"  # project, topic_project
    assert tasks["audit"]["max_polling_attempts"] == 10  # max_tries


def requirement_names(path: Path) -> set[str]:
    """The distributions a requirements file names (its requirement lines, not its options)."""
    lines = (line.split("#", 1)[0].strip() for line in path.read_text().splitlines())
    return {canonicalize_name(Requirement(line).name) for line in lines if line and not line.startswith("-")}


def test_fixed_fixture_requirements_install_the_providers_the_dags_import(fixed_project):
    """Every provider whose modules the fixed DAGs and plugins imported in the DagBag is either
    preinstalled on MWAA at the target or named by the fixed requirements.txt; and its
    constraints are the target's (MWAA's data, not the tool's tables)."""
    mwaa = tomllib.loads((REPO_ROOT.parent / "shared" / "data" / "mwaa" / "versions.toml").read_text())["versions"][TARGET]
    imported = set(fixed_project["result"]["provider_distributions"])
    assert imported, "the fixture's DAGs import providers: the probe must see them"
    installed = set(mwaa["preinstalled_providers"]) | requirement_names(fixed_project["project"] / "requirements.txt")
    assert imported <= installed, f"not installed on MWAA {TARGET}: {sorted(imported - installed)}"
    assert imported - set(mwaa["preinstalled_providers"]) - requirement_names(FIXTURE / "requirements.txt")  # can fail
    python = ".".join(mwaa["python"].split(".")[:2])
    url = f"https://raw.githubusercontent.com/apache/airflow/constraints-{TARGET}/constraints-{python}.txt"
    assert f'--constraint "{url}"' in (fixed_project["project"] / "requirements.txt").read_text().splitlines()


def test_fixed_fixture_causes_no_deprecation_warnings(fixed_project):
    """Airflow's own deprecation warnings for the fixture's DAG files: only the listed ones remain."""
    left = {
        f"{w['file']}:{w['line']}: {w['message']}"
        for w in fixed_project["result"]["warnings"]
        if w["category"] != "captured"  # the same warnings again, as Airflow >= 2.9 captures them per file
        and not w["file"].startswith("/")  # raised inside Airflow or a library, not by a DAG file
        and not any(re.search(pattern, w["message"]) for pattern in FIXTURE_WARNINGS_LEFT)
    }
    assert not left, "deprecation warnings left after the fix:\n" + "\n".join(sorted(left))
    seen = {pattern for pattern in FIXTURE_WARNINGS_LEFT for w in fixed_project["result"]["warnings"] if re.search(pattern, w["message"])}
    assert seen == set(FIXTURE_WARNINGS_LEFT), "a listed warning no longer occurs: remove it from FIXTURE_WARNINGS_LEFT"


def test_fixture_project_fix_is_idempotent_and_parses(fixed_project):
    assert changed(fixed_project["after_first"], fixed_project["after_second"]) == []
    assert unparsable(fixed_project["project"]) == {}


def test_fixture_project_has_no_old_imports_left(fixed_project):
    """Also the imports DagBag never runs: inside functions and under `if TYPE_CHECKING:`."""
    found = {path: "\n".join(lines) for path, lines in old_imports(fixed_project["project"]).items()}
    gaps = {path: ("^" + re.escape("\n".join(lines)) + "$", "star import not fixed") for path, lines in FIXTURE_OLD_IMPORT_GAPS.items()}
    expect_only_gaps(found, gaps, "1.10 import paths left after the fix")


def test_fixture_project_uses_no_deprecated_paths(fixed_project):
    assert shim_warnings(fixed_project["result"]) == []
