"""Counting paths instead of walking them all (``kg.trace.counting``), checked against the exhaustive
walk: on 200 random small signed graphs (acyclic and with loops) the same targets, distances, shown
paths (in the walk's order) and net signs of shown targets, and on acyclic ones the same counts and
net signs for every target; on the curated graph every measure's page is the same either way."""
from __future__ import annotations

import random

import networkx as nx
import pytest

from kg.trace import analysis as a, counting, fold_result, load_causal_graph
from kg.trace import result as result_module
from kg.trace.counting import shown_walk
from kg.trace.load import _Link
from kg.trace.result import build


def random_graph(rng: random.Random, acyclic: bool) -> nx.MultiDiGraph:
    n = rng.randint(3, 12)
    G = nx.MultiDiGraph()
    G.add_nodes_from((f"n{i}", {"label": f"N{rng.randint(0, 4)}", "kind": "Factor"}) for i in range(n))
    for j in range(rng.randint(n, 4 * n)):
        u, v = rng.sample(range(n), 2)
        if acyclic and u > v:
            u, v = v, u
        s = rng.choice((1, -1))
        G.add_edge(f"n{u}", f"n{v}", key=f"k{rng.randint(0, 999):03d}-{j}", sign=s, support=1,
                   raw=_Link(f"n{u}", f"n{v}", "pk:Positive" if s > 0 else "pk:Negative", ""))
    return G


def order_of(G):
    return lambda d, t: (d, G.nodes[t]["label"].casefold(), t)


def first_paths(w: a.Walk, t: str) -> list:
    return [hops for target, hops in w.paths if target == t]


CASES = [(seed, seed % 2 == 0) for seed in range(200)]


@pytest.mark.parametrize("seed,acyclic", CASES)
def test_counting_agrees_with_the_exhaustive_walk(seed, acyclic):
    rng = random.Random(seed)
    G = random_graph(rng, acyclic)
    depth, cap = rng.randint(1, 6), rng.choice((1, 2, 3, 50))
    start = "n0"
    every = a.walk(G, start, max_depth=depth, path_cap=10**9, step_budget=10**9)
    listed = a.walk(G, start, max_depth=depth, path_cap=cap, step_budget=10**9)
    c = shown_walk(G, start, max_depth=depth, to=None, path_cap=cap, shown_targets=10**6, order=order_of(G))
    assert c.distance == every.distance and set(c.signs) == set(every.signs)
    assert not c.cut
    for t in every.signs:     # every target is shown here: its paths and net sign are exact
        assert first_paths(c, t) == first_paths(listed, t)
        assert c.signs[t] == every.signs[t], t
        assert (t in c.capped) == (t in listed.capped)
    assert not c.approximate
    folded = shown_walk(G, start, max_depth=depth, to=None, path_cap=cap, shown_targets=0, order=order_of(G))
    paths_to = {t: len(first_paths(every, t)) for t in every.signs}
    if acyclic:               # no loop: every walk is a simple path, counts and signs are exact
        assert folded.counting == "dag" and not folded.approximate
        assert folded.signs == every.signs and folded.counts == paths_to
    else:                     # walks round a loop may add signs and count more, never fewer
        assert all(folded.signs[t] >= every.signs[t] and folded.counts[t] >= paths_to[t] for t in every.signs)
        if folded.counting == "dag":
            assert folded.signs == every.signs and folded.counts == paths_to
        else:
            assert folded.approximate == set(folded.signs)
    to = rng.choice(sorted(G))
    one = shown_walk(G, start, max_depth=depth, to=to, path_cap=cap, shown_targets=1, order=order_of(G))
    exact = a.walk(G, start, max_depth=depth, to=to, path_cap=cap, step_budget=10**9)
    assert one.signs == exact.signs and one.paths == exact.paths and one.capped == exact.capped


def link(G: nx.MultiDiGraph, u: str, v: str, key: str, sign: int) -> None:
    G.add_edge(u, v, key=key, sign=sign, support=1, raw=_Link(u, v, "pk:Positive" if sign > 0 else "pk:Negative", ""))


