"""Requirements files (`requirements.txt` and the files it includes): read as pip reads them, and
checked against what the target MWAA version installs (rules AUL501 to AUL507).

pip's reading (pip 23, pip/_internal/req/req_file.py), which `Logical` and `parse` follow: a
physical line ending in a backslash continues on the next one, unless it is a comment line; a
`#` at the start or after whitespace starts a comment; of the rest, what comes before the first
space-separated token starting with `-` is the requirement and the remainder its options, split
shell-like and read by optparse (long options may be abbreviated). A requirement is a PEP 508
line (read with `packaging`), or a URL or local path that pip installs as is and is left alone
here. Offsets are kept for every part, so that a fix replaces only the characters it changes.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator

from packaging.requirements import InvalidRequirement, Requirement
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
from .text_files import Finding, Lines, Malformed, TextContext, TextEdit

CORE = "apache-airflow"
LEGACY = Version("1.10.15")  # the last 1.10 release
_COMMENT = re.compile(r"(^|\s+)#.*$")
_OPTIONS_START = re.compile(r"(?:^| )-")  # pip splits on single spaces: a token starting with "-"
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")  # a scheme: http:, git+https:, file:
_ARCHIVES = (".whl", ".zip", ".tar.gz", ".tgz", ".tar", ".tar.bz2", ".tbz", ".tar.xz", ".txz", ".tlz", ".tar.lz", ".tar.lzma")
_PARTS = re.compile(r"(?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)\s*(?P<extras>\[[^\]]*\])?\s*(?P<rest>.*)", re.S)
# apache/airflow's published constraints: constraints-<airflow version or branch>/constraints[-variant]-<python>.txt
_AIRFLOW_CONSTRAINTS = re.compile(
    r"^https?://raw\.githubusercontent\.com/apache/airflow/constraints-(?P<ref>[^/]+)/"
    r"constraints-(?:[a-z-]+-)?(?P<python>\d+\.\d+)\.txt$"
)

# optparse's view of the options pip accepts in a requirements file: long name -> takes a value
_LONG_OPTIONS = {
    "--index-url": True, "--pypi-url": True, "--extra-index-url": True, "--no-index": False,
    "--constraint": True, "--requirement": True, "--editable": True, "--find-links": True,
    "--no-binary": True, "--only-binary": True, "--prefer-binary": False, "--require-hashes": False,
    "--pre": False, "--trusted-host": True, "--use-feature": True, "--global-option": True,
    "--hash": True, "--config-settings": True,
}  # fmt: skip
_SHORT_OPTIONS = {"-i": "--index-url", "-c": "--constraint", "-r": "--requirement", "-e": "--editable", "-f": "--find-links", "-C": "--config-settings"}


# --- reading -------------------------------------------------------------------------------------


@dataclass
class Logical:
    """One logical line: physical lines joined at backslash continuations, comment removed."""

    number: int  # 1-based, of its first physical line
    start: int  # offset of its first character
    end: int  # offset after its last character, before the line break
    following: int  # offset of the next line
    content: str = ""  # what pip reads, comment removed
    offsets: list[int] = field(default_factory=list)  # content index -> text offset

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Text offsets of content[start:end] (end > start)."""
        return self.offsets[start], self.offsets[end - 1] + 1

    def offset(self, index: int) -> int:
        """The text offset of content[index], or of the line's end past the content."""
        return self.offsets[index] if index < len(self.offsets) else self.end


def physical_lines(text: str) -> Iterator[tuple[int, int, int]]:
    """(start, end without the line break, start of the next line) of each line."""
    start = 0
    while start < len(text):
        newline = text.find("\n", start)
        following = len(text) if newline < 0 else newline + 1
        end = following - 1 if newline >= 0 else len(text)
        if end > start and text[end - 1] == "\r":
            end -= 1
        yield start, end, following
        start = following


def logical_lines(text: str) -> Iterator[Logical]:
    pending: Logical | None = None
    for number, (start, end, following) in enumerate(physical_lines(text), 1):
        line = text[start:end]
        current = pending or Logical(number, start, end, following)
        current.end, current.following = end, following
        continued = line.endswith("\\") and not _COMMENT.match(line)
        if _COMMENT.match(line) and pending:  # pip keeps a comment line inside a continuation apart
            line, start = " " + line, start - 1
        kept = line.strip("\\") if continued else line
        first = start + (len(line) - len(line.lstrip("\\")) if continued else 0)
        current.content += kept
        current.offsets += range(first, first + len(kept))
        if continued:
            pending = current
            continue
        pending = None
        yield _without_comment(current)
    if pending:
        yield _without_comment(pending)


