"""The rules of requirements files (AUL5xx): documentation, and examples that are also tests.

The examples are `requirements.txt` files checked for MWAA 2.10.3 (Airflow 2.10.3 on Python
3.11), whose constraints URL every example but AUL501's already has. The checks are in
requirements_file.py.
"""

from ..diagnostics import FixAvailability
from ..rule import Example, Rule

TARGET = "2.10.3"
CONSTRAINT = '--constraint "https://raw.githubusercontent.com/apache/airflow/constraints-2.10.3/constraints-3.11.txt"\n'
URL_1_10 = "https://raw.githubusercontent.com/apache/airflow/constraints-1.10.12/constraints-3.7.txt"
URL = "https://raw.githubusercontent.com/apache/airflow/constraints-2.10.3/constraints-3.11.txt"
PATH = "requirements.txt"
# a DAG that uses the Google provider (AUL505, AUL506)
GOOGLE_DAG = (("dags/marketing.py", "from airflow.contrib.operators.bigquery_operator import BigQueryOperator\n"),)


def _example(source: str, fixed: str | None = None, project: tuple[tuple[str, str], ...] = ()) -> Example:
    return Example(source, fixed, target=TARGET, project=project, path=PATH)


CONSTRAINTS_URL = Rule(
    code="AUL501",
    name="airflow-constraints-url",
    summary="The `--constraint` URL is missing or not the target's Airflow and Python version",
    fix=FixAvailability.SOMETIMES,
    doc="""
    ## What it does
    Checks the `--constraint` (`-c`, `--constraint=`) lines that point at Apache Airflow's
    published constraints, `https://raw.githubusercontent.com/apache/airflow/constraints-<airflow>/constraints-<python>.txt`:
    one for Airflow 1.10, for another Airflow version, or for another Python version than the
    target MWAA version runs is rewritten to the target's URL, keeping the option as you spelled
    it. A requirements file that no other one includes (`-r`) and that has no `--constraint`
    line, itself or through its includes, gets one before its first requirement, below a
    leading comment block. Other constraints (a local file) are left alone.

    ## Why is this bad?
    MWAA installs Airflow and its preinstalled providers with the constraints of its Airflow
    version, for its Python version (3.7 for 2.0.2 and 2.2.2, 3.10 for 2.4.3 to 2.6.3, 3.11 for
    2.7.2 to 2.10.3, 3.12 for 2.11). Your requirements must resolve against the same pins,
    or pip downgrades or upgrades what Airflow needs, or fails and the environment does not
    start. A 1.10 constraints file pins libraries Airflow 2 cannot run with. From MWAA 2.7.2 on
    the requirements file must have a `--constraint` line (Amazon MWAA User Guide, "Apache
    Airflow versions").

    ## Example
    ```text
    --constraint "https://raw.githubusercontent.com/apache/airflow/constraints-1.10.12/constraints-3.7.txt"
    boto3>=1.12
    ```

    Use instead (MWAA 2.10.3):
    ```text
    --constraint "https://raw.githubusercontent.com/apache/airflow/constraints-2.10.3/constraints-3.11.txt"
    boto3>=1.12
    ```

    ## Fix safety
    Safe: the URL is the one MWAA itself installs with. A URL written with escapes or partial
    quotes is reported without a fix.
    """,
    examples=(
        _example(f'# MWAA 1.10.12\n--constraint "{URL_1_10}"\nboto3>=1.12\n', f'# MWAA 1.10.12\n--constraint "{URL}"\nboto3>=1.12\n'),
        # the right Airflow version for another Python, written -c; then --constraint=
        _example(
            "-c https://raw.githubusercontent.com/apache/airflow/constraints-2.10.3/constraints-3.10.txt\nboto3>=1.12\n",
            f"-c {URL}\nboto3>=1.12\n",
        ),
        _example(
            "--constraint=https://raw.githubusercontent.com/apache/airflow/constraints-2.8.1/constraints-3.11.txt\r\nboto3\r\n",
            f"--constraint={URL}\r\nboto3\r\n",
        ),
        # missing: added below the leading comments
        _example("# Libraries of our DAGs\n\nboto3>=1.12\n", f"# Libraries of our DAGs\n\n{CONSTRAINT}boto3>=1.12\n"),
        # the target's own URL, and constraints of your own
        _example(f"{CONSTRAINT}boto3>=1.12\n"),
        _example("-c constraints/mwaa.txt\nboto3>=1.12\n"),
    ),
)

