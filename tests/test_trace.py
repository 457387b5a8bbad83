"""Trace on small hand-made graphs with known answers, loaded into an Oxigraph memory store."""
from __future__ import annotations

import json

import pytest

from kg.core.namespaces import DEFAULT_BASE
from kg.index.resolve import Ambiguous, Unknown
from kg.store import memory_store
from kg.trace import NotCausal, TraceError, compare_scenarios, format_text, to_figure, trace
from graphs import TURTLE_PREFIXES

ID = DEFAULT_BASE
PREFIXES = TURTLE_PREFIXES


def make_store(links, labels=None, extra=""):
    """links: (name, cause, effect, sign, [doc numbers]); every link is stated in each listed document graph."""
    import pyoxigraph as ox

    store = memory_store(DEFAULT_BASE)
    store.oxigraph.load(trig(links, labels, extra).encode(), format=ox.RdfFormat.TRIG)
    return store


def trig(links, labels=None, extra=""):
    """The TriG text of a hand-made causal graph (see ``make_store``)."""
    labels = labels or {}
    nodes = sorted({x for _, c, e, _, _ in links for x in (c, e)} | set(labels))
    chunks = [PREFIXES, "id:graph-catalog {"]
    for n in nodes:
        label = labels.get(n, n.replace("-", " ").title())
        alts = ""
        if isinstance(label, tuple):
            label, alts = label[0], " ; skos:altLabel " + ", ".join(f'"{a}"@en' for a in label[1:])
        kind = "pk:Measure" if n.startswith("m") else "pk:Factor"
        chunks.append(f'  id:{n} a {kind} ; skos:prefLabel "{label}"@en{alts} .')
    chunks.append("}")
    docs: dict[int, list[str]] = {}
    for name, c, e, sign, ds in links:
        for d in ds:
            docs.setdefault(d, []).append((name, c, e, sign))
    for d, items in sorted(docs.items()):
        chunks.append(f"doc:d{d} {{")
        for i, (name, c, e, sign) in enumerate(items):
            pol, short = ("pk:Positive", "pk:increases") if sign > 0 else ("pk:Negative", "pk:decreases")
            chunks.append(f"  id:{name} a pk:CausalLink ; pk:cause id:{c} ; pk:effect id:{e} ; pk:polarity {pol} ;"
                          f" pk:evidence ev:{d}-{i} .\n  id:{c} {short} id:{e} .")
            chunks.append(f"  ev:{d}-{i} a oa:SpecificResource ; oa:hasSource doc:d{d} ;"
                          f" oa:hasSelector [ a oa:TextPositionSelector ; oa:start {100 * d + i} ; oa:end {100 * d + i + 10} ] .")
        chunks.append("}")
    chunks.append(extra)
    return "\n".join(chunks)


def target(result, name):
    return next((t for t in result["targets"] if t["iri"] == ID + name), None)


def paths_of(result, name):
    ids = target(result, name)["paths"]
    return [p for p in result["paths"] if p["id"] in ids]


def test_positive_chain():
    s = make_store([("l1", "m", "a", 1, [1]), ("l2", "a", "b", 1, [1, 2])])
    r = trace(s, "id:m")
    assert r["measure"] == {"iri": ID + "m", "label": "M"}
    assert [t["iri"] for t in r["targets"]] == [ID + "a", ID + "b"]
    assert target(r, "b")["net"] == "+"
    (p,) = paths_of(r, "b")
    assert p["sign"] == "+" and [h["link"] for h in p["hops"]] == [ID + "l1", ID + "l2"]
    assert p["support"] == 1                       # weakest hop: l1 has one document
    assert p["hops"][1]["sources"] == [
        {"document": ID + "doc/d1", "label": "d1", "start": 101, "end": 111},   # second link in d1
        {"document": ID + "doc/d2", "label": "d2", "start": 200, "end": 210}]
    assert r["loops"] == []


def test_negative_chain_sign_is_product():
    s = make_store([("l1", "m", "a", -1, [1]), ("l2", "a", "b", 1, [1]), ("l3", "b", "c", -1, [1])])
    r = trace(s, "M")
    assert [target(r, x)["net"] for x in ("a", "b", "c")] == ["-", "-", "+"]
    text = format_text(r)
    assert "M -(−)-> A -(+)-> B -(−)-> C" in text
    assert "source: doc:d1 [100–110]" in text