def _without_comment(line: Logical) -> Logical:
    match = _COMMENT.search(line.content)
    if match:
        line.content, line.offsets = line.content[: match.start()], line.offsets[: match.start()]
    return line


@dataclass(frozen=True)
class Token:
    value: str  # after shell-like unquoting
    start: int  # content index of its raw text
    raw: str


def shell_tokens(content: str, start: int) -> list[Token]:
    """content[start:] split like shlex.split (POSIX), each token with its raw text; ValueError
    on an unterminated quote, with shlex's message."""
    tokens: list[Token] = []
    index = start
    while index < len(content):
        if content[index].isspace():
            index += 1
            continue
        begin, value, quote = index, [], ""
        while index < len(content) and (quote or not content[index].isspace()):
            char = content[index]
            if quote and char == quote:
                quote = ""
            elif not quote and char in "'\"":
                quote = char
            elif char == "\\" and quote != "'" and index + 1 < len(content):
                index += 1
                value.append(content[index])
            else:
                value.append(char)
            index += 1
        if quote:
            raise ValueError("No closing quotation")
        tokens.append(Token("".join(value), begin, content[begin:index]))
    return tokens


@dataclass(frozen=True)
class Option:
    name: str  # the long name, "--constraint"
    value: str | None
    value_span: tuple[int, int] | None  # content indices of the value, when it can be replaced as written


@dataclass(frozen=True)
class Entry:
    """A logical line that says something: a requirement, options, or both."""

    line: Logical
    options: tuple[Option, ...]
    requirement: Requirement | None = None  # None for option lines and URLs or paths
    requirement_span: tuple[int, int] = (0, 0)  # content indices of the requirement text
    opaque: bool = False  # a URL or local path: installed as is, not read here

    def option_values(self, name: str) -> list[Option]:
        return [option for option in self.options if option.name == name]


@dataclass(frozen=True)
class Parsed:
    entries: tuple[Entry, ...]
    problems: tuple[Malformed, ...]

    @property
    def requirements(self) -> list[Entry]:
        return [entry for entry in self.entries if entry.requirement is not None]

    @property
    def hash_checking(self) -> bool:
        """pip's hash-checking mode: every requirement then needs a pinned version and its hashes."""
        return any(entry.option_values("--hash") or entry.option_values("--require-hashes") for entry in self.entries)


def parse(text: str) -> Parsed:
    entries, problems = [], []
    for line in logical_lines(text):
        if not line.content.strip():
            continue
        try:
            entries.append(_entry(line))
        except _Problem as problem:
            problems.append(Malformed(*Lines(text).position(line.offset(problem.index)), problem.message))
    return Parsed(tuple(entries), tuple(problems))


class _Problem(Exception):
    def __init__(self, index: int, message: str) -> None:
        super().__init__(message)
        self.index, self.message = index, message


def _entry(line: Logical) -> Entry:
    content = line.content
    match = _OPTIONS_START.search(content)
    split = len(content) if match is None else match.end() - 1
    options = _options(content, split)
    text = content[:split].strip()
    if not text:
        return Entry(line, options)
    begin = len(content) - len(content.lstrip())
    if _opaque(text):
        return Entry(line, options, None, (begin, begin + len(text)), opaque=True)
    try:
        requirement = Requirement(text)
    except InvalidRequirement as error:
        reason, _, rest = str(error).partition("\n")
        caret = rest.rsplit("\n", 1)[-1].find("^") - 4  # packaging indents the echo and caret by 4
        raise _Problem(begin + max(caret, 0), f"Invalid requirement: {text!r}: {reason}") from None
    return Entry(line, options, requirement, (begin, begin + len(text)))


