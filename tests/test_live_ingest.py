"""A running ``kg serve`` (a real process, its store on disk) follows what the CLI writes to its data
folder: a document ingested with ``kg ingest`` comes to /documents, a statement accepted with
``kg review`` to the entity page, ``kg review --done`` shows as "reviewed", all without a restart
(the test waits for each; how soon is the server's one-second poll, not asserted here). The CLI
never rebuilds the store folder the server holds open. Scratch copies of the corpus and data;
every text is our own."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import httpx

from kg.core.settings import PROJECT_ROOT
from live_server import live_server
from scratch import scratch_folders
from waiting import wait_for

TEXT = ("Harbour notes on compute\n"
        "Nvidia reported that its shipments through the harbour dropped by 35% in 2025.\n"
        "Port inspectors said chip smuggling increases illicit compute access for buyers overseas.\n")
SECOND = "Later notes of ours\nAnthropic argues that the lead could last up to 18 months.\n"


def kg(*args: str) -> str:
    r = subprocess.run([sys.executable, "-m", "kg.cli.run", *args], cwd=PROJECT_ROOT, capture_output=True,
                       text=True, timeout=120)
    assert r.returncode == 0, r.stderr
    return r.stdout


def listed(base: str) -> dict[str, dict]:
    return {d["id"]: d for d in httpx.get(base + "/documents.json", params={"limit": 500}).json()["documents"]}


def test_cli_ingest_and_review_show_on_a_running_server(tmp_path: Path, corpus_dir: Path):
    corpus, data = scratch_folders(tmp_path, corpus_dir)
    dirs = ["--corpus", str(corpus), "--data", str(data), "--store-path", str(tmp_path / "store")]
    (tmp_path / "harbour.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "later.txt").write_text(SECOND, encoding="utf-8")
    with live_server(dirs[:4], tmp_path) as base:
        # a build puts a new folder in the store's place; settling a write rewrites the fingerprint file
        # inside the same folder (kg.store.settling), so the folder's identity is what says "not rebuilt"
        store_marker = (tmp_path / "store").stat().st_ino
        assert len(listed(base)) == 5
        out = json.loads(kg("ingest", str(tmp_path / "harbour.txt"), "--json", "--published", "2026-03-01", *dirs))
        wait_for(lambda: out["id"] in listed(base), "the ingested document on /documents")
        assert listed(base)[out["id"]]["review_status"]["label"] == "in review"
        view = json.loads(kg("review", out["id"], "--json", *dirs))
        nvidia = next(p for p in view["proposals"] if p["kind"] == "mention" and p["entity"].endswith("/nvidia"))
        assert out["iri"] not in httpx.get(base + "/id/nvidia.json").text
        kg("review", out["id"], "--accept", nvidia["id"], "--reviewer", "cli-tester", *dirs)
        wait_for(lambda: out["iri"] in httpx.get(base + "/id/nvidia.json").text,
                 "the accepted mention on the entity page")
        page = httpx.get(base + "/id/nvidia")
        assert page.status_code == 200 and f"Document {out['id'][:3]}" in page.text
        doc = httpx.get(f"{base}/documents/{out['id']}.json").json()["doc"]
        assert doc["statements"] > 0 and doc["anchors_page"]["count"] == 1
        kg("review", out["id"], "--done", *dirs)
        wait_for(lambda: listed(base)[out["id"]]["review_status"]["label"] == "reviewed", "the reviewed status")
        # a second ingest: the store folder is stale now, and the CLI must not rebuild it under the server
        second = json.loads(kg("ingest", str(tmp_path / "later.txt"), "--json", *dirs))
        wait_for(lambda: second["id"] in listed(base), "the second document")
        assert (tmp_path / "store").stat().st_ino == store_marker
        assert httpx.get(base + "/health").json()["ok"] is True
        assert len(listed(base)) == 7
