"""The tool's own diagnostics (AUL0xx): inputs it could not check."""

from .diagnostics import FixAvailability
from .rule import Rule

SYNTAX_ERROR = Rule(
    code="AUL001",
    name="syntax-error",
    summary="File does not parse (Python 3, a requirements file or an Airflow configuration format)",
    fix=FixAvailability.NEVER,
    doc="""
    ## What it does
    Reports a file that cannot be parsed, with the parser's line, column and message: a Python
    file, a requirements file (a line that is no valid requirement or option), an `airflow.cfg`
    (an unterminated section header, a line outside any section), or YAML, JSON or Terraform that
    holds Airflow configuration.

    ## Why is this bad?
    Airflow 2 runs on Python 3 only. A DAG file that does not parse (Python 2 `print x`, a
    stray merge marker, a wrong encoding) is an import error in the scheduler, and no other rule
    can check it. The same goes for a requirements file pip rejects or a configuration file
    Airflow or AWS cannot read. The file is never modified; the rest of the run goes on.

    ## Example
    ```python
    print "starting"
    ```

    Use instead:
    ```python
    print("starting")
    ```
    """,
)

UNREADABLE_FILE = Rule(
    code="AUL002",
    name="unreadable-file",
    summary="File could not be read",
    fix=FixAvailability.NEVER,
    doc="""
    ## What it does
    Reports a file that was selected for checking but could not be read (permissions, a
    dangling symbolic link, a file that vanished during the run).

    ## Why is this bad?
    A file the tool cannot read is a file nobody checked. The run goes on with the other
    files and the exit code says something is wrong.
    """,
)

INTERNAL_ERROR = Rule(
    code="AUL003",
    name="internal-error",
    summary="The tool failed on this file",
    fix=FixAvailability.NEVER,
    doc="""
    ## What it does
    Reports that airflow-upgrade-lint itself failed while checking or fixing a file: a bug in
    the tool, or a fix whose result would not parse. The file is left untouched and the run
    exits with code 2.

    ## Why is this bad?
    Nothing is wrong with your file as far as we know; please report the message as a bug.
    """,
)

RULES = (SYNTAX_ERROR, UNREADABLE_FILE, INTERNAL_ERROR)
