"""A light SPARQL lexer: the significant tokens of a query or update (strings, IRIs, variables,
prefixed names, bare words and punctuation) with their brace depth, skipping whitespace and
comments. Keywords found this way are outside strings, IRIs and comments, which is all the
store (splitting an update into operations, telling a query's form) and the SPARQL service's
safety checks (``kg.sparql.checks``) need to know.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

_TOKEN = re.compile(r'''
  (?P<ws>\s+)
| (?P<comment>\#[^\n]*)
| (?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^'\\]|\\.|'(?!''))*\'\'\'|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')
| (?P<iri><(?![?$(])[^<>"{}|^`\\\x00-\x20]*>)     # '<?x' is a comparison, never an IRI
| (?P<var>[?$][^\s(){}\[\],;.<>=!+*/|&^"'\#-]+)
| (?P<pname>(?:[^\W\d][\w.\-]*)?:(?:[\w\-.:%]|\\.)*)
| (?P<word>[^\W\d]\w*)
| (?P<other>.)
''', re.X | re.S)

QUERY_FORMS = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    pos: int
    depth: int  # brace depth before the token


def tokens(text: str) -> list[Token]:
    """The significant tokens of ``text`` (no whitespace or comments), with their brace depth."""
    out: list[Token] = []
    depth = 0
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup or "other"
        if kind in ("ws", "comment"):
            continue
        value = m.group()
        if kind == "other" and value == "}":
            depth = max(0, depth - 1)
        out.append(Token(kind, value, m.start(), depth))
        if kind == "other" and value == "{":
            depth += 1
    return out


def position(text: str, offset: int) -> tuple[int, int]:
    """1-based line and column of a character offset."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def query_form(text: str, toks: list[Token] | None = None) -> str | None:
    """SELECT, ASK, CONSTRUCT or DESCRIBE: the first of these keywords in ``text`` (None if none)."""
    toks = toks if toks is not None else tokens(text)
    return next((t.text.upper() for t in toks if t.kind == "word" and t.text.upper() in QUERY_FORMS), None)
