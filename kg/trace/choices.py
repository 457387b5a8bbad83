"""What a trace page offers and what the warm-up makes of a causal layer before the first trace.

``starts`` and ``targets`` are the nodes a trace can start from and end at (the page's form offers
the first ``CHOICES`` of them), ``folded_labels`` every node's label folded for the "no causal
links" hint; each is kept in ``G.graph`` for G itself (``kept_on``). ``warm`` makes them, with the
walks' adjacency lists and what "what acts on" needs (``kg.trace.prepared``).
"""
from __future__ import annotations

import heapq

import networkx as nx

from kg.core.priority import paced
from kg.index.labels import fold
from kg.store import Store
from kg.trace.analysis import adjacency
from kg.trace.layer import causal_graph
from kg.trace.prepared import prepare

CHOICES = 200   # starts and targets a trace page's form offers (measures first)


def kept_on(G: nx.MultiDiGraph, name: str, build):
    """``build()``, kept in ``G.graph`` for G itself (a copy's ``graph`` dict carries it over, so the
    stamp names the graph; ``kg.trace.layer_updates`` drops it when it changes G in place). Counting the
    edges would cost a pass over all of them. Callers must not change it."""
    stamp = (id(G), len(G))
    found = G.graph.get(name)
    if found is None or found[0] != stamp:
        found = G.graph[name] = (stamp, build())
    return found[1]


def folded_labels(G: nx.MultiDiGraph) -> dict[str, str]:
    """node -> its label folded (``kg.index.labels.fold``), made once per layer (the warm-up makes it):
    folding every label of the layer for one "no causal links" answer took 0.8 s at 10M quads."""
    return kept_on(G, "folded", lambda: {n: fold(G.nodes[n]["label"]) for n in paced(list(G), 2048)})


def warm(store: Store) -> None:
    """Read the causal layer and make what the first trace page would otherwise make: the form's starts
    and targets, what "what acts on" needs, the walks' adjacency lists, the folded labels (the app's
    warm-up after a start)."""
    G = causal_graph(store)
    starts(G, CHOICES)    # every trace page's form offers them
    targets(G, CHOICES)
    prepare(G)
    adjacency(G).fill()
    folded_labels(G)


def starts(G: nx.MultiDiGraph, first: int | None = None) -> list[dict]:
    """Nodes a trace can start from (those with outgoing links), measures first, then by label; with
    ``first``, only the first ``first`` of them (a page's choices: no sort of every node of the layer)."""
    order = lambda n: (G.nodes[n]["kind"] not in ("Measure", "PolicyPackage"), G.nodes[n]["label"].casefold(), n)
    return _ordered(G, "starts", first, (n for n in paced(list(G), 2048) if G.out_degree(n)), order)


def targets(G: nx.MultiDiGraph, first: int | None = None) -> list[dict]:
    """Nodes a trace can end at (those with incoming links), by label; ``first`` as for ``starts``."""
    return _ordered(G, "targets", first, (n for n in paced(list(G), 2048) if G.in_degree(n)),
                    lambda n: (G.nodes[n]["label"].casefold(), n))


def _ordered(G: nx.MultiDiGraph, name: str, first: int | None, nodes, order) -> list[dict]:
    """``nodes`` in ``order`` (the first ``first`` of them), kept in ``G.graph`` by ``first``."""
    kept = kept_on(G, name, dict)
    if first not in kept:
        chosen = sorted(nodes, key=order) if first is None else heapq.nsmallest(first, nodes, key=order)
        kept[first] = [{"iri": n, "label": G.nodes[n]["label"], "kind": G.nodes[n]["kind"]} for n in chosen]
    return kept[first]
