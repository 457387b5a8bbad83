"""'What acts on this?': every measure whose paths reach a target, with its net sign there."""
from __future__ import annotations

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
