"""kill -9 during accepts: a live ``kg serve`` (on-disk store) accepts proposals from two
reviewers at once and is killed with SIGKILL at a random moment, many times. After each kill
the data files parse and hold every accept the server confirmed, ``kg validate`` passes, and
the restarted server's store holds exactly the document graph of the data file."""
from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import threading
from pathlib import Path

import httpx
import pytest
from rdflib import Dataset, URIRef

from kg.core.settings import PROJECT_ROOT
import live_server
from live_server import free_port, kg_serve
from scratch import scratch_folders

TOKEN = "crash-test-token"
KILLS = 6
TEXT = ("Field notes on compute\n"
        + "".join(f"Note {i}: Anthropic said stronger chip export controls reduce illicit compute access by {i}% "
                  f"in 2025, and Nvidia and ByteDance noticed within {i + 2} months.\n" for i in range(1, 13)))


def start(tmp: Path, scratch: dict) -> tuple[subprocess.Popen, str]:
    port = free_port()
    server = live_server.start(kg_serve(port, tmp, ["--store", "oxigraph", "--corpus", str(scratch["corpus"]),
                                                    "--data", str(scratch["data"]), "--update-token", TOKEN,
                                                    "--workers", "1"]),
                               port, tmp / f"server-{port}.log", env={**os.environ, "KG_WARM_UP": "0"}, timeout=90)
    return server.proc, server.base


def graph_of(path: Path, iri: str):
    ds = Dataset()
    ds.parse(path, format="trig")
    return ds.graph(URIRef(iri))


@pytest.mark.slow
def test_sigkill_during_accepts_loses_nothing_confirmed(tmp_path, corpus_dir):
    corpus, data = scratch_folders(tmp_path, corpus_dir)
    scratch = {"corpus": corpus, "data": data}
    auth = {"authorization": f"Bearer {TOKEN}", "accept": "application/json"}
    proc, base = start(tmp_path, scratch)
    try:
        r = httpx.post(base + "/documents/new", files={"file": ("notes.txt", TEXT.encode(), "text/plain")},
                       data={"published": "2026-01-15"}, headers=auth, timeout=60)
        assert r.status_code == 201, r.text
        ident, iri = r.json()["id"], r.json()["iri"]
        view = httpx.get(f"{base}/documents/{ident}/review.json").json()
        todo = [p["id"] for p in view["proposals"] if p["kind"] in ("mention", "figure", "date", "link", "entity")]
        assert len(todo) > 40
        confirmed: set[str] = set()
        rng = random.Random(13)
        for round_ in range(KILLS):
            # kill after the Nth accept the server confirms in this round (N at random, 1 to 4), while
            # the other reviewer's request may be in flight: an event, whatever the machine's speed
            kill_after = rng.randint(1, 4)
            left = [p for p in todo if p not in confirmed]
            assert left, f"round {round_}: no proposal left to accept"
            this_round: list[str] = []
            enough = threading.Event()     # set at the Nth confirmed accept, or when both reviewers are done
            lock = threading.Lock()
            done: list[str] = []

            def reviewer(name: str, ids: list[str]) -> None:
                try:
                    review(name, ids)
                finally:
                    with lock:
                        done.append(name)
                        if len(done) == 2:
                            enough.set()

            def review(name: str, ids: list[str]) -> None:
                with httpx.Client(headers={**auth, "x-reviewer": name}, timeout=30) as c:
                    for pid in ids:
                        if enough.is_set():
                            return
                        try:
                            resp = c.post(f"{base}/documents/{ident}/review", data={"action": "accept", "pid": pid})
                        except httpx.HTTPError:
                            return
                        if resp.status_code == 200:
                            with lock:
                                confirmed.add(pid)
                                this_round.append(pid)
                                if len(this_round) >= kill_after:
                                    enough.set()
                        else:
                            assert resp.status_code == 422, resp.text   # a proposal that needs an edit first

            threads = [threading.Thread(target=reviewer, args=(n, left[i::2])) for i, n in enumerate(("ann", "bo"))]
            for t in threads:
                t.start()
            enough.wait()
            proc.send_signal(signal.SIGKILL)
            proc.wait(10)
            enough.set()
            for t in threads:
                t.join(30)
            assert this_round, f"round {round_}: no accept was confirmed before the kill"
            # the files: parse, hold every confirmed accept, and validate
            g = graph_of(scratch["data"] / f"{ident}.trig", iri)
            anchors = {str(a).rsplit("-", 1)[-1] for a in g.subjects(URIRef("http://www.w3.org/ns/oa#hasSource"), None)}
            assert confirmed <= anchors, f"round {round_}: confirmed but missing {sorted(confirmed - anchors)}"
            v = subprocess.run([sys.executable, "-m", "kg.cli.run", "validate", "--corpus", str(scratch["corpus"]),
                                "--data", str(scratch["data"])], cwd=PROJECT_ROOT, capture_output=True, text=True)
            assert v.returncode == 0, v.stdout[-3000:]
            # the store, after a restart: exactly the file's statements in the document's graph
            proc, base = start(tmp_path, scratch)
            q = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}"
            n = httpx.get(base + "/sparql", params={"query": q}, headers={"accept": "application/sparql-results+json"})
            assert int(n.json()["results"]["bindings"][0]["n"]["value"]) == len(g), f"round {round_}"
            status = {p["id"]: p["status"] for p in httpx.get(f"{base}/documents/{ident}/review.json").json()["proposals"]}
            assert all(status[p] == "accepted" for p in confirmed)
        assert len(confirmed) >= KILLS    # at least one confirmed accept per round, by construction
    finally:
        live_server.stop(proc)
