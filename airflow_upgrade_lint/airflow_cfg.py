"""The `airflow.cfg` format: Airflow's configuration file, read line by line the way Python's
configparser reads it, so that a fix edits only the lines it concerns.

What counts as a section, an option, a comment or a continuation line follows
`configparser.RawConfigParser._read` (Python 3.11) with the settings AirflowConfigParser keeps
(ConfigParser's defaults): `=` and `:` delimiters; full-line `#` and `;` comments only (an
inline `# ...` is part of the value); a line indented deeper than its option continues the
value, across blank and comment lines; option names are case-insensitive, section names are
not; a section or option given twice is an error (strict). Interpolation (`%(x)s`) is left
as written. Airflow asks for sections by their lower-case name, so a section written otherwise
(`[Core]`) is never read, and is left alone.

Fixes: a rename within the section replaces the key only; a move deletes the option's lines and
adds them, with the new key and unindented, after the last option of the target section, which
is created at the end of the file when absent; when the new name is already set, the old lines
are deleted by an unsafe fix (Airflow ignores them); a renamed section gets its header renamed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .config_verdicts import Verdict, option_verdicts, section_verdicts
from .diagnostics import Applicability
from .text_files import Finding, Lines, Malformed, TextContext, TextEdit

# configparser's own patterns: ConfigParser._SECT_TMPL, _OPT_TMPL with its "=" and ":", NONSPACECRE
_SECTION = re.compile(r"\[(?P<header>.+)\]")
_OPTION = re.compile(r"(?P<option>.*?)\s*[=:]\s*(?P<value>.*)$")
_NONSPACE = re.compile(r"\S")
_COMMENT_PREFIXES = ("#", ";")
DEFAULT_SECTION = "DEFAULT"


@dataclass
class Option:
    key: str  # as written
    line: int
    start: int  # offset of its line
    key_start: int
    value_start: int  # the value on the option's own line, without surrounding blanks
    value_end: int
    end: int  # offset after its last line (the line break included)
    parts: list[str]  # the value's lines as configparser collects them

    @property
    def name(self) -> str:
        return self.key.lower()  # configparser's optionxform

    @property
    def key_end(self) -> int:
        return self.key_start + len(self.key)

    @property
    def value(self) -> str:
        return "\n".join(self.parts).rstrip()

    @property
    def multiline(self) -> bool:
        return "\n" in self.value


@dataclass
class Section:
    name: str
    line: int
    name_start: int  # offset of the name, inside the brackets
    body_start: int  # offset after the header line
    options: list[Option] = field(default_factory=list)

    @property
    def options_end(self) -> int:
        """Where an option added to the section goes: after its last option's lines."""
        return self.options[-1].end if self.options else self.body_start


@dataclass
class Document:
    sections: list[Section]
    problems: list[Malformed]

    def section(self, name: str) -> Section | None:
        return next((section for section in self.sections if section.name == name), None)

    def option(self, section: str, name: str) -> Option | None:
        found = self.section(section)
        return next((option for option in found.options if option.name == name), None) if found else None


def parse(text: str) -> Document:
    """The sections and options of a text, and every line configparser would reject."""
    lines = Lines(text)
    sections: list[Section] = []
    problems: list[Malformed] = []
    first_line: dict[object, int] = {}  # section name or (section, option) -> line, for duplicates
    current: Section | None = None
    option: Option | None = None  # the option an indented line would continue
    indent_level = 0
    for number, start in enumerate(lines.starts, start=1):
        if start == len(text):
            break  # nothing after the final line break
        raw = lines.line_text(number)
        stripped = raw.strip()
        if not stripped or stripped.startswith(_COMMENT_PREFIXES):
            if not stripped and option is not None:
                option.parts.append("")  # a blank line inside a value is kept (trailing ones dropped)
            continue
        indent = _NONSPACE.search(raw).start()
        if option is not None and indent > indent_level:
            option.parts.append(stripped)
            option.end = start + len(raw)
            continue
        indent_level = indent
        if header := _SECTION.match(stripped):
            name = header.group("header")
            if name != DEFAULT_SECTION:  # configparser merges repeated [DEFAULT] sections
                _note_duplicate(problems, first_line, name, number, indent, f"section `[{name}]`")
            current, option = Section(name, number, start + indent + 1, start + len(raw)), None
            sections.append(current)
        elif current is None:
            if not problems:  # configparser stops at the first such line
                problems.append(Malformed(number, indent + 1, _not_an_option(stripped, "is before any section header")))
        elif (match := _OPTION.match(stripped)) and match.group("option"):
            key = match.group("option").rstrip()
            where = f"option `{key}` in section `[{current.name}]`"
            _note_duplicate(problems, first_line, (current.name, key.lower()), number, indent, where)
            value_start = start + indent + match.start("value")
            value_end = value_start + len(match.group("value").rstrip())
            option = Option(key, number, start, start + indent, value_start, value_end, start + len(raw), [match.group("value").strip()])
            current.options.append(option)
        else:  # configparser goes on, and a deeper line still continues the option before
            problems.append(Malformed(number, indent + 1, _not_an_option(stripped, "is neither a section header nor `key = value`")))
    return Document(sections, problems)


