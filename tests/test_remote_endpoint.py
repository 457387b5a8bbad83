"""/sparql in front of every store (embedded, Virtuoso, Oxigraph server): the same answers and the
same safety behaviour: checks before anything reaches an engine, the time limit passed on and
enforced (503), the row cap, 406, 413, 400; updates with the token reach the store and show at
once on pages (the generation is bumped)."""
from __future__ import annotations

import json

import pytest

TOKEN = "remote-test-token"
JSON = {"accept": "application/sparql-results+json"}
STATES = "SELECT DISTINCT ?s WHERE { ?s a pk:State } ORDER BY ?s"


@pytest.fixture(scope="module")
def ustore(any_settings, any_store):
    """The store these tests write to: a fresh embedded one (the session's is shared with every
    other test), or the server's (each test puts back what it changed)."""
    from kg.store.build import open_store

    return open_store(any_settings) if any_settings.store == "memory" else any_store


@pytest.fixture(scope="module")
def sclient(any_settings, ustore, tmp_path_factory):
    """A client of an app with small limits over the parametrised store."""
    from fastapi.testclient import TestClient

    from web.app import create_app

    # the time limit is short enough for the test of it (a query that never ends), long enough that
    # an ordinary query on a busy machine is not stopped by it (1.5 s was, on Virtuoso)
    from scratch import scratch_folders

    _, data = scratch_folders(tmp_path_factory.mktemp("sclient"))    # updates are journaled in the data folder
    s = any_settings.replace(row_cap=7, query_timeout=5.0, max_request_bytes=20_000, update_token=TOKEN,
                             query_cache_mb=0, data_dir=str(data))
    with TestClient(create_app(s, ustore)) as c:
        yield c


def _rows(r) -> list[dict]:
    assert r.status_code == 200, r.text[:500]
    return r.json()["results"]["bindings"]


