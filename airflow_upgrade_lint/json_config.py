"""Airflow configuration in JSON (workspace kind "json"): CloudFormation templates with an
`AWS::MWAA::Environment`, input for `aws mwaa create-environment --cli-input-json`, and any
other JSON that sets `AIRFLOW__X__Y` variables or MWAA's `"section.key"` options.

Validated with the json module (the parser the AWS CLI uses), so what it rejects, such as a
trailing comma, is reported at its line and the file is not edited.
"""

from __future__ import annotations

import json
import re

from .config_fixes import ConfigFormat
from .config_occurrences import Occurrence, dotted_occurrences, env_occurrences, json_strings
from .text_files import Lines, Malformed

_TRAILING_COMMA = re.compile(r",\s*$")


def validate(text: str) -> list[Malformed]:
    skipped = 1 if text.startswith("\ufeff") else 0  # a byte order mark, which JSON readers may ignore
    try:
        json.loads(text[skipped:])
    except json.JSONDecodeError as error:
        at = error.pos + skipped
        if text[at : at + 1] in ("}", "]"):
            comma = _TRAILING_COMMA.search(text, 0, at)
            if comma is not None:  # json names the closing bracket; the mistake is the comma
                at, message = comma.start(), f"Invalid JSON: trailing comma before `{text[at]}`"
                return [Malformed(*Lines(text).position(at), message)]
        return [Malformed(*Lines(text).position(at), f"Invalid JSON: {error.msg}")]
    return []


def occurrences(text: str) -> list[Occurrence]:
    return env_occurrences(text) + dotted_occurrences(text, json_strings(text))


FORMAT = ConfigFormat("", validate, occurrences)
