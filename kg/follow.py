"""Rules for keeping a per-generation value across a small write (``kg.paging.per_generation``'s
``advance``), from what the write changed (``kg.store.changes.Change``).

A list of a class's members, sorted by label, stays right unless the write typed a node with
that class or a subclass, changed the class tree, or changed a label of a member; other
values name the properties they read. ``kept_unless(affects)`` makes an ``advance`` that keeps
the value unless ``affects(change)`` is true of one of the changes (then it is built afresh).
"""
from __future__ import annotations

from typing import Callable, Iterable

from rdflib import URIRef
from rdflib.namespace import DCTERMS, RDFS, SKOS

from . import queries
from .store import Store

LABELS = {str(p) for p in (SKOS.prefLabel, SKOS.altLabel, RDFS.label, DCTERMS.title, DCTERMS.identifier)}
SUBCLASS = str(RDFS.subClassOf)


def kept_unless(affects: Callable[[object], bool]):
    """An ``advance`` keeping the value unless a change ``affects`` it."""
    return lambda value, changes: None if any(affects(c) for c in changes) else value


def typed_under(store: Store, change, classes: Iterable) -> bool:
    """Does ``change`` type a node with one of ``classes`` (or a subclass), or change the class tree?"""
    if SUBCLASS in change.predicates():
        return True
    types = sorted(t for t in change.types() if not t.startswith("_:"))
    if not types:
        return False
    return any(store.ask(queries.get("classes_under"), types=[URIRef(t) for t in types], cls=URIRef(str(c)))
               for c in classes)


def relabels(change, nodes) -> bool:
    """Does ``change`` add or remove a label of one of ``nodes`` (a set or dict)?"""
    return any(p in LABELS and s in nodes for s, p, _, _ in change.quads)


def touches(change, properties: Iterable) -> bool:
    """Does ``change`` add or remove a statement with one of ``properties``?"""
    wanted = {str(p) for p in properties}
    return bool(change.predicates() & wanted)


def members_list(store: Store, cls, members: Callable[[object], object], also: Callable[[object], bool] | None = None):
    """The ``advance`` of a list of ``cls``'s members sorted by label: ``members(value)`` gives
    the set (or dict) of members the value holds; ``also(change)``, another reason to rebuild."""
    return lambda value, changes: None if any(
        typed_under(store, c, [cls]) or relabels(c, members(value)) or (also is not None and also(c))
        for c in changes) else value
