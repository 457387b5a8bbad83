"""Golden files: what the export and an entity's Turtle hold on the hand-made fixture graph,
compared as graphs (isomorphism; the differing statements are printed). A change to what a
subgraph contains shows up here as a readable diff; KG_UPDATE_GOLDEN=1 rewrites the files."""
from __future__ import annotations

import pytest
from rdflib import Graph

from graphs import assert_isomorphic, assert_matches_golden
from kg import export


def test_neighbourhood_export(fstore):
    assert_matches_golden(export.neighbourhood(fstore, "id:p", depth=1).graph, "export-p-depth1")


def test_trace_export(fstore):
    assert_matches_golden(export.trace(fstore, "id:m").graph, "export-trace-m")


@pytest.mark.parametrize("accept,fmt", [("text/turtle", "turtle"), ("application/ld+json", "json-ld")])
def test_entity_data(fclient, accept, fmt):
    r = fclient.get("/id/link-m-p", headers={"accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].startswith(accept)
    assert_matches_golden(Graph().parse(data=r.text, format=fmt), "entity-link-m-p")


def test_a_changed_graph_fails_with_the_difference(fstore):
    g = export.neighbourhood(fstore, "id:p", depth=1).graph
    changed = Graph()
    changed += g
    some = next(iter(changed.triples((None, None, None))))
    changed.remove(some)
    with pytest.raises(pytest.fail.Exception) as info:
        assert_isomorphic(g, changed, names=("golden", "result"))
    assert "-- only in golden:" in str(info.value)
    assert some[1].n3() in str(info.value)
