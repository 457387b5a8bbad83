"""What a write changed, so that caches can follow it instead of being rebuilt.

Every write bumps ``Store.generation`` and notes a ``Change``: the quads it added and removed
when the write says so exactly (an ``INSERT DATA`` or ``DELETE DATA`` of known quads, a graph
added by ``add_graph``), or ``None`` when it cannot be known without reading the store (a
``DELETE/INSERT ... WHERE``, ``CLEAR``, a file load). ``Store.changes_since(generation)``
gives the changes after a generation, or ``None`` when one of them is unknown or too old:
then a cache is built afresh, as before.

Quads are kept as plain strings ``(s, p, o, g)``: IRIs bare, blank nodes ``_:id``, literals
their lexical form (a cache only needs to know which nodes and properties were touched).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

import pyoxigraph as ox

from kg.core.namespaces import RDF_TYPE
from kg.store.lexer import tokens

MAX_QUADS = 50_000          # a larger write is treated as unknown: a rebuild costs less than following it
_PROLOGUE = re.compile(r"\A(?:\s|#[^\n]*\n)*((?:(?:PREFIX\s+[\w.-]*:\s*<[^>]*>|BASE\s*<[^>]*>)\s*)*)", re.I)
_DATA = re.compile(r"\A\s*(INSERT|DELETE)\s+DATA\s*\{(.*)\}\s*\Z", re.I | re.S)


def _text(term) -> str:
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    if isinstance(term, ox.DefaultGraph):
        return ""
    return term.value


@dataclass(frozen=True)
class Change:
    added: tuple[tuple[str, str, str, str], ...] = ()
    removed: tuple[tuple[str, str, str, str], ...] = ()
    net: int | None = None     # quads gained (or lost, negative), when the store counted them

    @classmethod
    def of(cls, quads: Iterable, *, removed: bool = False, net: int | None = None) -> "Change | None":
        rows = []
        for q in quads:
            rows.append((_text(q.subject), _text(q.predicate), _text(q.object), _text(q.graph_name)))
            if len(rows) > MAX_QUADS:
                return None
        return cls(removed=tuple(rows), net=net) if removed else cls(added=tuple(rows), net=net)

    @property
    def quads(self) -> tuple[tuple[str, str, str, str], ...]:
        return self.added + self.removed

    def subjects(self, predicates: Iterable[str] | None = None) -> set[str]:
        """The subjects of changed quads (only those with one of ``predicates``, if given)."""
        wanted = None if predicates is None else {str(p) for p in predicates}   # rdflib terms are not equal to str
        return {s for s, p, _, _ in self.quads if wanted is None or p in wanted}

    def predicates(self) -> set[str]:
        return {p for _, p, _, _ in self.quads}

    def types(self) -> set[str]:
        """The classes of rdf:type statements added or removed."""
        return {o for _, p, o, _ in self.quads if p == RDF_TYPE}


def _operations(update: str) -> list[str]:
    """The update's operations (after its prologue), split at the ``;`` between them."""
    pieces, start = [], 0
    for cut in (t.pos for t in tokens(update) if t.text == ";" and t.depth == 0):
        pieces.append(update[start:cut])
        start = cut + 1
    pieces.append(update[start:])
    return [p for p in pieces if p.strip()]


def parse_data(update: str, prologue: str = "", base_iri: str | None = None) -> list[tuple[bool, list]] | None:
    """``[(removes, quads), ...]``: the operations of an update made only of ``INSERT DATA`` and
    ``DELETE DATA`` (their quads read as TriG, after ``prologue`` and the update's own PREFIX
    and BASE lines; relative IRIs against ``base_iri``); ``None`` for anything else."""
    head = _PROLOGUE.match(update)
    own = head.group(1) if head else ""
    parts = _operations(update[head.end():] if head else update)
    out = []
    for part in parts:
        found = _DATA.match(part)
        if not found:
            return None
        text = prologue + own + "\n" + found.group(2)
        for attempt in (text, text + " ."):   # SPARQL lets the last default-graph triple go without "."
            try:
                quads = list(ox.parse(attempt.encode(), format=ox.RdfFormat.TRIG, base_iri=base_iri))
                break
            except (SyntaxError, ValueError):
                continue
        else:
            return None
        out.append((found.group(1).upper() == "DELETE", quads))
    return out or None


def change_of(ops: list[tuple[bool, list]] | None, net: int | None = None) -> Change | None:
    """The ``Change`` of parsed operations (``parse_data``)."""
    if ops is None or sum(len(q) for _, q in ops) > MAX_QUADS:
        return None
    added = Change.of((q for removes, quads in ops if not removes for q in quads))
    removed = Change.of((q for removes, quads in ops if removes for q in quads), removed=True)
    return Change(added=added.added, removed=removed.removed, net=net)


def data_change(update: str, prologue: str = "", *, net: int | None = None) -> Change | None:
    """The change an update makes if it is made only of ``INSERT DATA`` and ``DELETE DATA`` (else None)."""
    return change_of(parse_data(update, prologue), net)


def net_count(ops: list[tuple[bool, list]] | None, contains) -> int | None:
    """How many quads parsed operations add (remove: negative), given ``contains(quad)`` for the
    store before them; quads with blank nodes are new ones."""
    if ops is None or sum(len(q) for _, q in ops) > MAX_QUADS:
        return None
    state: dict = {}          # what the earlier operations left
    net = 0
    for removes, quads in ops:
        for q in set(quads):
            there = state.get(q, not _blank(q) and contains(q))
            if removes and there:
                net -= 1
            elif not removes and not there:
                net += 1
            state[q] = not removes and not _blank(q)
    return net


def _blank(q) -> bool:
    return isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode)
