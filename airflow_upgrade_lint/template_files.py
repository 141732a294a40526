"""One template file's source in, diagnostics and fixed source out (workspace kind "template").

Airflow renders a file that a templated field names (`sql="export.sql"`) as a Jinja template, so a
removed context variable in it fails the task as it does in a string literal (AUL207). The file is
never parsed as Python: it is decoded as UTF-8, the encoding Airflow's template loader reads, and
only its Jinja blocks are scanned, with the same scanner, message and fix as the Python check.
Each read is a diagnostic at the file's own line and column. `# noqa` does not apply here (`#`
is no comment in most template languages): per-file ignores and --ignore do.
"""

from __future__ import annotations

from typing import Mapping

from .checks.context_variables import FIX_MESSAGE, applicability, message, replaced
from .checks.context_variables_rules import REMOVED_CONTEXT_VARIABLE
from .diagnostics import Diagnostic, Fix, SourceResult
from .jinja_reads import Read, reads
from .knowledge import Knowledge, RemovedContextVariable
from .selection import code_enabled
from .settings import Settings
from .text_files import Lines, not_utf8


def check_template(source: bytes, path: str, settings: Settings, knowledge: Knowledge) -> SourceResult:
    """Check one template file's bytes; with settings.fix (or diff), apply the fixes the flags allow."""
    try:
        text = source.decode("utf-8")
    except UnicodeDecodeError as error:
        return SourceResult([not_utf8(source, path, error, ", the encoding Airflow reads templates in")])
    if not code_enabled(REMOVED_CONTEXT_VARIABLE.code, settings.select, settings.ignore):
        return SourceResult([])
    removed = knowledge.removed_context_variables(settings.target_version or knowledge.default_target)
    found = reads(text, removed)
    fixing = [read for read in found if applicability([removed[read.name]]).allowed(settings.unsafe_fixes)]
    if not (fixing and (settings.fix or settings.diff)):
        return SourceResult(_diagnostics(text, path, found, removed))
    fixed = replaced(text, fixing, removed)
    remaining = _diagnostics(fixed, path, reads(fixed, removed), removed)
    return SourceResult(remaining, fixed=fixed.encode("utf-8"), fixes_applied=len(fixing))


def _diagnostics(
    text: str, path: str, found: list[Read], removed: Mapping[str, RemovedContextVariable]
) -> list[Diagnostic]:
    lines = Lines(text)
    diagnostics = []
    for read in found:
        variable = removed[read.name]
        (line, column), (end_line, end_column) = lines.position(read.start), lines.position(read.end)
        fix = Fix(applicability([variable]), FIX_MESSAGE, ())  # applied on the text above, not as tree edits
        code = REMOVED_CONTEXT_VARIABLE.code
        diagnostics.append(Diagnostic(path, line, column, code, message([variable]), end_line, end_column, fix))
    return diagnostics
