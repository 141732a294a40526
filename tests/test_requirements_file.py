"""The requirements reader (pip's rules), the project's facts about requirements files and
imports, and the AUL5xx checks' edge cases, with the real knowledge tables."""

from __future__ import annotations

from pathlib import Path

import pytest
from pip._internal.req.req_file import preprocess

from airflow_upgrade_lint import knowledge, provider_imports, requirement_facts
from airflow_upgrade_lint import project as project_facts
from airflow_upgrade_lint.requirements_file import FORMAT
from airflow_upgrade_lint.requirements_project import IncludedFacts, RequirementsProject, gather
from airflow_upgrade_lint.requirements_reader import logical_lines, parse
from airflow_upgrade_lint.runner import check_file
from airflow_upgrade_lint.settings import Settings
from airflow_upgrade_lint.text_files import Malformed
from airflow_upgrade_lint.workspace import collect

TARGET = "2.10.3"
URL = "https://raw.githubusercontent.com/apache/airflow/constraints-2.10.3/constraints-3.11.txt"
CONSTRAINT = f'--constraint "{URL}"\n'
TABLE = knowledge.load()
FACTS = requirement_facts.load(TABLE.directory)[TARGET]

PIP_SAMPLES = [
    "a==1\n# comment\n\nb>=2  # trailing\n",
    "a \\\n  ==1 \\\n  ; python_version < '3.8'\nb\n",
    "# a comment ending in a backslash \\\nc\n",
    "d # comment that continues \\\ne\nf\n",
    "g \\\n# comment inside a continuation\nh\n",
    "x\r\ny \\\r\n  --hash=sha256:00\r\n",
    "-r other.txt\n-c https://example.com/c.txt\n--pre\nlast \\",
]


@pytest.mark.parametrize("text", PIP_SAMPLES)
def test_logical_lines_are_pips(text):
    """What each logical line holds, as pip's own reader (join, drop comments, strip) gives it."""
    ours = [(line.number, line.content.strip()) for line in logical_lines(text) if line.content.strip()]
    assert ours == [(number, line.strip()) for number, line in preprocess(text.replace("\r\n", "\n"))]


def test_offsets_point_into_the_text_across_continuations_and_crlf():
    text = "first\r\napache-airflow[aws] \\\r\n   ==1.10.12 ; python_version >= '3.6'\r\n"
    (_, entry) = parse(text).entries
    start, end = entry.line.span(*entry.requirement_span)
    assert text[start:end] == "apache-airflow[aws] \\\r\n   ==1.10.12 ; python_version >= '3.6'"
    assert (entry.line.number, entry.line.following) == (2, len(text))


def test_options_in_every_spelling():
    text = (
        "-cconstraints.txt\n-c 'quoted file.txt'\n--constr=c.txt\n--requirement=base.txt\n-i https://idx\n"
        "--extra-index-url https://extra\n--no-binary :all:\n--only-binary=:none:\n--prefer-binary\n--trusted-host h\n"
        "--use-feature=truststore\n-f ./wheels\n--pre\n--require-hashes\n-e .\n--no-index\n"
        "pkg==1 --hash=sha256:aa --hash sha256:bb --global-option=--x -C k=v --config-settings k2=v2 leftover\n"
    )
    parsed = parse(text)
    assert parsed.problems == ()
    options = [(option.name, option.value) for entry in parsed.entries for option in entry.options]
    assert options == [
        ("--constraint", "constraints.txt"), ("--constraint", "quoted file.txt"), ("--constraint", "c.txt"),
        ("--requirement", "base.txt"), ("--index-url", "https://idx"), ("--extra-index-url", "https://extra"),
        ("--no-binary", ":all:"), ("--only-binary", ":none:"), ("--prefer-binary", None), ("--trusted-host", "h"),
        ("--use-feature", "truststore"), ("--find-links", "./wheels"), ("--pre", None), ("--require-hashes", None),
        ("--editable", "."), ("--no-index", None), ("--hash", "sha256:aa"), ("--hash", "sha256:bb"),
        ("--global-option", "--x"), ("--config-settings", "k=v"), ("--config-settings", "k2=v2"),
    ]  # fmt: skip
    assert parsed.entries[-1].requirement is not None and str(parsed.entries[-1].requirement) == "pkg==1"
    assert parsed.hash_checking
    (quoted,) = [o for e in parsed.entries for o in e.options if o.value == "quoted file.txt"]
    line = parsed.entries[1].line
    assert text[slice(*line.span(*quoted.value_span))] == "quoted file.txt"