AIRFLOW_1_REQUIREMENT = Rule(
    code="AUL502",
    name="airflow-1-requirement",
    summary="`apache-airflow` pinned to Airflow 1",
    fix=FixAvailability.ALWAYS,
    doc="""
    ## What it does
    Finds `apache-airflow` requirements, with or without extras, whose version specifier
    excludes the target and pins a 1.x release (`==1.10.12`, `~=1.10`, `<2`), and removes the
    line.

    ## Why is this bad?
    MWAA installs Airflow itself, at the environment's version. A 1.x pin cannot be resolved
    together with the installed Airflow and the target's constraints, so pip installs none of
    the requirements.

    ## Example
    ```text
    apache-airflow[crypto]==1.10.12
    boto3>=1.12
    ```

    Use instead:
    ```text
    boto3>=1.12
    ```

    ## Fix safety
    Safe: MWAA provides Airflow. The extras of the line go with it; AUL505 adds the providers
    your DAGs import.
    """,
    examples=(
        _example(f"{CONSTRAINT}apache-airflow[crypto]==1.10.12\nboto3>=1.12\n", f"{CONSTRAINT}boto3>=1.12\n"),
        _example(f'{CONSTRAINT}boto3>=1.12\napache-airflow>=1.10,<2 ; python_version >= "3.6"  # core', f"{CONSTRAINT}boto3>=1.12\n"),
        # the target's own version is no 1.x pin
        _example(f"{CONSTRAINT}apache-airflow==2.10.3\n"),
    ),
)

LEGACY_AIRFLOW_EXTRA = Rule(
    code="AUL503",
    name="legacy-airflow-extra",
    summary="An `apache-airflow` extra that the target renamed or no longer has",
    fix=FixAvailability.SOMETIMES,
    doc="""
    ## What it does
    Checks the extras of `apache-airflow` requirements against the target's
    `apache-airflow` wheel (names compared as pip compares them: `cncf.kubernetes` is
    `cncf-kubernetes`). A deprecated alias is renamed to the provider extra it stands for,
    where the wheel shows that both install exactly the same (`aws` to `amazon`, `gcp` to
    `google`, `kubernetes` to `cncf.kubernetes`; from 2.2.2, since 2.0.2's aliases still
    install other libraries); an alias whose new name is already there is removed. An extra
    the target does not have (`emr`, the `azure_*` ones) is reported.

    ## Why is this bad?
    Airflow 2.0 renamed the integration extras after the providers (RELEASE_NOTES, "Standardized
    'extra' requirements") and keeps the old names only as deprecated aliases, to be removed in
    Airflow 3. pip skips an extra the package does not have with only a warning, so what it
    used to install is silently missing.

    ## Example
    ```text
    apache-airflow[aws,gcp]==2.10.3
    ```

    Use instead:
    ```text
    apache-airflow[amazon,google]==2.10.3
    ```

    ## Fix safety
    Safe: the new extra installs exactly what the alias installs at the target. An extra the
    target lacks has no fix: check what your code needs from it.
    """,
    examples=(
        _example(f"{CONSTRAINT}apache-airflow[aws,gcp]==2.10.3\n", f"{CONSTRAINT}apache-airflow[amazon,google]==2.10.3\n"),
        _example(f"{CONSTRAINT}apache-airflow[aws, amazon, gcp_api]\n", f"{CONSTRAINT}apache-airflow[amazon, google]\n"),
        _example(f"{CONSTRAINT}apache-airflow[emr]==2.10.3\n", f"{CONSTRAINT}apache-airflow[emr]==2.10.3\n"),
        _example(f"{CONSTRAINT}apache-airflow[amazon,cncf.kubernetes]==2.10.3\n"),
    ),
)

