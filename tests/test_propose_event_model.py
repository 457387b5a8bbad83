"""The event model (kg.curation.propose.event_model): the committed file loads with the code's
feature-set version and was trained on the trainable parts only (tune, fresh2); every event proposal carries the
model's probability; the model's probabilities order invented candidates as the signals say;
and a model in place decides (a cue the grammar leaves out is reported once its probability
reaches the rescue threshold, one it reports is dropped under the floor)."""
from __future__ import annotations

import json
from datetime import date
from pathlib import Path

from kg.curation.propose import event_model, linear
from kg.curation.propose.linear import Linear
from kg.curation.propose.proposals import Context
from kg.curation.propose.proposer import propose
from test_propose_names import lexicon

ARTICLES = Path(__file__).resolve().parent.parent / "bench" / "articles.json"
PUBLISHED = date(2031, 3, 14)


def _events(text: str, rows: list | None = None) -> list[dict]:
    with event_model.recording(rows if rows is not None else []):
        found = propose(text, Context(lexicon(), PUBLISHED))
    return [dict(p.fields, text=p.text) for p in found if p.kind == "event"]


def test_the_committed_model_loads_with_the_codes_feature_set_and_trainable_ids_only():
    model = linear.loaded(event_model.NAME)
    assert model is not None and model.version == event_model.VERSION     # a feature change needs a retraining
    assert event_model.model() is model
    splits = {a["id"]: a["split"] for a in json.loads(ARTICLES.read_text(encoding="utf-8"))["articles"]}
    assert model.trained_on and {splits.get(i) for i in model.trained_on} <= {"tune", "fresh2"}     # never a blind part
    assert (linear.MODELS / f"{event_model.NAME}.json").stat().st_size < 300_000


def test_event_proposals_carry_the_models_probability():
    got = _events("Prosecutors charged Rufus Firefly on Tuesday. The harbour council approved the levy on 9 March.")
    assert [e["type"] for e in got] == ["Charge", "Approval"]
    assert all(0.0 <= e["probability"] <= 1.0 for e in got)


def test_a_dated_court_step_is_likelier_than_a_doubted_or_undated_one():
    rows: list = []
    _events("Prosecutors charged Rufus Firefly on Tuesday. Rufus Firefly could be charged. "
            "The charges worry the ferry line.", rows)
    model = event_model.model()
    p = [model.probabilities(r["features"])["event"] for r in rows]
    assert [r["type"] for r in rows] == ["Charge"] * 3
    assert [r["rules"] for r in rows] == [True, False, False]
    assert p[0] > 0.5 and p[0] > p[1] and p[0] > p[2]


def test_a_model_in_place_rescues_and_drops_cues():
    text = "Ferry owners fear an investigation."     # an undated noun: the grammar leaves it out
    assert not _events(text)
    rescuer = Linear(["event", "none"], {"why=noun": {"event": 6.0}}, meta={"rescue": 0.9})
    with event_model.using(rescuer):
        got = _events(text)
    assert [(e["type"], e["found_by"]) for e in got] == [("Investigation", "model")]
    dropper = Linear(["event", "none"], {"type=Charge": {"none": 6.0}}, meta={"floor": 0.5})
    with event_model.using(dropper):
        assert _events("Prosecutors charged Rufus Firefly on Tuesday.") == []
    with event_model.using(None):       # the grammar alone: no probability
        assert "probability" not in _events("Prosecutors charged Rufus Firefly on Tuesday.")[0]
