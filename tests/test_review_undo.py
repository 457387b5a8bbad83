"""Every review decision can be undone: an accept takes its statements out of the data file
(and a store, in the same step), a reject is forgotten; node fields take names, kinds take
pk: names (every text here is our own)."""
from __future__ import annotations

import json

from rdflib import Dataset, URIRef

from kg.core.namespaces import PK
from kg.curation.records import never_keys
from test_ingest import ingest, run, scratch, validate_ok  # noqa: F401  (scratch is a fixture)

TEXT = "Nvidia shipped 40 servers to Quorvane Dynamics, a broker. Nvidia was charged on Thursday.\n"


def graph(scratch, out):
    ds = Dataset()
    ds.parse(scratch["data"] / f"{out['id']}.trig", format="trig")
    return ds.graph(URIRef(out["iri"]))


def view(runner, scratch, out, *args):
    r = run(runner, ["review", out["id"], *args, "--json", *scratch["opts"]])
    assert r.exit_code == 0, r.output
    return {p["id"]: p for p in json.loads(r.stdout)["proposals"]}


def test_undo_an_accept_and_a_reject(runner, scratch):  # noqa: F811
    src = scratch["tmp"] / "notes.txt"
    src.write_text(TEXT, encoding="utf-8")
    out = ingest(runner, scratch, src, "--published", "2026-03-20")
    props = view(runner, scratch, out)
    figure = next(p for p in props.values() if p["kind"] == "figure")
    mention = next(p for p in props.values() if p["kind"] == "mention" and p["entity"].endswith("/nvidia"))
    event = next(p for p in props.values() if p["kind"] == "event")
    before = (scratch["data"] / f"{out['id']}.trig").read_text(encoding="utf-8")
    after = view(runner, scratch, out, "--accept", f"{mention['id']},{figure['id']}", "--never", event["id"])
    assert after[figure["id"]]["status"] == "accepted" and len(never_keys(scratch["data"])) == 1
    assert next(graph(scratch, out).subjects(PK.quantity, None), None) is not None
    after = view(runner, scratch, out, "--undo", f"{figure['id']},{event['id']}")
    assert after[figure["id"]]["status"] == "proposed" and after[event["id"]]["status"] == "proposed"
    assert after[mention["id"]]["status"] == "accepted"
    g = graph(scratch, out)
    assert next(g.subjects(PK.quantity, None), None) is None                  # the figure's statements are gone
    assert (URIRef(mention["entity"]), PK.evidence, None) in g                  # the mention's stay
    assert not never_keys(scratch["data"])                                      # the rejection is forgotten
    validate_ok(runner, scratch)
    # undo the mention too: the file is as it was before any accept
    view(runner, scratch, out, "--undo", mention["id"])
    assert (scratch["data"] / f"{out['id']}.trig").read_text(encoding="utf-8") == before
    r = run(runner, ["review", out["id"], "--undo", mention["id"], *scratch["opts"]])
    assert r.exit_code == 1 and "nothing to undo" in r.output


def test_a_kind_by_its_pk_name_and_a_merge_by_label(runner, scratch):  # noqa: F811
    src = scratch["tmp"] / "notes.txt"
    src.write_text(TEXT, encoding="utf-8")
    out = ingest(runner, scratch, src, "--published", "2026-03-20")
    props = view(runner, scratch, out)
    broker = next(p for p in props.values() if p["kind"] == "entity" and p["label"] == "Quorvane Dynamics")
    after = view(runner, scratch, out, "--edit", broker["id"], "class=pk:Publisher", "--accept", broker["id"])
    assert after[broker["id"]]["status"] == "accepted"
    assert (None, None, PK.Publisher) in graph(scratch, out)
    r = run(runner, ["review", out["id"], "--merge", broker["id"], "Nvidia", *scratch["opts"]])
    assert r.exit_code == 1 and "already accepted" in r.output
    view(runner, scratch, out, "--undo", broker["id"])
    after = view(runner, scratch, out, "--merge", broker["id"], "Nvidia")
    assert after[broker["id"]]["kind"] == "mention" and after[broker["id"]]["entity"].endswith("/nvidia")
    r = run(runner, ["review", out["id"], "--merge", broker["id"], "No Such Firm Anywhere", *scratch["opts"]])
    assert r.exit_code == 2 and "no node is labelled" in r.output      # bad input: exit 2


def test_merges_and_kinds_are_learned_for_later_documents(runner, scratch):  # noqa: F811
    src = scratch["tmp"] / "notes.txt"
    src.write_text("Traders said Team Green shipped 40 servers to Quorvane Dynamics, a broker.\n", encoding="utf-8")
    out = ingest(runner, scratch, src, "--published", "2026-03-20")
    props = view(runner, scratch, out)
    nick = next(p for p in props.values() if p["kind"] == "entity" and p["label"] == "Team Green")
    firm = next(p for p in props.values() if p["kind"] == "entity" and p["label"] == "Quorvane Dynamics")
    view(runner, scratch, out, "--merge", nick["id"], "Nvidia", "--edit", firm["id"], "class=Publisher")
    later = scratch["tmp"] / "later.txt"
    later.write_text("A week on, Team Green sold more boards, and Quorvane Dynamics wrote about it.\n", encoding="utf-8")
    out2 = ingest(runner, scratch, later, "--published", "2026-03-27")
    props2 = view(runner, scratch, out2)
    assert any(p["kind"] == "mention" and p["text"] == "Team Green" and p["entity"].endswith("/nvidia")
               for p in props2.values())
    firm2 = next(p for p in props2.values() if p["kind"] == "entity" and p["label"] == "Quorvane Dynamics")
    assert firm2["class"].endswith("#Publisher") and firm2["learned"] is True
