"""Cross-document differences on a trace or an entity: where documents give one thing differently.

Two kinds, in one list (``differences``) on the trace result and on entity pages::

    {"kind": "claims", "about": [node IRIs],
     "a": {"claim", "label", "figures": [{"iri", "label"}], "documents": [{"iri", "label"}]},
     "b": {... the claim it differs from (pk:differsFrom) ...}}
    {"kind": "signs", "from", "to",
     "a": {"link", "polarity", "documents": [...]}, "b": {... a link between the same two nodes
     with the opposite polarity ...}}

Claims are read with one query (``kg/queries/trace_differences.rq``) over the nodes shown, and the
documents and figures of the claims found with a second; opposite
signs come from the causal graph already loaded (parallel links between the same cause and effect).
"""
from __future__ import annotations

import networkx as nx

from kg import queries
from kg.store import Store


def claim_differences(store: Store, nodes: set[str], label) -> list[dict]:
    """Pairs of claims, one about a node of ``nodes``, that documents give differently."""
    if not nodes:
        return []
    from rdflib import URIRef

    found = store.values(queries.get("trace_differences"), nodes=[URIRef(n) for n in sorted(nodes)])
    if not found:
        return []
    stated: dict[str, tuple[set, set]] = {}      # claim -> (graphs stating it, its figures)
    for claim, g, fig in store.values(queries.get("trace_differences_stated"),
                                      claims=[URIRef(c) for c in sorted({c for _, a, b in found for c in (a, b)})]):
        graphs, figures = stated.setdefault(claim, (set(), set()))
        graphs.add(g)
        if fig:
            figures.add(fig)
    pairs: dict[tuple[str, str], dict] = {}
    for node, claim, other in found:
        for here in (claim, other):
            if here not in stated:     # a side no document states as a claim
                continue
            key = tuple(sorted((claim, other)))
            d = pairs.setdefault(key, {"about": set(), "on": set(), "sides": {claim: (set(), set()), other: (set(), set())}})
            d["about"].add(node)
            d["on"].add(claim)
            d["sides"][here][0].update(stated[here][0])
            d["sides"][here][1].update(stated[here][1])

    def named(iris) -> list[dict]:
        return [{"iri": i, "label": label(i)} for i in sorted(iris)]

    out = []
    for (x, y), d in sorted(pairs.items()):
        first, second = (x, y) if x in d["on"] else (y, x)   # "a" is about a shown node
        out.append({"kind": "claims", "about": sorted(d["about"]),
                    **{k: {"claim": c, "label": label(c), "figures": named(d["sides"][c][1]),
                           "documents": named(d["sides"][c][0])} for k, c in (("a", first), ("b", second))}})
    return out


def sign_differences(G: nx.MultiDiGraph, pairs, label) -> list[dict]:
    """For each (cause, effect) of ``pairs``, the links between them that disagree in sign."""
    from kg.trace.load import evidence

    out = []
    for u, v in sorted(set(pairs)):
        if u not in G or v not in G[u] or len(G[u][v]) < 2:
            continue
        side = lambda k: {"link": k, "polarity": "+" if G[u][v][k]["sign"] > 0 else "-",
                          "documents": [{"iri": s, "label": label(s)} for s in evidence(G, u, v, k)["documents"]]}
        ups = sorted(k for k, d in G[u][v].items() if d["sign"] > 0)
        downs = sorted(k for k, d in G[u][v].items() if d["sign"] < 0)
        out += [{"kind": "signs", "from": u, "to": v, "a": side(a), "b": side(b)} for a in ups for b in downs]
    return out


def around(G: nx.MultiDiGraph, node: str) -> set[tuple[str, str]]:
    """The (cause, effect) pairs of the links into and out of ``node``."""
    if node not in G:
        return set()
    return {(node, v) for v in G.succ[node]} | {(u, node) for u in G.pred[node]}


def difference_line(d: dict, name) -> str:
    """One line in words: "US lead in frontier AI: 'A' (Document 000) vs 'B' (Document 004)"."""
    def docs(side: dict) -> str:
        return ", ".join(x["label"].split(":", 1)[0] for x in side["documents"]) or "no document"
    if d["kind"] == "signs":
        return (f"{name(d['from'])} -> {name(d['to'])}: {d['a']['polarity']} in {docs(d['a'])}, "
                f"{d['b']['polarity']} in {docs(d['b'])}")
    figs = lambda side: f" [{'; '.join(f['label'] for f in side['figures'])}]" if side["figures"] else ""
    about = ", ".join(name(n) for n in d["about"])
    return (f"{about}: \u201c{d['a']['label']}\u201d{figs(d['a'])} ({docs(d['a'])}) vs "
            f"\u201c{d['b']['label']}\u201d{figs(d['b'])} ({docs(d['b'])})")
