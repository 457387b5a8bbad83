"""The shapes checked before a write, over the nodes it touches only.

``shape_problems(source, added, removed, ontology_dir)`` says which SHACL results
(``ontology/shapes.ttl``) a write would add: the nodes it touches (subjects of what it adds or
removes; when it removes a node's type, the nodes pointing at it) are described as they are
(their statements in every graph, and the types and schemes of what they point at, from
``source``), the write is applied to that description, and the shapes run over it with the
vocabulary, before and after. A result found after and not before is the write's; one the data
had already is not held against it. The cost follows the write (the touched nodes and their
neighbours), not the graph.

``source`` is the live store (``StoreSource``: SPARQL with the nodes as ``VALUES``) or, for the
CLI without a store, the data files (``FileSource``). Callers refuse the write when the list is
not empty (``ShapeViolation``: 400/422 on the web, exit 2 on the CLI), before anything is written.
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Iterable

import pyshacl
from rdflib import BNode, Graph, URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from kg import queries
from kg.core.namespaces import SH, curie, rebase

Quad = tuple   # (s, p, o, g) of rdflib terms; g None for the default graph
POINTED = (RDF.type, SKOS.inScheme)   # what sh:class and sh:node read of the value pointed at


class ShapeViolation(ValueError):
    """A write would break a shape; the message names the shape, the node and the rule."""


@lru_cache(maxsize=4)
def _parsed(path: str, mtime_ns: int) -> Graph:
    return Graph().parse(path, format="turtle")


@lru_cache(maxsize=4)
def _hierarchy(path: str, mtime_ns: int) -> Graph:
    """What the shapes read of the vocabulary: its class hierarchy and concept schemes."""
    onto, out = _parsed(path, mtime_ns), Graph()
    for p in (RDFS.subClassOf, SKOS.inScheme):
        for t in onto.triples((None, p, None)):
            out.add(t)
    return out


def _graphs(ontology_dir: str | Path) -> tuple[Graph, Graph]:
    onto, shapes = (Path(ontology_dir) / n for n in ("policy-kg.ttl", "shapes.ttl"))
    return _hierarchy(str(onto), onto.stat().st_mtime_ns), _parsed(str(shapes), shapes.stat().st_mtime_ns)


class StoreSource:
    """The nodes' statements as a live store holds them."""

    def __init__(self, store) -> None:
        self.store = store

    def quads(self, nodes: set) -> set[Quad]:
        named = sorted(n for n in nodes if isinstance(n, URIRef))
        if not named:
            return set()
        return {(r["s"], r["p"], r["o"], r["g"]) for r in self.store.select(queries.get("shapes_described"), nodes=named)}

    def pointed(self, nodes: set) -> set[tuple]:
        named = sorted(n for n in nodes if isinstance(n, URIRef))
        if not named:
            return set()
        return {(r["s"], r["p"], r["o"]) for r in self.store.select(queries.get("shapes_pointed"), nodes=named)}

    def referrers(self, nodes: set) -> set:
        named = sorted(n for n in nodes if isinstance(n, URIRef))
        return {r["s"] for r in self.store.select(queries.get("shapes_referrers"), nodes=named)} if named else set()


class FileSource:
    """The nodes' statements as the data files hold them (the CLI, no store open)."""

    def __init__(self, files) -> None:
        self.by_subject: dict = {}
        self.by_object: dict = {}
        for f in files:
            for g, graph in f.graphs.items():
                for s, p, o in graph:
                    self.by_subject.setdefault(s, set()).add((s, p, o, g))
                    self.by_object.setdefault(o, set()).add(s)

    def quads(self, nodes: set) -> set[Quad]:
        return {q for n in nodes for q in self.by_subject.get(n, ())}

    def pointed(self, nodes: set) -> set[tuple]:
        return {(s, p, o) for s, p, o, _ in self.quads(nodes) if p in POINTED}

    def referrers(self, nodes: set) -> set:
        return {s for n in nodes for s in self.by_object.get(n, ())}


def _described(source, nodes: set, onto: Graph) -> Graph:
    g = Graph()
    for s, p, o, _ in source.quads(nodes):
        g.add((s, p, o))
    for t in source.pointed({o for _, _, o in g if isinstance(o, URIRef)} - nodes):
        g.add(t)
    return g


