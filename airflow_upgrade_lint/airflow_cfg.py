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

from .checks.config_options_rules import REMOVED_OPTION
from .config_verdicts import Verdict, option_verdicts, section_verdicts
from .diagnostics import Applicability
from .text_files import Finding, Lines, Malformed, TextContext, TextEdit, finding_filter, line_break

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
        moves: list[tuple[Option, Verdict]] = []
        found: list[Finding] = []
        for section in document.sections:
            if section.name != section.name.lower():
                continue  # never read by Airflow
            header = section_verdicts(section.name, context.target)
            per_option = _option_verdicts(section, context, under_header=True)
            # A renamed section's header is renamed when all its options follow it. When the
            # new section is in the file too, or an option is one the target no longer has
            # (which would otherwise be reported under the new name, where it is unknown), the
            # options are moved one by one instead.
            renamed = next((verdict.new_name[0] for verdict in header if verdict.new_name), None)
            one_by_one = renamed is not None and (
                document.section(renamed) is not None or any(v.rule is REMOVED_OPTION for verdicts in per_option for v in verdicts)
            )
            if one_by_one:
                per_option = _option_verdicts(section, context, under_header=False)
            found += [_section_finding(document, section, verdict, one_by_one) for verdict in header]
            for option, verdicts in zip(section.options, per_option):
                for verdict in verdicts:
                    if _moves_away(document, section, verdict):
                        moves.append((option, verdict))
                    else:
                        found.append(_option_finding(document, option, verdict))
        # first, so that no other fix takes a moved option's lines before its move does
        return _moves(text, document, moves, context) + found


def _moves_away(document: Document, section: Section, verdict: Verdict) -> bool:
    """The option goes to another section, where the file does not set it yet."""
    return verdict.new_name is not None and verdict.new_name[0] != section.name and document.option(*verdict.new_name) is None


def _option_verdicts(section: Section, context: TextContext, under_header: bool) -> list[list[Verdict]]:
    return [
        option_verdicts(
            section.name, option.key, option.value, context.target, context.knowledge, context.project,
            under_header=under_header,
        )
        for option in section.options
    ]


def _section_finding(document: Document, section: Section, verdict: Verdict, one_by_one: bool) -> Finding:
    start, end = section.name_start, section.name_start + len(section.name)
    if verdict.new_name is None:
        return Finding(verdict.rule, start, end, verdict.message)
    new_section = verdict.new_name[0]
    if one_by_one:
        why = f"`[{new_section}]` is in the file too" if document.section(new_section) else "it holds options Airflow no longer reads"
        return Finding(verdict.rule, start, end, f"{verdict.message}; {why}: its other options are moved one by one")
    edit = TextEdit(start, end, new_section)
    return Finding(verdict.rule, start, end, verdict.message, (edit,), verdict.applicability, f"Rename the section to `[{new_section}]`")


def _option_finding(document: Document, option: Option, verdict: Verdict) -> Finding:
    """Any verdict but a move to another section (see _moves)."""
    if verdict.new_name is not None:
        return _renamed(document, option, verdict)
    start, end = (option.value_start, option.value_end) if verdict.about_value and option.value else (option.key_start, option.key_end)
    if verdict.new_value is None or option.multiline:
        return Finding(verdict.rule, start, end, verdict.message)
    edit = TextEdit(option.value_start, option.value_end, verdict.new_value)
    return Finding(verdict.rule, start, end, verdict.message, (edit,), verdict.applicability, f"Set to `{verdict.new_value}`")


def _renamed(document: Document, option: Option, verdict: Verdict) -> Finding:
    """A rename within the section, or to a name the file already sets."""
    new_section, new_key = verdict.new_name
    start, end = option.key_start, option.key_end
    existing = document.option(new_section, new_key)
    if existing is None:
        edit = TextEdit(start, end, new_key)
        return Finding(verdict.rule, start, end, verdict.message, (edit,), verdict.applicability, f"Rename to `{new_key}`")
    message = f"{verdict.message}; `[{new_section}] {new_key}` is set too (line {existing.line})"
    if verdict.merged:  # Airflow still reads both
        return Finding(verdict.rule, start, end, message)
    message += ", so Airflow ignores this one"
    return Finding(verdict.rule, start, end, message, (_delete(option),), Applicability.UNSAFE, "Remove the ignored option")


