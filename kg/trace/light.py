"""The causal layer without its evidence: what the walks need, read fast, held small.

A trace walks signs and supports; it shows the evidence (mechanism, anchors, claims) of a few
dozen links. ``load_light(store)`` reads the whole layer's links with one light query
(``causal_links_light.rq``: link, document graph, cause, effect, sign), names and types the
factors from the label index, and leaves each link's evidence unread; ``kg.trace.near`` reads the
same rows around one measure. ``fetch(G, links)`` (``kg.trace.result`` calls it for the links a
result shows) and ``kg.trace.load.evidence`` (for any other link asked about) read the evidence of
links with ``load_links``: the rows the full reader (``load_causal_graph``) holds for every link.

At 1M synthetic quads the light query takes under 1 s where the full reader took 5.5 s, and the
layer holds no evidence text. ``G.graph["named_light"]`` keeps the documents, claims and claimers
that name the links (``kg.trace.layer_updates`` follows their labels).
"""
from __future__ import annotations

import networkx as nx

from kg import queries
from kg.core.kinds import kind_of
from kg.index.labels import LabelIndex, index as label_index
from kg.store import Store
from kg.trace.load import _SIGNS, ONTOLOGY_GRAPH, _local, load_links


class _IndexLabels(dict):
    """The labels of claims, claimers and documents on trace hops, read from the label index; and the
    evidence of links, read from the store on demand (``rows``)."""

    def __init__(self, idx: LabelIndex, store: Store | None = None) -> None:
        super().__init__()
        self.idx, self.store = idx, store

    def get(self, iri, default=None):  # noqa: D102 - dict.get with the index's label
        return self.idx.known(iri) or default

    def rows(self, links: list[str]) -> dict[str, object]:
        """link -> its row (``kg.trace.load._Link``), for the links still stated."""
        if self.store is None:
            return {}
        part = load_links(self.store, links)
        return {k: d["raw"] for _, _, k, d in part.edges(keys=True, data=True)}


def add_links(links: dict, graphs: dict, rows) -> list[str]:
    """Put light rows (link, graph, cause, effect, polarity, sign) into ``links`` (link -> (cause,
    effect, sign)) and ``graphs`` (link -> document graphs stating it); the effects newly named."""
    new = []
    for link, g, cause, effect, polarity, sign in rows:
        s = int(sign) if sign in ("1", "-1") else _SIGNS.get(polarity)   # as the full reader signs it
        if g == ONTOLOGY_GRAPH or s is None:
            continue
        if link not in links:
            links[link] = (cause, effect, s)
            new.append(effect)
        graphs.setdefault(link, set()).add(g)
    return new


def light_graph(store: Store, links: dict, graphs: dict, **attrs) -> nx.MultiDiGraph:
    """The MultiDiGraph of ``links`` (from ``add_links``): nodes named and typed from the label index,
    edges with ``sign`` and ``support`` (the documents stating them), evidence left unread."""
    idx = label_index(store)
    G = nx.MultiDiGraph(**attrs)
    nodes = sorted({n for c, e, _ in links.values() for n in (c, e)})
    types = idx.types_of(nodes)   # 500 nodes a query (one query a node took minutes at 10M quads)
    idx.prefetch(nodes)
    G.add_nodes_from((n, {"label": idx.known(n) or _local(n), "kind": kind_of(types[n], default="")}) for n in nodes)
    G.add_edges_from((c, e, k, {"sign": s, "support": len(graphs[k])}) for k, (c, e, s) in sorted(links.items()))
    G.graph["labels"] = _IndexLabels(idx, store)
    return G


def load_light(store: Store) -> nx.MultiDiGraph:
    """The whole causal layer, light (see the module docstring)."""
    links: dict = {}
    graphs: dict = {}
    add_links(links, graphs, store.values(queries.get("causal_links_light")))
    named = {g for gs in graphs.values() for g in gs}
    for claim, claimer in store.values(queries.get("causal_link_claims")):
        named.add(claim)
        if claimer is not None:
            named.add(claimer)
    return light_graph(store, links, graphs, named_light=named)


def fetch(G: nx.MultiDiGraph, links) -> None:
    """Read the evidence of ``links`` (``(u, v, key)``) that ``G`` holds no row for, in one go."""
    reader = getattr(G.graph.get("labels"), "rows", None)
    if reader is None:
        return
    wanted = sorted({k for u, v, k in links if "raw" not in G.edges[u, v, k]})
    if not wanted:
        return
    found = reader(wanted)
    for u, v, k in links:
        d = G.edges[u, v, k]
        if "raw" not in d and k in found:
            d["raw"] = found[k]
