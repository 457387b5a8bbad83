"""The /trace page over a hand-made graph: ambiguity (400), unknown (404), scenarios side by side."""
from __future__ import annotations

import html
import re

import pytest
from fastapi.testclient import TestClient

from kg.core.settings import Settings
from test_trace import ID, make_store
from web.app import create_app

EXTRA = ("id:graph-catalog { id:s-a a pk:Scenario ; skos:prefLabel \"Scenario A\"@en ; pk:measureInForce id:m ."
         " id:s-b a pk:Scenario ; skos:prefLabel \"Scenario B\"@en . }"
         " doc:d9 { id:claim-doubt a pk:Claim ; skos:prefLabel \"Doubt\"@en ; pk:contests id:l2 ; pk:claimer id:critic ."
         " id:critic skos:prefLabel \"A critic\"@en . }")


@pytest.fixture(scope="module")
def web(tmp_path_factory):
    store = make_store([("l1", "m", "x1", -1, [1]), ("l2", "x1", "t", 1, [1, 2]), ("l3", "m", "x2", 1, [2]),
                        ("l4", "x2", "t", 1, [2])], labels={"x1": "Twin", "x2": "Twin"}, extra=EXTRA)
    settings = Settings.from_env(env={}, store="memory", corpus=str(tmp_path_factory.mktemp("corpus")))
    with TestClient(create_app(settings, store)) as c:
        yield c


def diagram_url(page: str) -> str:
    """The diagram a trace page fetches (and shows in an <object> without JavaScript)."""
    url = html.unescape(re.search(r'data-diagram="([^"]+)"', page).group(1))
    assert f'<object data="{html.escape(url)}" type="image/svg+xml">' in page
    return url


def test_ambiguous_target_is_400_with_candidates(web):
    r = web.get("/trace.json", params={"from": "m", "to": "twin"})
    assert r.status_code == 400
    err = r.json()["error"]
    assert {c["iri"] for c in err["candidates"]} == {ID + "x1", ID + "x2"}
    page = web.get("/trace", params={"from": "m", "to": "twin"}, headers={"accept": "text/html"})
    assert page.status_code == 400 and "to=id%3Ax1" in page.text      # links that pick a candidate


def test_unknown_measure_is_404_with_suggestions(web):
    r = web.get("/trace.json", params={"from": "Twinn"})
    assert r.status_code == 404
    assert {c["iri"] for c in r.json()["error"]["candidates"]} == {ID + "x1", ID + "x2"}


def test_trace_page_net_and_contested_hop(web):
    r = web.get("/trace", params={"from": "m", "to": "id:t"}, headers={"accept": "text/html"})
    assert r.status_code == 200
    assert "<svg" not in r.text                        # the page does not wait for the drawing: it fetches it
    assert "<svg" in web.get(diagram_url(r.text)).text
    assert "Contested by" in r.text and "A critic" in r.text
    body = web.get("/trace.json", params={"from": "m", "to": "id:t"}).json()
    assert [t["net"] for t in body["targets"]] == ["±"]
    body = web.get("/trace.json", params={"from": "m", "to": "id:t", "min_support": 2}).json()
    assert body["targets"] == []                       # every route has a one-document link


def test_scenarios_side_by_side(web):
    r = web.get("/trace", params={"scenario": "Scenario A", "vs": "id:s-b"}, headers={"accept": "text/html"})
    assert r.status_code == 200
    assert r.text.count('class="changed"') == 3          # x1, x2 and t are reached only in A
    body = web.get("/trace.json", params={"scenario": "Scenario A", "vs": "id:s-b"}).json()
    assert {c["iri"]: (c["a"], c["b"]) for c in body["changes"]} == {
        ID + "x1": ("-", None), ID + "x2": ("+", None), ID + "t": ("±", None)}
    assert web.get("/trace.json", params={"scenario": "Scenario A"}).status_code == 400


