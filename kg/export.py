"""Selecting a subgraph to export: a focus and its neighbourhood, a trace's paths, or a CONSTRUCT.

Each selection gives an ``Export``: a ``Figure`` for the drawn and data formats
(``kg.render``) and an rdflib ``Graph`` holding exactly the subgraph's statements
(for Turtle and JSON-LD). In both, a causal link is drawn as a signed edge
cause -> effect (not as a node), evidence anchors are not nodes but become the
numbered sources of the edges, and the RDF keeps the anchors and their offsets.

``serialise(export, fmt)`` returns ``(bytes, media type)`` for every format.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from . import queries, render
from .figure import Figure, FigureEdge, FigureNode, Source
from .namespaces import OA, PK, PK_IRI, curie, prefixes
from .resolve import ResolveError, resolve
from .store import Store

RDF_FORMATS = {"ttl": "text/turtle; charset=utf-8", "jsonld": "application/ld+json"}
FORMATS = render.FORMATS + tuple(RDF_FORMATS)
EXTENSIONS = {**render.EXTENSIONS, "ttl": "ttl", "jsonld": "jsonld"}
MAX_DEPTH = 4
CAUSAL = {PK.increases: "+", PK.decreases: "-"}
SHORTCUT = {"+": PK.increases, "-": PK.decreases}
UrlFor = Callable[[str], str]


class ExportError(ValueError):
    """The export cannot be made as asked; the message says why."""


@dataclass
class Export:
    figure: Figure
    graph: Graph                       # exactly the subgraph's statements
    nodes: list[str] = field(default_factory=list)
    name: str = "export"               # file name stem for downloads

    def filename(self, fmt: str) -> str:
        return f"{self.name}.{EXTENSIONS.get(fmt, fmt)}"


# ---------------------------------------------------------------- selections
def neighbourhood(store: Store, focus: str, *, depth: int = 1, min_support: int = 1,
                  max_nodes: int | None = None, url_for: UrlFor | None = None) -> Export:
    """``focus`` (IRI, prefixed name or label) and everything within ``depth`` steps of it."""
    if not 0 <= depth <= MAX_DEPTH:
        raise ExportError(f"--depth must be between 0 and {MAX_DEPTH} (got {depth})")
    if min_support < 1:
        raise ExportError(f"--min-support must be at least 1 (got {min_support})")
    start = _resolve(store, focus)
    ends = {t for r in store.select(queries.get("export_link_ends"), node=start) for t in (r["cause"], r["effect"])}
    nodes = ends or {start}              # a causal link is an edge: start from its two ends
    frontier = set(nodes)
    for _ in range(depth):
        found: set[URIRef] = set()
        for n in frontier:
            graphs: dict[URIRef, set] = {}
            for row in store.select(queries.get("export_neighbours"), node=n):
                graphs.setdefault(row["n"], set()).add(row.get("g"))
            found |= {m for m, gs in graphs.items() if len(gs) >= min_support}
        frontier = found - nodes
        nodes |= frontier
    graph, links = _collect(store, nodes, links=None, relations=True, min_support=min_support)
    label = _node_info(store, start)[0]
    fig_title = f"{label}: neighbourhood, depth {depth}"
    sub = curie(str(start), store.base_iri) + (f", links in at least {min_support} documents" if min_support > 1 else "")
    return _finish(store, nodes, graph, links, title=fig_title, subtitle=sub, max_nodes=max_nodes,
                   url_for=url_for, name=_stem(start, store) + f"-depth{depth}")


def trace(store: Store, measure: str, *, to: str | None = None, max_depth: int = 6, min_support: int = 1,
          max_nodes: int | None = None, url_for: UrlFor | None = None) -> Export:
    """The paths of ``kg.trace`` from ``measure`` (to ``to``): their nodes and causal links only."""
    from . import trace as tracing

    try:
        result = tracing.trace(store, measure, to=to, max_depth=max_depth, min_support=min_support)
    except ResolveError as exc:
        raise ExportError(exc.message) from exc
    except tracing.TraceError as exc:
        raise ExportError(str(exc)) from exc
    start = URIRef(result["measure"]["iri"])
    nodes, links = {start}, set()
    for path in result["paths"]:
        for hop in path["hops"]:
            nodes |= {URIRef(hop["from"]), URIRef(hop["to"])}
            links.add(URIRef(hop["link"]))
    graph, found = _collect(store, nodes, links=links, relations=False)
    label = result["measure"]["label"]
    target = (result.get("options") or {}).get("to_label") or to
    title = f"Trace: {label}" + (f" \u2192 {target}" if target else "")
    nets = ", ".join(f"{t['label']} {_net(t['net'])}" for t in result["targets"][:6])
    subtitle = f"trace: {len(result['paths'])} paths" + (f"; net effect on {nets}" if nets else "")
    return _finish(store, nodes, graph, found, title=title, subtitle=subtitle, max_nodes=max_nodes,
                   url_for=url_for, name="trace-" + _stem(start, store))


def from_query(store: Store, text: str, *, max_nodes: int | None = None, url_for: UrlFor | None = None) -> Export:
    """Whatever a SPARQL CONSTRUCT returns: the graph as is, drawn as nodes and edges."""
    if not is_construct(text):
        raise ExportError("an export query must be a SPARQL CONSTRUCT query")
    graph = store.construct(text)
    for p, ns in prefixes(store.base_iri).items():
        graph.bind(p, ns)
    links: dict[URIRef, tuple[URIRef, URIRef, str | None, bool]] = {}
    for link in set(graph.subjects(PK.cause, None)):
        cause, effect = graph.value(link, PK.cause), graph.value(link, PK.effect)
        if isinstance(cause, URIRef) and isinstance(effect, URIRef):
            pol = graph.value(link, PK.polarity)
            links[link] = (cause, effect, {PK.Positive: "+", PK.Negative: "-"}.get(pol), False)
    nodes: set[URIRef] = set()
    for s, p, o in graph:
        if p == RDF.type or s in links:
            continue
        nodes |= {t for t in (s, o) if isinstance(t, URIRef) and not str(t).startswith(PK_IRI)}
    # anchors and their documents are sources, not nodes
    anchors = set(graph.objects(None, PK.evidence)) | set(graph.subjects(OA.hasSource, None))
    nodes -= anchors | set(graph.objects(None, OA.hasSource))
    return _finish(store, nodes, graph, links, title="Query result",
                   subtitle=f"{len(graph)} statements from a CONSTRUCT query", max_nodes=max_nodes,
                   url_for=url_for, name="query")


def is_construct(text: str) -> bool:
    """True when the query's form is CONSTRUCT (after comments, BASE and PREFIX declarations)."""
    body = re.sub(r"#[^\n]*", " ", text)
    body = re.sub(r"(?is)^\s*((BASE\s*<[^>]*>|PREFIX\s+[\w.-]*:\s*<[^>]*>)\s*)*", "", body)
    return bool(re.match(r"(?i)\s*CONSTRUCT\b", body))


