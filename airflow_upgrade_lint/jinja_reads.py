"""Where a Jinja template reads a variable from its context, found without a Jinja parser.

Shared by the check of Python string literals and the check of template files (AUL207). Only
`{{ ... }}` and `{% ... %}` blocks count: not `{# comments #}`, not `{% raw %}` sections, not the
text around the blocks (a shell `${end_date}` is no Jinja). Inside a block a small tokenizer tells a
context read (`{{ end_date }}`) from what only looks like one: an attribute (`ti.end_date`), a
string (`conf['end_date']`), a keyword argument (`f(end_date=1)`), a filter (`x | end_date`), and a
name the template binds itself (`{% set end_date = ... %}`, a `for` target, a macro's parameter,
an import), which is then not reported anywhere in that template.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import takewhile
from typing import Collection, Mapping

_SECTION = re.compile(
    r"\{%[-+]?\s*raw\s*[-+]?%\}.*?\{%[-+]?\s*endraw\s*[-+]?%\}"  # raw: what it holds is not Jinja
    r"|\{#.*?#\}"
    r"|\{\{(?P<expression>.*?)\}\}"
    r"|\{%(?P<statement>.*?)%\}",
    re.S,
)
_TOKEN = re.compile(
    r"""(?P<string>'(?:\\.|[^'\\])*'|"(?:\\.|[^"\\])*")"""
    r"|(?P<name>[A-Za-z_]\w*)"
    r"|(?P<number>\d[\w.]*)"
    r"|(?P<operator>==|!=|<=|>=|\S)",
    re.S,
)
# statements whose names all declare something (an imported name, a block's name): none is a read
_DECLARING = frozenset({"import", "from", "block", "endblock"})


@dataclass(frozen=True)
class Read:
    name: str
    start: int  # offset of the name in the text
    end: int


@dataclass(frozen=True)
class _Token:
    kind: str  # a _TOKEN group name
    text: str
    start: int


def reads(text: str, names: Collection[str]) -> list[Read]:
    """Where the template `text` reads one of `names` from its context, in text order."""
    if not any(name in text for name in names):
        return []
    found: list[Read] = []
    bound: set[str] = set()
    for section in _SECTION.finditer(text):
        if section.group("expression") is not None:
            tokens = _tokens(section, "expression")
        elif section.group("statement") is not None:
            tokens = _tokens(section, "statement")
            tag = tokens[0].text if tokens and tokens[0].kind == "name" else ""
            tokens = tokens[1:] if tag else tokens
            bound |= _bound(tag, tokens)
        else:
            continue
        found += [Read(t.text, t.start, t.start + len(t.text)) for t in _read_names(tokens) if t.text in names]
    return [read for read in found if read.name not in bound]


def rewrite(text: str, found: list[Read], replacement: Mapping[str, str]) -> str:
    """`text` with each read replaced by the expression `replacement` gives for its name."""
    pieces, position = [], 0
    for read in sorted(found, key=lambda read: read.start):
        pieces += [text[position : read.start], replacement[read.name]]
        position = read.end
    return "".join(pieces) + text[position:]


def _tokens(section: re.Match, group: str) -> list[_Token]:
    offset = section.start(group)
    return [_Token(m.lastgroup, m.group(), offset + m.start()) for m in _TOKEN.finditer(section.group(group))]


def _read_names(tokens: list[_Token]) -> list[_Token]:
    """Names that are not an attribute or filter (after `.` or `|`) nor a keyword (before `=`)."""
    return [
        token
        for index, token in enumerate(tokens)
        if token.kind == "name"
        and (index == 0 or tokens[index - 1].text not in (".", "|"))
        and (index + 1 == len(tokens) or tokens[index + 1].text != "=")
    ]


def _bound(tag: str, tokens: list[_Token]) -> set[str]:
    """The names a statement `{% tag ... %}` binds (or declares)."""
    names = [token.text for token in tokens if token.kind == "name"]
    if tag in _DECLARING:
        return set(names)
    if tag in ("set", "for"):  # the targets: before `=` (all of a block `set`), before `in`
        stop = "=" if tag == "set" else "in"
        return {token.text for token in takewhile(lambda token: token.text != stop, tokens) if token.kind == "name"}
    if tag in ("macro", "call"):  # the macro's name, and the parameters of the first parenthesis
        return _parameters(tokens) | set(names[:1] if tag == "macro" else ())
    if tag == "with":  # `{% with a = 1, b = 2 %}`
        return {token.text for token, after in zip(tokens, tokens[1:]) if token.kind == "name" and after.text == "="}
    return set()


def _parameters(tokens: list[_Token]) -> set[str]:
    """The names that open an entry of the first parenthesised list: `(a, b=end_date)` gives a, b."""
    depth, names = 0, set()
    for previous, token in zip(tokens, tokens[1:]):
        if previous.text == "(":
            depth += 1
        elif previous.text == ")":
            depth -= 1
            if depth == 0:
                break
        if depth == 1 and previous.text in ("(", ",") and token.kind == "name":
            names.add(token.text)
    return names
