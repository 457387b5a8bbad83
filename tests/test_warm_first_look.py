"""While the label index is being built (a cold start's warm-up), home, search and entity pages answer
at once instead of waiting for it (``kg.index.partial``, ``kg.pages.first_look``): the entity page is
the one built with the whole index, search gives what a bounded direct query finds and says it is
partial, home is a first look that says so; none of those partial answers is kept by the page cache.
The build is held by the test until every page has answered."""
from __future__ import annotations

import threading

from fastapi.testclient import TestClient

from kg.core.settings import Settings
from kg.index import labels
from kg.index.partial import NOTICE, building
from kg.pages.first_look import NOTICE as FIRST_LOOK
from kg.store.build import open_store
from web.app import create_app
from holding import build_held

MEASURE = "/id/measure-dc-access-limits"


def _pages(web: TestClient) -> dict:
    return {"home": web.get("/index.json"), "search": web.get("/search.json", params={"q": "export"}),
            "search rare": web.get("/search.json", params={"q": "smuggling"}),
            "search page": web.get("/search", params={"q": "export"}, headers={"accept": "text/html"}),
            "entity": web.get(MEASURE + ".json"), "entity page": web.get(MEASURE, headers={"accept": "text/html"}),
            "missing": web.get("/id/export-controlz", headers={"accept": "text/html"})}


def test_pages_answer_while_the_label_index_is_built(monkeypatch, corpus_dir, tmp_path):
    settings = Settings.from_env(env={}, store="memory", corpus=str(corpus_dir), warm_up=0,
                                 store_path=str(tmp_path / "store"))
    store = open_store(settings)
    monkeypatch.setattr("kg.index.partial.LARGE", 1)     # the curated graph as a large one (its index takes a while)
    with TestClient(create_app(settings, store)) as web:
        with build_held(monkeypatch, labels, "_read", lambda: labels.index(store)) as (_, release):
            early = _pages(web)
            assert not release.is_set() and building(store)    # all answered while the build was held
        later = _pages(web)
        again = _pages(web)

    assert all(r.status_code == 200 for r in early.values() if r is not early["missing"]), \
        {k: r.status_code for k, r in early.items()}
    for name in ("home", "search", "search rare", "search page"):
        assert early[name].headers.get("cache-control") == "no-store", name
        assert early[name].headers.get("x-kg-partial"), name
        assert not later[name].headers.get("x-kg-partial"), name
    assert early["search"].headers["x-kg-partial"] == NOTICE and NOTICE.capitalize() in early["search page"].text

    # search: what the direct query found is among what the index finds, the rare word's hits all of them
    found, full = early["search"].json(), later["search"].json()
    assert found and {h["iri"] for h in found} <= {h["iri"] for h in full}
    assert early["search rare"].json() == [h for h in later["search rare"].json() if h["match"] not in
                                           ("definition", "evidence")]
    # the entity page is the same page as with the whole index (its labels read per node), and may be kept
    assert early["entity"].json() == later["entity"].json() and early["entity page"].text == later["entity page"].text
    assert "x-kg-partial" not in early["entity"].headers
    assert early["missing"].status_code == 404 and "export" in early["missing"].text.lower()

    # home: a first look that says so, with the same counts as the full page
    look, home = early["home"].json(), later["home"].json()
    assert look["first_look"] == FIRST_LOOK and "first_look" not in home
    assert look["counts"] == home["counts"] and look["quads"] == home["quads"]
    assert look["measures"] and {m["iri"] for m in look["measures"]} <= _all(web, store, "measures")
    assert [m["label"].casefold() for m in look["measures"]] == sorted(m["label"].casefold() for m in look["measures"])
    assert look["documents"] == home["documents"] and look["recent_events"]
    assert again["home"].json() == home and again["search"].json() == full


def _all(web: TestClient, store, slug: str) -> set[str]:
    from kg.pages import lists

    return {x["iri"] for x in lists.kind_list(store, slug, limit=500)["items"]}


def test_a_small_store_s_pages_wait_for_its_index(monkeypatch, corpus_dir, tmp_path):
    """Below ``LARGE`` quads the index is built in well under a second: pages wait for it, whole."""
    settings = Settings.from_env(env={}, store="memory", corpus=str(corpus_dir), warm_up=0,
                                 store_path=str(tmp_path / "store"))
    store = open_store(settings)
    answers = {}
    with TestClient(create_app(settings, store)) as web:
        def ask():
            answers["home"] = web.get("/index.json")
        with build_held(monkeypatch, labels, "_read", lambda: labels.index(store)) as (_, release):
            asking = threading.Thread(target=ask)
            asking.start()
            asking.join(0.5)
            assert asking.is_alive()                      # waiting for the held build
        asking.join(60)
    assert "first_look" not in answers["home"].json() and "x-kg-partial" not in answers["home"].headers
