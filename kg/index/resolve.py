"""Resolving what a user typed to one node: a full IRI, a prefixed name, or a label.

``resolve(store, text)`` accepts
- a full IRI (``https://...``, optionally in angle brackets),
- a prefixed name with a known prefix (``id:measure-dc-access-limits``),
- a bare local name under the base IRI (``measure-dc-access-limits``),
- a label or alias (``skos:prefLabel``, ``skos:altLabel``, ``rdfs:label``), matched
  exactly after folding case, accents and runs of whitespace.

It raises ``Ambiguous`` (with every candidate's IRI and label) when a label names
several nodes, and ``Unknown`` (with close suggestions) when nothing matches.
``kinds`` restricts label matches to nodes of some classes; ``prefer`` narrows an
ambiguous match to the candidates in a set (trace passes the causal layer's nodes).
``suggest(store, text)`` gives the nodes named like a missing page's address.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Iterable

from rdflib import URIRef

from kg import queries
from kg.core.namespaces import curie, prefixes
from kg.index.labels import Hit, LabelIndex, fold, index as label_index, search
from kg.index.partial import provisional
from kg.store import Store, valid_iri


@dataclass(frozen=True)
class Candidate:
    iri: str
    label: str

    def as_dict(self, base_iri: str | None = None) -> dict:
        d = {"iri": self.iri, "label": self.label}
        if base_iri:
            d["curie"] = curie(self.iri, base_iri)
        return d


class ResolveError(Exception):
    """A name could not be resolved to exactly one node."""

    def __init__(self, text: str, message: str, candidates: list[Candidate]) -> None:
        super().__init__(message)
        self.text = text
        self.message = message
        self.candidates = candidates


class Ambiguous(ResolveError):
    """The label matches several nodes; ``candidates`` lists them."""


class Unknown(ResolveError):
    """Nothing matches; ``candidates`` holds close suggestions (maybe none)."""


def expand(text: str, base_iri: str) -> str | None:
    """The IRI a full IRI or prefixed name stands for, or None when ``text`` is neither."""
    t = text.strip()
    if t.startswith("<") and t.endswith(">"):
        t = t[1:-1]
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://\S+$", t) or t.startswith("urn:"):
        return t
    m = re.match(r"^([A-Za-z][\w-]*)?:(\S*)$", t)
    if m:
        ns = prefixes(base_iri).get(m.group(1) or "")
        if ns:
            return ns + m.group(2)
    return None


def exists(store: Store, iri: str) -> bool:
    """Is ``iri`` a well-formed IRI used in the graph (as subject, object or graph name)?"""
    if not iri or _BAD_IRI.search(iri) or ":" not in iri or not valid_iri(iri):
        return False      # e.g. a space or the U+FFFD of a bad %-encoding: names nothing
    return store.ask(queries.get("entity_exists"), node=URIRef(iri))


_BAD_IRI = re.compile(r'[\x00-\x20<>"{}|\\^`]')


def _of_kinds(index: LabelIndex, iris: Iterable[str], kinds: Iterable[str] | None) -> list[str]:
    iris = list(iris)
    if not kinds:
        return iris
    wanted = {str(k) for k in kinds}
    types = index.types_of(iris)
    return [i for i in iris if wanted & set(types[i])]


def resolve(store: Store, text: str, *, kinds: Iterable[str] | None = None,
            prefer: set[str] | None = None, index: LabelIndex | None = None) -> Candidate:
    """The one node ``text`` names; raises ``Ambiguous`` or ``Unknown``."""
    if not text or not text.strip():
        raise Unknown(text, "nothing to resolve: the name is empty", [])
    index = index or label_index(store)
    iri = expand(text, store.base_iri)
    if iri is not None:
        if exists(store, iri):
            return Candidate(iri, index.label(iri))
        raise Unknown(text, f"{text!r} is not used in the graph", _suggest(index, text, kinds, iri))
    local = store.base_iri + text.strip()
    if re.fullmatch(r"[\w.~-]+(/[\w.~-]+)*", text.strip()) and exists(store, local):
        return Candidate(local, index.label(local))
    matches = _of_kinds(index, sorted(index.named(text)), kinds)
    if prefer and len(matches) > 1 and any(m in prefer for m in matches):
        matches = [m for m in matches if m in prefer]
    if len(matches) == 1:
        return Candidate(matches[0], index.label(matches[0]))
    if matches:
        cands = [Candidate(m, index.label(m)) for m in matches]
        listing = "; ".join(f"{curie(c.iri, store.base_iri)} ({c.label})" for c in cands)
        raise Ambiguous(text, f"{text!r} names {len(cands)} nodes: {listing}", cands)
    suggestions = _suggest(index, text, kinds)
    hint = ("; did you mean: " + "; ".join(f"{c.label} ({curie(c.iri, store.base_iri)})" for c in suggestions)
            if suggestions else "")
    raise Unknown(text, f"no node is labelled {text!r}{hint}", suggestions)


def _suggest(index: LabelIndex, text: str, kinds: Iterable[str] | None, iri: str | None = None,
             n: int = 5) -> list[Candidate]:
    """Close matches: search hits for the text (or an IRI's local name), then for its longest words."""
    key = fold(iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1].replace("-", " ") if iri else text)
    found: list[str] = []
    for i in _of_kinds(index, index.similar(key, n * 4), kinds):
        if i not in found:
            found.append(i)
    for q in [key, *sorted(set(key.split()), key=len, reverse=True)[:3]]:
        if len(q) < 2:
            continue
        ranked = [i for i, _, _ in index.ranked(q)[:50]]
        for i in _of_kinds(index, ranked, kinds) if kinds else ranked:
            if i not in found:
                found.append(i)
        if len(found) >= n:
            break
    return [Candidate(i, index.label(i)) for i in found[:n]]


def suggest(store: Store, text: str, *, limit: int = 8) -> list[Hit]:
    """Nodes named like what a missing page's address says: the address's words searched
    together, else each of its four longest words."""
    words = text.replace("-", " ").replace("_", " ").replace("/", " ").strip()
    with provisional():   # while the label index is built: a bounded direct search (kg.index.partial)
        hits = search(store, words, limit=limit)
        if not hits:
            seen = set()
            for word in sorted(words.split(), key=len, reverse=True)[:4]:
                for h in search(store, word, limit=limit) if len(word) >= 2 else []:
                    if h.iri not in seen:
                        seen.add(h.iri)
                        hits.append(h)
    return hits[:limit]
