"""rules/arguments.toml is curated: these tests hold each row to the generated tables, so a row
that names a class no target has, or a rename no target's signature shows, fails here."""

from __future__ import annotations

import tomllib

import pytest

from airflow_upgrade_lint import knowledge
from airflow_upgrade_lint.knowledge import Standing

TABLE = knowledge.rules_dir() / "arguments.toml"
ROWS = tomllib.loads(TABLE.read_text(encoding="utf-8"))
KB = knowledge.load()
SIGNED = {path for target in KB.targets for path in knowledge._signatures(KB.directory).get(target, {})}


def _id(row: dict) -> str:
    return row.get("name") or row.get("argument") or "+".join(row["names"])


@pytest.mark.parametrize("row", ROWS["argument"] + ROWS["value"], ids=_id)
def test_rows_name_their_source_and_scope(row):
    assert row["source"].strip() and row["why"].strip()
    assert row.get("classes") or row.get("within"), "a row must say which classes it applies to"


@pytest.mark.parametrize("row", ROWS["argument"], ids=_id)
def test_listed_classes_have_signatures_or_curated_versions(row):
    for path in row.get("classes", ()):
        assert path in SIGNED or row.get("since"), f"{path}: no signature, so the row needs `since`"


@pytest.mark.parametrize("change", KB.argument_changes, ids=lambda change: change.name)
def test_every_change_applies_somewhere(change):
    """A class of its scope has, at some target, a standing for it: otherwise the row is dead."""
    candidates = change.scope.classes | {path for path in SIGNED if change.scope.covers(path)}
    standings = {
        change.standing(path, target, KB.signature(path, target))
        for path in candidates
        for target in KB.targets
    }
    assert standings - {None}


@pytest.mark.parametrize("change", [c for c in KB.argument_changes if c.change == "rename"], ids=lambda c: c.name)
def test_a_rename_never_leads_to_a_name_the_class_refuses(change):
    for path in SIGNED:
        for target in KB.targets:
            signature = KB.signature(path, target)
            if signature is not None and change.standing(path, target, signature) is not None:
                assert not signature.rejects(change.new_name), (path, target)


def test_provider_renames_follow_the_pinned_provider_versions():
    """Cloud Build: `body` only with the 2.0.2 pins, both with 2.2.2's, `build` only from 2.4.3."""
    body = next(c for c in KB.argument_changes if c.name == "body")
    path = "airflow.providers.google.cloud.operators.cloud_build.CloudBuildCreateBuildOperator"
    assert [body.standing(path, t, KB.signature(path, t)) for t in ("2.0.2", "2.2.2", "2.4.3", "2.10.3")] == [
        None,
        Standing.DEPRECATED,
        Standing.GONE,
        Standing.GONE,
    ]


def test_a_package_wide_removal_spares_classes_that_take_the_argument():
    """`schedule_interval` is removed from operators, and renamed (not removed) on DAG."""
    removal = next(c for c in KB.argument_changes if c.name == "schedule_interval" and c.change == "remove")
    dag = "airflow.models.dag.DAG"
    bash = "airflow.operators.bash.BashOperator"
    assert removal.standing(dag, "2.10.3", KB.signature(dag, "2.10.3")) is None
    assert removal.standing(bash, "2.10.3", KB.signature(bash, "2.10.3")) is Standing.GONE
