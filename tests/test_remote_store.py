"""The remote store itself, on Virtuoso and the Oxigraph server: the same answers as the embedded
store, a build that replaces each file's graphs and drops those of files gone, every write
bumping the generation, ingest over SPARQL Update, and the errors naming the problem."""
from __future__ import annotations

import contextlib
import shutil
from pathlib import Path

import httpx
import pytest
from rdflib import URIRef

from kg import queries
from kg.store.build import build_remote, open_store
from kg.core.settings import PROJECT_ROOT
from kg.store import StoreError
from scratch import scratch_folders

remote = pytest.mark.parametrize("any_settings", ["virtuoso", "oxigraph-server"], indirect=True)


@remote
def test_reads_match_the_embedded_store(any_store, store):
    assert len(any_store) == len(store)
    assert any_store.named_graphs() == store.named_graphs()
    for name in ("counts_by_class", "counts_by_graph"):   # GRAPH ?g sees Virtuoso's own graphs too
        mine = [r for r in any_store.select(queries.get(name)) if str(r.get("g")) not in any_store.system_graphs]
        assert sorted(map(repr, mine)) == sorted(map(repr, store.select(queries.get(name))))
    labels = sorted(any_store.values(queries.get("search_labels")))
    assert labels == sorted(store.values(queries.get("search_labels")))
    q = "CONSTRUCT { $n ?p ?o } WHERE { $n ?p ?o }"
    n = URIRef("https://w3id.org/policy-kg/id/anthropic")
    assert set(any_store.construct(q, n=n)) == set(store.construct(q, n=n))
    assert any_store.ask("ASK { $n a pk:AILab }", n=n)


@remote
def test_build_replaces_graphs_and_drops_those_of_files_gone(any_settings, any_store, tmp_path: Path):
    """A scratch copy of the data under another base IRI, so the curated graphs stay as they are."""
    data = tmp_path / "data"
    shutil.copytree(PROJECT_ROOT / "data", data, ignore=shutil.ignore_patterns("review", "queries", ".*"))
    base = "https://example.org/kg-remote-test/id/"
    s = any_settings.replace(data_dir=str(data), base_iri=base, store_path=str(tmp_path / "store"))
    scratch = open_store(s, rebuild=True)
    doc0, doc1 = base + "doc/000_0196abc190c539be", base + "doc/001_ee16a0d438a18aaf"
    try:
        n0 = len(scratch.select("SELECT ?s WHERE { GRAPH $g { ?s ?p ?o } }", g=URIRef(doc0)))
        assert n0 > 100
        assert build_remote(scratch, s) == 0          # nothing changed: nothing loaded
        scratch.load_file(next(data.glob("000_*.trig")), rewrite_base=("https://w3id.org/policy-kg/id/", base))
        assert len(scratch.select("SELECT ?s WHERE { GRAPH $g { ?s ?p ?o } }", g=URIRef(doc0))) == n0  # replaced
        before = scratch.generation
        next(data.glob("001_*.trig")).unlink()
        assert build_remote(scratch, s) == 0
        assert scratch.generation > before
        assert not scratch.ask("ASK { GRAPH $g { ?s ?p ?o } }", g=URIRef(doc1))
        assert scratch.ask("ASK { GRAPH $g { ?s ?p ?o } }", g=URIRef(doc0))
    finally:
        for g in scratch.named_graphs():
            if g.startswith(base):
                scratch.drop_graph(g)
    assert not [g for g in any_store.named_graphs() if g.startswith(base)]


@remote
def test_ingest_applies_its_catalog_entry_over_sparql_update(any_settings, any_store, corpus_dir, tmp_path):
    from kg.curation.ingest import Meta, ingest
    from kg.index.labels import search

    corpus, data = scratch_folders(tmp_path, corpus_dir)
    s = any_settings.replace(corpus=str(corpus), data_dir=str(data))
    text = ("Notes on a remote graph store\nOur analysts moved the shared graph to a server so that the "
            "whole team reads the same statements.\n").encode()
    before = any_store.generation
    try:
        result = ingest(s, "remote-notes.txt", text, Meta("Remote store field notes by Quillmere", None, None, None),
                        store=any_store, apply=any_store.update)
        assert any_store.generation > before
        assert any_store.ask("ASK { $d a pk:SourceDocument }", d=URIRef(result.iri))
        assert [h.iri for h in search(any_store, "quillmere")] == [result.iri]
    finally:   # put the curated catalog graph back as it was
        any_store.load_file(PROJECT_ROOT / "data" / "documents.trig")
    assert search(any_store, "quillmere") == []


