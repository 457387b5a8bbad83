"""Turning a walk into the documented, stable trace result (a JSON-ready dict).

Shape (fields may be added, never renamed)::

    {"measure": {"iri", "label"},
     "targets": [{"iri", "label", "kind", "net", "paths": [path ids], "distance", "truncated"}],
     "paths":   [{"id", "target", "sign", "support", "length", "contested",
                  "hops": [{"from", "to", "link", "polarity", "support", "mechanism",
                            "sources": [{"document", "label", "start", "end"}],
                            "claimers": [{"iri", "label"}],
                            "contested_by": [{"claim", "label", "claimers": [{"iri", "label"}]}],
                            "qualified_by": [{"claim", "label", "claimers": [{"iri", "label"}]}],
                            "proposed": true, "proposed_in": [{"document", "proposal", "start", "end",
                                                               "sentence"}]   (only on proposed links)}],
                  "proposed": true   (only on a path through a proposed link)}],
     "loops":   [{"id", "sign", "kind", "nodes": [iris], "links": [iris], "hops": [as above]}],
     "nodes":   {iri: {"label", "kind"}},
     "options": {"to", "max_depth", "min_support", "path_cap"},
     "truncated": bool, "loops_truncated": bool}

A path is ``contested`` when some hop has a contesting claim; a qualifying claim
(``qualified_by``: it grants the link and limits it) never sets that flag.
"""
from __future__ import annotations

import networkx as nx

from kg.trace.load import evidence
from kg.trace.analysis import PATH_CAP, SIGN, STEP_BUDGET, loops, net_of, path_sign, path_support, walk
from kg.trace.counting import Counted, shown_walk
from kg.trace.light import fetch

EXACT_BUDGET = 5_000   # with ``shown``: links the exhaustive walk may follow before paths are counted instead


class _Hops:
    """One hop dict per causal link, shared by every path that uses it."""

    def __init__(self, G: nx.MultiDiGraph) -> None:
        self.G = G
        self.cache: dict[str, dict] = {}

    def __call__(self, u: str, v: str, k: str) -> dict:
        if k not in self.cache:
            d = evidence(self.G, u, v, k)
            self.cache[k] = {"from": u, "to": v, "link": k, "polarity": SIGN[d["sign"]],
                             "support": d["support"], "mechanism": d["mechanism"],
                             "sources": d["sources"], "claimers": d["claimers"],
                             "contested_by": d["contested_by"], "qualified_by": d.get("qualified_by", [])}
            if d.get("proposed"):   # a link still in review (kg.trace.proposed): no document supports it yet
                self.cache[k].update(proposed=True, proposed_in=d.get("proposed_in", []))
        return self.cache[k]


def node_info(G: nx.MultiDiGraph, iri: str) -> dict:
    if iri in G:
        return {"label": G.nodes[iri]["label"], "kind": G.nodes[iri]["kind"]}
    return {"label": G.graph.get("labels", {}).get(iri, iri.rsplit("/", 1)[-1]), "kind": ""}


