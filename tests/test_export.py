"""kg.export on a small hand-made graph: selections, the RDF of exactly the subgraph, CLI and web."""
from __future__ import annotations

import io
import json

import networkx as nx
import pytest
from lxml import etree
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from export_fixture import ID, TRIG
from graphs import assert_isomorphic
from kg.briefing import formats
from kg import export
from kg.core.namespaces import OA, PK
from kg.render import FigureTooLarge

SVG = "{http://www.w3.org/2000/svg}"
XLINK = "{http://www.w3.org/1999/xlink}"


def short(iris) -> set[str]:
    return {str(i)[len(ID):] for i in iris}


def edges(ex: export.Export) -> dict[tuple[str, str], object]:
    return {(e.source[len(ID):], e.target[len(ID):]): e for e in ex.figure.edges}


def test_depths(fstore):
    assert short(export.neighbourhood(fstore, "id:p", depth=0).nodes) == {"p"}
    assert short(export.neighbourhood(fstore, "Illicit test compute", depth=1).nodes) == {"m", "p", "c"}
    assert short(export.neighbourhood(fstore, "id:p", depth=2).nodes) == {"m", "p", "c", "lab", "o"}


def test_causal_links_are_signed_edges_with_sources_not_nodes(fstore):
    ex = export.neighbourhood(fstore, "id:p", depth=1)
    assert ID + "link-m-p" not in ex.nodes and not any("evidence" in n for n in ex.nodes)
    e = edges(ex)
    assert set(e) == {("m", "p"), ("p", "c")}             # shortcut triples are not drawn twice
    assert e["m", "p"].polarity == "-" and e["m", "p"].link == ID + "link-m-p"
    assert e["m", "p"].contested is True                  # id:claim contests it
    assert e["p", "c"].polarity == "+" and e["p", "c"].contested is False
    assert [(s.label, s.start, s.end) for s in e["p", "c"].sources] == [("Test hearing", 100, 180),
                                                                       ("Test op-ed", 5, 60)]
    assert ex.figure.direction == "LR"
    kinds = {n.iri[len(ID):]: n.kind for n in ex.figure.nodes}
    assert kinds == {"m": "Measure", "p": "Pathway", "c": "Capability"}


def test_focus_on_a_link_starts_from_its_ends(fstore):
    ex = export.neighbourhood(fstore, "id:link-m-p", depth=0)
    assert short(ex.nodes) == {"m", "p"}
    assert [(e.link, e.polarity) for e in ex.figure.edges] == [(ID + "link-m-p", "-")]


def test_other_relations_are_labelled_edges(fstore):
    ex = export.neighbourhood(fstore, "id:m", depth=1)
    e = edges(ex)
    assert e["m", "lab"].label == "proposed by" and e["m", "lab"].polarity is None
    assert [(s.document, s.start) for s in e["m", "lab"].sources] == [(ID + "doc/001_a", 10)]
    assert next(n for n in ex.figure.nodes if n.iri == ID + "lab").kind == "AILab"


def test_claim_on_a_drawn_link_points_at_its_effect(fstore):
    ex = export.neighbourhood(fstore, "id:lab", depth=2)
    assert {"lab", "claim", "m", "p"} <= short(ex.nodes)
    e = edges(ex)
    assert e["claim", "p"].label == "contests the link from Limit access to test centres"
    assert e["claim", "lab"].label == "claimed by"
    assert (URIRef(ID + "claim"), PK.contests, URIRef(ID + "link-m-p")) in ex.graph


def test_graph_holds_exactly_the_subgraph(fstore):
    g = export.neighbourhood(fstore, "id:p", depth=1).graph
    m, p, c, lab = (URIRef(ID + x) for x in ("m", "p", "c", "lab"))
    assert (m, PK.decreases, p) in g and (p, PK.increases, c) in g
    assert (URIRef(ID + "link-m-p"), PK.polarity, PK.Negative) in g
    assert (m, PK.proposedBy, lab) not in g                # lab is outside depth 1
    assert (c, PK.decreases, URIRef(ID + "o")) not in g    # so is o
    assert URIRef(ID + "link-c-o") not in set(g.subjects())
    # anchors come along with their offsets; the documents stay IRIs
    starts = {int(o) for o in g.objects(None, OA.start)}
    assert starts == {10, 100, 5}
    assert (URIRef(ID + "evidence/002-1"), OA.hasSource, URIRef(ID + "doc/002_b")) in g
    assert not set(g.subjects(RDF.type, PK.SourceDocument))


