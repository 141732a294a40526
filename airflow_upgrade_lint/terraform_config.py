"""Airflow configuration in Terraform (workspace kinds "terraform": *.tf, *.tfvars): an
`aws_mwaa_environment`'s `airflow_configuration_options = { "core.dag_concurrency" = "16" }`,
and `AIRFLOW__X__Y` variables anywhere (container definitions, heredoc scripts).

There is no HCL parser among the dependencies, so a light scan stands in for one: it follows
strings (with their `${...}` templates), comments and heredocs, checks that brackets and quotes
are balanced, and names the line where they are not; the file is then not edited. MWAA option
keys are the string tokens it finds outside comments, heredocs and templates.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from .config_fixes import ConfigFormat
from .config_occurrences import Occurrence, dotted_occurrences, env_occurrences
from .text_files import Lines, Malformed

_CLOSERS = {"}": "{", "]": "[", ")": "("}
_HEREDOC = re.compile(r"<<-?(?P<marker>[A-Za-z_][\w-]*)[ \t]*\r?\n")


@dataclass
class _Scan:
    """What the light scan found: top-level string tokens (quotes included), or what is wrong."""

    strings: list[tuple[int, int]] = field(default_factory=list)
    problem: tuple[int, str] | None = None  # (offset, message)


@functools.lru_cache(maxsize=2)  # a text is validated, then read: scan it once
def _scan(text: str) -> _Scan:
    scan = _Scan()
    open_: list[tuple[str, int]] = []  # "{", "[", "(", '"' (a string), "${" (a template in one)
    index = 0
    while index < len(text):
        char = text[index]
        if open_ and open_[-1][0] == '"':
            if char == "\\":
                index += 2
                continue
            if text.startswith(("$${", "%%{"), index):  # a literal `${`, no template
                index += 3
                continue
            if char == "\n":
                return _failed(scan, open_[-1][1], "unterminated string")
            if text.startswith(("${", "%{"), index):
                open_.append(("${", index))
                index += 2
                continue
            if char == '"':
                start = open_.pop()[1]
                if not any(kind == '"' for kind, _ in open_):
                    scan.strings.append((start, index + 1))
            index += 1
            continue
        if char == "#" or text.startswith("//", index):
            index = _line_end(text, index)
            continue
        if text.startswith("/*", index):
            close = text.find("*/", index + 2)
            if close < 0:
                return _failed(scan, index, "unterminated comment")
            index = close + 2
            continue
        heredoc = _HEREDOC.match(text, index)
        if heredoc is not None:
            marker = re.compile(rf"^[ \t]*{re.escape(heredoc.group('marker'))}[ \t]*\r?$", re.MULTILINE)
            close = marker.search(text, heredoc.end())
            if close is None:
                return _failed(scan, index, f"heredoc without its closing `{heredoc.group('marker')}`")
            index = close.end()
            continue
        if char in '"{[(':
            open_.append((char, index))
        elif char in _CLOSERS:
            expected = ("${", "{") if char == "}" else (_CLOSERS[char],)
            if not open_ or open_[-1][0] not in expected:
                return _failed(scan, index, f"unbalanced `{char}`")
            open_.pop()
        index += 1
    if open_:
        kind, start = open_[-1]
        return _failed(scan, start, "unterminated string" if kind == '"' else f"`{kind}` never closed")
    return scan


def _line_end(text: str, index: int) -> int:
    end = text.find("\n", index)
    return len(text) if end < 0 else end


def _failed(scan: _Scan, offset: int, message: str) -> _Scan:
    scan.problem = (offset, message)
    return scan


def validate(text: str) -> list[Malformed]:
    problem = _scan(text).problem
    if problem is None:
        return []
    line, column = Lines(text).position(problem[0])
    return [Malformed(line, column, f"Invalid Terraform: {problem[1]}")]


def occurrences(text: str) -> list[Occurrence]:
    return env_occurrences(text) + dotted_occurrences(text, _scan(text).strings)


FORMAT = ConfigFormat("#", validate, occurrences)
