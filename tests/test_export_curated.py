"""Exports of the curated graph: the data-centre trace as a briefing PNG (saved to tests/artifacts/)."""
from __future__ import annotations

import struct
import subprocess

import pytest
from lxml import etree
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.briefing import formats
from kg import export
from kg.render.style import MINUS

MEASURE = "id:measure-dc-access-limits"
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture(scope="module")
def dc_trace(store):
    try:
        return export.trace(store, MEASURE, max_nodes=60)
    except export.ExportError as exc:
        pytest.fail(f"the data-centre trace cannot be exported: {exc}")


def test_data_centre_trace_png(dc_trace, artifacts):
    png, media = formats.serialise(dc_trace, "png")
    (artifacts / "export-dc-trace.png").write_bytes(png)
    assert media == "image/png" and png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert 1200 < width < 12000 and 300 < height < 8000, (width, height)
    assert len(png) > 50_000

    svg, _ = formats.serialise(dc_trace, "svg")
    (artifacts / "export-dc-trace.svg").write_bytes(svg)
    text = " ".join(t.text or "" for t in etree.fromstring(svg).iter(SVG + "text"))
    assert "Trace: Limit foreign access to sensitive data centres" in text
    for words in ("Legend", "Measure", "Pathway", "Capability", "solid line, +: increases",
                  f"dashed line, {MINUS}: decreases", "Sources", "[1]"):
        assert words in text, words
    labels = {n.label for n in dc_trace.figure.nodes}
    assert "Illicit compute access" in labels
    assert any("frontier AI capability" in label for label in labels)

    dot, _ = formats.serialise(dc_trace, "dot")
    (artifacts / "export-dc-trace.gv").write_bytes(dot)
    subprocess.run(["dot", "-Tcanon"], input=dot, capture_output=True, check=True)


def test_data_centre_trace_signs_and_sources(dc_trace):
    iri = {n.label: n.iri for n in dc_trace.figure.nodes}
    measure = next(n.iri for n in dc_trace.figure.nodes if n.kind == "Measure")
    illicit = iri["Illicit compute access"]
    edge = next(e for e in dc_trace.figure.edges if e.target == illicit and e.source == measure)
    assert edge.polarity == "-" and edge.link and edge.sources
    assert all(s.start is not None and s.end > s.start for e in dc_trace.figure.edges for s in e.sources)


def test_data_centre_trace_rdf_round_trip(dc_trace):
    data, _ = formats.serialise(dc_trace, "ttl")
    assert isomorphic(Graph().parse(data=data, format="turtle"), dc_trace.graph)


def test_live_server_serves_the_trace_png_and_refuses_a_hairball(dc_trace, corpus_dir, tmp_path):
    import httpx

    from live_server import live_server

    with live_server(["--store", "memory", "--corpus", str(corpus_dir)], tmp_path) as base:
        r = httpx.get(base + "/export", params={"trace": MEASURE, "format": "png"}, timeout=30)
        assert r.status_code == 200 and r.headers["content-type"] == "image/png"
        assert r.content[:8] == b"\x89PNG\r\n\x1a\n"
        assert r.headers["content-disposition"].startswith('inline; filename="trace-measure-dc-access-limits.png"')
        r = httpx.get(base + "/export", params={"focus": "id:anthropic", "depth": 3, "format": "svg"}, timeout=30)
        assert r.status_code == 400
        error = r.json()["error"]
        assert error["nodes"] > error["limit"] == 60 and "--depth" in error["message"]
        img = httpx.get(base + "/export", params={"focus": "id:anthropic", "depth": 3, "format": "svg"},
                        headers={"Accept": "image/avif,image/webp,image/svg+xml,image/*,*/*;q=0.8"}, timeout=30)
        assert img.status_code == 400 and img.headers["content-type"] == "image/svg+xml"
        card = " ".join(t.text or "" for t in etree.fromstring(img.content).iter(SVG + "text"))
        assert "Too large to draw" in card and f"{error['nodes']} nodes" in card
        r = httpx.get(base + "/export", params={"focus": "id:anthropic", "depth": 3, "format": "graphml"}, timeout=30)
        assert r.status_code == 200 and r.headers["content-disposition"].startswith("attachment")