def shape_problems(source, added: Iterable[Quad], removed: Iterable[Quad], ontology_dir: str | Path) -> list[str]:
    """The shape results the write would add, one line each (empty: the write keeps the shapes)."""
    added, removed = set(added), set(removed)
    nodes = {s for s, _, _, _ in added | removed}
    untyped = {s for s, p, _, _ in removed if p in POINTED}
    if untyped:
        nodes |= source.referrers(untyped)
    if not nodes:
        return []
    onto, shapes = _graphs(ontology_dir)
    before_quads = source.quads(nodes)
    after_quads = (before_quads - removed) | {q for q in added if q[0] in nodes}
    before = _with(Graph(), before_quads)
    after = _with(Graph(), after_quads)
    pointed = {o for _, _, o, _ in after_quads if isinstance(o, URIRef)} - nodes
    for t in source.pointed(pointed):
        before.add(t)
        after.add(t)
    for s, p, o, _ in added:      # what the write says of the nodes it points at (a new node's type)
        if s not in nodes and p in POINTED:
            after.add((s, p, o))
    found = _results(after, onto, shapes, nodes)
    return sorted(found - _results(before, onto, shapes, nodes)) if found else []


def _with(g: Graph, quads: set[Quad]) -> Graph:
    for s, p, o, _ in quads:
        g.add((s, p, o))
    return g


def _results(data: Graph, onto: Graph, shapes: Graph, nodes: set) -> set[str]:
    named = Graph()                 # blank nodes named, as focus nodes must be IRIs for pyshacl
    for t in data:
        named.add(tuple(_named(x) for x in t))
    for t in onto:
        named.add(t)
    focus = [str(_named(n)) for n in nodes if (n, None, None) in data]
    if not focus:
        return set()
    conforms, results, _ = pyshacl.validate(named, shacl_graph=shapes, inference="none", advanced=False,
                                            allow_warnings=True, meta_shacl=False, focus_nodes=focus)
    if conforms:
        return set()
    out = set()
    for r in results.subjects(RDF.type, SH.ValidationResult):
        node = str(results.value(r, SH.focusNode))
        if node not in focus:
            continue
        message = str(results.value(r, SH.resultMessage) or "violates a shape")
        out.add(f"{_name(node)}: {message} (shape {_shape(shapes, results.value(r, SH.sourceShape))})")
    return out


BLANK = "urn:x-kg-blank:"


def _named(term):
    return URIRef(BLANK + str(term)) if isinstance(term, BNode) else term


def _name(node: str) -> str:
    return "a blank node" if node.startswith(BLANK) else curie(node)


SHAPES_NS = "https://w3id.org/policy-kg/shapes#"


def _shape(shapes: Graph, shape) -> str:
    """The named node shape a result comes from (a property shape is reported by its parent)."""
    seen = 0
    while isinstance(shape, BNode) and seen < 8:
        parent = next(iter(shapes.subjects(SH.property, shape)), None) or \
            next(iter(shapes.subjects(None, shape)), None)
        if parent is None:
            break
        shape, seen = parent, seen + 1
    if not isinstance(shape, URIRef):
        return "a shape"
    return "pks:" + str(shape)[len(SHAPES_NS):] if str(shape).startswith(SHAPES_NS) else curie(str(shape))


def refuse_if_broken(source, added, removed, ontology_dir) -> None:
    """Raise ``ShapeViolation`` naming each shape the write would break (nothing written yet)."""
    found = shape_problems(source, added, removed, ontology_dir)
    if found:
        raise ShapeViolation("the write would break the shapes: " + "; ".join(found))


def graph_quads(g: Graph, graph_iri: str, base_iri: str | None = None) -> set[Quad]:
    """The triples of ``g`` (written with the data files' base) as quads of ``graph_iri``, their
    IRIs moved to ``base_iri`` (a store's) when given."""
    def moved(t):
        return URIRef(rebase(str(t), base_iri)) if base_iri and isinstance(t, URIRef) else t
    return {(moved(s), moved(p), moved(o), moved(URIRef(graph_iri))) for s, p, o in g}


def refuse_graph(store, data_dir: str | Path, g: Graph, graph_iri: str, ontology_dir: str | Path) -> None:
    """``refuse_if_broken`` for the statements ``g`` a review accept adds to ``graph_iri``: read
    from the store when one is open, else from the data files."""
    if store is not None:
        refuse_if_broken(StoreSource(store), graph_quads(g, graph_iri, store.base_iri), (), ontology_dir)
        return
    from kg.validate.datafiles import load_data

    refuse_if_broken(FileSource(load_data(Path(data_dir))[0]), graph_quads(g, graph_iri), (), ontology_dir)


def effect_check(store, ontology_dir: str | Path):
    """The check ``kg.sparql.recorded_update`` runs on an update's effect before anything is
    written: ``refuse_if_broken`` for the quads it removes and adds, read from ``store``."""
    from kg.store.terms import from_ox

    def quads(found) -> set[Quad]:
        return {(from_ox(q.subject), from_ox(q.predicate), from_ox(q.object),
                 from_ox(q.graph_name) if hasattr(q.graph_name, "value") else None) for q in found}

    def check(effect) -> None:
        refuse_if_broken(StoreSource(store), quads(effect.added), quads(effect.removed), ontology_dir)
    return check
