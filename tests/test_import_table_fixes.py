"""Generated from the knowledge table itself: every moved path, at every supported target,
is fixed to that target's path (or reported without a fix where the target has none)."""

from __future__ import annotations

import pytest

from airflow_upgrade_lint import engine, knowledge
from airflow_upgrade_lint.settings import Settings

TABLE = knowledge.load()


def _fix(source: str, target: str):
    settings = Settings(fix=True, unsafe_fixes=True, target_version=target, select=("AUL1",))
    return engine.check_source(source.encode(), "dag.py", settings, TABLE)


@pytest.mark.parametrize("target", TABLE.targets)
def test_every_entry_is_fixed_to_the_target(target):
    failures = []
    for old, move in sorted(TABLE.moves(target).items()):
        module, _, name = old.rpartition(".")
        source = f"from {module} import {name}\n"
        result = _fix(source, target)
        after = result.fixed.decode() if result.fixed is not None else source
        if move.path:
            expected = f"from {move.module} import {move.name}\n"
            if after != expected or result.diagnostics:
                failures.append(f"{old}: got {after!r}, expected {expected!r}")
        elif after != source or [d.code for d in result.diagnostics] != ["AUL103"]:
            failures.append(f"{old}: no target at {target}, yet got {after!r}")
    assert not failures, f"{len(failures)} entries not fixed at {target}:\n" + "\n".join(failures[:20])