BACKPORT_PROVIDER = Rule(
    code="AUL504",
    name="backport-provider",
    summary="`apache-airflow-backport-providers-*`, which only Airflow 1.10 installs",
    fix=FixAvailability.SOMETIMES,
    doc="""
    ## What it does
    Finds `apache-airflow-backport-providers-<x>` requirements and replaces each with
    `apache-airflow-providers-<x>`, dropping the version specifier so that the constraints
    pick the version, and keeping extras, environment markers and options. A backport with no
    provider at the target (`-email`) is reported without a fix.

    ## Why is this bad?
    The backport providers brought Airflow 2's provider packages to Airflow 1.10, with
    calendar versions (2021.3.3), to install "on top of an existing airflow 1.10.*
    installation" (their PyPI description). Airflow 2 has the providers themselves, which
    hold the same `airflow.providers.<x>` package; no backport is in Airflow 2's constraints.

    ## Example
    ```text
    apache-airflow-backport-providers-google==2021.3.3
    ```

    Use instead:
    ```text
    apache-airflow-providers-google
    ```

    ## Fix safety
    Safe: the provider holds the same modules, at the version MWAA's constraints pin. In a
    file with `--hash` (pip's hash-checking mode), which requires every requirement pinned
    with its hashes, the message names the version to pin and nothing is changed.
    """,
    examples=(
        _example(f"{CONSTRAINT}apache-airflow-backport-providers-amazon==2021.3.3\n", f"{CONSTRAINT}apache-airflow-providers-amazon\n"),
        _example(
            f'{CONSTRAINT}apache-airflow-backport-providers-google[amazon] == 2021.3.3 ; python_version >= "3.6"\n',
            f'{CONSTRAINT}apache-airflow-providers-google[amazon] ; python_version >= "3.6"\n',
        ),
        _example(f"{CONSTRAINT}apache-airflow-backport-providers-email==2021.3.3\n", f"{CONSTRAINT}apache-airflow-backport-providers-email==2021.3.3\n"),
        _example(f"{CONSTRAINT}apache-airflow-providers-amazon\n"),
    ),
)

MISSING_PROVIDER = Rule(
    code="AUL505",
    name="missing-provider-requirement",
    summary="A provider the DAGs or plugins import is neither required nor preinstalled",
    fix=FixAvailability.SOMETIMES,
    doc="""
    ## What it does
    Collects what the project's DAGs and plugins import and, after the import fixes, which
    provider distribution each import needs at the target (`airflow.contrib.hooks.gcs_hook`
    needs `apache-airflow-providers-google`). A provider that is neither in the requirements
    file (or a file it includes with `-r`) nor preinstalled on the target's MWAA image (the
    image's providers and those Airflow itself requires) is reported on each requirements file
    that no other one includes, and appended to it, without a version.

    ## Why is this bad?
    In Airflow 1.10 the integrations were part of Airflow; in Airflow 2 they are separate
    packages, and MWAA preinstalls only a few of them (Amazon, HTTP, Postgres, ...). A DAG
    that imports any other provider fails with `ModuleNotFoundError` until the requirements
    install it.

    ## Example
    With a DAG that does `from airflow.contrib.operators.bigquery_operator import BigQueryOperator`:
    ```text
    boto3>=1.12
    ```

    Use instead:
    ```text
    boto3>=1.12
    apache-airflow-providers-google
    ```

    ## Fix safety
    Safe: the constraints pick the provider's version. A file with `--hash` is not changed
    (pip's hash-checking mode needs the version and hashes).
    """,
    examples=(
        _example(f"{CONSTRAINT}boto3>=1.12", f"{CONSTRAINT}boto3>=1.12\napache-airflow-providers-google\n", GOOGLE_DAG),
        # as a backport, which AUL504 renames; and a provider MWAA preinstalls
        _example(f"{CONSTRAINT}apache-airflow-backport-providers-google==2021.3.3\n", None, GOOGLE_DAG),
        _example(f"{CONSTRAINT}boto3\n", None, (("dags/s3.py", "from airflow.hooks.S3_hook import S3Hook\n"),)),
    ),
)

