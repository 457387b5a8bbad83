"""What "what acts on" needs of a causal layer, made once per layer and kept while it lives.

- ``signed_links(G)``: node -> the set of causes of its positive links, and of its negative links
  (``kg.trace.reaching`` searches back from a target a set of causes at a time: set unions run in C,
  where following the layer's links one by one in Python took most of a second at 10M quads);
- ``measure_order(G)``: the layer's measures (and policy packages) by label, then IRI, and their set
  (a page of "what acts on" is the first of them that reach its target, by net sign).

They are kept outside G (as ``kg.trace.analysis.adjacency`` is: warm state never holds them). A
layer's links never change in place (``kg.trace.layer_updates`` copies it), so the link sets last
as long as the graph; its labels and kinds do, and ``follow`` then drops ``MARK`` from ``G.graph``
(it is one of ``layer_updates.DERIVED``), which makes the order again. ``prepare(G)`` makes both
(the warm-up after a start), giving way to requests as it goes.
"""
from __future__ import annotations

import bisect
import itertools
import threading
import weakref

import networkx as nx

from kg.core.priority import acquired, paced

MARK = "measure_order"       # in G.graph while its order is the one kept here (a number naming it)
MEASURE_KINDS = ("Measure", "PolicyPackage")
_EMPTY: frozenset = frozenset()
_links: "weakref.WeakKeyDictionary[nx.MultiDiGraph, tuple[int, tuple[dict, dict]]]" = weakref.WeakKeyDictionary()
_orders: "weakref.WeakKeyDictionary[nx.MultiDiGraph, tuple[int, tuple[list, frozenset, list]]]" = weakref.WeakKeyDictionary()
_names = itertools.count(1)
_lock = threading.Lock()         # making link sets
_order_lock = threading.Lock()   # making an order, or changing the labels it is made from


def signed_links(G: nx.MultiDiGraph) -> tuple[dict[str, frozenset], dict[str, frozenset]]:
    """``(into_plus, into_minus)``: node -> the causes of its positive (negative) links."""
    found = _links.get(G)
    if found is None or found[0] != len(G):
        with acquired(_lock):   # one maker; a request waiting lets the warm-up making it go on
            found = _links.get(G)
            if found is None or found[0] != len(G):
                found = _links[G] = (len(G), _signed(G))
    return found[1]


def _signed(G: nx.MultiDiGraph, nodes=None, into: tuple[dict, dict] | None = None) -> tuple[dict, dict]:
    """The link sets of ``nodes`` (default: every node) put into ``into`` (default: new ones)."""
    into_plus, into_minus = into if into is not None else ({}, {})
    pred = G._pred
    for v in paced(list(pred) if nodes is None else nodes, 2048):
        plus, minus = [], []
        for u, links in pred.get(v, {}).items():
            for d in links.values():
                (plus if d["sign"] > 0 else minus).append(u)
        for found, side in ((plus, into_plus), (minus, into_minus)):
            if found:
                side[v] = frozenset(found)
            else:
                side.pop(v, None)
    return into_plus, into_minus


def carry(G: nx.MultiDiGraph, H: nx.MultiDiGraph, effects: set[str]) -> None:
    """``H`` is a copy of ``G`` whose links into ``effects`` changed (``kg.trace.layer_updates``): when
    G's link sets are made, H's are them with those nodes' made again (not every node's)."""
    found = _links.get(G)
    if found is not None and found[0] == len(G):
        made = _signed(H, sorted(effects), (dict(found[1][0]), dict(found[1][1])))
        _links[H] = (len(H), made)


def measure_order(G: nx.MultiDiGraph) -> tuple[list[str], frozenset]:
    """The measures of ``G`` by label (case folded), then IRI; and their set."""
    found = _orders.get(G)
    if found is None or G.graph.get(MARK) != found[0]:
        with acquired(_order_lock):
            found = _orders.get(G)
            if found is None or G.graph.get(MARK) != found[0]:
                attrs = G._node
                found = _keep_order(G, sorted(_keys(G, paced(list(attrs), 2048))))
    return found[1][:2]


def _keys(G: nx.MultiDiGraph, nodes) -> list[tuple[str, str]]:
    """(label case folded, node) of the measures among ``nodes`` (sorted as tuples: no key function)."""
    attrs = G._node
    return [(attrs[n]["label"].casefold(), n) for n in nodes if n in attrs and attrs[n]["kind"] in MEASURE_KINDS]


def _keep_order(G: nx.MultiDiGraph, keyed: list[tuple[str, str]]):
    order = [n for _, n in keyed]
    name = next(_names)
    found = _orders[G] = (name, (order, frozenset(order), keyed))
    G.graph[MARK] = name
    return found


def changing(G: nx.MultiDiGraph):
    """Held while the labels or kinds of ``G`` change in place (``kg.trace.layer_updates.follow``): an
    order being made from G meanwhile is made whole first, never from labels half changed."""
    return acquired(_order_lock)


def follow_order(G: nx.MultiDiGraph, H: nx.MultiDiGraph, nodes, mark) -> None:
    """``H`` is ``G`` (or its copy) after a write that changed the labels, kinds or presence of ``nodes``
    (``kg.trace.layer_updates``); ``mark``: ``G.graph[MARK]`` before it. When G's order was made then,
    H's is it with those nodes placed again (a relabelled measure moves; a new one comes in, one gone
    or no longer a measure goes), not every measure sorted again."""
    found = _orders.get(G)
    if found is None or mark is None or found[0] != mark:
        return
    moved = set(nodes)
    keyed = [x for x in found[1][2] if x[1] not in moved and x[1] in H]
    for key in _keys(H, sorted(moved)):
        bisect.insort(keyed, key)
    _keep_order(H, keyed)


def prepare(G: nx.MultiDiGraph) -> None:
    """Make both now (the warm-up after a start)."""
    signed_links(G)
    measure_order(G)
