"""The learned entity models (kg.curation.propose.entity_model): the committed files load and were
trained on the features the code makes now, on training parts only (tune, fresh2); the features see what they
say they see; a keep model holds a candidate back (unless a claim names it) and a kind model
replaces only the rules' fallback kinds. Every sentence and name here is invented."""
from __future__ import annotations

import json

from bench import article_eval
from kg.curation.propose import entity_model, linear
from kg.curation.propose.entity_features import VERSION, context_features, features, shape
from kg.curation.propose.entity_model import EntityModels, judge, keep_features, kind_features, spare_named
from kg.curation.propose.proposals import Context, Proposal
from kg.curation.propose.proposer import RuleProposer, propose
from test_proposer import lexicon


def _entities(text: str, models) -> dict[str, Proposal]:
    return {p.fields["label"]: p for p in RuleProposer(entity_models=models).propose(text, Context(lexicon()))
            if p.kind == "entity"}


def test_committed_models_match_the_code_and_were_trained_on_training_parts():
    models = EntityModels.default()
    assert models.keep is not None and models.kind is not None
    assert models.keep.version == models.kind.version == VERSION     # a feature change without retraining fails here
    splits = {a["id"]: a["split"] for a in json.loads(article_eval.ANNOTATIONS.read_text(encoding="utf-8"))["articles"]}
    for m in (models.keep, models.kind):
        # tune, and since the fifth round possibly fresh2 (bench/train_parts.py; test_propose_model_parts checks every file)
        assert m.trained_on and "tune" in {splits.get(i) for i in m.trained_on} <= {"tune", "fresh2"}
    assert 0 <= models.drop_below < 1 and models.override > 0.5


def test_features_of_names_and_their_surroundings():
    assert shape("Zorblat") == "Xx" and shape("QX500") == "Xd" and shape("eFoo") == "xXx"
    text = "Analysts in Vandermere said so.\nPhoto: Kell Marrow\nThe QXT scanners left, Ruth Ambler said."
    at = text.index("Vandermere")
    near = context_features(text, at, at + len("Vandermere"))
    assert {"locative_before", "saying_after", "prev=function"} <= near
    at = text.index("Kell Marrow")
    assert {"short_line", "line_start"} - context_features(text, at, at + len("Kell Marrow")) == {"line_start"}
    qxt = Proposal("entity", text.index("QXT"), text.index("QXT") + 3, "QXT",
                   fields={"label": "QXT", "kind_guess": "Company", "occurrences": [[text.index("QXT"), text.index("QXT") + 3]]})
    f = features(qxt, text)
    assert {"acronym", "acronym_next=lower", "rule=Company", "nw=1"} <= set(f)
    assert "rule=Company" in keep_features(f) and "rule=Company" not in kind_features(f)


TEXT = ("Kordavia Dynamics keeps a large office in Varnholt. Kordavia Dynamics said the talks went well. "
        "Brevin Ostrowe, who leads Kordavia Dynamics, said so too.")


def _model(labels, favoured: dict[str, str]) -> linear.Linear:
    """A model that gives ``favoured[feature]`` to examples with that feature (trained on invented rows)."""
    rows = [({f}, lab) for f, lab in favoured.items()] * 10 + [({"nothing"}, labels[0])] * 10
    return linear.train(rows, labels, version=VERSION)


def test_a_keep_model_holds_a_candidate_back_unless_a_claim_names_it():
    drop_locative = _model(["keep", "drop"], {"locative_before": "drop"})
    models = EntityModels(drop_locative, None, drop_below=0.5)
    ents = _entities(TEXT, models)
    assert ents["Varnholt"].fields.get("unlikely") and ents["Varnholt"].fields["probability"] < 0.5
    assert not ents["Kordavia Dynamics"].fields.get("unlikely")
    ctx = Context(lexicon())
    held: list = []
    shown = propose(TEXT, ctx, [RuleProposer(entity_models=models)], unlikely=held)
    assert "Varnholt" not in [p.fields.get("label") for p in shown if p.kind == "entity"]
    assert "Varnholt" in [p.fields.get("label") for p in held]
    every = propose(TEXT, ctx, [RuleProposer(entity_models=models)], everything=True)
    assert "Varnholt" in [p.fields.get("label") for p in every if p.kind == "entity"]
    # a candidate a claim names stays, whatever the model says
    named = [Proposal("entity", 0, 8, "Varnholt", fields={"label": "Varnholt", "unlikely": True}),
             Proposal("claim", 0, 8, "said", fields={"claimer_candidate": "varnholt"})]
    assert not spare_named(named)[0].fields.get("unlikely")


def test_a_kind_model_replaces_only_the_rules_fallback_kinds():
    place_after_in = _model(["Company", "Place", "State"], {"locative_before": "Place", "gaz=country": "State"})
    rules = _entities(TEXT, False)
    assert rules["Varnholt"].fields["kind_guess"] != "Place"      # the rules alone do not know the place
    ents = _entities(TEXT, EntityModels(None, place_after_in, override=0.8))
    varnholt = ents["Varnholt"].fields
    assert varnholt["kind_guess"] == "Place" and varnholt["class"].endswith("Place")
    assert varnholt["rule_kind"] == rules["Varnholt"].fields["kind_guess"]
    assert ents["Brevin Ostrowe"].fields["kind_guess"] == rules["Brevin Ostrowe"].fields["kind_guess"] == "Person"
    never = _entities(TEXT, EntityModels(None, place_after_in, override=1.01))
    assert never["Varnholt"].fields["kind_guess"] == rules["Varnholt"].fields["kind_guess"]


def test_the_probability_feeds_the_confidence():
    props = propose(TEXT, Context(lexicon()))
    ents = [p for p in props if p.kind == "entity"]
    assert ents and all(0 < p.fields["probability"] <= 1 for p in ents)
    assert all("probability" not in p.fields for p in props if p.kind != "entity")
    assert judge([Proposal("entity", 0, 3, "Zed", fields={"label": "Zed"})], "Zed", None)[0].fields == {"label": "Zed"}
    assert entity_model.KEEP in {p.stem for p in linear.MODELS.glob("*.json")}
