"""Folding a trace's feedback loops: a page lists ``loops_limit`` loops from ``loops_offset`` with
their hops, counts them all (``loops_total``, ``folded.loops``) and says the list is partial
(``loops_truncated``); on a hand-made graph with three loops through the measure's target."""
from __future__ import annotations

from kg.trace import fold_result, trace
from test_trace import ID, make_store

# m -> a; a <-> b, a <-> c, a <-> d: three two-link loops through a
LINKS = [("l0", "m", "a", 1, [1]), ("l1", "a", "b", 1, [1]), ("l2", "b", "a", -1, [1]), ("l3", "a", "c", 1, [2]),
         ("l4", "c", "a", 1, [2]), ("l5", "a", "d", -1, [1]), ("l6", "d", "a", -1, [2])]


def _links(result: dict) -> list[tuple]:
    return [tuple(lp["links"]) for lp in result["loops"]]


def test_loops_fold_and_page():
    full = trace(make_store(LINKS), "id:m")
    assert len(full["loops"]) == 3 and full["loops_truncated"] is False
    every = fold_result(full, targets=25, paths=5)
    assert _links(every) == _links(full) and every["loops_total"] == 3 and every["loops_truncated"] is False
    assert every["folded"]["loops"] == 0

    first = fold_result(full, targets=25, paths=5, loops=2)
    assert _links(first) == _links(full)[:2] and all(lp["hops"] for lp in first["loops"])
    assert (first["loops_total"], first["folded"]["loops"], first["loops_truncated"]) == (3, 1, True)

    rest = fold_result(full, targets=25, paths=5, loops=2, loops_offset=2)
    assert _links(rest) == _links(full)[2:] and rest["folded"]["loops"] == 2 and rest["loops_truncated"] is True
    none = fold_result(full, targets=25, paths=5, loops=0)
    assert none["loops"] == [] and none["loops_total"] == 3
    for part in (first, rest):   # every node a listed loop passes is labelled
        assert {n for lp in part["loops"] for n in lp["nodes"]} <= set(part["nodes"])


def test_trace_page_takes_loops_limit_and_offset(settings):
    from fastapi.testclient import TestClient
    from web.app import create_app
    with TestClient(create_app(settings.replace(store="memory", warm_up=0), make_store(LINKS))) as client:
        body = client.get("/trace.json", params={"from": "id:m", "loops_limit": 1, "loops_offset": 1}).json()
        assert body["ok"] is True and len(body["loops"]) == 1 and body["loops_total"] == 3
        assert body["loops_truncated"] is True and body["folded"]["loops"] == 2
        html = client.get("/trace", params={"from": "id:m", "loops_limit": 1, "loops_offset": 1}).text
        assert "Loops 2–2 of 3 are listed" in html and "loops_offset=0" in html and "loops_offset=2" in html
        bad = client.get("/trace.json", params={"from": "id:m", "loops_limit": -1})
        assert bad.status_code == 400 and "loops_limit" in bad.text