def test_requirement_kinds():
    parsed = parse("./local/pkg\nhttps://host/pkg-1.0.tar.gz\nwheels/x-1.0-py3-none-any.whl\npkg @ https://host/p.whl\nname[extra]>=1; os_name == 'posix'\n")
    assert [(entry.opaque, entry.requirement and entry.requirement.name) for entry in parsed.entries] == [
        (True, None), (True, None), (True, None), (False, "pkg"), (False, "name"),
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("ok\nfoo bar\n", (2, 5)),
        ("ok\n  apache-airflow[aws==1.10.12\n", (2, 21)),
        ("ok \\\n  b==\n", (2, 3)),  # reported where it is, inside the continuation
        ("a\n--foo x\n", (2, 1, "no such option: --foo")),
        ("-r\n", (1, 1, "-r option requires 1 argument")),
        ("-x y\n", (1, 1, "no such option: -x")),
        ("--pre=1\n", (1, 1, "--pre option does not take a value")),
        ("--c x\n", (1, 1, "ambiguous option: --c (--config-settings, --constraint?)")),
        ("pkg --hash 'abc\n", (1, 5, "No closing quotation")),
    ],
)
def test_malformed_lines_give_line_and_column(text, problem):
    (found,) = FORMAT.malformed(text)
    assert (found.line, found.column) == problem[:2]
    if len(problem) == 3:
        assert found == Malformed(*problem)
    else:
        assert found.message.startswith("Invalid requirement: ")


# ---------------------------------------------------------------- checking


NO_PROJECT = project_facts.Project()


def check(text: str, *, project: project_facts.Project = NO_PROJECT, fix: bool = False, target: str = TARGET):
    settings = Settings(target_version=target, fix=fix)
    return check_file("requirements", text.encode(), "requirements.txt", settings, TABLE, project)


def codes(text: str, **kwargs) -> list[tuple[int, str]]:
    return [(d.line, d.code) for d in check(text, **kwargs).diagnostics]


def fixed(text: str, **kwargs) -> str:
    result = check(text, fix=True, **kwargs)
    return result.fixed.decode() if result.fixed is not None else text


def with_imports(*paths: str, **included: IncludedFacts) -> project_facts.Project:
    files = tuple((str(Path(name).resolve()), facts) for name, facts in included.items())
    return project_facts.Project(requirements=RequirementsProject(files, tuple(sorted(paths))))


def test_no_findings_without_the_targets_facts():
    assert requirement_facts.load(Path("/nonexistent")) == {}
    assert codes("apache-airflow==1.10.12\n", target="2.3.0") == []  # no MWAA version
    assert codes("apache-airflow==1.10.12\n") == [(1, "AUL501"), (1, "AUL502")]


def test_constraints_urls_are_fixed_in_place_and_other_constraints_left():
    text = "-c  'https://raw.githubusercontent.com/apache/airflow/constraints-2-0/constraints-3.7.txt'\n-c local.txt\nboto3\n"
    assert fixed(text) == f"-c  '{URL}'\n-c local.txt\nboto3\n"
    # written with an escape: reported, not edited
    escaped = '-c "https://raw.githubusercontent.com/apache/airflow/constraints-1.10.12/constraints-3.7\\.txt"\n'
    assert codes(escaped) == [(1, "AUL501")] and fixed(escaped) == escaped


def test_missing_constraints_go_before_the_first_line_or_at_the_end():
    assert fixed("# only comments\n") == f"# only comments\n{CONSTRAINT}"
    assert fixed("# only comments") == f"# only comments\n{CONSTRAINT}"
    assert fixed("") == CONSTRAINT
    assert fixed("\r\n# top\r\nboto3\r\n") == f"\r\n# top\r\n{CONSTRAINT[:-1]}\r\nboto3\r\n"
    # mixed line endings: an added line ends as the first line does (as in airflow.cfg)
    assert fixed("# top\nboto3\r\n") == f"# top\n{CONSTRAINT}boto3\r\n"


def test_included_files_decide_roots_and_constraints():
    included = with_imports(**{"requirements.txt": IncludedFacts(root=False)})
    assert codes("boto3\n", project=included) == []  # no root: pip reads it through its includer
    constrained = with_imports(**{"requirements.txt": IncludedFacts(constrained=True)})
    assert codes("-r base.txt\n", project=constrained) == []


