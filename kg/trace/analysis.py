"""Qualitative signed-digraph analysis over the causal MultiDiGraph from ``load``.

- Simple paths from a start node along causal links, up to ``max_depth`` links; every
  prefix of a simple path is itself a path to the node it ends at, so one depth-first
  walk finds the paths to every reachable target at once.
- A path's sign is the product of its links' signs; its support is the smallest
  number of documents behind any of its links (the weakest hop).
- A target's net effect is ``+`` or ``-`` when all its paths agree, ``±`` when not.
- Feedback loops: simple cycles (up to ``max_depth`` links) through a node the paths
  pass, with their sign: ``reinforcing`` when the product is +, ``balancing`` when -.

Enumeration is capped: at most ``path_cap`` paths are kept per target (the net sign
still counts every path walked) and at most ``step_budget`` extensions are walked in
all; hitting either sets ``truncated``.
"""
from __future__ import annotations

import itertools
import math
import operator
import weakref
from dataclasses import dataclass, field

import networkx as nx

from kg.core.priority import paced

PATH_CAP = 50
YIELD_EVERY = 1024   # nodes whose links the warm-up lists between two chances to give way to a request
STEP_BUDGET = 500_000
LOOP_CAP = 100
CYCLE_BUDGET = 50_000   # links followed and nodes reached in the loop search before its list is cut
SIGN = {1: "+", -1: "-"}


def net_of(signs: set[int]) -> str | None:
    if not signs:
        return None
    return "±" if len(signs) > 1 else SIGN[next(iter(signs))]


@dataclass
class Walk:
    """What the walk from one start node found."""
    start: str
    paths: list[tuple[str, list[tuple[str, str, str]]]] = field(default_factory=list)  # (target, [(u, v, key)])
    signs: dict[str, set[int]] = field(default_factory=dict)       # target -> signs of all paths walked
    distance: dict[str, int] = field(default_factory=dict)         # target -> fewest links
    capped: set[str] = field(default_factory=set)                  # targets with more paths than kept
    exhausted: bool = False                                        # the step budget ran out


_link = operator.itemgetter(1)


class _Side:
    """One side of an ``Adjacency``: ``get(u)`` = [(v, link, sign)] by link IRI, made from the graph's own
    adjacency the first time node ``u`` is asked about (a walk's cost follows the nodes it reaches, not
    the layer: listing all 204,000 links at 10M quads took 1-3.5 s)."""

    def __init__(self, side) -> None:
        self.side = side                      # G._succ or G._pred: node -> {other: {link: data}}
        self.made: dict[str, list] = {}

    def get(self, u: str, default=None):
        found = self.made.get(u)
        if found is None:
            keyed = self.side.get(u)
            if not keyed:
                return default
            found = [(v, k, d["sign"]) for v, links in keyed.items() for k, d in links.items()]
            found.sort(key=_link)
            self.made[u] = found
        return found

    def fill(self) -> None:
        """Make every node's list now (the warm-up: the first walks then find them made), giving way to
        requests every ``YIELD_EVERY`` nodes (``kg.core.priority``: a request then has the process)."""
        for u in paced(list(self.side), YIELD_EVERY):
            self.get(u)


class Adjacency:
    """The links of a causal graph as plain lists, for walks that follow many of them:
    ``succ.get(u)`` = [(v, link, sign)] and ``pred.get(v)`` = [(u, link, sign)], by link IRI, each made
    when first asked for. ``least_support``: the smallest support of a link not proposed (None: no such
    link), found by one pass over the links when first asked for."""

    def __init__(self, G: nx.MultiDiGraph | None) -> None:
        self.G = G
        if G is not None:
            self.succ, self.pred = _Side(G._succ), _Side(G._pred)
        self._least: tuple | None = None

    @property
    def least_support(self) -> int | None:
        if self._least is None:
            least = None
            for _, _, d in self.G.edges(data=True):
                if not d.get("proposed") and (least is None or d["support"] < least):
                    least = d["support"]
            self._least = (least,)
        return self._least[0]

    def fill(self) -> None:
        """Make both sides' lists of every node (``_Side.fill``)."""
        self.succ.fill()
        self.pred.fill()

    def reversed(self) -> "Adjacency":
        back = Adjacency(None)
        back.G, back.succ, back.pred, back._least = self.G, self.pred, self.succ, self._least
        return back


_adjacency: "weakref.WeakKeyDictionary[nx.MultiDiGraph, tuple[int, Adjacency]]" = weakref.WeakKeyDictionary()


def adjacency(G: nx.MultiDiGraph) -> Adjacency:
    """``Adjacency(G)``, kept while G lives (outside G, so warm state never holds it; a graph changed
    in place has its nodes' labels changed, not its links: ``kg.trace.layer_updates`` copies it then).
    A reversed view of a graph (``G.reverse(copy=False)``) uses that graph's, reversed."""
    base = getattr(G, "_graph", None)
    if base is not None and G._succ is base._pred and G is not base:
        return adjacency(base).reversed()
    found = _adjacency.get(G)
    if found is None or found[0] != len(G):
        found = _adjacency[G] = (len(G), Adjacency(G))
    return found[1]


