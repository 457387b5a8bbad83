"""The home page's data: counts and ways in, once per store generation, kept on the shelf, and
followed through small writes instead of built again.

Home is built from the lists' warm parts (``kg.pages.lists``: each kind's members, the events in
date order, the count of links per cause, the documents in id order), which follow small writes
themselves. Home's own value (``HOME_KEY``) follows them too (``followed``): after a write whose quads
are known, each box is read again only when the write could change it (a node it shows, or one of
its statements, its graph, its types or labels; a member of its kind typed or relabelled; the date or
the cause of a link), and kept as it is otherwise. A write of more than ``FOLLOW_MOST`` quads, or one
whose quads are not known, has home built afresh (``kg.index.cache.per_generation``).
"""
from __future__ import annotations

import heapq
from pathlib import Path

from kg.core.namespaces import PK, RDF_TYPE
from kg.index.cache import per_generation
from kg.index.carry import SUBCLASS, typed_under
from kg.index.labels import LABEL_PROPERTIES, index
from kg.index.warm import DATA
from kg.pages import examples
from kg.pages.display import node
from kg.pages.documents import _ordered as document_order
from kg.pages.lists import (LISTS, _causes, _events, _members, documents, event_rows, kind_counts, kind_list,
                            member_count, quads)
from kg.store import Store

HOME_ITEMS = 12      # entries per box on the home page
HOME_KEY = "home"    # the lasting part of home (``kg.pages.first_look`` looks for it on the shelf)
FOLLOW_MOST = 2000   # a write of more quads than this: home is built afresh
KINDS = {"measures": "measures", "pathways": "pathways"}    # home's boxes of a kind's first members: slug -> key


def home(store: Store, data_dir: str | Path) -> dict:
    """Counts and ways in: computed once per store generation, and kept on the shelf (``kg.index.warm``)
    so that a restart on unchanged data reads the whole page's data instead of building it (at 10M
    quads home's parts are minutes of work; its first look alone timed out at a restart). The example
    queries are the data folder's files, read beside it."""
    def build() -> dict:
        return {**_home(store), "example_queries": [{"name": e.name, "title": e.title, "query": e.query}
                                                    for e in examples.load(data_dir, store.base_iri)]}
    return per_generation(store, f"catalog:home:{data_dir}", build)


def home_sources(store: Store) -> None:
    """Read (or build) the lasting parts home is built from that no other warm part needs: at a restart
    home is read whole, and a write is then followed from them."""
    _causes(store)
    document_order(store)


def _home(store: Store) -> dict:
    """Home's data but the example queries (those are files of the data folder, not the store's)."""
    def build() -> dict:
        out = {"counts": kind_counts(store), "quads": quads(store)}
        for slug in KINDS:
            out.update(_kind(store, slug))
        return {**out, **_documents(store), **_recent(store), **_traces(store), "label_count": index(store).label_count}
    return per_generation(store, HOME_KEY, build, lambda value, changes: followed(store, value, changes), DATA)


def _kind(store: Store, slug: str) -> dict:
    found = kind_list(store, slug, limit=HOME_ITEMS)
    return {KINDS[slug]: found["items"], KINDS[slug] + "_count": found["count"]}


def _documents(store: Store) -> dict:
    docs = documents(store, limit=HOME_ITEMS)
    return {"documents": docs["documents"], "documents_count": docs["count"]}


def _latest(store: Store, n: int = 8) -> list[str]:
    """The ``n`` latest dated events, latest first (the undated come last in ``_events``)."""
    out: list[str] = []
    for d, e in reversed(_events(store)):
        if d:
            out.append(e)
            if len(out) == n:
                break
    return out


def _recent(store: Store) -> dict:
    return {"recent_events": event_rows(store, _latest(store))}


def _traces(store: Store) -> dict:
    """The measures with the most causal links going out (the home page's example traces)."""
    idx, out_degree, measures = index(store), _causes(store), _members(store, "measures")[1]
    best = heapq.nsmallest(6, (c for c in out_degree if c in measures), key=lambda c: (-out_degree[c], idx.label(c)))
    return {"example_traces": [{**node(c, idx), "links": out_degree[c]} for c in best]}


def _iris(value) -> set[str]:
    """Every IRI a part of home's data shows (its nested ``iri`` fields)."""
    if isinstance(value, dict):
        found = {x for v in value.values() for x in _iris(v)}
        return found | {value["iri"]} if isinstance(value.get("iri"), str) else found
    if isinstance(value, list):
        return {x for v in value for x in _iris(v)}
    return set()


def followed(store: Store, value: dict, changes: list) -> dict | None:
    """Home's data after ``changes`` (``kg.store.changes.Change``), each box read again only if they
    may change it; None (build afresh) for a write of more than ``FOLLOW_MOST`` quads."""
    rows = [q for c in changes for q in c.quads]
    if len(rows) > FOLLOW_MOST:
        return None
    touched = {x for s, _, o, g in rows for x in (s, o, g)}
    predicates = {p for _, p, _, _ in rows}
    relabelled = {s for s, p, _, _ in rows if p in LABEL_PROPERTIES}
    retyped = bool(predicates & {RDF_TYPE, SUBCLASS})

    def typed(cls) -> bool:
        return retyped and any(typed_under(store, c, [cls]) for c in changes)

    out = {**value, "quads": quads(store), "label_count": index(store).label_count}
    kinds = {slug for slug, (_, cls) in LISTS.items() if typed(cls)}   # documents, events and links among them
    if kinds:
        out["counts"] = [{**c, "count": member_count(store, c["slug"])} if c["slug"] in kinds else c
                         for c in value["counts"]]
    for slug, key in KINDS.items():
        members = _members(store, slug)[1]
        shown = {t for item in value[key] for t in [item["iri"], *members.get(item["iri"], ())]}
        if slug in kinds or touched & shown or any(s in members for s in relabelled):
            out.update(_kind(store, slug))
    if "documents" in kinds or touched & _iris(value["documents"]):
        out.update(_documents(store))
    shown = [e["iri"] for e in value["recent_events"]]
    if (("events" in kinds or str(PK.date) in predicates or relabelled) and _latest(store) != shown) \
            or touched & _iris(value["recent_events"]):
        out.update(_recent(store))
    out.update(_traces_after(store, value["example_traces"], touched, relabelled,
                             "measures" in kinds or "links" in kinds or str(PK.cause) in predicates))
    return out


def _traces_after(store: Store, shown: list[dict], touched: set[str], relabelled: set[str], moved: bool) -> dict:
    """The example traces after a write: chosen again when the counts of links or the measures ``moved``,
    or a cause as linked as the least of those shown was relabelled (its place among them may change);
    the shown ones read again when the write touched one of them; else as they were."""
    out_degree = _causes(store)
    floor = min((t["links"] for t in shown), default=0) if len(shown) == 6 else 0
    if moved or any(out_degree.get(s, -1) >= floor for s in relabelled):
        return _traces(store)
    if touched & _iris(shown):
        idx = index(store)
        return {"example_traces": [{**node(t["iri"], idx), "links": out_degree[t["iri"]]} for t in shown]}
    return {"example_traces": shown}