def test_airflow_1_pins_and_other_airflow_versions():
    assert codes(f"{CONSTRAINT}apache-airflow~=1.10.12\n") == [(2, "AUL502")]
    assert codes(f"{CONSTRAINT}apache-airflow==2.5.1\n") == [(2, "AUL507")]
    assert codes(f"{CONSTRAINT}apache-airflow>=2.0\n") == []
    # a continuation and its hashes go with the line
    assert fixed(f"{CONSTRAINT}apache-airflow==1.10.12 \\\n  --hash=sha256:00\nboto3\n") == f"{CONSTRAINT}boto3\n"


def test_extras_renamed_once_in_order():
    assert fixed(f"{CONSTRAINT}apache-airflow[gcp,gcp_api,s3,aws]\n") == f"{CONSTRAINT}apache-airflow[google,amazon]\n"
    assert fixed(f"{CONSTRAINT}apache-airflow[amazon,aws]\n") == f"{CONSTRAINT}apache-airflow[amazon]\n"
    assert fixed(f"{CONSTRAINT}apache-airflow[kubernetes]\n", target="2.4.3").endswith("apache-airflow[cncf.kubernetes]\n")
    assert codes(f"{CONSTRAINT}apache-airflow[aws]\n", target="2.0.2") == [(1, "AUL501")]  # 2.0.2's aws is no alias
    assert [d.message for d in check(f"{CONSTRAINT}apache-airflow[nosuch]\n").diagnostics] == [
        "apache-airflow 2.10.3 has no extra `nosuch`: pip ignores it with a warning"
    ]


def test_backports_keep_extras_markers_and_hashes_mode_is_left_alone():
    text = f"{CONSTRAINT}Apache_Airflow.Backport-Providers-Google [amazon]  >=2021.3.3  ;python_version>='3.6'\n"
    assert fixed(text) == f"{CONSTRAINT}apache-airflow-providers-google [amazon]  ;python_version>='3.6'\n"
    hashed = f"{CONSTRAINT}apache-airflow-backport-providers-amazon==2021.3.3\nboto3==1.35.36 --hash=sha256:00\n"
    assert fixed(hashed) == hashed
    assert check(hashed).diagnostics[0].message == (
        "`apache-airflow-backport-providers-amazon` is for Airflow 1.10: use `apache-airflow-providers-amazon` "
        "(the constraints pin 9.0.0); no fix: with --hash, pip needs every requirement pinned, with its hashes"
    )


def test_missing_providers_count_includes_backports_and_preinstalled():
    dag = "airflow.contrib.operators.bigquery_operator.BigQueryOperator"
    slack = "airflow.providers.slack.operators.slack_webhook.SlackWebhookOperator"
    project = with_imports(dag, slack, "airflow.hooks.S3_hook.S3Hook", **{"requirements.txt": IncludedFacts(names=("apache-airflow-providers-slack",))})
    assert fixed(f"{CONSTRAINT}boto3", project=project) == f"{CONSTRAINT}boto3\napache-airflow-providers-google\n"
    assert codes(f"{CONSTRAINT}apache-airflow-backport-providers-google==2021.3.3\n", project=project) == [(2, "AUL504")]
    # several are added in name order; not in a hash-checking file
    ssh = "airflow.contrib.hooks.ssh_hook.SSHHook"
    many = with_imports(dag, ssh, slack)
    assert fixed(CONSTRAINT, project=many) == (
        f"{CONSTRAINT}apache-airflow-providers-google\napache-airflow-providers-slack\napache-airflow-providers-ssh\n"
    )
    hashed = f"{CONSTRAINT}boto3==1.35.36 --hash=sha256:00\n"
    assert fixed(hashed, project=many) == hashed and codes(hashed, project=many) == [(1, "AUL505")] * 3
    # more than text_files' rounds of fixes: all added by one --fix
    providers = sorted(name for name in FACTS.providers if name not in FACTS.preinstalled)[:15]
    imports = [name.replace("apache-airflow-providers-", "airflow.providers.").replace("-", ".") + ".hooks" for name in providers]
    assert fixed(CONSTRAINT, project=with_imports(*imports)) == CONSTRAINT + "".join(f"{name}\n" for name in providers)


def test_unused_providers_need_code_to_judge():
    text = f"{CONSTRAINT}apache-airflow-providers-slack\n"
    assert codes(text) == []  # no Python file was read
    assert codes(text, project=with_imports()) == [(2, "AUL506")]
    assert codes(text, project=with_imports("airflow.providers.slack.hooks.slack.SlackHook")) == []


