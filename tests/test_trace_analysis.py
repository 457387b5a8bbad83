"""The walk and the loop finder on hand-built networkx graphs (no store), written for the mutants
that the trace tests let live: exact caps, the loops' links and their order, the loop budget."""
from __future__ import annotations

import networkx as nx

from kg.trace import analysis as a
from kg.trace.load import _Link
from kg.trace.scenario import compare, outcome


def graph(*edges):
    """edges: (cause, effect, key, sign[, support])."""
    G = nx.MultiDiGraph()
    for e in edges:
        u, v, k, s = e[:4]
        G.add_edge(u, v, key=k, sign=s, support=e[4] if len(e) > 4 else 1,
                   raw=_Link(u, v, "pk:Positive" if s > 0 else "pk:Negative", f"doc{k} 0 10"))
    for n in G:
        G.nodes[n].update(label=n.upper(), kind="Measure" if n.startswith("m") else "Factor")
    return G


def diamond(width: int) -> nx.MultiDiGraph:
    """m -> x_i -> t for i < width: ``width`` two-link paths from m to t."""
    return graph(*[e for i in range(width) for e in (("m", f"x{i}", f"a{i}", 1), (f"x{i}", "t", f"b{i}", -1))])


def test_path_cap_keeps_exactly_that_many_and_counts_every_sign():
    w = a.walk(diamond(5), "m", path_cap=3)
    assert sum(1 for t, _ in w.paths if t == "t") == 3 and "t" in w.capped
    assert w.signs["t"] == {-1} and w.distance["t"] == 2
    w = a.walk(diamond(3), "m", path_cap=3)
    assert sum(1 for t, _ in w.paths if t == "t") == 3 and "t" not in w.capped


def test_walk_from_a_node_outside_the_graph_is_empty():
    w = a.walk(diamond(1), "nowhere")
    assert w.paths == [] and w.signs == {} and not w.exhausted


def test_step_budget_is_exact():
    G = diamond(4)               # 8 extensions in all
    assert not a.walk(G, "m", step_budget=8).exhausted
    assert a.walk(G, "m", step_budget=7).exhausted


def test_signs_multiply_along_a_path():
    G = graph(("m", "x", "a", -1), ("x", "y", "b", -1), ("y", "t", "c", -1))
    w = a.walk(G, "m")
    assert w.signs == {"x": {-1}, "y": {1}, "t": {-1}}
    assert a.path_sign(G, [("m", "x", "a"), ("x", "y", "b")]) == 1
    assert a.net_of({1}) == "+" and a.net_of({-1}) == "-" and a.net_of({1, -1}) == "±"


def test_pruning_towards_a_target_never_loses_a_path():
    G = graph(("m", "x", "a", 1), ("x", "y", "b", 1), ("y", "t", "c", 1), ("m", "t", "d", -1), ("x", "z", "e", 1))
    to_t = a.walk(G, "m", to="t")
    everything = a.walk(G, "m")
    assert sorted(h for t, h in to_t.paths) == sorted(h for t, h in everything.paths if t == "t")
    assert to_t.signs == {"t": {1, -1}}


def test_loops_are_rotated_to_their_smallest_node_with_their_links():
    G = graph(("m", "b", "l1", 1), ("b", "c", "l2", -1), ("c", "b", "l3", 1), ("c", "d", "l4", 1))
    found, cut = a.loops(G, "m", {"c"})
    assert not cut
    assert found == [[("b", "c", "l2"), ("c", "b", "l3")]]
    assert a.path_sign(G, found[0]) == -1


def test_parallel_links_give_one_loop_each_and_the_cap_cuts():
    G = graph(("m", "b", "l1", 1), ("b", "c", "x", 1), ("b", "c", "y", -1), ("c", "b", "z", 1))
    found, cut = a.loops(G, "m", {"b"})
    assert not cut and [[k for _, _, k in c] for c in found] == [["x", "z"], ["y", "z"]]
    found, cut = a.loops(G, "m", {"b"}, cap=1)
    assert cut and len(found) == 1


def test_no_loops_without_touched_nodes_or_start():
    G = graph(("m", "b", "l1", 1), ("b", "m", "l2", 1))
    assert a.loops(G, "m", set()) == ([], False)
    assert a.loops(G, "elsewhere", {"m"}) == ([], False)
    assert a.loops(G, "m", {"m"})[0] == [[("b", "m", "l2"), ("m", "b", "l1")]]


def test_cycle_budget_cuts_and_says_so(monkeypatch):
    G = graph(("m", "b", "l1", 1), ("b", "m", "l2", 1), ("b", "c", "l3", 1), ("c", "b", "l4", 1))
    monkeypatch.setattr(a, "CYCLE_BUDGET", 5)     # 3 nodes reach b, then b -> c, c -> b (a loop), c's next: cut
    found, cut = a.loops(G, "m", {"b"})
    assert cut and found == [[("b", "c", "l3"), ("c", "b", "l4")]]


