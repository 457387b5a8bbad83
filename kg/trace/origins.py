"""Independent sources on trace hops: where what a link's documents say comes from.

A document's passage either relays an origin (``pk:relays``: the report or actor whose statement
it passes on) or is the document's own reporting, which makes the document its own origin.
Five reports of one paper are then one source relayed five times, not five sources.

For each hop (``add_origins``)::

    "origins":     [{"iri", "label", "title"?, "documents": [{"iri", "label"}]}]   each origin, with the
                   documents that relay it (a document reporting on its own is its own origin)
    "independent": N   the number of independent origins: origins by one author (a report and a
                   statement of the company that wrote it) count once

A path gets ``independent`` (its weakest hop's, as ``support`` is) and ``origins`` (every origin
behind any of its hops). ``support`` stays the number of documents stating the link.

One query (``kg/queries/trace_origins.rq``) reads the origins of the links a result shows.
"""
from __future__ import annotations

from collections import defaultdict

import networkx as nx

from kg import queries
from kg.store import Store


def _uris(iris):
    from rdflib import URIRef
    return [URIRef(i) for i in sorted(iris)]


def link_origins(store: Store, links) -> dict[str, dict[str, dict]]:
    """For each link: origin IRI -> {"party": who is behind it, "documents": {document IRIs}}."""
    links = set(links)
    if not links:
        return {}
    stated: dict[str, set[str]] = defaultdict(set)
    relayed: dict[tuple[str, str], dict[str, str]] = defaultdict(dict)   # (link, graph) -> origin -> party
    own: set[tuple[str, str]] = set()                                     # a passage reporting on its own
    for link, g, ev, origin, author in store.values(queries.get("trace_origins"), links=_uris(links)):
        if ev is None:
            stated[link].add(g)
        elif origin is None:
            own.add((link, g))
        else:
            relayed[(link, g)][origin] = author or origin
    found: dict[str, dict[str, dict]] = {}
    for link, graphs in stated.items():
        origins: dict[str, dict] = {}
        for g in sorted(graphs):
            here = dict(relayed.get((link, g), {}))
            if (link, g) in own or not here:
                here[g] = g
            for origin, party in here.items():
                origins.setdefault(origin, {"party": party, "documents": set()})["documents"].add(g)
        found[link] = origins
    return found


def _name(origin: str, v: dict, label) -> dict:
    """An origin's name: "Anthropic's paper" for a report by Anthropic (its title beside it), a
    document's own reporting as such, an actor by its label."""
    if v["party"] != origin:
        return {"label": f"{label(v['party'])}'s paper", "title": label(origin)}
    if v["documents"] == {origin}:
        return {"label": f"{label(origin)} (own reporting)"}
    return {"label": label(origin)}


def _summary(origins: dict[str, dict], label, entry=None) -> tuple[list[dict], int]:
    """The origins as shown (most documents first) and how many independent parties they are;
    ``entry(iri)`` gives a document's shared {"iri", "label"} (many paths list the same ones)."""
    entry = entry or (lambda d: {"iri": d, "label": label(d)})
    shown = [{"iri": o, **_name(o, v, label), "documents": [entry(d) for d in sorted(v["documents"])]}
             for o, v in origins.items()]
    shown.sort(key=lambda o: (-len(o["documents"]), o["label"].casefold(), o["iri"]))
    return shown, len({v["party"] for v in origins.values()})


def add_origins(store: Store, result: dict, label) -> None:
    """Put ``origins`` and ``independent`` on every hop and path of a trace ``result`` (in place).
    ``label(iri)`` names origins and documents."""
    hops = [h for p in result["paths"] for h in p["hops"]] + [h for lp in result.get("loops", []) for h in lp["hops"]]
    found = link_origins(store, {h["link"] for h in hops if not h.get("proposed")})
    names: dict[str, str] = {}
    entries: dict[str, dict] = {}

    def named(iri: str) -> str:   # each origin and document named once (a label read costs an index lookup)
        if iri not in names:
            names[iri] = label(iri)
        return names[iri]

    def entry(iri: str) -> dict:  # one {"iri", "label"} per document, shared by every list naming it
        if iri not in entries:
            entries[iri] = {"iri": iri, "label": named(iri)}
        return entries[iri]
    for h in hops:
        if "independent" not in h:
            h["origins"], h["independent"] = _summary(found.get(h["link"], {}), named, entry)
    merged_of: dict[tuple, list[dict]] = {}    # paths sharing their links share their merged origins
    for p in result["paths"]:
        key = tuple(h["link"] for h in p["hops"])
        if key not in merged_of:
            merged: dict[str, dict] = {}
            for link in dict.fromkeys(key):
                for o, v in found.get(link, {}).items():
                    m = merged.setdefault(o, {"party": v["party"], "documents": set()})
                    m["documents"] |= v["documents"]
            merged_of[key] = _summary(merged, named, entry)[0]
        p["origins"] = merged_of[key]
        p["independent"] = min((h["independent"] for h in p["hops"]), default=0)


def filter_independent(store: Store, G: nx.MultiDiGraph, start: str, *, max_depth: int,
                       min_independent: int) -> nx.MultiDiGraph:
    """A copy of ``G`` without the links, within ``max_depth`` of ``start``, that fewer than
    ``min_independent`` independent origins back (``--min-independent``). Only the links a walk from
    ``start`` can reach are read, so the cost follows the trace, not the whole layer."""
    if min_independent <= 1 or start not in G:
        return G
    near = nx.single_source_shortest_path_length(G, start, cutoff=max_depth - 1)
    edges = {k: d for u in near for keyed in G.succ[u].values() for k, d in keyed.items()}
    found = link_origins(store, edges)
    weak = {k for k, d in edges.items()
            if not d.get("proposed") and len({v["party"] for v in found.get(k, {}).values()}) < min_independent}
    if not weak:
        return G
    H = nx.MultiDiGraph(**G.graph)
    H.add_nodes_from(G.nodes(data=True))
    H.add_edges_from((u, v, k, d) for u, v, k, d in G.edges(keys=True, data=True) if k not in weak)
    return H


def independence_text(item: dict) -> str:
    """"1 source (Anthropic's paper), reported by 3 documents": a hop's or path's independence in words."""
    origins = item.get("origins") or []
    n = item.get("independent", len(origins))
    docs = {d["iri"] for o in origins for d in o["documents"]}
    names = ", ".join(o["label"] for o in origins[:3]) + (", …" if len(origins) > 3 else "")
    return (f"{n} source{'s' if n != 1 else ''} ({names}), reported by {len(docs)} "
            f"document{'s' if len(docs) != 1 else ''}") if origins else "no stated source"