def test_conflicts_skip_what_the_target_python_does_not_install():
    assert codes(f"{CONSTRAINT}boto3==1.12.49 ; python_version < '3.8'\n") == []
    assert codes(f"{CONSTRAINT}boto3==1.12.49 ; python_version < '3.8'\n", target="2.2.2")[-1] == (2, "AUL507")
    assert codes(f"{CONSTRAINT}not-pinned-anywhere==0.1\nboto3==1.35.36\n") == []


def test_noqa_on_the_line():
    assert codes(f"{CONSTRAINT}boto3==1.12.49  # noqa: AUL507\n") == []


# ---------------------------------------------------------------- the project pass


def test_imported_paths_and_their_providers():
    code = [
        b"from airflow.contrib.hooks import gcs_hook\nimport airflow.providers.cncf.kubernetes.operators.pod as pod\n",
        b"from airflow.operators.bash_operator import BashOperator\nfrom airflow.providers.amazon.aws.hooks.s3 import *\n",
        b"def f(:\n  import airflow.contrib.hooks.ssh_hook\n",  # does not parse: skipped
        b"from . import airflow_helpers\nimport os\n",
    ]
    paths = provider_imports.imported_paths(code)
    assert paths == (
        "airflow.contrib.hooks.gcs_hook", "airflow.operators.bash_operator.BashOperator",
        "airflow.providers.amazon.aws.hooks.s3", "airflow.providers.cncf.kubernetes.operators.pod",
    )  # fmt: skip
    assert provider_imports.imported_providers(paths, TABLE, FACTS) == {
        "apache-airflow-providers-google": "airflow.contrib.hooks.gcs_hook",  # a 1.10 module: where its names went
        "apache-airflow-providers-amazon": "airflow.providers.amazon.aws.hooks.s3",
        "apache-airflow-providers-cncf-kubernetes": "airflow.providers.cncf.kubernetes.operators.pod",
    }


def test_gather_follows_includes_relative_to_their_file(tmp_path):
    (tmp_path / "reqs").mkdir()
    (tmp_path / "requirements.txt").write_text("-r reqs/requirements-base.txt\nboto3\n")
    (tmp_path / "reqs" / "requirements-base.txt").write_text("-r ../requirements.txt\n-r providers.txt\n-c c.txt\n")
    (tmp_path / "reqs" / "providers.txt").write_text("apache-airflow-backport-providers-slack==2021.3.3\n")
    (tmp_path / "requirements-dev.txt").write_text("-r https://example.com/r.txt\npytest\n")
    found = gather([tmp_path / "requirements.txt", tmp_path / "reqs" / "requirements-base.txt", tmp_path / "requirements-dev.txt"], None)
    assert found.imports is None
    by_name = {Path(path).relative_to(tmp_path).as_posix(): facts for path, facts in found.files}
    assert by_name == {
        # the cycle through reqs/requirements-base.txt includes requirements.txt itself: neither is a root
        "requirements.txt": IncludedFacts(False, ("apache-airflow-providers-slack",), True),  # its own names it reads itself
        "reqs/requirements-base.txt": IncludedFacts(False, ("apache-airflow-providers-slack", "boto3"), False),
        "requirements-dev.txt": IncludedFacts(True, (), False),
    }


def test_the_project_pass_reads_requirements_only_when_the_run_has_one(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "dags").mkdir()
    (tmp_path / "dags" / "etl.py").write_text("from airflow.contrib.hooks.ssh_hook import SSHHook\n")
    settings = Settings(paths=(tmp_path / "dags",), project_root=tmp_path)
    assert project_facts.build(settings, collect(settings)).requirements is None
    (tmp_path / "requirements.txt").write_text("boto3\n")
    settings = Settings(paths=(tmp_path,), project_root=tmp_path)
    built = project_facts.build(settings, collect(settings))
    assert built.requirements == RequirementsProject(
        ((str(tmp_path / "requirements.txt"), IncludedFacts()),), ("airflow.contrib.hooks.ssh_hook.SSHHook",)
    )
    digest = built.digest()
    (tmp_path / "dags" / "etl.py").write_text("from airflow.contrib.hooks.gcs_hook import GoogleCloudStorageHook\n")
    assert project_facts.build(settings, collect(settings)).digest() != digest
