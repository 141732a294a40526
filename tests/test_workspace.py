"""Which files a run checks: walking, default and configured excludes, per-file ignores."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from airflow_upgrade_lint.settings import Settings
from airflow_upgrade_lint.workspace import Globs, MissingPathsError, collect, kind_of


def touch(root: Path, *paths: str) -> None:
    for path in paths:
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text("x = 1\n")


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def listed(project: Path, *paths: str, **settings) -> list[str]:
    workspace = collect(Settings(paths=tuple(Path(p) for p in paths or (".",)), project_root=project, **settings))
    return [file.display for file in workspace.files]


def test_walk_is_sorted_and_skips_default_excludes_and_other_kinds(project):
    touch(
        project,
        "dags/b.py", "dags/a.py", "dags/sub/c.py", "plugins/p.py", "README.md", "requirements.txt",
        ".venv/lib/x.py", "venv/x.py", ".git/hooks/x.py", "dags/__pycache__/a.py", "build/lib/x.py",
        "dist/x.py", "node_modules/x.py", ".tox/x.py", "pkg.egg-info/x.py", ".airflow-upgrade-lint-cache/x.py",
    )  # fmt: skip
    assert listed(project) == ["dags/a.py", "dags/b.py", "dags/sub/c.py", "plugins/p.py", "requirements.txt"]


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("dag.py", "python"), ("export.sql", "template"), ("run.sh", "shell"), ("airflow.cfg", "airflow_cfg"),
        ("airflow-prod.cfg", "airflow_cfg"), ("setup.cfg", None), (".env", "env"), (".env.local", "env"),
        ("prod.env", "env"), ("template.yaml", "yaml"), ("docker-compose.yml", "yaml"), ("input.json", "json"),
        ("main.tf", "terraform"), ("requirements.txt", "requirements"), ("requirements-dev.txt", "requirements"),
        ("notes.txt", None), ("README.md", None),
    ],
)  # fmt: skip
def test_kinds(name, kind):
    assert kind_of(name) == kind


def test_configured_excludes_are_relative_to_the_project_root(project):
    touch(project, "dags/keep.py", "dags/legacy/old.py", "dags/gen_x.py", "other/legacy.py", "other/deep/vendor/v.py")
    assert listed(project, exclude=("dags/legacy", "gen_*.py", "**/vendor")) == ["dags/keep.py", "other/legacy.py"]
    # anchored globs are resolved against the config's folder, not the cwd
    os.chdir(project / "dags")
    assert listed(project, ".", exclude=("dags/legacy",)) == ["gen_x.py", "keep.py"]


def test_named_file_is_checked_even_if_excluded_unless_force_exclude(project):
    touch(project, "build/dag.py", "dags/skip_me.py")
    assert listed(project, "build/dag.py", "dags/skip_me.py", exclude=("skip_*",)) == ["build/dag.py", "dags/skip_me.py"]
    assert listed(project, "build/dag.py", "dags/skip_me.py", exclude=("skip_*",), force_exclude=True) == []


def test_named_folder_inside_an_excluded_folder_is_walked(project):
    touch(project, "build/dags/a.py")
    assert listed(project, "build/dags") == ["build/dags/a.py"]


def test_named_file_of_unknown_kind_is_skipped(project):
    touch(project, "notes.txt")
    assert listed(project, "notes.txt") == []


def test_duplicates_are_listed_once(project):
    touch(project, "dags/a.py")
    assert listed(project, "dags", "dags/a.py", "./dags/a.py") == ["dags/a.py"]


def test_paths_outside_the_cwd_are_absolute(project, tmp_path_factory):
    outside = tmp_path_factory.mktemp("outside")
    touch(outside, "x.py")
    assert listed(project, str(outside)) == [str(outside / "x.py")]


def test_missing_paths_are_all_named(project):
    touch(project, "dags/a.py")
    with pytest.raises(MissingPathsError) as raised:
        listed(project, "dags", "dgas", "dags/b.py")
    assert raised.value.paths == [Path("dgas"), Path("dags/b.py")]


def test_dangling_symlink_is_listed_for_the_runner_to_report(project):
    (project / "dags").mkdir()
    (project / "dags" / "gone.py").symlink_to(project / "nowhere.py")
    assert listed(project) == ["dags/gone.py"]


def test_unreadable_folder_is_an_aul002(project, monkeypatch):
    touch(project, "dags/a.py", "dags/locked/b.py")
    scandir = os.scandir

    def denying(path="."):  # chmod 000 would not stop root, who runs CI
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return scandir(path)

    monkeypatch.setattr(os, "scandir", denying)
    workspace = collect(Settings(paths=(Path("."),), project_root=project))
    assert [f.display for f in workspace.files] == ["dags/a.py"]
    assert [(d.path, d.code, d.message) for d in workspace.unreadable] == [
        ("dags/locked", "AUL002", "Cannot read dags/locked: Permission denied")
    ]


def test_per_file_ignores_attach_codes(project):
    touch(project, "dags/a.py", "dags/legacy/b.py", "tests/test_c.py", "plugins/d.py")
    settings = Settings(
        project_root=project,
        per_file_ignores=(("dags/legacy/**", ("AUL101",)), ("test_*.py", ("AUL1",)), ("plugins", ("AUL2", "AUL3"))),
    )
    ignores = {file.display: file.ignore for file in collect(settings).files}
    assert ignores == {
        "dags/a.py": (),
        "dags/legacy/b.py": ("AUL101",),
        "tests/test_c.py": ("AUL1",),
        "plugins/d.py": ("AUL2", "AUL3"),
    }


def test_globs_match_names_only_below_their_base(tmp_path):
    base = tmp_path / "legacy" / "project"
    assert Globs(["legacy"], base).covers(base / "legacy" / "x.py")
    assert not Globs(["legacy"], base).covers(base / "dags" / "x.py")  # "legacy" above the base does not count
    assert Globs(["dags/*.py"], base).covers(base / "dags" / "y.py")
    assert not Globs(["dags/*.py"], base).covers(base / "dags" / "sub" / "y.py")  # `*` stays within one folder
    assert Globs(["dags/**/*.py"], base).covers(base / "dags" / "a" / "b" / "y.py")
    assert Globs(["dags/**/*.py"], base).covers(base / "dags" / "y.py")
