"""Loading the causal layer from the store into a networkx MultiDiGraph, with one SPARQL query.

Nodes are factors (causes and effects), keyed by IRI, with ``label`` and ``kind``.
Edges are causal links, keyed by the link IRI (parallel links between the same
factors stay separate), with::

    sign       +1 or -1
    mechanism  the curator's note, or ""
    sources    [{"document", "label", "start", "end"}]  one per evidence anchor
    documents  the distinct document graphs holding the link
    support    len(documents)
    claimers   [{"iri", "label"}] of claims that support the link
    contested_by [{"claim", "label", "claimers": [{"iri", "label"}]}]
"""
from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx

from .. import queries
from ..namespaces import PK_IRI
from ..store import Store

ONTOLOGY_GRAPH = "https://w3id.org/policy-kg/ns"
KIND_ORDER = ("Scenario", "PolicyPackage", "Measure", "Pathway", "Capability", "Outcome", "Factor",
              "Claim", "SourceDocument", "AILab", "Company", "Administration", "GovernmentBody",
              "State", "Coalition", "Person", "Publisher", "ActorGroup", "Actor")
_SIGNS = {PK_IRI + "Positive": 1, PK_IRI + "Negative": -1}


@dataclass
class _Link:
    cause: str
    effect: str
    sign: int
    mechanism: str = ""
    sources: dict[tuple, dict] = field(default_factory=dict)
    documents: set[str] = field(default_factory=set)
    claimers: set[str] = field(default_factory=set)
    contests: dict[str, set[str]] = field(default_factory=dict)


def _kind(types: set[str]) -> str:
    local = {t[len(PK_IRI):] for t in types if t.startswith(PK_IRI)}
    for k in KIND_ORDER:
        if k in local:
            return k
    return sorted(local)[0] if local else ""


def load_causal_graph(store: Store) -> nx.MultiDiGraph:
    """The causal layer as a MultiDiGraph (see the module docstring); labels of claims,
    claimers and documents are kept in ``graph.graph["labels"]``."""
    links: dict[str, _Link] = {}
    labels: dict[str, tuple[int, str]] = {}  # iri -> (rank, label)
    types: dict[str, set[str]] = {}
    rows = store.select(queries.get("causal_subgraph"))
    later = []
    for row in rows:
        kind = str(row["kind"])
        if kind == "link":
            link = str(row["link"])
            pol = str(row["polarity"])
            sign = int(row["sign"].toPython()) if "sign" in row else _SIGNS.get(pol, 0)
            if sign not in (1, -1):
                raise ValueError(f"causal link {link}: polarity {pol} has no sign (+1/-1)")
            if link in links and (links[link].cause, links[link].effect) != (str(row["cause"]), str(row["effect"])):
                raise ValueError(f"causal link {link} has several causes or effects")
            l = links.setdefault(link, _Link(str(row["cause"]), str(row["effect"]), sign))
            if l.sign != sign:
                raise ValueError(f"causal link {link} has both polarities")
            if "mechanism" in row and not l.mechanism:
                l.mechanism = str(row["mechanism"])
        elif kind == "node":
            node = str(row["node"])
            if "type" in row:
                types.setdefault(node, set()).add(str(row["type"]))
            if "label" in row:
                lang = str(row.get("lang", "") or "")
                rank = int(row["rank"].toPython()) * 2 + (0 if lang in ("", "en") else 1)
                if node not in labels or (rank, str(row["label"])) < labels[node]:
                    labels[node] = (rank, str(row["label"]))
        else:
            later.append(row)
    for row in later:
        kind, link = str(row["kind"]), str(row["link"])
        l = links.get(link)
        if l is None:          # a link without cause/effect/polarity is not part of the layer
            continue
        if kind == "source":
            g = str(row["g"])
            if g == ONTOLOGY_GRAPH:
                continue
            l.documents.add(g)
            start = int(row["start"].toPython()) if "start" in row else None
            end = int(row["end"].toPython()) if "end" in row else None
            l.sources[(g, start, end)] = {"document": g, "start": start, "end": end}
        elif kind == "support" and "claimer" in row:
            l.claimers.add(str(row["claimer"]))
        elif kind == "contest":
            l.contests.setdefault(str(row["claim"]), set())
            if "claimer" in row:
                l.contests[str(row["claim"])].add(str(row["claimer"]))

    label = {iri: text for iri, (_, text) in labels.items()}
    G = nx.MultiDiGraph(labels=label)

    def lab(iri: str) -> str:
        return label.get(iri, iri.rsplit("/", 1)[-1])

    for link_iri in sorted(links):
        l = links[link_iri]
        for n in (l.cause, l.effect):
            if n not in G:
                G.add_node(n, label=lab(n), kind=_kind(types.get(n, set())))
        sources = sorted(l.sources.values(), key=lambda s: (s["document"], s["start"] or -1, s["end"] or -1))
        for s in sources:
            s["label"] = lab(s["document"])
        G.add_edge(l.cause, l.effect, key=link_iri, sign=l.sign, mechanism=l.mechanism, sources=sources,
                   documents=sorted(l.documents), support=len(l.documents),
                   claimers=[{"iri": c, "label": lab(c)} for c in sorted(l.claimers)],
                   contested_by=[{"claim": c, "label": lab(c),
                                  "claimers": [{"iri": x, "label": lab(x)} for x in sorted(cl)]}
                                 for c, cl in sorted(l.contests.items())])
    return G


def filter_support(G: nx.MultiDiGraph, min_support: int) -> nx.MultiDiGraph:
    """A copy of ``G`` keeping only links supported by at least ``min_support`` documents."""
    if min_support <= 0:
        return G
    H = nx.MultiDiGraph(**G.graph)
    H.add_nodes_from(G.nodes(data=True))
    H.add_edges_from((u, v, k, d) for u, v, k, d in G.edges(keys=True, data=True) if d["support"] >= min_support)
    return H
