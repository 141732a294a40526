"""Airflow configuration options named outside airflow.cfg, found in plain text.

Two spellings, whatever the file format:
- an environment variable `AIRFLOW__<SECTION>__<KEY>`, the name Airflow's configuration.py
  builds (`AIRFLOW__{section.upper()}__{key.upper()}`; upper case only, as environment names
  are case-sensitive), and its `_CMD` and `_SECRET` variants, which hold a command or a secret's
  path instead of the value;
- MWAA's "Airflow configuration options", a mapping key `section.key`.

An occurrence carries the span of the name (what a rename replaces: the variant suffix and any
quotes stay) and, when an assignment follows on the same line and its value can be read
literally, the value and the span of its raw characters between any quotes. A value is not read
when it interpolates (`$X`: shell, compose, python-dotenv and CloudFormation's !Sub all do), uses
an escape this module does not decode, or has more text after it on the line.

Also here, for the text formats (config_fixes) and the Python check (ConfigStrings, which cannot
import config_fixes: that needs text_files, which needs the checks) alike: which renames would set
one option twice (contested), and what a verdict makes of one option as written (carried_out):
the message, and the name and value to write, when they can be written in place.
"""

from __future__ import annotations

import enum
import functools
import json
import re
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING, Iterable, Iterator, Sequence

from . import config_options

if TYPE_CHECKING:
    from .config_verdicts import Verdict

ENV_PREFIX = "AIRFLOW__"
ENV_NAME = re.compile(
    r"(?<![A-Za-z0-9_])AIRFLOW__(?P<section>[A-Z0-9_]+?)__(?P<key>[A-Z0-9_]+?)(?P<suffix>_CMD|_SECRET)?(?![A-Za-z0-9_])"
)
DOTTED_NAME = re.compile(r"(?P<section>[A-Za-z_][A-Za-z0-9_]*)\.(?P<key>[A-Za-z0-9_]+)")
# Between a key and its value: `=` (shell, env files, Terraform), `: ` (YAML); after a quoted
# key also a bare `:` (JSON).
_BARE_KEY_SEPARATOR = re.compile(r"[ \t]*=(?!=)[ \t]*|:[ \t]+")
_QUOTED_KEY_SEPARATOR = re.compile(r"[ \t]*(?:=(?!=)|:)[ \t]*")
# After a value: the end of the line, a comment, or the punctuation that closes a value in
# shell (`;`, `)`), JSON, Terraform and YAML flow collections (`,`, `}`, `]`).
_VALUE_END = re.compile(r"[ \t]*(?:$|\r$|[;,}\])]|(?<=[ \t])#|//)", re.MULTILINE)
# A new value outside quotes: nothing any of the formats would read as a comment, a quote, an
# interpolation or the end of the value (`#fff` starts a comment in an env file or YAML).
_PLAIN = re.compile(r"[A-Za-z0-9_.:/@%+-]+")
# A new value inside quotes (of any of the formats, or Python): nothing that ends or escapes
# the string, or interpolates.
_QUOTABLE = re.compile(r"[^\"'\\$\r\n]*")
_BARE_VALUE = re.compile(r"[^\s'\"#;,{}\[\]()]*")
_JSON_STRING = re.compile(r'"(?:[^"\\\n]|\\.)*"')
# The key MWAA's options are under: CloudFormation and the API's AirflowConfigurationOptions,
# Terraform's and boto3's snake case, the AWS CLI's --airflow-configuration-options.
_MWAA_OPTIONS_KEY = re.compile(r"airflow[-_]?configuration[-_]?options", re.IGNORECASE)
# The end of a dotted name that a key separator follows (`.key: `), for the pre-filter: searched
# from the dot, several times faster than from every word of a large data file.
_DOTTED_KEY_END = re.compile(r"\.(?P<key>\w+)[\"']?[ \t]*[:=]")


Name = tuple["Spelling", str, str]  # spelling, section, key


class Spelling(enum.Enum):
    ENV = "env"  # AIRFLOW__SECTION__KEY
    DOTTED = "dotted"  # section.key


@dataclass(frozen=True)
class Value:
    text: str  # what a reader of the file gets
    start: int  # character offsets of its raw characters, between any quotes
    end: int
    quote: str = ""  # the quote character around it, or ""


