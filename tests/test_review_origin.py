"""The review proposes what a new document relays ("a paper by Anthropic": the graph's report by
Anthropic) and accepting it writes pk:relays on the document's passages, so that a trace counts
the new document under that origin rather than as a source of its own; undoing the accept takes
the statements out again (every sentence here is our own)."""
from __future__ import annotations

from rdflib import Dataset, URIRef

from kg.core.namespaces import PK
from kg.core.settings import Settings
from kg.curation.records import read_review
from kg.store import memory_store
from kg.store.build import load_sources
from kg.trace.origins import link_origins
from test_ingest import ingest, run, scratch, validate_ok  # noqa: F401  (scratch is a fixture)
from test_review_undo import view

ID = "https://w3id.org/policy-kg/id/"
TEXT = ("Harbour Ledger looked at the trade in accelerators this spring.\n"
        "According to a paper by Anthropic, chip smuggling increases illicit compute access for rival labs.\n")
LINK = ID + "link-chip-smuggling-illicit-compute"
REPORT = ID + "report-2028-scenarios"


def proposed(runner, scratch, text: str, *options: str) -> tuple[dict, dict]:
    """The text ingested (published 2026-05-20): its ingest answer and its proposals by id."""
    src = scratch["tmp"] / "ledger.txt"
    src.write_text(text, encoding="utf-8")
    out = ingest(runner, scratch, src, "--published", "2026-05-20", *options)
    return out, view(runner, scratch, out)


def origins_of(scratch, link: str) -> dict:
    settings = Settings.from_env(corpus=str(scratch["corpus"]), data_dir=str(scratch["data"]))
    store = memory_store(settings.base_iri)
    load_sources(store, settings)
    return link_origins(store, [URIRef(settings.base_iri + link[len(ID):])])


def test_accepting_the_origin_makes_the_document_relay_the_paper(runner, scratch):  # noqa: F811
    out, props = proposed(runner, scratch, TEXT)
    origin = next(p for p in props.values() if p["kind"] == "origin")
    assert origin["relays"] == REPORT and origin["text"] == "According to a paper by Anthropic"
    assert 0 < origin["confidence"] < 1
    link = next(p for p in props.values() if p["kind"] == "link" and p.get("link") == LINK)

    view(runner, scratch, out, "--accept", link["id"])          # the hop first: its passage is the document's own
    doc = out["iri"]
    before = next(iter(origins_of(scratch, LINK).values()))
    mine = [o for o, v in before.items() if any(d.endswith(out["id"]) for d in v["documents"])]
    assert mine and all(o.endswith(out["id"]) for o in mine)    # own reporting: the document is its own origin

    view(runner, scratch, out, "--accept", origin["id"])
    ds = Dataset()
    ds.parse(scratch["data"] / f"{out['id']}.trig", format="trig")
    g = ds.graph(URIRef(doc))
    relays = {str(s) for s in g.subjects(PK.relays, URIRef(REPORT))}
    assert any(s.endswith(f"-{link['id']}") for s in relays)    # the link's passage relays the paper
    assert any(s.endswith(f"-{origin['id']}") for s in relays)  # and so does the origin's own passage
    after = next(iter(origins_of(scratch, LINK).values()))
    report = next(v for o, v in after.items() if o.endswith("report-2028-scenarios"))
    assert any(d.endswith(out["id"]) for d in report["documents"])
    assert not any(o.endswith(out["id"]) for o in after)        # no longer a source of its own
    validate_ok(runner, scratch)

    # a passage accepted after the origin relays it too
    mention = next(p for p in props.values() if p["kind"] == "mention" and p["entity"].endswith("/anthropic"))
    view(runner, scratch, out, "--accept", mention["id"])
    ds = Dataset()
    ds.parse(scratch["data"] / f"{out['id']}.trig", format="trig")
    assert any(str(s).endswith(f"-{mention['id']}") for s in ds.graph(URIRef(doc)).subjects(PK.relays, URIRef(REPORT)))

    # undo the origin: the link's passage is the document's own reporting again
    view(runner, scratch, out, "--undo", origin["id"])
    again = next(iter(origins_of(scratch, LINK).values()))
    assert any(o.endswith(out["id"]) for o in again)


def test_a_candidate_origin_waits_for_its_entity(runner, scratch):  # noqa: F811
    out, props = proposed(runner, scratch, "The Quorvane Times reported that brokers moved 300 servers through a port.\n")
    origin = next(p for p in props.values() if p["kind"] == "origin")
    assert origin["relays"] is None and origin["relays_candidate"] == "Quorvane Times"
    r = run(runner, ["review", out["id"], "--accept", origin["id"], *scratch["opts"]])
    assert r.exit_code == 2 and "Quorvane Times" in r.output    # names what to accept first
    paper = next(p for p in props.values() if p["kind"] == "entity" and p["label"] == "Quorvane Times")
    after = view(runner, scratch, out, "--accept", f"{paper['id']},{origin['id']}")
    assert after[origin["id"]]["status"] == "accepted"
    validate_ok(runner, scratch)


def test_the_review_page_shows_origins_confidences_and_folds_the_unlikely(runner, scratch):  # noqa: F811
    from fastapi.testclient import TestClient

    from web.app import create_app

    out, props = proposed(runner, scratch, TEXT, "--all-proposals")     # key-word matches too
    assert out["unlikely"]["count"] == 0
    folded = [p for p in props.values() if p["folded"] and not (p["kind"] == "mention" and not p.get("fuzzy"))]
    settings = Settings.from_env(env={}, store="memory", corpus=str(scratch["corpus"]), data_dir=str(scratch["data"]),
                                 warm_up=False)
    with TestClient(create_app(settings)) as c:
        page = c.get(f"/documents/{out['id']}/review").text
        json_view = c.get(f"/documents/{out['id']}/review.json").json()
    assert "the document relays" in page and "2028: Two scenarios for global AI leadership" in page
    assert page.count('class="confidence muted"') == len(props)
    assert all("confidence" in p for p in json_view["proposals"])
    assert folded                                               # key-word mentions of the curated names
    assert page.rfind('id="group-folded"') > page.rfind('id="group-mention"')   # the less likely come last
    assert all(f'data-id="{p["id"]}" data-kind="{p["kind"]}" data-status="proposed" data-group="folded"' in page
               for p in folded)


def test_key_word_matches_are_held_back_and_counted_on_the_review_page(runner, scratch):  # noqa: F811
    from fastapi.testclient import TestClient

    from web.app import create_app

    out, props = proposed(runner, scratch, TEXT)
    assert out["unlikely"]["count"] >= 1 and set(out["unlikely"]["sorts"]) <= {"mention:key-words-all",
                                                                              "mention:key-words-most"}
    assert not [p for p in props.values() if p["kind"] == "mention" and p.get("fuzzy")]
    settings = Settings.from_env(env={}, store="memory", corpus=str(scratch["corpus"]), data_dir=str(scratch["data"]),
                                 warm_up=False)
    with TestClient(create_app(settings)) as c:
        page = c.get(f"/documents/{out['id']}/review").text
    assert f"{out['unlikely']['count']} unlikely matches not proposed (key-word matches below confidence" in page
    # reproposing with --all-proposals lists them after all, and the count goes to 0
    props = view(runner, scratch, out, "--repropose", "--all-proposals")
    assert len([p for p in props.values() if p["kind"] == "mention" and p.get("fuzzy")]) == out["unlikely"]["count"]
    assert read_review(scratch["data"], out["id"])["unlikely"]["count"] == 0