def test_errors_name_the_problem(settings, tmp_path):
    from live_server import free_port

    s = settings.replace(store=f"sparql:http://127.0.0.1:{free_port()}/sparql", store_path=str(tmp_path / "s"))
    with pytest.raises(StoreError, match="cannot reach the SPARQL store at http://127.0.0.1"):
        open_store(s)


@pytest.mark.parametrize("any_settings", ["virtuoso"], indirect=True)
def test_wrong_credentials_are_named(any_settings, any_store, tmp_path):
    with pytest.raises(StoreError, match="refused the credentials"):
        open_store(any_settings.replace(store_auth="dba:wrong", store_path=str(tmp_path / "s")), rebuild=True)


def test_engine_fixes_apply_across_chunk_boundaries():
    """Virtuoso's "nodeID://b1" blank nodes are read as "b1" wherever the response is split."""
    import io

    import pyoxigraph as ox

    from kg.store.engines import Virtuoso
    from kg.store.remote import _Body

    doc = (b'{"head":{"vars":["x"]},"results":{"bindings":[{"x":{"type":"bnode","value":"nodeID://b10006"}},'
           b'{"x":{"type":"bnode","value":"nodeID://b7"}}]}}')

    class Response:
        def __init__(self, size):
            self.size = size

        def iter_bytes(self):
            return (doc[i:i + self.size] for i in range(0, len(doc), self.size))

    for size in (1, 3, 7, 50, len(doc)):
        body = io.BufferedReader(_Body(Response(size), None, Virtuoso.json_fix))
        rows = list(ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON))
        assert [r["x"] for r in rows] == [ox.BlankNode("b10006"), ox.BlankNode("b7")], size


MULTI_BASE = "https://example.org/kg-load-test/"
MULTI = f"""
<{MULTI_BASE}a> <{MULTI_BASE}label> "first of A" <{MULTI_BASE}g/a> .
<{MULTI_BASE}e> <{MULTI_BASE}selector> _:sel <{MULTI_BASE}g/a> .
_:sel <{MULTI_BASE}start> "3"^^<http://www.w3.org/2001/XMLSchema#integer> <{MULTI_BASE}g/a> .
<{MULTI_BASE}b> <{MULTI_BASE}label> "B"@en <{MULTI_BASE}g/b> .
<{MULTI_BASE}b> <{MULTI_BASE}knows> <{MULTI_BASE}a> <{MULTI_BASE}g/b> .
<{MULTI_BASE}d> <{MULTI_BASE}label> "in no named graph" .
_:sel <{MULTI_BASE}end> "9"^^<http://www.w3.org/2001/XMLSchema#integer> <{MULTI_BASE}g/a> .
<{MULTI_BASE}a> <{MULTI_BASE}label> "second run of A" <{MULTI_BASE}g/a> .
<{MULTI_BASE}c> <{MULTI_BASE}label> "C" <{MULTI_BASE}g/c> .
<{MULTI_BASE}b> <{MULTI_BASE}count> "42"^^<http://www.w3.org/2001/XMLSchema#integer> <{MULTI_BASE}g/b> .
"""
QUADS = ("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } "
         f"FILTER(STRSTARTS(STR(?g), \"{MULTI_BASE}\")) }}")


def _quads(store) -> list[tuple]:
    """The test graphs' quads, blank nodes written as "_" (their labels differ between engines)."""
    return sorted(tuple("_" if r[k].__class__.__name__ == "BNode" else r[k].n3() for k in ("g", "s", "p", "o"))
                  for r in store.select(QUADS))


@contextlib.contextmanager
def _plain(store, mode: str):
    """The store loading as the engine profile says (``engine``), or as a plain SPARQL 1.1 server
    with a Graph Store URL (``gsp``) or with SPARQL Update only (``update``)."""
    from kg.store import engines

    saved = store.engine, store.gsp_url
    if mode != "engine":
        store.engine = engines.Engine()
        store.gsp_url = saved[1] if mode == "gsp" else None
    try:
        yield
    finally:
        store.engine, store.gsp_url = saved