@pytest.mark.parametrize("fmt,parse", [("ttl", "turtle"), ("jsonld", "json-ld")])
def test_rdf_formats_read_back_isomorphic(fstore, fmt, parse):
    ex = export.neighbourhood(fstore, "id:p", depth=2)
    data, media = formats.serialise(ex, fmt)
    assert media.startswith({"ttl": "text/turtle", "jsonld": "application/ld+json"}[fmt])
    back = Graph().parse(data=data, format=parse)
    assert len(back) == len(ex.graph) > 40
    assert_isomorphic(ex.graph, back)


def test_min_support_keeps_links_stated_by_two_documents(fstore):
    ex = export.neighbourhood(fstore, "id:p", depth=1, min_support=2)
    assert short(ex.nodes) == {"p", "c"}
    assert set(edges(ex)) == {("p", "c")}


def test_trace_export_has_only_the_paths(fstore):
    ex = export.trace(fstore, "id:m")
    assert short(ex.nodes) == {"m", "p", "c", "o"}
    assert {k: e.polarity for k, e in edges(ex).items()} == {("m", "p"): "-", ("p", "c"): "+", ("c", "o"): "-"}
    assert (URIRef(ID + "m"), PK.proposedBy, URIRef(ID + "lab")) not in ex.graph
    assert ex.figure.title.startswith("Trace: Limit access to test centres")
    to = export.trace(fstore, "id:m", to="id:p")
    assert short(to.nodes) == {"m", "p"}


def test_query_export(fstore):
    q = ("CONSTRUCT { ?s pk:increases ?o . ?s skos:prefLabel ?l } "
         "WHERE { ?s pk:increases ?o . ?s skos:prefLabel ?l }")
    ex = export.from_query(fstore, q)
    # written out by hand from export_fixture.TRIG: one thing increases another (p -> c, stated
    # by both documents: once in the result) and its label; nothing else, no evidence anchors
    expected = Graph().parse(format="turtle", data=f"""
        @prefix pk: <https://w3id.org/policy-kg/ns#> . @prefix skos: <http://www.w3.org/2004/02/skos/core#> .
        <{ID}p> pk:increases <{ID}c> ; skos:prefLabel "Illicit test compute"@en .""")
    assert_isomorphic(expected, ex.graph)
    assert set(edges(ex)) == {("p", "c")} and edges(ex)["p", "c"].polarity == "+"
    assert len(edges(ex)["p", "c"].sources) == 2
    assert export.is_construct("# hi\nPREFIX x: <http://x/>\nconstruct { ?s ?p ?o } WHERE { ?s ?p ?o }")
    with pytest.raises(export.ExportError, match="CONSTRUCT"):
        export.from_query(fstore, "SELECT * WHERE { ?s ?p ?o }")


def test_unknown_and_limits(fstore):
    with pytest.raises(export.ExportError, match="no node is labelled"):
        export.neighbourhood(fstore, "no such thing at all")
    with pytest.raises(export.ExportError, match="--depth"):
        export.neighbourhood(fstore, "id:p", depth=9)
    with pytest.raises(FigureTooLarge, match="5 nodes") as err:
        export.neighbourhood(fstore, "id:p", depth=2, max_nodes=4)
    assert err.value.edges == len(export.neighbourhood(fstore, "id:p", depth=2).figure.edges)


# ---------------------------------------------------------------- CLI
@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    d = tmp_path_factory.mktemp("data")
    (d / "fixture.trig").write_text(TRIG, encoding="utf-8")
    return d


def cli(runner, data_dir, *args):
    from kg.cli import main

    return runner.invoke(main, ["export", "--store", "memory", "--data", str(data_dir), *args])


def test_cli_formats(runner, data_dir, tmp_path):
    out = tmp_path / "n.graphml"
    r = cli(runner, data_dir, "id:p", "--depth", "1", "-o", str(out))
    assert r.exit_code == 0, r.output
    g = nx.read_graphml(out)
    assert set(g.nodes) == {ID + "m", ID + "p", ID + "c"}
    r = cli(runner, data_dir, "--trace", "id:m", "--format", "mermaid")
    assert r.exit_code == 0, r.output
    assert r.output.count("-.->") == 2
    q = tmp_path / "q.rq"
    q.write_text("CONSTRUCT { ?s pk:decreases ?o } WHERE { ?s pk:decreases ?o }")
    r = cli(runner, data_dir, "--query", str(q), "--format", "ttl")
    assert r.exit_code == 0, r.output
    assert len(Graph().parse(data=r.output, format="turtle")) == 2


