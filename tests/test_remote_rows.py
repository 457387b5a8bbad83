"""A remote store reads a SELECT's rows as they are taken (``kg.store.remote``): a user's query through
the gateway stops reading one row past the row cap (to know the answer was cut), the engine told so
by a LIMIT when the query sets none (``kg.sparql.passthrough.capped``), and the app's own
reads parse the rows as the caller takes them, not the whole answer first. ``RemoteStore.rows_read``
counts the rows parsed from the engine's answers; the engines are the real servers of the session
(the curated graph on each)."""
from __future__ import annotations

import json
from itertools import islice

import pytest

from kg.sparql.passthrough import capped
from kg.sparql.service import SparqlService
from kg.store.lexer import query_form, tokens

EVERY = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
STATES = "SELECT DISTINCT ?s WHERE { ?s a pk:State } ORDER BY ?s"
remote = pytest.mark.parametrize("any_settings", ["virtuoso", "oxigraph-server"], indirect=True)


@remote
def test_the_gateway_reads_one_row_past_the_cap(any_settings, any_store):
    before = any_store.bytes_read
    everything = len(any_store.values(EVERY))
    whole = any_store.bytes_read - before
    assert everything > 1000
    ordered = [s for s, in any_store.values(STATES)]
    service = SparqlService(any_settings.replace(row_cap=7, query_cache_mb=0), any_store)
    try:
        before, sent = any_store.rows_read, any_store.bytes_read
        answer = service.query(EVERY)
        read, sent = any_store.rows_read - before, any_store.bytes_read - sent
        small = service.query("SELECT ?s WHERE { ?s a pk:State } LIMIT 3")
        offset = service.query(STATES + " OFFSET 2")
    finally:
        service.close()
    assert answer.count == 7 and answer.truncated
    assert read == 8                          # the cap, and one more to know that there are more
    assert sent < min(16_000, whole / 10)    # the engine was told: it sent those rows, not the whole answer
    assert small.count == 3 and not small.truncated
    assert offset.truncated == (len(ordered) > 9)
    assert [b["s"]["value"] for b in json.loads(offset.body)["results"]["bindings"]] == ordered[2:9]


@pytest.mark.parametrize("query, limited", [
    (EVERY, True), (STATES + " OFFSET 2", True), ("SELECT ?s { { SELECT ?s { ?s ?p ?o } LIMIT 3 } }", True),
    (EVERY + " LIMIT 20", False), (EVERY + " VALUES ?s { <urn:x> }", False), ("ASK { ?s ?p ?o }", False),
    ("CONSTRUCT WHERE { ?s ?p ?o }", False), ("SELECT * { ?s ?p ?o }  # an open brace {", True),
    ("SELECT * { ?s ?p ?o", False)])
def test_a_capped_select_tells_the_engine_its_limit(query, limited):
    toks = tokens(query)
    assert capped(toks, query_form(query, toks), 7) == ("\nLIMIT 8" if limited else "")


@remote
def test_the_app_s_own_rows_are_read_as_they_are_taken(any_store):
    before = any_store.rows_read
    rows = any_store.values(EVERY)
    assert any_store.rows_read - before == len(rows) > 1000     # every row read once, when taken

    before = any_store.rows_read
    answer = any_store._run(EVERY, None)
    first = [tuple(t.value for t in row) for row in islice(answer, 3)]
    assert any_store.rows_read - before == 3 and set(first) <= set(rows)
    del answer                               # dropped half-read: its response is closed
    assert any_store.select("SELECT ?s WHERE { ?s a pk:State } ORDER BY ?s LIMIT 2")   # the store answers on
