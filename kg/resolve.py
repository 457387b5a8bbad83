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
"""
from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import dataclass, field
from typing import Iterable

from rdflib import URIRef

from . import queries
from .namespaces import curie, prefixes
from .store import Store, valid_iri


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


def fold(text: str) -> str:
    """Case-, accent- and whitespace-insensitive form of a label."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"\s+", " ", stripped.casefold()).strip()


@dataclass
class LabelIndex:
    """Labels of the nodes in the store, folded for matching."""
    labels: dict[str, str] = field(default_factory=dict)           # iri -> display label
    types: dict[str, set[str]] = field(default_factory=dict)       # iri -> class IRIs
    folded: dict[str, set[str]] = field(default_factory=dict)      # folded label -> iris

    @classmethod
    def from_store(cls, store: Store) -> "LabelIndex":
        index = cls()
        best: dict[str, tuple[int, str]] = {}
        for row in store.select(queries.get("resolve_labels")):
            iri, label = str(row["node"]), str(row["label"])
            lang = str(row.get("lang", "") or "")
            rank = (0 if row.get("pref") is not None and row["pref"].toPython() is True else 2) + (0 if lang in ("", "en") else 1)
            if iri not in best or rank < best[iri][0]:
                best[iri] = (rank, label)
            index.folded.setdefault(fold(label), set()).add(iri)
            if "type" in row:
                index.types.setdefault(iri, set()).add(str(row["type"]))
        index.labels = {iri: label for iri, (_, label) in best.items()}
        return index

    def label(self, iri: str) -> str:
        return self.labels.get(iri, iri)

    def of_kinds(self, iri: str, kinds: Iterable[str] | None) -> bool:
        if not kinds:
            return True
        return bool(self.types.get(iri, set()) & {str(k) for k in kinds})


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
    if not valid_iri(iri):      # e.g. a space or the U+FFFD of a bad %-encoding: names nothing
        return False
    return store.ask(queries.get("resolve_exists"), iri=URIRef(iri))


def resolve(store: Store, text: str, *, kinds: Iterable[str] | None = None,
            prefer: set[str] | None = None, index: LabelIndex | None = None) -> Candidate:
    """The one node ``text`` names; raises ``Ambiguous`` or ``Unknown``."""
    if not text or not text.strip():
        raise Unknown(text, "nothing to resolve: the name is empty", [])
    index = index or LabelIndex.from_store(store)
    iri = expand(text, store.base_iri)
    if iri is not None:
        if exists(store, iri):
            return Candidate(iri, index.label(iri))
        raise Unknown(text, f"{text!r} is not used in the graph", _suggest(index, text, kinds, iri))
    local = store.base_iri + text.strip()
    if re.fullmatch(r"[\w.~-]+(/[\w.~-]+)*", text.strip()) and exists(store, local):
        return Candidate(local, index.label(local))
    matches = sorted(i for i in index.folded.get(fold(text), set()) if index.of_kinds(i, kinds))
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
    """Close matches by label (and by IRI local name when an IRI was given)."""
    key = fold(iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1].replace("-", " ") if iri else text)
    pool: dict[str, set[str]] = {}
    for folded, iris in index.folded.items():
        keep = {i for i in iris if index.of_kinds(i, kinds)}
        if keep:
            pool.setdefault(folded, set()).update(keep)
    if iri:
        for i in index.labels:
            if index.of_kinds(i, kinds):
                pool.setdefault(fold(i.rsplit("/", 1)[-1].replace("-", " ")), set()).add(i)
    close = difflib.get_close_matches(key, list(pool), n=n, cutoff=0.6)
    close += [k for k in pool if key and key in k and k not in close][: max(0, n - len(close))]
    seen: list[Candidate] = []
    for k in close:
        for i in sorted(pool[k]):
            if all(c.iri != i for c in seen):
                seen.append(Candidate(i, index.label(i)))
    return seen[:n]
