"""Answers that say how sure they are (issue 22): who disagrees with the premises of a trace, and
how many independent sources (origins) stand behind each hop, on the curated graph."""
from __future__ import annotations

import json

import pytest

from kg.cli import main
from kg.trace import fold_result, trace
from test_trace_web import diagram_url

ID = "https://w3id.org/policy-kg/id/"
DOC = ID + "doc/"
MEASURE = "Limit foreign access to sensitive data centres"
PAPER = ID + "report-2028-scenarios"


@pytest.fixture(scope="module")
def dc_json(settings, tmp_path_factory):
    """``kg trace MEASURE --format json`` on the curated data, as an analyst runs it."""
    from click.testing import CliRunner

    r = CliRunner().invoke(main, ["trace", MEASURE, "--format", "json", "--store", "memory",
                                  "--data", str(settings.data_dir), "--corpus", str(settings.corpus)])
    assert r.exit_code == 0, r.output
    return json.loads(r.output)


def test_disputes_name_the_observers_and_zhang_chi(dc_json):
    disputes = {d["claim"]: d for d in dc_json["disputes"]}
    drivers = disputes[ID + "claim-china-progress-drivers"]
    assert drivers["about"] == [ID + "capability-china-frontier-ai"]
    assert [c["iri"] for c in drivers["claimers"]] == [ID + "anthropic"]
    against = {c["claim"]: [x["iri"] for x in c["claimers"]] for c in drivers["contested_by"]}
    assert against == {ID + "claim-observers-doubt-china-gains": [ID + "skeptical-observers"],
                       ID + "claim-zhang-china-falling-behind": [ID + "zhang-chi"]}
    closing = disputes[ID + "claim-china-closing-gap"]
    assert [c["claim"] for c in closing["contested_by"]] == [ID + "claim-zhang-china-falling-behind"]
    zhang_docs = {d["iri"] for d in closing["contested_by"][0]["documents"]}
    assert zhang_docs == {DOC + "000_0196abc190c539be", DOC + "001_ee16a0d438a18aaf"}
    assert {d["iri"] for d in closing["documents"]} >= zhang_docs
    # every disputed claim is about a node some shown path passes through
    on_paths = {n for p in dc_json["paths"] for h in p["hops"] for n in (h["from"], h["to"])}
    assert all(set(d["about"]) <= on_paths for d in dc_json["disputes"])


def test_first_hop_is_one_source_relayed_by_two_documents(dc_json):
    first = dc_json["paths"][0]["hops"][0]
    assert (first["from"], first["to"]) == (ID + "measure-dc-access-limits", ID + "pathway-illicit-compute-access")
    assert first["support"] == 2 and first["independent"] == 1          # two documents, one source
    (origin,) = first["origins"]
    assert origin["iri"] == PAPER and origin["label"] == "Anthropic's paper"
    assert [d["iri"] for d in origin["documents"]] == [DOC + "003_1fec6e346c5e7f15", DOC + "004_a34f769d077ce506"]
    assert dc_json["paths"][0]["independent"] == 1


def test_a_documents_own_reporting_is_its_own_origin(store):
    r = trace(store, "id:measure-chip-export-controls", to="id:capability-china-compute", max_depth=1)
    (hop,) = [h for p in r["paths"] for h in p["hops"] if h["link"] == ID + "link-chip-export-controls-china-compute"]
    origins = {o["iri"]: [d["iri"] for d in o["documents"]] for o in hop["origins"]}
    own = [o for o in origins if o.startswith(DOC)]
    assert own and all(origins[o] == [o] for o in own)     # doc 001's analysis: its own origin
    assert hop["independent"] == len(origins) >= 2


def test_min_independent_drops_links_with_fewer_sources(store):
    every = trace(store, "id:measure-chip-export-controls")
    strict = trace(store, "id:measure-chip-export-controls", min_independent=2)
    assert strict["options"]["min_independent"] == 2
    kept = [h for p in strict["paths"] for h in p["hops"]]
    assert kept and all(h["independent"] >= 2 for h in kept)
    weak = {h["link"] for p in every["paths"] for h in p["hops"] if h["independent"] < 2}
    assert weak and not weak & {h["link"] for h in kept}


