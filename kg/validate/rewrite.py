"""Changing a few values of a TriG file in place, keeping every other byte (comments, layout,
the curators' own wording), and checking the result before it is written.

``masked(text)`` blanks the inside of string literals and comments (same length, newlines kept),
so that a search for a subject or a property cannot land inside a quoted passage.
``statement(text, masked, names)`` finds the statement (subject to its final ``.``) of a
subject written as one of ``names``. ``Edits`` collects replacements by position and
``apply`` makes them, then parses the new text and compares it, graph by graph, with what the
caller expects (``rdflib.compare.isomorphic``): any difference and nothing is written.
"""
from __future__ import annotations

import re
from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib.compare import isomorphic

from kg.core.storage import atomic_write

_TOKENS = re.compile(r'<[^<>"{}|^`\\\s]*>|"""(?:[^"\\]|\\.|"(?!""))*"""|\'\'\'(?:[^\'\\]|\\.|\'(?!\'\'))*\'\'\''
                     r'|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|#[^\n]*', re.S)


class RewriteError(ValueError):
    """A value cannot be changed in place: the file is written differently from what the
    rewriter expects (the message names the file and the node)."""


def masked(text: str) -> str:
    parts, last = [], 0
    for m in _TOKENS.finditer(text):
        tok = m.group()
        if tok.startswith("<"):
            continue
        parts.append(text[last:m.start()])
        if tok.startswith("#"):
            parts.append(" " * len(tok))
        else:
            q = 3 if tok[:3] in ('"""', "'''") else 1
            inner = re.sub(r"[^\n]", "x", tok[q:-q])
            parts.append(tok[:q] + inner + tok[-q:])
        last = m.end()
    parts.append(text[last:])
    return "".join(parts)


def statement(masked_text: str, names: list[str], start: int = 0) -> tuple[int, int] | None:
    """The span of the statement whose subject is written as one of ``names`` (None when absent)."""
    alts = "|".join(re.escape(n) for n in names)
    m = re.compile(r"(?m)^[ \t]*(?:" + alts + r")(?=\s+(?:a\s|[A-Za-z][\w.-]*:|<))").search(masked_text, start)
    if m is None:
        return None
    depth = 0
    for i in range(m.end(), len(masked_text)):
        c = masked_text[i]
        if c in "[(":
            depth += 1
        elif c in "])":
            depth -= 1
        elif c == "." and depth == 0 and (i + 1 == len(masked_text) or masked_text[i + 1].isspace()):
            return m.start(), i + 1
    return None


def names_for(iri: str, prefixes: dict[str, str]) -> list[str]:
    """How a subject may be written: ``<iri>`` or ``prefix:local`` for each bound prefix."""
    out = [f"<{iri}>"]
    for prefix, ns in prefixes.items():
        if iri.startswith(ns) and re.fullmatch(r"[\w-]+", iri[len(ns):]):
            out.append(f"{prefix}:{iri[len(ns):]}")
    return out


def prefixes_of(text: str) -> dict[str, str]:
    return {m.group(1): m.group(2) for m in re.finditer(r"(?im)^\s*@?prefix\s+([\w-]*):\s*<([^>]*)>", text)}


class Edits:
    """Replacements of spans of one file's text, made together."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.text = self.path.read_text(encoding="utf-8")
        self.masked = masked(self.text)
        self.prefixes = prefixes_of(self.text)
        self.changes: list[tuple[int, int, str]] = []

    def find(self, subject: str) -> tuple[int, int]:
        span = statement(self.masked, names_for(subject, self.prefixes))
        if span is None:
            raise RewriteError(f"{self.path.name}: no statement about <{subject}> found to rewrite")
        return span

    def replace(self, span: tuple[int, int], pattern: str, value: str, what: str) -> None:
        """Replace group 1 of the first match of ``pattern`` (searched in the masked text) within ``span``."""
        m = re.compile(pattern).search(self.masked, span[0], span[1])
        if m is None:
            raise RewriteError(f"{self.path.name}: {what} is not written where expected; change it by hand to {value}")
        self.changes.append((m.start(1), m.end(1), value))

    def apply(self, expected: dict[URIRef, Graph]) -> None:
        """Make the replacements; the new file must hold exactly ``expected`` in those graphs."""
        text = self.text
        for start, end, value in sorted(self.changes, reverse=True):
            text = text[:start] + value + text[end:]
        ds = Dataset()
        try:
            ds.parse(data=text, format="trig")
        except Exception as exc:  # noqa: BLE001 - any parse failure means the edit went wrong
            raise RewriteError(f"{self.path.name}: the rewritten file does not parse ({exc}); nothing written") from exc
        for name, graph in expected.items():
            if not isomorphic(_copy(ds.graph(name)), graph):
                raise RewriteError(f"{self.path.name}: rewriting {len(self.changes)} values would change more than "
                                   "them; nothing written (change the offsets by hand)")
        atomic_write(self.path, text)


def parsed(path: Path, name: URIRef) -> Graph:
    ds = Dataset()
    ds.parse(path, format="trig")
    return _copy(ds.graph(name))


def _copy(g: Graph) -> Graph:
    out = Graph()
    for t in g:
        out.add(t)
    return out