UNUSED_PROVIDER = Rule(
    code="AUL506",
    name="unused-provider-requirement",
    summary="Hint: a provider in the requirements that no DAG or plugin imports",
    fix=FixAvailability.NEVER,
    doc="""
    ## What it does
    Reports, as a hint, an `apache-airflow-providers-*` requirement (or a backport that
    stands for one) that none of the project's DAGs and plugins imports, after the import
    fixes, and that the MWAA image does not preinstall anyway.

    ## Why is this bad?
    Each provider adds packages to resolve against the constraints, and to the time the
    environment takes to update. But a provider can be needed without any import: for the
    hook of a connection type, a secrets backend or remote logging named in the Airflow
    configuration, or a plugin loaded by entry point. Check before you remove it.

    ## Example
    With DAGs that import only Google operators:
    ```text
    apache-airflow-providers-google
    apache-airflow-providers-slack
    ```

    Use instead, when no configuration or connection needs Slack:
    ```text
    apache-airflow-providers-google
    ```

    ## Fix safety
    No fix: only you know whether something other than an import needs the provider.
    """,
    examples=(
        _example(
            f"{CONSTRAINT}apache-airflow-providers-google\napache-airflow-providers-slack\n",
            f"{CONSTRAINT}apache-airflow-providers-google\napache-airflow-providers-slack\n",
            GOOGLE_DAG,
        ),
        # preinstalled on MWAA: listing it changes nothing
        _example(f"{CONSTRAINT}apache-airflow-providers-amazon\napache-airflow-providers-google\n", None, GOOGLE_DAG),
    ),
)

PIN_CONFLICT = Rule(
    code="AUL507",
    name="pin-conflicts-with-constraints",
    summary="A version specifier that the target's constraints file does not satisfy",
    fix=FixAvailability.NEVER,
    doc="""
    ## What it does
    Compares each requirement's version specifier with the version that the constraints of
    the target MWAA version pin (`apache-airflow` with the target itself), on the target's
    Python: a requirement whose environment marker excludes that Python is skipped.

    ## Why is this bad?
    pip cannot satisfy both: `pip install -r requirements.txt` fails with `ResolutionImpossible`
    and installs none of the requirements. A 1.10 project pins libraries (`boto3`, `requests`,
    providers) at versions Airflow 2's constraints moved past.

    ## Example
    ```text
    boto3==1.12.49
    ```

    Use instead (MWAA 2.10.3 pins boto3 1.35.36):
    ```text
    boto3
    ```

    ## Fix safety
    No fix: whether your code works with the constrained version is for you to test.
    """,
    examples=(
        _example(f"{CONSTRAINT}boto3==1.12.49\n", f"{CONSTRAINT}boto3==1.12.49\n"),
        _example(f"{CONSTRAINT}apache-airflow-providers-amazon>=8.16,<9\n", f"{CONSTRAINT}apache-airflow-providers-amazon>=8.16,<9\n"),
        _example(f"{CONSTRAINT}boto3>=1.12\n"),
        _example(f'{CONSTRAINT}boto3==1.12.49 ; python_version < "3.8"\n'),
    ),
)

RULES = (CONSTRAINTS_URL, AIRFLOW_1_REQUIREMENT, LEGACY_AIRFLOW_EXTRA, BACKPORT_PROVIDER, MISSING_PROVIDER, UNUSED_PROVIDER, PIN_CONFLICT)
