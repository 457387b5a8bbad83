"""Labels and search: the label index of a store, display labels, and ranked search.

The index holds every IRI node's labels (skos:prefLabel, skos:altLabel, rdfs:label,
dcterms:title) and types, read with two SPARQL queries and cached per store until the
store's size changes. Search folds case and accents in Python (SPARQL has none) and
ranks exact > prefix > word > substring > all words, prefLabel over other labels over
aliases.
"""
from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass, field

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, RDFS, SKOS

from . import queries
from .namespaces import curie
from .store import Store

PREF, LABEL, TITLE, ALT, IDENT = str(SKOS.prefLabel), str(RDFS.label), str(DCTERMS.title), str(SKOS.altLabel), str(DCTERMS.identifier)
# label kinds, best first, for display and for ranking
_KIND_ORDER = {PREF: 0, LABEL: 1, TITLE: 1, ALT: 2, IDENT: 3}
_MATCH_NAMES = ["exact", "prefix", "word", "substring", "words"]
_WORD = re.compile(r"\w+")


def fold(text: str) -> str:
    """Lower case, accents removed, whitespace collapsed: the form search compares."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return " ".join(stripped.casefold().split())


@dataclass
class NodeLabels:
    iri: str
    labels: list[tuple[int, str, str]] = field(default_factory=list)  # (kind rank, property, text)
    types: list[str] = field(default_factory=list)

    @property
    def label(self) -> str | None:
        shown = [lab for lab in self.labels if lab[1] != IDENT] or self.labels
        return min(shown)[2] if shown else None

    @property
    def aliases(self) -> list[str]:
        return sorted({t for _, p, t in self.labels if p == ALT})


@dataclass
class Hit:
    iri: str
    label: str
    types: list[str]
    type_iris: list[str]
    url: str
    matched: str
    match: str

    def to_json(self) -> dict:
        return self.__dict__


class LabelIndex:
    def __init__(self, store: Store) -> None:
        self.store = store
        self.base_iri = store.base_iri
        self.nodes: dict[str, NodeLabels] = {}
        self._curies: dict[str, str] = {}
        self._display: dict[str, str] = {}
        for row in store.select(queries.get("search_labels")):
            iri, prop, text = str(row["node"]), str(row["prop"]), str(row["label"])
            node = self.nodes.setdefault(iri, NodeLabels(iri))
            node.labels.append((_KIND_ORDER.get(prop, 9), prop, text))
        for row in store.select(queries.get("search_types")):
            iri = str(row["node"])
            self.nodes.setdefault(iri, NodeLabels(iri)).types.append(str(row["type"]))
        for node in self.nodes.values():
            node.labels.sort()
            node.types.sort()
        self.synthetic: dict[str, str] = {}
        for row in store.select(queries.get("search_links")):
            link = str(row["link"])
            if not (link in self.nodes and self.nodes[link].label):
                verb = self.label(row["polarity"]) if "polarity" in row else "affects"
                self.synthetic[link] = f"{self.label(row['cause'])} {verb} {self.label(row['effect'])}"
        self._folded = [(node, [(rank, text, fold(text)) for rank, prop, text in node.labels])
                        for node in self.nodes.values() if node.labels]

    def label(self, iri: object) -> str:
        """The display label of a node: prefLabel, rdfs:label, title, identifier, else its CURIE."""
        key = str(iri)
        found = self._display.get(key)
        if found is None:
            node = self.nodes.get(key)
            if node is not None and node.label:
                found = node.label
            elif key in getattr(self, "synthetic", {}):
                found = self.synthetic[key]
            else:
                found = self.curie(key)
            if hasattr(self, "synthetic"):  # cache only once the index is complete
                self._display[key] = found
        return found

    def curie(self, iri: object) -> str:
        key = str(iri)
        found = self._curies.get(key)
        if found is None:
            found = self._curies[key] = curie(key, self.base_iri)
        return found

    def short(self, iri: object) -> str:
        """A short name: the dcterms:identifier when there is one (documents), else the label."""
        node = self.nodes.get(str(iri))
        idents = [t for _, p, t in node.labels if p == IDENT] if node else []
        return f"doc {idents[0].split('_')[0]}" if idents else self.label(iri)

    def types(self, iri: object) -> list[str]:
        node = self.nodes.get(str(iri))
        return list(node.types) if node else []

    def search(self, q: str, *, limit: int = 20, url=None) -> list[Hit]:
        fq = fold(q)
        if not fq:
            return []
        words = _WORD.findall(fq)
        scored = []
        for node, labels in self._folded:
            best = None
            for rank, text, ft in labels:
                m = _match(fq, words, ft)
                if m is None:
                    continue
                key = (m, rank, len(ft), text)
                if best is None or key < best:
                    best = key
            if best is not None:
                local = 0 if node.iri.startswith(self.base_iri) else 1
                scored.append(((best[0], local, best[1], best[2], best[3].casefold(), node.iri), node, best))
        scored.sort(key=lambda s: s[0])
        hits = []
        for _, node, best in scored[:limit]:
            hits.append(Hit(iri=node.iri, label=self.label(node.iri),
                            types=[self.label(t) for t in node.types], type_iris=list(node.types),
                            url=url(node.iri) if url else node.iri, matched=best[3], match=_MATCH_NAMES[best[0]]))
        return hits


def _match(fq: str, words: list[str], ft: str) -> int | None:
    if ft == fq:
        return 0
    if ft.startswith(fq):
        return 1
    pos = ft.find(fq)
    if pos > 0:
        return 2 if not ft[pos - 1].isalnum() else 3
    if len(words) > 1 and all(w in ft for w in words):
        return 4
    return None


_cache: dict[int, tuple[int, LabelIndex]] = {}
_lock = threading.Lock()


def index(store: Store) -> LabelIndex:
    """The label index of ``store``, rebuilt when the number of quads changes."""
    key, size = id(store), len(store)
    with _lock:
        cached = _cache.get(key)
        if cached and cached[0] == size and cached[1].store is store:
            return cached[1]
    built = LabelIndex(store)
    with _lock:
        _cache[key] = (size, built)
    return built


def search(store: Store, q: str, *, limit: int = 20, url=None) -> list[Hit]:
    return index(store).search(q, limit=limit, url=url)


def term(value: object, idx: LabelIndex) -> dict:
    """An rdflib term as a dict for display and JSON."""
    if isinstance(value, URIRef):
        out = {"iri": str(value), "label": idx.label(value), "curie": idx.curie(value)}
        if out["iri"].startswith(idx.base_iri + "doc/"):
            out["doc_id"] = out["iri"][len(idx.base_iri) + 4:]
            out["short"] = idx.short(value)
        return out
    if isinstance(value, BNode):
        return {"bnode": str(value), "label": "[ ]"}
    if isinstance(value, Literal):
        out = {"value": str(value), "label": str(value)}
        if value.language:
            out["lang"] = value.language
        elif value.datatype:
            out["datatype"] = idx.curie(value.datatype)
        return out
    return {"value": str(value), "label": str(value)}


def node(iri: str, idx: LabelIndex) -> dict:
    return {"iri": iri, "label": idx.label(iri), "types": [idx.label(t) for t in idx.types(iri)]}
