"""The causal layer of a store at its current generation: read once, light (``kg.trace.light``:
links, signs and supports, evidence read per link shown), labelled from the one label index, and
carried across small writes (``kg.trace.layer_updates``)."""
from __future__ import annotations

import networkx as nx

from kg.index.cache import kept, per_generation, waits
from kg.index.warm import Lasting
from kg.index.labels import index as label_index
from kg.store import Store
from kg.trace.layer_updates import follow
from kg.trace.light import _IndexLabels, load_light
from kg.trace.load import _Link


KEY = "trace:causal_graph"


def layer_waits(store: Store) -> bool:
    """Whether ``causal_graph(store)`` would wait for another caller reading the layer (the warm-up
    after a start): a trace then reads the measure's neighbourhood instead (``kg.trace.near``)."""
    return waits(store, KEY)


def layer_ready(store: Store) -> bool:
    """Whether the layer of the store's current generation is in memory (asking for it costs nothing)."""
    return kept(store, KEY)


def causal_graph(store: Store) -> nx.MultiDiGraph:
    """The causal layer of ``store`` at its current generation (read once per generation).
    Callers must not change it: ``filter_support`` copies before it filters."""
    def build() -> nx.MultiDiGraph:
        return load_light(store)

    def advance(G: nx.MultiDiGraph, changes: list) -> nx.MultiDiGraph | None:
        kept = follow(store, G, changes)
        if kept is not None:
            kept.graph["labels"] = _IndexLabels(label_index(store), store)
        return kept
    return per_generation(store, KEY, build, advance,
                          Lasting(_IndexLabels, lambda s: _IndexLabels(label_index(s), s), classes=(_Link,)))
