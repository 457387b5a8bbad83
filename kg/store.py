"""The store: where the graph lives, and the one way to read it (SPARQL).

``open_store(settings)`` returns a ``Store``. Core modules call ``select``,
``ask`` and ``construct`` with SPARQL text (kept in ``kg/queries/*.rq``) and
``$name`` placeholders that are filled with safely serialised RDF terms (a list binds
to a VALUES list, an int to a bare integer). Today the store is embedded Oxigraph (on
disk, or in memory for tests); the core reads it only through SPARQL so that a remote
SPARQL 1.1 store could take its place, but no remote store is implemented yet.

Results come back as rdflib terms: ``select`` gives a list of dicts, ``construct``
an ``rdflib.Graph``; ``values`` gives plain strings, for reading many rows fast. The SPARQL endpoint's workers open read-only snapshots of the
Oxigraph folder (``kg.sparql``).

``Store.generation`` is a number every write bumps (``load_file``, ``add_graph``,
``update``, and the endpoint's writer through ``bump()``): every cache of something read
from the store (labels, the search index, the causal layer, page counts) is keyed on it.
"""
from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import Iterable, Mapping

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Identifier

from .namespaces import sparql_prologue

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


class Store:
    """A graph store reached through SPARQL. The default graph is the union of all graphs."""

    def __init__(self, oxigraph: "ox.Store", *, base_iri: str, description: str) -> None:
        self.oxigraph = oxigraph
        self.base_iri = base_iri
        self.description = description
        self.prologue = sparql_prologue(base_iri)
        self.generation = 0
        self._generation_lock = threading.Lock()

    def bump(self) -> int:
        """Note a write: every cache keyed on the old generation is stale from now on."""
        with self._generation_lock:
            self.generation += 1
            return self.generation

    # -- reading -------------------------------------------------------------------------
    def _run(self, query: str, bindings: Mapping[str, object] | None):
        text = self.prologue + render(query, bindings)
        try:
            return self.oxigraph.query(text, use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise QuerySyntaxError(self._own_position(str(exc))) from exc
        except OSError as exc:
            raise StoreError(f"store read failed: {exc}") from exc

    def _own_position(self, message: str) -> str:
        """The parser's ``error at LINE:COL`` counted in the caller's text, not after the prologue."""
        lines = self.prologue.count("\n")
        return re.sub(r"error at (\d+):(\d+)",
                      lambda m: f"error at line {max(1, int(m.group(1)) - lines)}, column {m.group(2)}", message, count=1)

    def select(self, query: str, **bindings: object) -> list[dict[str, Identifier]]:
        result = self._run(query, bindings)
        if not isinstance(result, ox.QuerySolutions):
            raise StoreError("select() needs a SELECT query")
        names = [v.value for v in result.variables]
        rows = []
        for solution in result:
            row = {}
            for name in names:
                value = solution[name]
                if value is not None:
                    row[name] = from_ox(value)
            rows.append(row)
        return rows

    def values(self, query: str, **bindings: object) -> list[tuple[str | None, ...]]:
        """A SELECT's rows as tuples of plain strings (IRIs, literal lexical forms; None when
        unbound), in the order of the projected variables: for reading many rows fast, where
        building rdflib terms would cost more than the query."""
        result = self._run(query, bindings)
        if not isinstance(result, ox.QuerySolutions):
            raise StoreError("values() needs a SELECT query")
        names = [v.value for v in result.variables]
        return [tuple(None if (t := solution[n]) is None else t.value for n in names) for solution in result]

    def ask(self, query: str, **bindings: object) -> bool:
        result = self._run(query, bindings)
        if not isinstance(result, ox.QueryBoolean):
            raise StoreError("ask() needs an ASK query")
        return bool(result)

    def construct(self, query: str, **bindings: object) -> Graph:
        result = self._run(query, bindings)
        if not isinstance(result, ox.QueryTriples):
            raise StoreError("construct() needs a CONSTRUCT or DESCRIBE query")
        graph = Graph()
        for t in result:
            graph.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
        return graph

    def named_graphs(self) -> list[str]:
        return sorted(g.value for g in self.oxigraph.named_graphs() if isinstance(g, ox.NamedNode))

    def __len__(self) -> int:
        return len(self.oxigraph)

    # -- writing -------------------------------------------------------------------------
    def load_file(self, path: Path, *, graph: str | None = None, rewrite_base: tuple[str, str] | None = None) -> None:
        """Load one RDF file in one transaction; quads keep their graph, triples go to ``graph``."""
        fmt = rdf_format(path)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise StoreError(f"{path}: cannot read: {exc.strerror}") from exc
        if rewrite_base and rewrite_base[0] != rewrite_base[1]:
            data = data.replace(rewrite_base[0].encode(), rewrite_base[1].encode())
        to_graph = ox.NamedNode(graph) if graph else None
        try:
            self.oxigraph.load(data, format=fmt, to_graph=to_graph, base_iri=path.resolve().as_uri())
        except SyntaxError as exc:
            raise StoreError(f"{path}: {exc}") from exc
        finally:
            self.bump()

    def add_graph(self, graph: Graph, named: str) -> None:
        g = ox.NamedNode(named)
        try:
            self.oxigraph.extend(ox.Quad(to_ox(s), to_ox(p), to_ox(o), g) for s, p, o in graph)
        finally:
            self.bump()

    def update(self, update: str) -> None:
        try:
            self.oxigraph.update(self.prologue + update)
        except SyntaxError as exc:
            raise QuerySyntaxError(self._own_position(str(exc))) from exc
        finally:
            self.bump()

    def flush(self) -> None:
        if hasattr(self.oxigraph, "flush"):
            try:
                self.oxigraph.flush()
            except OSError:
                pass


def memory_store(base_iri: str) -> Store:
    return Store(ox.Store(), base_iri=base_iri, description="memory")


def disk_store(path: Path, base_iri: str, *, read_only: bool = False) -> Store:
    try:
        if read_only:
            store = ox.Store.read_only(str(path))
        else:
            path.mkdir(parents=True, exist_ok=True)
            store = ox.Store(str(path))
    except OSError as exc:
        raise StoreError(f"cannot open Oxigraph store at {path}: {exc}") from exc
    return Store(store, base_iri=base_iri, description=f"oxigraph:{path}")


def count_quads(stores: Iterable[Store]) -> int:
    return sum(len(s) for s in stores)
