"""Issue 23, CLI writes: ``kg ingest`` and ``kg review --accept`` run while no server holds the
on-disk store write it too, in the same hold of the data folder's lock as the files, and are
settled (kg.store.settling), so the next start opens the store without a build and holds them;
a hand edit of a data file afterwards still makes the next start rebuild. Real on-disk store,
each command and each start its own process (as a user runs them); every text is ours."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from kg.core.settings import PROJECT_ROOT
from scratch import scratch_folders

NOTE = ("Harbour notes on chip rules\n"
        "Nvidia met the Lisbon harbour board on 3 March 2026. Anthropic said the ferry rules would change.\n")

START = """
import json, sys
from kg.core.settings import Settings
from kg.store.build import open_store
log = []
store = open_store(Settings.from_env(), progress=log.append)
print(json.dumps({"built": any(m.startswith("building store") for m in log),
                  "asks": [store.ask(q) for q in sys.argv[1:]]}))
"""


@pytest.fixture()
def env(tmp_path: Path, corpus_dir: Path) -> dict:
    corpus, data = scratch_folders(tmp_path, corpus_dir)
    return {"PYTHONPATH": str(PROJECT_ROOT), "PATH": "/usr/bin:/bin", "HOME": str(tmp_path),
            "KG_STORE": "oxigraph", "KG_STORE_PATH": str(tmp_path / "kg" / "store"), "KG_CORPUS": str(corpus),
            "KG_DATA": str(data), "KG_WARM_UP": "0"}


def _run(env: dict, *argv: str) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, *argv], cwd=PROJECT_ROOT, env=env, capture_output=True, text=True,
                          timeout=600)
    assert done.returncode == 0, done.stderr[-3000:]
    return done


def kg(env: dict, *args: str) -> str:
    return _run(env, "-c", "from kg.cli import main; main()", *args).stdout


def start(env: dict, *asks: str) -> dict:
    """A start in a new process: whether it built the store, and the answer to each ASK."""
    return json.loads(_run(env, "-c", START, *asks).stdout.strip().splitlines()[-1])


def test_cli_writes_without_a_server_are_settled_and_a_hand_edit_still_rebuilds(env, tmp_path):
    assert start(env)["built"]                        # the first start builds the store
    note = tmp_path / "harbour.txt"
    note.write_text(NOTE, encoding="utf-8")
    doc = json.loads(kg(env, "ingest", str(note), "--json"))
    view = json.loads(kg(env, "review", doc["id"], "--json"))
    mentions = [p for p in view["proposals"] if p["kind"] == "mention" and p["status"] == "proposed"]
    assert mentions, view["proposals"]
    kg(env, "review", doc["id"], "--accept", mentions[0]["id"])
    entity = mentions[0]["entity"]
    in_catalog = f"ASK {{ GRAPH ?g {{ <{doc['iri']}> a <https://w3id.org/policy-kg/ns#SourceDocument> }} }}"
    accepted = f"ASK {{ GRAPH <{doc['iri']}> {{ <{entity}> <https://w3id.org/policy-kg/ns#evidence> ?ev }} }}"
    after = start(env, in_catalog, accepted)
    assert after == {"built": False, "asks": [True, True]}
    # a data file edited by hand (no command, no server) is new to the store: the next start rebuilds
    trig = sorted(Path(env["KG_DATA"]).glob("0*.trig"))[0]
    trig.write_text(trig.read_text(encoding="utf-8") + "\n# a curator's note\n", encoding="utf-8")
    again = start(env, in_catalog, accepted)
    assert again == {"built": True, "asks": [True, True]}


WRITER = """
from kg.core.settings import Settings
from kg.cli.base import writable_store
print("writer" if writable_store(Settings.from_env()) is not None else "none")
"""


def test_a_store_a_process_holds_since_its_build_is_not_written_by_a_command(env, monkeypatch):
    """The server's store, built at its start, keeps its lock (the build's own handle is closed
    before the folder is opened again): a command then writes the files only, which the server
    follows, never the store under it."""
    from kg.core.settings import Settings
    from kg.store.build import open_store

    for key, value in env.items():
        monkeypatch.setenv(key, value)
    held = open_store(Settings.from_env(), progress=lambda _: None)
    assert held.ask("ASK { ?s ?p ?o }")
    assert _run(env, "-c", WRITER).stdout.strip() == "none"
    del held
