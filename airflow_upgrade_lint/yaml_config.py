"""Airflow configuration in YAML (workspace kind "yaml"): CloudFormation templates with an
`AWS::MWAA::Environment`'s AirflowConfigurationOptions, docker-compose files (`environment:` as
a map or as a `- NAME=value` list), and any YAML that sets `AIRFLOW__X__Y` variables.

PyYAML's event parser validates the file and places MWAA's `section.key` options: only a
mapping key counts, at the marks of its scalar, with the scalar after it as the value. Events
are what the parser sees before any construction, so CloudFormation's tags (!Ref, !Sub, ...)
need no constructor; a tagged value is not read, as the tag computes it.
"""

from __future__ import annotations

import functools
from typing import Iterator

import yaml

from .config_fixes import ConfigFormat
from .config_occurrences import DOTTED_NAME, Occurrence, Spelling, Value, env_occurrences
from .text_files import Lines, Malformed

_COLLECTION_START = (yaml.MappingStartEvent, yaml.SequenceStartEvent)
_COLLECTION_END = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


def validate(text: str) -> list[Malformed]:
    problem = _parsed(text)[1]
    return [problem] if problem else []


@functools.lru_cache(maxsize=2)  # a text is validated, then read: parse it once (PyYAML is pure Python)
def _parsed(text: str) -> tuple[tuple[yaml.Event, ...], Malformed | None]:
    """The text's events, or what makes it invalid YAML."""
    try:
        return tuple(yaml.parse(text, Loader=yaml.SafeLoader)), None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        where = f" ({error.context}, line {error.context_mark.line + 1})" if error.context and error.context_mark else ""
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return (), Malformed(line, column, f"Invalid YAML: {error.problem}{where}")
    except yaml.reader.ReaderError as error:  # a character YAML does not allow
        line, column = Lines(text).position(error.position)
        return (), Malformed(line, column, f"Invalid YAML: {error.reason} character {error.character!r}")


def occurrences(text: str) -> list[Occurrence]:
    found = env_occurrences(text)
    for key, value in _mapping_entries(text):
        start, end = _content(key)
        name = DOTTED_NAME.fullmatch(text, start, end)
        if name is not None and name.group() == key.value:
            section, option = name.group("section").lower(), name.group("key").lower()
            found.append(Occurrence(Spelling.DOTTED, section, option, start, end, _value(text, value)))
    return found


def _mapping_entries(text: str) -> Iterator[tuple[yaml.ScalarEvent, yaml.Event]]:
    """(key, value) of every mapping entry whose key is a scalar; the value is the event that
    starts its node (a scalar, an alias, or the start of a collection)."""
    frames: list[list] = []  # per open collection: [is a mapping, its pending key or None]
    for event in _parsed(text)[0]:
        if isinstance(event, _COLLECTION_END):
            frames.pop()
            continue
        if not isinstance(event, yaml.NodeEvent):
            continue
        if frames and frames[-1][0]:
            key = frames[-1][1]
            if key is None:
                frames[-1][1] = event
            else:
                frames[-1][1] = None
                if isinstance(key, yaml.ScalarEvent):
                    yield key, event
        if isinstance(event, _COLLECTION_START):
            frames.append([isinstance(event, yaml.MappingStartEvent), None])


def _content(scalar: yaml.ScalarEvent) -> tuple[int, int]:
    """The offsets of a one-line scalar's characters, inside its quotes."""
    start, end = scalar.start_mark.index, scalar.end_mark.index
    if scalar.style in ("'", '"'):
        return start + 1, end - 1
    return start, end


def _value(text: str, event: yaml.Event) -> Value | None:
    """The scalar's value, when it is written on one line, untagged and without interpolation."""
    if not isinstance(event, yaml.ScalarEvent) or event.tag is not None or event.style not in (None, "'", '"'):
        return None
    start, end = _content(event)
    raw = text[start:end]
    if "\n" in raw or "$" in event.value or (event.style is None and raw != event.value):
        return None
    return Value(event.value, start, end, event.style or "")


FORMAT = ConfigFormat("#", validate, occurrences)
