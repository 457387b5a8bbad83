"""A trace asked for while the whole causal layer is still being read (the warm-up after a start)
answers at once from the measure's neighbourhood (``kg.trace.near``), with the same result."""
from __future__ import annotations

from contextlib import contextmanager

import pytest
from fastapi.testclient import TestClient

from kg import queries
from kg.core.settings import Settings
from kg.index.cache import forget
from kg.trace import NotCausal, causal_graph, layer, trace
from kg.trace.near import near_graph
from kg.trace.result import build
from holding import build_held
from test_trace import make_store
from web.app import create_app

LINKS = [("l1", "m", "a", -1, [1]), ("l2", "a", "t", 1, [1, 2]), ("l3", "m", "t", 1, [2]), ("l4", "t", "a", 1, [2]),
         ("l5", "t", "u", -1, [3]), ("l6", "u", "v", 1, [3]), ("l7", "v", "t", 1, [1]), ("l8", "x", "m", 1, [1])]


def without_layer(result: dict) -> dict:
    assert result.pop("layer") == "near"
    return result


def test_the_neighbourhood_gives_the_whole_layers_trace_on_the_curated_graph(store):
    """Every start of the curated layer: the page's trace over its neighbourhood (evidence read for
    the shown links only) is the trace over the whole layer."""
    G = causal_graph(store)
    starts = [n for n in G if G.out_degree(n)]
    assert len(starts) > 10
    for s in starts:
        near = near_graph(store, s, 6)
        assert not near.graph["near_cut"]
        assert build(near, s, shown=(25, 5)) == build(G, s, shown=(25, 5)), s
        assert all("raw" not in d for _, _, d in near.edges(data=True)
                   if not d.get("sources")), "evidence read only for shown links"


@contextmanager
def layer_held(monkeypatch, store):
    """The warm-up's read of the whole layer, started in a thread and held until the block ends."""
    with build_held(monkeypatch, layer, "load_light", lambda: causal_graph(store)) as (warm, release):
        assert layer.layer_waits(store)
        yield warm, release


def test_a_trace_during_the_warm_up_answers_before_the_layer_is_read(monkeypatch, tmp_path):
    store = make_store(LINKS)
    expected = trace(store, "id:m", shown=(25, 5))          # over the whole layer, then forgotten
    forget(store)
    with layer_held(monkeypatch, store) as (warm, release):
        got = trace(store, "id:m", shown=(25, 5))
        assert without_layer(got) == expected
        settings = Settings.from_env(env={}, store="memory", corpus=str(tmp_path), warm_up=0)
        with TestClient(create_app(settings, store)) as web:
            page = web.get("/trace.json", params={"from": "id:m"})
            assert page.status_code == 200 and page.json()["layer"] == "near"
            assert [t["net"] for t in page.json()["targets"]] == [t["net"] for t in expected["targets"]]
            assert web.get("/trace", params={"from": "id:m"}, headers={"accept": "text/html"}).status_code == 200
            form = web.get("/trace.json")
            assert form.status_code == 200 and form.json()["starts"] == []   # choices come with the layer
            assert not release.is_set() and warm.is_alive()             # all answered while the read was held
    assert not layer.layer_waits(store) and "layer" not in trace(store, "id:m", shown=(25, 5))


def test_a_bounded_read_says_the_trace_is_cut(monkeypatch):
    store = make_store(LINKS)
    monkeypatch.setattr("kg.trace.near.NEAR_LINKS", 1)
    G = near_graph(store, "https://w3id.org/policy-kg/id/m", 6)
    assert G.graph["near_cut"] and G.number_of_edges() == 2   # the first layer only: m's two links


def test_the_light_layer_is_the_full_reader_s_with_evidence_read_per_link(store):
    """The layer a store keeps (kg.trace.light) against the full reader (every row read at once) on the
    curated graph: the same factors, names, kinds, links, signs and supports, and the same evidence
    for every link, each read when first asked for."""
    from kg.index.labels import index as label_index
    from kg.trace.light import load_light
    from kg.trace.load import EVIDENCE_KEYS, evidence, load_causal_graph

    full, light = load_causal_graph(store), load_light(store)
    idx = label_index(store)
    # the claims about links and their claimers: the light query's, as the full reader's rows name them
    stances = {(str(r["claim"]), str(r["claimer"]) if r.get("claimer") is not None else None)
               for r in store.select(queries.get("causal_subgraph")) if r.get("claim") is not None}
    assert len(stances) > 10 and set(store.values(queries.get("causal_link_claims"))) == stances
    assert sorted(light.nodes) == sorted(full.nodes) and light.number_of_edges() == full.number_of_edges() > 30
    for n in full:
        assert light.nodes[n]["kind"] == full.nodes[n]["kind"]
        assert light.nodes[n]["label"] == (idx.known(n) or full.nodes[n]["label"])
    full.graph["labels"] = light.graph["labels"]          # both name claims and documents from the index
    for u, v, k, d in full.edges(keys=True, data=True):
        mine = light.edges[u, v, k]
        assert (mine["sign"], mine["support"]) == (d["sign"], d["support"])
        assert "raw" not in mine
        assert {x: evidence(light, u, v, k)[x] for x in EVIDENCE_KEYS} == {x: evidence(full, u, v, k)[x]
                                                                          for x in EVIDENCE_KEYS}


def test_names_during_the_warm_up_resolve_as_over_the_whole_layer(monkeypatch):
    """Read around the measure, a name shared by a causal factor and another node names the factor, a
    node without causal links is the "no causal links" error (with the factors named like it), and a
    node with links into it only traces as empty: as over the whole layer."""
    store = make_store(LINKS + [("l9", "u", "w", 1, [3])], labels={"a": "Access", "q": "Access"})
    whole = {}
    for name in ("Access", "id:w"):
        whole[name] = trace(store, name, shown=(25, 5))
    with pytest.raises(NotCausal) as over_whole:
        trace(store, "id:q")
    assert whole["Access"]["measure"]["iri"].endswith("/a") and not whole["id:w"]["targets"]
    forget(store)
    with layer_held(monkeypatch, store):
        for name in ("Access", "id:w"):
            assert without_layer(trace(store, name, shown=(25, 5))) == whole[name], name
        with pytest.raises(NotCausal, match="has no causal links") as near:
            trace(store, "id:q")
        assert near.value.candidates == over_whole.value.candidates and near.value.candidates
        with pytest.raises(NotCausal):
            trace(store, "Access", to="id:q")
        assert layer.layer_waits(store)


def test_an_entity_s_differences_without_the_layer_are_those_with_it(store):
    """Until the causal layer is in memory an entity page reads the links into and out of its node
    (``links_around``): every node's sign differences are those read from the whole layer (the
    curated graph, and a hand-made one where documents sign a link both ways)."""
    from kg.trace.differences import around, sign_differences
    from kg.trace.near import links_around

    label = lambda x: x
    for s, expected in ((store, False), (make_store(LINKS + [("l10", "a", "t", -1, [3])]), True)):
        G = causal_graph(s)
        found = 0
        for n in G:
            mine = sign_differences(links_around(s, n), around(G, n), label)
            assert mine == sign_differences(G, around(G, n), label), n
            found += len(mine)
        assert bool(found) == expected
