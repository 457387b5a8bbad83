"""kg.render on hand-made figures: every format read back by a real parser."""
from __future__ import annotations

import io
import json
import struct
import subprocess

import networkx as nx
import pytest
from lxml import etree

from kg.core.figure import Figure, FigureEdge, FigureNode, Source
from kg.render import FORMATS, FigureTooLarge, UnknownFormat, render
from kg.render.style import MINUS, kind_style, number_sources

ID = "https://w3id.org/policy-kg/id/"
SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"
GRAPHML = "{http://graphml.graphdrawing.org/xmlns}"

A = Source(ID + "doc/001_a", "Hearing & testimony <draft>", 1052, 1118)
B = Source(ID + "doc/002_b", "Op-ed on \"controls\"", 200, 260)
C = Source(ID + "doc/001_a", "Hearing & testimony <draft>", 10, 40)


def figure() -> Figure:
    return Figure("Limiting access: a test", subtitle="hand-made", nodes=[
        FigureNode(ID + "m", "Limit foreign access to sensitive data centres", "Measure", url="/id/m"),
        FigureNode(ID + "p", "Illicit compute access", "Pathway"),
        FigureNode(ID + "c", "Frontier capability & <scale>", "Capability"),
        FigureNode(ID + "lab", "Lab \"One\"", "AILab"),
    ], edges=[
        FigureEdge(ID + "m", ID + "p", "decreases", "-", ID + "link-m-p", [A]),
        FigureEdge(ID + "p", ID + "c", "increases", "+", ID + "link-p-c", [A, B, C], contested=True),
        FigureEdge(ID + "m", ID + "lab", "proposed by", None, None, [C]),
    ])


def big_figure(n: int) -> Figure:
    nodes = [FigureNode(f"{ID}n{i}", f"Node {i}", "Capability") for i in range(n)]
    edges = [FigureEdge(f"{ID}n0", f"{ID}n{i}", "increases", "+") for i in range(1, n)]
    return Figure("Too big", nodes=nodes, edges=edges)


def test_footnotes_are_numbered_by_document_then_offset():
    notes = number_sources(figure())
    assert [(s.document[-5:], s.start) for s in notes] == [("001_a", 10), ("001_a", 1052), ("002_b", 200)]
    assert list(notes.values()) == [1, 2, 3]


def test_dot_is_read_back_by_graphviz():
    source = render(figure(), "dot").decode()
    canon = subprocess.run(["dot", "-Tcanon"], input=source, capture_output=True, text=True, check=True).stdout
    for i in range(4):
        assert f"\tn{i}\t[" in canon
    assert canon.count("->") == 3
    assert 'URL="https://w3id.org/policy-kg/id/p"' in canon
    assert 'URL="/id/m"' in canon                         # the caller's url wins over the IRI
    assert "rankdir=LR" in canon
    # the negative link is dashed and signed with a real minus, the positive solid with +
    statements = " ".join(canon.split()).split("];")
    neg = next(st for st in statements if "n0 -> n1" in st)
    pos = next(st for st in statements if "n1 -> n2" in st)
    assert "style=dashed" in neg and f'label="{MINUS} [2]"' in neg
    assert "style=solid" in pos and 'label="+ [1\u20133]\\n(contested)"' in pos


def _svg(fig: Figure) -> etree._Element:
    return etree.fromstring(render(fig, "svg"))


def test_svg_parses_with_clickable_iris_legend_and_sources():
    root = _svg(figure())
    assert root.tag == SVG + "svg"
    hrefs = {a.get(XLINK + "href") for a in root.iter(SVG + "a")}
    assert {"/id/m", ID + "p", ID + "c", ID + "lab", ID + "link-m-p", ID + "doc/001_a"} <= hrefs
    text = " ".join(t.text or "" for t in root.iter(SVG + "text"))
    assert "Limiting access: a test" in text
    assert "Legend" in text and "Measure" in text and "Pathway" in text and "Capability" in text and "Actor" in text
    assert "Hardware" not in text                          # only kinds present are in the legend
    assert "solid line, +: increases" in text and f"dashed line, {MINUS}: decreases" in text
    assert "Hearing & testimony <draft>" in text         # escaped in the file, intact once parsed
    assert "[1]\u00a0chars\u00a010\u201340" in text
    assert 'Lab "One"' in text


def test_svg_polarity_is_readable_without_colour():
    root = _svg(figure())
    edges = {g.findtext(SVG + "title"): g for g in root.iter(SVG + "g") if g.get("class") == "edge"}
    neg_path = next(edges["n0->n1"].iter(SVG + "path"))
    pos_path = next(edges["n1->n2"].iter(SVG + "path"))
    assert neg_path.get("stroke-dasharray")              # dashed
    assert not pos_path.get("stroke-dasharray")          # solid
    neg_text = "".join(t.text for t in edges["n0->n1"].iter(SVG + "text"))
    assert neg_text.startswith(MINUS)


