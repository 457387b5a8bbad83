"""Selecting a subgraph to export: a focus and its neighbourhood, a trace's paths, or a CONSTRUCT.

Each selection gives an ``Export``: a ``Figure`` for the drawn and data formats
(``kg.render``) and an rdflib ``Graph`` holding exactly the subgraph's statements
(for Turtle and JSON-LD). In both, a causal link is drawn as a signed edge
cause -> effect (not as a node), evidence anchors are not nodes but become the
numbered sources of the edges, and the RDF keeps the anchors and their offsets.
The store is read in a few batched queries (``kg.export.subgraph``), the figure built by
``kg.export.assemble``; a user's CONSTRUCT runs through the SPARQL service (``kg.export.query``).

An export becomes bytes with ``kg.briefing.formats.serialise(export, fmt)``, decks included.
"""
from __future__ import annotations

import re

from rdflib import URIRef

from kg import render
from kg.core.figure import Figure, FigureEdge, FigureNode, Source
from kg.core.namespaces import PK, curie
from kg.core.settings import LIMITS
from kg.index.resolve import ResolveError, resolve
from kg.store import Store
from kg.export import subgraph
from kg.export.fold import Fold, ring
from kg.export.assemble import (EXTENSIONS, AmbiguousName, Export, ExportError, UnknownName, UrlFor, collect, finish, unresolved)
from kg.export.query import GRAPH_REQUEST, check_query, from_query, from_result, is_construct, syntax_message

RDF_FORMATS = {"ttl": "text/turtle; charset=utf-8", "jsonld": "application/ld+json"}
DECK_FORMATS = ("pptx", "pdf")         # briefing decks (kg.briefing)
FORMATS = render.FORMATS + tuple(RDF_FORMATS) + DECK_FORMATS
DRAWN = render.DRAWN + DECK_FORMATS    # the formats that take a --layout
LAYOUTS = render.LAYOUTS
MAX_DEPTH = 4
FOLD = LIMITS["fold"].default   # neighbours drawn per node and side before the rest fold


