"""Calibrated confidence: every proposal gets the smoothed share right of its sort, folded when
under the threshold; the review queue lists folded proposals last and the more confident first
(the sentences are our own; the lexicon is the small hand-made one of test_proposer)."""
from __future__ import annotations

from kg.curation.propose.confidence import floor, held_back, rate, share, sort_of, table, unlikely_note
from kg.curation.propose.proposals import Context, Proposal
from kg.curation.propose.proposer import propose
from kg.curation import queue
from test_proposer import ID, lexicon

TEXT = ("Freedonia said on Monday that it would limit rival use of secure server farms. "
        "The customs office of Sylvania opened an investigation into robot smuggling.")


def test_every_proposal_rated_from_the_calibration_file():
    props = propose(TEXT, Context(lexicon()))
    assert props
    cal = table()
    for p in props:
        c = p.fields["confidence"]
        assert 0 < c < 1
        measured = share(sort_of(p), cal["sorts"])
        if p.fields.get("probability") is not None:      # a learned model's probability: the two averaged
            measured = round((measured + p.fields["probability"]) / 2, 2)
        assert c == measured
        assert p.fields["folded"] == (c < cal["threshold"])


def test_shares_are_smoothed_and_fall_back_to_the_kind():
    counts = {"mention:name": [9, 10], "mention:key-words-most": [0, 10], "event:dated": [3, 3]}
    assert share("mention:name", counts) == round(10 / 12, 2)
    assert share("event:dated", counts) == 0.8                     # three of three is not certainty
    assert share("mention:package", counts) == round(10 / 22, 2)   # never measured: its kind's share
    assert share("origin:known", counts) == 0.5                    # kind never measured


def test_fuzzy_mentions_fold_and_rank_below_names():
    name = Proposal("mention", 0, 9, "Freedonia", fields={"entity": ID + "freedonia", "matched": "Freedonia"})
    fuzzy = Proposal("mention", 20, 30, "robot trade", fields={"entity": ID + "m-levy", "fuzzy": True, "score": 0.6})
    cal = {"sorts": {"mention:name": [9, 10], "mention:key-words-most": [0, 10]}, "threshold": 0.5}
    rate([name, fuzzy], cal)
    assert name.fields["folded"] is False and fuzzy.fields["folded"] is True
    rows = [{**p.to_json(), "id": f"p{i}"} for i, p in enumerate([fuzzy, name])]
    groups = queue.groups(rows)
    assert [g["name"] for g in groups] == ["mention", "folded"]
    assert groups[-1]["proposals"][0]["text"] == "robot trade"


def test_within_a_group_the_more_confident_come_first():
    rows = [{"id": "p1", "kind": "claim", "status": "proposed", "start": 0, "confidence": 0.3},
            {"id": "p2", "kind": "claim", "status": "proposed", "start": 50, "confidence": 0.9},
            {"id": "p3", "kind": "claim", "status": "accepted", "start": 10, "confidence": 0.95}]
    assert [p["id"] for p in queue.groups(rows)[0]["proposals"]] == ["p2", "p1", "p3"]



def test_the_floored_sorts_are_held_back_and_counted():
    name = Proposal("mention", 0, 9, "Freedonia", fields={"entity": ID + "freedonia", "matched": "Freedonia"})
    fuzzy = Proposal("mention", 20, 30, "robot trade", fields={"entity": ID + "m-levy", "fuzzy": True, "score": 0.6})
    figure = Proposal("figure", 40, 43, "40%", fields={"value": 40, "unit": "percent"})
    cal = {"sorts": {"mention:name": [9, 10], "mention:key-words-most": [0, 10], "figure:untied": [0, 1]},
           "threshold": 0.5, "floor": 0.4, "floored": ["mention:key-words-most"]}
    rate([name, fuzzy, figure], cal)
    below, floored = floor(cal)
    kept, held = held_back([name, fuzzy, figure], floored)
    assert kept == [name, figure] and held == [fuzzy]    # one wrong of one is no evidence: the figure stays
    note = unlikely_note(held, below)
    assert note["count"] == 1 and note["sorts"] == {"mention:key-words-most": 1}
    assert note["text"] == "1 unlikely matches not proposed (key-word matches below confidence 0.4)"
    assert held_back([name, fuzzy, figure], frozenset()) == ([name, fuzzy, figure], [])


def test_propose_holds_back_the_floored_sorts_unless_asked_for_everything():
    held: list = []
    kept = propose(TEXT, Context(lexicon()), unlikely=held)
    everything = propose(TEXT, Context(lexicon()), everything=True)
    below, floored = floor()
    assert held and len(kept) + len(held) == len(everything)
    assert not [p for p in kept if sort_of(p) in floored]
    assert all(sort_of(p) in floored and p.fields["confidence"] < below for p in held)
    assert [p.id for p in kept] == [f"p{i}" for i in range(1, len(kept) + 1)]     # numbered after the cut
