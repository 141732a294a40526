"""Find the config file, validate it and the flags alike, and resolve the run's Settings.

Config keys are the long flags in kebab-case, so one table of parsers serves both and every error
names its source: `pyproject.toml: [tool.airflow-upgrade-lint] select: ...` or `--select: ...`.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

from .settings import OUTPUT_FORMATS, TOOL_NAME, Settings
from .workspace import shown

DEDICATED_FILE = ".airflow-upgrade-lint.toml"  # top-level keys; wins over pyproject.toml in one folder
PYPROJECT_FILE = "pyproject.toml"  # keys under [tool.airflow-upgrade-lint]


class ConfigError(Exception):
    """A bad flag, config file or value; the message names where it came from."""


@dataclass(frozen=True)
class Vocabulary:
    """What values are checked against: the rule codes and the Airflow target versions known."""

    codes: frozenset[str]
    targets: tuple[str, ...]  # ascending; the last is the default


def _bool(value: Any, vocabulary: Vocabulary) -> bool:
    if not isinstance(value, bool):
        raise ValueError(f"expected true or false, got {value!r}")
    return value


def _strings(value: Any, vocabulary: Vocabulary) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValueError(f"expected a list of strings, got {value!r}")
    return tuple(value)


def _selectors(value: Any, vocabulary: Vocabulary) -> tuple[str, ...]:
    selectors = tuple(item.strip().upper() for item in _strings(value, vocabulary))
    for selector in selectors:
        if not selector or not any(code.startswith(selector) for code in vocabulary.codes):
            raise ValueError(f"unknown rule code or prefix {selector!r}")
    return selectors


def _target(value: Any, vocabulary: Vocabulary) -> str:
    if value not in vocabulary.targets:
        raise ValueError(f"unknown Airflow target version {value!r}; choose one of: {', '.join(vocabulary.targets)}")
    return value


def _output_format(value: Any, vocabulary: Vocabulary) -> str:
    if value not in OUTPUT_FORMATS:
        raise ValueError(f"expected one of {', '.join(OUTPUT_FORMATS)}, got {value!r}")
    return value


def _path(value: Any, vocabulary: Vocabulary) -> Path:
    if not isinstance(value, str) or not value:
        raise ValueError(f"expected a path, got {value!r}")
    return Path(value)


def _paths(value: Any, vocabulary: Vocabulary) -> tuple[Path, ...]:
    return tuple(_path(item, vocabulary) for item in _strings(value, vocabulary))


def _package(value: Any, vocabulary: Vocabulary) -> str:
    if not isinstance(value, str) or not all(part.isidentifier() for part in value.split(".")):
        raise ValueError(f"expected a Python package name, got {value!r}")
    return value


def _per_file_ignores(value: Any, vocabulary: Vocabulary) -> tuple[tuple[str, tuple[str, ...]], ...]:
    if not isinstance(value, dict):
        raise ValueError(f"expected a table of glob = [codes], got {value!r}")
    parsed = []
    for glob, codes in value.items():
        try:
            parsed.append((glob, _selectors(codes, vocabulary)))
        except ValueError as error:
            raise ValueError(f"{glob!r}: {error}") from None
    return tuple(parsed)


Parser = Callable[[Any, Vocabulary], Any]

# Key (= long flag without "--") -> parser; the Settings field is the key in snake_case.
OPTIONS: Mapping[str, Parser] = {
    "fix": _bool,
    "unsafe-fixes": _bool,
    "select": _selectors,
    "ignore": _selectors,
    "target-version": _target,
    "output-format": _output_format,
    "exit-zero": _bool,
    "statistics": _bool,
    "cache": _bool,
    "exclude": _strings,
    "force-exclude": _bool,
    "per-file-ignores": _per_file_ignores,
    "dags-folder": _path,
    "plugins": _paths,
    "plugins-package": _package,
}
FLAG_ONLY_OPTIONS: Mapping[str, Parser] = {"diff": _bool}  # what one run does, not project policy


def _parse(raw: Mapping[str, Any], options: Mapping[str, Parser], vocabulary: Vocabulary, where: str) -> dict:
    """Validated Settings fields from `raw`; `where` formats a key into the error's prefix."""
    fields = {}
    for key, value in raw.items():
        parser = options.get(key)
        if parser is None:
            raise ConfigError(f"{where.format(key=key)}: unknown key; expected one of: {', '.join(options)}")
        try:
            fields[key.replace("-", "_")] = parser(value, vocabulary)
        except ValueError as error:
            raise ConfigError(f"{where.format(key=key)}: {error}") from None
    return fields


def _table(path: Path) -> dict | None:
    """The tool's keys in `path`, or None when a pyproject.toml has no table for the tool."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ConfigError(f"{shown(path)}: cannot read config: {error}") from None
    if path.name != PYPROJECT_FILE:
        return data
    table = data.get("tool", {}).get(TOOL_NAME)
    if table is not None and not isinstance(table, dict):
        raise ConfigError(f"{shown(path)}: [tool.{TOOL_NAME}] must be a table")
    return table


def discover(start: Path) -> Path | None:
    """The nearest config file in `start` (a folder, else its parent) or a folder above it."""
    folder = start if start.is_dir() else start.parent
    for candidate in (folder, *folder.parents):
        if (candidate / DEDICATED_FILE).is_file():
            return candidate / DEDICATED_FILE
        pyproject = candidate / PYPROJECT_FILE
        if pyproject.is_file() and _table(pyproject) is not None:
            return pyproject
    return None


def _read(path: Path, vocabulary: Vocabulary) -> dict:
    table = _table(path) or {}
    prefix = f"[tool.{TOOL_NAME}] " if path.name == PYPROJECT_FILE else ""
    return _parse(table, OPTIONS, vocabulary, f"{shown(path)}: {prefix}{{key}}")


def resolve(
    paths: tuple[Path, ...],
    flags: Mapping[str, Any],
    vocabulary: Vocabulary,
    config: Path | None = None,
) -> Settings:
    """Settings from `flags` (key -> value, only the flags given) over the config file.

    The config file is `config` when given, else discovered from the first of `paths` (not empty).
    """
    if config is not None and not config.is_file():
        raise ConfigError(f"--config: no such file: {config}")
    # abspath, not resolve: globs relative to the config must meet the workspace's paths unresolved
    config_file = config or discover(Path(os.path.abspath(paths[0])))
    config_file = Path(os.path.abspath(config_file)) if config_file else None
    from_file = _read(config_file, vocabulary) if config_file else {}
    from_flags = _parse(flags, {**OPTIONS, **FLAG_ONLY_OPTIONS}, vocabulary, "--{key}")

    fields = {**from_file, **from_flags}
    if "select" in from_flags:  # like ruff: --select starts the selection afresh, dropping the file's ignores
        fields["ignore"] = from_flags.get("ignore", ())
    elif "ignore" in from_flags:
        fields["ignore"] = from_file.get("ignore", ()) + from_flags["ignore"]
    fields.setdefault("target_version", vocabulary.targets[-1])
    return Settings(
        paths=paths,
        config_file=config_file,
        project_root=config_file.parent if config_file else Path.cwd(),
        **fields,
    )
