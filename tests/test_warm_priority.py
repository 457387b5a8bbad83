"""Requests before the warm-up (``kg.core.priority``, ``web.warming``): the warm-up waits while a
request is answered, a request waiting for what the warm-up builds does not hold it back, and the
app counts the requests it answers. Every wait here is on an event; the longest pause is raised
so that only the events decide."""
from __future__ import annotations

import threading

import pytest
from fastapi.testclient import TestClient

from kg.core import priority
from kg.core.settings import Settings
from kg.index import warm
from kg.index.cache import per_generation
from test_trace import make_store
from web.app import create_app
from web.warming import warm_up

LINKS = [("l1", "m", "a", -1, [1]), ("l2", "a", "t", 1, [1, 2])]


@pytest.fixture(autouse=True)
def patient(monkeypatch):
    monkeypatch.setattr(priority, "GIVE_WAY_MAX_S", 3600)


def built() -> dict:
    return {k: n for k, n in warm.counts.items() if k.startswith("built ")}


def test_the_warm_up_waits_while_a_request_is_answered(tmp_path):
    store = make_store(LINKS)
    settings = Settings.from_env(env={}, store="memory", corpus=str(tmp_path), warm_up=0)
    before = built()
    with priority.answering():                       # a request is being answered
        thread = threading.Thread(target=warm_up, args=(store, settings))
        thread.start()
        assert priority.IN_FLIGHT.paused.wait(60)    # the warm-up gave way before its first part
        assert built() == before and thread.is_alive()
    thread.join(60)                                  # the request ended: the warm-up went on and ended
    assert not thread.is_alive() and not priority.IN_FLIGHT.paused.is_set()
    after = built()
    assert after.get("built trace:causal_graph", 0) == before.get("built trace:causal_graph", 0) + 1
    assert any(k.startswith("built catalog:home:") and n > before.get(k, 0) for k, n in after.items())
    assert priority.IN_FLIGHT.active == 0


def test_a_request_waiting_for_what_the_warm_up_builds_does_not_hold_it_back():
    store = make_store(LINKS)
    entered, asking = threading.Event(), threading.Event()
    got = {}

    def build():            # the warm-up's build: it holds the key's lock, then gives way
        entered.set()
        assert asking.wait(60)
        priority.give_way()  # the request below waits on this very build: it must not count
        return "built by the warm-up"

    def warming():
        with priority.background():
            per_generation(store, "test:priority", build)

    def page():
        with priority.answering():
            asking.set()
            got["value"] = per_generation(store, "test:priority", lambda: "built by the request")

    background = threading.Thread(target=warming)
    background.start()
    assert entered.wait(60)
    request = threading.Thread(target=page)
    request.start()
    background.join(60)
    request.join(60)
    assert not background.is_alive() and not request.is_alive()
    assert got["value"] == "built by the warm-up" and priority.IN_FLIGHT.active == 0


def test_the_app_counts_the_requests_it_answers(tmp_path, monkeypatch):
    import web.routes.trace as route

    seen = []
    real = route.scenarios
    monkeypatch.setattr(route, "scenarios", lambda store: seen.append(priority.IN_FLIGHT.active) or real(store))
    settings = Settings.from_env(env={}, store="memory", corpus=str(tmp_path), warm_up=0)
    with TestClient(create_app(settings, make_store(LINKS))) as web:
        assert web.get("/trace.json").status_code == 200
    assert seen == [1] and priority.IN_FLIGHT.active == 0     # counted while answered, not after


def test_reading_warm_state_back_gives_way_to_a_request():
    from kg.index import lasting

    codec = lasting.Codec()
    data = codec.dumps({f"key {i}": (i, {i}) for i in range(3 * lasting.YIELD_EVERY)})   # many forms to decode
    got = {}

    def warming():
        with priority.background():
            got["value"] = codec.loads(data)

    with priority.answering():                       # a request is being answered
        thread = threading.Thread(target=warming)
        thread.start()
        assert priority.IN_FLIGHT.paused.wait(60)    # the decoding stopped part way and waits
        assert thread.is_alive() and "value" not in got
    thread.join(60)                                  # the request ended: the reading went on
    assert not thread.is_alive() and got["value"]["key 5"] == (5, {5})


def test_the_warm_up_compiles_the_first_pages_templates(tmp_path):
    from web import warming
    from web.templating import templates

    templates.env.cache.clear()
    store = make_store(LINKS)
    warm_up(store, Settings.from_env(env={}, store="memory", corpus=str(tmp_path), warm_up=0))
    cached = {name for _, name in templates.env.cache.keys()}
    assert set(warming.FIRST_TEMPLATES) <= cached



def test_a_long_result_read_by_the_warm_up_pauses_while_a_request_is_answered():
    asking, got = threading.Event(), {}

    def rows():                                      # a lazily read result: the request starts after its first row
        yield 0
        assert asking.wait(60)
        yield from range(1, 3000)

    def warming():
        with priority.background():
            got["rows"] = list(priority.paced(rows()))

    thread = threading.Thread(target=warming)
    thread.start()
    with priority.answering():
        asking.set()
        assert priority.IN_FLIGHT.paused.wait(60)    # part way through the rows (after 1,024)
        assert thread.is_alive() and "rows" not in got
    thread.join(60)
    assert not thread.is_alive() and got["rows"] == list(range(3000))


def test_store_results_read_in_the_background_are_whole():
    store = make_store(LINKS)
    query = "SELECT ?n WHERE { VALUES ?n { %s } }" % " ".join(str(i) for i in range(3000))
    with priority.background():
        assert sorted(int(n) for (n,) in store.values(query)) == list(range(3000))
        assert len(store.select(query)) == 3000


def test_a_pause_that_runs_out_lets_the_warm_up_work_before_it_gives_way_again(monkeypatch):
    """Under a request longer than the longest pause, the warm-up is not held to a few items per
    pause: after a pause runs out it works for ``RUN_AFTER_WAIT_S`` without pausing (raised here,
    so that no clock decides), then pauses again once that is over."""
    monkeypatch.setattr(priority, "GIVE_WAY_MAX_S", 0)          # every pause runs out at once
    monkeypatch.setattr(priority, "RUN_AFTER_WAIT_S", 3600)
    pauses = {}

    def warming():
        with priority.background():
            before = priority.IN_FLIGHT.pauses
            for _ in range(100):
                priority.give_way()
            pauses["while working"] = priority.IN_FLIGHT.pauses - before
            monkeypatch.setattr(priority, "RUN_AFTER_WAIT_S", 0)
            priority._thread.run_until = 0.0                     # its run is over
            before = priority.IN_FLIGHT.pauses
            for _ in range(3):
                priority.give_way()
            pauses["after its run"] = priority.IN_FLIGHT.pauses - before

    with priority.answering():                                   # a long request, in flight throughout
        thread = threading.Thread(target=warming)
        thread.start()
        thread.join(60)
    assert not thread.is_alive()
    assert pauses == {"while working": 1, "after its run": 3}
