"""The airflow.cfg format: read as Python's configparser reads it, fixed line by line.

Each case of fixtures/config/airflow-cfg holds, as the other cases of fixtures/config do,
`before/` (an `airflow.cfg`, and sometimes the project files a rule needs: plugins) and
`after/` (the `airflow.cfg` that `--fix` must make of it, with the flags in the case's `args`). The fixed files are then read by real Airflow 2.10.3's configuration parser.
"""

from __future__ import annotations

import configparser
import json
import re
import shutil
import textwrap
import zipfile
from pathlib import Path

import pytest

from airflow_runtime import AIRFLOW_VERSION, REPO_ROOT, download_wheel, run_in_airflow
from airflow_upgrade_lint import knowledge
from airflow_upgrade_lint.airflow_cfg import FORMAT, parse
from airflow_upgrade_lint.workspace import kind_of
from test_cli import lint as cli_lint

FIXTURES = REPO_ROOT / "fixtures" / "config" / "airflow-cfg"
CASES = sorted(case.name for case in FIXTURES.iterdir() if (case / "after" / "airflow.cfg").is_file())


def lint(*args: str):
    return cli_lint("--no-cache", *args)


def case_args(case: str) -> list[str]:
    args = FIXTURES / case / "args"
    return args.read_text().split() if args.is_file() else []


def case_target(case: str) -> str:
    args = case_args(case)
    return args[args.index("--target-version") + 1] if "--target-version" in args else knowledge.load().default_target


def expected_path(case: str) -> Path:
    return FIXTURES / case / "after" / "airflow.cfg"


def copied(case: str, tmp_path: Path) -> Path:
    """The case's before/ folder copied under tmp_path; the path of its airflow.cfg."""
    shutil.copytree(FIXTURES / case / "before", tmp_path / case)
    return tmp_path / case / "airflow.cfg"


def fixed(case: str, tmp_path: Path) -> bytes:
    path = copied(case, tmp_path)
    lint("--fix", *case_args(case), str(path))
    return path.read_bytes()


def test_cases_cover_the_proof():
    assert {"mwaa-1.10.12", "unterminated-header", "crlf"} <= set(CASES)
    assert kind_of("airflow.cfg") == kind_of("airflow-prod.cfg") == "airflow_cfg"
    assert kind_of("setup.cfg") is None and kind_of("unittests.cfg") is None


@pytest.mark.parametrize("case", CASES)
def test_fix_gives_the_expected_file(case, tmp_path):
    assert fixed(case, tmp_path) == expected_path(case).read_bytes()


@pytest.mark.parametrize("case", CASES)
def test_fixing_the_fixed_file_changes_nothing(case, tmp_path):
    path = copied(case, tmp_path)
    expected = expected_path(case).read_bytes()
    path.write_bytes(expected)
    lint("--fix", *case_args(case), str(path))
    assert path.read_bytes() == expected


@pytest.mark.parametrize("case", CASES)
def test_only_reported_lines_change(case, tmp_path):
    """Every line the fix changes or deletes belongs to an option (or header) it reported; the
    lines it adds are the moved options' lines, with their new key, and new section headers."""
    path = copied(case, tmp_path)
    before = path.read_text(encoding="utf-8")
    after = expected_path(case).read_text(encoding="utf-8")
    report = lint("--output-format", "json", *case_args(case), str(path))
    reported = {entry["location"]["row"] for entry in json.loads(report.stdout)}
    touchable = set()  # the reported lines with their continuation lines
    for section in parse(before).sections:
        touchable |= {section.line} & reported
        for option in section.options:
            if option.line in reported:
                last = before.count("\n", 0, option.end - 1) + 1
                touchable |= set(range(option.line, last + 1))
    old, new = before.splitlines(keepends=True), after.splitlines(keepends=True)
    kept = _alignment(old, new, weight=lambda number: 1 if number in touchable else len(old) + 1)
    assert {number for number in range(1, len(old) + 1) if number not in touchable} <= {i for i, _ in kept}, case
    # each added line (but blank lines and headers) stands for a reported line the fix took
    # away: the same line (moved), the same key (value fixed) or the same value (key renamed)
    taken = [old[i - 1].strip() for i in sorted(touchable - {i for i, _ in kept})]
    for j, line in enumerate(new, 1):
        line = line.strip()
        if j in {j for _, j in kept} or not line or line.startswith("["):
            continue
        source = next((t for t in taken if t == line or _key(t) == _key(line) or _rest(t) == _rest(line)), None)
        assert source is not None, (case, line)
        taken.remove(source)