def _opaque(text: str) -> bool:
    """A URL, a VCS or archive reference, or a local path: what pip installs without a name."""
    head = text.split(";", 1)[0].strip()
    if "@" in head and not _URL.match(head):  # `name @ url`: PEP 508
        return False
    return bool(_URL.match(head)) or head.startswith((".", "/", "~")) or "/" in head or "\\" in head or head.endswith(_ARCHIVES)


def _options(content: str, start: int) -> tuple[Option, ...]:
    try:
        tokens = shell_tokens(content, start)
    except ValueError as error:
        raise _Problem(start, str(error)) from None
    options, index = [], 0
    while index < len(tokens):
        token = tokens[index]
        index += 1
        if token.value.startswith("--"):
            written, has_value, value = token.value.partition("=")
            name = _long_option(written, token.start)
            if not _LONG_OPTIONS[name]:
                if has_value:
                    raise _Problem(token.start, f"{written} option does not take a value")
                options.append(Option(name, None, None))
                continue
            prefix = token.raw.find("=") + 1 if has_value else 0
        elif token.value.startswith("-") and len(token.value) > 1:
            written = token.value[:2]
            if written not in _SHORT_OPTIONS:
                raise _Problem(token.start, f"no such option: {written}")
            name, value, prefix = _SHORT_OPTIONS[written], token.value[2:], 2 if len(token.value) > 2 else 0
        else:  # optparse hands leftover arguments back, and pip ignores them
            continue
        if not prefix:
            if index == len(tokens):
                raise _Problem(token.start, f"{written} option requires 1 argument")
            token, prefix, value = tokens[index], 0, tokens[index].value
            index += 1
        options.append(Option(name, value, _value_span(token, prefix)))
    return tuple(options)


def _long_option(written: str, index: int) -> str:
    if written in _LONG_OPTIONS:
        return written
    matches = sorted(name for name in _LONG_OPTIONS if name.startswith(written))
    if len(matches) == 1:  # optparse accepts a unique abbreviation
        return matches[0]
    if matches:
        raise _Problem(index, f"ambiguous option: {written} ({', '.join(matches)}?)")
    raise _Problem(index, f"no such option: {written}")


def _value_span(token: Token, prefix: int) -> tuple[int, int] | None:
    """Content indices of the value in raw[prefix:], bare or wholly quoted; None when it is
    written some other way (escapes, partial quotes) that an in-place edit could break."""
    raw = token.raw[prefix:]
    start = token.start + prefix
    if raw[:1] in "'\"" and len(raw) > 1 and raw[-1] == raw[0] and not any(c in raw[1:-1] for c in "'\"\\"):
        return start + 1, start + len(raw) - 1
    if raw and not any(c in raw for c in "'\"\\"):
        return start, start + len(raw)
    return None


# --- facts across files: which files include which, for the project pass --------------------------


@dataclass(frozen=True)
class IncludedFacts:
    """What a requirements file gets from the files it includes with `-r`, and whether it is a
    root: a file that no other requirements file of the run includes, so MWAA may install it."""

    root: bool = True
    names: tuple[str, ...] = ()  # canonical distributions they require, backports as their providers
    constrained: bool = False  # one of them has a `-c` line


@dataclass(frozen=True)
class RequirementsProject:
    """The requirements files of the run and what the project's Python code imports."""

    files: tuple[tuple[str, IncludedFacts], ...] = ()  # resolved path, sorted
    imports: tuple[str, ...] | None = None  # airflow dotted paths; None when no Python file was read

    def included(self, path: str) -> IncludedFacts:
        resolved = str(Path(path).resolve())
        return next((facts for name, facts in self.files if name == resolved), IncludedFacts())


@dataclass(frozen=True)
class _FileFacts:
    names: frozenset[str]
    constrained: bool
    includes: tuple[Path, ...]


def gather(paths: Iterable[Path], code: list[bytes]) -> RequirementsProject:
    """The facts of the run's requirements files (`paths`, absolute), reading their includes too."""
    read: dict[Path, _FileFacts | None] = {}

    def facts(path: Path) -> _FileFacts | None:
        if path not in read:
            read[path] = None  # also guards against include cycles
            read[path] = _file_facts(path)
        return read[path]

    def closure(path: Path) -> set[Path]:
        found, pending = set(), list(facts(path).includes if facts(path) else ())
        while pending:
            include = pending.pop()
            if include not in found:
                found.add(include)
                pending += facts(include).includes if facts(include) else ()
        return found

    closures = {path: closure(path) for path in sorted({path.resolve() for path in paths})}
    included = set().union(*closures.values())
    files = []
    for path, includes in closures.items():
        known = [facts(include) for include in includes - {path} if facts(include)]
        names = sorted(set().union(*(f.names for f in known)))
        files.append((str(path), IncludedFacts(path not in included, tuple(names), any(f.constrained for f in known))))
    imports = provider_imports.imported_paths(code) if code else None
    return RequirementsProject(tuple(files), imports)