@pytest.mark.parametrize("mode", ["engine", "gsp", "update"])
@remote
def test_a_multi_graph_file_replaces_its_graphs_and_matches_the_embedded_store(any_store, mode, tmp_path, monkeypatch):
    """Graphs split over the file (and over requests: batches of 4 quads, 2 in flight, serialised
    every 2 quads), a blank node across a split, default-graph triples in the fallback graph; what
    the graphs held before is gone, a graph the file does not name stays."""
    from kg.store import engines, loading, memory_store

    path = tmp_path / "multi.nq"
    path.write_text(MULTI)
    fallback = MULTI_BASE + "g/default"
    monkeypatch.setattr(loading, "SERIALIZE_EVERY", 2)
    for profile in (engines.Engine, engines.Oxigraph, engines.Virtuoso):
        monkeypatch.setattr(profile, "load_batch", 3)
        monkeypatch.setattr(profile, "load_concurrency", 2)
    embedded = memory_store(any_store.base_iri)
    embedded.load_file(path, graph=fallback)
    try:
        any_store.update(f"INSERT DATA {{ GRAPH <{MULTI_BASE}g/a> {{ <{MULTI_BASE}old> <{MULTI_BASE}label> \"stale\" }} "
                         f"GRAPH <{MULTI_BASE}g/other> {{ <{MULTI_BASE}x> <{MULTI_BASE}label> \"kept\" }} }}", prologue=False)
        before = any_store.generation
        if mode == "update" and any_store.engine.name == "virtuoso":   # no blank nodes in its INSERT DATA
            with _plain(any_store, mode), pytest.raises(StoreError, match=r"multi\.nq: loading graph <\S+/g/a> failed.*[Bb]lank node"):
                any_store.load_file(path, graph=fallback)
            return
        with _plain(any_store, mode):
            graphs = any_store.load_file(path, graph=fallback)
        assert graphs == sorted(MULTI_BASE + g for g in ("g/a", "g/b", "g/c", "g/default"))
        assert any_store.generation > before
        mine = _quads(any_store)
        kept = f"<{MULTI_BASE}g/other>"
        assert [q for q in mine if q[0] != kept] == _quads(embedded)
        assert [q for q in mine if q[0] == kept] == [(kept, f"<{MULTI_BASE}x>", f"<{MULTI_BASE}label>", '"kept"')]
        join = f"SELECT ?s ?e WHERE {{ GRAPH ?g {{ <{MULTI_BASE}e> <{MULTI_BASE}selector> ?b . ?b <{MULTI_BASE}start> ?s ; <{MULTI_BASE}end> ?e }} }}"
        assert [(int(s), int(e)) for s, e in any_store.values(join)] == [(3, 9)]   # one blank node, not two
    finally:
        for g in any_store.named_graphs():
            if g.startswith(MULTI_BASE):
                any_store.drop_graph(g)


class _Refusing(httpx.BaseTransport):
    """The engine's transport, but a 500 for any request naming ``bad`` (as graph or in its body)."""

    def __init__(self, inner, bad: str) -> None:
        self.inner, self.bad = inner, bad

    def handle_request(self, request):
        if request.url.params.get("graph") == self.bad or self.bad.encode() in request.read():
            return httpx.Response(500, text="refused for the test")
        return self.inner.handle_request(request)


@remote
def test_a_graph_the_store_refuses_is_named(any_store, tmp_path, monkeypatch):

    path = tmp_path / "multi.nq"
    path.write_text(MULTI)
    monkeypatch.setattr(type(any_store.engine), "load_batch", 3)
    bad = MULTI_BASE + "g/b"
    monkeypatch.setattr(any_store.client, "_transport", _Refusing(any_store.client._transport, bad))
    before = any_store.generation
    try:
        with pytest.raises(StoreError, match=f"multi.nq: .*graph <{bad}>.*500"):
            any_store.load_file(path, graph=MULTI_BASE + "g/default")
        assert any_store.generation > before
    finally:
        monkeypatch.undo()
        for g in any_store.named_graphs():
            if g.startswith(MULTI_BASE):
                any_store.drop_graph(g)