def test_png_signature_and_size():
    data = render(figure(), "png")
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", data[16:24])
    assert width > 800 and height > 300


def test_mermaid_flowchart():
    text = render(figure(), "mermaid").decode()
    assert text.startswith("---\ntitle: Limiting access: a test\n---\nflowchart LR\n")
    assert text.count("-.->") == 1                       # one negative link, dashed
    assert f'-.->|"{MINUS} [2]"|' in text
    assert 'click n0 href "/id/m"' in text
    assert "#quot;One#quot;" in text and "#lt;scale#gt;" in text
    assert 'subgraph legend["Legend"]' in text
    assert "linkStyle 2 " in text                        # the non-causal line is grey


def test_graphml_round_trip():
    data = render(figure(), "graphml")
    etree.fromstring(data)                               # well-formed XML
    g = nx.read_graphml(io.BytesIO(data), force_multigraph=True)
    assert set(g.nodes) == {ID + "m", ID + "p", ID + "c", ID + "lab"}
    assert g.nodes[ID + "lab"]["kind"] == "AILab"
    (edge,) = [d for _, _, d in g.edges(data=True) if d["link"] == ID + "link-p-c"]
    assert edge["polarity"] == "+" and edge["contested"] is True
    assert json.loads(edge["sources_json"])[1] == {"document": B.document, "label": B.label, "start": 200, "end": 260}
    # attribute types stay simple for yEd and Gephi
    types = {k.get("attr.type") for k in etree.fromstring(data).iter(GRAPHML + "key")}
    assert types <= {"string", "boolean", "int", "long", "double"}


def test_cytoscape_round_trip():
    data = json.loads(render(figure(), "cyjs"))
    nodes = {n["data"]["id"]: n["data"] for n in data["elements"]["nodes"]}
    assert nodes[ID + "p"]["kind"] == "Pathway"
    # the figure's colours travel with the nodes, so a Cytoscape page draws the same legend
    assert (nodes[ID + "p"]["family"], nodes[ID + "p"]["fill"]) == ("Pathway", kind_style("Pathway").fill)
    assert nodes[ID + "m"]["fill"] != nodes[ID + "p"]["fill"]
    edges = {e["data"]["id"]: e["data"] for e in data["elements"]["edges"]}
    assert edges[ID + "link-m-p"]["polarity"] == "-"
    assert edges[ID + "link-m-p"]["sources"] == [{"document": A.document, "label": A.label, "start": 1052, "end": 1118}]
    g = nx.cytoscape_graph(data)
    assert g.number_of_nodes() == 4 and g.number_of_edges() == 3


def test_too_big_to_draw_names_counts_limit_and_remedies():
    fig = big_figure(61)
    for fmt in ("svg", "png", "dot", "mermaid"):
        with pytest.raises(FigureTooLarge) as err:
            render(fig, fmt)
        msg = str(err.value)
        assert "61 nodes" in msg and "60 edges" in msg and "60 nodes" in msg
        assert "--depth" in msg and "--min-support" in msg
    # data formats take any size
    assert nx.read_graphml(io.BytesIO(render(fig, "graphml"))).number_of_nodes() == 61
    assert render(big_figure(60), "dot")


def test_empty_figure_and_unknown_format():
    svg = etree.fromstring(render(Figure("Nothing"), "svg"))
    assert "nothing to draw" in " ".join(t.text or "" for t in svg.iter(SVG + "text"))
    with pytest.raises(UnknownFormat):
        render(figure(), "pdf")
    assert set(FORMATS) == {"svg", "png", "dot", "mermaid", "graphml", "cyjs"}


def test_hub_with_many_leaves_is_staggered_and_still_parses():
    nodes = [FigureNode(ID + "hub", "Hub", "State")] + [FigureNode(f"{ID}l{i}", f"Leaf {i}", "Company")
                                                         for i in range(12)]
    edges = [FigureEdge(f"{ID}l{i}", ID + "hub", "based in") for i in range(12)]
    fig = Figure("Hub", nodes=nodes, edges=edges, direction="TB")
    canon = subprocess.run(["dot", "-Tcanon"], input=render(fig, "dot"), capture_output=True, check=True).stdout
    assert canon.count(b"->") == 12
    assert b"minlen" in canon                            # unflatten spread the leaves over ranks
    root = etree.fromstring(render(fig, "svg"))
    assert len([g for g in root.iter(SVG + "g") if g.get("class") == "node"]) == 13
