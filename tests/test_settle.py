"""Issue 23: a write through the app that both the files and the store hold is settled, so the next
start reads the on-disk store as it is (no build) and the write is there; a write that failed after
the store step, or ran outside the data folder's lock, leaves the stamp and the next start rebuilds
without it; a file another process wrote keeps writes unsettled until the data watcher has loaded it.
Real on-disk stores, real app, scratch copies of the corpus and data folders; every text is ours."""
from __future__ import annotations

import gc
import json
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kg.core.namespaces import CATALOG_FILE, CATALOG_GRAPH
from kg.core.settings import PROJECT_ROOT, Settings
from kg.core.storage import locked, note_change
from kg.curation.watch import DataWatcher
from kg.index import warm
from kg.store.build import FINGERPRINT_FILE, WRITES_FILE, fingerprint, is_current, open_store
from scratch import scratch_folders

TOKEN = "settle-token"
BEARER = {"Authorization": f"Bearer {TOKEN}"}
NEW = ('INSERT DATA { GRAPH <urn:x-kg-test:mine> { <https://w3id.org/policy-kg/id/nvidia> '
       '<http://www.w3.org/2004/02/skos/core#altLabel> "Quernstone Silicon"@en } }')
ASK = 'ASK { <https://w3id.org/policy-kg/id/nvidia> skos:altLabel "Quernstone Silicon"@en }'
OTHER = 'ASK { <https://w3id.org/policy-kg/id/nvidia> skos:altLabel "Quernstone Other"@en }'


@pytest.fixture()
def settings(tmp_path: Path, corpus_dir: Path) -> Settings:
    corpus, data = scratch_folders(tmp_path, corpus_dir)
    return Settings.from_env(env={}, store="oxigraph", store_path=str(tmp_path / "kg" / "store"),
                             corpus=str(corpus), data_dir=str(data), update_token=TOKEN, warm_up=False)


def opened(settings: Settings) -> tuple[object, list[str]]:
    log: list[str] = []
    return open_store(settings, progress=log.append), log


def built(log: list[str]) -> bool:
    return any(m.startswith("building store") for m in log)


def write_through_the_app(settings: Settings, store, update: str = NEW) -> None:
    from web.app import create_app

    app = create_app(settings, store)
    with TestClient(app) as client:
        r = client.post("/sparql", data={"update": update}, headers=BEARER)
        assert r.status_code in (200, 204), r.text


RESTART = """
import json, sys
from kg.core.settings import Settings
from kg.store.build import open_store
from kg.index import warm
s = Settings.from_env(env={}, store="oxigraph", store_path=sys.argv[1], corpus=sys.argv[2], data_dir=sys.argv[3])
log = []
store = open_store(s, progress=log.append)
print(json.dumps({"built": any(m.startswith("building store") for m in log), "ask": store.ask(sys.argv[4]),
                  "other": store.ask(sys.argv[5]), "key": store.warmth.key, "shelf": str(warm.shelf(store).folder)}))
"""


