"""Load a DAGs folder in a real Airflow 2 DagBag and write what happened as JSON.

Runs inside the Airflow virtualenv built by tests/airflow_runtime.py, never in the test process,
so it imports nothing from the repository or from pytest. The caller sets AIRFLOW_HOME,
AIRFLOW__CORE__DAGS_FOLDER and AIRFLOW__CORE__PLUGINS_FOLDER; Airflow puts both folders on
sys.path itself when it is imported, as it does in MWAA.

    python dagbag_probe.py --out result.json [--alias airflow.example_dags=/copy/example_dags]
        [--dag-attr max_active_tasks] [--task-attr trigger_rule]

--alias PACKAGE=DIR makes PACKAGE's submodules come from DIR. Airflow's own example DAGs import
their helper modules through the airflow package (`from airflow.example_dags.subdags.subdag
import subdag`); with the alias those imports reach the copy under test instead of the different
helper modules that Airflow 2 ships.

--dag-attr / --task-attr NAME record that attribute of every DAG / task that has it (as JSON, or
its str() when JSON cannot hold it), so a test can see what a fixed argument became.
"""

from __future__ import annotations

import argparse
import builtins
import importlib
import json
import os
import sys
import traceback
import types
import warnings


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", required=True, help="where to write the JSON result")
    parser.add_argument("--alias", action="append", default=[], metavar="PACKAGE=DIR")
    parser.add_argument("--no-init-db", action="store_true", help="skip creating the SQLite tables")
    parser.add_argument("--dag-attr", action="append", default=[], metavar="NAME")
    parser.add_argument("--task-attr", action="append", default=[], metavar="NAME")
    return parser.parse_args(argv)


def install_alias(package: str, directory: str) -> None:
    """Point `package`'s search path at `directory`, creating the package if Airflow lacks it."""
    parent_name, _, leaf = package.rpartition(".")
    try:
        module = importlib.import_module(package)
    except ImportError:
        module = types.ModuleType(package)
        sys.modules[package] = module
        if parent_name:
            setattr(importlib.import_module(parent_name), leaf, module)
    # Replace, not prepend: a module missing from the copy must fail, not fall back to Airflow's.
    module.__path__ = [directory]
    for name in [n for n in sys.modules if n.startswith(package + ".")]:
        del sys.modules[name]  # forget anything already imported from the old path


def init_db() -> None:
    """Create the metadata tables in the throwaway SQLite DB (from the ORM: no migrations).

    Parsing needs the DB only where an operator reads it in its constructor (SubDagOperator
    looks up its pool; Google operators read their connection for the project id). The default
    connections are loaded, as a stock `airflow db migrate` does.
    """
    from airflow.utils import db

    db.initdb(load_connections=True)


def relative(path: str, folder: str) -> str:
    """`path` relative to the DAGs folder when it is inside it, else unchanged."""
    inside = os.path.commonpath([os.path.abspath(path), os.path.abspath(folder)]) == os.path.abspath(folder)
    return os.path.relpath(path, folder) if inside else path


def warning_record(item: warnings.WarningMessage, folder: str) -> dict:
    return {
        "category": item.category.__name__,
        "message": str(item.message),
        "file": relative(item.filename, folder),
        "line": item.lineno,
    }