def test_a_trace_diagram_is_drawn_once_per_trace_and_store_generation(web, monkeypatch):
    import web.routes.trace as route

    drawn = []
    real = route._svg
    monkeypatch.setattr(route, "_svg", lambda request, figure: drawn.append(figure) or real(request, figure))
    page = {"accept": "text/html", "cache-control": "no-cache"}

    def diagram(**params) -> str:
        r = web.get(diagram_url(web.get("/trace", params={"from": "m", **params}, headers=page).text), headers=page)
        assert r.status_code == 200 and r.headers["content-type"].startswith("image/svg+xml")
        assert "frame-ancestors 'self'" in r.headers["content-security-policy"]   # the <object> may show it
        return r.text

    assert not drawn                                    # the page alone draws nothing
    first = diagram()
    assert diagram() == first and len(drawn) == 1
    assert diagram(loops_limit="0") and len(drawn) == 2          # another fold of the trace: drawn again
    store = web.app.state.store
    store.update(f"INSERT DATA {{ GRAPH <{ID}doc/d9> {{ <{ID}elsewhere> <{ID}note> \"unrelated\" }} }}")
    assert diagram() == first and len(drawn) == 2
    store.update(f"INSERT DATA {{ GRAPH <{ID}graph-catalog> {{ <{ID}x1> <http://www.w3.org/2004/02/skos/core#prefLabel> "
                 f"\"Renamed\"@en }} }}")                       # a label the trace shows: result and drawing anew
    assert "Renamed" in diagram() and len(drawn) == 3
    assert web.get("/trace/diagram.svg").status_code == 400       # a diagram of no trace


def test_a_diagram_that_cannot_be_drawn_is_a_500_card_and_its_traceback_is_logged(tmp_path, monkeypatch, caplog):
    """Graphviz missing (an empty PATH): the diagram is an SVG card with status 500 saying why, and the
    failure is in the log with its traceback (a 500 is never silent)."""
    store = make_store([("l1", "m", "t", 1, [1])])
    settings = Settings.from_env(env={}, store="memory", corpus=str(tmp_path))
    with TestClient(create_app(settings, store)) as client:
        url = diagram_url(client.get("/trace", params={"from": "m"}, headers={"accept": "text/html"}).text)
        monkeypatch.setenv("PATH", str(tmp_path))          # no `dot` to run
        with caplog.at_level("ERROR", logger="web.routes.trace"):
            r = client.get(url)
    assert r.status_code == 500 and r.headers["content-type"].startswith("image/svg+xml")
    assert "could not be drawn" in r.text
    logged = [rec for rec in caplog.records if rec.name == "web.routes.trace"]
    assert logged and logged[0].exc_info is not None and "could not be drawn" in logged[0].getMessage()


def test_a_diagram_with_more_nodes_than_it_may_draw_folds_and_only_nothing_drawable_is_a_400(tmp_path, caplog):
    """A fold of more than ``diagram_nodes`` nodes (here 65 targets shown, 66 nodes) is drawn with the paths
    that fit, nearest targets first, saying how many; a 400 card only when not one path fits."""
    store = make_store([(f"s{i}", "m", f"t{i}", 1, [1]) for i in range(65)])
    settings = Settings.from_env(env={}, store="memory", corpus=str(tmp_path))
    with TestClient(create_app(settings, store)) as client, caplog.at_level("ERROR", logger="web.routes.trace"):
        small = client.get("/trace/diagram.svg", params={"from": "m", "limit": 5})
        big = client.get("/trace/diagram.svg", params={"from": "m", "limit": 65})
        page = client.get("/trace", params={"from": "m", "limit": 65}, headers={"accept": "text/html"})
        small_page = client.get("/trace", params={"from": "m", "limit": 5}, headers={"accept": "text/html"})
    assert small.status_code == 200 and "paths drawn" not in small.text and "diagram-fold" not in small_page.text
    assert big.status_code == 200 and "59 of 65 paths drawn; the rest are in the table" in big.text
    drawn = set(re.findall(r'/id/(t\d+)"', big.text))         # the targets first in the page's order (by label)
    assert drawn == set(sorted(f"t{i}" for i in range(65))[:59]) and '/id/m"' in big.text
    assert "59 of 65 paths drawn" in page.text and "/trace.json?" in page.text.split("diagram-fold")[1]
    with TestClient(create_app(settings.replace(diagram_nodes=1), store)) as client:
        none = client.get("/trace/diagram.svg", params={"from": "m"})
    assert none.status_code == 400 and none.headers["content-type"].startswith("image/svg+xml")
    assert "Too large to draw" in none.text
    assert not [rec for rec in caplog.records if rec.name == "web.routes.trace"]
