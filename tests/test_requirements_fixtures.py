"""Proof for requirements files, on the hand-written cases in fixtures/requirements/.

Each case folder holds `before/` (a 1.10 project's `requirements*.txt` files, and the DAGs some
need) and `after/` (the requirements files as `--fix` must leave them at MWAA 2.10.3), as the
cases of fixtures/config/ do. Every run goes through the command line, with the real knowledge
tables, on a copy of the case's before/ folder.
"""

from __future__ import annotations

import difflib
import shlex
import sys
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from pip._internal.req.req_file import break_args_options, build_parser, preprocess

from test_cli import lint

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "fixtures" / "requirements"
MWAA = ROOT.parent / "shared" / "data" / "mwaa"
TARGETS = tomllib.loads((ROOT / "rules" / "imports.toml").read_text())["meta"]["targets"]
TARGET = "2.10.3"

# case -> file -> (1-based lines of the original that the fix changes or removes, lines it adds)
CHANGED = {
    "mwaa-1.10.12": {
        "requirements.txt": ({4, 6, 10, 11}, 1),  # constraints, apache-airflow 1.10, two backports; ssh added
        "requirements-common.txt": ({2}, 0),  # the Slack backport
    },
    "hashes": {"requirements.txt": ({1, 3, 4, 5}, 0)},  # constraints; apache-airflow with its hash lines
    "missing-constraint": {"requirements.txt": ({6}, 1)},  # the kubernetes extra; the constraints added
}


@pytest.fixture
def case(copy_before, request) -> Path:
    """A copy of the case's before/ folder named by the test's parameter, as the cwd."""
    return copy_before(CASES / request.param)


def fix(target: str, *paths: str):
    return lint("--fix", "--no-cache", "--target-version", target, *(paths or (".",)))


@pytest.mark.parametrize("case", sorted(CHANGED), indirect=True)
def test_fix_gives_the_expected_files_changing_only_the_affected_lines(case):
    before = {path.name: path.read_bytes() for path in case.glob("requirements*.txt")}
    assert set(before) == set(CHANGED[case.name])
    fix(TARGET)
    for name, original in before.items():
        fixed = (case / name).read_bytes()
        assert fixed == (CASES / case.name / "after" / name).read_bytes(), name
        old, new = original.splitlines(keepends=True), fixed.splitlines(keepends=True)
        matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
        changed = {line + 1 for tag, i1, i2, _, _ in matcher.get_opcodes() if tag != "equal" for line in range(i1, i2)}
        added = len(new) - len(old) + sum(i2 - i1 for tag, i1, i2, _, _ in matcher.get_opcodes() if tag == "delete")
        assert (changed, added) == CHANGED[case.name][name], name
    after = {name: (case / name).read_bytes() for name in before}
    fix(TARGET)
    assert {name: (case / name).read_bytes() for name in before} == after, "a second --fix changed something"


@pytest.mark.parametrize("case", ["mwaa-1.10.12"], indirect=True)
def test_what_remains_after_the_fix(case):
    fix(TARGET)
    result = lint("--no-cache", "--target-version", TARGET, "--select", "AUL5", ".")
    assert result.stdout.splitlines()[:-1] == [
        "requirements.txt:12:1: AUL504 `apache-airflow-backport-providers-email` is for Airflow 1.10, and no "
        "`apache-airflow-providers-email` exists at 2.10.3: remove the line, and import what it provided "
        "from Airflow or another provider",
        "requirements.txt:14:1: AUL507 `boto3==1.12.49` conflicts with the target: the constraints of "
        "Airflow 2.10.3 pin boto3 1.35.36",
    ]


def constraint_urls(text: str) -> list[str]:
    """The --constraint values of a requirements text, read by pip's own line reader and option parser."""
    urls = []
    for _, line in preprocess(text):
        requirement, options = break_args_options(line)
        opts, _ = build_parser().parse_args(shlex.split(options))
        if requirement:
            Requirement(requirement)  # every requirement line is PEP 508 (the cases hold no URL lines but in -e)
        urls += opts.constraints or []
    return urls


@pytest.mark.parametrize("case", ["mwaa-1.10.12", "hashes"], indirect=True)
@pytest.mark.parametrize("target", TARGETS)
def test_at_every_target_the_fixed_file_parses_and_has_mwaas_constraints(case, target):
    fix(target)
    entry = tomllib.loads((MWAA / "versions.toml").read_text())["versions"][target]
    python = ".".join(entry["python"].split(".")[:2])
    url = f"https://raw.githubusercontent.com/apache/airflow/constraints-{target}/constraints-{python}.txt"
    for path in case.glob("requirements*.txt"):
        urls = constraint_urls(path.read_text())
        assert urls == ([url] if path.name == "requirements.txt" else []), path.name
    assert "apache-airflow==" not in (case / "requirements.txt").read_text()


@pytest.mark.parametrize("case", ["missing-constraint"], indirect=True)
def test_a_broken_requirement_line_is_reported_with_its_line_and_nothing_is_edited(case):
    path = case / "requirements.txt"
    broken = path.read_bytes().replace(b"sqlalchemy==1.3.24", b"sqlalchemy=1.3.24")
    path.write_bytes(broken)
    result = fix(TARGET, "requirements.txt")
    assert result.exit_code == 1
    # the reason after the colon is packaging's, worded differently across its versions
    first, *rest = result.stdout.splitlines()
    assert first.startswith("requirements.txt:10:11: AUL001 Invalid requirement: 'sqlalchemy=1.3.24': Expected ")
    assert rest == ["Found 1 error (0 fixed, 1 remaining)."]
    assert path.read_bytes() == broken
