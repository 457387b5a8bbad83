"""Trace on the curated graph: the paper's causal chains, with the documents behind each hop."""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.trace import load_causal_graph, to_figure, trace
from test_trace_web import diagram_url

ID = "https://w3id.org/policy-kg/id/"
CHAINS = [  # measure, pathway the documents name, capability reached
    ("measure-dc-access-limits", "pathway-illicit-compute-access", "capability-china-frontier-ai"),
    ("measure-distillation-ban", "pathway-distillation", "capability-china-frontier-ai"),
    ("measure-chip-smuggling-enforcement", "pathway-chip-smuggling", "capability-china-frontier-ai"),
]


@pytest.fixture(scope="module")
def causal(store):
    return load_causal_graph(store)


def documents(store):
    return set(store.named_graphs())


@pytest.mark.parametrize("measure,pathway,capability", CHAINS)
def test_measure_lowers_frontier_capability_through_its_pathway(store, causal, measure, pathway, capability):
    r = trace(store, "id:" + measure, to="id:" + capability, graph=causal)
    (t,) = r["targets"]
    assert t["iri"] == ID + capability
    assert t["net"] == "-"                      # the measure cuts the pathway, which feeds the capability
    via = [p for p in r["paths"] if any(h["to"] == ID + pathway for h in p["hops"])]
    assert via, f"no path from {measure} to {capability} passes {pathway}"
    graphs = documents(store)
    for p in via:
        assert p["sign"] == "-"
        assert p["hops"][0]["from"] == ID + measure and p["hops"][-1]["to"] == ID + capability
        assert p["support"] == min(h["support"] for h in p["hops"]) >= 1
        for h in p["hops"]:
            assert h["sources"], f"hop {h['link']} names no document"
            for s in h["sources"]:
                assert s["document"] in graphs
                assert s["start"] is not None and 0 <= s["start"] < s["end"]


def test_measure_by_label_and_the_pathway_hop_is_negative(store, causal):
    label = causal.nodes[ID + "measure-dc-access-limits"]["label"]
    r = trace(store, label.upper(), to="id:pathway-illicit-compute-access", graph=causal)
    assert r["measure"]["iri"] == ID + "measure-dc-access-limits"
    direct = [p for p in r["paths"] if len(p["hops"]) == 1]
    assert direct and direct[0]["hops"][0]["polarity"] == "-"


def test_figure_of_a_curated_trace_draws_as_svg(store, causal):
    import re

    from kg.render import render

    result = trace(store, "id:measure-dc-access-limits", to="id:capability-china-frontier-ai", graph=causal)
    fig = to_figure(result)
    assert fig.direction == "LR" and all(e.sources for e in fig.edges)
    svg = render(fig, "svg").decode()
    assert svg.lstrip().startswith("<") and "<svg" in svg
    assert "stroke-dasharray" in svg            # the decreasing first hop is dashed
    # the Mermaid text draws left to right exactly the hops of the trace's paths, each with its sign:
    # dashed (-.->) and "−" when the link decreases, solid (-->) and "+" when it increases
    hops = {(h["from"], h["to"], h["polarity"]) for p in result["paths"] for h in p["hops"]}
    assert ("https://w3id.org/policy-kg/id/measure-dc-access-limits",
            "https://w3id.org/policy-kg/id/pathway-illicit-compute-access", "-") in hops
    lines = render(fig, "mermaid").decode().splitlines()
    assert "flowchart LR" in [line.strip() for line in lines]
    iri_of = dict(re.findall(r'^\s*click (n\d+) href "([^"]+)"', "\n".join(lines), re.M))
    drawn = set()
    for a, arrow, sign, b in re.findall(r'^\s*(n\d+) (-\.->|-->)\|"([+−]) \[[^\]]*\]"\| (n\d+)$',
                                        "\n".join(lines), re.M):
        assert (arrow == "-.->") == (sign == "−"), (a, arrow, sign, b)
        drawn.add((iri_of[a], iri_of[b], "-" if sign == "−" else "+"))
    assert drawn == hops


def test_trace_page_shows_diagram_and_evidence(client):
    r = client.get("/trace", params={"from": "id:measure-dc-access-limits", "to": "id:capability-china-frontier-ai"},
                   headers={"accept": "text/html"})
    assert r.status_code == 200
    assert 'class="hop-evidence' in r.text
    assert "<svg" in client.get(diagram_url(r.text)).text     # the diagram is its own request
    assert "003_1fec6e346c5e7f15" in r.text     # the document behind the first hop


def test_trace_json_is_the_documented_shape(client):
    r = client.get("/trace.json", params={"from": "id:measure-distillation-ban"})
    assert r.status_code == 200
    body = r.json()
    assert body["measure"]["iri"] == ID + "measure-distillation-ban"
    nets = {t["iri"]: t["net"] for t in body["targets"]}
    assert nets[ID + "capability-china-frontier-ai"] == "-"
    hop = body["paths"][0]["hops"][0]
    assert {"from", "to", "link", "polarity", "sources", "contested_by"} <= set(hop)
    r2 = client.get("/trace", params={"from": "id:measure-distillation-ban"}, headers={"accept": "application/json"})
    assert r2.json()["targets"] == body["targets"]


