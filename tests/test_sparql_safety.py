"""Safe by default, checked against a live ``kg serve``: nothing is fetched, time limits
really stop the work, rows and request sizes are capped, bad input gets a clear 4xx,
and nothing writes without the token."""
from __future__ import annotations

import re
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from listener import Listener
import rdflib

from live_server import live_server
from waiting import alive, busy_worker, children, cpu_seconds, server_pid, wait_for

TOKEN = "safety-token"
SLOW = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
TIMEOUT = 4.0   # long enough that the quick query is answered while the slow one still runs
ROW_CAP = 50
MAX_BYTES = 20000
EX = "http://example.org/safety/"


@pytest.fixture(scope="module")
def listener():
    lst = Listener("text/turtle", b"<http://evil/s> <http://evil/p> <http://evil/o> .\n")
    yield lst
    lst.close()


def _data(tmp: Path) -> Path:
    lines = [f"<{EX}s{i}> <{EX}p> \"{i}\" <{EX}g{i % 3}> ." for i in range(300)]
    path = tmp / "safety.nq"
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("safety")
    args = ["--load", str(_data(tmp)), "--update-token", TOKEN, "--query-timeout", str(TIMEOUT),
            "--row-cap", str(ROW_CAP), "--workers", "2"]
    with live_server(args, tmp, env={"KG_MAX_REQUEST_BYTES": str(MAX_BYTES)}) as base:
        log = next(tmp.glob("server-*.log"))
        with httpx.Client(base_url=base, timeout=30) as client:
            client.log_path = log
            yield client


def _get(client, query, accept="application/sparql-results+json", **params):
    return client.get("/sparql", params={"query": query, **params}, headers={"accept": accept})


def _error(response) -> dict:
    body = response.json()
    assert body["ok"] is False
    return body["error"]


# -- nothing is fetched ------------------------------------------------------------------
def test_service_is_refused_with_400_and_nothing_is_fetched(live, listener):
    r = _get(live, f"SELECT * WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}")
    assert r.status_code == 400
    assert "SERVICE" in _error(r)["message"]
    r = _get(live, f"SELECT * WHERE {{ service   silent <{listener.url}> {{ ?s ?p ?o }} }}")
    assert r.status_code == 400
    r = _get(live, f"SELECT * WHERE {{ BIND(1 AS ?a) FILTER(?a<?a)SERVICE#>\n<{listener.url}> {{ ?s ?p ?o }} }}")
    assert r.status_code == 400
    assert listener.hits == []


def test_service_hidden_from_the_keyword_check_still_reaches_nothing(live, listener):
    """Oxigraph reads "?a<'b'" as less-than; the keyword check's tokenizer sees an IRI
    "<'b')SERVICE#>" hiding the keyword. Workers have no network, so even this query
    fetches nothing."""
    network = re.search(r"network in workers: ([^)\n]*)", live.log_path.read_text()).group(1)
    assert network in ("netns", "userns+netns"), (
        f"query workers could not drop their network access ({network}), so this query would reach the "
        "listener. They need CAP_SYS_ADMIN (root) or unprivileged user namespaces: sysctl "
        "kernel.unprivileged_userns_clone=1, user.max_user_namespaces > 0, "
        "kernel.apparmor_restrict_unprivileged_userns=0, and in a container a seccomp profile allowing unshare")
    sneaky = f"SELECT * WHERE {{ BIND('a' AS ?a) FILTER(?a<'b')SERVICE#>\n<{listener.url}> {{ ?s ?p ?o }} }}"
    from kg.sparql.checks import check_query

    check_query(sneaky)  # passes the keyword check ...
    r = _get(live, sneaky)
    assert r.status_code == 500, r.text  # ... and fails in the worker, which cannot connect
    assert "query failed" in _error(r)["message"]
    assert listener.hits == []


def test_from_selects_stored_graphs_only_and_never_fetches(live, listener):
    r = _get(live, f"SELECT * FROM <{listener.url}> WHERE {{ ?s ?p ?o }}")
    assert r.status_code == 200
    assert r.json()["results"]["bindings"] == []
    r = _get(live, "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } }", **{"named-graph-uri": listener.url})
    assert r.json()["results"]["bindings"] == []
    r = _get(live, "SELECT * WHERE { ?s ?p ?o }", **{"default-graph-uri": listener.url})
    assert r.json()["results"]["bindings"] == []
    # a stored graph named with FROM is used, and only that one
    r = _get(live, f"SELECT (COUNT(DISTINCT ?s) AS ?n) FROM <{EX}g1> WHERE {{ ?s ?p ?o }}")
    assert r.json()["results"]["bindings"][0]["n"]["value"] == "100"
    assert listener.hits == []