def walk(G: nx.MultiDiGraph, start: str, *, max_depth: int = 6, to: str | None = None,
         path_cap: int = PATH_CAP, step_budget: int = STEP_BUDGET) -> Walk:
    """All simple paths from ``start`` of at most ``max_depth`` links (to ``to`` only, if given)."""
    result = Walk(start)
    if start not in G:
        return result
    succ = adjacency(G).succ
    none: list = []
    reach_to: dict[str, int] | None = None
    if to is not None:   # prune: only go where the target is still within reach
        reach_to = nx.single_source_shortest_path_length(G.reverse(copy=False), to, cutoff=max_depth) if to in G else {}
    kept: dict[str, int] = {}
    on_path = {start}
    hops: list[tuple[str, str, str]] = []
    steps = 0

    def visit(u: str, sign: int, depth: int) -> None:
        nonlocal steps
        for v, k, s in succ.get(u, none):
            if v in on_path:
                continue
            if reach_to is not None and reach_to.get(v, max_depth + 1) > max_depth - depth - 1:
                continue
            steps += 1
            if steps > step_budget:
                result.exhausted = True
                return
            hops.append((u, v, k))
            psign = sign * s
            if to is None or v == to:
                result.signs.setdefault(v, set()).add(psign)
                result.distance[v] = min(result.distance.get(v, depth + 1), depth + 1)
                if kept.get(v, 0) < path_cap:
                    kept[v] = kept.get(v, 0) + 1
                    result.paths.append((v, list(hops)))
                else:
                    result.capped.add(v)
            if depth + 1 < max_depth and v != to:
                on_path.add(v)
                visit(v, psign, depth + 1)
                on_path.discard(v)
            hops.pop()
            if result.exhausted:
                return

    if max_depth > 0:
        visit(start, 1, 0)
    return result


def path_sign(G: nx.MultiDiGraph, hops: list[tuple[str, str, str]]) -> int:
    sign = 1
    for u, v, k in hops:
        sign *= G.edges[u, v, k]["sign"]
    return sign


def path_support(G: nx.MultiDiGraph, hops: list[tuple[str, str, str]]) -> int:
    return min((G.edges[u, v, k]["support"] for u, v, k in hops), default=0)


def loops(G: nx.MultiDiGraph, start: str, touched: set[str], *, max_length: int = 6,
          cap: int = LOOP_CAP) -> tuple[list[list[tuple[str, str, str]]], bool]:
    """Simple cycles through any node of ``touched``, one per choice of parallel links,
    each rotated to begin at its smallest node; and whether the cap or the budget cut the list.

    From each touched node a depth-first search goes only where that node can still be reached
    within the length left (a backward breadth-first search from it), so its cost follows the
    touched nodes' surroundings, not the number of cycles near the start. ``CYCLE_BUDGET``
    bounds the links followed and nodes reached in all."""
    if start not in G or not touched:
        return [], False
    nexts: dict[str, list[str]] = {}
    cycles: set[tuple[str, ...]] = set()
    steps, cut = 0, False
    reverse = G.reverse(copy=False)
    for n in sorted(t for t in touched if t in G):
        back = nx.single_source_shortest_path_length(reverse, n, cutoff=max_length - 1)   # links from each node to n
        steps += len(back)
        path, on_path = [n], {n}

        def visit(u: str) -> bool:     # False when the budget ran out
            nonlocal steps
            if u not in nexts:
                nexts[u] = sorted(G.succ[u])
            left = max_length - len(path)        # links allowed from the next node back to n
            for v in nexts[u]:
                steps += 1
                if steps > CYCLE_BUDGET:
                    return False
                if v == n:
                    i = path.index(min(path))
                    cycles.add(tuple(path[i:] + path[:i]))
                elif v not in on_path and back.get(v, max_length + 1) <= left:
                    path.append(v)
                    on_path.add(v)
                    going = visit(v)
                    path.pop()
                    on_path.discard(v)
                    if not going:
                        return False
            return True
        if steps > CYCLE_BUDGET or not visit(n):
            cut = True
            break
    links = {}                  # (u, v) -> the parallel links from u to v, by IRI
    ways = {}                   # cycle -> the loops it gives, one per choice of parallel links
    for cycle in cycles:
        pairs = list(zip(cycle, cycle[1:] + cycle[:1]))
        for pair in pairs:
            if pair not in links:
                links[pair] = sorted(G[pair[0]][pair[1]])
        ways[cycle] = math.prod(len(links[p]) for p in pairs)
    found, total, longest = [], 0, None
    for cycle in sorted(cycles, key=len):   # only the shortest are listed: expand those alone
        if total >= cap and len(cycle) > longest:
            break
        longest = len(cycle)
        total += ways[cycle]
        pairs = list(zip(cycle, cycle[1:] + cycle[:1]))
        found.extend([(u, v, k) for (u, v), k in zip(pairs, keys)]
                     for keys in itertools.product(*(links[p] for p in pairs)))
    found = _sorted(found)
    return found[:cap], cut or sum(ways.values()) > cap


def _sorted(found: list[list[tuple[str, str, str]]]) -> list[list[tuple[str, str, str]]]:
    return sorted(found, key=lambda c: (len(c), [k for _, _, k in c]))
