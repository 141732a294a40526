"""`# noqa` comments: which codes are suppressed on which line."""

from __future__ import annotations

import io
import re
import tokenize

_NOQA = re.compile(r"#\s*noqa(?::\s*(?P<codes>[A-Z]+[0-9]+(?:[\s,]+[A-Z]+[0-9]+)*))?", re.IGNORECASE)

ALL = frozenset({"*"})


def noqa_lines(source: str) -> dict[int, frozenset[str]]:
    """Line -> suppressed codes (ALL for a blanket `# noqa`), read from comment tokens only."""
    result: dict[int, frozenset[str]] = {}
    try:
        tokens = [t for t in tokenize.generate_tokens(io.StringIO(source).readline) if t.type == tokenize.COMMENT]
    except (tokenize.TokenError, SyntaxError):
        return result
    for token in tokens:
        codes = noqa_codes(token.string)
        if codes is not None:
            result[token.start[0]] = codes
    return result


def noqa_codes(text: str) -> frozenset[str] | None:
    """The codes a `# noqa` in `text` suppresses (ALL for a blanket one); None when it has none."""
    match = _NOQA.search(text)
    if match is None:
        return None
    codes = match.group("codes")
    return frozenset(re.split(r"[\s,]+", codes.upper())) if codes else ALL


def is_suppressed(code: str, line: int, noqa: dict[int, frozenset[str]]) -> bool:
    codes = noqa.get(line)
    return codes is not None and (codes is ALL or code in codes)
