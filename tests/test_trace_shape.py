"""The trace JSON's documented shape (docs/reference/tracing.md), field by field, on a hand-made graph
whose every value is known: the exact keys at every level, path and loop ids, lengths, distances,
mechanisms, options. Written for the mutants of kg/trace/result.py that survived the other
trace tests (tests/mutation/README.md): a renamed or dropped field must fail here."""
from __future__ import annotations

import networkx as nx

from kg.trace import trace
from kg.trace.result import node_info
from test_trace import ID, make_store

LINKS = [("l1", "m", "a", -1, [1]), ("l2", "a", "t", 1, [1, 2]), ("l3", "m", "t", 1, [2]), ("l4", "t", "a", 1, [2])]
MECHANISM = 'doc:d1 { id:l1 pk:mechanism "fewer ways in" . }'

RESULT_KEYS = {"measure", "targets", "paths", "loops", "nodes", "options", "truncated", "loops_truncated", "disputes",
               "differences", "paths_total", "counting"}
TARGET_KEYS = {"iri", "label", "kind", "net", "paths", "paths_total", "distance", "truncated"}
PATH_KEYS = {"id", "target", "sign", "support", "length", "contested", "hops", "origins", "independent"}
HOP_KEYS = {"from", "to", "link", "polarity", "support", "mechanism", "sources", "claimers", "contested_by",
            "qualified_by", "origins", "independent"}
LOOP_KEYS = {"id", "sign", "kind", "nodes", "links", "hops"}


def i(*names: str) -> list[str]:
    return [ID + n for n in names]


def test_every_field_of_a_small_trace():
    r = trace(make_store(LINKS, extra=MECHANISM), "id:m")
    assert set(r) == RESULT_KEYS
    assert r["measure"] == {"iri": ID + "m", "label": "M"}
    assert r["options"] == {"to": None, "max_depth": 6, "min_support": 1, "path_cap": 50}
    assert r["truncated"] is False and r["loops_truncated"] is False
    assert r["counting"] == "paths" and r["paths_total"] == 4 == len(r["paths"])   # every path walked
    assert r["nodes"] == {ID + "m": {"label": "M", "kind": "Measure"}, ID + "a": {"label": "A", "kind": "Factor"},
                          ID + "t": {"label": "T", "kind": "Factor"}}

    assert [set(t) for t in r["targets"]] == [TARGET_KEYS] * 2
    assert [(t["iri"], t["label"], t["kind"], t["net"], t["paths"], t["distance"], t["truncated"])
            for t in r["targets"]] == [(ID + "a", "A", "Factor", "±", ["p1", "p2"], 1, False),
                                       (ID + "t", "T", "Factor", "±", ["p3", "p4"], 1, False)]
    assert [t["paths_total"] for t in r["targets"]] == [2, 2]

    assert [set(p) for p in r["paths"]] == [PATH_KEYS] * 4
    assert [(p["id"], p["target"], p["sign"], p["support"], p["length"], p["contested"],
             [h["link"] for h in p["hops"]]) for p in r["paths"]] == [
        ("p1", ID + "a", "-", 1, 1, False, i("l1")),
        ("p2", ID + "a", "+", 1, 2, False, i("l3", "l4")),
        ("p3", ID + "t", "-", 1, 2, False, i("l1", "l2")),
        ("p4", ID + "t", "+", 1, 1, False, i("l3"))]
    hops = {h["link"]: h for p in r["paths"] for h in p["hops"]}
    assert all(set(h) == HOP_KEYS for h in hops.values())
    l1 = hops[ID + "l1"]
    assert (l1["from"], l1["to"], l1["polarity"], l1["support"], l1["mechanism"]) == (
        ID + "m", ID + "a", "-", 1, "fewer ways in")
    assert l1["claimers"] == [] and l1["contested_by"] == [] and l1["qualified_by"] == []
    assert hops[ID + "l2"]["mechanism"] == "" and hops[ID + "l2"]["support"] == 2
    # no passage relays anything here: each document is its own origin, so independent == support
    assert [(o["iri"], [d["iri"] for d in o["documents"]]) for o in hops[ID + "l2"]["origins"]] == [
        (ID + "doc/d1", [ID + "doc/d1"]), (ID + "doc/d2", [ID + "doc/d2"])]
    assert [(h["independent"], h["support"]) for h in (l1, hops[ID + "l2"])] == [(1, 1), (2, 2)]
    assert [p["independent"] for p in r["paths"]] == [1, 1, 1, 1] and r["disputes"] == r["differences"] == []

    (loop,) = r["loops"]
    assert set(loop) == LOOP_KEYS
    assert (loop["id"], loop["sign"], loop["kind"]) == ("l1", "+", "reinforcing")
    assert loop["nodes"] == i("a", "t") and loop["links"] == i("l2", "l4")
    assert [h["link"] for h in loop["hops"]] == i("l2", "l4") and all(set(h) == HOP_KEYS for h in loop["hops"])


def test_options_name_the_target_and_the_limits_given():
    r = trace(make_store(LINKS), "id:m", to="id:t", max_depth=3, min_support=1, path_cap=7)
    assert r["options"] == {"to": ID + "t", "to_label": "T", "max_depth": 3, "min_support": 1, "path_cap": 7}
    assert [t["iri"] for t in r["targets"]] == [ID + "t"]


def test_a_node_outside_the_causal_graph_is_described_from_the_labels_or_its_iri():
    G = nx.MultiDiGraph(labels={ID + "known": "Known thing"})
    G.add_node(ID + "in", label="Inside", kind="Factor")
    assert node_info(G, ID + "in") == {"label": "Inside", "kind": "Factor"}
    assert node_info(G, ID + "known") == {"label": "Known thing", "kind": ""}
    assert node_info(G, ID + "doc/some-thing") == {"label": "some-thing", "kind": ""}
    assert node_info(nx.MultiDiGraph(), "urn:x:no/slash/a/b") == {"label": "b", "kind": ""}
