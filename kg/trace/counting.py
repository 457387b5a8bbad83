"""A trace's targets, net signs and path counts without walking every path: what a page shows.

The exhaustive walk (``analysis.walk``) enumerates every simple path of at most ``max_depth``
links; around a hub that is tens of thousands of paths, while a page shows 10 targets with 3
paths each. ``shown_walk`` costs what is shown instead:

- **targets and distances**: a breadth-first search from the start (exact: a shortest walk
  is a simple path);
- **signed path counts** by dynamic programming over the depth-bounded causal graph: for each
  length 1..``max_depth``, the number of positive and negative walks from the start to each
  node (never back through the start; paths to ``to`` end there). Where the reached part has
  no feedback loop every walk is a simple path, so the counts and net signs are those of the
  exhaustive walk (``counting: "dag"``); where it has one, they count walks that may go round a
  loop (``counting: "walks"``: a net sign may show a sign no simple path has, and a count may be
  too high), and such targets are marked ``approximate``;
- **the shown targets** (the first ``shown[0]`` in the page's order) get their first paths in the
  exhaustive walk's order (links by IRI, depth first), up to ``path_cap + 1`` to know whether
  there are more, by a depth-first search pruned to where the target is still within reach; their
  net sign is then checked on simple paths (a search for a path of each sign the counts allow,
  pruned by the signs still reachable), so a shown target's net sign is exact unless that
  bounded search ran out (``truncated`` and ``approximate``).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx

from kg.trace.analysis import Adjacency, Walk, adjacency

SEARCH_BUDGET = 200_000   # links followed in all by the searches for the shown targets' paths and signs


@dataclass
class Counted(Walk):
    """A ``Walk`` whose ``paths`` are those of the shown targets only, with every target's count."""
    counts: dict[str, int] = field(default_factory=dict)      # target -> paths (or walks), uncapped
    approximate: set[str] = field(default_factory=set)        # targets whose net and count may include walks
    counting: str = "dag"                                     # "dag" (exact) or "walks" (see the module)
    cut: set[str] = field(default_factory=set)                # shown targets whose search ran out of budget


def _distances(adj: Adjacency, start: str, max_depth: int) -> dict[str, int]:
    """Fewest links from ``start`` to each node, up to ``max_depth`` (a breadth-first search)."""
    distance = {start: 0}
    frontier = [start]
    for depth in range(1, max_depth + 1):
        nxt = []
        for u in frontier:
            for v, _, _ in adj.succ.get(u, ()):
                if v not in distance:
                    distance[v] = depth
                    nxt.append(v)
        frontier = nxt
    return distance


def _signed_counts(adj: Adjacency, start: str, max_depth: int, to: str | None,
                   within: dict[str, int] | None, first: dict[str, int] | None = None) -> tuple[dict[str, int], dict[str, int]]:
    """(positive, negative) walk counts from ``start`` to every node, lengths 1..max_depth; ``first``,
    when given, gets each node's shortest length (its distance when ``to`` is None: a shortest walk is
    a simple path, which never comes back through the start)."""
    pos: dict[str, int] = {}
    neg: dict[str, int] = {}
    links = adj.succ.get
    layer: dict[str, list[int]] = {start: [1, 0]}
    for depth in range(1, max_depth + 1):
        nxt: dict[str, list[int]] = {}
        for u, (p, n) in layer.items():
            if u == to:
                continue                     # a path to the target ends there
            for v, _, s in links(u, ()):
                if v == start or (within is not None and within.get(v, max_depth + 1) > max_depth - depth):
                    continue
                c = nxt.get(v)
                if c is None:
                    c = nxt[v] = [0, 0]
                if s > 0:
                    c[0] += p
                    c[1] += n
                else:
                    c[0] += n
                    c[1] += p
        layer = nxt
        for v, (p, n) in layer.items():
            pos[v] = pos.get(v, 0) + p
            neg[v] = neg.get(v, 0) + n
        if first is not None:
            for v in layer:
                first.setdefault(v, depth)
    return pos, neg


def has_loop(links, nodes: set[str]) -> bool:
    """Whether the links among ``nodes`` close a loop (``links(u)``: the nodes ``u`` links to, or from:
    a loop is one either way): a depth-first search that stops at the first link back to a node on
    its path. Each node and link among ``nodes`` is looked at once at most."""
    state: dict[str, bool] = {}          # True: on the current path; False: done
    for root in nodes:
        if root in state:
            continue
        state[root] = True
        stack = [(root, iter(links(root)))]
        while stack:
            u, out = stack[-1]
            for v in out:
                if v in nodes:
                    on = state.get(v)
                    if on:
                        return True
                    if on is None:
                        state[v] = True
                        stack.append((v, iter(links(v))))
                        break
            else:
                state[u] = False
                stack.pop()
    return False


