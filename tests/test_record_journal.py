"""Issue 20, one record: an update acknowledged by /sparql is journaled in the data folder
(``updates/NNNN.ru``) and replayed by every build, so a rebuild or restart keeps it; a refused one
leaves no entry. A data file the store refuses is not skipped: the watcher keeps it as ``behind``
(on /health, in ``.kg-behind.json`` for ``kg validate``) and loads it again at the next poll. Scratch
copies of the corpus and data folders; every text is our own."""
from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from kg.cli import main
from kg.core.settings import Settings
from kg.store.build import open_store
from scratch import scratch_folders

TOKEN = "journal-token"
BEARER = {"Authorization": f"Bearer {TOKEN}"}
DOC = "https://w3id.org/policy-kg/id/doc/002_c1734acbc6d7b2bc"
NEW = 'INSERT DATA { GRAPH <urn:x-kg-test:mine> { <https://w3id.org/policy-kg/id/nvidia> ' \
      '<http://www.w3.org/2004/02/skos/core#altLabel> "Quillbright Silicon"@en } }'
ASK = 'ASK { <https://w3id.org/policy-kg/id/nvidia> skos:altLabel "Quillbright Silicon"@en }'


@pytest.fixture()
def scratch(tmp_path: Path, corpus_dir: Path) -> dict:
    corpus, data = scratch_folders(tmp_path, corpus_dir)
    settings = Settings.from_env(env={}, store="memory", corpus=str(corpus), data_dir=str(data), update_token=TOKEN,
                                 warm_up=False, store_path=str(tmp_path / "store"))
    return {"corpus": corpus, "data": data, "tmp": tmp_path, "settings": settings}


def validate(runner, scratch) -> tuple[int, str]:
    r = runner.invoke(main, ["validate", "--corpus", str(scratch["corpus"]), "--data", str(scratch["data"])])
    return r.exit_code, r.output


def test_an_acknowledged_update_outlives_a_rebuild_and_a_refused_one_leaves_nothing(runner, scratch):
    from web.app import create_app

    with TestClient(create_app(scratch["settings"])) as c:
        r = c.post("/sparql", data={"update": NEW}, headers=BEARER)
        assert r.status_code == 200, r.text
        r = c.post("/sparql", data={"update": "INSERT DATA { <urn:a> <urn:b> }"}, headers=BEARER)
        assert r.status_code == 400
        r = c.post("/sparql", data={"update": "LOAD <http://127.0.0.1:9/x.ttl>"}, headers=BEARER)
        assert r.status_code == 400
        # a relative IRI resolves against the endpoint, in the store and in the journal alike
        r = c.post("/sparql", data={"update": 'INSERT DATA { GRAPH <urn:x-kg-test:mine> { <rel> <urn:p> "v" } }'},
                   headers=BEARER)
        assert r.status_code == 200
        live = {(s, o) for s, o in c.app.state.store.values("SELECT ?s ?o WHERE { ?s <urn:p> ?o }")}
    entries = sorted(p.name for p in (scratch["data"] / "updates").iterdir())
    assert entries == ["0001.ru", "0002.ru"]
    rebuilt = open_store(scratch["settings"])
    assert rebuilt.ask(ASK)
    assert {(s, o) for s, o in rebuilt.values("SELECT ?s ?o WHERE { ?s <urn:p> ?o }")} == live
    # a rebuild after a data file changed (an ingest) still holds it; kg build and validate pass
    note = scratch["tmp"] / "note.txt"
    note.write_text("Ledger notes of ours\nNvidia opened a harbour office in 2025.\n", encoding="utf-8")
    opts = ["--corpus", str(scratch["corpus"]), "--data", str(scratch["data"]), "--store", "memory"]
    assert runner.invoke(main, ["ingest", str(note), *opts]).exit_code == 0
    assert open_store(scratch["settings"]).ask(ASK)
    r = runner.invoke(main, ["build", *opts])
    assert r.exit_code == 0 and "replayed updates/0001.ru" in r.output, r.output
    assert validate(runner, scratch)[0] == 0


def test_an_on_disk_store_is_rebuilt_when_the_journal_changes(runner, scratch):
    from kg.core import journal

    disk = scratch["settings"].replace(store="oxigraph")
    assert not open_store(disk).ask(ASK)
    final, entry = journal.next_entry(scratch["data"], NEW, disk.base_iri, None)
    final.write_text(entry, encoding="utf-8")
    assert open_store(disk).ask(ASK)


def test_a_journal_entry_that_does_not_parse_is_reported(runner, scratch):
    (scratch["data"] / "updates").mkdir()
    (scratch["data"] / "updates" / "0001.ru").write_text("INSERT DATA { <urn:a> <urn:b> }\n", encoding="utf-8")
    code, out = validate(runner, scratch)
    assert code == 1 and "updates/0001.ru" in out and "[journal]" in out
    r = runner.invoke(main, ["build", "--corpus", str(scratch["corpus"]), "--data", str(scratch["data"]),
                             "--store", "memory"])
    assert r.exit_code == 1 and "0001.ru" in r.output


def test_a_refused_file_is_reported_and_loaded_again(runner, scratch):
    from web.app import create_app

    app = create_app(scratch["settings"])
    watcher = app.state.data_watch
    real, refusing = watcher.apply, [True]

    def flaky(text):
        if refusing[0]:
            raise RuntimeError("the store is busy")
        real(text)
    watcher.apply = flaky
    opts = ["--corpus", str(scratch["corpus"]), "--data", str(scratch["data"]), "--store", "memory"]
    note = scratch["tmp"] / "note.txt"
    note.write_text("Ledger notes of ours\nAnthropic opened a harbour office in 2025.\n", encoding="utf-8")
    assert runner.invoke(main, ["ingest", str(note), *opts]).exit_code == 0
    watcher.poll()
    assert set(watcher.behind) >= {"documents.trig"}
    with TestClient(app) as c:
        health = c.get("/health").json()
        assert health["ok"] is False and "documents.trig" in {b["file"] for b in health["behind"]}
        code, out = validate(runner, scratch)
        assert code == 1 and "[behind]" in out and "documents.trig" in out
        refusing[0] = False
        watcher.poll()                   # no new write: the refused files are tried again all the same
        assert watcher.behind == {}
        assert c.get("/health").json()["ok"] is True
        assert len([d for d in c.get("/documents.json").json()["documents"]]) == 6
    assert validate(runner, scratch)[0] == 0


def test_a_replaced_graph_keeps_what_journaled_updates_did_to_it(runner, scratch):
    from web.app import create_app

    into_doc = NEW.replace("urn:x-kg-test:mine", DOC)
    app = create_app(scratch["settings"])
    with TestClient(app) as c:
        assert c.post("/sparql", data={"update": into_doc}, headers=BEARER).status_code == 200
        path = scratch["data"] / "002_c1734acbc6d7b2bc.trig"
        path.write_text(path.read_text(encoding="utf-8") + "\n# touched by a test\n", encoding="utf-8")
        from kg.core.storage import note_change

        note_change(scratch["data"])
        assert "002_c1734acbc6d7b2bc.trig" in app.state.data_watch.poll()
        assert c.app.state.store.ask(ASK)
