"""What acts on a target: every measure whose paths reach it, with its net effect there.

One search backwards from the target over the links (a path's sign does not depend on the
direction it is read in), not one trace per measure: its cost follows the target's neighbourhood,
not the number of measures. A small neighbourhood is walked path by path (``analysis.walk``: exact
counts, ``counting`` "paths"). A large one, where that walk would follow more than ``EXACT_BUDGET``
links, is counted instead, and what a page shows decides the cost:

- **net signs of every measure** (the order and the total need them) by a breadth-first search
  over (node, sign) pairs: a node has a sign when some walk of that sign and at most ``max_depth``
  links leads from it to the target without passing the target first. Each pair is reached once,
  so the search follows each link at most twice (counting walks layer by layer followed every link
  once a layer: at 10M quads the target reaches 40,828 measures);
- **path counts of the shown measures only**: walks from the measure to the target, counted
  depth first from the measure with the counts kept per (node, links left), pruned to nodes
  still close enough to the target, and stopped at ``path_cap`` (the count shown is capped there);
- **loops**: when the part within ``max_depth - 1`` links of the target has a feedback loop, the
  counts are of walks that may go round it (``counting`` "walks", every measure ``approximate``);
  otherwise every walk is a simple path (``counting`` "dag"). A depth-first search stops at the
  first loop it meets.

These are the walks ``kg.trace.counting`` counts for a trace, so the signs and counts are theirs.
"""
from __future__ import annotations

from itertools import repeat

import networkx as nx

from kg.trace.analysis import PATH_CAP, STEP_BUDGET, net_of, walk
from kg.trace.counting import has_loop
from kg.trace.load import filter_support
from kg.trace.prepared import MEASURE_KINDS, measure_order, signed_links
from kg.trace.result import EXACT_BUDGET


def acting_on(G: nx.MultiDiGraph, target: dict, *, max_depth: int = 6, min_support: int = 1,
              path_cap: int = PATH_CAP, step_budget: int = STEP_BUDGET, shown: int | None = None) -> dict:
    """The measures of ``G`` reaching ``target`` (``{"iri", "label"}``), by net sign then label; with
    ``shown``, the entries of the first ``shown`` of them only (``measures_total`` counts them all)."""
    H = filter_support(G, min_support)
    t = target["iri"]
    plus, minus, near, inner = _signed_distances(H, t, max_depth) if t in H else (set(), set(), {}, set())
    attrs = H._node   # node -> its attributes (the NodeView's lookups were half of this list at 10M quads)
    # past EXACT_BUDGET nodes reached the walk would run out for sure (each node reached is a link followed)
    if step_budget <= EXACT_BUDGET or len(near) <= EXACT_BUDGET:
        w = walk(H.reverse(copy=False), t, max_depth=max_depth, path_cap=path_cap,
                 step_budget=min(step_budget, EXACT_BUDGET))
        if not w.exhausted or step_budget <= EXACT_BUDGET:
            counts: dict[str, int] = {}
            for node, _ in w.paths:
                counts[node] = counts.get(node, 0) + 1
            nets = [(net_of(s), n) for n, s in w.signs.items() if attrs[n]["kind"] in MEASURE_KINDS]
            nets.sort(key=lambda x: (x[0], attrs[x[1]]["label"].casefold(), x[1]))
            return _result(H, target, nets[:shown], len(nets), counts, w.exhausted, "paths", max_depth, min_support)
    order, measures = measure_order(H)
    picked = _first(order, plus, minus, near, shown)
    counts = _walk_counts(H._succ, t, [n for _, n in picked], max_depth, path_cap, near)
    looped = has_loop(H._pred.__getitem__, inner)
    return _result(H, target, picked, len(measures.intersection(near)), counts, False, "walks" if looped else "dag",
                   max_depth, min_support)


