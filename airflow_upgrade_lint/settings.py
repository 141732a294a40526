"""Resolved settings of one run: CLI flags over the config file over defaults."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

TOOL_NAME = "airflow-upgrade-lint"
CACHE_DIR_NAME = ".airflow-upgrade-lint-cache"
OUTPUT_FORMATS = ("text", "json")


def tool_version() -> str:
    try:
        return metadata.version(TOOL_NAME)
    except metadata.PackageNotFoundError:  # run from a source tree that was never installed
        return "0+unknown"


@dataclass(frozen=True)
class Settings:
    paths: tuple[Path, ...] = (Path("."),)
    fix: bool = False
    unsafe_fixes: bool = False
    diff: bool = False
    select: tuple[str, ...] = ("AUL",)  # codes or prefixes
    ignore: tuple[str, ...] = ()
    target_version: str = ""  # empty: the newest target the knowledge base knows
    output_format: str = "text"  # text | json
    exit_zero: bool = False
    statistics: bool = False
    cache: bool = True
    exclude: tuple[str, ...] = ()  # gitignore-style globs relative to project_root, on top of the defaults
    force_exclude: bool = False  # apply `exclude` to paths named on the command line too
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (glob, codes), globs as `exclude`
    # Where the project's DAGs and plugins (folders or zips) are, relative to project_root;
    # None: found from the layout (project.find_layout)
    dags_folder: Path | None = None
    plugins: tuple[Path, ...] | None = None
    plugins_package: str = "plugin_code"  # the package under the DAGs folder migrate-plugins moves code to
    config_file: Path | None = None
    project_root: Path = field(default_factory=Path.cwd)  # the config file's folder, else the cwd
