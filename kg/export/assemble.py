"""An export, and building one from a chosen subgraph: the ``Export`` type, its errors,
``collect`` (the subgraph's RDF statements, one query) and ``finish`` (the figure: labels and
kinds, sources and property labels, one query each for whatever the caller does not already
know). ``kg.export`` chooses the subgraph; ``kg.export.subgraph`` reads the store.

In both figure and graph, a causal link is a signed edge cause -> effect (not a node),
evidence anchors are not nodes but the numbered sources of the edges, and the RDF keeps
the anchors and their offsets.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Callable

from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from kg import render
from kg.core.figure import Figure, FigureEdge, FigureNode
from kg.core.namespaces import PK, prefixes
from kg.index.resolve import Ambiguous, ResolveError, Unknown
from kg.store import Store
from kg.export import subgraph

EXTENSIONS = {**render.EXTENSIONS, "ttl": "ttl", "jsonld": "jsonld", "pptx": "pptx", "pdf": "pdf"}
CAUSAL = {PK.increases: "+", PK.decreases: "-"}
SHORTCUT = {"+": PK.increases, "-": PK.decreases}
UrlFor = Callable[[str], str]


class ExportError(ValueError):
    """The export cannot be made as asked; the message says why."""


class UnknownName(Unknown, ExportError):
    """The focus or measure names nothing: a resolver's ``Unknown`` (so callers tell "not found"
    by type) that is also an ``ExportError``."""


class AmbiguousName(Ambiguous, ExportError):
    """The focus or measure names several nodes: a resolver's ``Ambiguous`` and an ``ExportError``."""


def unresolved(exc: ResolveError) -> ResolveError:
    kind = AmbiguousName if isinstance(exc, Ambiguous) else UnknownName
    return kind(exc.text, exc.message, exc.candidates)


@dataclass
class Export:
    figure: Figure
    graph: Graph                       # exactly the subgraph's statements
    nodes: list[str] = field(default_factory=list)
    name: str = "export"               # file name stem for downloads
    truncated: bool = False            # a query's result was cut at the row cap
    context: dict = field(default_factory=dict)  # what a briefing deck needs beyond the figure (kg.briefing)

    def filename(self, fmt: str) -> str:
        return f"{self.name}.{EXTENSIONS.get(fmt, fmt)}"


def collect(store: Store, nodes: set[URIRef], links: dict[URIRef, subgraph.Link], *,
            every: dict[URIRef, subgraph.Link], relations: bool) -> Graph:
    """The statements of ``nodes`` and of the causal ``links`` drawn between them (one query).

    A statement from a node to another instance is kept when both are in the subgraph, except
    a shortcut triple (``pk:increases``/``pk:decreases``) of a causal link in ``every`` that is
    not drawn; with ``relations=False`` only the drawn links' shortcut triples join two nodes.
    """
    keep = set(nodes) | set(links)
    shortcuts = {(l.cause, SHORTCUT[l.sign], l.effect) for l in links.values()}
    others = {(l.cause, SHORTCUT[l.sign], l.effect) for l in every.values()} - shortcuts
    graph = subgraph.statements(store, keep)
    for p, ns in prefixes(store.base_iri).items():
        graph.bind(p, ns)
    drop = []
    for s, p, o in graph:
        if s in keep and isinstance(o, URIRef) and _is_instance(store, o) and p != PK.evidence:
            if s in nodes:
                # a statement linking two nodes: keep it when both ends are in and it is wanted
                if o not in keep or (s, p, o) in others or (not relations and (s, p, o) not in shortcuts):
                    drop.append((s, p, o))
            elif o not in keep:
                drop.append((s, p, o))
    for t in drop:
        graph.remove(t)
    return graph


def _is_instance(store: Store, term: URIRef) -> bool:
    return str(term).startswith(store.base_iri)


def finish(store: Store, nodes: set[URIRef], graph: Graph, links: dict[URIRef, subgraph.Link], *,
           title: str, subtitle: str, max_nodes: int | None, url_for: UrlFor | None, name: str,
           info: dict | None = None, known: dict | None = None) -> Export:
    """The figure of ``nodes``, ``links`` and the statements of ``graph`` between nodes.

    ``info`` (``{node: (label, kind)}``) and ``known`` (``{statement: [Source]}``) are what the
    caller already has; the rest is read in one query each (labels and kinds, sources,
    property labels)."""
    node_list = sorted(nodes, key=str)
    ends = {(l.cause, l.effect) for l in links.values()}
    pairs = sorted(((s, p, o) for s, p, o in graph if s in nodes and o in nodes and p != RDF.type
                    and not (p in CAUSAL and (s, o) in ends)), key=lambda t: tuple(map(str, t)))
    on_links = sorted(((s, p, o) for s, p, o in graph if s in nodes and o in links and p != RDF.type),
                      key=lambda t: tuple(map(str, t)))
    if max_nodes is not None and len(node_list) > max_nodes:
        raise render.FigureTooLarge(len(node_list), len(pairs) + len(links) + len(on_links), max_nodes)
    info = dict(info or {})
    missing = [n for n in node_list if n not in info]
    if missing:
        info.update(subgraph.node_info(store, missing))
    link_statements = {link: (link, PK.cause, l.cause) for link, l in links.items()}
    known = dict(known or {})
    wanted = [t for t in [*link_statements.values(), *pairs, *on_links] if t not in known]
    known.update(subgraph.sources(store, wanted))
    labels = subgraph.property_labels(store) if pairs or on_links else {}
    fig_nodes = [FigureNode(str(iri), *info[iri], url_for(str(iri)) if url_for else None) for iri in node_list]
    edges = []
    for link, l in sorted(links.items(), key=lambda kv: str(kv[0])):
        edges.append(FigureEdge(str(l.cause), str(l.effect), "increases" if l.sign == "+" else "decreases", l.sign,
                                str(link), known[link_statements[link]], l.contested,
                                url=url_for(str(link)) if url_for else None))
    for s, p, o in pairs:
        edges.append(FigureEdge(str(s), str(o), labels.get(str(p), _local(str(p))), CAUSAL.get(p), None,
                                known[(s, p, o)]))
    # a claim that supports or contests a drawn causal link points at the link's effect
    names = {n.iri: n.label for n in fig_nodes}
    for s, p, o in on_links:
        cause, effect = str(links[o].cause), str(links[o].effect)
        edges.append(FigureEdge(str(s), effect, f"{labels.get(str(p), _local(str(p)))} the link from "
                                f"{names.get(cause, _local(cause))}", None, None, known[(s, p, o)]))
    causal = any(e.polarity for e in edges)
    figure = Figure(title=title, nodes=fig_nodes, edges=edges, subtitle=subtitle,
                    direction="LR" if causal or not edges else "TB")
    return Export(figure=figure, graph=graph, nodes=[str(n) for n in node_list], name=name)


def _local(iri: str) -> str:
    return re.split(r"[/#]", iri.rstrip("/#"))[-1] or iri
