"""The causal layer around one measure, read from the store while the whole layer is not ready.

On a large store the whole causal layer (``kg.trace.layer``) takes a while to read after a start
(minutes at 10M quads before the warm state exists). A trace asked for meanwhile does not wait for
it: ``near_graph(store, start, max_depth)`` reads the links out of the start, then out of what they
reach, layer by layer (``causal_links_from.rq``: cause, effect, the sign of the polarity and the
document graphs stating it), as far as a trace and its loop search can go (``2 * max_depth`` links
from the start: a loop through a node on a path stays that close), and about ``NEAR_LINKS`` links at
most (the reading stops after the query that passes it).
Nodes are named and typed from the label index, as in the whole layer.

Evidence (mechanism, sources, claims) is read only for the links a trace shows: ``fetch(G, links)``
(``kg.trace.result`` calls it before it builds hops) reads their rows with ``kg.trace.load.load_links``,
the same rows the whole layer holds. ``G.graph["near"]`` says the graph is such a part, and
``G.graph["near_cut"]`` that the link cap stopped the reading (the trace is then ``truncated``).
"""
from __future__ import annotations

import networkx as nx

from kg import queries
from kg.core.kinds import kind_of
from kg.index.labels import index as label_index
from kg.store import Store
from kg.trace.layer import _IndexLabels
from kg.trace.load import _SIGNS, ONTOLOGY_GRAPH, _local, load_links

NEAR_LINKS = 10_000   # links read (about) at most for one trace: a few seconds on a busy machine
_BATCH = 500          # causes per query


def _uris(iris):
    from rdflib import URIRef
    return [URIRef(i) for i in iris]


def near_graph(store: Store, start: str, max_depth: int) -> nx.MultiDiGraph:
    """The links within ``2 * max_depth`` of ``start`` (see the module docstring), evidence read on demand."""
    links: dict[str, tuple[str, str, int]] = {}
    graphs: dict[str, set[str]] = {}
    seen, frontier, cut = {start}, [start], False
    for _ in range(2 * max_depth):
        found: list[str] = []
        for i in range(0, len(frontier), _BATCH):
            if len(links) > NEAR_LINKS:
                break
            rows = store.values(queries.get("causal_links_from"), causes=_uris(frontier[i:i + _BATCH]))
            for link, g, cause, effect, polarity, sign in rows:
                s = int(sign) if sign in ("1", "-1") else _SIGNS.get(polarity)   # as the whole layer signs it
                if g == ONTOLOGY_GRAPH or s is None:
                    continue
                if link not in links:
                    links[link] = (cause, effect, s)
                graphs.setdefault(link, set()).add(g)
                if effect not in seen:
                    seen.add(effect)
                    found.append(effect)
        if len(links) > NEAR_LINKS:
            cut = True
            break
        frontier = sorted(found)
        if not frontier:
            break
    idx = label_index(store)
    G = nx.MultiDiGraph(near=True, near_cut=cut, fetch=lambda wanted: _rows(store, wanted))
    nodes = {n for c, e, _ in links.values() for n in (c, e)}
    G.add_nodes_from((n, {"label": idx.known(n) or _local(n), "kind": kind_of(idx.types(n), default="")})
                     for n in sorted(nodes))
    G.add_edges_from((c, e, k, {"sign": s, "support": len(graphs[k])}) for k, (c, e, s) in sorted(links.items()))
    G.graph["labels"] = _IndexLabels(idx)
    return G


def _rows(store: Store, links: list[str]) -> dict[str, object]:
    part = load_links(store, links)
    return {k: d["raw"] for _, _, k, d in part.edges(keys=True, data=True)}


def fetch(G: nx.MultiDiGraph, links) -> None:
    """Read the evidence of ``links`` (``(u, v, key)``) that ``G`` lacks (a near graph); else nothing."""
    read = G.graph.get("fetch")
    if read is None:
        return
    wanted = sorted({k for u, v, k in links if "raw" not in G.edges[u, v, k]})
    if not wanted:
        return
    found = read(wanted)
    for u, v, k in links:
        d = G.edges[u, v, k]
        if "raw" not in d and k in found:
            d["raw"] = found[k]