# ---------------------------------------------------------------- output
def serialise(export: Export, fmt: str, *, max_nodes: int = render.MAX_NODES) -> tuple[bytes, str]:
    """The export in ``fmt`` and its media type."""
    fmt = fmt.lower()
    if fmt == "ttl":
        return export.graph.serialize(format="turtle").encode("utf-8"), RDF_FORMATS[fmt]
    if fmt == "jsonld":
        return export.graph.serialize(format="json-ld", auto_compact=True).encode("utf-8"), RDF_FORMATS[fmt]
    if fmt not in render.FORMATS:
        raise ExportError(f"unknown export format {fmt!r} (known: {', '.join(FORMATS)})")
    return render.render(export.figure, fmt, max_nodes=max_nodes), render.MEDIA_TYPES[fmt]


# ---------------------------------------------------------------- building
def _resolve(store: Store, text: str) -> URIRef:
    try:
        return URIRef(resolve(store, text).iri)
    except ResolveError as exc:
        raise ExportError(exc.message) from exc


def _collect(store: Store, nodes: set[URIRef], *, links: set[URIRef] | None, relations: bool,
             min_support: int = 1) -> tuple[Graph, dict]:
    """The statements of ``nodes`` and of the causal links between them (only ``links`` if given).

    Returns the graph and ``{link: (cause, effect, "+"/"-", contested)}``.
    """
    chosen: dict[URIRef, tuple[URIRef, URIRef, str | None, bool]] = {}
    every: set[tuple] = set()          # shortcut triples of every link between the nodes
    for n in nodes:
        for row in store.select(queries.get("export_links"), node=n):
            link, effect = row["link"], row["effect"]
            sign = "+" if int(row["sign"]) > 0 else "-"
            if effect in nodes:
                every.add((n, SHORTCUT[sign], effect))
                if links is None or link in links:
                    chosen[link] = (n, effect, sign, bool(row["contested"].toPython()))
    if min_support > 1:
        chosen = {k: v for k, v in chosen.items() if len(_documents(store, k, PK.cause, v[0])) >= min_support}
    keep = set(nodes) | set(chosen)
    shortcuts = {(c, SHORTCUT[s], e) for c, e, s, _ in chosen.values()}
    graph = Graph()
    for p, ns in prefixes(store.base_iri).items():
        graph.bind(p, ns)
    for n in keep:
        for s, p, o in store.construct(queries.get("export_statements"), node=n):
            if s == n and n in nodes and isinstance(o, URIRef) and _is_instance(store, o) and p != PK.evidence:
                # a statement linking two nodes: keep it when both ends are in and it is wanted
                if o not in keep or ((s, p, o) in every and (s, p, o) not in shortcuts):
                    continue
                if not relations and (s, p, o) not in shortcuts:
                    continue
            elif s == n and isinstance(o, URIRef) and _is_instance(store, o) and p != PK.evidence and o not in keep:
                continue
            graph.add((s, p, o))
    return graph, chosen


