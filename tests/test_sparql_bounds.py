"""SPARQL answers are bounded in bytes as well as rows, workers in memory, and a function the
engine does not know is the query's fault (400 naming it), not the server's (500).

The big values are built by the query itself: nested CONCATs multiply a ten-letter string
tenfold per level, so a query of a few hundred characters asks for 10^(levels+1) characters."""
from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from web.app import create_app

JSON = "application/sparql-results+json"
BYTE_CAP = 1_000_000


def nested_concat(levels: int) -> str:
    binds = ['BIND("aaaaaaaaaa" AS ?v0)'] + [
        f"BIND(CONCAT({','.join([f'?v{i}'] * 10)}) AS ?v{i + 1})" for i in range(levels)]
    return f"SELECT ?v{levels} WHERE {{ {' '.join(binds)} }}"


@pytest.fixture(scope="module")
def client(settings, store):
    app = create_app(settings.replace(max_result_bytes=BYTE_CAP, query_memory_mb=384, workers=1), store)
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def ask(client, query: str, accept: str = JSON):
    return client.post("/sparql", data={"query": query}, headers={"accept": accept})


@pytest.mark.parametrize("accept", [JSON, "text/csv", "application/sparql-results+xml"])
def test_one_huge_row_is_cut_at_the_byte_cap_and_flagged(client, accept):
    query = nested_concat(6)                  # one value of 10 MB
    assert len(query) < 600
    r = ask(client, query, accept)
    assert r.status_code == 200, r.text[:300]
    assert r.headers["x-kg-truncated"] == "true"
    assert r.headers["x-kg-byte-cap"] == str(BYTE_CAP)
    assert len(r.content) < BYTE_CAP


def test_many_rows_stop_at_the_byte_cap_too(client):
    query = nested_concat(3) + " VALUES ?n { " + " ".join(str(i) for i in range(200)) + " }"
    query = query.replace("SELECT ?v3 WHERE {", "SELECT ?n ?v3 WHERE {")   # 200 rows of 10 KB each
    r = ask(client, query)
    assert r.status_code == 200 and r.headers["x-kg-truncated"] == "true", r.text[:300]
    rows = r.json()["results"]["bindings"]
    assert 0 < len(rows) < 200
    assert len(r.content) < BYTE_CAP * 1.05     # the cap counts values; the markup adds a little


def test_a_result_under_the_caps_is_whole(client):
    r = ask(client, nested_concat(2))          # 1,000 characters
    assert r.status_code == 200 and r.headers["x-kg-truncated"] == "false"
    assert len(r.json()["results"]["bindings"][0]["v2"]["value"]) == 1000


def test_a_query_past_the_worker_memory_limit_is_refused_and_the_next_one_runs(client):
    r = ask(client, nested_concat(8))          # asks for a 1 GB string; workers may use 384 MB
    assert r.status_code == 422, r.text[:300]
    error = r.json()["error"]
    assert error["title"] == "Query too large" and "384 MB" in error["message"]
    assert ask(client, "ASK {}").status_code == 200    # a fresh worker took the dead one's place


@pytest.mark.parametrize("query", [
    "SELECT ?x WHERE { ?s ?p ?o BIND(<http://example/function>(?o) AS ?x) } LIMIT 1",
    "PREFIX ex: <http://example/> SELECT * WHERE { ?s ?p ?o FILTER(ex:function(?o)) } LIMIT 1",
    "SELECT (<http://example/function>(1) AS ?x) {}",
])
def test_an_unknown_function_is_400_naming_it(client, query):
    r = ask(client, query)
    assert r.status_code == 400, r.text[:300]
    error = r.json()["error"]
    assert error["title"] == "Query refused" and "<http://example/function>" in error["message"]
