"""How the causal layer follows a small write (``kg.store.changes``) instead of being read again.

The causal layer (``load_causal_graph``) reads links (cause, effect, polarity, mechanism,
evidence anchors and their selectors), the signs of polarities, claims about links and who
makes them, and the labels and types of the factors. A write that touches none of these
leaves the layer as it is; one that only renames factors changes their labels in place;
anything else has it read again (``None``).
"""
from __future__ import annotations

import networkx as nx
from rdflib import URIRef
from rdflib.namespace import RDF, SKOS

from .. import queries
from ..namespaces import OA, PK
from ..search import NAMING, index
from ..store import Store
from .load import _local

# properties whose change alters links, signs or claims about links: read the layer again
LAYER = {str(p) for p in (PK.cause, PK.effect, PK.polarity, PK.mechanism, PK.evidence, PK.supports, PK.contests,
                          PK.qualifies, PK.claimer, PK.sign, SKOS.inScheme)}
ANCHOR = {str(p) for p in (OA.hasSelector, OA.start, OA.end)}
LABELS = {*NAMING, "http://purl.org/dc/terms/identifier", "http://purl.org/dc/terms/title"}
RDF_TYPE = str(RDF.type)


def _anchors_touched(store: Store, change) -> bool | None:
    """Does the change touch the evidence anchor (or a selector) of a causal link? None: cannot tell."""
    quads = [q for q in change.quads if q[1] in ANCHOR]
    if not quads:
        return False
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
    return store.ask(queries.get("causal_evidence_touched"), nodes=[URIRef(n) for n in sorted(nodes)])


def follow(store: Store, G: nx.MultiDiGraph, changes: list) -> tuple[nx.MultiDiGraph | None, bool]:
    """``(G, relabelled)``: the layer after ``changes`` (None: read it again) and whether a
    factor's label changed (results built from the layer show labels)."""
    relabelled = set()
    for change in changes:
        for s, p, o, _ in change.quads:
            if p in LAYER or (p == RDF_TYPE and s in G):
                return None, True
            if p in LABELS and s in G:
                relabelled.add(s)
        touched = _anchors_touched(store, change)
        if touched is None or touched:
            return None, True
    if relabelled:
        idx = index(store)
        for n in relabelled:
            G.nodes[n]["label"] = idx.known(n) or _local(n)   # as load_causal_graph names it
    return G, bool(relabelled) or any(p in LABELS for c in changes for p in c.predicates())