@dataclass(frozen=True)
class Occurrence:
    spelling: Spelling
    section: str  # lower case
    key: str  # lower case, without the variant suffix
    start: int  # character offsets of the name as written, without quotes and suffix
    end: int
    value: Value | None = None  # None when no value is assigned here or it cannot be read
    suffix: str = ""  # "_CMD" or "_SECRET" as written
    assigned: bool = True  # sets the option (False: a reference, `$NAME`, or a mention)

    @property
    def name(self) -> Name:
        return self.spelling, self.section, self.key


def spelled(spelling: Spelling, section: str, key: str) -> str:
    """An option's name in a spelling (without any variant suffix)."""
    if spelling is Spelling.ENV:
        return f"{ENV_PREFIX}{section.upper()}__{key.upper()}"
    return f"{section}.{key}"


def writable(new_value: str | None, quote: str) -> bool:
    """Whether `new_value` can replace a value's raw characters as they are quoted (or not)."""
    return new_value is not None and bool((_QUOTABLE if quote else _PLAIN).fullmatch(new_value))


def renamed(name: Name, verdicts: Sequence[Verdict]) -> Name:
    """The name an option has after the fixes of its verdicts."""
    new_name = next((verdict.new_name for verdict in verdicts if verdict.new_name), None)
    return name if new_name is None else (name[0], *new_name)


@dataclass(frozen=True)
class Outcome:
    """What a verdict makes of one option as written."""

    message: str
    new_name: str | None  # the name to write in the option's spelling, variant suffix excluded; None: kept
    new_value: str | None  # the value to write between the value's quotes; None: kept
    at_value: bool  # reported at the value rather than at the name
    fix_message: str


def carried_out(verdict: Verdict, written: Name | None, suffix: str, quote: str | None, taken: set[Name]) -> Outcome:
    """The verdict on an option written as `written` (None: a value no option holds, such as a
    logging config's handler class), with `suffix` after the name and a value quoted with
    `quote` ("" bare, None when the value is not read); `taken` are the names contested() found.
    A contested rename is not carried out, nor is a value that cannot be written in place."""
    message, new_name = verdict.message, None
    if verdict.new_name is not None and written is not None:
        new_name = spelled(written[0], *verdict.new_name)
        if (written[0], *verdict.new_name) in taken:
            message, new_name = f"{message}; no fix: this file would then set `{new_name}` more than once, keep one", None
    new_value = verdict.new_value if quote is not None and writable(verdict.new_value, quote) else None
    done = [f"rename to `{new_name}{suffix}`"] if new_name else []
    done += [f"set to `{new_value}`"] if new_value is not None else []
    fix = " and ".join(done)
    return Outcome(message, new_name, new_value, verdict.about_value and quote is not None, fix[:1].upper() + fix[1:])


def env_occurrences(text: str) -> list[Occurrence]:
    """Every `AIRFLOW__X__Y` name in the text, with the value assigned to it on its line.

    An assignment is `NAME=value` (shell, env files, `- NAME=value` in compose lists, and inside
    one pair of quotes: `"NAME=value"`), or `NAME: value`, `"NAME": value`, `"NAME" = value`
    (YAML, JSON, Terraform maps). A name after `$` is a reference, never assigned.
    """
    found = []
    for match in ENV_NAME.finditer(text):
        suffix = match.group("suffix") or ""
        reference = text.endswith(("$", "${"), 0, match.start())
        assigned, value = (False, None) if reference else _assignment(text, match.start(), match.end())
        value = None if suffix else value  # a command or a secret's path is not the value
        section, key = match.group("section").lower(), match.group("key").lower()
        end = match.end() - len(suffix)
        found.append(Occurrence(Spelling.ENV, section, key, match.start(), end, value, suffix, assigned))
    return found


def dotted_occurrences(text: str, strings: Iterable[tuple[int, int]]) -> list[Occurrence]:
    """`"section.key"` mapping keys with their values (`"key": value`, `"key" = value`), among
    the double-quoted string tokens `strings` (spans with the quotes) of a JSON-like text."""
    found = []
    for start, end in strings:
        name = DOTTED_NAME.fullmatch(text, start + 1, end - 1)
        separator = _QUOTED_KEY_SEPARATOR.match(text, end) if name else None
        if name is None or separator is None:
            continue
        section, key = name.group("section").lower(), name.group("key").lower()
        found.append(Occurrence(Spelling.DOTTED, section, key, start + 1, end - 1, _value_at(text, separator.end())))
    return found