def _alignment(old: list[str], new: list[str], weight) -> list[tuple[int, int]]:
    """The (old line, new line) pairs, 1-based, of equal lines kept in order that weigh the
    most: a common subsequence where an untouchable line outweighs all the others."""
    best = [[0] * (len(new) + 1) for _ in range(len(old) + 1)]
    for i in range(len(old) - 1, -1, -1):
        for j in range(len(new) - 1, -1, -1):
            best[i][j] = max(best[i + 1][j], best[i][j + 1], best[i + 1][j + 1] + weight(i + 1) if old[i] == new[j] else 0)
    pairs, i, j = [], 0, 0
    while i < len(old) and j < len(new):
        if old[i] == new[j] and best[i][j] == best[i + 1][j + 1] + weight(i + 1):
            pairs.append((i + 1, j + 1))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            i += 1
        else:
            j += 1
    return pairs


def _key(line: str) -> str:
    return re.split("[=:]", line, maxsplit=1)[0].strip()


def _rest(line: str) -> str:
    """What follows the key: the delimiter and the value."""
    return line[len(re.split("[=:]", line, maxsplit=1)[0].rstrip()) :]


def test_malformed_file_is_reported_at_its_line_and_left_untouched(tmp_path, monkeypatch):
    path = copied("unterminated-header", tmp_path)
    before = path.read_bytes()
    monkeypatch.chdir(path.parent)
    result = lint("--fix", "airflow.cfg")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        "airflow.cfg:5:1: AUL001 unterminated section header `[scheduler`: Airflow cannot read the file",
        "Found 1 error (0 fixed, 1 remaining).",
    ]
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("[core\ndags_folder = /dags\n", 1, "unterminated section header `[core`: Airflow cannot read the file"),
        ("dags_folder = /dags\n[core]\n", 1, "`dags_folder = /dags` is before any section header: Airflow cannot read the file"),
        ("[core]\nload_examples\n", 2, "`load_examples` is neither a section header nor `key = value`: Airflow cannot read the file"),
        ("[core]\na = 1\nA = 2\n", 3, "duplicate option `A` in section `[core]` (first on line 2): Airflow cannot read the file"),
        ("[core]\n\n[core]\n", 3, "duplicate section `[core]` (first on line 1): Airflow cannot read the file"),
    ],
)
def test_malformed_lines(text, line, message):
    assert [(m.line, m.message) for m in FORMAT.malformed(text)] == [(line, message)]


# Texts on which the reader must agree with configparser: continuation lines across blank and
# comment lines, indented headers and options, delimiters, comments, duplicates, [DEFAULT].
AGREEMENT = [
    "[core]\na = 1\n",
    "[core]\na = 1\n  b\n\n  c\n\nd = 2\n",
    "[core]\na = 1\n# c\n  b\n",
    "[core]\na = 1\n  [kubernetes]\nb=2\n",
    "  [core]\n  a = 1\n b = 2\n",
    "[core]\n  a = 1\n b = 2\n",
    "[core\na = 1\n",
    "[core]\n[logging\na = 1\n",
    "a = 1\n[core]\n",
    "# c\n\n[core]\na: x = y\n",
    "[core]\na\n",
    "[core]\n= x\n",
    "[core]\nA = 1\na = 2\n",
    "[core]\na = 1\n[core]\n",
    "[DEFAULT]\nx = 1\n[DEFAULT]\ny = 2\n",
    "[DEFAULT]\nx = 1\nx = 2\n",
    "[core]\r\na = 1\r\n  b\r\n",
    "[core] # a header keeps what follows its ]\na = 1",
    "[core]\na = %(x)s # not a comment\n",
    "\ufeff[core]\na = 1\n",
    "[core]\n\ta = 1\n\t\tb\n",
    "; x\n[core]\n  ; y\na=\n",
    "[core]\nx y = 1\n",
    "[core]\nbogus\n  cont\n",
    "[core]\nk = v\nbogus\n  cont\n",
    "",
    "\n\n",
    "[]\n",
    "[a]]\nk=v\n",
    "[core]\nsql_alchemy_conn = postgresql://u:p@h/db\n",
]


