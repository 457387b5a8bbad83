"""'What acts on this?': every measure whose paths reach a target, with its net sign there."""
from __future__ import annotations

import threading

import pytest
from bs4 import BeautifulSoup

from kg.trace import measures_reaching

ID = "https://w3id.org/policy-kg/id/"


def test_measures_reaching_frontier_capability(store):
    r = measures_reaching(store, "id:capability-china-frontier-ai")
    nets = {m["measure"]["iri"]: m["net"] for m in r["measures"]}
    assert r["target"]["iri"] == ID + "capability-china-frontier-ai"
    for measure in ("measure-dc-access-limits", "measure-distillation-ban", "measure-chip-smuggling-enforcement"):
        assert nets[ID + measure] == "-", measure
    # no document states what the H200 exception does to China's compute (issue 12): it reaches nothing causal
    assert ID + "measure-h200-levy-exception" not in nets
    assert all(m["paths"] >= 1 for m in r["measures"])


def test_min_support_can_only_remove_measures(store):
    loose = {m["measure"]["iri"] for m in measures_reaching(store, "id:outcome-us-lead")["measures"]}
    strict = {m["measure"]["iri"] for m in measures_reaching(store, "id:outcome-us-lead", min_support=3)["measures"]}
    assert strict < loose


def test_trace_page_with_only_a_target_lists_the_measures(client):
    html = client.get("/trace", params={"to": "id:capability-china-frontier-ai"}, headers={"accept": "text/html"})
    assert html.status_code == 200
    rows = BeautifulSoup(html.text, "html.parser").select("table.reaching-table tbody tr")
    labels = [r.find("a").get_text() for r in rows]
    assert "Limit foreign access to sensitive data centres" in labels
    data = client.get("/trace.json", params={"to": "id:capability-china-frontier-ai"}).json()
    assert len(data["measures"]) == len(rows)


def test_factor_entity_page_links_to_it(client):
    page = client.get("/id/pathway-illicit-compute-access", headers={"accept": "text/html"})
    link = BeautifulSoup(page.text, "html.parser").find("a", string="Measures that act on this")
    assert link is not None and "to=" in link["href"]


def test_one_backward_walk_finds_what_a_trace_from_every_measure_finds(store):
    """measures_reaching walks back from the target once; its answer must equal tracing forward
    from every measure (the slow way) for every target of the curated graph."""
    from kg import trace as T

    G = T.causal_graph(store)
    for target in T.targets(G):
        fast = {m["measure"]["iri"]: (m["net"], m["paths"]) for m in T.measures_reaching(store, target["iri"])["measures"]}
        slow = {}
        for m in T.starts(G):
            if m["kind"] in ("Measure", "PolicyPackage") and m["iri"] != target["iri"]:
                hit = next((x for x in T.trace_graph(G, m["iri"], to=target["iri"])["targets"]
                            if x["iri"] == target["iri"]), None)
                if hit:
                    slow[m["iri"]] = (hit["net"], len(hit["paths"]))
        assert fast == slow, target["label"]


def test_what_acts_on_a_target_folds_past_the_limit(client):
    whole = client.get("/trace.json", params={"to": "id:capability-china-frontier-ai", "limit": 1000}).json()
    assert whole["measures_total"] == len(whole["measures"]) > 2 and whole["folded"]["measures"] == 0
    two = client.get("/trace.json", params={"to": "id:capability-china-frontier-ai", "limit": 2}).json()
    assert two["measures"] == whole["measures"][:2]
    assert two["measures_total"] == whole["measures_total"] and two["folded"]["measures"] == whole["measures_total"] - 2
    html = client.get("/trace", params={"to": "id:capability-china-frontier-ai", "limit": 2},
                      headers={"accept": "text/html"}).text
    assert f"{whole['measures_total'] - 2} more measures" in html


def _by_counting(G, target: str, max_depth: int, cap: int) -> dict:
    """What acts on ``target`` from the walk counts a trace uses (``kg.trace.counting``), every measure:
    the signs and counts of walks back from the target, layer by layer."""
    from kg.trace.analysis import net_of
    from kg.trace.counting import shown_walk

    w = shown_walk(G.reverse(copy=False), target, max_depth=max_depth, to=None, path_cap=cap, shown_targets=0,
                   order=lambda d, n: (d, n))
    attrs = G._node
    rows = [{"measure": {"iri": n, "label": attrs[n]["label"]}, "net": net_of(s), "paths": min(w.counts[n], cap),
             **({"approximate": True} if w.counting == "walks" else {})}
            for n, s in w.signs.items() if attrs[n]["kind"] in ("Measure", "PolicyPackage")]
    rows.sort(key=lambda m: (m["net"], m["measure"]["label"].casefold(), m["measure"]["iri"]))
    return {"measures": rows, "counting": w.counting}


