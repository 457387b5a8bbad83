"""Calibrated confidence: every proposal gets the smoothed share right of its sort, folded when
under the threshold; the review queue lists folded proposals last and the more confident first
(the sentences are our own; the lexicon is the small hand-made one of test_proposer)."""
from __future__ import annotations

from kg.curation.propose.confidence import rate, share, sort_of, table
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
        assert c == share(sort_of(p), cal["sorts"])
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
