"""Search below the labels (issue 22): definitions and evidence passages find a node whose label
spells it otherwise, ranked after every label match."""
from __future__ import annotations

from kg.index.labels import MATCH_KINDS

MEASURE = "https://w3id.org/policy-kg/id/measure-dc-access-limits"
EVIDENCE = MATCH_KINDS.index("evidence")


def hits(client, q: str) -> list[dict]:
    r = client.get("/search.json", params={"q": q, "limit": 100})
    assert r.status_code == 200
    return r.json()


def test_the_evidence_spelling_finds_the_data_centre_measure(client):
    for q in ("data centers", "data center loopholes"):       # the evidence's American spelling
        found = hits(client, q)
        place = [i for i, h in enumerate(found) if h["iri"] == MEASURE]
        assert place and place[0] < 5, (q, [h["label"] for h in found[:8]])
        # its aliases spell "data-centre" and "data center": a spelling variant of a label (kg.index.variants)
        assert found[place[0]]["match"] == "variant" and "data" in found[place[0]]["matched"].casefold()


def test_evidence_is_searched_in_either_spelling(store, corpus_dir):
    """The passage index reads British and American spellings as one: the evidence of the
    data-centre measure says "sensitive data centers"; the British query finds it there."""
    from kg.core.corpus import Corpus
    from kg.index.passages import passages

    found = passages(store, Corpus(corpus_dir)).ranked("sensitive data centres")
    assert MEASURE in [iri for iri, _, kind in found if kind == EVIDENCE]


def test_text_matches_rank_below_label_matches(client):
    found = hits(client, "smuggling")
    kinds = [h["match"] for h in found]
    assert kinds[0] not in ("definition", "evidence") and "evidence" in kinds + ["evidence"]
    first_text = next((i for i, k in enumerate(kinds) if k in ("definition", "evidence")), len(kinds))
    assert all(k in ("definition", "evidence") for k in kinds[first_text:])
    assert len({h["iri"] for h in found}) == len(found)              # a node once, at its best match
    assert hits(client, "zzqx unknownword") == []


def test_definitions_are_searched(client):
    found = hits(client, "renting")                                 # only in the measure's definition
    assert [h["iri"] for h in found if h["match"] == "definition"][:1] == [MEASURE]