def _file_facts(path: Path) -> _FileFacts | None:
    try:
        parsed = parse(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError):  # reported when the file itself is checked, if it is
        return None
    includes = [
        (path.parent / option.value).resolve()
        for entry in parsed.entries
        for option in entry.option_values("--requirement")
        if option.value and not _URL.match(option.value)
    ]
    names = frozenset(installed_name(entry.requirement) for entry in parsed.requirements)
    return _FileFacts(names, any(entry.option_values("--constraint") for entry in parsed.entries), tuple(includes))


def installed_name(requirement: Requirement) -> str:
    """The distribution a requirement stands for once fixed: a backport is its provider."""
    name = canonicalize_name(requirement.name)
    return PROVIDER_PREFIX + name[len(BACKPORT_PREFIX) :] if name.startswith(BACKPORT_PREFIX) else name


# --- checking ------------------------------------------------------------------------------------


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
        return "\r\n" if "\r\n" in self.text else "\n"

    @property
    def project(self) -> RequirementsProject | None:
        return self.context.project.requirements

    @property
    def included(self) -> IncludedFacts:
        return self.project.included(self.context.path) if self.project else IncludedFacts()

    @functools.cached_property
    def imported(self) -> dict[str, str] | None:
        """Provider -> an import path of the project's that needs it; None when no code was read."""
        if not self.project or self.project.imports is None:
            return None
        return provider_imports.imported_providers(self.project.imports, self.context.knowledge, self.facts)

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
            wanted = f"Airflow {self.facts.version}'s constraints for Python {self.facts.python}"
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
        wanted = f"Airflow {self.facts.version}'s constraints for Python {self.facts.python}"
        message = f"No `--constraint` line: MWAA {self.facts.version} installs with {wanted}"
        return [Finding(CONSTRAINTS_URL, first, first, message, (TextEdit(first, first, insert),), fix_message=f"Add {wanted}")]

    def _appended(self, line: str) -> str:
        """`line` to insert at the end of the text, after a line break the text may lack."""
        needs_break = bool(self.text) and not self.text.endswith("\n")
        return (self.newline if needs_break else "") + line + self.newline

    def requirement(self, entry: Entry, requirement: Requirement) -> list[Finding]:
        name = canonicalize_name(requirement.name)
        if name == CORE:  # a line AUL502 removes needs no other finding
            return self.airflow_1(entry, requirement) or self.extras(entry, requirement) + self.conflict(entry, requirement)
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
    def extras(self, entry: Entry, requirement: Requirement) -> list[Finding]:
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
        name = canonicalize_name(requirement.name)
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
        edits = self._renamed(entry, name, provider)
        if self.parsed.hash_checking:
            message += "; not fixed: with --hash, pip needs every requirement pinned, with its hashes"
            edits = ()
        return [Finding(BACKPORT_PROVIDER, start, end, message, edits, fix_message=f"Use `{provider}`")]

    def _renamed(self, entry: Entry, old: str, new: str) -> tuple[TextEdit, ...]:
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
        found = []
        for provider, path in sorted(self.imported.items()):
            if provider in required or provider in self.facts.preinstalled:
                continue
            end = len(self.text)
            message = (
                f"`{provider}` is neither in the requirements nor preinstalled on MWAA {self.facts.version}, "
                f"and the project imports `{path}` from it"
            )
            edits: tuple[TextEdit, ...] = (TextEdit(end, end, self._appended(provider)),)
            if self.parsed.hash_checking:
                message += "; not fixed: with --hash, pip needs every requirement pinned, with its hashes"
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
        if name == CORE and _pins_airflow_1(requirement.specifier, self.facts.version):
            return []  # AUL502 removes the line
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