def _random_layer(seed: int, nodes: int = 240, links: int = 900):
    """A causal layer with loops, parallel links of both signs, and measures among the causes."""
    import random

    import networkx as nx

    rng = random.Random(seed)
    G = nx.MultiDiGraph()
    for i in range(nodes):
        G.add_node(f"n{i:03d}", label=rng.choice(["Alpha", "beta", "Gamma", "delta"]) + f" {i % 17}",
                   kind="Measure" if i % 3 == 0 else "PolicyPackage" if i % 29 == 0 else "Pathway")
    for k in range(links):
        u, v = rng.sample(sorted(G), 2)
        G.add_edge(u, v, f"link-{k:04d}", sign=rng.choice([1, 1, -1]), support=1)
        if k % 50 == 0:                           # a parallel link of the other sign
            G.add_edge(u, v, f"link-{k:04d}b", sign=-G.edges[u, v, f"link-{k:04d}"]["sign"], support=1)
    return G


@pytest.mark.parametrize("seed, depth", [(1, 6), (2, 4), (3, 3)])
def test_counted_entries_are_the_walk_counts_and_a_page_is_the_first_of_them(seed, depth, monkeypatch):
    """Past the exact walk's budget, "what acts on" finds the net signs by one search over (node, sign)
    and counts paths for the measures shown only: the same entries, in the same order, as counting
    every walk back from the target; a page of them is the first entries of the whole list."""
    import kg.trace.reaching as reaching

    monkeypatch.setattr(reaching, "EXACT_BUDGET", 0)
    G = _random_layer(seed)
    ends = sorted(n for n in G if G.in_degree(n))[::7]
    looped = 0
    for t in ends:
        whole = reaching.acting_on(G, {"iri": t, "label": t}, max_depth=depth, path_cap=5)
        expected = _by_counting(G, t, depth, 5)
        assert whole["measures"] == expected["measures"] and whole["counting"] == expected["counting"], t
        assert whole["measures_total"] == len(whole["measures"]) and not whole["truncated"]
        looped += whole["counting"] == "walks"
        for shown in (1, 3, 40):
            page = reaching.acting_on(G, {"iri": t, "label": t}, max_depth=depth, path_cap=5, shown=shown)
            assert page["measures"] == whole["measures"][:shown], (t, shown)
            assert page["measures_total"] == whole["measures_total"]
    assert looped and any(m["net"] == "±" for m in whole["measures"])


def test_a_page_of_what_acts_on_the_curated_targets_is_the_start_of_the_whole_list(store):
    from kg import trace as T

    G = T.causal_graph(store)
    for target in T.targets(G):
        whole = T.measures_reaching(store, target["iri"])
        assert whole["measures_total"] == len(whole["measures"])
        page = T.measures_reaching(store, target["iri"], shown=2)
        assert page["measures"] == whole["measures"][:2] and page["measures_total"] == whole["measures_total"]


class _Watched:
    """A lock that tells (``waited``) when someone had to wait for it."""

    def __init__(self, waited: threading.Event) -> None:
        self._lock, self.waited = threading.Lock(), waited

    def acquire(self, blocking: bool = True) -> bool:
        if self._lock.acquire(blocking=False):
            return True
        if not blocking:
            self.waited.set()
            return False
        return self._lock.acquire()

    def release(self) -> None:
        self._lock.release()


def test_a_relabel_while_the_order_is_made_waits_for_it(settings, tmp_path, monkeypatch):
    """The warm-up makes the measures' order while a write relabels a measure in place: the relabel
    waits until the order is made (and then moves the measure in it), so the order kept is never one
    made from the labels before the write."""
    from kg.core.settings import Settings
    from kg.store.build import open_store
    from kg.trace import causal_graph, prepared
    from holding import build_held

    store = open_store(Settings.from_env(env={}, store="memory", corpus=settings.corpus, store_path=str(tmp_path / "s")))
    G = causal_graph(store)
    progress = threading.Event()          # the write either waited for the order or ended
    monkeypatch.setattr(prepared, "_order_lock", _Watched(progress))
    rename = (f'INSERT DATA {{ GRAPH <{ID}doc/001_ee16a0d438a18aaf> {{ <{ID}measure-dc-access-limits> '
              f'skos:prefLabel "Aaaa first measure"@en . }} }}')

    def write() -> None:
        store.update(rename)
        assert causal_graph(store) is G   # followed in place: the label changes in G
        progress.set()
    with build_held(monkeypatch, prepared, "_keep_order", lambda: prepared.measure_order(G)) as (_, release):
        writer = threading.Thread(target=write)
        writer.start()
        assert progress.wait(60)
        release.set()
    writer.join()
    order, _ = prepared.measure_order(G)
    attrs = G._node
    assert order == sorted((n for n in G if attrs[n]["kind"] in ("Measure", "PolicyPackage")),
                           key=lambda n: (attrs[n]["label"].casefold(), n))
    assert order[0] == ID + "measure-dc-access-limits"
