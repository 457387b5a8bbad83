"""Scenarios: the joint outcome of the measures a scenario has in force, and two scenarios side by side.

A scenario's outcome traces every measure in force and merges the results: a target's
net effect is ``+``/``-`` when every path from every measure agrees, ``±`` otherwise.
Comparison lists, for every target either scenario reaches, its net effect in A and in B
(``null`` when the scenario does not reach it) and whether it changes.
"""
from __future__ import annotations

import networkx as nx

from kg.trace.analysis import PATH_CAP, STEP_BUDGET
from kg.trace.result import build

_SIGNS = {"+": {"+"}, "-": {"-"}, "±": {"+", "-"}}


def outcome(G: nx.MultiDiGraph, scenario: dict, measures: list[dict], *, max_depth: int = 6,
            min_support: int = 1, path_cap: int = PATH_CAP, step_budget: int = STEP_BUDGET) -> dict:
    """``scenario`` is ``{"iri", "label"}``; ``measures`` the ``{"iri", "label"}`` in force."""
    targets: dict[str, dict] = {}
    paths: list[dict] = []
    loops: dict[tuple, dict] = {}
    nodes: dict[str, dict] = {}
    truncated = False
    measure_list = []
    for m in measures:
        r = build(G, m["iri"], max_depth=max_depth, min_support=min_support, path_cap=path_cap,
                  step_budget=step_budget, start_label=m.get("label"))
        measure_list.append({"iri": m["iri"], "label": r["measure"]["label"], "in_causal_layer": m["iri"] in G})
        truncated = truncated or r["truncated"]
        nodes.update(r["nodes"])
        renamed = {}
        for p in r["paths"]:
            renamed[p["id"]] = f"p{len(paths) + 1}"
            paths.append({**p, "id": renamed[p["id"]], "measure": m["iri"]})
        for t in r["targets"]:
            if t["iri"] in {x["iri"] for x in measures}:
                continue
            entry = targets.setdefault(t["iri"], {"iri": t["iri"], "label": t["label"], "kind": t["kind"],
                                                  "signs": set(), "paths": [], "by_measure": {}})
            entry["signs"] |= _SIGNS[t["net"]]
            entry["paths"] += [renamed[i] for i in t["paths"]]
            entry["by_measure"][m["iri"]] = t["net"]
        for lp in r["loops"]:
            loops.setdefault(tuple(lp["links"]), lp)
    target_list = []
    for t in sorted(targets.values(), key=lambda t: (t["label"].casefold(), t["iri"])):
        signs = t.pop("signs")
        target_list.append({**t, "net": "±" if len(signs) > 1 else next(iter(signs))})
    loop_list = [{**lp, "id": f"l{i}"} for i, lp in enumerate(loops.values(), 1)]
    return {"scenario": {**scenario, "measures": measure_list}, "targets": target_list, "paths": paths,
            "loops": loop_list, "nodes": nodes, "truncated": truncated,
            "options": {"max_depth": max_depth, "min_support": min_support, "path_cap": path_cap}}


def compare(G: nx.MultiDiGraph, a: dict, b: dict) -> dict:
    """Side by side: ``a`` and ``b`` are outcomes from ``outcome``."""
    ma = {m["iri"]: m for m in a["scenario"]["measures"]}
    mb = {m["iri"]: m for m in b["scenario"]["measures"]}
    ta = {t["iri"]: t for t in a["targets"]}
    tb = {t["iri"]: t for t in b["targets"]}
    changes = []
    for iri in set(ta) | set(tb):
        info = ta[iri] if iri in ta else tb[iri]
        na, nb = (ta[iri]["net"] if iri in ta else None), (tb[iri]["net"] if iri in tb else None)
        changes.append({"iri": iri, "label": info["label"], "kind": info["kind"], "a": na, "b": nb,
                        "changed": na != nb, "paths_a": ta[iri]["paths"] if iri in ta else [],
                        "paths_b": tb[iri]["paths"] if iri in tb else []})
    changes.sort(key=lambda c: (not c["changed"], c["label"].casefold(), c["iri"]))
    return {"a": a, "b": b,
            "measures": {"only_a": [ma[i] for i in sorted(set(ma) - set(mb))],
                         "only_b": [mb[i] for i in sorted(set(mb) - set(ma))],
                         "both": [ma[i] for i in sorted(set(ma) & set(mb))]},
            "changes": changes}