def _note_duplicate(problems: list[Malformed], first_line: dict[object, int], name: object, number: int, indent: int, what: str) -> None:
    if name in first_line:
        problems.append(Malformed(number, indent + 1, f"duplicate {what} (first on line {first_line[name]}): Airflow cannot read the file"))
    first_line.setdefault(name, number)


def _not_an_option(line: str, why: str) -> str:
    if line.startswith("["):
        return f"unterminated section header `{line}`: Airflow cannot read the file"
    return f"`{line}` {why}: Airflow cannot read the file"


class AirflowCfg:
    comment = "#"

    def malformed(self, text: str) -> list[Malformed]:
        return parse(text).problems

    def findings(self, text: str, context: TextContext) -> list[Finding]:
        document = parse(text)
        found: list[Finding] = []
        for section in document.sections:
            if section.name != section.name.lower():
                continue  # never read by Airflow
            verdicts = section_verdicts(section.name, context.target)
            found += [_section_finding(document, section, verdict) for verdict in verdicts]
            # a renamed section whose header cannot be renamed (the new one is in the file
            # too) has its options moved one by one
            stuck = any(v.new_name is not None and document.section(v.new_name[0]) is not None for v in verdicts)
            for option in section.options:
                verdicts = option_verdicts(
                    section.name, option.key, option.value, context.target, context.knowledge, context.project,
                    under_header=not stuck,
                )
                found += [_option_finding(text, document, section, option, verdict) for verdict in verdicts]
        return found


def _section_finding(document: Document, section: Section, verdict: Verdict) -> Finding:
    start, end = section.name_start, section.name_start + len(section.name)
    if verdict.new_name is None:
        return Finding(verdict.rule, start, end, verdict.message)
    new_section = verdict.new_name[0]
    if document.section(new_section) is not None:
        message = f"{verdict.message}; `[{new_section}]` is in the file too: merge the two by hand"
        return Finding(verdict.rule, start, end, message)
    edit = TextEdit(start, end, new_section)
    return Finding(verdict.rule, start, end, verdict.message, (edit,), verdict.applicability, f"Rename the section to `[{new_section}]`")


def _option_finding(text: str, document: Document, section: Section, option: Option, verdict: Verdict) -> Finding:
    if verdict.new_name is not None:
        return _renamed(text, document, section, option, verdict)
    start, end = (option.value_start, option.value_end) if verdict.about_value and option.value else (option.key_start, option.key_end)
    if verdict.new_value is None or option.multiline:
        return Finding(verdict.rule, start, end, verdict.message)
    edit = TextEdit(option.value_start, option.value_end, verdict.new_value)
    return Finding(verdict.rule, start, end, verdict.message, (edit,), verdict.applicability, f"Set it to `{verdict.new_value}`")


def _renamed(text: str, document: Document, section: Section, option: Option, verdict: Verdict) -> Finding:
    new_section, new_key = verdict.new_name
    start, end = option.key_start, option.key_end
    delete = TextEdit(option.start, option.end, "")
    existing = document.option(new_section, new_key)
    if existing is not None and verdict.merged:
        return Finding(verdict.rule, start, end, f"{verdict.message}; `[{new_section}] {new_key}` is set too (line {existing.line})")
    if existing is not None:
        message = f"{verdict.message}; `[{new_section}] {new_key}` is set too (line {existing.line}), so Airflow ignores this one"
        return Finding(verdict.rule, start, end, message, (delete,), Applicability.UNSAFE, "Remove the ignored option")
    if new_section == section.name:
        edit = TextEdit(start, end, new_key)
        return Finding(verdict.rule, start, end, verdict.message, (edit,), verdict.applicability, f"Rename it to `{new_key}`")
    # the option's lines, unindented (an indented line would continue the option before it)
    # and with the new key
    moved = new_key + text[option.key_end : option.end]
    eol = _line_break(text)
    if not moved.endswith("\n"):
        moved += eol
    edits = (delete, _insertion(text, document, new_section, moved, eol))
    return Finding(verdict.rule, start, end, verdict.message, edits, verdict.applicability, f"Move it to `[{new_section}] {new_key}`")


def _insertion(text: str, document: Document, section_name: str, lines: str, eol: str) -> TextEdit:
    """Adds `lines` after the last option of the section, or in a new section at the end."""
    target = document.section(section_name)
    unterminated = bool(text) and not text.endswith("\n")
    if target is not None:
        at = target.options_end
        return TextEdit(at, at, (eol if at == len(text) and unterminated else "") + lines)
    last_line = (text if unterminated else text[:-1]).rpartition("\n")[2]
    separator = (eol if unterminated else "") + (eol if text and last_line.strip() else "")
    return TextEdit(len(text), len(text), f"{separator}[{section_name}]{eol}{lines}")


def _line_break(text: str) -> str:
    """The file's line break, from its first line: added lines match it."""
    first = text.find("\n")
    return "\r\n" if first > 0 and text[first - 1] == "\r" else "\n"


FORMAT = AirflowCfg()