def test_opposite_paths_give_ambiguous_net():
    s = make_store([("l1", "m", "a", 1, [1]), ("l2", "a", "t", 1, [1]),
                    ("l3", "m", "b", 1, [1]), ("l4", "b", "t", -1, [1])])
    r = trace(s, "m", to="T")
    assert [t["iri"] for t in r["targets"]] == [ID + "t"]
    t = target(r, "t")
    assert t["net"] == "±"
    assert sorted(p["sign"] for p in paths_of(r, "t")) == ["+", "-"]


def test_parallel_links_are_separate_paths():
    s = make_store([("l1", "m", "t", 1, [1]), ("l2", "m", "t", -1, [2])])
    r = trace(s, "m")
    assert target(r, "t")["net"] == "±"
    assert len(r["paths"]) == 2


def test_cycle_is_listed_with_sign_and_paths_stay_simple():
    # m -> a -> b -> a (a, b reinforce each other: + +), b -| c -> b (balancing: - +)
    s = make_store([("l1", "m", "a", 1, [1]), ("l2", "a", "b", 1, [1]), ("l3", "b", "a", 1, [1]),
                    ("l4", "b", "c", -1, [1]), ("l5", "c", "b", 1, [1]), ("l6", "x", "y", 1, [1]), ("l7", "y", "x", 1, [1])])
    r = trace(s, "m")
    for p in r["paths"]:
        nodes = [p["hops"][0]["from"]] + [h["to"] for h in p["hops"]]
        assert len(nodes) == len(set(nodes))
    loops = {tuple(l["links"]): (l["sign"], l["kind"]) for l in r["loops"]}
    assert loops == {(ID + "l2", ID + "l3"): ("+", "reinforcing"), (ID + "l4", ID + "l5"): ("-", "balancing")}
    assert "balancing (−)" in format_text(r)


def test_depth_limit():
    s = make_store([(f"l{i}", f"n{i}" if i else "m", f"n{i + 1}", 1, [1]) for i in range(8)])
    r = trace(s, "m", max_depth=3)
    assert [t["iri"] for t in r["targets"]] == [ID + "n1", ID + "n2", ID + "n3"]
    assert trace(s, "m", to="n3", max_depth=2)["targets"] == []
    assert target(trace(s, "m", to="n8"), "n8") is None           # 8 links > default depth 6
    assert target(trace(s, "m", to="n6"), "n6")["net"] == "+"


def test_support_filter_reruns_on_strong_links():
    # strong route m -> a -> t (2 docs each, +); weak shortcut m -| t (1 doc)
    s = make_store([("l1", "m", "a", 1, [1, 2]), ("l2", "a", "t", 1, [1, 2]), ("l3", "m", "t", -1, [3])])
    r1 = trace(s, "m", to="t")
    assert target(r1, "t")["net"] == "±"
    assert sorted(p["support"] for p in r1["paths"]) == [1, 2]
    r2 = trace(s, "m", to="t", min_support=2)
    assert target(r2, "t")["net"] == "+"
    assert [p["support"] for p in r2["paths"]] == [2]
    assert trace(s, "m", min_support=3)["targets"] == []


def test_contested_hop_is_flagged_with_claim_and_claimer():
    extra = ("doc:d9 { id:claim-doubt a pk:Claim ; skos:prefLabel \"Doubt\"@en ; pk:contests id:l2 ;"
             " pk:claimer id:critic . id:critic skos:prefLabel \"A critic\"@en . "
             " id:claim-yes a pk:Claim ; pk:supports id:l1 ; pk:claimer id:fan . id:fan skos:prefLabel \"A fan\"@en . }")
    s = make_store([("l1", "m", "a", 1, [1]), ("l2", "a", "b", -1, [1])], extra=extra)
    r = trace(s, "m", to="b")
    (p,) = r["paths"]
    assert p["contested"] is True
    assert p["hops"][0]["contested_by"] == [] and p["hops"][0]["claimers"] == [{"iri": ID + "fan", "label": "A fan"}]
    assert p["hops"][1]["contested_by"] == [{"claim": ID + "claim-doubt", "label": "Doubt",
                                             "claimers": [{"iri": ID + "critic", "label": "A critic"}]}]
    assert "CONTESTED by id:claim-doubt: Doubt (A critic)" in format_text(r)


