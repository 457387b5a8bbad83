"""``kg build`` loads the sources as a stream through the bulk loader (``kg.store.bulk``): the
configured base IRI replaces the curated one wherever the read cuts the file; a failing build
(a file that does not parse, a journaled update the store refuses) leaves the store in use and
the data folder as they were; a start does not hash unchanged files again, yet notices a file
rewritten with its old size and modification time (``kg.store.digests``)."""
from __future__ import annotations

import gc
import hashlib
import os
from pathlib import Path

import pytest

from kg.cli import main
from kg.core.namespaces import DEFAULT_BASE
from kg.core.settings import Settings
from kg.store import disk_store
from kg.store import bulk
from kg.store.build import FINGERPRINT_FILE, counts, is_current, open_store
from kg.store import digests as digests_module
from kg.store.digests import DIGESTS_FILE, Digests
from validate_fixture import DOC_A, write_fixture


@pytest.fixture()
def data(tmp_path: Path, corpus_dir: Path) -> Path:
    return write_fixture(tmp_path / "data", corpus_dir)


def settings_for(tmp_path: Path, data: Path, corpus: Path, **more) -> Settings:
    return Settings.from_env(env={}, store="oxigraph", store_path=str(tmp_path / "kg" / "store"),
                             data_dir=str(data), corpus=str(corpus), **more)


def folder_hashes(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_reading_rewrites_the_base_across_chunk_boundaries(tmp_path: Path, monkeypatch):
    old, new = "https://w3id.org/policy-kg/id/", "https://example.org/kg/"
    text = "".join(f"<{old}n{i}> <{old}p> \"{old}x{i}\" .\n" for i in range(300)).encode()
    path = tmp_path / "a.ttl"
    path.write_bytes(text)
    for chunk in (5, 17, 64, 4096):
        monkeypatch.setattr(bulk, "CHUNK", chunk)
        reading = bulk.Reading(path, (old, new))
        out = b"".join(iter(lambda: reading.read(7), b""))
        reading.close()
        assert out == text.replace(old.encode(), new.encode()), chunk
        assert reading.sha.hexdigest() == hashlib.sha256(text).hexdigest()


def test_build_under_another_base_iri(data: Path, corpus_dir: Path, tmp_path: Path):
    base = "https://example.org/kg/"
    settings = settings_for(tmp_path, data, corpus_dir, base_iri=base)
    store = open_store(settings, rebuild=True)
    assert store.ask(f"ASK {{ GRAPH ?g {{ <{base}doc/{DOC_A}> ?p ?o }} }}")
    assert not store.ask(f'ASK {{ GRAPH ?g {{ ?s ?p ?o FILTER(STRSTARTS(STR(?s), "{DEFAULT_BASE}")) }} }}')
    assert is_current(settings)


def build_args(settings: Settings, data: Path) -> list[str]:
    return ["build", "--data", str(data), "--store-path", settings.store_path, "--store", "oxigraph"]


def test_refused_journal_entry_leaves_store_and_data_untouched(data: Path, corpus_dir: Path, tmp_path: Path,
                                                              runner):
    settings = settings_for(tmp_path, data, corpus_dir)
    assert runner.invoke(main, build_args(settings, data)).exit_code == 0
    marker = Path(settings.store_path) / FINGERPRINT_FILE
    before_store = (marker.read_text(), counts(disk_store(Path(settings.store_path), settings.base_iri,
                                                          read_only=True)))
    gc.collect()
    entry = data / "updates" / "0001.ru"
    entry.parent.mkdir()
    entry.write_text("INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> } }\n")
    before_data = folder_hashes(data)
    warm = Path(settings.store_path).parent / "warm"
    before_warm = folder_hashes(warm)
    assert before_warm      # kg build keeps the quad count it printed for the first start

    result = runner.invoke(main, build_args(settings, data))
    assert result.exit_code == 1
    assert f"error: {entry}: the store refused this journaled update" in result.stderr
    assert folder_hashes(data) == before_data and folder_hashes(warm) == before_warm
    assert [p.name for p in Path(settings.store_path).parent.iterdir() if p.name != "warm"] == ["store"]
    reopened = disk_store(Path(settings.store_path), settings.base_iri, read_only=True)
    assert (marker.read_text(), counts(reopened)) == before_store


def test_unchanged_files_are_not_read_again(data: Path, corpus_dir: Path, tmp_path: Path, monkeypatch):
    settings = settings_for(tmp_path, data, corpus_dir)
    target = str((data / f"{DOC_A}.trig").resolve())
    open_store(settings)
    # files written just now are not remembered (a write in the same clock tick would go unseen)
    assert target not in Digests(Path(settings.store_path) / DIGESTS_FILE).known
    monkeypatch.setattr(digests_module, "SETTLE_NS", 0)
    assert is_current(settings)
    digests = Digests(Path(settings.store_path) / DIGESTS_FILE)
    assert target in digests.known
    # a remembered digest is used as it stands while the file's signature matches: a forged one shows it
    digests.known[target]["sha256"] = "0" * 64
    assert digests.of(data / f"{DOC_A}.trig") == "0" * 64


def test_same_size_rewrite_with_old_mtime_is_noticed(data: Path, corpus_dir: Path, tmp_path: Path, monkeypatch):
    monkeypatch.setattr(digests_module, "SETTLE_NS", 0)
    settings = settings_for(tmp_path, data, corpus_dir)
    open_store(settings)
    path = data / f"{DOC_A}.trig"
    assert str(path.resolve()) in Digests(Path(settings.store_path) / DIGESTS_FILE).known
    st = path.stat()
    text = path.read_bytes()
    changed = text.replace(b"fixture mechanism", b"fixture mechanizm", 1)
    assert changed != text and len(changed) == len(text)
    path.write_bytes(changed)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))    # size and modification time as before
    assert not is_current(settings)
    store = open_store(settings)
    assert store.ask('ASK { GRAPH ?g { ?s ?p "fixture mechanizm"@en } }')


def test_a_killed_build_leaves_nothing_after_the_next(data: Path, corpus_dir: Path, tmp_path: Path):
    settings = settings_for(tmp_path, data, corpus_dir)
    parent = Path(settings.store_path).parent
    left = parent / ".build-killed" / "store"
    left.mkdir(parents=True)
    (left / "000001.sst").write_bytes(b"half a store")
    open_store(settings, rebuild=True)
    assert [p.name for p in parent.iterdir() if p.name != "warm"] == ["store"]