def _moves(text: str, document: Document, moves: list[tuple[Option, Verdict]], context: TextContext) -> list[Finding]:
    """Options moved to another section, whose new name the file does not set yet.

    Each finding deletes its option's lines. The lines are added where their section receives
    them (after its last option, or in a new section at the end of the file), all the lines one
    place receives in one edit, carried by the first finding moving there: separate insertions
    at one offset would each take a round of fixes (text_files applies no two at one offset),
    and each would create the new section. Only findings that will be applied share the edit,
    so that a `noqa` never leaves a moved line without its destination.
    """
    wanted = finding_filter(FORMAT, context.settings)
    reported = [_move_finding(option, verdict, ()) for option, verdict in moves]
    applied = [
        move for move, finding in zip(moves, reported)
        if wanted(finding, text) and finding.applicability.allowed(context.settings.unsafe_fixes)
    ]  # fmt: skip
    carried = {id(option): edit for option, edit in _destinations(text, document, applied)}
    applied_ids = {id(option) for option, _ in applied}
    found = []
    for option, verdict in moves:
        if id(option) in applied_ids:
            insertion = [carried[id(option)]] if id(option) in carried else []
        else:  # never applied: the edits it would have on its own, for its fix mark
            insertion = [edit for _, edit in _destinations(text, document, [(option, verdict)])]
        found.append(_move_finding(option, verdict, (_delete(option), *insertion)))
    return found


def _move_finding(option: Option, verdict: Verdict, edits: tuple[TextEdit, ...]) -> Finding:
    section, key = verdict.new_name
    message = f"Move to `[{section}] {key}`"
    return Finding(verdict.rule, option.key_start, option.key_end, verdict.message, edits, verdict.applicability, message)


def _delete(option: Option) -> TextEdit:
    return TextEdit(option.start, option.end, "")


def _destinations(text: str, document: Document, moves: list[tuple[Option, Verdict]]) -> list[tuple[Option, TextEdit]]:
    """The insertions of the moved options' lines, each with the first option it holds."""
    eol = line_break(text)
    at: dict[int, list[tuple[Option, str]]] = {}  # offset -> (option, its lines) into an existing section
    new: dict[str, list[tuple[Option, str]]] = {}  # section -> ... into a section the file lacks
    for option, verdict in moves:
        section, key = verdict.new_name
        target = document.section(section)
        lines = (at.setdefault(target.options_end, []) if target else new.setdefault(section, []))
        lines.append((option, _moved_lines(text, option, key, eol)))
    if new:
        at.setdefault(len(text), [])
    inserted = []
    for offset, into_section in at.items():
        if offset == len(text):
            added = _end_of_file(text, into_section, new, [option for option, _ in moves], eol)
            into_section = into_section + [entry for entries in new.values() for entry in entries]
        else:
            added = "".join(lines for _, lines in into_section)
        inserted.append((into_section[0][0], TextEdit(offset, offset, added)))
    return inserted


def _moved_lines(text: str, option: Option, key: str, eol: str) -> str:
    """The option's lines with the new key, unindented (an indented line would continue the
    option before it), ending with a line break."""
    lines = key + text[option.key_end : option.end]
    return lines if lines.endswith("\n") else lines + eol


def _end_of_file(
    text: str, into_last: list[tuple[Option, str]], new: dict[str, list[tuple[Option, str]]], moved: list[Option], eol: str
) -> str:
    """What the end of the file receives: options of the last section, then the new sections,
    each after a blank line. What precedes it is the file without the moved option that ends it."""
    kept = next((text[: option.start] for option in moved if option.end == len(text)), text)
    added = eol if kept and not kept.endswith("\n") else ""
    added += "".join(lines for _, lines in into_last)
    last_line = (kept[:-1] if kept.endswith("\n") else kept).rpartition("\n")[2]
    for section, entries in new.items():
        if added.strip() or last_line.strip():
            added += eol
        added += f"[{section}]{eol}" + "".join(lines for _, lines in entries)
    return added


FORMAT = AirflowCfg()