def test_cli_errors(runner, data_dir):
    r = cli(runner, data_dir, "id:p", "--trace", "id:m")
    assert r.exit_code == 2 and "exactly one" in r.output
    r = cli(runner, data_dir, "id:nothing-here")
    assert r.exit_code == 1 and "not used in the graph" in r.output
    r = cli(runner, data_dir, "id:p", "--depth", "2", "--max-nodes", "3")
    assert r.exit_code == 1 and "5 nodes" in r.output and "--depth" in r.output


def test_cli_output_name_and_format_must_agree(runner, data_dir, tmp_path):
    """-o brief.docx wrote an SVG under that name, and --format svg -o x.png an SVG named .png."""
    docx, png = tmp_path / "brief.docx", tmp_path / "x.png"
    r = cli(runner, data_dir, "id:p", "--depth", "1", "-o", str(docx))
    assert r.exit_code == 2 and "brief.docx" in r.output and "give --format" in r.output
    r = cli(runner, data_dir, "id:p", "--depth", "1", "--format", "svg", "-o", str(png))
    assert r.exit_code == 2 and "names a png file but --format is svg" in r.output
    assert not docx.exists() and not png.exists()
    r = cli(runner, data_dir, "id:p", "--depth", "1", "--format", "ttl", "-o", str(tmp_path / "sub.txt"))
    assert r.exit_code == 0, r.output   # an extension no format has, with --format: as asked
    r = cli(runner, data_dir, "id:p", "--depth", "1", "--format", "dot", "-o", str(tmp_path / "g.gv"))
    assert r.exit_code == 0, r.output
    assert (tmp_path / "g.gv").read_text().startswith("digraph")


# ---------------------------------------------------------------- web
def test_web_svg_inline_with_entity_links(fclient):
    r = fclient.get("/export", params={"focus": ID + "p", "depth": 1, "format": "svg"})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == "image/svg+xml"
    assert r.headers["content-disposition"] == 'inline; filename="p-depth1.svg"'
    root = etree.fromstring(r.content)
    hrefs = {a.get(XLINK + "href") for a in root.iter(SVG + "a")}
    assert "/id/m" in hrefs and "/id/c" in hrefs


@pytest.mark.parametrize("fmt,ctype", [("png", "image/png"), ("dot", "text/vnd.graphviz"),
                                       ("mermaid", "text/vnd.mermaid"), ("graphml", "application/graphml+xml"),
                                       ("cyjs", "application/json"), ("ttl", "text/turtle"),
                                       ("jsonld", "application/ld+json")])
def test_web_formats(fclient, fmt, ctype):
    r = fclient.get("/export", params={"trace": "id:m", "format": fmt})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith(ctype)
    disposition = r.headers["content-disposition"]
    assert disposition.startswith("inline" if fmt == "png" else "attachment") and "trace-m." in disposition
    if fmt == "cyjs":
        assert len(json.loads(r.content)["elements"]["edges"]) == 3
    if fmt == "graphml":
        assert nx.read_graphml(io.BytesIO(r.content)).number_of_nodes() == 4


def test_web_query_and_errors(fclient):
    q = "CONSTRUCT { ?s pk:increases ?o } WHERE { ?s pk:increases ?o }"
    r = fclient.get("/export", params={"query": q, "format": "ttl", "download": 1})
    assert r.status_code == 200
    assert (URIRef(ID + "p"), PK.increases, URIRef(ID + "c")) in Graph().parse(data=r.text, format="turtle")
    r = fclient.get("/export", params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert r.status_code == 400 and "CONSTRUCT" in r.json()["error"]["message"]
    r = fclient.get("/export", params={"query": "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p "})
    assert r.status_code == 400
    r = fclient.get("/export", params={"focus": "id:p", "trace": "id:m"})
    assert r.status_code == 400 and "exactly one" in r.json()["error"]["message"]
    r = fclient.get("/export", params={"focus": "id:nothing-here"})
    assert r.status_code == 404
    r = fclient.get("/export", params={"trace": "no such measure anywhere"})
    assert r.status_code == 404 and "no such measure anywhere" in r.json()["error"]["message"]
    r = fclient.get("/export", params={"trace": "id:lab"})    # a non-causal node: 404, as on /trace (e29fc6a)
    assert r.status_code == 404 and "no causal links" in r.json()["error"]["message"]
    r = fclient.get("/export", params={"focus": "id:p", "format": "docx"})
    assert r.status_code == 400 and "unknown format" in r.json()["error"]["message"]