@pytest.mark.parametrize("text", AGREEMENT)
def test_reader_agrees_with_configparser(text):
    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(text)
        error = None
    except configparser.Error as raised:
        error = raised
    document = parse(text)
    if error is not None:
        lines = {error.lineno} if hasattr(error, "lineno") else {line for line, _ in error.errors}
        assert lines <= {problem.line for problem in document.problems}, (error, document.problems)
        return
    assert document.problems == []
    ours: dict[str, dict[str, str]] = {}
    for section in document.sections:
        ours.setdefault(section.name, {}).update((option.name, option.value) for option in section.options)
    assert ours.pop("DEFAULT", {}) == dict(parser.defaults())
    assert ours == {name: dict(parser._sections[name]) for name in parser.sections()}


def test_noqa_on_a_header_keeps_it(tmp_path):
    path = tmp_path / "airflow.cfg"
    path.write_text("[kubernetes]  # noqa: AUL401\nnamespace = airflow\n")
    assert lint("--fix", "--target-version", "2.10.3", str(path)).exit_code == 0
    assert path.read_text() == "[kubernetes]  # noqa: AUL401\nnamespace = airflow\n"


def test_a_suppressed_move_keeps_its_line_while_the_others_move(tmp_path):
    """Moves into one section share their insertion; one the selection leaves out is not in it."""
    path = tmp_path / "airflow.cfg"
    path.write_text("[core]\nbase_log_folder = /logs\nlogging_level = INFO # noqa: AUL401\nremote_logging = True\n")
    lint("--fix", "--target-version", "2.10.3", str(path))
    assert path.read_text() == (
        "[core]\nlogging_level = INFO # noqa: AUL401\n\n[logging]\nbase_log_folder = /logs\nremote_logging = True\n"
    )


def test_value_fixes_follow_renames_and_moves_and_a_section_airflow_never_reads_is_left_alone(tmp_path):
    path = tmp_path / "airflow.cfg"
    path.write_text(
        "[api]\nauth_backend = airflow.api.auth.backend.deny_all\n\n"
        "[core]\n# a rewrite of a multi-line value is reported, not made\nhostname_callable = socket:getfqdn\n  \n  more\n"
        "  # a comment line, not a continuation\nlogging_level = INFO\n\n"
        "[Core]\nbase_log_folder = /logs\n\n"
        "[webserver]\nnavbar_color = #007A87\n"
    )
    result = lint("--fix", "--target-version", "2.10.3", str(path))
    assert [line.split(": ", 1)[1][:6] for line in result.stdout.splitlines()[:-1]] == ["AUL404"]
    assert path.read_text() == (
        "[api]\nauth_backends = airflow.api.auth.backend.session\n\n"
        "[core]\n# a rewrite of a multi-line value is reported, not made\nhostname_callable = socket:getfqdn\n  \n  more\n"
        "  # a comment line, not a continuation\n\n"
        "[Core]\nbase_log_folder = /logs\n\n"
        "[webserver]\nnavbar_color = #fff\n"
        "\n[logging]\nlogging_level = INFO\n"
    )


