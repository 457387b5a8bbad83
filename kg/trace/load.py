"""Loading the causal layer from the store into a networkx MultiDiGraph, with two SPARQL queries.

Nodes are factors (causes and effects), keyed by IRI, with ``label`` and ``kind``.
Edges are causal links, keyed by the link IRI (parallel links between the same
factors stay separate), with ``sign`` (+1 or -1) and ``support`` (the number of
document graphs stating the link). ``evidence(G, u, v, key)`` gives the rest of a
link, built on first use (most links of a large graph are never shown)::

    mechanism     the curator's note, or ""
    documents     the document graphs holding the link
    sources       [{"document", "label", "start", "end"}]  one per evidence anchor
    claimers      [{"iri", "label"}] of claims that support the link
    contested_by  [{"claim", "label", "claimers": [{"iri", "label"}]}]
    qualified_by  [{"claim", "label", "claimers": [{"iri", "label"}]}]  claims that grant the link but
                  limit it (``pk:qualifies``): a condition or caveat, not a dispute
"""
from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx

from kg import queries
from kg.core.namespaces import PK_IRI
from kg.core.kinds import kind_of
from kg.store import Store
from kg.trace.analysis import adjacency

ONTOLOGY_GRAPH = "https://w3id.org/policy-kg/ns"
_SIGNS = {PK_IRI + "Positive": 1, PK_IRI + "Negative": -1}


@dataclass
class _Link:
    cause: str
    effect: str
    polarity: str
    sources: str             # the ?sources lines, parsed on first use
    mechanism: str = ""
    claimers: set[str] = field(default_factory=set)
    contests: dict[str, set[str]] = field(default_factory=dict)
    qualifies: dict[str, set[str]] = field(default_factory=dict)


def _sources(text: str) -> tuple[set[str], dict[tuple, dict]]:
    """Parse the ``?sources`` lines: "<graph> <start> <end>", "-" for a missing offset."""
    docs: set[str] = set()
    found: dict[tuple, dict] = {}
    for line in text.splitlines():
        parts = line.split(" ")
        if len(parts) != 3 or parts[0] == ONTOLOGY_GRAPH:
            continue
        g = parts[0]
        docs.add(g)
        start = int(parts[1]) if parts[1] != "-" else None
        end = int(parts[2]) if parts[2] != "-" else None
        if start is None:
            found.setdefault((g, None, None), {"document": g, "start": None, "end": None})
        else:
            found.pop((g, None, None), None)
            found[(g, start, end)] = {"document": g, "start": start, "end": end}
    return docs, found


def load_causal_graph(store: Store) -> nx.MultiDiGraph:
    """The causal layer as a MultiDiGraph (see the module docstring); labels of claims,
    claimers and documents are kept in ``graph.graph["labels"]``.

    Only links stated in a named (document) graph are read: support is counted in documents.
    The links' rows are put together here from their statements (``causal_link_statements.rq``:
    a UNION of plain patterns, no OPTIONAL inside GRAPH evaluated over every anchor), the rest
    (signs, claims, labels and types) comes from ``causal_subgraph.rq``.
    """
    return _graph(_link_rows(store.values(queries.get("causal_link_statements")))
                  + store.select(queries.get("causal_subgraph")))


def load_links(store: Store, links: list[str]) -> nx.MultiDiGraph:
    """The part of the causal layer made of some links (those still stated), their ends and
    the claims about them: what ``kg.trace.layer_updates`` merges into the layer after a write,
    read as ``load_causal_graph`` reads the whole layer (``causal_link_rows.rq``,
    ``causal_links_of.rq``: the same queries bound to the links)."""
    from rdflib import URIRef

    nodes = [URIRef(l) for l in links]
    return _graph(_link_rows(store.values(queries.get("causal_link_rows"), links=nodes))
                  + store.select(queries.get("causal_links_of"), links=nodes))


def _link_rows(statements) -> list[dict]:
    """One row per causal link (link, cause, effect, polarity, sources, mechanism) from its
    statements (link, graph, cause, effect, polarity, mechanism, start, end): a link is stated
    in the graphs holding its cause, effect and polarity; ``sources`` has a line per evidence
    anchor in those graphs ("<graph> <start> <end>"), or "<graph> - -" for a graph without one;
    the mechanism is the least one stated in those graphs."""
    found: dict[str, dict] = {}
    for link, g, c, e, p, m, start, end in statements:
        d = found.setdefault(link, {"ends": None, "stated": set(), "mechanisms": [], "anchors": {}})
        if c is not None:
            d["stated"].add(g)
            d["ends"] = d["ends"] or (c, e, p)
        elif m is not None:
            d["mechanisms"].append((g, m))
        elif start is not None:
            d["anchors"].setdefault(g, []).append(f"{g} {start} {end}")
    rows = []
    for link, d in found.items():
        if d["ends"] is None:
            continue
        lines = [line for g in sorted(d["stated"]) for line in d["anchors"].get(g) or [f"{g} - -"]]
        row = {"link": link, "cause": d["ends"][0], "effect": d["ends"][1], "polarity": d["ends"][2],
               "sources": "\n".join(lines)}
        mechanism = min((m for g, m in d["mechanisms"] if g in d["stated"]), default=None)
        if mechanism is not None:
            row["mechanism"] = mechanism
        rows.append(row)
    return rows