def test_labels_resolve_case_and_accent_insensitively_and_ambiguity_is_an_error():
    labels = {"m": ("Contrôle des puces", "Chip controls"), "a": "Access", "b": "Access", "c": "Access Pathway"}
    s = make_store([("l1", "m", "a", 1, [1]), ("l2", "m", "b", 1, [1]), ("l3", "m", "c", 1, [1])], labels=labels)
    assert trace(s, "controle DES  puces")["measure"]["iri"] == ID + "m"
    assert trace(s, "CHIP CONTROLS")["measure"]["iri"] == ID + "m"
    with pytest.raises(Ambiguous) as exc:
        trace(s, "m", to="access")
    assert {c.iri for c in exc.value.candidates} == {ID + "a", ID + "b"}
    assert "id:a (Access)" in str(exc.value) and "id:b (Access)" in str(exc.value)
    with pytest.raises(Unknown) as exc:
        trace(s, "Acess pathway")
    assert ID + "c" in {c.iri for c in exc.value.candidates}
    with pytest.raises(Unknown):
        trace(s, "id:nothing-here")


def test_node_outside_the_causal_layer_is_an_error():
    s = make_store([("l1", "m", "a", 1, [1])], labels={"lonely": "Lonely"})
    with pytest.raises(TraceError, match="no causal links"):
        trace(s, "Lonely")


def test_misspelt_names_are_ranked_by_similarity():
    """A misspelt name gets the nodes spelled most like it: the label index's ``similar`` (name
    resolution's suggestions) best first, and the causal factors offered for a node with no links."""
    labels = {"m": "Export controls on chips", "a": "Chip smuggling", "b": "Chip stockpiling", "c": "Cloud access",
              "lonely": "Chip smugling"}
    s = make_store([("l1", "m", "a", -1, [1]), ("l2", "a", "b", 1, [1]), ("l3", "b", "c", 1, [1])], labels=labels)
    from kg.index.labels import index

    assert index(s).similar("Chip smugglng")[:2] == [ID + "a", ID + "lonely"]
    assert index(s).similar("Exprot controls on chips")[0] == ID + "m"
    with pytest.raises(NotCausal) as exc:      # no label holds "chip smugling": the closest spellings
        trace(s, "Chip smugling")
    offered = [c.iri for c in exc.value.candidates]
    assert ID + "a" in offered and ID + "c" not in offered


def test_json_shape_and_figure():
    s = make_store([("l1", "m", "a", -1, [1]), ("l2", "a", "b", 1, [1])])
    r = json.loads(json.dumps(trace(s, "m")))
    assert set(r) >= {"measure", "targets", "paths", "loops"}
    assert set(r["targets"][0]) >= {"iri", "label", "net", "paths"}
    assert set(r["paths"][0]) >= {"id", "sign", "support", "hops"}
    assert set(r["paths"][0]["hops"][0]) >= {"from", "to", "link", "polarity", "sources", "contested_by"}
    assert set(r["paths"][0]["hops"][0]["sources"][0]) >= {"document", "start", "end"}
    fig = to_figure(r)
    assert fig.direction == "LR"
    assert [n.iri for n in fig.nodes] == [ID + "m", ID + "a", ID + "b"]
    assert [(e.link, e.polarity, e.label) for e in fig.edges] == [(ID + "l1", "-", "decreases"), (ID + "l2", "+", "increases")]
    assert fig.edges[0].sources[0].document == ID + "doc/d1"


def test_path_cap_sets_truncated_but_net_counts_every_path():
    # 3 parallel-ish routes of each sign into t; cap 2 keeps two paths only
    links = [(f"a{i}", "m", f"x{i}", 1, [1]) for i in range(3)] + [(f"b{i}", f"x{i}", "t", 1 if i < 2 else -1, [1]) for i in range(3)]
    r = trace(make_store(links), "m", to="t", path_cap=2)
    t = target(r, "t")
    assert len(t["paths"]) == 2 and t["truncated"] and r["truncated"]
    assert t["net"] == "±"


def test_scenarios_side_by_side():
    extra = ("id:graph-catalog { id:s-a a pk:Scenario ; skos:prefLabel \"Scenario A\"@en ; pk:measureInForce id:m1, id:m2 ."
             " id:s-b a pk:Scenario ; skos:prefLabel \"Scenario B\"@en ; pk:measureInForce id:m2 . }")
    s = make_store([("l1", "m1", "t", -1, [1]), ("l2", "m2", "t", -1, [1]), ("l3", "m2", "u", 1, [1]),
                    ("l4", "m1", "v", 1, [1])], extra=extra)
    c = compare_scenarios(s, "scenario a", "id:s-b")
    assert [m["iri"] for m in c["measures"]["only_a"]] == [ID + "m1"]
    rows = {ch["iri"]: (ch["a"], ch["b"], ch["changed"]) for ch in c["changes"]}
    assert rows == {ID + "t": ("-", "-", False), ID + "u": ("+", "+", False), ID + "v": ("+", None, True)}
    assert c["changes"][0]["iri"] == ID + "v"       # what changes comes first


