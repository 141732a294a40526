"""Requirements files read as pip reads them (pip 23, pip/_internal/req/req_file.py), with the
offset of every part kept, so that a fix replaces only the characters it changes.

A physical line ending in a backslash continues on the next one, unless it is a comment line; a
`#` at the start or after whitespace starts a comment; of the rest, what comes before the first
space-separated token starting with `-` is the requirement and the remainder its options, split
shell-like and read by optparse (long options may be abbreviated). A requirement is a PEP 508
line (read with `packaging`), or a URL or local path that pip installs as is and is left alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterator

from packaging.requirements import InvalidRequirement, Requirement

from .text_files import Lines, Malformed

_COMMENT = re.compile(r"(^|\s+)#.*$")
_OPTIONS_START = re.compile(r"(?:^| )-")  # pip splits on single spaces: a token starting with "-"
_URL = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")  # a scheme: http:, git+https:, file:
_ARCHIVES = (".whl", ".zip", ".tar.gz", ".tgz", ".tar", ".tar.bz2", ".tbz", ".tar.xz", ".txz", ".tlz", ".tar.lz", ".tar.lzma")

# optparse's view of the options pip accepts in a requirements file: long name -> takes a value
_LONG_OPTIONS = {
    "--index-url": True, "--pypi-url": True, "--extra-index-url": True, "--no-index": False,
    "--constraint": True, "--requirement": True, "--editable": True, "--find-links": True,
    "--no-binary": True, "--only-binary": True, "--prefer-binary": False, "--require-hashes": False,
    "--pre": False, "--trusted-host": True, "--use-feature": True, "--global-option": True,
    "--hash": True, "--config-settings": True,
}  # fmt: skip
_SHORT_OPTIONS = {"-i": "--index-url", "-c": "--constraint", "-r": "--requirement", "-e": "--editable", "-f": "--find-links", "-C": "--config-settings"}


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


def is_url(value: str) -> bool:
    """Whether a value starts with a URL scheme (http:, git+https:, file:)."""
    return _URL.match(value) is not None


def _opaque(text: str) -> bool:
    """A URL, a VCS or archive reference, or a local path: what pip installs without a name."""
    head = text.split(";", 1)[0].strip()
    if "@" in head and not is_url(head):  # `name @ url`: PEP 508
        return False
    return is_url(head) or head.startswith((".", "/", "~")) or "/" in head or "\\" in head or head.endswith(_ARCHIVES)


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