def test_a_hub_neighbourhood_folds_and_says_what(store):
    """Anthropic's neighbourhood: past 12 neighbours on a side, groups by relation and kind keep
    their best supported members and fold the rest into one "+N more" node each; the subtitle and
    the Turtle say what was folded; --fold 0 draws them all."""
    whole = export.neighbourhood(store, "id:anthropic", fold=0)
    folded = export.neighbourhood(store, "id:anthropic")
    assert whole.context["folded"] == [] and len(whole.figure.nodes) > 40
    folds = folded.context["folded"]
    more = [n for n in folded.figure.nodes if "#more-" in n.iri]
    assert folds and len(more) == len(folds)
    drawn = {n.iri for n in folded.figure.nodes}
    for f in folds:
        assert f["nodes"] and not drawn & set(f["nodes"]), f          # a folded node is not drawn
        assert f"+{f['count']} more ({f['relation']})" in {n.label for n in more}
    # every node is drawn or folded, none twice; the figure is small enough to read
    everyone = {n.iri for n in whole.figure.nodes}
    assert (drawn - {n.iri for n in more}) | {x for f in folds for x in f["nodes"]} == everyone
    assert len(folded.figure.nodes) <= 2 * 12 + 1 < len(whole.figure.nodes)
    hidden = sum(f["count"] for f in folds)
    assert f"folded: {hidden} nodes not drawn" in folded.figure.subtitle
    claims = next(f for f in folds if f["relation"] == "claimed by")
    assert claims["direction"] == "in" and claims["kind"] == "Claim"
    ttl = formats.serialise(folded, "ttl")[0].decode()
    assert f"# folded: {claims['count']} claim nodes claimed by <{folds[0]['parent']}>" in ttl
    subjects = {str(s) for s in Graph().parse(data=ttl, format="turtle").subjects()}
    assert claims["nodes"][0] not in subjects and claims["nodes"][0] in {str(s) for s in whole.graph.subjects()}


def test_a_drawn_causal_link_opens_its_page_not_its_iri(store):
    """Clicking a causal link's line in a neighbourhood diagram opens the link's page of this app
    (the caller's ``url_for``), as its nodes do; it opened the bare IRI (another host)."""
    made = export.neighbourhood(store, MEASURE, url_for=lambda iri: "/here/" + iri.rsplit("/", 1)[-1])
    links = [e for e in made.figure.edges if e.link]
    assert links and all(e.url == "/here/" + e.link.rsplit("/", 1)[-1] for e in links)
    svg = formats.serialise(made, "svg")[0].decode()
    assert 'href="/here/link-dc-limits-illicit-compute"' in svg
    assert 'href="https://w3id.org/policy-kg/id/link-' not in svg


def test_left_to_right_neighbourhoods_do_not_chain_within_a_ring(store, monkeypatch):
    """Drawn left to right, an edge between two neighbours of the focus (a claim contesting a
    claim) sets no rank, so the figure is not stretched into a chain of columns (China's frontier
    AI capability: 3,327 px wide at 1440 px before, 1,768 after); when Graphviz trips over such
    edges the figure is drawn again with every edge setting ranks."""
    import graphviz

    from kg.render import dot

    made = export.neighbourhood(store, "id:capability-china-frontier-ai")
    fig = made.figure
    assert fig.direction == "LR" and fig.rings["https://w3id.org/policy-kg/id/capability-china-frontier-ai"] == 0
    source = dot.render(fig, "dot").decode()
    same_ring = [e for e in fig.edges if fig.rings[e.source] == fig.rings[e.target]]
    assert same_ring and source.count("constraint=false") == len(same_ring)
    tried = []

    def tripping(real):
        def pipe(self, *args, **kwargs):           # Graphviz failing on the edges that set no rank
            tried.append("constraint=false" in self.source)
            if tried[-1]:
                raise graphviz.CalledProcessError(1, ["dot"], stderr=b"trouble in init_rank")
            return real(self, *args, **kwargs)
        return pipe

    for kind in (graphviz.Digraph, graphviz.Source):    # a hub's graph is unflattened into a Source
        monkeypatch.setattr(kind, "pipe", tripping(kind.pipe))
    assert dot.render(fig, "svg").startswith(b"<?xml") and tried == [True, False]
