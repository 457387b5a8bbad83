"""The web contract: every JSON page is ``{"ok": true, ...its context...}`` (search JSON stays a
bare list of hits), every error is ``{"ok": false, "error": {...}}`` with the status the one
error table (``web.errors.RULES``) gives the core's exception, content negotiation is the same
on pages, entities and the endpoint, and the SPARQL service lives and ends with the app."""
from __future__ import annotations

import os

import pytest
from fastapi.testclient import TestClient

from kg import sparql as core
from kg.pages.paging import PageError
from kg.render import FigureTooLarge
from kg.index.resolve import Ambiguous, Candidate, Unknown
from kg.trace import TraceError
from web.app import create_app

JSON = {"accept": "application/json"}
MEASURE = "id:measure-dc-access-limits"
PAGED = ["/claims.json", "/measures.json", "/timeline.json", "/documents.json"]


@pytest.mark.parametrize("path", ["/index.json", "/id/anthropic.json", f"/trace.json?from={MEASURE}",
                                  "/trace.json", *PAGED])
def test_every_json_page_is_ok_true_with_its_context(client, path):
    r = client.get(path)
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    body = r.json()
    assert isinstance(body, dict) and body["ok"] is True and len(body) > 1
    page = "/" if path == "/index.json" else path.replace(".json", "")
    # Accept gives the same JSON; its paging links keep the form asked for (".json" or Accept)
    assert _without_suffix(client.get(page, headers=JSON).json()) == _without_suffix(body)


def _without_suffix(body: dict) -> str:
    import json
    return json.dumps(body, sort_keys=True).replace(".json?", "?")


@pytest.mark.parametrize("path", PAGED)
def test_paged_lists_keep_their_paging_fields(client, path):
    body = client.get(path, params={"limit": 1}).json()
    assert {"count", "offset", "limit", "next", "previous", "links"} <= set(body)
    assert body["limit"] == 1 and body["offset"] == 0 and body["previous"] is None
    if body["count"] > 1:
        assert body["next"] == 1 and "offset=1" in body["links"]["next"]


def test_search_json_stays_a_bare_list_of_hits(client):
    hits = client.get("/search.json", params={"q": "chip"}).json()
    assert isinstance(hits, list) and hits
    assert all({"iri", "label", "types", "url"} <= set(h) for h in hits)


def test_trace_json_keeps_its_documented_shape(client):
    body = client.get("/trace.json", params={"from": MEASURE}).json()
    assert {"measure", "targets", "paths", "loops", "nodes", "options", "truncated", "loops_truncated"} <= set(body)
    assert {"iri", "label"} <= set(body["measure"]) and body["targets"][0]["net"] in ("+", "-", "±")


def test_negotiation_is_one_rule_everywhere(client):
    entity = "/id/anthropic"
    assert client.get(entity, headers={"accept": "text/html;q=0.5, text/turtle"}).headers["content-type"].startswith("text/turtle")
    assert client.get(entity + ".json", headers={"accept": "text/html"}).json()["ok"] is True   # a suffix wins
    assert client.get("/claims", headers={"accept": "application/json;q=0.9, text/html;q=0.1"}).json()["ok"]
    assert client.get("/claims", headers={"accept": "*/*"}).headers["content-type"].startswith("text/html")
    for path in ("/claims", entity, "/sparql?query=ASK%7B%7D"):
        r = client.get(path, headers={"accept": "image/png"})
        assert r.status_code == 406 and r.json()["error"]["status"] == 406, path
    r = client.get("/sparql", params={"query": "ASK {}"}, headers={"accept": "text/csv;q=0.2, application/sparql-results+xml"})
    assert r.headers["content-type"].startswith("application/sparql-results+xml")


CORE_ERRORS = [
    (Ambiguous("x", "several things are called x", [Candidate("https://w3id.org/policy-kg/id/a", "A")]), 400, "candidates"),
    (Unknown("x", "nothing is called x", []), 404, "suggestions"),
    (PageError("offset must be 0 or more"), 400, None),
    (FigureTooLarge(99, 120, 60), 400, "nodes"),
    (TraceError("no causal links"), 404, None),
    (core.SparqlSyntaxError("error at 2:3: expected", 2, 3), 400, "line"),
    (core.QueryRefused("SERVICE is not allowed"), 400, None),
    (core.QueryTimeout("over the limit"), 503, "timeout"),
    (core.PoolBusy("every worker busy"), 503, "timeout"),
    (core.NotAcceptable("graph"), 406, None),
]


def test_the_error_table_answers_the_cores_errors(settings, store):
    app = create_app(settings, store)
    def raising(exc: Exception):
        def boom():
            raise exc
        return boom

    for i, (exc, _, _) in enumerate(CORE_ERRORS):
        app.add_api_route(f"/__error/{i}", raising(exc))
    with TestClient(app, raise_server_exceptions=False) as c:
        for i, (exc, status, field) in enumerate(CORE_ERRORS):
            r = c.get(f"/__error/{i}", headers=JSON)
            error = r.json()["error"]
            assert r.status_code == status == error["status"], (type(exc).__name__, r.text)
            assert r.json()["ok"] is False and error["title"] and error["message"]
            if field:
                assert field in error, (type(exc).__name__, error)
            html = c.get(f"/__error/{i}", headers={"accept": "text/html"})
            assert html.status_code == status and html.headers["content-type"].startswith("text/html")


def test_the_update_token_errors_come_from_the_same_table(settings, store):
    with TestClient(create_app(settings.replace(update_token="t0ken"), store)) as c:
        update = {"content": b"INSERT DATA { <a:a> <a:b> <a:c> }",
                  "headers": {"content-type": "application/sparql-update"}}
        r = c.post("/sparql", **update)
        assert r.status_code == 401 and r.headers["www-authenticate"].startswith("Bearer")
        assert r.json()["error"]["status"] == 401
        r = c.post("/sparql", content=update["content"], headers={**update["headers"], "authorization": "Bearer nope"})
        assert r.status_code == 403 and r.json()["error"]["title"] == "Forbidden"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True


def test_the_sparql_service_is_made_once_and_closed_with_the_app(settings, store):
    app = create_app(settings, store)
    with TestClient(app) as c:
        for _ in range(2):
            assert c.get("/sparql", params={"query": "ASK {}"}).status_code == 200
        service = app.state.sparql._service
        assert service is not None
        assert c.get("/export", params={"query": "CONSTRUCT WHERE { ?s ?p ?o } LIMIT 1", "format": "ttl"}).status_code == 200
        assert app.state.sparql._service is service          # /export?query= runs on the same service
        pids = [w.process.pid for w in service.pool._all]
        assert pids and all(_alive(p) for p in pids)
    assert app.state.sparql._service is None
    for pid in pids:
        try:
            os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            pass
    assert not any(_alive(p) for p in pids)
