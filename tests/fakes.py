"""Test doubles for the CLI, runner and settings tests: the tests' knowledge table, a scripted engine."""

from __future__ import annotations

from pathlib import Path

from airflow_upgrade_lint import engine, knowledge
from airflow_upgrade_lint.diagnostics import Applicability, Diagnostic, Fix
from airflow_upgrade_lint.diagnostics import SourceResult
from airflow_upgrade_lint.selection import code_enabled

TABLE_DIR = Path(__file__).with_name("data")  # targets 2.2.2 and 2.10.3


def use_test_table(monkeypatch) -> knowledge.Knowledge:
    """Make `knowledge.load()` return the tests' table, for this process and forked workers."""
    table = knowledge.load(TABLE_DIR)
    monkeypatch.setattr(knowledge, "load", lambda: table)
    return table


class ScriptedEngine:
    """Stands in for engine.check_source: each line containing `old` is an AUL101 whose safe fix
    turns it into `new`; a file containing `boom` makes it raise. Records what it was asked."""

    def __init__(self, monkeypatch) -> None:
        self.calls: list[tuple[str, object]] = []  # (path, settings)
        monkeypatch.setattr(engine, "check_source", self)

    def __call__(self, source: bytes, path: str, settings, knowledge, project) -> SourceResult:
        self.calls.append((path, settings))
        if b"boom" in source:
            raise RuntimeError("boom")
        if not code_enabled("AUL101", settings.select, settings.ignore):
            return SourceResult([])
        found = [
            Diagnostic(path, number, 1, "AUL101", "old is gone", fix=Fix(Applicability.SAFE, "Use new", ()))
            for number, line in enumerate(source.splitlines(), 1)
            if b"old" in line
        ]
        if not (settings.fix or settings.diff) or not found:
            return SourceResult(found)
        return SourceResult([], fixed=source.replace(b"old", b"new"), fixes_applied=len(found))
