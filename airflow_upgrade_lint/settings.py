"""Resolved settings of one run: CLI flags over the config file over defaults."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


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
    exclude: tuple[str, ...] = ()  # gitignore-style globs, on top of the defaults
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()  # (glob, codes)
    config_file: Path | None = None
    project_root: Path = field(default_factory=Path.cwd)
