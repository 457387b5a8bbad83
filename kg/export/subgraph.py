"""Reading an export's subgraph from the store: a few batched queries, whatever its size.

Each function asks one question about a whole set of nodes (or statements) at once, binding
the set to a ``VALUES`` list (``Store.render`` turns a list of IRIs, or of ``(s, p, o)``
tuples, into the list's terms, each checked to be a well-formed IRI), instead of one query
per node or per edge:

* ``link_ends``     the cause and effect of a node that is a causal link;
* ``connections`` how the nodes one step from a frontier connect to it (per depth step: one query);
* ``causal_links``  the causal links between nodes, signed, contested or not;
* ``statements``    the statements of nodes and links with their evidence anchors;
* ``node_info``     each node's label and kind;
* ``sources``       the documents and offsets behind statements (an edge's footnotes);
* ``property_labels`` the labels of the properties drawn as edges.

``kg.export`` decides what to keep; nothing here knows about figures.
"""
from __future__ import annotations

import re
from typing import Iterable, NamedTuple

from rdflib import Graph, URIRef

from kg import queries
from kg.core.figure import Source
from kg.core.kinds import kind_of
from kg.index.labels import index
from kg.store import Store

Triple = tuple[URIRef, URIRef, URIRef]


class Link(NamedTuple):
    cause: URIRef
    effect: URIRef
    sign: str | None        # "+" or "-"
    contested: bool


def link_ends(store: Store, node: URIRef) -> set[URIRef]:
    """Cause and effect of ``node`` when it is a causal link (else nothing)."""
    return {t for r in store.select(queries.get("export_link_ends"), node=node) for t in (r["cause"], r["effect"])}


class Connection(NamedTuple):
    node: URIRef            # the node of the frontier
    neighbour: URIRef
    predicate: URIRef       # pk:effect / pk:cause across a causal link
    out: bool               # ``node`` is the subject (or the cause)


def connections(store: Store, frontier: Iterable[URIRef], min_support: int = 1) -> dict[Connection, int]:
    """How the nodes one step from any node of ``frontier`` are connected to it, each with the
    number of document graphs stating it; a pair of nodes stated in fewer than ``min_support``
    graphs (over all its connections) is left out."""
    frontier = sorted(set(frontier), key=str)
    if not frontier:
        return {}
    graphs: dict[Connection, set] = {}
    for row in store.select(queries.get("export_connections"), nodes=frontier):
        c = Connection(row["node"], row["n"], row["p"], bool(row["out"].toPython()))
        graphs.setdefault(c, set()).add(row.get("g"))
    pairs: dict[tuple, set] = {}
    for c, gs in graphs.items():
        pairs.setdefault((c.node, c.neighbour), set()).update(gs)
    return {c: len(gs) for c, gs in graphs.items() if len(pairs[(c.node, c.neighbour)]) >= min_support}


def causal_links(store: Store, nodes: Iterable[URIRef]) -> dict[URIRef, Link]:
    """Every causal link whose cause and effect are both in ``nodes``."""
    nodes = sorted(set(nodes), key=str)
    if not nodes:
        return {}
    return {row["link"]: Link(row["cause"], row["effect"], "+" if int(row["sign"]) > 0 else "-",
                              bool(row["contested"].toPython()))
            for row in store.select(queries.get("export_links"), nodes=nodes)}


def statements(store: Store, nodes: Iterable[URIRef]) -> Graph:
    """The statements of ``nodes`` (nodes and causal links) and of their evidence anchors."""
    nodes = sorted(set(nodes), key=str)
    if not nodes:
        return Graph()
    return store.construct(queries.get("export_statements"), nodes=nodes)


def node_info(store: Store, nodes: Iterable[URIRef]) -> dict[URIRef, tuple[str, str]]:
    """``{node: (label, kind)}``: the display label of the label index (``kg.index.labels``) and the
    kind of ``kg.core.kinds``, the same as on pages and traces."""
    nodes = sorted(set(nodes), key=str)
    idx = index(store)
    types = idx.types_of([str(n) for n in nodes])
    return {n: (idx.label(n), kind_of(types[str(n)])) for n in nodes}


def sources(store: Store, triples: Iterable[Triple]) -> dict[Triple, list[Source]]:
    """The passages behind each statement of ``triples`` (all IRIs): in each document graph
    stating it, the evidence anchors of its subject there, ordered by document and offset."""
    wanted = set(triples)
    if not wanted:
        return {}
    titles: dict[str, str] = {}
    found: dict[Triple, list[Source]] = {t: [] for t in wanted}
    for r in store.select(queries.get("export_sources"), statements=sorted(wanted, key=str)):
        triple = (r["s"], r["p"], r["o"])
        doc = str(r["doc"])
        if doc not in titles:
            titles[doc] = str(r.get("title") or r.get("file") or local(doc))
        src = Source(doc, titles[doc], int(r["start"]) if "start" in r else None,
                     int(r["end"]) if "end" in r else None)
        if src not in found[triple]:
            found[triple].append(src)
    return found


def property_labels(store: Store) -> dict[str, str]:
    return {str(r["p"]): str(r["label"]) for r in store.select(queries.get("export_property_labels"))}


def local(iri: str) -> str:
    return re.split(r"[/#]", iri.rstrip("/#"))[-1] or iri
