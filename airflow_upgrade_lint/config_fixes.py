"""What the configuration family says about the options found in a text file, as findings
whose edits rewrite the name (in the spelling it was found in) and the value (inside its
quotes, which stay), nothing else; and ConfigFormat, the text format all of them share."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

from .config_occurrences import Name, Occurrence, carried_out, contested, mentions_configuration, renamed
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
    taken = contested((o.name, renamed(o.name, verdicts)) for o, verdicts in judged if o.assigned)
    return [finding(occurrence, verdict, taken) for occurrence, verdicts in judged for verdict in verdicts]


def finding(occurrence: Occurrence, verdict: Verdict, taken: set[Name]) -> Finding:
    """The verdict at the name, or at the value when it is about the value, with the edits that
    carry it out in this spelling (config_occurrences.carried_out)."""
    value = occurrence.value
    outcome = carried_out(verdict, occurrence.name, occurrence.suffix, value.quote if value else None, taken)
    edits = []
    if outcome.new_name is not None:
        edits.append(TextEdit(occurrence.start, occurrence.end, outcome.new_name))
    if value is not None and outcome.new_value is not None:
        edits.append(TextEdit(value.start, value.end, outcome.new_value))
    start, end = (value.start, value.end) if value is not None and outcome.at_value else (occurrence.start, occurrence.end)
    return Finding(verdict.rule, start, end, outcome.message, tuple(edits), verdict.applicability, outcome.fix_message)