def restart(settings: Settings) -> dict:
    """A new process opening the store (the app's store stays open in this one, as a stopped server's
    files stay on disk): whether it built, whether it holds each write, its warm key and shelf."""
    done = subprocess.run([sys.executable, "-c", RESTART, settings.store_path, settings.corpus, settings.data_dir,
                           ASK, OTHER], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300,
                          env={"PYTHONPATH": str(PROJECT_ROOT), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def stopped(store) -> None:
    """A clean stop: what the store holds is on disk (the app's lifespan ended) and the process lets the
    store go, its lock with it (a server holds its store's lock while it runs)."""
    store.flush()
    store.oxigraph = None
    gc.collect()


def test_a_settled_write_survives_a_restart_without_a_build(settings: Settings):
    store, log = opened(settings)
    assert built(log)
    folder = Path(settings.store_path)
    before = folder.stat().st_ino
    write_through_the_app(settings, store)
    assert store.warmth.settling.settled == 1 and not (folder / WRITES_FILE).exists()
    assert (folder / FINGERPRINT_FILE).read_text().strip() == fingerprint(settings)
    # the warm key names the new data, as a fresh open names it: parts saved now are read after a restart
    assert store.warmth.generation == store.generation
    stopped(store)
    assert is_current(settings)
    again = restart(settings)
    assert again == {"built": False, "ask": True, "other": False, "key": store.warmth.key,
                     "shelf": str(warm.shelf(store).folder)}
    assert folder.stat().st_ino == before


def test_a_write_that_fails_after_the_store_step_leaves_the_stamp(settings: Settings):
    from kg.sparql.service import SparqlService

    store, _ = opened(settings)
    service = SparqlService(settings, store, workers=1)
    try:
        with pytest.raises(RuntimeError):
            with locked(Path(settings.data_dir)):
                service.update(NEW)          # the store took it ...
                raise RuntimeError("killed before the files")   # ... the files never did
        assert store.ask(ASK)
        assert (Path(settings.store_path) / WRITES_FILE).exists() and store.warmth.settling.spoiled
        # a write that goes through afterwards is not settled either: the store holds one no file says
        write_through_the_app(settings, store, NEW.replace("Quernstone Silicon", "Quernstone Other"))
        assert store.warmth.settling.settled == 0
    finally:
        service.close()
    stopped(store)
    assert not is_current(settings)
    again = restart(settings)
    assert again["built"] and not again["ask"] and again["other"]


def test_a_write_outside_the_lock_is_never_settled(settings: Settings):
    store, _ = opened(settings)
    store.update(NEW.replace("INSERT DATA {", "INSERT DATA {", 1))   # no file, no journal entry
    write_through_the_app(settings, store, NEW.replace("Quernstone Silicon", "Quernstone Other"))
    assert store.warmth.settling.settled == 0
    stopped(store)
    again = restart(settings)
    assert again["built"] and not again["ask"] and again["other"]


def test_a_file_another_process_wrote_is_loaded_before_writes_settle(settings: Settings):
    from kg.sparql.service import SparqlService
    from kg.sparql.recorded import recorded_update

    store, _ = opened(settings)
    data = Path(settings.data_dir)
    service = SparqlService(settings, store, workers=1)
    watcher = DataWatcher(data, service.update, settings.base_iri, followed=store.files_followed)
    catalog = data / CATALOG_FILE
    with locked(data):                       # as `kg review` would: the file, then the change counter
        catalog.write_text(catalog.read_text() + f"\n<{CATALOG_GRAPH}> {{ <https://w3id.org/policy-kg/id/nvidia> "
                           "<http://www.w3.org/2004/02/skos/core#altLabel> \"Quernstone Other\"@en . }\n")
        note_change(data)
    try:
        recorded_update(service, data, NEW)
        assert store.warmth.settling.settled == 0 and not store.ask(OTHER)   # the store lacks the file's change
        assert (Path(settings.store_path) / WRITES_FILE).exists()
        watcher.poll()
        assert store.ask(OTHER) and store.ask(ASK)
        assert store.warmth.settling.settled == 1 and not (Path(settings.store_path) / WRITES_FILE).exists()
    finally:
        service.close()
    stopped(store)
    again = restart(settings)
    assert not again["built"] and again["ask"] and again["other"]


def test_a_hold_that_changed_a_file_without_the_store_is_settled_once_the_watcher_loaded_it(settings: Settings):
    """A hold of the lock in which a data file changed without the store (announced, as finishing a
    killed ingest does, by ``note_change``) settles nothing; the watcher's next poll loads the file and
    settles both."""
    from kg.sparql.service import SparqlService

    store, _ = opened(settings)
    data = Path(settings.data_dir)
    service = SparqlService(settings, store, workers=1)
    watcher = DataWatcher(data, service.update, settings.base_iri, followed=store.files_followed)
    watcher.poll()
    catalog = data / CATALOG_FILE
    block = ("\n<%s> {{ <https://w3id.org/policy-kg/id/nvidia> "
             "<http://www.w3.org/2004/02/skos/core#altLabel> \"{}\"@en . }}\n" % CATALOG_GRAPH)
    try:
        with locked(data):
            # a write both hold (the file, then the store), and a file change the store does not hold
            catalog.write_text(catalog.read_text() + block.format("Quernstone Silicon"))
            service.update(f"INSERT DATA {{ GRAPH {block.format('Quernstone Silicon').strip()} }}")
            catalog.write_text(catalog.read_text() + block.format("Quernstone Other"))
            note_change(data)
        assert store.ask(ASK) and not store.ask(OTHER) and store.warmth.settling.settled == 0
        watcher.poll()
        assert store.ask(OTHER) and store.warmth.settling.settled == 1
    finally:
        service.close()
    stopped(store)
    again = restart(settings)
    assert not again["built"] and again["ask"] and again["other"]


WRITER = """
import json, sys
from fastapi.testclient import TestClient
from kg.core.settings import Settings
from kg.store.build import open_store
from kg.index import warm
from kg.pages import lists
from web.app import create_app
s = Settings.from_env(env={}, store="oxigraph", store_path=sys.argv[1], corpus=sys.argv[2], data_dir=sys.argv[3],
                      update_token=sys.argv[4], warm_up=False)
store = open_store(s)
lists.kind_list(store, "measures")               # built, and saved for the data as built
with TestClient(create_app(s, store)) as client:
    r = client.post("/sparql", data={"update": sys.argv[5]}, headers={"Authorization": "Bearer " + sys.argv[4]})
    followed = [m["iri"] for m in lists.kind_list(store, "measures")["items"]]
print(json.dumps({"status": r.status_code, "body": r.text[:300], "settled": store.warmth.settling.settled, "followed": followed,
                  "counts": dict(warm.counts)}))
"""
READER = """
import json, sys
from kg.core.settings import Settings
from kg.store.build import open_store
from kg.index import warm
from kg.pages import lists
s = Settings.from_env(env={}, store="oxigraph", store_path=sys.argv[1], corpus=sys.argv[2], data_dir=sys.argv[3])
log = []
store = open_store(s, progress=log.append)
items = [m["iri"] for m in lists.kind_list(store, "measures")["items"]]
print(json.dumps({"built": bool(log), "items": items, "counts": dict(warm.counts)}))
"""
PROBE = "https://w3id.org/policy-kg/id/measure-settle-probe"


def python(script: str, *args: str) -> dict:
    done = subprocess.run([sys.executable, "-c", script, *args], cwd=PROJECT_ROOT, capture_output=True, text=True,
                          timeout=300, env={"PYTHONPATH": str(PROJECT_ROOT), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_value_that_followed_a_settled_write_is_read_after_a_clean_stop(settings: Settings):
    """The sorted keys of the measures list follow a settled write in memory; the app's clean stop puts
    them on the new data's shelf, and the next start reads them (no build of the store, nor of them)
    and lists the new measure."""
    where = (settings.store_path, settings.corpus, settings.data_dir)
    insert = ("INSERT DATA { GRAPH <https://w3id.org/policy-kg/id/doc/settle-probe> { "
              f"<{PROBE}> a <https://w3id.org/policy-kg/ns#Measure> ; "
              "<https://w3id.org/policy-kg/ns#status> <https://w3id.org/policy-kg/ns#Recommended> ; "
              "<http://www.w3.org/2004/02/skos/core#prefLabel> \"Aardvark settle probe\"@en . } }")
    wrote = python(WRITER, *where, TOKEN, insert)
    assert wrote["status"] in (200, 204), wrote["body"]
    assert wrote["settled"] == 1 and PROBE in wrote["followed"]
    assert wrote["counts"].get("built catalog:members:measures") == 1     # once, before the write
    assert wrote["counts"].get("saved catalog:members:measures") == 2     # then, followed, at the stop
    again = python(READER, *where)
    assert not again["built"] and PROBE in again["items"]
    assert again["counts"].get("read catalog:members:measures") == 1
    assert "built catalog:members:measures" not in again["counts"]



def test_a_value_not_asked_for_since_a_settled_write_is_brought_up_to_date_at_a_clean_stop(settings: Settings):
    """A lasting value built before the write and not asked for after it (a trace's causal layer when the
    traces asked for were remembered) is brought up to date at the clean stop and put on the new data's
    shelf: the next start reads it, with the write in it, and builds nothing."""
    where = (settings.store_path, settings.corpus, settings.data_dir)
    insert = ("INSERT DATA { GRAPH <https://w3id.org/policy-kg/id/doc/settle-probe> { "
              f"<{PROBE}> a <https://w3id.org/policy-kg/ns#Measure> ; "
              "<https://w3id.org/policy-kg/ns#status> <https://w3id.org/policy-kg/ns#Recommended> ; "
              "<http://www.w3.org/2004/02/skos/core#prefLabel> \"Aardvark unasked probe\"@en . } }")
    wrote = python(WRITER.replace("    followed = [m[\"iri\"] for m in lists.kind_list(store, \"measures\")[\"items\"]]\n",
                                  "    followed = []\n"), *where, TOKEN, insert)
    assert wrote["status"] in (200, 204), wrote["body"]
    assert wrote["settled"] == 1
    assert wrote["counts"].get("built catalog:members:measures") == 1
    assert wrote["counts"].get("saved catalog:members:measures") == 2     # as built, then brought up to date at the stop
    again = python(READER, *where)
    assert not again["built"] and PROBE in again["items"]
    assert again["counts"].get("read catalog:members:measures") == 1
    assert "built catalog:members:measures" not in again["counts"]

INGESTER = """
import json, sys
from fastapi.testclient import TestClient
from kg.core.settings import Settings
from kg.store.build import open_store
from web.app import create_app
s = Settings.from_env(env={}, store="oxigraph", store_path=sys.argv[1], corpus=sys.argv[2], data_dir=sys.argv[3],
                      update_token=sys.argv[4], warm_up=False)
store = open_store(s)
auth = {"authorization": "Bearer " + sys.argv[4], "accept": "application/json"}
with TestClient(create_app(s, store)) as client:
    r = client.post("/documents/new", files={"file": ("notes.txt", sys.argv[5].encode(), "text/plain")},
                    data={"published": "2026-01-15"}, headers=auth)
    ident = r.json()["id"]
    view = client.get(f"/documents/{ident}/review.json").json()
    pid = next(p["id"] for p in view["proposals"] if p["kind"] == "mention")
    a = client.post(f"/documents/{ident}/review", data={"action": "accept", "pid": pid}, headers=auth)
print(json.dumps({"ingest": r.status_code, "accept": a.status_code, "iri": r.json()["iri"],
                  "settled": store.warmth.settling.settled, "stamped": store.warmth.written}))
"""


def test_an_ingest_and_an_accept_through_the_app_are_settled(settings: Settings):
    where = (settings.store_path, settings.corpus, settings.data_dir)
    text = "Quernstone notes of ours\nNvidia opened a quern office in 2025 and Anthropic said exports grew by 12%.\n"
    done = python(INGESTER, *where, TOKEN, text)
    assert done["ingest"] == 201 and done["accept"] == 200, done
    assert done["settled"] >= 2 and not done["stamped"]
    assert is_current(settings) and not (Path(settings.store_path) / WRITES_FILE).exists()
    again = python(RESTART, *where, f"ASK {{ GRAPH ?g {{ <{done['iri']}> ?p ?o }} }}",
                   f"ASK {{ GRAPH <{done['iri']}> {{ ?s ?p ?o }} }}")
    assert not again["built"] and again["ask"] and again["other"]