def json_strings(text: str, start: int = 0, end: int | None = None) -> Iterator[tuple[int, int]]:
    """(start, end) of each JSON string token in text[start:end], quotes included. Exact in
    valid JSON, where no quote stands outside a string."""
    for match in _JSON_STRING.finditer(text, start, len(text) if end is None else end):
        yield match.span()


def contested(renames: Iterable[tuple[Name, Name]]) -> set[Name]:
    """The names that several of the options a file sets would have after their renames, given
    (name as written, name after the rename) of each: renaming into them sets an option twice."""
    origins: dict[Name, set[Name]] = defaultdict(set)
    for written, renamed in renames:
        origins[renamed].add(written)
    return {name for name, written in origins.items() if len(written) > 1}


def mentions_configuration(text: str) -> bool:
    """Whether the text names Airflow configuration at all: a file that does not (most YAML and
    JSON files of a DAG repository are data) is neither validated nor reported."""
    if ENV_PREFIX in text or _MWAA_OPTIONS_KEY.search(text) is not None:
        return True
    names = set()
    for match in _DOTTED_KEY_END.finditer(text):
        start = match.start()
        while start and (text[start - 1].isalnum() or text[start - 1] == "_"):
            start -= 1
        if start < match.start() and not text.endswith(".", 0, start):
            names.add((text[start : match.start()], match.group("key")))
    return any(_known(section, key) for section, key in names)


@functools.lru_cache(maxsize=4096)
def _known(section: str, key: str) -> bool:
    """An option some target knows, moves or removed: one Airflow 1.10 or 2.x had."""
    options = config_options.load()
    return any(
        options.known_option(section, key, target) or options.move(section, key, target) or options.removed(section, key, target)
        for target in options.targets
    )


def _value_at(text: str, start: int) -> Value | None:
    """The value that starts at `start`: quoted, or bare up to the end of what it is part of."""
    if start < len(text) and text[start] in "\"'":
        quote = text[start]
        close = _closing(text, start + 1, quote)
        if close is None or _VALUE_END.match(text, close + 1) is None:
            return None
        return _read(text, start + 1, close, quote)
    bare = _BARE_VALUE.match(text, start)
    assert bare is not None  # the pattern matches the empty string
    if _VALUE_END.match(text, bare.end()) is None:
        return None
    return _read(text, start, bare.end(), "")


def _assignment(text: str, start: int, end: int) -> tuple[bool, Value | None]:
    """Whether the name at text[start:end] is assigned a value, and the value when readable."""
    quote = text[start - 1] if start and text[start - 1] in "\"'" else ""
    if not quote:
        separator = _BARE_KEY_SEPARATOR.match(text, end)
    elif text.startswith(quote, end):  # a quoted key
        separator = _QUOTED_KEY_SEPARATOR.match(text, end + 1)
    elif text.startswith("=", end):  # "NAME=value": the value runs to the closing quote
        close = _closing(text, end + 1, quote)
        return True, None if close is None else _read(text, end + 1, close, quote)
    else:
        return False, None
    return (False, None) if separator is None else (True, _value_at(text, separator.end()))


def _closing(text: str, start: int, quote: str) -> int | None:
    """Offset of the quote that closes a string opened before `start`, on the same line."""
    index = start
    while index < len(text) and text[index] != "\n":
        if text[index] == "\\" and quote == '"':
            index += 2
        elif text[index] == quote:
            return index
        else:
            index += 1
    return None


def _read(text: str, start: int, end: int, quote: str) -> Value | None:
    raw = text[start:end]
    if not (raw or quote) or "$" in raw or ("\\" in raw and quote != '"'):
        return None
    if "\\" in raw:
        try:
            raw = json.loads(f'"{raw}"')  # the escapes JSON, Terraform and YAML's double quotes share
        except ValueError:
            return None
    return Value(raw, start, end, quote)
