"""What the configuration family says about the options found in a text file, as findings
whose edits rewrite the name (in the spelling it was found in) and the value (inside its
quotes, which stay), nothing else; and ConfigFormat, the text format all of them share."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

from .config_occurrences import (
    Name,
    Occurrence,
    contested,
    contested_message,
    fix_message,
    mentions_configuration,
    writable,
)
from .config_verdicts import Verdict, option_verdicts
from .text_files import Finding, Malformed, TextContext, TextEdit


@dataclass(frozen=True)
class ConfigFormat:
    """A text format that holds Airflow configuration (a text_files.TextFormat): how it is
    validated and where its options are. A text that mentions no Airflow configuration is
    neither validated nor read."""

    comment: str
    validate: Callable[[str], list[Malformed]]
    occurrences: Callable[[str], list[Occurrence]]

    def malformed(self, text: str) -> list[Malformed]:
        return self.validate(text) if mentions_configuration(text) else []

    def findings(self, text: str, context: TextContext) -> list[Finding]:
        return findings(self.occurrences(text), context) if mentions_configuration(text) else []


def findings(occurrences: Iterable[Occurrence], context: TextContext) -> list[Finding]:
    judged = [
        (occurrence, option_verdicts(occurrence.section, occurrence.key, occurrence.value and occurrence.value.text,
                                     context.target, context.knowledge, context.project))
        for occurrence in occurrences
    ]  # fmt: skip
    taken = contested((_name(o), _renamed(o, verdicts)) for o, verdicts in judged if o.assigned)
    return [
        finding(occurrence, verdict, verdict.new_name is not None and (occurrence.spelling, *verdict.new_name) in taken)
        for occurrence, verdicts in judged
        for verdict in verdicts
    ]


def finding(occurrence: Occurrence, verdict: Verdict, contested: bool = False) -> Finding:
    """The verdict at the name, or at the value when it is about the value, with the edits that
    carry it out in this spelling: none for a contested rename, or a value that cannot be
    written here."""
    edits, message = [], verdict.message
    name = occurrence.spelled(*verdict.new_name) if verdict.new_name else None
    if name is not None and contested:
        message, name = contested_message(message, name), None
    if name is not None:
        edits.append(TextEdit(occurrence.start, occurrence.end, name))
    value = occurrence.value
    new_value = verdict.new_value if value is not None and writable(verdict.new_value, value.quote) else None
    if new_value is not None:
        edits.append(TextEdit(value.start, value.end, new_value))
    start, end = (value.start, value.end) if verdict.about_value and value is not None else (occurrence.start, occurrence.end)
    fix = fix_message(name and name + occurrence.suffix, new_value)
    return Finding(verdict.rule, start, end, message, tuple(edits), verdict.applicability, fix)


def _name(occurrence: Occurrence) -> Name:
    return occurrence.spelling, occurrence.section, occurrence.key


def _renamed(occurrence: Occurrence, verdicts: list[Verdict]) -> Name:
    """The name the option has after the fixes."""
    new_name = next((verdict.new_name for verdict in verdicts if verdict.new_name), None)
    return _name(occurrence) if new_name is None else (occurrence.spelling, *new_name)
