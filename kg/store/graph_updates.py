"""SPARQL Update text that fills and empties named graphs: the one ``INSERT DATA`` builder and
the one way to empty a graph, for every store and every writer (the loader of a remote store,
``add_graph``, ingest and review accepts, the data watcher).

``insert_data`` is a serialiser, not a question: it writes triples as N-Triples inside an
``INSERT DATA`` block, so it is built here rather than kept in ``kg/queries/`` (which holds every
question the core asks). Emptying a graph is ``kg/queries/clear_graph.rq``: ``CLEAR SILENT
GRAPH``, which empties a graph on every engine whether or not it tracks the graph as created
(the reason the remote loader used it; the watcher sent ``DROP``). The embedded store keeps the
name of a graph emptied so; ``Store.named_graphs`` lists only graphs that hold something, on
every store.
"""
from __future__ import annotations

from typing import Iterable, Mapping

from rdflib import Graph, URIRef

from kg import queries
from kg.core.namespaces import rebase
from kg.store.terms import InvalidIRI, render, valid_iri


def insert_data(graph: str, triples: Graph | str, base_iri: str | None = None) -> str:
    """``INSERT DATA`` adding ``triples`` (a Graph, or N-Triples lines) to named graph ``graph``;
    with ``base_iri``, IRIs written under the data files' base are moved to it (``rebase``)."""
    body = triples.serialize(format="nt") if isinstance(triples, Graph) else triples
    if base_iri is not None:
        graph, body = rebase(graph, base_iri), rebase(body, base_iri)
    if not valid_iri(graph):
        raise InvalidIRI(f"not a valid graph IRI: {graph!r}")
    return f"INSERT DATA {{ GRAPH <{graph}> {{\n{body.rstrip()}\n}} }}"


def clear_graph(graph: str) -> str:
    """The update emptying named graph ``graph`` (``kg/queries/clear_graph.rq``)."""
    return render(queries.get("clear_graph"), {"graph": URIRef(graph)}).strip()


def replace_graphs(cleared: Iterable[str], filled: Mapping[str, Graph | str] | None = None,
                   base_iri: str | None = None) -> str:
    """One update: each graph of ``cleared`` emptied, then each graph of ``filled`` given its
    triples; what a graph held before is gone whatever the engine. ``base_iri`` as for
    ``insert_data``."""
    move = (lambda iri: rebase(iri, base_iri)) if base_iri is not None else str
    return " ;\n".join([*(clear_graph(move(g)) for g in cleared),
                        *(insert_data(g, t, base_iri) for g, t in (filled or {}).items())])