def load_plugins() -> tuple[list[str], dict[str, str], list[warnings.WarningMessage]]:
    """Load plugins the way a scheduler and webserver do; return names, errors and warnings."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        names, errors = _load_plugins()
    return names, errors, list(caught)


def _load_plugins() -> tuple[list[str], dict[str, str]]:
    from airflow import plugins_manager

    errors: dict[str, str] = {}
    steps = (
        "ensure_plugins_loaded",
        "integrate_macros_plugins",
        "initialize_extra_operators_links_plugins",
        "initialize_timetables_plugins",
        "initialize_web_ui_plugins",
    )
    for step in steps:
        try:
            getattr(plugins_manager, step)()
        except Exception:  # a broken plugin must be reported, not crash the probe
            errors[f"<{step}>"] = traceback.format_exc()
    errors.update({str(k): str(v) for k, v in (plugins_manager.import_errors or {}).items()})
    names = sorted(p.name for p in plugins_manager.plugins or [])
    return names, errors


def load_dagbag(folder: str) -> tuple[object, list[warnings.WarningMessage]]:
    from airflow.models.dagbag import DagBag

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        bag = DagBag(dag_folder=folder, include_examples=False, read_dags_from_db=False)
    return bag, list(caught)


def attributes(obj, names: list[str]) -> dict:
    """The named attributes `obj` has, JSON-ready."""
    found = {}
    for name in names:
        if hasattr(obj, name):
            value = getattr(obj, name)
            try:
                json.dumps(value)
            except (TypeError, ValueError):
                value = str(value)
            found[name] = value
    return found


def record_provider_imports(folders: list[str]) -> set[str]:
    """From now on, the `airflow.providers` modules that code under `folders` imports itself.

    What those modules or Airflow import in turn does not count: the providers installed in this
    virtualenv register plugins of their own, which MWAA would not have installed."""
    imported: set[str] = set()
    original = builtins.__import__
    roots = tuple(os.path.join(os.path.realpath(folder), "") for folder in folders)

    def recording(name, globals=None, locals=None, fromlist=(), level=0):
        module = original(name, globals, locals, fromlist, level)
        importer = os.path.realpath((globals or {}).get("__file__") or "/")
        if level == 0 and name.startswith("airflow.providers.") and importer.startswith(roots):
            imported.add(name)
        return module

    builtins.__import__ = recording
    return imported


def provider_distributions(modules: set[str]) -> list[str]:
    """The provider distributions that installed the named (imported) modules."""
    from importlib import metadata

    owner = {
        os.path.realpath(dist.locate_file(file)): dist.metadata["Name"]
        for dist in metadata.distributions()
        if (dist.metadata["Name"] or "").startswith("apache-airflow-providers-")
        for file in dist.files or ()
        if file.suffix == ".py"
    }
    paths = {os.path.realpath(getattr(sys.modules.get(name), "__file__", None) or name) for name in modules}
    return sorted({owner.get(path, f"<no provider installed {path}>") for path in paths})


def collect(bag, caught: list, folder: str, plugins: list[str], plugin_errors: dict, args) -> dict:
    import airflow

    dags = {
        dag_id: {
            "file": relative(dag.fileloc, folder),
            "tasks": len(dag.tasks),
            # tasks that push no XCom: shows a fixed `xcom_push=False` kept its meaning
            "no_xcom_push": sorted(task.task_id for task in dag.tasks if not task.do_xcom_push),
            "attributes": attributes(dag, args.dag_attr),
            "task_attributes": {task.task_id: attributes(task, args.task_attr) for task in dag.tasks},
        }
        for dag_id, dag in sorted(bag.dags.items())
    }
    records = [warning_record(w, folder) for w in caught]
    # Airflow >= 2.9 captures the warnings raised while importing each DAG file by itself.
    for path, messages in sorted(getattr(bag, "captured_warnings", {}).items()):
        records += [{"category": "captured", "message": m, "file": relative(path, folder), "line": None} for m in messages]
    unique = {json.dumps(r, sort_keys=True): r for r in records}
    return {
        "airflow_version": airflow.__version__,
        "dags_folder": folder,
        "dags": dags,
        "files": sorted(s.file.lstrip("/") for s in bag.dagbag_stats),  # stats hold folder-relative paths
        "import_errors": {relative(k, folder): v for k, v in sorted(bag.import_errors.items())},
        "plugins": plugins,
        "plugin_import_errors": plugin_errors,
        "warnings": list(unique.values()),
    }


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    from airflow.configuration import conf

    folder = conf.get("core", "dags_folder")
    if not args.no_init_db:
        init_db()
    for spec in args.alias:
        package, _, directory = spec.partition("=")
        install_alias(package, directory)
    provider_imports = record_provider_imports([folder, conf.get("core", "plugins_folder")])
    plugins, plugin_errors, plugin_warnings = load_plugins()
    bag, caught = load_dagbag(folder)
    result = collect(bag, plugin_warnings + caught, folder, plugins, plugin_errors, args)
    result["provider_distributions"] = provider_distributions(provider_imports)
    with open(args.out, "w", encoding="utf-8") as out:
        json.dump(result, out, indent=2, sort_keys=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
