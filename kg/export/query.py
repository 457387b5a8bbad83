"""Exporting whatever a user's SPARQL CONSTRUCT returns.

The query is a user's text, so it never runs in this process: it goes through the SPARQL
service (``kg.sparql``: SERVICE refused, a worker process with the time limit, the row cap,
the result cache), exactly as a query sent to ``/sparql``; its N-Triples answer is read back
into the export's graph and drawn as nodes and edges.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from kg.core.namespaces import OA, PK, PK_IRI, prefixes
from kg.store import Store, StoreError, from_ox
from kg.export import subgraph
from kg.export.assemble import Export, ExportError, UrlFor, finish

if TYPE_CHECKING:
    from kg.sparql import QueryResult, SparqlService


def from_query(store: Store, text: str, *, service: "SparqlService | None" = None, timeout: float | None = None,
               row_cap: int | None = None, max_nodes: int | None = None, url_for: UrlFor | None = None) -> Export:
    """Whatever a SPARQL CONSTRUCT returns, drawn as nodes and edges.

    The query is a user's text: it runs through ``service`` (``kg.sparql``: SERVICE refused,
    a worker process with the time limit, the row cap) like any query at ``/sparql``, never in
    this process; without a service, a one-worker service over ``store`` is made for it.
    Errors are kg.sparql's (``QueryRefused``, ``SparqlSyntaxError``, ``QueryTimeout``, ...)."""
    check_query(text)
    own = service is None
    if own:
        service = _one_shot_service(store)
    try:
        answer = service.query(text, timeout=timeout, row_cap=row_cap, **GRAPH_REQUEST)
    finally:
        if own:
            service.close()
    return from_result(store, answer, max_nodes=max_nodes, url_for=url_for)


# what from_query asks the SPARQL service for: a graph, in the format cheapest to read back
GRAPH_REQUEST = {"result_format": None, "graph_format": "ntriples"}


def check_query(text: str) -> None:
    """Refuse a query that is not a CONSTRUCT (an export is a graph)."""
    if not is_construct(text):
        raise ExportError("an export query must be a SPARQL CONSTRUCT query (SELECT, ASK, DESCRIBE and "
                          "updates are not exports)")


def from_result(store: Store, answer: "QueryResult", *, max_nodes: int | None = None,
                url_for: UrlFor | None = None) -> Export:
    """The export of a CONSTRUCT's answer from the SPARQL service (asked with ``GRAPH_REQUEST``)."""
    if answer.kind != "graph" or answer.format != GRAPH_REQUEST["graph_format"]:
        raise ExportError("an export query must be a SPARQL CONSTRUCT query")
    graph = Graph()
    try:
        for t in ox.parse(answer.body, format=ox.RdfFormat.N_TRIPLES):
            graph.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
    except (SyntaxError, StoreError) as exc:
        raise ExportError(f"the query's result cannot be exported: {exc}") from exc
    for p, ns in prefixes(store.base_iri).items():
        graph.bind(p, ns)
    links: dict[URIRef, subgraph.Link] = {}
    for link in set(graph.subjects(PK.cause, None)):
        cause, effect = graph.value(link, PK.cause), graph.value(link, PK.effect)
        if isinstance(cause, URIRef) and isinstance(effect, URIRef):
            pol = graph.value(link, PK.polarity)
            links[link] = subgraph.Link(cause, effect, {PK.Positive: "+", PK.Negative: "-"}.get(pol), False)
    nodes: set[URIRef] = set()
    for s, p, o in graph:
        if p == RDF.type or s in links:
            continue
        nodes |= {t for t in (s, o) if isinstance(t, URIRef) and not str(t).startswith(PK_IRI)}
    # anchors and their documents are sources, not nodes
    anchors = set(graph.objects(None, PK.evidence)) | set(graph.subjects(OA.hasSource, None))
    nodes -= anchors | set(graph.objects(None, OA.hasSource))
    subtitle = f"{len(graph)} statements from a CONSTRUCT query"
    if answer.truncated:
        subtitle += f" (truncated: the first {answer.count} results, the row cap)"
    export = finish(store, nodes, graph, links, title="Query result", subtitle=subtitle, max_nodes=max_nodes,
                    url_for=url_for, name="query")
    export.truncated = answer.truncated
    return export


def syntax_message(exc: Exception) -> str:
    """A parser's complaint about an export query, its position as line and column of the text."""
    message = re.sub(r"error at (\d+):(\d+)", r"error at line \1, column \2", str(exc), count=1)
    return f"the query does not parse: {message}"


def is_construct(text: str) -> bool:
    """True when the query's form is CONSTRUCT (after comments, BASE and PREFIX declarations)."""
    body = re.sub(r"#[^\n]*", " ", text)
    body = re.sub(r"(?is)^\s*((BASE\s*<[^>]*>|PREFIX\s+[\w.-]*:\s*<[^>]*>)\s*)*", "", body)
    return bool(re.match(r"(?i)\s*CONSTRUCT\b", body))


def _one_shot_service(store: Store) -> "SparqlService":
    from kg.core.settings import Settings
    from kg.sparql import SparqlService

    return SparqlService(Settings.from_env(base_iri=store.base_iri), store, workers=1)
