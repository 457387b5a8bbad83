"""One gateway for users' SPARQL, checked against a live ``kg serve`` on an on-disk store:
``/export?query=`` and ``kg export --query`` answer SERVICE, a slow query and a ``$var``
query exactly as ``/sparql`` does (same status, same error, a stopped worker); ``kg export``
reads the store while the server holds it; SIGTERM stops the server while a query runs,
without waiting for it."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from kg.core.settings import PROJECT_ROOT
from listener import Listener
from live_server import live_server
from waiting import alive, busy_worker, children, cpu_seconds, server_pid, wait_for

TIMEOUT = 2.0
ROW_CAP = 50
MEASURE = "id:measure-dc-access-limits"
# a CONSTRUCT with nothing to show before it has counted every combination: runs for ages
SLOW = ("CONSTRUCT { <urn:x:count> <urn:x:n> ?n } WHERE { SELECT (COUNT(*) AS ?n) "
        "WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l } }")
# $s is a SPARQL variable like ?s (the app's own queries use $name for bound values)
DOLLAR = f"CONSTRUCT {{ $s ?p ?o }} WHERE {{ VALUES $s {{ {MEASURE} }} $s ?p ?o }}"
NT = {"accept": "application/n-triples"}


# -- set-up ------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def listener():
    lst = Listener("application/sparql-results+json",
                   b'{"head":{"vars":["s","p","o"]},"results":{"bindings":[]}}', "/sparql")
    yield lst
    lst.close()


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """A scratch on-disk store made by ``kg build`` from a copy of the curated data (so edits to
    data/ during the run cannot make a command rebuild it under the server)."""
    tmp = tmp_path_factory.mktemp("gateway")
    shutil.copytree(PROJECT_ROOT / "data", tmp / "data")
    shutil.copytree(PROJECT_ROOT / "ontology", tmp / "ontology")
    r = _kg(tmp, "build")
    assert r.returncode == 0, r.stderr
    return tmp


def _env(tmp: Path) -> dict[str, str]:
    return {**os.environ, "KG_STORE": "oxigraph", "KG_STORE_PATH": str(tmp / "store"), "KG_DATA": str(tmp / "data"),
            "KG_ONTOLOGY": str(tmp / "ontology")}


def _kg(tmp: Path, *args: str, timeout: float = 60, watch: list | None = None) -> subprocess.CompletedProcess:
    """Run ``kg ARGS`` as its own process on the scratch store; ``watch`` collects the pids of
    its child processes (query workers) seen while it runs."""
    proc = subprocess.Popen([sys.executable, "-m", "kg.cli.run", *args], cwd=PROJECT_ROOT, env=_env(tmp),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if watch is not None:
        def look() -> None:
            while proc.poll() is None:
                watch.extend(p for p in children(proc.pid) if p not in watch)
                time.sleep(0.05)
        threading.Thread(target=look, daemon=True).start()
    out, err = proc.communicate(timeout=timeout)
    return subprocess.CompletedProcess(args, proc.returncode, out, err.decode())


@pytest.fixture(scope="module")
def live(built):
    args = ["--query-timeout", str(TIMEOUT), "--row-cap", str(ROW_CAP), "--workers", "2"]
    with live_server(args, built, env=_env(built)) as base:
        with httpx.Client(base_url=base, timeout=30) as client:
            client.pid = server_pid(client.base_url.port)
            yield client


def _query_file(tmp: Path, text: str) -> str:
    path = tmp / f"q{abs(hash(text))}.rq"
    path.write_text(text, encoding="utf-8")
    return str(path)


def _error(r: httpx.Response) -> dict:
    body = r.json()
    assert body["ok"] is False
    return body["error"]


# -- the same answers as /sparql -----------------------------------------------------------
def test_service_is_refused_everywhere_with_the_same_400(live, built, listener):
    query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <{listener.url}> {{ ?s ?p ?o }} }}"
    at_sparql = live.get("/sparql", params={"query": query}, headers=NT)
    at_export = live.get("/export", params={"query": query, "format": "ttl"})
    assert at_sparql.status_code == at_export.status_code == 400, at_export.text
    assert "SERVICE is not allowed" in _error(at_sparql)["message"]
    assert _error(at_export) == _error(at_sparql)
    cli = _kg(built, "export", "--query", _query_file(built, query), "--format", "ttl")
    assert cli.returncode == 2 and cli.stdout == b""          # bad input: exit 2, as a 400 on the web
    assert f"error: {_error(at_sparql)['message']}" in cli.stderr
    assert listener.hits == []


def _wait_for_replacement(pid: int, before: set[int]) -> set[int]:
    """The server's workers once one of ``before`` has been replaced by a fresh one."""
    def replaced() -> set[int] | None:
        after = children(pid)
        return after if len(after) == len(before) and after != before else None

    return wait_for(replaced, "a fresh worker in place of the stopped one")


