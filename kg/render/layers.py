"""Where nodes go when a figure is cut into rows and pages: layers, bands and page plans.

A node's layer is its step from the figure's sources (the longest path to it, back edges of
loops ignored; a source that only feeds a deep node is pulled next to it). A layer holding
more nodes than a slide is tall is staggered over several layers. ``bands(layer, k)`` groups
``k`` consecutive layers into one row; a ``Page`` is some rows drawn together (a slide), and
``ghosts`` are the nodes of earlier pages with an edge into it (drawn as entry points).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import networkx as nx

from kg.core.figure import Figure

LAYOUTS = ("wide", "slide", "tall")


class UnknownLayout(ValueError):
    """The layout name is not one of ``LAYOUTS``."""


def check_layout(layout: str | None, default: str = "wide") -> str:
    chosen = (layout or default).lower()
    if chosen not in LAYOUTS:
        raise UnknownLayout(f"unknown layout {layout!r} (known: {', '.join(LAYOUTS)})")
    return chosen


@dataclass
class Page:
    rows: list[list[str]]                            # node IRIs of each row, row by row
    ghosts: list[str] = field(default_factory=list)  # nodes of earlier pages leading into this one
    layer: dict[str, int] = field(default_factory=dict)  # each node's layer: its column in a row

    @property
    def nodes(self) -> list[str]:
        return [n for row in self.rows for n in row]


def layering(figure: Figure, max_per_layer: int | None = None) -> dict[str, int]:
    """``{node IRI: layer}``, layers numbered from 0 without gaps."""
    order = [n.iri for n in figure.nodes]
    G = nx.DiGraph()
    G.add_nodes_from(order)
    for e in figure.edges:
        if e.source in G and e.target in G and e.source != e.target:
            G.add_edge(e.source, e.target)
    while True:                          # break loops: drop the edge closing each cycle found
        try:
            cycle = nx.find_cycle(G)
        except nx.NetworkXNoCycle:
            break
        G.remove_edge(*cycle[-1][:2])
    rank = {n: i for i, n in enumerate(order)}
    topo = list(nx.lexicographical_topological_sort(G, key=lambda n: rank[n]))
    layer: dict[str, int] = {}
    for n in topo:
        layer[n] = max((layer[p] + 1 for p in G.predecessors(n)), default=0)
    for n in reversed(topo):             # a source feeding only deep nodes sits just before them
        if G.in_degree(n) == 0 and G.out_degree(n):
            layer[n] = max(layer[n], min(layer[s] for s in G.successors(n)) - 1)
    used = sorted(set(layer.values()))
    layer = {n: used.index(v) for n, v in layer.items()}
    if max_per_layer:
        layer = _stagger(layer, order, max_per_layer)
    return layer


def _stagger(layer: dict[str, int], order: list[str], most: int) -> dict[str, int]:
    by_layer: dict[int, list[str]] = {}
    for n in order:
        by_layer.setdefault(layer[n], []).append(n)
    out, shift = {}, 0
    for lay in sorted(by_layer):
        members = by_layer[lay]
        for i, n in enumerate(members):
            out[n] = lay + shift + i // most
        shift += (len(members) - 1) // most
    return out


def bands(layer: dict[str, int], per_row: int, order: list[str]) -> list[list[str]]:
    """Rows of ``per_row`` consecutive layers, each row's nodes in figure order."""
    rows: dict[int, list[str]] = {}
    for n in order:
        rows.setdefault(layer[n] // per_row, []).append(n)
    return [rows[r] for r in sorted(rows)]


def ghosts_of(figure: Figure, shown: list[str], earlier: set[str]) -> list[str]:
    """Nodes drawn on earlier pages with an edge into a node of ``shown``."""
    on_page = set(shown)
    out: list[str] = []
    for e in figure.edges:
        if e.target in on_page and e.source in earlier and e.source not in out:
            out.append(e.source)
    return out


def paginate(figure: Figure, rows: list[list[str]], groups: list[list[int]], layer: dict[str, int]) -> list[Page]:
    """Pages from ``groups`` (lists of row indexes), with the ghosts each page needs."""
    pages, seen = [], set()
    for group in groups:
        page_rows = [rows[i] for i in group]
        nodes = [n for r in page_rows for n in r]
        pages.append(Page(page_rows, ghosts_of(figure, nodes, seen), {n: layer[n] for n in nodes}))
        seen |= set(nodes)
    return pages
