"""Figures as data: GraphML (networkx; opens in yEd and Gephi) and Cytoscape JSON.

Both keep what is needed to come back to the graph: node IRIs and kinds, edge
polarity, the causal-link IRI and every source (document IRI, label, offsets).
GraphML attributes are plain strings, numbers or booleans; the sources are also
given as JSON text in ``sources_json`` so a reader loses nothing.
"""
from __future__ import annotations

import io
import json

import networkx as nx

from kg.core.figure import Figure, Source
from kg.render.style import is_proposed as style_proposed, kind_style


def _source(src: Source) -> dict:
    return {"document": src.document, "label": src.label, "start": src.start, "end": src.end}


def _source_text(src: Source) -> str:
    where = f"#{src.start}-{src.end}" if src.start is not None else ""
    return f"{src.document}{where}"


def to_networkx(figure: Figure) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph(title=figure.title, subtitle=figure.subtitle, direction=figure.direction)
    for node in figure.nodes:
        g.add_node(node.iri, iri=node.iri, label=node.label, kind=node.kind, url=node.url or node.iri)
    for i, edge in enumerate(figure.edges):
        g.add_edge(edge.source, edge.target, key=f"e{i}", label=edge.label, polarity=edge.polarity or "",
                   link=edge.link or "", contested=bool(edge.contested), proposed=style_proposed(edge),
                   sources=" ".join(_source_text(s) for s in edge.sources),
                   sources_json=json.dumps([_source(s) for s in edge.sources], ensure_ascii=False))
    return g


def graphml(figure: Figure) -> bytes:
    buf = io.BytesIO()
    nx.write_graphml(to_networkx(figure), buf, encoding="utf-8", prettyprint=True)
    return buf.getvalue()


def cytoscape_data(figure: Figure) -> dict:
    # "value" and "name" are what networkx.cytoscape_graph reads back
    nodes = []
    for n in figure.nodes:
        style = kind_style(n.kind)
        nodes.append({"data": {"id": n.iri, "value": n.iri, "name": n.label, "label": n.label, "kind": n.kind,
                               "family": style.family, "fill": style.fill, "border": style.border,
                               "url": n.url or n.iri}})
    edges = []
    for i, e in enumerate(figure.edges):
        edges.append({"data": {"id": e.link or f"e{i}", "source": e.source, "target": e.target,
                               "key": f"e{i}", "label": e.label, "polarity": e.polarity, "link": e.link,
                               "contested": e.contested, "proposed": style_proposed(e),
                               "sources": [_source(s) for s in e.sources]}})
    # an edge id must be unique; a link drawn twice keeps its IRI in data.link
    seen: set[str] = set()
    for i, e in enumerate(edges):
        if e["data"]["id"] in seen:
            e["data"]["id"] = f"e{i}"
        seen.add(e["data"]["id"])
    return {"data": {"title": figure.title, "subtitle": figure.subtitle, "direction": figure.direction},
            "directed": True, "multigraph": True, "elements": {"nodes": nodes, "edges": edges}}


def cytoscape(figure: Figure) -> bytes:
    return json.dumps(cytoscape_data(figure), ensure_ascii=False, indent=1).encode("utf-8")