class _Search:
    """Depth-first searches from the start to one target, sharing one budget of links followed."""

    def __init__(self, adj: Adjacency, start: str, max_depth: int, budget: int) -> None:
        self.adj, self.start, self.max_depth, self.left = adj, start, max_depth, budget

    def back(self, target: str, distance: dict[str, int], signed: bool) -> tuple[dict[str, int], dict[str, int]]:
        """v -> the fewest links of a walk from v to ``target`` (not through it), for nodes the start
        reaches early enough to use it (a breadth-first search backwards): ``(plus, minus)`` for walks
        of each sign when ``signed``, else ``(any, any)``."""
        R, D = self.adj.pred, self.max_depth
        plus: dict[str, int] = {target: 0}
        minus: dict[str, int] = {} if signed else plus
        frontier = [(target, 1)]
        for length in range(1, D + 1):
            nxt = []
            for w, sign in frontier:
                for u, _, s in R.get(w, ()):
                    if u == target or distance.get(u, D) + length > D:
                        continue
                    found = plus if sign * s > 0 else minus
                    if u not in found:
                        found[u] = length
                        nxt.append((u, sign * s))
            frontier = nxt
        return plus, minus

    def paths(self, target: str, back, limit: int, want: int | None = None) -> tuple[list, bool]:
        """Up to ``limit`` simple paths to ``target`` in the walk's order (of sign ``want`` only, if
        given) and whether the search ended before the budget ran out."""
        found: list = []
        hops: list = []
        on_path = {self.start}
        plus, minus = back
        D = self.max_depth + 1       # farther than any walk the search may still take

        def visit(u: str, sign: int, depth: int) -> bool:    # False: stop (enough found, or no budget)
            for v, k, s in self.adj.succ.get(u, ()):
                if v in on_path:
                    continue
                left = self.max_depth - depth - 1
                psign = sign * s
                if want is None:
                    if plus.get(v, D) > left and minus.get(v, D) > left:
                        continue
                elif (plus if want * psign > 0 else minus).get(v, D) > left:
                    continue
                self.left -= 1
                if self.left < 0:
                    return False
                hops.append((u, v, k))
                if v == target:
                    if want is None or psign == want:
                        found.append(list(hops))
                else:
                    on_path.add(v)
                    going = visit(v, psign, depth + 1)
                    on_path.discard(v)
                    if not going:
                        hops.pop()
                        return False
                hops.pop()
                if len(found) >= limit:
                    return False
            return True
        done = visit(self.start, 1, 0) or len(found) >= limit
        return found, done


def shown_walk(G: nx.MultiDiGraph, start: str, *, max_depth: int, to: str | None, path_cap: int,
               shown_targets: int, order, budget: int | None = None) -> Counted:
    """The targets of ``start`` with net signs and counts, and the paths of the first ``shown_targets``
    targets in ``order`` (a sort key of (distance, node)); see the module docstring."""
    result = Counted(start)
    if start not in G or max_depth < 1:
        return result
    adj = adjacency(G)
    within = None
    if to is not None:
        if to not in G:
            return result
        within = nx.single_source_shortest_path_length(G.reverse(copy=False), to, cutoff=max_depth)
    if to is None:   # one pass: the counts' layers give the distances (a breadth-first search's)
        distance = {start: 0}
        pos, neg = _signed_counts(adj, start, max_depth, to, within, first=distance)
    else:
        distance = _distances(adj, start, max_depth)
        pos, neg = _signed_counts(adj, start, max_depth, to, within)
    extended = {n for n, d in distance.items() if d <= max_depth - 1 and n != start and n != to}
    looped = has_loop(lambda u: (v for v, _, _ in adj.succ.get(u, ())), extended)
    result.counting = "walks" if looped else "dag"
    for v in (pos if to is None else [to] if to in pos else []):
        signs = ({1} if pos[v] else set()) | ({-1} if neg[v] else set())
        if signs:
            result.signs[v] = signs
            result.distance[v] = distance[v]
            result.counts[v] = pos[v] + neg[v]
    if looped:
        result.approximate = set(result.signs)
    search = _Search(adj, start, max_depth, SEARCH_BUDGET if budget is None else budget)
    for t in sorted(result.signs, key=lambda t: order(result.distance[t], t))[:shown_targets]:
        found, done = search.paths(t, search.back(t, distance, signed=False), path_cap + 1)
        result.paths.extend((t, hops) for hops in found[:path_cap])
        if done and len(found) <= path_cap:        # every path found: count and signs are exact
            result.counts[t] = len(found)
            result.signs[t] = {_sign(G, h) for h in found}
            result.approximate.discard(t)
        elif done:                                 # more than the cap: look for each sign not yet seen
            seen = {_sign(G, h) for h in found}
            missing = result.signs[t] - seen
            back = search.back(t, distance, signed=True) if missing else None
            for want in missing:
                more, ended = search.paths(t, back, 1, want)
                seen |= {want} if more else set()
                done = done and ended
            if done:
                result.signs[t] = seen
                result.approximate.discard(t)
        if not done:
            result.cut.add(t)
        if len(found) > path_cap or not done:
            result.capped.add(t)
    for t, n in result.counts.items():
        if n > path_cap:
            result.capped.add(t)
    return result


def _sign(G: nx.MultiDiGraph, hops) -> int:
    sign = 1
    for u, v, k in hops:
        sign *= G.edges[u, v, k]["sign"]
    return sign