def build(G: nx.MultiDiGraph, start: str, *, to: str | None = None, max_depth: int = 6,
          min_support: int = 1, path_cap: int = PATH_CAP, step_budget: int = STEP_BUDGET,
          start_label: str | None = None, shown: tuple[int, int | None] | None = None) -> dict:
    """The trace result from ``start`` over ``G`` (already filtered by support).

    With ``shown = (targets, paths)`` only the first ``paths`` paths (all when None) of the first
    ``targets`` targets get their hops, evidence and nodes, and loops are looked for through their
    nodes only: what a page shows (``fold_result`` with the same numbers). Every other path is
    ``{"id", "target", "length", "hops": []}``; every target's net sign still counts all its paths.
    When the exhaustive walk would follow more than ``EXACT_BUDGET`` links, paths are counted instead
    (``kg.trace.counting``: ``counting`` is then "dag" or "walks", not "paths"): only the shown targets
    list path ids, every other one its ``paths_total`` and, when it may count walks round a loop,
    ``approximate``."""
    attrs = G.nodes
    label = lambda t: attrs[t]["label"].casefold()   # targets are nodes of G
    w = walk(G, start, max_depth=max_depth, to=to, path_cap=path_cap,
             step_budget=step_budget if shown is None else min(step_budget, EXACT_BUDGET))
    if shown is not None and w.exhausted and step_budget > EXACT_BUDGET:   # too many paths: count them
        w = shown_walk(G, start, max_depth=max_depth, to=to, path_cap=path_cap, shown_targets=shown[0],
                       order=lambda d, t: (d, label(t), t))
    counted = isinstance(w, Counted)
    hop = _Hops(G)
    nodes: dict[str, dict] = {start: node_info(G, start)}
    if start_label:
        nodes[start]["label"] = start_label

    order = sorted(w.signs, key=lambda t: (w.distance[t], label(t), t))
    by_target: dict[str, list] = {t: [] for t in order}
    for target, hops in w.paths:
        by_target[target].append(hops)

    def hidden(i: int, j: int) -> bool:   # the j-th path of the i-th target is counted only
        return shown is not None and (i >= shown[0] or (shown[1] is not None and j >= shown[1]))
    shown_hops = [h for i, t in enumerate(order) for j, hops in enumerate(by_target[t]) if not hidden(i, j) for h in hops]
    touched = {start, *(n for u, v, _ in shown_hops for n in (u, v))}
    cycles, loops_cut = loops(G, start, touched, max_length=max_depth)
    fetch(G, shown_hops + [h for cycle in cycles for h in cycle])   # the evidence shown, read in one go
    targets, paths = [], []
    for i, t in enumerate(order):
        ids = []
        for j, hops in enumerate(by_target[t]):
            pid = f"p{len(paths) + 1}"
            ids.append(pid)
            if hidden(i, j):
                paths.append({"id": pid, "target": t, "length": len(hops), "hops": []})   # not shown: counted only
                continue
            hop_dicts = [hop(u, v, k) for u, v, k in hops]
            for u, v, _ in hops:
                nodes.setdefault(u, node_info(G, u))
                nodes.setdefault(v, node_info(G, v))
            paths.append({"id": pid, "target": t, "sign": SIGN[path_sign(G, hops)],
                          "support": path_support(G, hops), "length": len(hops),
                          "contested": any(h["contested_by"] for h in hop_dicts), "hops": hop_dicts,
                          **({"proposed": True} if any(h.get("proposed") for h in hop_dicts) else {})})
        if counted and i >= shown[0]:   # a folded target: only its count
            targets.append({"iri": t, "label": attrs[t]["label"], "kind": attrs[t]["kind"],
                            "net": net_of(w.signs[t]), "paths": [], "paths_total": min(w.counts[t], path_cap),
                            "distance": w.distance[t], "truncated": t in w.capped,
                            **({"approximate": True} if t in w.approximate else {})})
            continue
        nodes.setdefault(t, node_info(G, t))
        targets.append({"iri": t, **nodes[t], "net": net_of(w.signs[t]), "paths": ids, "paths_total": len(ids),
                        "distance": w.distance[t],
                        "truncated": t in w.capped or w.exhausted or (counted and t in w.cut),
                        **({"approximate": True} if counted and t in w.approximate else {})})

    loop_list = []
    for i, cycle in enumerate(cycles, 1):
        sign = path_sign(G, cycle)
        for u, _, _ in cycle:
            nodes.setdefault(u, node_info(G, u))
        loop_list.append({"id": f"l{i}", "sign": SIGN[sign], "kind": "reinforcing" if sign > 0 else "balancing",
                          "nodes": [u for u, _, _ in cycle], "links": [k for _, _, k in cycle],
                          "hops": [hop(u, v, k) for u, v, k in cycle]})

    return {"measure": {"iri": start, "label": nodes[start]["label"]},
            "targets": targets, "paths": paths, "loops": loop_list, "nodes": nodes,
            "options": {"to": to, "max_depth": max_depth, "min_support": min_support, "path_cap": path_cap},
            "paths_total": sum(t["paths_total"] for t in targets),
            "counting": w.counting if counted else "paths",
            "truncated": w.exhausted or bool(w.capped) or (counted and bool(w.cut)), "loops_truncated": loops_cut}
