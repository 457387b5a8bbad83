"""Rules for keeping a per-generation value across a small write (``kg.index.cache.per_generation``'s
``advance``), from what the write changed (``kg.store.changes.Change``).

A list of a class's members, sorted by label, stays right unless the write typed a node with
that class or a subclass, changed the class tree, or changed a label of a member; other
values name the properties they read. ``kept_unless(affects)`` makes an ``advance`` that keeps
the value unless ``affects(change)`` is true of one of the changes (then it is built afresh).
``resorted`` brings a list of a class's members sorted by label up to date in place of a
rebuild: the members a write touched are read again and put back where their labels sort.
"""
from __future__ import annotations

import bisect
from typing import Callable, Iterable

from rdflib import URIRef
from rdflib.namespace import RDFS

from kg import queries
from kg.core.namespaces import RDF_TYPE
from kg.index.labels import LABEL_PROPERTIES, index
from kg.store import Store

SUBCLASS = str(RDFS.subClassOf)
RESORT_MOST = 5000      # more touched members than this: the list is built afresh


def kept_unless(affects: Callable[[object], bool]):
    """An ``advance`` keeping the value unless a change ``affects`` it."""
    return lambda value, changes: None if any(affects(c) for c in changes) else value


def typed_under(store: Store, change, classes: Iterable) -> bool:
    """Does ``change`` type a node with one of ``classes`` (or a subclass), or change the class tree?"""
    if SUBCLASS in change.predicates():
        return True
    types = {t for t in change.types() if not t.startswith("_:")}
    return bool(types) and any(_under(store, types, c) for c in classes)


def _under(store: Store, classes: set[str], cls) -> set[str]:
    """Those of ``classes`` that are ``cls`` or one of its subclasses."""
    found: set[str] = set()
    ordered = sorted(classes)
    for chunk in (ordered[i:i + 200] for i in range(0, len(ordered), 200)):
        found |= {t for t, in store.values(queries.get("classes_under_which"), types=[URIRef(t) for t in chunk],
                                            cls=URIRef(str(cls)))}
    return found


def relabels(change, nodes) -> bool:
    """Does ``change`` add or remove a label of one of ``nodes`` (a set or dict)?"""
    return any(p in LABEL_PROPERTIES and s in nodes for s, p, _, _ in change.quads)


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


def resorted(store: Store, cls, value: tuple[list[str], dict[str, list[str]]], changes: list,
             also: Iterable[str] = ()) -> tuple[list[str], dict[str, list[str]]] | None:
    """``(ordered, types)`` of ``cls``'s members after ``changes``: the nodes typed with a class
    under ``cls``, the relabelled members and ``also`` are read again and sorted back in by label
    (None: build it afresh)."""
    ordered, types = value
    if any(SUBCLASS in c.predicates() for c in changes):
        return None
    typed = {(s, o) for c in changes for s, p, o, _ in c.quads if p == RDF_TYPE and not s.startswith("_:")}
    under = _under(store, {o for _, o in typed if not o.startswith("_:")}, cls)
    touched = {s for s, o in typed if o in under} | {s for c in changes for s, p, _, _ in c.quads
                                                      if p in LABEL_PROPERTIES and s in types} | set(also)
    if len(touched) > RESORT_MOST:
        return None
    if not touched:
        return value
    found: dict[str, set[str]] = {}
    nodes = sorted(touched)
    for chunk in (nodes[i:i + 500] for i in range(0, len(nodes), 500)):
        for x, t in store.values(queries.get("pages_kind_members_of"), nodes=[URIRef(n) for n in chunk],
                                 cls=URIRef(str(cls))):
            found.setdefault(x, set()).add(t)
    idx = index(store)
    key = lambda x: (idx.label(x).casefold(), x)  # noqa: E731 - the order kg.pages.lists builds
    out, kept = _without(ordered, types, touched)
    for x in sorted(found, key=key):
        bisect.insort(out, x, key=key)
    kept.update({x: sorted(ts) for x, ts in found.items()})
    return out, kept


FEW = 50    # touched members up to this many are taken out one by one (a list scan each, in C)


def _without(ordered: list[str], types: dict[str, list[str]], touched: set[str]) -> tuple[list[str], dict]:
    """Copies of ``ordered`` and ``types`` without the ``touched`` members: for a few, each copy made whole
    and the few taken out (a one-statement write at 10M quads: 107,130 measures copied in a few ms, where
    a comprehension testing each took tens of ms); for more, one pass testing each."""
    if len(touched) > FEW:
        return [x for x in ordered if x not in touched], {x: ts for x, ts in types.items() if x not in touched}
    out, kept = list(ordered), dict(types)
    for x in touched:
        if kept.pop(x, None) is not None:
            out.remove(x)
    return out, kept