def _result(G: nx.MultiDiGraph, target: dict, picked: list[tuple[str, str]], total: int, counts: dict[str, int],
            truncated: bool, counting: str, max_depth: int, min_support: int) -> dict:
    extra = {"approximate": True} if counting == "walks" else {}
    attrs = G._node
    measures = [{"measure": {"iri": n, "label": attrs[n]["label"]}, "net": net, "paths": counts.get(n, 0), **extra}
                for net, n in picked]
    return {"target": dict(target), "measures": measures, "measures_total": total, "truncated": truncated,
            "counting": counting, "options": {"max_depth": max_depth, "min_support": min_support}}


NETS = ("+", "-", "±")   # in the order of the list (as strings sort)


def _first(order: list[str], plus: set[str], minus: set[str], near: dict, shown: int | None) -> list[tuple[str, str]]:
    """The first ``shown`` (every one when None) measures of ``order`` reaching the target, by net sign,
    each (net, node): the scan stops once ``shown`` have the first net sign."""
    by_net: tuple[list, list, list] = ([], [], [])
    first = by_net[0]
    for n in order:
        if n in near:
            by_net[0 if n not in minus else 1 if n not in plus else 2].append(n)
            if shown is not None and len(first) >= shown:
                break
    picked = [(net, n) for net, nodes in zip(NETS, by_net) for n in nodes]
    return picked if shown is None else picked[:shown]


def _signed_distances(G: nx.MultiDiGraph, t: str, max_depth: int) -> tuple[set[str], set[str], dict[str, int], set[str]]:
    """``(plus, minus, near, inner)``: the nodes with a positive (negative) walk to ``t`` of at most
    ``max_depth`` links that meets ``t`` only at its end; node -> the fewest links of such a walk of
    either sign; the nodes with one shorter than ``max_depth``. A breadth-first search over (node,
    sign) pairs, each reached once, the causes of a node's links taken as sets (unions made in C)."""
    into_plus, into_minus = signed_links(G)
    plus: set[str] = set()
    minus: set[str] = set()
    near: dict[str, int] = {}
    reached: set[str] = set()
    inner: set[str] = set()
    at_plus, at_minus = {t}, set()          # nodes first reached at this depth by a walk of each sign
    for depth in range(1, max_depth + 1):
        next_plus = set().union(*map(into_plus.get, at_plus, repeat(_NONE)),
                                *map(into_minus.get, at_minus, repeat(_NONE)))
        next_minus = set().union(*map(into_minus.get, at_plus, repeat(_NONE)),
                                 *map(into_plus.get, at_minus, repeat(_NONE)))
        next_plus.discard(t)
        next_minus.discard(t)
        at_plus, at_minus = next_plus - plus, next_minus - minus
        if not at_plus and not at_minus:
            break
        plus |= at_plus
        minus |= at_minus
        new = (at_plus | at_minus) - reached
        reached |= new
        near.update(dict.fromkeys(new, depth))
        if depth < max_depth:
            inner |= new
    return plus, minus, near, inner


_NONE: frozenset = frozenset()


def _walk_counts(succ, t: str, sources: list[str], max_depth: int, cap: int,
                 distance: dict[str, int]) -> dict[str, int]:
    """source -> the walks from it to ``t`` of at most ``max_depth`` links meeting ``t`` only at their end
    (each parallel link a walk of its own), counted up to ``cap``; ``distance``: each node's fewest
    links to ``t`` (farther nodes are not entered)."""
    far = max_depth + 1
    kept: list[dict[str, int]] = [{} for _ in range(max_depth + 1)]   # links left -> node -> walks (capped)

    def walks(v: str, left: int) -> int:      # walks of exactly ``left`` links from v (not t) to t
        found = kept[left].get(v)
        if found is not None:
            return found
        total = 0
        for x, links in succ[v].items():
            if x == t:
                if left == 1:
                    total += len(links)
            elif left > 1 and distance.get(x, far) < left:
                total += len(links) * walks(x, left - 1)
            if total >= cap:
                total = cap
                break
        kept[left][v] = total
        return total

    counts = {}
    for m in sources:
        total = 0
        for left in range(distance.get(m, far), max_depth + 1):
            total += walks(m, left)
            if total >= cap:
                total = cap
                break
        counts[m] = total
    return counts