def test_a_search_that_runs_out_of_budget_says_so(monkeypatch):
    G = nx.MultiDiGraph()
    for i in range(6):   # m -> x_i -> y_j -> t: 36 paths to t, of both signs (through y0: negative)
        link(G, "m", f"x{i}", f"a{i}", 1)
        link(G, f"y{i}", "t", f"c{i}", 1 if i else -1)
        for j in range(6):
            link(G, f"x{i}", f"y{j}", f"b{i}{j}", 1)
    for n in G:
        G.nodes[n].update(label=n, kind="Factor")
    c = shown_walk(G, "m", max_depth=3, to=None, path_cap=50, shown_targets=20, order=order_of(G), budget=10)
    assert c.cut and c.cut <= c.capped
    monkeypatch.setattr(result_module, "EXACT_BUDGET", 0)
    whole = build(G, "m", max_depth=3, shown=(20, 3))
    assert whole["counting"] == "dag" and not whole["truncated"]
    assert [(t["iri"], t["net"], t["paths_total"]) for t in whole["targets"]][-1] == ("t", "±", 36)
    monkeypatch.setattr(counting, "SEARCH_BUDGET", 10)
    cut = build(G, "m", max_depth=3, shown=(20, 3))
    assert cut["truncated"] and any(t["truncated"] for t in cut["targets"])


def test_the_curated_pages_are_the_same_when_paths_are_counted(store, monkeypatch):
    """Every start of the curated causal layer: the page's result (25 targets, 5 paths) built by the
    exhaustive walk and by counting (forced: no link may be walked exhaustively) is the same."""
    G = load_causal_graph(store)
    starts = [n for n in G if G.out_degree(n)]
    assert len(starts) > 10
    exact = {s: build(G, s, shown=(25, 5)) for s in starts}
    monkeypatch.setattr(result_module, "EXACT_BUDGET", 0)
    for s in starts:
        counted = build(G, s, shown=(25, 5))
        assert exact[s]["counting"] == "paths" and counted["counting"] in ("dag", "walks")
        old, new = (fold_result(r, targets=25, paths=5) for r in (exact[s], counted))
        for r in (old, new):
            r.pop("counting")
        if counted["counting"] == "walks":   # the folded targets' counts may include walks round a loop
            assert new["folded"]["paths"] >= old["folded"]["paths"]
            new["folded"]["paths"] = old["folded"]["paths"]
        for t in old["targets"]:
            t.pop("approximate", None)
        assert new == old, s


def test_what_acts_on_a_target_is_the_same_when_paths_are_counted(store, monkeypatch):
    """Every target of the curated layer: the measures reaching it, their net effects and path counts,
    by the exhaustive walk back and by counting (forced)."""
    import kg.trace as tr
    import kg.trace.reaching as reaching

    G = load_causal_graph(store)
    ends = [n for n in G if G.in_degree(n)]
    exact = {t: tr.measures_reaching(store, t, graph=G) for t in ends}
    monkeypatch.setattr(reaching, "EXACT_BUDGET", 0)
    loops = 0
    for t in ends:
        counted = tr.measures_reaching(store, t, graph=G)
        assert exact[t]["counting"] == "paths" and counted["counting"] in ("dag", "walks")
        if counted["counting"] == "dag":
            assert counted["measures"] == exact[t]["measures"], t
        else:                  # walks round a loop may add a sign or a path, never drop one
            loops += 1
            mine = {m["measure"]["iri"]: m for m in counted["measures"]}
            assert set(mine) == {m["measure"]["iri"] for m in exact[t]["measures"]}
            for m in exact[t]["measures"]:
                got = mine[m["measure"]["iri"]]
                assert got["approximate"] and got["paths"] >= m["paths"]
                assert m["net"] == got["net"] or got["net"] == "±"
    assert loops < len(ends)