def test_trace_page_errors(client):
    r = client.get("/trace.json", params={"from": "no such measure at all"})
    assert r.status_code == 404
    r = client.get("/trace.json", params={"from": "id:china"})          # a node, but not a causal one
    assert r.status_code == 404 and "no causal links" in r.json()["error"]["message"]
    assert ID + "capability-china-frontier-ai" in {c["iri"] for c in r.json()["error"]["candidates"]}
    r = client.get("/trace.json", params={"from": "id:measure-dc-access-limits", "max_depth": 0})
    assert r.status_code == 400
    r = client.get("/trace", headers={"accept": "text/html"})
    assert r.status_code == 200 and "measure-dc-access-limits" in r.text   # the form offers the measures


def test_the_two_2028_scenarios_side_by_side(store, causal):
    from kg.trace import compare_scenarios

    c = compare_scenarios(store, "id:scenario-2028-restrict", "id:scenario-2028-no-restrict", graph=causal)
    nets = {ch["iri"]: (ch["a"], ch["b"]) for ch in c["changes"]}
    assert nets[ID + "capability-china-frontier-ai"] == ("-", "+")
    assert nets[ID + "outcome-us-lead"] == ("+", "-")
    assert ID + "measure-dc-access-limits" in {m["iri"] for m in c["measures"]["only_a"]}
    assert all(ch["changed"] == (ch["a"] != ch["b"]) for ch in c["changes"])


def test_a_trace_diagram_with_a_small_node_budget_draws_the_paths_that_fit_and_says_so(settings, store):
    """With ``diagram_nodes`` 8, the curated trace of the data-centre measure (18 listed paths through 11
    nodes) folds: the diagram draws whole paths within 8 nodes, its subtitle and the page say how many of
    the listed paths are drawn, and the page links the table and the trace's JSON."""
    import html
    import re

    from fastapi.testclient import TestClient

    from web.app import create_app

    asked = {"from": "id:measure-dc-access-limits"}
    with TestClient(create_app(settings.replace(diagram_nodes=8), store)) as client:
        page = client.get("/trace", params=asked, headers={"accept": "text/html"})
        svg = client.get(diagram_url(page.text))
        listed = client.get("/trace.json", params={**asked, "limit": 10, "paths": 3}).json()
    assert svg.status_code == 200
    drawn = {ID + local for local in re.findall(r'href="[^"]*/id/([^"]+)"', svg.text)}
    assert 2 <= len(drawn) <= 8
    paths = {p["id"]: [ID + "measure-dc-access-limits"] + [h["to"] for h in p["hops"]] for p in listed["paths"]}
    whole = [pid for pid, nodes in paths.items() if set(nodes) <= drawn]
    assert len(paths) == 18 and 0 < len(whole) < 18
    assert set().union(*(paths[pid] for pid in whole)) == drawn      # only whole paths are drawn
    line = f"{len(whole)} of 18 paths drawn; the rest are in the table"
    assert line in html.unescape(svg.text)
    fold = re.search(r'<p class="meta diagram-fold">(.*?)</p>', page.text, re.S).group(1)
    assert line in fold and 'href="#paths"' in fold and "/trace.json?from=" in fold
    nearest = listed["targets"][0]["iri"]     # the nearest target is drawn
    assert nearest in drawn


@pytest.mark.parametrize("b", ["id:scenario-2028-restrict", "scenario-2028-restrict"])
def test_a_scenario_compared_with_itself_is_refused_by_name(client, b):
    for path in ("/trace.json", "/export"):
        params = {"scenario": "id:scenario-2028-restrict", "vs": b}
        if path == "/export":
            params["format"] = "pdf"
        r = client.get(path, params=params)
        assert r.status_code == 400, (path, r.status_code)
        assert "compare it with another" in r.json()["error"]["message"]


def test_the_cli_refuses_a_scenario_compared_with_itself(runner):
    from kg.cli import main

    data = str(Path(__file__).resolve().parent.parent / "data")
    for args in (["trace", "--scenario", "id:scenario-2028-restrict", "--vs", "id:scenario-2028-restrict"],
                 ["export", "--scenario", "id:scenario-2028-restrict", "--vs", "id:scenario-2028-restrict",
                  "--format", "pptx", "-o", "same.pptx"]):
        with runner.isolated_filesystem():
            r = runner.invoke(main, [args[0], "--store", "memory", "--data", data, *args[1:]])
            assert r.exit_code == 2, (args[0], r.exit_code, r.output)
            assert "compare it with another" in r.output
            assert not Path("same.pptx").exists()