def _graph(rows) -> nx.MultiDiGraph:
    links: dict[str, _Link] = {}
    labels: dict[str, tuple[int, str]] = {}  # iri -> (rank, label)
    types: dict[str, set[str]] = {}
    signs: dict[str, int] = dict(_SIGNS)
    claims = []
    for row in rows:
        if "sources" in row:
            links[str(row["link"])] = _Link(str(row["cause"]), str(row["effect"]), str(row["polarity"]),
                                            str(row["sources"]), str(row["mechanism"]) if "mechanism" in row else "")
        elif "sign" in row:
            signs[str(row["polarity"])] = int(row["sign"].toPython())
        elif "rel" in row:
            claims.append(row)
        elif "node" in row:
            node = str(row["node"])
            if "type" in row:
                types.setdefault(node, set()).add(str(row["type"]))
            for rank, var in enumerate(("label", "rdfsLabel", "ident")):
                if var in row:
                    lit = row[var]
                    r = rank * 2 + (0 if getattr(lit, "language", None) in (None, "", "en") else 1)
                    if node not in labels or (r, str(lit)) < labels[node]:
                        labels[node] = (r, str(lit))
    for row in claims:
        l = links.get(str(row["link"]))
        if l is None:
            continue
        claim = str(row["claim"])
        rel = str(row["rel"])
        if rel == PK_IRI + "supports":
            if "claimer" in row:
                l.claimers.add(str(row["claimer"]))
        else:
            target = l.qualifies if rel == PK_IRI + "qualifies" else l.contests
            target.setdefault(claim, set())
            if "claimer" in row:
                target[claim].add(str(row["claimer"]))

    label = {iri: text for iri, (_, text) in labels.items()}
    G = nx.MultiDiGraph(labels=label)
    kinds = {n: kind_of(t, default="") for n, t in types.items()}
    nodes = {n for l in links.values() for n in (l.cause, l.effect)}
    G.add_nodes_from((n, {"label": label.get(n, _local(n)), "kind": kinds.get(n, "")}) for n in sorted(nodes))
    edges = []
    for link_iri in sorted(links):
        l = links[link_iri]
        sign = signs.get(l.polarity)
        if sign not in (1, -1):
            raise ValueError(f"causal link {link_iri}: polarity {l.polarity} has no sign (+1 or -1)")
        support = len({line.split(" ", 1)[0] for line in l.sources.split("\n") if line} - {ONTOLOGY_GRAPH})
        edges.append((l.cause, l.effect, link_iri, {"sign": sign, "support": support, "raw": l}))
    G.add_edges_from(edges)
    return G


def _local(iri: str) -> str:
    return iri.rsplit("/", 1)[-1].rsplit("#", 1)[-1]


EVIDENCE_KEYS = ("mechanism", "documents", "sources", "claimers", "contested_by", "qualified_by")  # what evidence() adds


def evidence(G: nx.MultiDiGraph, u: str, v: str, key: str) -> dict:
    """Mechanism, documents, sources, claimers, contesting and qualifying claims of one link (cached)."""
    d = G.edges[u, v, key]
    if "sources" not in d and "raw" not in d:   # a light layer (kg.trace.light): read this link's row now
        reader = getattr(G.graph.get("labels"), "rows", None)
        found = reader([key]) if reader is not None else {}
        if key not in found:
            raise KeyError(f"causal link {key}: no longer stated")
        d["raw"] = found[key]
    if "sources" not in d:
        label = G.graph.get("labels", {})

        def lab(iri: str) -> str:
            return label.get(iri, _local(iri))

        l: _Link = d["raw"]
        docs, found = _sources(l.sources)
        sources = sorted(found.values(), key=lambda s: (s["document"], s["start"] or -1, s["end"] or -1))
        for s in sources:
            s["label"] = lab(s["document"])
        def stances(found: dict[str, set[str]]) -> list[dict]:
            return [{"claim": c, "label": lab(c), "claimers": [{"iri": x, "label": lab(x)} for x in sorted(cl)]}
                    for c, cl in sorted(found.items())]

        d.update(mechanism=l.mechanism, documents=sorted(docs), sources=sources,
                 claimers=[{"iri": c, "label": lab(c)} for c in sorted(l.claimers)],
                 contested_by=stances(l.contests), qualified_by=stances(l.qualifies))
    return d


def filter_support(G: nx.MultiDiGraph, min_support: int) -> nx.MultiDiGraph:
    """A copy of ``G`` keeping only links supported by at least ``min_support`` documents.
    Proposed links (``kg.trace.proposed``: support 0, not yet reviewed) are kept whatever
    ``min_support`` is: they are in ``G`` only when the caller asked for them."""
    if min_support <= 1:   # every link of a layer is stated in a document (a proposed one is kept anyway)
        return G
    least = adjacency(G).least_support   # kept with G: no pass over every link per trace
    if least is None or least >= min_support:
        return G
    H = nx.MultiDiGraph(**G.graph)
    H.add_nodes_from(G.nodes(data=True))
    H.add_edges_from((u, v, k, d) for u, v, k, d in G.edges(keys=True, data=True)
                     if d["support"] >= min_support or d.get("proposed"))
    return H