def test_load_is_refused_even_with_the_token(live, listener):
    r = live.post("/sparql", content=f"LOAD <{listener.url}> INTO GRAPH <{EX}loaded>",
                  headers={"content-type": "application/sparql-update", "authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 400
    assert "LOAD" in _error(r)["message"]
    assert listener.hits == []


def test_an_update_or_query_nested_past_the_engine_is_refused_and_the_server_lives_on(live):
    """4,000 nested groups overflow the engine's stack: an update ran in the server itself and
    took it down (a query killed its worker: a 500). Both are refused before the engine sees them."""
    nest = "{" * 4000 + f"?s <{EX}p> ?o" + "}" * 4000
    r = live.post("/sparql", content=f"DELETE {{ ?s <{EX}p> ?o }} WHERE {nest}",
                  headers={"content-type": "application/sparql-update", "authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 400
    assert "more than 250 deep" in _error(r)["message"]
    r = live.post("/sparql", content=f"SELECT * WHERE {nest}", headers={"content-type": "application/sparql-query"})
    assert r.status_code == 400
    assert "more than 250 deep" in _error(r)["message"]
    assert _get(live, "ASK { ?s ?p ?o }").status_code == 200


# -- time limit --------------------------------------------------------------------------
def test_timeout_stops_a_slow_query_while_other_requests_are_answered(live):
    pid = server_pid(live.base_url.port)
    workers_before = children(pid)
    assert len(workers_before) == 2
    cpu_before = {w: cpu_seconds(w) for w in workers_before}
    with ThreadPoolExecutor(1) as pool:
        started = time.monotonic()
        slow = pool.submit(_get, live, SLOW)
        busy = busy_worker(workers_before, cpu_before)    # one worker computes the slow query ...
        quick = _get(live, f"SELECT ?o WHERE {{ <{EX}s7> ?p ?o }}")
        assert not slow.done()                            # ... and the other answers meanwhile
        assert quick.status_code == 200
        assert quick.json()["results"]["bindings"][0]["o"]["value"] == "7"
        r = slow.result(timeout=60)
        slow_seconds = time.monotonic() - started
    assert r.status_code == 503
    err = _error(r)
    assert "limit" in err["message"] and "stopped" in err["message"]
    assert slow_seconds >= TIMEOUT, slow_seconds
    # the worker that ran it is gone (killed, not left computing), and a fresh one took its place
    def replaced() -> set[int] | None:
        now = children(pid)
        return now if len(now) == 2 and busy not in now else None

    after = wait_for(replaced, "a fresh worker in place of the stopped one")
    assert workers_before - after == {busy}
    assert not alive(busy)
    assert _get(live, "ASK {}").json()["boolean"] is True


# -- caps --------------------------------------------------------------------------------
def test_row_cap_cuts_and_says_truncated(live):
    r = _get(live, "SELECT * WHERE { ?s ?p ?o }")
    assert r.status_code == 200
    assert r.headers["x-kg-truncated"] == "true"
    assert len(r.json()["results"]["bindings"]) == ROW_CAP
    r = _get(live, "SELECT * WHERE { ?s ?p ?o } LIMIT 10", accept="text/csv")
    assert r.headers["x-kg-truncated"] == "false"
    assert len(r.text.strip().splitlines()) == 11
    r = _get(live, "CONSTRUCT WHERE { ?s ?p ?o }", accept="application/n-triples")
    assert r.headers["x-kg-truncated"] == "true"
    assert len(r.text.strip().splitlines()) == ROW_CAP


def test_request_over_the_size_cap_gets_413(live):
    big = "SELECT * WHERE { ?s ?p ?o } #" + "x" * MAX_BYTES
    r = live.post("/sparql", content=big.encode(), headers={"content-type": "application/sparql-query"})
    assert r.status_code == 413
    assert _error(r)["status"] == 413
    r = live.get("/sparql", params={"query": big})
    assert r.status_code == 413


# -- bad input ---------------------------------------------------------------------------
def test_body_that_is_not_utf8_gets_400(live):
    r = live.post("/sparql", content=b"SELECT * WHERE { ?s ?p \"\xff\xfe\" }",
                  headers={"content-type": "application/sparql-query"})
    assert r.status_code == 400
    assert "UTF-8" in _error(r)["message"]
    r = live.post("/sparql", content=b"query=SELECT%20%2A%20%7B%7D%20%23%FF",
                  headers={"content-type": "application/x-www-form-urlencoded"})
    assert r.status_code == 400
    r = live.post("/sparql", content="ASK {}".encode("utf-16"),
                  headers={"content-type": "application/sparql-query; charset=UTF-16"})
    assert r.status_code == 400


def test_form_values_are_decoded_once(live):
    # '%2541' must reach the engine as the three characters '%41', not as 'A'
    r = live.post("/sparql", content=b"query=SELECT%20%3Fx%20%7B%20BIND(%22%2541%22%20AS%20%3Fx)%20%7D",
                  headers={"content-type": "application/x-www-form-urlencoded",
                           "accept": "application/sparql-results+json"})
    assert r.status_code == 200
    assert r.json()["results"]["bindings"][0]["x"]["value"] == "%41"


def test_malformed_query_gets_400_with_message_and_position(live):
    r = _get(live, "SELECT ?s\nWHERE {\n  ?s ?p ?o .\n  FILTER(?o = )\n}")
    assert r.status_code == 400
    err = _error(r)
    assert err["line"] >= 4 and err["column"] >= 1
    assert f"{err['line']}:{err['column']}" in err["message"]
    assert "expected" in err["message"]


def test_nothing_acceptable_gets_406(live):
    r = _get(live, "SELECT * WHERE { ?s ?p ?o }", accept="image/png")
    assert r.status_code == 406
    r = _get(live, "CONSTRUCT WHERE { ?s ?p ?o }", accept="text/csv")
    assert r.status_code == 406
    assert "graph" in _error(r)["message"]


def test_content_types(live):
    cases = [
        ("SELECT * WHERE { ?s ?p ?o } LIMIT 1", "application/sparql-results+xml", "application/sparql-results+xml"),
        ("SELECT * WHERE { ?s ?p ?o } LIMIT 1", "text/tab-separated-values", "text/tab-separated-values"),
        ("ASK {}", "*/*", "application/sparql-results+json"),
        (f"DESCRIBE <{EX}s1>", "*/*", "text/turtle"),
        (f"DESCRIBE <{EX}s1>", "application/ld+json", "application/ld+json"),
        (f"CONSTRUCT WHERE {{ <{EX}s1> ?p ?o }}", "application/rdf+xml", "application/rdf+xml"),
        (f"CONSTRUCT WHERE {{ <{EX}s1> ?p ?o }}", "text/n3", "text/turtle"),   # was 406 (entity pages took it)
    ]
    for query, accept, expected in cases:
        r = _get(live, query, accept=accept)
        assert r.status_code == 200, (query, r.text)
        assert r.headers["content-type"].split(";")[0] == expected, (query, accept)


def test_a_406_names_the_query_form_in_plain_english(live):
    assert "an ASK result is available as" in _error(_get(live, "ASK {}", accept="text/turtle"))["message"]
    assert "a SELECT result is available as" in _error(_get(live, "SELECT * {}", accept="text/turtle"))["message"]


def test_service_description_without_a_query(live):
    r = live.get("/sparql", headers={"accept": "text/turtle"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/turtle")
    g = rdflib.Graph().parse(data=r.text, format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    service = next(g.subjects(rdflib.RDF.type, sd.Service))
    assert (service, sd.supportedLanguage, sd.SPARQL11Query) in g
    assert (service, sd.supportedLanguage, sd.SPARQL11Update) in g
    assert {str(o) for o in g.objects(None, sd.name)} >= {f"{EX}g0", f"{EX}g1", f"{EX}g2"}


def test_bad_methods_and_media_types(live):
    assert live.put("/sparql", params={"query": "ASK {}"}).status_code == 405
    r = live.post("/sparql", content=b"ASK {}", headers={"content-type": "text/plain"})
    assert r.status_code == 415
    r = live.get("/sparql", params=[("query", "ASK {}"), ("query", "ASK {}")])
    assert r.status_code == 400


# -- updates -----------------------------------------------------------------------------
def _ask_inserted(live) -> bool:
    return _get(live, f"ASK {{ <{EX}written> ?p ?o }}").json()["boolean"]


def test_update_needs_the_token(live):
    update = f"INSERT DATA {{ <{EX}written> <{EX}p> 1 }}".encode()
    r = live.post("/sparql", content=update, headers={"content-type": "application/sparql-update"})
    assert r.status_code == 401
    assert r.headers["www-authenticate"].startswith("Bearer")
    r = live.post("/sparql", content=update, headers={"content-type": "application/sparql-update",
                                                     "authorization": "Bearer wrong"})
    assert r.status_code == 403
    r = live.post("/sparql", data={"update": update.decode()}, headers={"authorization": "Basic " + TOKEN})
    assert r.status_code == 403
    assert live.get("/sparql", params={"update": update.decode()}).status_code == 400
    assert not _ask_inserted(live)
    r = live.post("/sparql", content=update, headers={"content-type": "application/sparql-update",
                                                     "authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 200
    assert _ask_inserted(live)  # workers see the write at once
    r = live.post("/sparql", content=f"DELETE DATA {{ <{EX}written> <{EX}p> 1 }}".encode(),
                  headers={"content-type": "application/sparql-update", "authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 200
    assert not _ask_inserted(live)


def test_updates_are_off_without_a_token(tmp_path):
    data = _data(tmp_path)
    with live_server(["--load", str(data), "--workers", "1"], tmp_path, env={"KG_UPDATE_TOKEN": ""}) as base:
        update = f"INSERT DATA {{ <{EX}written> <{EX}p> 1 }}"
        for headers in ({}, {"authorization": "Bearer anything"}):
            r = httpx.post(base + "/sparql", data={"update": update}, headers=headers)
            assert r.status_code == 403
            assert "disabled" in r.json()["error"]["message"]
        r = httpx.get(base + "/sparql", params={"query": f"ASK {{ <{EX}written> ?p ?o }}"})
        assert r.json()["boolean"] is False


# -- result cache --------------------------------------------------------------------------
def test_repeated_queries_come_from_the_cache_until_an_update(live):
    q = f"SELECT (COUNT(*) AS ?n) WHERE {{ <{EX}cached> ?p ?o }}"
    first, second = _get(live, q), _get(live, q)
    assert first.headers["x-kg-cache"] == "miss" and second.headers["x-kg-cache"] == "hit"
    assert first.content == second.content
    r = live.post("/sparql", content=f"INSERT DATA {{ <{EX}cached> <{EX}p> 1 }}".encode(),
                  headers={"content-type": "application/sparql-update", "authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 200
    third = _get(live, q)
    assert third.headers["x-kg-cache"] == "miss"
    assert third.json()["results"]["bindings"][0]["n"]["value"] == "1"
    live.post("/sparql", content=f"DELETE WHERE {{ <{EX}cached> ?p ?o }}".encode(),
              headers={"content-type": "application/sparql-update", "authorization": f"Bearer {TOKEN}"})


def test_queries_with_rand_or_now_are_not_cached(live):
    for q in ("SELECT (RAND() AS ?r) WHERE {}", "SELECT (NOW() AS ?t) WHERE {}", "SELECT (STRUUID() AS ?u) WHERE {}"):
        assert _get(live, q).headers["x-kg-cache"] == "miss"
        assert _get(live, q).headers["x-kg-cache"] == "miss"


def test_relative_iris_resolve_against_the_endpoint_each_host_sees(live):
    """The base IRI of a query is this endpoint's URL as the client addressed it (Host included),
    also when the answer comes from the cache."""
    query = "SELECT ?x WHERE { BIND(<thing> AS ?x) }"
    seen = {}
    for host in ["127.0.0.1", "kg.example.org", "127.0.0.1"]:
        r = live.get("/sparql", params={"query": query}, headers={"accept": "application/sparql-results+json",
                                                                  "host": host})
        assert r.status_code == 200, r.text
        seen.setdefault(host, []).append(r.json()["results"]["bindings"][0]["x"]["value"])
    assert seen["kg.example.org"] == ["http://kg.example.org/thing"]
    assert seen["127.0.0.1"] == ["http://127.0.0.1/thing"] * 2
