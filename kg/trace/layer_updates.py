"""How the causal layer follows a small write (``kg.store.changes``) instead of being read again.

The causal layer (``load_causal_graph``) reads links (cause, effect, polarity, mechanism,
evidence anchors and their selectors), the signs of polarities, claims about links and who
makes them, and the labels and types of the factors. ``classify`` sorts a write's quads:

- touching none of these: the layer stays as it is;
- labels of factors: their labels change in place;
- links (a link's own statements, a claim's stance on a link, a link's evidence anchor or
  selector): those links are read again (``load_links``) and merged into a copy of the layer;
- a claim's claimer: the links the claim takes a stance on are read again;
- a factor's types: its kind is worked out again;
- anything else (a polarity's sign or scheme): ``None``, the layer is read again whole.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx
from rdflib import URIRef
from rdflib.namespace import SKOS

from kg import queries
from kg.core.namespaces import OA, PK, RDF_TYPE
from kg.core.kinds import kind_of
from kg.index.labels import LABEL_PROPERTIES, index
from kg.store import Store
from kg.trace.load import EVIDENCE_KEYS, _local, load_links
from kg.trace.prepared import MARK, carry, changing, follow_order

LINK = {str(p) for p in (PK.cause, PK.effect, PK.polarity, PK.mechanism, PK.evidence)}   # subject: the link
STANCE = {str(p) for p in (PK.supports, PK.contests, PK.qualifies)}                       # object: the link
WHOLE = {str(p) for p in (PK.sign, SKOS.inScheme)}                                       # read it all again
CLAIMER = str(PK.claimer)
ANCHOR = {str(p) for p in (OA.hasSelector, OA.start, OA.end)}
DERIVED = ("named", "starts", "targets", "folded", MARK)   # what is kept in G.graph from G's nodes and links (kg.trace)


@dataclass
class Effect:
    links: set[str] = field(default_factory=set)        # links to read again
    relabelled: set[str] = field(default_factory=set)   # factors whose labels changed
    retyped: set[str] = field(default_factory=set)      # factors whose types changed
    labels: bool = False                                 # a label or kind results show changed

    @property
    def kept(self) -> bool:
        """Does every result built from the layer stay right?"""
        return not self.links and not self.labels


def _named(G: nx.MultiDiGraph) -> set[str]:
    """The claims, claimers and documents the layer's links name (results show their labels)."""
    found = G.graph.get("named")
    if found is None:
        found = set(G.graph.get("named_light", ()))   # what a light layer's unread evidence names
        for _, _, d in G.edges(data=True):
            raw = d.get("raw")
            if raw is None:
                continue
            found |= raw.claimers | set(raw.contests) | set(raw.qualifies)
            found |= {c for cs in (*raw.contests.values(), *raw.qualifies.values()) for c in cs}
            found |= {line.split(" ", 1)[0] for line in raw.sources.split("\n") if line}
        G.graph["named"] = found
    return found


def _anchored_links(store: Store, change) -> set[str] | None:
    """The links whose evidence anchor (or a selector of one) the change touches; None: cannot tell."""
    quads = [q for q in change.quads if q[1] in ANCHOR]
    if not quads:
        return set()
    parents = {o: s for s, p, o, _ in change.quads if p == str(OA.hasSelector)}
    nodes = set()
    for s, _, _, _ in quads:
        seen = set()
        while s.startswith("_:") and s in parents and s not in seen:   # a new selector: ask about its anchor
            seen.add(s)
            s = parents[s]
        if s.startswith("_:"):
            return None
        nodes.add(s)
    return {link for link, in store.values(queries.get("causal_evidence_touched"), nodes=[URIRef(n) for n in sorted(nodes)])}


def classify(store: Store, G: nx.MultiDiGraph, changes: list) -> Effect | None:
    """What ``changes`` do to the layer ``G`` (None: read it again whole)."""
    effect, claims = Effect(), set()
    for change in changes:
        for s, p, o, _ in change.quads:
            if p in WHOLE:
                return None
            if p == RDF_TYPE and s in G:
                effect.retyped.add(s)
                effect.labels = True
            elif p == CLAIMER:
                claims.add(s)
            elif p in LINK:
                effect.links.add(s)
            elif p in STANCE:
                effect.links.add(o)
            elif p in LABEL_PROPERTIES and (s in G or s in _named(G)):
                effect.labels = True
                if s in G:
                    effect.relabelled.add(s)
        anchored = _anchored_links(store, change)
        if anchored is None:
            return None
        effect.links |= anchored
    if claims:
        if any(c.startswith("_:") for c in claims):
            return None
        effect.links |= {link for link, in store.values(queries.get("causal_stances_of"),
                                                        nodes=[URIRef(c) for c in sorted(claims)])}
    if any(link.startswith("_:") for link in effect.links):
        return None
    return effect


def follow(store: Store, G: nx.MultiDiGraph, changes: list) -> nx.MultiDiGraph | None:
    """The layer after ``changes``: ``G`` itself (labels changed in place) when no link changed,
    a copy with the touched links read again, or None (read it all again)."""
    effect = classify(store, G, changes)
    if effect is None:
        return None
    idx = index(store)
    if effect.links:
        G = _merge(G, load_links(store, sorted(effect.links)), effect.links, idx)
    if effect.relabelled or effect.retyped:
        with changing(G):
            mark = G.graph.get(MARK)
            for derived in DERIVED:
                G.graph.pop(derived, None)
            for n in effect.relabelled & set(G):
                G.nodes[n]["label"] = idx.known(n) or _local(n)   # as load_causal_graph names it
            for n in effect.retyped & set(G):
                G.nodes[n]["kind"] = kind_of(idx.types(n), default="")
            # what acts on: the measures' order moves those nodes only
            follow_order(G, G, effect.relabelled | effect.retyped, mark)
    if effect.labels:        # a link's evidence, once shown, keeps the labels of its claims and documents
        for _, _, d in G.edges(data=True):
            for key in EVIDENCE_KEYS:
                d.pop(key, None)
    return G


def _merge(G: nx.MultiDiGraph, part: nx.MultiDiGraph, links: set[str], idx) -> nx.MultiDiGraph:
    """A copy of ``G`` with ``links`` as ``part`` has them (gone where ``part`` lacks them)."""
    H = G.copy()
    for derived in DERIVED:
        H.graph.pop(derived, None)
    old = [(u, v, k) for u, v, k in H.edges(keys=True) if k in links]
    H.remove_edges_from(old)
    placed = set()                      # nodes gone or new
    for n in {x for u, v, _ in old for x in (u, v)}:
        if H.degree(n) == 0:
            H.remove_node(n)            # the layer holds only the ends of links
            placed.add(n)
    for n, d in part.nodes(data=True):
        if n not in H:
            H.add_node(n, **{**d, "label": idx.known(n) or d["label"]})
            placed.add(n)
    H.add_edges_from(part.edges(keys=True, data=True))
    # what acts on: the link sets and the measures' order made again for the nodes touched only
    carry(G, H, {v for _, v, _ in old} | {v for _, v in part.edges()})
    follow_order(G, H, placed, G.graph.get(MARK))
    return H
