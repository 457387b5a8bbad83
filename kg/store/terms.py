"""Terms, errors and query text shared by every store: ``$name`` placeholders filled with
safely serialised RDF terms (``render``), pyoxigraph <-> rdflib terms, RDF file types."""
from __future__ import annotations

import re
from pathlib import Path
from typing import Mapping

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Identifier

_PLACEHOLDER = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


class StoreError(Exception):
    """The store could not be opened or read; the message says why."""


class QuerySyntaxError(StoreError):
    """A SPARQL query or update did not parse; the message carries the parser's position."""


class InvalidIRI(StoreError, ValueError):
    """A term bound into a query is not a well-formed IRI (so it cannot name anything in the graph)."""


def valid_iri(iri: str) -> bool:
    """Is ``iri`` an absolute IRI a SPARQL query can hold (no spaces, quotes, angle brackets,
    non-characters such as the U+FFFD a bad percent-encoding decodes to)?"""
    try:
        ox.NamedNode(iri)
    except (ValueError, TypeError):
        return False
    return True


def to_term(value: object) -> Identifier:
    """A Python value or rdflib term as an rdflib term."""
    if isinstance(value, Identifier):
        return value
    if isinstance(value, ox.NamedNode):
        return URIRef(value.value)
    return Literal(value)


def render(query: str, bindings: Mapping[str, object] | None = None) -> str:
    """Fill ``$name`` placeholders with N3 serialisations of the bound terms.

    Only names present in ``bindings`` are replaced; an unbound placeholder is an error,
    so a typo cannot silently turn into a SPARQL variable. A list, tuple or set binds to
    its terms separated by spaces, for ``VALUES ?x { $nodes }``; a list (or set) of tuples
    binds to rows, ``(a b c) (d e f)``, for ``VALUES (?s ?p ?o) { $statements }``.
    """
    bindings = bindings or {}

    def one(value: object) -> str:
        if isinstance(value, int) and not isinstance(value, bool):
            return str(value)          # a bare integer: LIMIT $n, OFFSET $k
        term = to_term(value)
        if isinstance(term, URIRef) and not valid_iri(str(term)):
            raise InvalidIRI(f"not a valid IRI: {str(term)!r}")
        return term.n3()

    def sub(m: re.Match[str]) -> str:
        name = m.group(1)
        if name not in bindings:
            raise KeyError(f"query placeholder ${name} has no binding")
        value = bindings[name]
        if isinstance(value, (list, tuple, set, frozenset)):
            return " ".join(row(v) for v in sorted(value, key=str))
        return one(value)

    def row(value: object) -> str:
        if isinstance(value, tuple):
            return "(" + " ".join(one(v) for v in value) + ")"
        return one(value)

    return _PLACEHOLDER.sub(sub, query)


def from_ox(term: object) -> Identifier | None:
    """A pyoxigraph term as an rdflib term."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        dt = term.datatype.value
        if dt == str(XSD.string):
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(dt))
    raise StoreError(f"unsupported term in result: {term!r}")


def to_ox(term: Identifier) -> object:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    raise StoreError(f"unsupported term: {term!r}")


FORMATS = {
    ".trig": ox.RdfFormat.TRIG,
    ".nq": ox.RdfFormat.N_QUADS,
    ".ttl": ox.RdfFormat.TURTLE,
    ".nt": ox.RdfFormat.N_TRIPLES,
    ".rdf": ox.RdfFormat.RDF_XML,
    ".owl": ox.RdfFormat.RDF_XML,
    ".xml": ox.RdfFormat.RDF_XML,
    ".jsonld": ox.RdfFormat.JSON_LD,
    ".n3": ox.RdfFormat.N3,
}


def rdf_format(path: Path) -> "ox.RdfFormat":
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        raise StoreError(f"{path}: unknown RDF file type {path.suffix!r} (known: {', '.join(sorted(FORMATS))})")
    return fmt


def read_source(path: Path, rewrite_base: tuple[str, str] | None = None) -> tuple["ox.RdfFormat", bytes]:
    """An RDF file's format and bytes, with the curated data's base IRI replaced by the
    configured one when they differ (``rewrite_base``: (written, wanted))."""
    fmt = rdf_format(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise StoreError(f"{path}: cannot read: {exc.strerror}") from exc
    if rewrite_base and rewrite_base[0] != rewrite_base[1]:
        data = data.replace(rewrite_base[0].encode(), rewrite_base[1].encode())
    return fmt, data