def test_select_ask_construct_match_the_embedded_store(sclient, client):
    assert _rows(sclient.get("/sparql", params={"query": STATES}, headers=JSON)) == \
        _rows(client.get("/sparql", params={"query": STATES}, headers=JSON))
    r = sclient.post("/sparql", content="ASK { id:anthropic a pk:AILab }",
                     headers={"content-type": "application/sparql-query", **JSON})
    assert r.json()["boolean"] is True
    r = sclient.get("/sparql", params={"query": "CONSTRUCT { id:anthropic ?p ?o } WHERE { id:anthropic ?p ?o }"},
                    headers={"accept": "text/turtle"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    from rdflib import Graph

    assert len(Graph().parse(data=r.text, format="turtle")) > 3
    csv = sclient.get("/sparql", params={"query": STATES}, headers={"accept": "text/csv"})
    assert csv.status_code == 200 and csv.text.startswith("s\r\n")


def test_row_cap_cuts_and_flags(sclient):
    r = sclient.get("/sparql", params={"query": "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"}, headers=JSON)
    assert len(_rows(r)) == 7 and r.headers["x-kg-truncated"] == "true"
    r = sclient.get("/sparql", params={"query": "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }"},
                    headers={"accept": "application/n-triples"})
    assert r.status_code == 200 and r.headers["x-kg-truncated"] == "true"
    assert len([line for line in r.text.splitlines() if line.strip()]) == 7
    r = sclient.get("/sparql", params={"query": STATES}, headers=JSON)
    assert r.headers["x-kg-truncated"] == "false"


def test_time_limit_is_enforced(sclient):
    heavy = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    r = sclient.get("/sparql", params={"query": heavy}, headers=JSON)
    assert r.status_code == 503, r.text[:300]
    # and the endpoint still answers
    assert _rows(sclient.get("/sparql", params={"query": STATES}, headers=JSON))


@pytest.mark.parametrize("query, word", [
    ("SELECT * WHERE { SERVICE <http://127.0.0.1:9/sparql> { ?s ?p ?o } }", "SERVICE"),
    ("SELECT * WHERE {\n  ?s ?p\n}", None),
])
def test_refused_and_malformed_queries_get_400(sclient, query, word):
    r = sclient.get("/sparql", params={"query": query}, headers=JSON)
    assert r.status_code == 400, r.text[:300]
    body = r.json()
    if word:
        assert word in body["error"]["message"]
    else:
        assert body["error"].get("line") in (2, 3)


def test_load_is_refused_and_nothing_reaches_the_store(sclient, ustore):
    before = ustore.generation
    r = sclient.post("/sparql", data={"update": "LOAD <http://127.0.0.1:9/x.ttl> INTO GRAPH <urn:x>"},
                     headers={"authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 400 and "LOAD" in r.text
    assert ustore.generation == before


def test_406_and_413(sclient):
    assert sclient.get("/sparql", params={"query": STATES}, headers={"accept": "image/png"}).status_code == 406
    long = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 30_000
    assert sclient.post("/sparql", content=long, headers={"content-type": "application/sparql-query"}).status_code == 413


def test_update_with_token_shows_at_once(sclient, ustore):
    graph = "urn:x-kg-test:remote-update"
    insert = f'INSERT DATA {{ GRAPH <{graph}> {{ id:anthropic skos:altLabel "Zephyrquill Labs"@en }} }}'
    assert sclient.post("/sparql", data={"update": insert}).status_code == 401
    before = ustore.generation
    try:
        r = sclient.post("/sparql", data={"update": insert}, headers={"authorization": f"Bearer {TOKEN}"})
        assert r.status_code in (200, 204), r.text[:300]
        assert ustore.generation > before
        hits = sclient.get("/search.json", params={"q": "zephyrquill"}).json()
        assert [h["iri"] for h in hits] == ["https://w3id.org/policy-kg/id/anthropic"]
        assert graph in ustore.named_graphs()
    finally:   # CLEAR for Virtuoso (its DROP SILENT skips a graph it did not see created), DROP for the rest
        sclient.post("/sparql", data={"update": f"CLEAR SILENT GRAPH <{graph}> ; DROP SILENT GRAPH <{graph}>"},
                     headers={"authorization": f"Bearer {TOKEN}"})
    assert graph not in ustore.named_graphs()
    assert sclient.get("/search.json", params={"q": "zephyrquill"}).json() == []


def test_a_syntax_error_in_an_update_is_400(sclient):
    r = sclient.post("/sparql", data={"update": "INSERT DATA { <urn:a> <urn:b> }"},
                     headers={"authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 400, r.text[:300]
    assert json.loads(r.text)["ok"] is False


@pytest.mark.parametrize("query", [
    "SELECT ?x WHERE { ?s ?p ?o BIND(<http://example/function>(?o) AS ?x) } LIMIT 1",
    "PREFIX ex: <http://example/> SELECT * WHERE { ?s ?p ?o FILTER(ex:function(?o)) } LIMIT 1",
])
def test_an_unknown_function_is_400_naming_it_whatever_the_engine_would_say(sclient, query):
    """The gateway decides (``checks.KNOWN_FUNCTIONS``): Virtuoso words an unknown function its
    own way, or not at all; the answer is the same 400 naming it on every store, and a cast runs."""
    r = sclient.get("/sparql", params={"query": query}, headers=JSON)
    assert r.status_code == 400, r.text[:300]
    assert r.json()["error"]["title"] == "Query refused" and "<http://example/function>" in r.json()["error"]["message"]
    r = sclient.post("/sparql", data={"update": "INSERT { <urn:x-kg-test:a> <urn:x-kg-test:b> ?x } WHERE { "
                                                 "BIND(<http://example/function>(1) AS ?x) }"},
                     headers={"authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 400 and "<http://example/function>" in r.text, r.text[:300]
    assert _rows(sclient.get("/sparql", params={"query": "SELECT (xsd:integer(\"7\") AS ?n) {}"}, headers=JSON))
