"""The requirements-file format (`requirements.txt` and the files it includes): checked against
what the target MWAA version installs (rules AUL501 to AUL507), with edits that touch only the
lines they fix. Read by requirements_reader.py; facts across files from requirements_project.py.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

from . import provider_imports, requirement_facts
from .checks.requirements_rules import (
    AIRFLOW_1_REQUIREMENT,
    BACKPORT_PROVIDER,
    CONSTRAINTS_URL,
    LEGACY_AIRFLOW_EXTRA,
    MISSING_PROVIDER,
    PIN_CONFLICT,
    UNUSED_PROVIDER,
)
from .requirement_facts import BACKPORT_PREFIX, PROVIDER_PREFIX, TargetRequirements
from .requirements_project import IncludedFacts, RequirementsProject, installed_name
from .requirements_reader import Entry, Parsed, parse
from .text_files import Finding, Malformed, TextContext, TextEdit, line_break

CORE = "apache-airflow"
LEGACY = Version("1.10.15")  # the last 1.10 release
# why a file in pip's hash-checking mode gets no fix that leaves a requirement unpinned
_HASH_CHECKING = "; no fix: with --hash, pip needs every requirement pinned, with its hashes"
_PARTS = re.compile(r"(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)\s*(?P<extras>\[[^\]]*\])?\s*(?P<rest>.*)", re.S)
# apache/airflow's published constraints: constraints-<airflow version or branch>/constraints[-variant]-<python>.txt
_AIRFLOW_CONSTRAINTS = re.compile(
    r"^https?://raw\.githubusercontent\.com/apache/airflow/constraints-(?P<ref>[^/]+)/"
    r"constraints-(?:[a-z-]+-)?(?P<python>\d+\.\d+)\.txt$"
)


class RequirementsFormat:
    comment = "#"

    def malformed(self, text: str) -> list[Malformed]:
        return list(parse(text).problems)

    def findings(self, text: str, context: TextContext) -> list[Finding]:
        directory = context.knowledge.directory
        facts = requirement_facts.load(directory).get(context.target) if directory else None
        if facts is None:
            return []
        return _Checker(text, parse(text), context, facts).findings()


FORMAT = RequirementsFormat()


@dataclass
class _Checker:
    text: str
    parsed: Parsed
    context: TextContext
    facts: TargetRequirements

    @property
    def newline(self) -> str:
        return line_break(self.text)

    @property
    def files(self) -> RequirementsProject | None:
        return self.context.project.requirements

    @property
    def included(self) -> IncludedFacts:
        return self.files.included(self.context.path) if self.files else IncludedFacts()

    @property
    def wanted_constraints(self) -> str:
        return f"Airflow {self.facts.version}'s constraints for Python {self.facts.python}"

    @functools.cached_property
    def imported(self) -> dict[str, str] | None:
        """Provider -> an import path of the project's that needs it; None when no code was read."""
        if not self.files or self.files.imports is None:
            return None
        return provider_imports.imported_providers(self.files.imports, self.context.knowledge, self.facts)

    def findings(self) -> list[Finding]:
        found: list[Finding] = []
        for entry in self.parsed.entries:
            found += self.constraints(entry)
            if entry.requirement is not None:
                found += self.requirement(entry, entry.requirement)
        found += self.missing_constraints() + self.missing_providers()
        return sorted(found, key=lambda finding: (finding.start, finding.rule.code))

    # AUL501
    def constraints(self, entry: Entry) -> list[Finding]:
        found = []
        for option in entry.option_values("--constraint"):
            match = _AIRFLOW_CONSTRAINTS.match(option.value or "")
            if match is None or option.value == self.facts.constraints_url:
                continue
            wanted = self.wanted_constraints
            message = (
                f"The constraints are Airflow {match['ref']}'s for Python {match['python']}; "
                f"MWAA {self.facts.version} needs {wanted}: {self.facts.constraints_url}"
            )
            start, end = entry.line.span(*option.value_span) if option.value_span else (entry.line.start, entry.line.end)
            edits = (TextEdit(start, end, self.facts.constraints_url),) if option.value_span else ()
            found.append(Finding(CONSTRAINTS_URL, start, end, message, edits, fix_message=f"Use {wanted}"))
        return found

    def missing_constraints(self) -> list[Finding]:
        if not self.included.root or self.included.constrained:
            return []
        if any(entry.option_values("--constraint") for entry in self.parsed.entries):
            return []
        first = self.parsed.entries[0].line.start if self.parsed.entries else len(self.text)
        line = f'--constraint "{self.facts.constraints_url}"'
        insert = line + self.newline if self.parsed.entries else self._appended(line)
        wanted = self.wanted_constraints
        message = f"No `--constraint` line: MWAA {self.facts.version} installs with {wanted}"
        return [Finding(CONSTRAINTS_URL, first, first, message, (TextEdit(first, first, insert),), fix_message=f"Add {wanted}")]

    def _appended(self, line: str) -> str:
        """`line` to insert at the end of the text, after a line break the text may lack."""
        needs_break = bool(self.text) and not self.text.endswith("\n")
        return (self.newline if needs_break else "") + line + self.newline

    def requirement(self, entry: Entry, requirement: Requirement) -> list[Finding]:
        name = canonicalize_name(requirement.name)
        if name == CORE:  # a line AUL502 removes needs no other finding
            return self.airflow_1(entry, requirement) or self.extras(entry) + self.conflict(entry, requirement)
        if name.startswith(BACKPORT_PREFIX):
            return self.backport(entry, requirement)
        return self.unused(entry, name) + self.conflict(entry, requirement)

    # AUL502
    def airflow_1(self, entry: Entry, requirement: Requirement) -> list[Finding]:
        if not _pins_airflow_1(requirement.specifier, self.facts.version):
            return []
        start, end = entry.line.span(*entry.requirement_span)
        message = (
            f"`{_written(entry)}` asks for Airflow 1; MWAA installs Airflow "
            f"{self.facts.version} itself, and no 1.x resolves against its constraints"
        )
        edit = TextEdit(entry.line.start, entry.line.following, "")
        return [Finding(AIRFLOW_1_REQUIREMENT, start, end, message, (edit,), fix_message="Remove the line")]

    # AUL503
    def extras(self, entry: Entry) -> list[Finding]:
        found = []
        for extra, (start, end), (cut_start, cut_end) in self._extra_tokens(entry):
            key = canonicalize_name(extra)
            if key in self.facts.renamed_extras:
                new = self.facts.renamed_extras[key]
                duplicate = self._duplicate(key, canonicalize_name(new), entry)
                edit = TextEdit(cut_start, cut_end, "") if duplicate else TextEdit(start, end, new)
                message = f"The apache-airflow extra `{extra}` is deprecated at {self.facts.version}: it is `{new}` now"
                fix = f"Remove `{extra}`, a second `{new}`" if duplicate else f"Rename to `{new}`"
                found.append(Finding(LEGACY_AIRFLOW_EXTRA, start, end, message, (edit,), fix_message=fix))
            elif key not in self.facts.extras:
                had = " (1.10.15 had it)" if key in self.facts.gone_extras else ""
                message = f"apache-airflow {self.facts.version} has no extra `{extra}`{had}: pip ignores it with a warning"
                found.append(Finding(LEGACY_AIRFLOW_EXTRA, start, end, message))
        return found

    def _duplicate(self, alias: str, new: str, entry: Entry) -> bool:
        """Whether renaming `alias` would repeat an extra of the line: one before it that is, or
        becomes, `new`, or `new` itself after it. The first of equals is kept."""
        names = [canonicalize_name(extra) for extra, _, _ in self._extra_tokens(entry)]
        index = names.index(alias)
        before = {canonicalize_name(self.facts.renamed_extras.get(name, name)) for name in names[:index]}
        return new in before or new in names[index + 1 :]

    def _extra_tokens(self, entry: Entry) -> list[tuple[str, tuple[int, int], tuple[int, int]]]:
        """(extra, its text offsets, the offsets that remove it with one separator) per extra."""
        begin, end = entry.requirement_span
        match = _PARTS.match(entry.line.content, begin, end)
        if match is None or match["extras"] is None:
            return []
        inner = match.start("extras") + 1
        names = list(re.finditer(r"[^,\s\]]+", entry.line.content[inner : match.end("extras") - 1]))
        tokens = []
        for index, name in enumerate(names):
            start, stop = inner + name.start(), inner + name.end()
            if index:  # with the separator before it
                cut = (inner + names[index - 1].end(), stop)
            elif len(names) > 1:  # the first: with the separator after it
                cut = (start, inner + names[1].start())
            else:
                cut = (start, stop)
            tokens.append((name.group(), entry.line.span(start, stop), entry.line.span(*cut)))
        return tokens

    # AUL504
    def backport(self, entry: Entry, requirement: Requirement) -> list[Finding]:
        provider = installed_name(requirement)
        start, end = entry.line.span(*entry.requirement_span)
        if provider not in self.facts.providers:
            message = (
                f"`{requirement.name}` is for Airflow 1.10, and no `{provider}` exists at {self.facts.version}: "
                "remove the line, and import what it provided from Airflow or another provider"
            )
            return [Finding(BACKPORT_PROVIDER, start, end, message)]
        version = self.facts.pinned(provider)
        message = f"`{requirement.name}` is for Airflow 1.10: use `{provider}` (the constraints pin {version})"
        edits = self._renamed(entry, provider)
        if self.parsed.hash_checking:
            message += _HASH_CHECKING
            edits = ()
        return [Finding(BACKPORT_PROVIDER, start, end, message, edits, fix_message=f"Use `{provider}`")]

    def _renamed(self, entry: Entry, new: str) -> tuple[TextEdit, ...]:
        """The name replaced and the version specifier dropped; extras and markers kept."""
        begin, end = entry.requirement_span
        match = _PARTS.match(entry.line.content, begin, end)
        if match is None or entry.requirement.url:
            return ()
        edits = [TextEdit(*entry.line.span(match.start("name"), match.end("name")), new)]
        specifier = re.match(r"[^;]*", match["rest"]).group().rstrip()
        if specifier:
            spec_start = match.start("rest")
            spec_begin = match.end("extras") if match["extras"] else match.end("name")  # drop the space before it too
            edits.append(TextEdit(*entry.line.span(spec_begin, spec_start + len(specifier)), ""))
        return tuple(edits)

    # AUL505
    def missing_providers(self) -> list[Finding]:
        if not self.included.root or self.imported is None:
            return []
        required = {installed_name(entry.requirement) for entry in self.parsed.requirements} | set(self.included.names)
        missing = [(name, path) for name, path in sorted(self.imported.items()) if name not in required and name not in self.facts.preinstalled]
        end = len(self.text)
        found = []
        for index, (provider, path) in enumerate(missing):
            message = (
                f"`{provider}` is neither in the requirements nor preinstalled on MWAA {self.facts.version}, "
                f"and the project imports `{path}` from it"
            )
            # The first finding adds them all: text_files applies one insertion at an offset per
            # round, and MAX_FIX_ROUNDS would cut a long list short. The others keep their own
            # insertion, which overlaps it, for their fix mark.
            added = self.newline.join(name for name, _ in missing) if index == 0 else provider
            edits: tuple[TextEdit, ...] = (TextEdit(end, end, self._appended(added)),)
            if self.parsed.hash_checking:
                message += _HASH_CHECKING
                edits = ()
            found.append(Finding(MISSING_PROVIDER, 0, 0, message, edits, fix_message=f"Add `{provider}`"))
        return found

    # AUL506
    def unused(self, entry: Entry, name: str) -> list[Finding]:
        if not name.startswith(PROVIDER_PREFIX) or name in self.facts.preinstalled:
            return []
        if self.imported is None or name in self.imported:
            return []
        start, end = entry.line.span(*entry.requirement_span)
        message = (
            f"No DAG or plugin imports `{name}`: it may still be needed by a connection type (its hook), "
            "a secrets backend, remote logging or other configuration; otherwise remove it"
        )
        return [Finding(UNUSED_PROVIDER, start, end, message)]

    # AUL507
    def conflict(self, entry: Entry, requirement: Requirement) -> list[Finding]:
        name = canonicalize_name(requirement.name)
        pinned = self.facts.version if name == CORE else self.facts.pinned(name)
        if pinned is None or not requirement.specifier or requirement.url:
            return []
        if requirement.marker is not None and not requirement.marker.evaluate(_environment(self.facts.python)):
            return []  # pip skips it on the target's Python
        try:
            if requirement.specifier.contains(Version(pinned), prereleases=True):
                return []
        except InvalidVersion:
            return []
        start, end = entry.line.span(*entry.requirement_span)
        owner = "MWAA installs" if name == CORE else f"the constraints of Airflow {self.facts.version} pin"
        message = f"`{_written(entry)}` conflicts with the target: {owner} {requirement.name} {pinned}"
        return [Finding(PIN_CONFLICT, start, end, message)]


def _written(entry: Entry) -> str:
    """The requirement as the file writes it, without its environment marker."""
    return entry.line.content[slice(*entry.requirement_span)].split(";", 1)[0].strip()


def _pins_airflow_1(specifier: SpecifierSet, target: str) -> bool:
    """The specifier excludes the target and admits 1.10.15 or names a 1.x release: a 1.10 project's pin."""
    if not specifier or specifier.contains(Version(target), prereleases=True):
        return False
    return specifier.contains(LEGACY) or any(spec.operator in ("==", "===", "~=") and spec.version.startswith("1.") for spec in specifier)


def _environment(python: str) -> dict[str, str]:
    """Marker variables of the MWAA image (Amazon Linux) at the target's Python."""
    return {"python_version": python, "python_full_version": f"{python}.0", "sys_platform": "linux", "platform_system": "Linux", "os_name": "posix"}