def _is_instance(store: Store, term: URIRef) -> bool:
    return str(term).startswith(store.base_iri)


def _documents(store: Store, s: URIRef, p: URIRef, o) -> set[str]:
    return {str(r["doc"]) for r in store.select(queries.get("export_sources"), s=s, p=p, o=o)}


def _node_info(store: Store, iri: URIRef) -> tuple[str, str]:
    rows = store.select(queries.get("export_node"), node=iri)
    row = rows[0] if rows else {}
    label = str(row["label"]) if "label" in row else _local(str(iri))
    kind = str(row["kind"])[len(PK_IRI):] if "kind" in row else "Other"
    return label, kind


def _sources(store: Store, s: URIRef, p: URIRef, o, titles: dict[str, str]) -> list[Source]:
    out: list[Source] = []
    for r in store.select(queries.get("export_sources"), s=s, p=p, o=o):
        doc = str(r["doc"])
        if doc not in titles:
            titles[doc] = str(r.get("title") or r.get("file") or _local(doc))
        start = int(r["start"]) if "start" in r else None
        end = int(r["end"]) if "end" in r else None
        src = Source(doc, titles[doc], start, end)
        if src not in out:
            out.append(src)
    return out


def _finish(store: Store, nodes: set[URIRef], graph: Graph, links: dict, *, title: str, subtitle: str,
            max_nodes: int | None, url_for: UrlFor | None, name: str) -> Export:
    node_list = sorted(nodes, key=str)
    pairs = [(s, p, o) for s, p, o in graph if s in nodes and o in nodes and p != RDF.type
             and not (p in CAUSAL and any((c, e) == (s, o) for c, e, _, _ in links.values()))]
    on_links = sorted(((s, p, o) for s, p, o in graph if s in nodes and o in links and p != RDF.type),
                      key=lambda t: tuple(map(str, t)))
    if max_nodes is not None and len(node_list) > max_nodes:
        raise render.FigureTooLarge(len(node_list), len(pairs) + len(links) + len(on_links), max_nodes)
    labels = _property_labels(store)
    titles: dict[str, str] = {}
    fig_nodes = []
    for iri in node_list:
        label, kind = _node_info(store, iri)
        fig_nodes.append(FigureNode(str(iri), label, kind, url_for(str(iri)) if url_for else None))
    edges = []
    for link, (cause, effect, sign, contested) in sorted(links.items(), key=lambda kv: str(kv[0])):
        edges.append(FigureEdge(str(cause), str(effect), "increases" if sign == "+" else "decreases", sign,
                                str(link), _sources(store, link, PK.cause, cause, titles), contested))
    for s, p, o in sorted(pairs, key=lambda t: tuple(map(str, t))):
        edges.append(FigureEdge(str(s), str(o), labels.get(str(p), _local(str(p))), CAUSAL.get(p), None,
                                _sources(store, s, p, o, titles)))
    # a claim that supports or contests a drawn causal link points at the link's effect
    names = {n.iri: n.label for n in fig_nodes}
    for s, p, o in on_links:
        cause, effect = (str(x) for x in links[o][:2])
        edges.append(FigureEdge(str(s), effect, f"{labels.get(str(p), _local(str(p)))} the link from "
                                f"{names.get(cause, _local(cause))}", None, None, _sources(store, s, p, o, titles)))
    causal = any(e.polarity for e in edges)
    figure = Figure(title=title, nodes=fig_nodes, edges=edges, subtitle=subtitle,
                    direction="LR" if causal or not edges else "TB")
    return Export(figure=figure, graph=graph, nodes=[str(n) for n in node_list], name=name)


def _property_labels(store: Store) -> dict[str, str]:
    return {str(r["p"]): str(r["label"]) for r in store.select(queries.get("export_property_labels"))}


def _net(net: str | None) -> str:
    return {"+": "+", "-": "\u2212", "±": "\u00b1"}.get(net or "", net or "?")


def _local(iri: str) -> str:
    return re.split(r"[/#]", iri.rstrip("/#"))[-1] or iri


def _stem(iri: URIRef, store: Store) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", curie(str(iri), store.base_iri).split(":", 1)[-1]).strip("-") or "export"


__all__ = ["Export", "ExportError", "neighbourhood", "trace", "from_query", "serialise", "is_construct",
           "FORMATS", "RDF_FORMATS", "EXTENSIONS"]