def test_dense_graph_stops_at_the_step_budget_and_says_so():
    import networkx as nx

    from kg.trace import trace_graph

    G = nx.MultiDiGraph(labels={})
    names = [f"n{i}" for i in range(12)]
    G.add_nodes_from((n, {"label": n, "kind": "Factor"}) for n in names)
    for i, u in enumerate(names):
        for j, v in enumerate(names):
            if u != v:
                G.add_edge(u, v, key=f"l{i}-{j}", sign=1 if (i + j) % 2 else -1, support=1,
                           raw=None, sources=[], claimers=[], contested_by=[], mechanism="", documents=[])
    r = trace_graph(G, "n0", step_budget=2000, path_cap=5)
    assert r["truncated"] is True
    assert all(len(t["paths"]) <= 5 for t in r["targets"])
    assert len(r["targets"]) == 11 and all(t["truncated"] for t in r["targets"])
    assert r["loops"] and r["loops_truncated"]


def test_shown_paths_alone_get_hops_and_the_page_is_the_same():
    """``shown=(targets, paths)`` computes hops only for what the page keeps; folded, the result
    equals the full trace folded the same way (net signs still count every path), and its loops
    and disputes are those through the shown paths' nodes."""
    from kg.trace import fold_result

    # m reaches a (two paths: one via b), b, c and t; t by two paths of opposite sign; a loop a <-> d
    s = make_store([("l1", "m", "a", 1, [1]), ("l2", "m", "b", 1, [1]), ("l3", "b", "a", -1, [2]),
                    ("l4", "a", "t", 1, [1]), ("l5", "b", "c", 1, [1]), ("l6", "c", "t", -1, [1]),
                    ("l7", "a", "d", 1, [1]), ("l8", "d", "a", -1, [1]), ("l9", "c", "e", 1, [1]),
                    ("l10", "e", "c", 1, [1])])
    full = trace(s, "m")
    part = trace(s, "m", shown=(2, 1))
    assert len(part["paths"]) == len(full["paths"]) and len(part["targets"]) == len(full["targets"])
    assert [t["net"] for t in part["targets"]] == [t["net"] for t in full["targets"]]
    with_hops = [p for p in part["paths"] if p["hops"]]
    assert len(with_hops) == 2 < len(part["paths"])       # the first path of each of the first two targets
    folded_full, folded_part = fold_result(full, targets=2, paths=1), fold_result(part, targets=2, paths=1)
    loops_full = {tuple(lp["links"]) for lp in folded_full.pop("loops")}
    loops_part = {tuple(lp["links"]) for lp in folded_part.pop("loops")}
    assert loops_part <= loops_full and (ID + "l7", ID + "l8") in {tuple(sorted(x)) for x in loops_part}
    assert loops_full - loops_part                        # the c <-> e loop is off the shown paths
    disputes_full, disputes_part = folded_full.pop("disputes", []), folded_part.pop("disputes", [])
    assert all(d in disputes_full for d in disputes_part)   # disputes about the shown paths' nodes
    loop_counts = ("nodes", "loops_total", "loops_truncated")   # the partial trace looks for fewer loops, by design
    for f in (folded_full, folded_part):
        f["folded"] = {k: v for k, v in f["folded"].items() if k != "loops"}
    assert {k: v for k, v in folded_part.items() if k not in loop_counts} == \
        {k: v for k, v in folded_full.items() if k not in loop_counts}


def test_a_remembered_trace_is_found_by_the_node_a_name_names_now():
    """Results are remembered by the node a name resolves to: after a write that makes the name name
    another node (here a new node whose address is the name, which outranks a label), the trace
    follows the name, not the node it named when the result was remembered."""
    s = make_store([("l1", "m", "a", 1, [1])], labels={"m": "Levy"})
    assert trace(s, "Levy")["measure"]["iri"] == ID + "m"
    assert trace(s, "Levy") is trace(s, "id:m")                   # one result, however the node is named
    s.update(f"INSERT DATA {{ GRAPH <{ID}doc/d9> {{ <{ID}Levy> a <https://w3id.org/policy-kg/ns#Actor> ; "
             "<http://www.w3.org/2004/02/skos/core#prefLabel> \"Someone\"@en . } }")
    with pytest.raises(NotCausal, match="has no causal links"):
        trace(s, "Levy")
    assert trace(s, "id:m")["measure"]["iri"] == ID + "m"