# Reads each file with Airflow's own parser, as Airflow reads airflow.cfg, and asks for what
# Airflow code reads: every option with a deprecated name, every option of a renamed section's
# new name (core's and the providers' configuration), every other option of the file (never by
# an old name: that alone would warn), after validate() (it rewrites deprecated values with a
# FutureWarning). Environment variables would hide the file, so none is left.
PROBE = textwrap.dedent(
    """
    import configparser, json, os, sys, warnings

    from airflow.configuration import AirflowConfigParser

    AirflowConfigParser().load_providers_configuration()  # once, before any warning counts: it imports Flask
    report = {}
    for case, path in json.loads(sys.stdin.read()).items():
        # validate() sets variables for the values it rewrites: none may carry over to the next file
        for name in [name for name in os.environ if name.startswith("AIRFLOW__")]:
            del os.environ[name]
        raw = configparser.ConfigParser(interpolation=None)
        raw.read(path)
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            parser = AirflowConfigParser()
            parser.read(path)
            parser.load_providers_configuration()  # the options of [kubernetes_executor], ...
            parser.validate()
            described = parser.configuration_description
            asked = set(parser.deprecated_options) | set(parser.many_to_one_deprecated_options)
            asked |= {(new, key) for new in parser.deprecated_sections for key in described.get(new, {}).get("options", {})}
            renamed = parser.inversed_deprecated_sections
            asked |= {(section, key) for section in raw.sections() if section not in renamed for key in raw[section]}
            # asking for an old name would warn whatever the file says; its new name is asked
            for section, key in sorted(asked - set(parser.inversed_deprecated_options)):
                parser.get(section, key, fallback=None)
        report[case] = sorted({
            str(w.message) for w in caught if issubclass(w.category, (DeprecationWarning, FutureWarning))
        })
    print(json.dumps(report))
    """
)


@pytest.mark.airflow
def test_fixed_files_warn_nothing_in_real_airflow(airflow_venv, tmp_path):
    cases = [
        case for case in CASES
        if case_target(case) == AIRFLOW_VERSION and not FORMAT.malformed((FIXTURES / case / "before" / "airflow.cfg").read_text())
    ]  # fmt: skip
    paths = {case: str(expected_path(case)) for case in cases}
    project = tmp_path / "example"
    shutil.copytree(REPO_ROOT / "fixtures" / "mwaa-1.10.12", project)
    lint("--fix", "--target-version", AIRFLOW_VERSION, str(project / "airflow.cfg"))
    paths["example project"] = str(project / "airflow.cfg")
    # every option 1.10.15 has, as its own default airflow.cfg (1,100 lines) lists them
    default = tmp_path / "default" / "airflow.cfg"
    default.parent.mkdir()
    with zipfile.ZipFile(download_wheel("apache-airflow==1.10.15")) as wheel:
        default.write_bytes(wheel.read("airflow/config_templates/default_airflow.cfg"))
    paths["unfixed 1.10.15 default"] = str(default.with_name("unfixed.cfg"))
    shutil.copy(default, paths["unfixed 1.10.15 default"])
    lint("--fix", "--target-version", AIRFLOW_VERSION, str(default))
    once = default.read_bytes()
    lint("--fix", "--target-version", AIRFLOW_VERSION, str(default))
    assert default.read_bytes() == once
    paths["1.10.15 default"] = str(default)
    paths["unfixed mwaa-1.10.12"] = str(FIXTURES / "mwaa-1.10.12" / "before" / "airflow.cfg")
    report = json.loads(run_in_airflow(_probe(tmp_path), json.dumps(paths)))
    # the probe sees what the fix removes: the unfixed files warn about their old names and values
    unfixed = report.pop("unfixed mwaa-1.10.12")
    assert len(unfixed) == 32 and any("[core] has been moved to the base_log_folder option in [logging]" in m for m in unfixed)
    assert len(report.pop("unfixed 1.10.15 default")) == 42
    assert set(report) == set(cases) | {"example project", "1.10.15 default"} and "mwaa-1.10.12" in report
    assert report == {case: [] for case in report}, report


def _probe(tmp_path: Path) -> Path:
    script = tmp_path / "probe.py"
    script.write_text(PROBE, encoding="utf-8")
    return script