@pytest.mark.parametrize("route", ["/sparql", "/export"])
def test_a_slow_query_is_stopped_at_the_limit_and_its_worker_killed(live, route):
    workers = children(live.pid)
    assert len(workers) == 2
    params = {"query": SLOW} if route == "/sparql" else {"query": SLOW, "format": "ttl"}
    started = time.monotonic()
    r = live.get(route, params=params, headers=NT)
    seconds = time.monotonic() - started
    assert r.status_code == 503, r.text
    assert _error(r) == {"status": 503, "title": "Query timed out", "timeout": TIMEOUT,
                         "message": f"the query ran longer than the {TIMEOUT:g} s limit and was stopped"}
    assert seconds >= TIMEOUT, seconds      # not stopped before its limit (how soon after: bench, not here)
    # the worker that ran it was killed (its CPU released), and a fresh one took its place
    after = _wait_for_replacement(live.pid, workers)
    gone = workers - after
    assert len(gone) == 1 and len(after) == 2, (workers, after)
    assert not alive(gone.pop())
    assert live.get("/sparql", params={"query": "ASK {}"}).json()["boolean"] is True


def test_kg_export_query_stops_a_slow_query_at_its_timeout(live, built):
    watch: list[int] = []
    started = time.monotonic()
    cli = _kg(built, "export", "--query", _query_file(built, SLOW), "--format", "ttl", "--timeout", str(TIMEOUT),
              watch=watch)
    seconds = time.monotonic() - started
    assert cli.returncode == 1 and cli.stdout == b""
    assert f"error: the query ran longer than the {TIMEOUT:g} s limit and was stopped" in cli.stderr
    assert seconds >= TIMEOUT, seconds      # not stopped before its limit
    assert watch, "kg export --query ran no worker process"
    assert not any(alive(pid) for pid in watch), "a query worker outlived kg export"


def test_dollar_variables_are_sparql_variables_everywhere(live, built):
    r = live.get("/sparql", params={"query": DOLLAR}, headers=NT)
    assert r.status_code == 200, r.text
    expected = Graph().parse(data=r.text, format="nt")
    assert 5 < len(expected) < ROW_CAP
    r = live.get("/export", params={"query": DOLLAR, "format": "ttl"})
    assert r.status_code == 200, r.text
    assert r.headers["x-kg-truncated"] == "false"
    assert isomorphic(Graph().parse(data=r.text, format="turtle"), expected)
    cli = _kg(built, "export", "--query", _query_file(built, DOLLAR), "--format", "ttl")
    assert cli.returncode == 0, cli.stderr
    assert isomorphic(Graph().parse(data=cli.stdout, format="turtle"), expected)


