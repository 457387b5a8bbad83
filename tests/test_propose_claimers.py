"""The learned claimer ranker (kg.curation.propose.claimers): the committed model, the words that
refer to a speaker, the candidates it weighs, and a model's choice replacing the rules' only past
its margin (every sentence here is our own)."""
from __future__ import annotations

from kg.curation.propose import claimers
from kg.curation.propose.confidence import sort_of
from kg.curation.propose.proposals import Proposal
from kg.curation.propose.linear import MODELS, Linear, loaded
from test_propose_speakers import claims

TEXT = ("Dana Whitlock, the chief executive of Orrin Robotics, spoke in Lyon on Monday. The Ministry of "
        "Harbours (MOH) said it would review the ferry permits. “We will act quickly,” it said.")


def test_the_committed_models_load_and_were_made_by_the_codes_feature_set():
    for name, alone in (("claimers", False), ("claimers_alone", True)):
        m = loaded(name)
        assert m is not None and m.version == claimers.FEATURES     # a feature change without retraining fails here
        assert m.labels == ["claimer", "other"] and len(m.trained_on) >= 70 and 0.0 <= m.meta["margin"] <= 1.0
        assert (MODELS / f"{name}.json").stat().st_size < 300_000 and m.meta["alone"] is alone
        assert any(f.startswith("rule:") for f in m.weights) is not alone


def test_the_words_referring_to_the_speaker_are_classed():
    assert claimers.referring("Later it") == ("pron-it", "it")
    assert claimers.referring("Asked about the fine, she") == ("pron-person", "she")
    assert claimers.referring("The ministry") == ("desc-body", "ministry")
    assert claimers.referring("The two chipmakers") == ("desc-firm-many", "chipmaker")
    assert claimers.referring("The statement") == ("doc-issued", "statement")
    assert claimers.referring("The indictment") == ("doc-self", "indictment")
    assert claimers.referring("The spokesperson") == ("role-for", "spokesperson")
    assert claimers.referring("Two officials") == ("role-many", "officials")
    assert claimers.referring("“We will act,”") == ("quote", "")
    assert claimers.referring("Orrin Robotics") == ("name", "")


def test_candidates_hold_the_rules_choice_first_and_the_actors_before_it():
    rec: list = []
    with claimers.using(None), claimers.recording(rec):
        got = claims(TEXT)
    assert [c["claimer_label"] for c in got] == ["Ministry of Harbours", "Ministry of Harbours"]
    r, s, cands, rows = rec[-1]
    labels = [c.label for c in cands]
    assert labels[0] == "Ministry of Harbours" and "Dana Whitlock" in labels
    assert "rule:yes" in rows[0] and not any(f.startswith("rule:") for f in rows[labels.index("Dana Whitlock")])
    assert "ref=pron-it&kind=org" in rows[0] and "ref=pron-it&kind=person" in rows[labels.index("Dana Whitlock")]


def _preferring_people(margin: float) -> Linear:
    """A model made by hand that prefers a person for "it" (against the rules' reading)."""
    return Linear(["claimer", "other"], {"ref=pron-it&kind=person": {"claimer": 4.0}, "rule:yes": {"claimer": 0.5}},
                  version=claimers.FEATURES, meta={"alone": False, "margin": margin})


def test_a_model_replaces_the_rules_choice_only_past_its_margin():
    with claimers.using(_preferring_people(0.0)):
        swapped = claims(TEXT)
    with claimers.using(_preferring_people(1.0)):
        kept = claims(TEXT)
    assert (swapped[-1]["claimer_label"], swapped[-1]["speaker_by"]) == ("Dana Whitlock", "ranked")
    assert swapped[-1]["claimer_probability"] > 0.5
    assert (kept[-1]["claimer_label"], kept[-1]["speaker_by"]) == ("Ministry of Harbours", "latest speaker")
    assert kept[-1]["claimer_probability"] < swapped[-1]["claimer_probability"]     # what it kept is less likely


def test_a_model_without_the_rules_features_reads_none_of_them():
    m = Linear(["claimer", "other"], {"rule:yes": {"claimer": 9.0}}, version=claimers.FEATURES,
               meta={"alone": True, "margin": 0.0})
    row = ["bias", "rule:yes", "kind=org"]
    assert claimers.alone(row) == ["bias", "kind=org"]
    assert claimers.probability(m, row) == 0.5


def test_the_committed_model_keeps_the_rules_choice_and_says_how_sure_it_is():
    got = claims(TEXT)
    assert [(c["claimer_label"], c["speaker_by"]) for c in got] == [
        ("Ministry of Harbours", "before the verb"), ("Ministry of Harbours", "latest speaker")]
    assert all(0.5 < c["claimer_probability"] <= 1.0 for c in got)


def test_a_model_that_reads_no_rule_disputes_a_claimer_and_the_claim_is_sorted_apart():
    alone = Linear(["claimer", "other"], {"ref=pron-it&kind=person": {"claimer": 4.0}}, version=claimers.FEATURES,
                   meta={"alone": True, "margin": 0.2})
    with claimers.using(_preferring_people(1.0), alone):
        got = claims(TEXT)
    assert got[-1]["claimer_label"] == "Ministry of Harbours" and got[-1]["claimer_disputed_by"] == "Dana Whitlock"
    assert "claimer_disputed_by" not in got[0]      # "The Ministry of Harbours (MOH) said": no "it" to dispute
    claim = Proposal("claim", 0, 1, "x", "x", 0, 1, {k: v for k, v in got[-1].items() if k != "text"})
    assert sort_of(claim) == "claim:disputed"
    with claimers.using(_preferring_people(1.0), None):
        assert "claimer_disputed_by" not in claims(TEXT)[-1]


def test_the_source_right_after_according_to_is_marked_so():
    rec: list = []
    with claimers.using(None), claimers.recording(rec):
        claims("Orrin Robotics met the Ministry of Harbours in May. The permits will lapse in June, according "
               "to the Valmont Courier.")
    r, s, cands, rows = rec[-1]
    labels = [c.label for c in cands]
    source, other = rows[labels.index("Valmont Courier")], rows[labels.index("Orrin Robotics")]
    assert "right-after&verb=according" in source and "right-after&verb=according" not in other
    assert "ref=according&kind=org" in source and any(f.startswith("ref=according&kind=") for f in other)


def test_the_review_page_shows_the_claimer_a_check_prefers(tmp_path, corpus_dir):
    from fastapi.testclient import TestClient

    from kg.core.settings import Settings
    from kg.curation.ingest import Meta, ingest
    from kg.store.build import open_store
    from scratch import scratch_folders
    from web.app import create_app

    corpus, data = scratch_folders(tmp_path, corpus_dir)
    folders = Settings.from_env(env={}, store="memory", corpus=str(corpus), data_dir=str(data),
                                store_path=str(tmp_path / "store"), warm_up=0)
    alone = Linear(["claimer", "other"], {"ref=pron-it&kind=person": {"claimer": 4.0}}, version=claimers.FEATURES,
                   meta={"alone": True, "margin": 0.2})
    with claimers.using(_preferring_people(1.0), alone):
        out = ingest(folders, "harbours.txt", TEXT.encode(), Meta(None, None, "2026-04-02", None),
                     store=open_store(folders))
    with TestClient(create_app(folders)) as c:
        page = c.get(f"/documents/{out.id}/review", headers={"accept": "text/html"}).text
    assert page.count("(or Dana Whitlock?)") == 1       # beside the claim it disputes, not the other