# ---------------------------------------------------------------- selections
def neighbourhood(store: Store, focus: str, *, depth: int = 1, min_support: int = 1, fold: int = FOLD,
                  max_nodes: int | None = None, url_for: UrlFor | None = None) -> Export:
    """``focus`` (IRI, prefixed name or label) and everything within ``depth`` steps of it, each
    node drawing at most ``fold`` new neighbours per side, the rest folded into "+N more" nodes
    (``kg.export.fold``; 0: no folding), which the subtitle and ``context["folded"]`` list.

    A constant handful of queries per export (plus one per depth step), each over all the
    nodes at once (``kg.export.subgraph``)."""
    if not 0 <= depth <= MAX_DEPTH:
        raise ExportError(f"--depth must be between 0 and {MAX_DEPTH} (got {depth})")
    if min_support < 1:
        raise ExportError(f"--min-support must be at least 1 (got {min_support})")
    start = _resolve(store, focus)
    nodes = subgraph.link_ends(store, start) or {start}   # a causal link is an edge: start from its two ends
    frontier = set(nodes)
    relations = subgraph.property_labels(store) if fold else {}
    folds: list[Fold] = []
    rings = {str(n): 0 for n in nodes}
    for step in range(1, depth + 1):
        # a causal link's neighbourhood starts from its two ends: they share the first ring's room
        cap = fold if step > 1 or len(frontier) == 1 else -(-fold // len(frontier))
        frontier, folded = ring(store, frontier, nodes, min_support=min_support, cap=cap, relations=relations)
        folds += folded
        rings.update({str(n): step for n in frontier} | {f.iri: step for f in folded})
        if not frontier:
            break
        nodes |= frontier
    every = subgraph.causal_links(store, nodes)
    known: dict = {}
    chosen = every
    if min_support > 1:
        known = subgraph.sources(store, [(k, PK.cause, v.cause) for k, v in every.items()])
        chosen = {k: v for k, v in every.items()
                  if len({s.document for s in known[(k, PK.cause, v.cause)]}) >= min_support}
    graph = collect(store, nodes, chosen, every=every, relations=True)
    info = subgraph.node_info(store, nodes | {start})
    fig_title = f"{info[start][0]}: neighbourhood, depth {depth}"
    sub = curie(str(start), store.base_iri) + (f", links in at least {min_support} documents" if min_support > 1 else "")
    made = finish(store, nodes, graph, chosen, info=info, known=known, title=fig_title, subtitle=sub,
                  max_nodes=max_nodes, url_for=url_for, name=_stem(start, store) + f"-depth{depth}")
    made.context = {"kind": "focus", "focus": str(start), "label": info[start][0], "node_kind": info[start][1],
                    "folded": [f.as_dict() for f in folds]}
    if folds:
        _draw_folds(made.figure, folds, url_for)
    made.figure.rings = rings
    return made


def trace(store: Store, measure: str, *, to: str | None = None, max_depth: int = 6, min_support: int = 1,
          max_nodes: int | None = None, url_for: UrlFor | None = None) -> Export:
    """The paths of ``kg.trace`` from ``measure`` (to ``to``): their nodes and causal links only.

    Drawn from the trace result itself (its hops carry link, polarity, sources and claims, its
    ``nodes`` labels and kinds); the store is asked once more, for the RDF statements."""
    from kg import trace as tracing

    try:
        result = tracing.trace(store, measure, to=to, max_depth=max_depth, min_support=min_support)
    except ResolveError as exc:
        raise unresolved(exc) from exc
    except tracing.TraceError as exc:
        raise ExportError(str(exc)) from exc
    start = URIRef(result["measure"]["iri"])
    nodes, links, known = {start}, {}, {}
    for path in result["paths"]:
        for hop in path["hops"]:
            cause, effect, link = URIRef(hop["from"]), URIRef(hop["to"]), URIRef(hop["link"])
            nodes |= {cause, effect}
            links[link] = subgraph.Link(cause, effect, hop["polarity"], bool(hop.get("contested_by")))
            known[(link, PK.cause, cause)] = _hop_sources(hop)
    info = {URIRef(iri): (d.get("label") or subgraph.local(iri), d.get("kind") or "Other")
            for iri, d in result["nodes"].items()}
    graph = collect(store, nodes, links, every={}, relations=False)
    label = result["measure"]["label"]
    target = (result.get("options") or {}).get("to_label") or to
    title = f"Trace: {label}" + (f" \u2192 {target}" if target else "")
    nets = ", ".join(f"{t['label']} {_net(t['net'])}" for t in result["targets"][:6])
    subtitle = f"trace: {len(result['paths'])} paths" + (f"; net effect on {nets}" if nets else "")
    made = finish(store, nodes, graph, links, info=info, known=known, title=title, subtitle=subtitle,
                  max_nodes=max_nodes, url_for=url_for, name="trace-" + _stem(start, store))
    made.context = {"kind": "trace", "result": result}
    return made


def scenarios(store: Store, a: str, b: str, *, max_depth: int = 6, min_support: int = 1) -> Export:
    """Scenarios ``a`` and ``b`` side by side (``kg.trace.compare_scenarios``), for a briefing deck
    (pptx, pdf) only; ``kg trace --scenario A --vs B`` gives it as text or JSON."""
    from rdflib import Graph

    from kg import trace as tracing
    from kg.core.figure import Figure

    try:
        comparison = tracing.compare_scenarios(store, a, b, max_depth=max_depth, min_support=min_support)
    except ResolveError as exc:
        raise unresolved(exc) from exc
    except tracing.SameScenario:
        raise                                   # bad input, as it stands (400, exit 2)
    except tracing.TraceError as exc:
        raise ExportError(str(exc)) from exc
    la, lb = comparison["a"]["scenario"]["label"], comparison["b"]["scenario"]["label"]
    return Export(figure=Figure(f"{la} vs {lb}"), graph=Graph(), name="scenarios-" + "-vs-".join(
        _stem(URIRef(comparison[k]["scenario"]["iri"]), store) for k in "ab"),
        context={"kind": "scenarios", "comparison": comparison})


# ---------------------------------------------------------------- helpers
def _draw_folds(figure: Figure, folds: list[Fold], url_for: UrlFor | None) -> None:
    """A "+N more" node per fold, joined to its parent by the fold's relation; the subtitle says
    what each stands for."""
    labels = {n.iri: n.label for n in figure.nodes}
    for f in folds:
        parent = str(f.parent)
        url = f"{url_for(parent)}#{f.anchor}" if url_for else None
        figure.nodes.append(FigureNode(f.iri, f.label, f.kind, url))
        ends = (parent, f.iri) if f.out else (f.iri, parent)
        figure.edges.append(FigureEdge(*ends, f.relation))
    hidden = sum(len(f.hidden) for f in folds)
    what = "; ".join(f.describe(labels.get(str(f.parent), str(f.parent))) for f in folds)
    figure.subtitle += f" \u2014 folded: {hidden} nodes not drawn ({what})"


def _resolve(store: Store, text: str) -> URIRef:
    try:
        return URIRef(resolve(store, text).iri)
    except ResolveError as exc:
        raise unresolved(exc) from exc


def _hop_sources(hop: dict) -> list[Source]:
    out: list[Source] = []
    for s in hop.get("sources", []):
        src = Source(s["document"], s.get("label") or subgraph.local(s["document"]), s.get("start"), s.get("end"))
        if src not in out:
            out.append(src)
    return out


def _net(net: str | None) -> str:
    return {"+": "+", "-": "\u2212", "±": "\u00b1"}.get(net or "", net or "?")


def _stem(iri: URIRef, store: Store) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", curie(str(iri), store.base_iri).split(":", 1)[-1]).strip("-") or "export"


__all__ = ["Export", "ExportError", "UnknownName", "AmbiguousName", "neighbourhood", "trace", "scenarios", "from_query",
           "from_result", "check_query", "syntax_message", "is_construct", "GRAPH_REQUEST",
           "FORMATS", "RDF_FORMATS", "DECK_FORMATS", "DRAWN", "LAYOUTS", "EXTENSIONS", "MAX_DEPTH"]
