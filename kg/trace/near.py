"""The causal layer around one measure, read from the store while the whole layer is not ready.

On a large store the whole causal layer (``kg.trace.layer``) takes a while to read after a start
(minutes at 10M quads before the warm state exists). A trace asked for meanwhile does not wait for
it: ``near_graph(store, start, max_depth)`` reads the links out of the start, then out of what they
reach, layer by layer (``causal_links_from.rq``: cause, effect, the sign of the polarity and the
document graphs stating it), as far as a trace and its loop search can go (``2 * max_depth`` links
from the start: a loop through a node on a path stays that close), and about ``NEAR_LINKS`` links at
most (the reading stops after the query that passes it).
Nodes are named and typed from the label index, as in the whole layer. Names are resolved as over
the whole layer: ``causal_among`` tells which nodes have causal links (a shared name prefers them; a
node with none is the trace's "no causal links" error, with ``causal_like`` as its hint).

As in the whole layer (``kg.trace.light``), evidence (mechanism, sources, claims) is read only for
the links a trace shows. ``G.graph["near"]`` says the graph is such a part, and
``G.graph["near_cut"]`` that the link cap stopped the reading (the trace is then ``truncated``).
"""
from __future__ import annotations

import networkx as nx

from kg import queries
from kg.index.labels import LabelIndex, fold
from kg.store import Store
from kg.trace.light import add_links, light_graph
from kg.trace.load import _SIGNS, ONTOLOGY_GRAPH

NEAR_LINKS = 10_000   # links read (about) at most for one trace: a few seconds on a busy machine
_BATCH = 500          # causes per query


def _uris(iris):
    from rdflib import URIRef
    return [URIRef(i) for i in iris]


def near_graph(store: Store, start: str, max_depth: int) -> nx.MultiDiGraph:
    """The links within ``2 * max_depth`` of ``start`` (see the module docstring), evidence read on demand."""
    links: dict = {}
    graphs: dict = {}
    seen, frontier, cut = {start}, [start], False
    for _ in range(2 * max_depth):
        found: list[str] = []
        for i in range(0, len(frontier), _BATCH):
            if len(links) > NEAR_LINKS:
                break
            rows = store.values(queries.get("causal_links_from"), causes=_uris(frontier[i:i + _BATCH]))
            for effect in add_links(links, graphs, rows):
                if effect not in seen:
                    seen.add(effect)
                    found.append(effect)
        if len(links) > NEAR_LINKS:
            cut = True
            break
        frontier = sorted(found)
        if not frontier:
            break
    return light_graph(store, links, graphs, near=True, near_cut=cut)


def links_around(store: Store, node: str) -> nx.MultiDiGraph:
    """The links into and out of ``node`` alone, as the layer holds them (an entity page's differences)."""
    links: dict = {}
    graphs: dict = {}
    add_links(links, graphs, store.values(queries.get("causal_links_from"), causes=_uris([node])))
    add_links(links, graphs, store.values(queries.get("causal_links_into"), effects=_uris([node])))
    return light_graph(store, links, graphs, near=True, near_cut=False)


def causal_among(store: Store, iris) -> set[str]:
    """The nodes among ``iris`` that are the cause or effect of a link the layer holds (as ``add_links``
    keeps them: stated in a document graph, with a sign)."""
    iris, found = sorted(set(iris)), set()
    for i in range(0, len(iris), _BATCH):
        for node, g, polarity, sign in store.values(queries.get("causal_factors_among"), nodes=_uris(iris[i:i + _BATCH])):
            if g != ONTOLOGY_GRAPH and (sign in ("1", "-1") or _SIGNS.get(polarity) is not None):
                found.add(node)
    return found


def causal_like(store: Store, index: LabelIndex, text: str, n: int = 8) -> list[str]:
    """Causal factors named like ``text``: spelled like it, then found by searching it (the label index)."""
    seen = list(dict.fromkeys([*index.similar(fold(text), 4 * n), *(i for i, _, _ in index.ranked(text)[:100])]))
    causal = causal_among(store, seen)
    return [i for i in seen if i in causal][:n]