def test_the_row_cap_cuts_an_export_and_the_figure_says_so(live, built):
    query = "CONSTRUCT { ?s a ?t } WHERE { ?s a ?t }"
    r = live.get("/export", params={"query": query, "format": "ttl"})
    assert r.status_code == 200 and r.headers["x-kg-truncated"] == "true"
    assert len(Graph().parse(data=r.text, format="turtle")) == ROW_CAP
    r = live.get("/export", params={"query": query, "format": "dot"})
    assert r.status_code == 200 and "truncated" in r.text
    cli = _kg(built, "export", "--query", _query_file(built, query), "--format", "dot", "--row-cap", "7")
    assert cli.returncode == 0, cli.stderr
    assert "truncated" in cli.stdout.decode() and "row cap (7)" in cli.stderr
    assert cli.stdout.decode().count("->") == 0      # rdf:type statements are not edges


# -- kg export while kg serve holds the store --------------------------------------------------
def test_kg_export_reads_the_store_while_kg_serve_runs(live, built):
    for args, params in [((MEASURE, "--depth", "1"), {"focus": MEASURE, "depth": 1}),
                         (("--trace", MEASURE), {"trace": MEASURE})]:
        cli = _kg(built, "export", *args, "--format", "ttl")
        assert cli.returncode == 0, cli.stderr
        mine = Graph().parse(data=cli.stdout, format="turtle")
        served = live.get("/export", params={**params, "format": "ttl"})
        assert served.status_code == 200, served.text
        assert len(mine) > 50 and isomorphic(mine, Graph().parse(data=served.text, format="turtle"))
    assert live.get("/health").json()["ok"] is True


def test_kg_export_names_a_store_it_cannot_open(built, tmp_path):
    fake = tmp_path / "store"
    fake.mkdir()
    shutil.copy(built / "store" / "policy-kg.fingerprint", fake)   # looks current, holds nothing
    r = subprocess.run([sys.executable, "-m", "kg.cli.run", "export", MEASURE, "--format", "ttl",
                        "--store-path", str(fake)], cwd=PROJECT_ROOT, env=_env(built), capture_output=True, text=True)
    assert r.returncode == 1 and r.stdout == ""
    assert f"cannot open Oxigraph store at {fake}" in r.stderr and "read-only" in r.stderr
    assert "Traceback" not in r.stderr


# -- graceful shutdown -------------------------------------------------------------------------
@pytest.mark.parametrize("route,sig", [pytest.param("/sparql", signal.SIGTERM, id="sparql-SIGTERM"),
                                       pytest.param("/export", signal.SIGTERM, id="export-SIGTERM"),
                                       pytest.param("/sparql", signal.SIGKILL, id="sparql-SIGKILL")])
def test_a_stopped_server_stops_its_slow_query(tmp_path, route, sig):
    """SIGTERM ends kg serve whatever runs, workers included, without waiting for the query; after a
    SIGKILL (no shutdown at all) the busy worker notices its parent is gone and exits too."""
    data = tmp_path / "small.nq"
    data.write_text("".join(f"<urn:x:s{i}> <urn:x:p> \"{i}\" <urn:x:g{i % 3}> .\n" for i in range(200)))
    # a time limit far away: only the shutdown can stop this query
    with live_server(["--load", str(data), "--query-timeout", "600", "--workers", "1"], tmp_path) as base:
        pid = server_pid(int(base.rsplit(":", 1)[1]))
        workers = children(pid)
        assert len(workers) == 1
        before = {w: cpu_seconds(w) for w in workers}
        params = {"query": SLOW} if route == "/sparql" else {"query": SLOW, "format": "ttl"}
        outcome: list = []

        def ask() -> None:
            try:
                outcome.append(httpx.get(base + route, params=params, headers=NT, timeout=600).status_code)
            except httpx.HTTPError as exc:
                outcome.append(type(exc).__name__)

        client = threading.Thread(target=ask, daemon=True)
        client.start()
        busy_worker(workers, before)    # the worker is computing the query ...
        assert not outcome, outcome     # ... which is still running
        os.kill(pid, sig)
        # stopped long before the query's 600 s limit could end it (the wait gives up at 120 s)
        wait_for(lambda: not alive(pid), f"kg serve gone after {sig.name}")
        wait_for(lambda: not any(alive(w) for w in workers), "the query worker gone with kg serve")
        client.join(60)
        assert outcome and outcome[0] != 200, outcome
