"""A remote store reads a SELECT's rows as they are taken (``kg.store.remote``): a user's query through
the gateway stops reading one row past the row cap (to know the answer was cut), and the app's own
reads parse the rows as the caller takes them, not the whole answer first. ``RemoteStore.rows_read``
counts the rows parsed from the engine's answers; the engines are the real servers of the session
(the curated graph on each)."""
from __future__ import annotations

from itertools import islice

import pytest

from kg.sparql.service import SparqlService

EVERY = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
remote = pytest.mark.parametrize("any_settings", ["virtuoso", "oxigraph-server"], indirect=True)


@remote
def test_the_gateway_reads_one_row_past_the_cap(any_settings, any_store):
    everything = len(any_store.values(EVERY))
    assert everything > 1000
    service = SparqlService(any_settings.replace(row_cap=7, query_cache_mb=0), any_store)
    try:
        before = any_store.rows_read
        answer = service.query(EVERY)
        read = any_store.rows_read - before
        small = service.query("SELECT ?s WHERE { ?s a pk:State } LIMIT 3")
    finally:
        service.close()
    assert answer.count == 7 and answer.truncated
    assert read == 8                          # the cap, and one more to know that there are more
    assert small.count == 3 and not small.truncated


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
