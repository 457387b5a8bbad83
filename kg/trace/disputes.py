"""Disputed premises on a trace: claims about the nodes on its paths that another claim contests
or qualifies ("who disagrees").

A hop's own contests and qualifications sit on the hop (``contested_by``, ``qualified_by``); dissent
about a factor the path passes through (observers doubting that China is catching up, while the
path runs through China's frontier AI capability) is a claim about that node. ``disputes`` lists them,
read with one query (``kg/queries/trace_disputes.rq``) bounded by the nodes of the paths a result
holds::

    "disputes": [{"claim", "label", "about": [node IRIs on the paths],
                  "claimers": [{"iri", "label"}],
                  "contested_by": [{"claim", "label", "claimers": [...], "documents": [...]}],
                  "qualified_by": [{"claim", "label", "claimers": [...], "documents": [...]}],
                  "documents": [{"iri", "label"}]   the documents stating the claim or a dispute of it}]

``shown_disputes`` keeps those about the nodes a folded result still shows.
"""
from __future__ import annotations

from kg import queries
from kg.core.namespaces import PK_IRI
from kg.store import Store

CONTESTS = PK_IRI + "contests"


def path_nodes(result: dict) -> set[str]:
    """The nodes on a result's paths (the measure included)."""
    return {result["measure"]["iri"], *(n for p in result["paths"] for h in p["hops"] for n in (h["from"], h["to"]))}


def disputes(store: Store, nodes: set[str], label) -> list[dict]:
    """The disputed claims about ``nodes``; ``label(iri)`` names claims, claimers and documents."""
    if not nodes:
        return []
    from rdflib import URIRef

    found: dict[str, dict] = {}
    for node, claim, rel, other, claimer, other_claimer, g, og in store.values(
            queries.get("trace_disputes"), nodes=[URIRef(n) for n in sorted(nodes)]):
        d = found.setdefault(claim, {"about": set(), "claimers": set(), "documents": set(),
                                     "contested_by": {}, "qualified_by": {}})
        d["about"].add(node)
        if claimer:
            d["claimers"].add(claimer)
        if g:
            d["documents"].add(g)
        side = d["contested_by" if rel == CONTESTS else "qualified_by"]
        o = side.setdefault(other, {"claimers": set(), "documents": set()})
        if other_claimer:
            o["claimers"].add(other_claimer)
        if og:
            o["documents"].add(og)
            d["documents"].add(og)

    def named(iris) -> list[dict]:
        return [{"iri": i, "label": label(i)} for i in sorted(iris)]

    def stances(side: dict) -> list[dict]:
        return [{"claim": c, "label": label(c), "claimers": named(v["claimers"]), "documents": named(v["documents"])}
                for c, v in sorted(side.items())]

    out = [{"claim": c, "label": label(c), "about": sorted(d["about"]), "claimers": named(d["claimers"]),
            "contested_by": stances(d["contested_by"]), "qualified_by": stances(d["qualified_by"]),
            "documents": named(d["documents"])} for c, d in found.items()]
    out.sort(key=lambda d: (not d["contested_by"], -len(d["contested_by"]) - len(d["qualified_by"]),
                            d["label"].casefold(), d["claim"]))
    return out


def shown_disputes(found: list[dict], nodes: set[str]) -> list[dict]:
    """The disputes about ``nodes`` (those a folded result still shows), ``about`` cut to them."""
    kept = []
    for d in found:
        about = [n for n in d["about"] if n in nodes]
        if about:
            kept.append({**d, "about": about})
    return kept


def dispute_line(d: dict) -> str:
    """One line: "China is closing the AI gap … (Anthropic) — contested by Zhang Chi; qualified by …"."""
    def who(items: list[dict]) -> str:
        names = sorted({c["label"] for x in items for c in x["claimers"]} or {x["label"] for x in items})
        return ", ".join(names)
    parts = []
    if d["contested_by"]:
        parts.append(f"contested by {who(d['contested_by'])}")
    if d["qualified_by"]:
        parts.append(f"qualified by {who(d['qualified_by'])}")
    by = f" ({', '.join(c['label'] for c in d['claimers'])})" if d["claimers"] else ""
    return f"{d['label']}{by}: {'; '.join(parts)}"
