"""The SPARQL endpoint's media types: what each kind of result is served as, and the choice
for one request (``formats``), made with ``web.negotiation`` like every other route."""
from __future__ import annotations

from web.negotiation import NotAcceptable, negotiate, wildcard_only

# media type -> result format, for SELECT and ASK (first entry: the default)
RESULTS = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
# media type -> graph format, for CONSTRUCT and DESCRIBE (first entry: the default)
GRAPHS = {
    "text/turtle": "turtle",
    "application/turtle": "turtle",
    "application/x-turtle": "turtle",
    "text/n3": "turtle",            # Turtle is N3; the entity pages answer it the same way
    "application/n-triples": "ntriples",
    "text/plain": "ntriples",
    "application/rdf+xml": "rdfxml",
    "application/xml": "rdfxml",
    "text/xml": "rdfxml",
    "application/ld+json": "jsonld",
    "application/x-json+ld": "jsonld",
    "application/json": "jsonld",
}
# no operation: the service description (a graph; text/plain asks for something readable), or
# for a browser asking for HTML the query editor
DESCRIPTION = {"text/turtle": "turtle", "application/n-triples": "ntriples",
               "application/rdf+xml": "rdfxml", "application/ld+json": "jsonld", "text/plain": "turtle",
               "text/html": "editor", "application/xhtml+xml": "editor"}
# format -> Content-Type of the response
CONTENT_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
    "turtle": "text/turtle; charset=utf-8",
    "ntriples": "application/n-triples",
    "rdfxml": "application/rdf+xml",
    "jsonld": "application/ld+json",
}
# ?format= / ?output= short names some clients send (used only when Accept says nothing specific)
NAMES = {
    "json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv",
    "turtle": "turtle", "ttl": "turtle", "n-triples": "ntriples", "nt": "ntriples", "ntriples": "ntriples",
    "rdfxml": "rdfxml", "rdf+xml": "rdfxml", "rdf": "rdfxml", "json-ld": "jsonld", "jsonld": "jsonld",
}
RESULT_FORMATS = ("json", "xml", "csv", "tsv")


def formats(accept: str | None, named: list[str]) -> tuple[str | None, str | None]:
    """(result format, graph format) for a query: from Accept, or from ``format=``/``output=``
    when Accept says nothing specific; 406 when neither kind of result can be served."""
    result_format = negotiate(accept, RESULTS)
    graph_format = negotiate(accept, GRAPHS)
    if named and wildcard_only(accept):
        name = named[0].lower()
        fmt = NAMES.get(name) or RESULTS.get(name) or GRAPHS.get(name)
        if fmt in RESULT_FORMATS:
            result_format = fmt
        elif fmt is not None:
            graph_format = fmt
    if result_format is None and graph_format is None:
        raise NotAcceptable(not_acceptable_message(accept))
    return result_format, graph_format


def description_format(accept: str | None) -> str:
    fmt = negotiate(accept, DESCRIPTION)
    if fmt is None:
        raise NotAcceptable(f"the service description is available as {', '.join(DESCRIPTION)}")
    return fmt


def not_acceptable_message(accept: str | None, kind: str | None = None) -> str:
    """Why a query result cannot be served, and what it can be served as (``kind``: the result's
    kind once known: boolean, bindings or graph)."""
    results = ", ".join(sorted(set(RESULTS)))
    graphs = ", ".join(sorted(set(GRAPHS)))
    if kind == "graph":
        offer = f"a graph result is available as {graphs}"
    elif kind in ("bindings", "boolean"):
        offer = f"{'a SELECT' if kind == 'bindings' else 'an ASK'} result is available as {results}"
    else:
        offer = f"results are available as {results}; graphs as {graphs}"
    return f"nothing in Accept: {accept!r} can be served; {offer}"
