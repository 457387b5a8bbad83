"""``kg trace --include-proposed`` and the trace page's ``include_proposed=1``: causal links still
in review join a separate copy of the causal graph, marked proposed, with no document support;
without the flag nothing changes, and the accepted graph's cache never sees them."""
from __future__ import annotations

import json

import pytest

from kg.cli import main
from test_trace import trig

ID = "https://w3id.org/policy-kg/id/"
# m -(-)-> a -(+)-> t, stated by documents d1 and d2; "x" has no accepted link at all
LINKS = [("l1", "m", "a", -1, [1]), ("l2", "a", "t", 1, [1, 2])]
LABELS = {"x": "Extra factor"}


def review(proposals: list[dict], ident: str = "009_abc", accepted: dict | None = None) -> dict:
    return {"id": ident, "document": f"{ID}doc/{ident}", "file": f"{ident}.txt", "sha256": "0" * 64,
            "proposals": proposals, **({"accepted": accepted} if accepted else {})}


def link(pid: str, cause: str, effect: str, polarity: str, status: str = "proposed") -> dict:
    return {"id": pid, "kind": "link", "status": status, "start": 10, "end": 60, "text": "t", "sentence": "s",
            "sentence_start": 10, "sentence_end": 60, "origin": "rules", "cause": ID + cause, "effect": ID + effect,
            "polarity": polarity, "link": None}


@pytest.fixture()
def data(tmp_path):
    folder = tmp_path / "data"
    (folder / "review").mkdir(parents=True)
    (folder / "graph.trig").write_text(trig(LINKS, LABELS), encoding="utf-8")
    (folder / "review" / "009_abc.json").write_text(json.dumps(review([
        link("p1", "t", "x", "+"),                     # new: t -(+)-> x
        link("p2", "m", "a", "-"),                     # repeats accepted l1: adds nothing
        link("p3", "m", "x", "-", status="rejected"),  # rejected: never shown
        link("p4", "a", "x", "-"),                     # accepted (listed in the review): already in the graph
    ], accepted={"p4": {"by": "r", "at": "2026-01-01", "node": ID + "link-x"}})), encoding="utf-8")
    (folder / "review" / "rejected.json").write_text(json.dumps({"keys": []}), encoding="utf-8")
    return folder


def args(data, *more):
    return ["trace", "M", *more, "--store", "memory", "--data", str(data), "--corpus", str(data.parent)]


def hops(result):
    return {(h["from"].rsplit("/", 1)[-1], h["to"].rsplit("/", 1)[-1], h["polarity"]): h
            for p in result["paths"] for h in p["hops"]}


def test_cli_shows_a_proposed_link_only_with_the_flag(runner, data):
    plain = json.loads(runner.invoke(main, args(data, "--format", "json"), catch_exceptions=False).output)
    r = runner.invoke(main, args(data, "--format", "json", "--include-proposed"), catch_exceptions=False)
    assert r.exit_code == 0, r.output
    more = json.loads(r.output)
    assert "x" not in {t["iri"].rsplit("/", 1)[-1] for t in plain["targets"]}
    assert not any(h.get("proposed") for h in hops(plain).values())
    h = hops(more)
    assert set(h) == {("m", "a", "-"), ("a", "t", "+"), ("t", "x", "+")}       # p2 p3 p4 left out
    new = h[("t", "x", "+")]
    assert new["proposed"] is True and new["support"] == 0 and new["sources"] == []
    assert new["link"] == "proposed:009_abc:p1"
    assert new["proposed_in"][0]["document"] == ID + "doc/009_abc" and new["proposed_in"][0]["proposal"] == "p1"
    # accepted hops keep their support and carry no flag
    for key in (("m", "a", "-"), ("a", "t", "+")):
        assert h[key]["support"] == hops(plain)[key]["support"] and "proposed" not in h[key]
    assert [p["support"] for p in plain["paths"]] == [p["support"] for p in more["paths"] if not p.get("proposed")]
    through = [p for p in more["paths"] if p.get("proposed")]
    assert through and all(p["support"] == 0 for p in through)
    x = next(t for t in more["targets"] if t["iri"] == ID + "x")
    assert x["label"] == "Extra factor" and x["net"] == "-"
    assert more["options"]["include_proposed"] is True