def test_min_independent_in_the_cli_and_its_text(runner, settings):
    args = ["--store", "memory", "--data", str(settings.data_dir), "--corpus", str(settings.corpus)]
    r = runner.invoke(main, ["trace", MEASURE, *args])
    assert r.exit_code == 0, r.output
    assert "Who disagrees" in r.output and "contested by Observers who doubt China is catching up, Zhang Chi" in r.output
    assert "independent: 1 source (Anthropic's paper), reported by 2 documents" in r.output
    r = runner.invoke(main, ["trace", MEASURE, "--min-independent", "2", *args])
    assert r.exit_code == 0 and "No target is reachable" in r.output   # every link from it rests on the paper
    assert runner.invoke(main, ["trace", MEASURE, "--min-independent", "0", *args]).exit_code == 2


def test_disputes_follow_the_paths_shown(store):
    near = trace(store, MEASURE, to="id:pathway-illicit-compute-access")
    assert near["disputes"] == []                     # nothing disputed about the measure or the pathways
    full = trace(store, MEASURE)
    folded = fold_result(full, targets=1, paths=1)    # only the first target stays
    assert full["disputes"] and folded["disputes"] == []


def test_trace_page_says_who_disagrees_and_how_many_sources(client):
    body = client.get("/trace.json", params={"from": MEASURE}).json()
    assert {d["claim"] for d in body["disputes"]} >= {ID + "claim-china-progress-drivers"}
    assert body["paths"][0]["hops"][0]["independent"] == 1
    html = client.get("/trace", params={"from": MEASURE}).text
    assert 'id="who-disagrees"' in html and "Zhang Chi" in html
    assert "1 independent source (" in html and "Anthropic&#39;s paper" in html
    # the diagram: nodes link to their pages, each link's tooltip says how independent its sources are
    svg = client.get(diagram_url(html)).text
    assert 'xlink:href="/id/measure-dc-access-limits"' in svg
    assert 'xlink:title="decreases: 1 source (Anthropic&#39;s paper), reported by 2 documents"' in svg
    assert client.get("/trace.json", params={"from": MEASURE, "min_independent": 0}).status_code == 400


def test_differences_between_documents_on_the_trace_and_the_entity_page(dc_json, client):
    pairs = {(d["a"]["claim"], d["b"]["claim"]): d for d in dc_json["differences"] if d["kind"] == "claims"}
    lead = pairs[(ID + "claim-lead-12-24-months", ID + "claim-lose-lead-in-two-years")]
    assert lead["about"] == [ID + "outcome-us-lead"]
    assert {f["iri"] for f in lead["a"]["figures"]} == {ID + "figure-lead-12-24-months", ID + "figure-lead-1-2-years"}
    assert [d["iri"] for d in lead["b"]["documents"]] == [DOC + "004_a34f769d077ce506"]
    page = client.get("/id/outcome-us-lead.json").json()
    assert [(d["a"]["claim"], d["b"]["claim"]) for d in page["differences"]] == [
        (ID + "claim-lead-12-24-months", ID + "claim-lose-lead-in-two-years")]
    assert 'id="reported-differently"' in client.get("/id/outcome-us-lead").text


def test_opposite_signs_for_one_link_are_flagged():
    from test_trace import make_store

    store = make_store([("up", "m", "a", 1, [1]), ("down", "m", "a", -1, [2]), ("on", "a", "t", 1, [1, 2])])
    r = trace(store, "id:m")
    (d,) = r["differences"]
    assert (d["kind"], d["from"], d["to"]) == ("signs", ID + "m", ID + "a")
    assert (d["a"]["link"], d["a"]["polarity"], d["b"]["link"], d["b"]["polarity"]) == (ID + "up", "+", ID + "down", "-")
    assert [x["iri"] for x in d["a"]["documents"]] == [DOC + "d1"] and [x["iri"] for x in d["b"]["documents"]] == [DOC + "d2"]
    from kg.trace import format_text
    assert "Reported differently" in format_text(r) and "M -> A: + in d1, - in d2" in format_text(r)
