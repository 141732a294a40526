"""Output for programs: a JSON list, in ruff's field names, stably ordered."""

from __future__ import annotations

import json
from typing import Mapping

from ..diagnostics import Diagnostic
from ..rule import Rule
from ..runner import FileReport
from . import Statistic, diagnostics


def _dumps(value: object) -> str:
    return json.dumps(value, indent=2) + "\n"


def _diagnostic(diagnostic: Diagnostic, rules: Mapping[str, Rule]) -> dict:
    fix = diagnostic.fix
    end = (diagnostic.end_line, diagnostic.end_column) if diagnostic.end_line else (diagnostic.line, diagnostic.column)
    return {
        "code": diagnostic.code,
        "name": rules[diagnostic.code].name,
        "message": diagnostic.message,
        "filename": diagnostic.path,
        "location": {"row": diagnostic.line, "column": diagnostic.column},
        "end_location": {"row": end[0], "column": end[1]},
        "fix": fix and {"applicability": fix.applicability.value, "message": fix.message},
    }


def render(reports: list[FileReport], rules: Mapping[str, Rule]) -> str:
    return _dumps([_diagnostic(d, rules) for d in diagnostics(reports)])


def statistics(rows: list[Statistic]) -> str:
    return _dumps([{"code": r.code, "name": r.name, "count": r.count, "fixable": r.fix == "[*]"} for r in rows])


def rule_list(rules: list[Rule]) -> str:
    return _dumps(
        [
            {
                "code": rule.code,
                "name": rule.name,
                "summary": rule.summary,
                "fix": rule.fix.value,
                "explanation": rule.documentation(),
            }
            for rule in rules
        ]
    )