def test_cli_text_and_drawing_mark_the_proposed_link(runner, data):
    r = runner.invoke(main, args(data, "--include-proposed"), catch_exceptions=False)
    assert "PROPOSED, in review, 0 docs" in r.output and "proposed in: doc:009_abc p1" in r.output
    assert "PROPOSED" not in runner.invoke(main, args(data), catch_exceptions=False).output
    dot = runner.invoke(main, args(data, "--include-proposed", "--format", "dot"), catch_exceptions=False).output
    proposed = [line for line in dot.splitlines() if "(proposed)" in line and "->" in line]
    assert len(proposed) == 1 and "dotted" in proposed[0] and "#8a8a8a" in proposed[0]
    assert "proposed:" not in dot                       # no link to a node that does not exist
    mermaid = runner.invoke(main, args(data, "--include-proposed", "--format", "mermaid"),
                            catch_exceptions=False).output
    assert "stroke-dasharray" in mermaid and "(proposed)" in mermaid


def test_no_review_folder_means_the_accepted_graph(runner, tmp_path):
    folder = tmp_path / "data"
    folder.mkdir()
    (folder / "graph.trig").write_text(trig(LINKS, LABELS), encoding="utf-8")
    a = runner.invoke(main, args(folder, "--format", "json"), catch_exceptions=False).output
    b = runner.invoke(main, args(folder, "--format", "json", "--include-proposed"), catch_exceptions=False).output
    ja, jb = json.loads(a), json.loads(b)
    jb["options"].pop("include_proposed")
    assert ja == jb


def test_page_toggle_and_separate_cache(data):
    from fastapi.testclient import TestClient

    from kg.store.build import open_store
    from kg.core.settings import Settings
    from kg.trace import causal_graph, causal_graph_with_proposed
    from web.app import create_app

    settings = Settings.from_env(env={}, store="memory", data_dir=str(data), corpus=str(data.parent),
                                 store_path=str(data.parent / "store"))
    store = open_store(settings)
    with TestClient(create_app(settings, store)) as c:
        plain = c.get("/trace.json", params={"from": "id:m"}).json()
        more = c.get("/trace.json", params={"from": "id:m", "include_proposed": "1"}).json()
        page = c.get("/trace", params={"from": "id:m", "include_proposed": "1"}).text
        again = c.get("/trace.json", params={"from": "id:m"}).json()
    assert not any(h.get("proposed") for h in hops(plain).values()) and plain == again
    assert hops(more)[("t", "x", "+")]["proposed"] is True
    assert hops(more)[("m", "a", "-")]["support"] == hops(plain)[("m", "a", "-")]["support"] == 1
    assert "Include proposed links" in page and 'name="include_proposed" value="1" checked' in page
    assert "proposed-tag" in page and "/documents/009_abc/review" in page
    G, H = causal_graph(store), causal_graph_with_proposed(store, data)
    assert not any(d.get("proposed") for *_, d in G.edges(data=True))
    assert [k for *_, k, d in H.edges(keys=True, data=True) if d.get("proposed")] == ["proposed:009_abc:p1"]
    assert ID + "x" not in G and ID + "x" in H
    assert causal_graph_with_proposed(store, data) is H     # remembered while nothing changes
    # a new proposal in the review files shows at once (no store write needed)
    path = data / "review" / "009_abc.json"
    rv = json.loads(path.read_text(encoding="utf-8"))
    rv["proposals"].append(link("p5", "x", "m", "+"))
    path.write_text(json.dumps(rv), encoding="utf-8")
    H2 = causal_graph_with_proposed(store, data)
    assert H2 is not H and H2.has_edge(ID + "x", ID + "m", "proposed:009_abc:p5")
    assert causal_graph(store) is G