def test_scenario_outcome_and_comparison_have_the_documented_shape():
    G = graph(("m1", "x", "a", 1), ("x", "t", "b", 1), ("m2", "t", "c", -1))
    A = outcome(G, {"iri": "A", "label": "Scenario A"}, [{"iri": "m1", "label": "M one"}])
    B = outcome(G, {"iri": "B", "label": "Scenario B"}, [{"iri": "m2", "label": "M two"},
                                                         {"iri": "elsewhere", "label": "Not causal"}])
    assert A["scenario"]["measures"] == [{"iri": "m1", "label": "M one", "in_causal_layer": True}]
    assert B["scenario"]["measures"][1] == {"iri": "elsewhere", "label": "Not causal", "in_causal_layer": False}
    assert [p["id"] for p in A["paths"]] == ["p1", "p2"] and {p["measure"] for p in A["paths"]} == {"m1"}
    assert A["options"] == {"max_depth": 6, "min_support": 1, "path_cap": a.PATH_CAP} and A["truncated"] is False
    c = compare(G, A, B)
    change = next(ch for ch in c["changes"] if ch["iri"] == "t")
    assert change == {"iri": "t", "label": "T", "kind": "Factor", "a": "+", "b": "-", "changed": True,
                      "paths_a": [p["id"] for p in A["paths"] if p["target"] == "t"],
                      "paths_b": [p["id"] for p in B["paths"] if p["target"] == "t"]}
    x = next(ch for ch in c["changes"] if ch["iri"] == "x")
    assert x["a"] == "+" and x["b"] is None and x["changed"] and x["paths_b"] == []
    assert {k: [m["iri"] for m in v] for k, v in c["measures"].items()} == {
        "only_a": ["m1"], "only_b": ["elsewhere", "m2"], "both": []}


def test_depth_one_walks_one_link_and_pruning_is_tight_at_the_limit():
    G = graph(("m", "x", "a", 1), ("x", "y", "b", 1), ("y", "t", "c", 1))
    assert set(a.walk(G, "m", max_depth=1).signs) == {"x"}
    assert a.walk(G, "m", max_depth=3, to="t").signs == {"t": {1}}     # the path is exactly as long as allowed
    assert a.walk(G, "m", max_depth=2, to="t").signs == {}


def test_untouched_cycles_are_skipped_not_the_end_of_the_list():
    edges = [("m", "b", "l1", 1), ("b", "c", "l2", 1), ("c", "b", "l3", 1)]
    for i in range(6):      # cycles near the start that the paths never touch
        edges += [("m", f"u{i}", f"x{i}", 1), (f"u{i}", f"v{i}", f"y{i}", 1), (f"v{i}", f"u{i}", f"z{i}", 1)]
    found, cut = a.loops(graph(*edges), "m", {"c"})
    assert not cut and found == [[("b", "c", "l2"), ("c", "b", "l3")]]


def test_scenario_merges_measures_with_opposite_effects():
    G = graph(("m1", "t", "a", 1), ("m2", "t", "b", -1), ("m2", "y", "c", 1), ("y", "z", "d", 1), ("z", "y", "e", -1),
              ("m3", "t", "f", 1), ("m3", "w", "g", 1), ("w", "t", "h", 1))
    both = outcome(G, {"iri": "S", "label": "S"}, [{"iri": "m1", "label": "one"}, {"iri": "m2", "label": "two"}])
    t = next(x for x in both["targets"] if x["iri"] == "t")
    assert t["net"] == "±" and t["by_measure"] == {"m1": "+", "m2": "-"}
    assert [p["id"] for p in both["paths"]] == [f"p{i}" for i in range(1, len(both["paths"]) + 1)]
    assert {p["measure"] for p in both["paths"] if p["id"] in t["paths"]} == {"m1", "m2"}
    assert [lp["id"] for lp in both["loops"]] == ["l1"] and set(both["loops"][0]["links"]) == {"d", "e"}
    assert both["truncated"] is False
    capped = outcome(G, {"iri": "S", "label": "S"}, [{"iri": "m1", "label": "one"}, {"iri": "m3", "label": "three"}],
                     path_cap=1)
    assert capped["truncated"] is True
    only_minus = outcome(G, {"iri": "S", "label": "S"}, [{"iri": "m2", "label": "two"}])
    assert next(x for x in only_minus["targets"] if x["iri"] == "t")["net"] == "-"


def test_a_measure_in_force_is_not_a_target_but_what_follows_it_is():
    G = graph(("m1", "m2", "a", 1), ("m1", "t", "b", -1), ("m2", "u", "c", 1))
    out = outcome(G, {"iri": "S", "label": "S"}, [{"iri": "m1", "label": "one"}, {"iri": "m2", "label": "two"}])
    assert {t["iri"] for t in out["targets"]} == {"t", "u"}
