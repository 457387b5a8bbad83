"""Claims attributed to who says them (every sentence here is our own)."""
from __future__ import annotations

import json

from kg.core.namespaces import PK
from test_ingest import ingest, scratch  # noqa: F401  (scratch is a fixture)
from test_ingest import run as run_cli
from test_propose_events import accept_and_read
from test_propose_names import ID, run


def claims(text: str) -> list[dict]:
    return [dict(p.fields, text=p.text) for p in run(text) if p.kind == "claim"]


def test_according_to_names_the_source_not_an_actor_named_before():
    got = claims("China tightened ferry permits, according to the Sylvania Gazette.")
    assert [c["claimer_label"] for c in got] == ["Sylvania Gazette"] and got[0]["claimer"] is None
    assert got[0]["claimer_candidate"] == "Sylvania Gazette" and got[0]["about"] == [ID + "china"]


def test_a_ministry_and_its_pronouns_and_descriptions():
    got = claims("The Ministry of Fisheries, Forests and Parks (MFFP) said quotas stay. "
                 "The ministry further noted that boats wait. Later it reaffirmed the ban on trawlers in China.")
    assert [c["claimer_label"] for c in got] == ["Ministry of Fisheries, Forests and Parks"] * 3


def test_a_speaker_after_the_verb_and_a_description_naming_nobody():
    got = claims("“Quotas will hold,” said Rufus Firefly. The report, which ran on Monday, alleged that China agreed.")
    assert got[0]["claimer"] == ID + "rufus"
    assert got[1]["claimer_label"] == "The report" and got[1]["claimer"] is None


def test_a_capitalised_verb_is_a_name_not_a_verb():
    got = claims("Trade between the United States and China grew.")
    assert got == []


def test_a_claim_by_a_candidate_is_tied_to_it_once_accepted(runner, scratch):  # noqa: F811
    src = scratch["tmp"] / "notes.txt"
    src.write_text("Nvidia shipped servers to a depot, according to the Sylvania Gazette.\n", encoding="utf-8")
    out = ingest(runner, scratch, src, "--published", "2026-03-20")
    view = json.loads(run_cli(runner, ["review", out["id"], "--json", *scratch["opts"]]).stdout)
    claim = next(p for p in view["proposals"] if p["kind"] == "claim")
    paper = next(p for p in view["proposals"] if p["kind"] == "entity" and p["label"] == "Sylvania Gazette")
    assert claim["claimer"] is None and claim["claimer_candidate"] == "Sylvania Gazette"
    assert paper["class"].endswith("#Publisher")
    g = accept_and_read(runner, scratch, out, paper["id"], claim["id"])
    node = next(g.subjects(PK.claimer, None))
    assert str(g.value(node, PK.claimer)).endswith("/sylvania-gazette")


def test_he_and_she_are_people_it_is_not():
    got = claims("The Ministry of Fisheries said quotas stay. “Boats will wait,” Rufus Firefly said. "
                 "Later he said the ban holds. It added that China agreed.")
    assert [(c["claimer_label"], c["speaker_by"]) for c in got] == [
        ("Ministry of Fisheries", "before the verb"), ("Rufus Firefly", "before the verb"),
        ("Rufus Firefly", "latest speaker"), ("Ministry of Fisheries", "latest actor")]


def test_roles_appositives_and_titles_after_the_verb():
    got = claims("The Ministry of Fisheries said quotas stay. Boats are idle, the spokesperson said. "
                 "Ada Quill, spokesperson for the Harbour Office, reiterated the ban. "
                 "“Nets stay dry,” said harbour master Otto Brine at the quay.")
    assert [(c["claimer_label"], c["speaker_by"]) for c in got] == [
        ("Ministry of Fisheries", "before the verb"), ("Ministry of Fisheries", "latest speaker"),
        ("Ada Quill", "before the verb"), ("Otto Brine", "after the verb")]


def test_no_claim_from_a_passive_a_qualified_noun_or_a_headline():
    got = claims("China Weighs Ferry Permits After Reports\n"
                 "The ferry was claimed to be safe. The China situation highlights the limits of permits. "
                 "Despite reports of delays in China, boats sail.")
    assert got == []
