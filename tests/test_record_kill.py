"""A write killed between the store and the file (SIGKILL of a live ``kg serve`` on an on-disk
store, held in that window by the test hook ``KG_TEST_PAUSE_BEFORE_COMMIT``, not by timing):
after a restart the record is as before, the store agrees with it, and the same write then goes
through. Covers a review accept and a /sparql update, each the first write after a build (the
case where the files alone would not have told the restarted server to rebuild). Scratch copies
of the corpus and data folders; every text is our own."""
from __future__ import annotations

import hashlib
import os
import signal
import threading
from pathlib import Path

import httpx

import live_server
from live_server import free_port, kg_serve
from scratch import scratch_folders
from waiting import wait_for

TOKEN = "kill-test-token"
AUTH = {"authorization": f"Bearer {TOKEN}", "accept": "application/json"}
TEXT = "Quay notes of ours\nNvidia opened a quay office in 2025 and Anthropic said exports grew by 12%.\n"
ASK = ('ASK { GRAPH ?g { <https://w3id.org/policy-kg/id/nvidia> '
       '<http://www.w3.org/2004/02/skos/core#altLabel> "Quayside Silicon"@en } }')
UPDATE = ('INSERT DATA { GRAPH <urn:x-kg-test:mine> { <https://w3id.org/policy-kg/id/nvidia> '
          '<http://www.w3.org/2004/02/skos/core#altLabel> "Quayside Silicon"@en } }')


def folder_hash(data: Path) -> dict:
    """Every file of the data folder but the lock and the change counter, by content."""
    return {str(p.relative_to(data)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(data.rglob("*"))
            if p.is_file() and p.name not in (".kg-write.lock", ".kg-changes") and not p.name.endswith(".tmp")}


class Server:
    def __init__(self, tmp: Path, corpus: Path, data: Path) -> None:
        self.tmp, self.corpus, self.data = tmp, corpus, data
        self.pause = tmp / "pause"
        self.pause.mkdir()
        self.proc = None

    def start(self, *, paused: bool) -> str:
        env = {**os.environ, "KG_WARM_UP": "0"}
        env.pop("KG_TEST_PAUSE_BEFORE_COMMIT", None)
        if paused:
            env["KG_TEST_PAUSE_BEFORE_COMMIT"] = str(self.pause)
        port = free_port()
        running = live_server.start(kg_serve(port, self.tmp, [
            "--store", "oxigraph", "--store-path", str(self.tmp / "store"), "--corpus", str(self.corpus),
            "--data", str(self.data), "--update-token", TOKEN, "--workers", "1"]),
            port, self.tmp / f"server-{port}.log", env=env, timeout=120)
        self.proc = running.proc
        return running.base

    def kill_in_the_window(self, send) -> None:
        """Run ``send`` (a request that writes) and SIGKILL the server once it stands between the
        store and the file; the request gets no answer."""
        (self.pause / "reached").unlink(missing_ok=True)
        thread = threading.Thread(target=send, daemon=True)
        thread.start()
        wait_for(lambda: (self.pause / "reached").is_file(), "the write reaching the pause before its commit")
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait(30)
        thread.join(30)

    def stop(self) -> None:
        if self.proc is not None:
            live_server.stop(self.proc)


def quietly(fn):
    def run():
        try:
            fn()
        except httpx.HTTPError:
            pass                  # the server died under the request: no answer, as expected
    return run


def ask(base: str, query: str) -> bool:
    r = httpx.get(base + "/sparql", params={"query": query}, headers={"accept": "application/sparql-results+json"})
    assert r.status_code == 200, r.text
    return r.json()["boolean"]


def test_a_sparql_update_killed_before_its_journal_entry_is_not_kept(tmp_path, corpus_dir):
    corpus, data = scratch_folders(tmp_path, corpus_dir)
    server = Server(tmp_path, corpus, data)
    try:
        url = server.start(paused=True)
        before = folder_hash(data)
        server.kill_in_the_window(quietly(lambda: httpx.post(url + "/sparql", data={"update": UPDATE},
                                                              headers=AUTH, timeout=60)))
        assert (server.pause / "reached").read_text().endswith(".ru")
        assert folder_hash(data) == before             # no journal entry (a staged one is a .tmp)
        base = server.start(paused=False)
        assert not ask(base, ASK)                      # the store does not keep what the record lacks
        r = httpx.post(base + "/sparql", data={"update": UPDATE}, headers=AUTH, timeout=60)
        assert r.status_code == 200, r.text
        server.stop()
        base = server.start(paused=False)
        assert ask(base, ASK) and [p.name for p in (data / "updates").glob("*.ru")] == ["0001.ru"]
    finally:
        server.stop()


def test_a_review_accept_killed_before_its_file_is_renamed_is_not_kept(tmp_path, corpus_dir):
    corpus, data = scratch_folders(tmp_path, corpus_dir)
    server = Server(tmp_path, corpus, data)
    try:
        base = server.start(paused=False)
        r = httpx.post(base + "/documents/new", files={"file": ("quay.txt", TEXT.encode(), "text/plain")},
                       data={"published": "2026-01-15"}, headers=AUTH, timeout=60)
        assert r.status_code == 201, r.text
        ident, iri = r.json()["id"], r.json()["iri"]
        view = httpx.get(f"{base}/documents/{ident}/review.json").json()
        pid = next(p["id"] for p in view["proposals"] if p["kind"] == "mention")
        server.stop()
        base = server.start(paused=True)               # a fresh build: the accept is its first write
        before = folder_hash(data)
        count = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}"
        server.kill_in_the_window(quietly(lambda: httpx.post(
            f"{base}/documents/{ident}/review", data={"action": "accept", "pid": pid}, headers=AUTH, timeout=60)))
        assert (server.pause / "reached").read_text().endswith(f"{ident}.trig")
        assert folder_hash(data) == before
        base = server.start(paused=False)
        n = httpx.get(base + "/sparql", params={"query": count}, headers={"accept": "application/sparql-results+json"})
        assert int(n.json()["results"]["bindings"][0]["n"]["value"]) == 0    # as the file: nothing accepted
        r = httpx.post(f"{base}/documents/{ident}/review", data={"action": "accept", "pid": pid}, headers=AUTH)
        assert r.status_code == 200 and "already" not in r.text, r.text
        n = httpx.get(base + "/sparql", params={"query": count}, headers={"accept": "application/sparql-results+json"})
        assert int(n.json()["results"]["bindings"][0]["n"]["value"]) > 0
    finally:
        server.stop()
