"""What is answered while the label index is built keeps nothing made of the partial index.

After a cold start on a large store, pages answer inside ``kg.index.partial.provisional()`` with a
``Partial`` label index instead of waiting for the whole one. A per-generation value built meanwhile
(``kg.index.cache.per_generation``) that read labels would, if kept, outlive the build in memory and
on the warm shelf (and be served after a restart). The test holds the label index's build on a real
on-disk store with a shelf, answers every provisional page kind and builds two values that read labels
(a claims order, the causal layer) inside ``provisional()``; then checks that nothing that uses labels
was kept or saved meanwhile, and that what is asked for after the build is made with the whole index."""
from __future__ import annotations

from fastapi.testclient import TestClient

from kg.core.settings import Settings
from kg.index import labels, versions, warm
from kg.index.cache import kept
from kg.index.partial import Partial, building, provisional
from kg.index.warm import on_shelf
from kg.pages import claims
from kg.store.build import open_store
from kg.trace.layer import KEY as LAYER, causal_graph, layer_ready
from web.app import create_app
from holding import build_held
from scratch import scratch_folders

MEASURE = "/id/measure-dc-access-limits"
ORDER = "claims:order:claim"


def _pages(web: TestClient) -> dict:
    html = {"accept": "text/html"}
    return {"home": web.get("/index.json"), "search": web.get("/search.json", params={"q": "export"}),
            "search page": web.get("/search", params={"q": "export"}, headers=html),
            "entity": web.get(MEASURE + ".json"), "entity page": web.get(MEASURE, headers=html),
            "missing": web.get("/id/export-controlz", headers=html)}


def _uses_labels(key: str) -> bool:
    """Whether a lasting key's value is made with the label index (its part says so in ``uses``)."""
    return labels.KEY == key or f"{labels.KEY}=" in versions.tag(key)


def test_nothing_built_from_the_partial_index_is_kept(monkeypatch, corpus_dir, tmp_path):
    corpus, data = scratch_folders(tmp_path, corpus_dir)
    settings = Settings.from_env(env={}, store="oxigraph", corpus=str(corpus), data_dir=str(data), warm_up=0,
                                 store_path=str(tmp_path / "store"))
    store = open_store(settings)
    monkeypatch.setattr("kg.index.partial.LARGE", 1)     # the curated graph as a large one (its index takes a while)
    with TestClient(create_app(settings, store)) as web:
        with build_held(monkeypatch, labels, "_read", lambda: labels.index(store)) as (_, release):
            before = dict(warm.counts)
            early = _pages(web)
            with provisional():
                early_order = list(claims.order(store, "claim"))
                stand_in = causal_graph(store).graph["labels"].idx
            during = {k: n - before.get(k, 0) for k, n in warm.counts.items() if n != before.get(k, 0)}
            held = not release.is_set() and building(store)
            order_kept, layer_kept = kept(store, ORDER), layer_ready(store)
            order_saved, layer_saved = on_shelf(store, ORDER), on_shelf(store, LAYER)
        later = _pages(web)
        order = list(claims.order(store, "claim"))
        index = causal_graph(store).graph["labels"].idx

    assert held and isinstance(stand_in, Partial)     # all of it answered while the build was held
    assert all(r.status_code == 200 for k, r in early.items() if k != "missing") and early["missing"].status_code == 404
    # nothing made with labels was saved while the partial index stood in; the two values were built, not kept
    saved = [k.split(" ", 1)[1] for k in during if k.startswith("saved ")]
    assert saved and not [k for k in saved if _uses_labels(k)], during
    assert during.get(f"unkept {ORDER}") == 1 and during.get(f"unkept {LAYER}") == 1, during
    assert not (order_kept or layer_kept or order_saved or layer_saved)
    # after the build: the pages and values are made with the whole index, and kept
    assert early["search"].headers.get("x-kg-partial") and not later["search"].headers.get("x-kg-partial")
    assert "first_look" in early["home"].json() and "first_look" not in later["home"].json()
    assert later["entity"].json() == early["entity"].json()
    assert index is labels.index(store) and not isinstance(index, Partial) and layer_ready(store)
    assert order == early_order and kept(store, ORDER) and on_shelf(store, ORDER) and on_shelf(store, LAYER)
