"""The journal keeps what an update did, not its text (``kg.sparql.effects``): an update that
counts, mints blank nodes or matches statements written after it gives, at a rebuild and when
the data watcher runs the journal again, exactly the graph that was acknowledged. The effect
worked out for an update is checked against Oxigraph running the same update. Scratch copies of
the data folder; every text is our own."""
from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from kg.core.settings import Settings
from kg.core.storage import note_change
from kg.sparql.checks import QueryRefused
from kg.sparql.effects import effect_of
from kg.store.build import open_store
from scratch import scratch_folders

GENID = "http://x-kg-test.example/genid/"
BASE = """
GRAPH <http://g.example/1> { <http://a.example/x> <http://a.example/count> 1 .
  <http://a.example/x> <http://a.example/name> "x"@en . <http://a.example/y> <http://a.example/name> "y" . }
GRAPH <http://g.example/2> { <http://a.example/y> <http://a.example/knows> <http://a.example/x> }
<http://a.example/d> <http://a.example/p> "in the default graph" .
"""
A, G1, G2 = "http://a.example/", "<http://g.example/1>", "<http://g.example/2>"
UPDATES = [
    f'INSERT DATA {{ GRAPH {G1} {{ <{A}z> <{A}name> "z" }} }}',
    f'DELETE DATA {{ GRAPH {G1} {{ <{A}y> <{A}name> "y" }} }}',
    f'DELETE {{ GRAPH {G1} {{ ?s <{A}count> ?n }} }} INSERT {{ GRAPH {G1} {{ ?s <{A}count> ?m }} }} '
    f'WHERE {{ GRAPH {G1} {{ ?s <{A}count> ?n }} BIND(?n + 1 AS ?m) }}',
    f'PREFIX a: <{A}> WITH {G1} DELETE {{ ?s a:name ?l }} INSERT {{ ?s a:label ?l . '
    f'GRAPH <http://g.example/3> {{ ?s a:seen true }} }} WHERE {{ ?s a:name ?l }}',
    f'DELETE WHERE {{ GRAPH ?g {{ ?s <{A}knows> ?o }} }}',
    'DELETE WHERE { ?s ?p ?o }',
    f'CLEAR GRAPH {G2}', 'DROP SILENT GRAPH <http://g.example/9>', 'CLEAR ALL', 'CLEAR NAMED', 'DROP DEFAULT',
    f'ADD {G1} TO {G2}', f'MOVE {G1} TO {G2}', f'COPY GRAPH {G2} TO DEFAULT',
    f'INSERT {{ GRAPH {G1} {{ ?s <{A}tag> ?u }} }} WHERE {{ GRAPH ?g {{ ?s <{A}name> ?t }} '
    f'OPTIONAL {{ ?s <{A}none> ?u }} }}',
    f'INSERT {{ GRAPH {G1} {{ ?s <{A}tag> ?t }} }} USING {G1} WHERE {{ ?s <{A}name> ?t }}',
    f'INSERT DATA {{ GRAPH {G1} {{ <{A}n> <{A}v> 1 }} }} ; DELETE {{ GRAPH ?g {{ ?s <{A}v> ?v }} }} '
    f'INSERT {{ GRAPH ?g {{ ?s <{A}v> ?w }} }} WHERE {{ GRAPH ?g {{ ?s <{A}v> ?v }} BIND(?v * 10 AS ?w) }}',
    f'INSERT {{ ?s <{A}k> ?o . GRAPH <http://g.example/4> {{ ?o <{A}back> ?s }} ?o <{A}k2> ?s }} '
    f'WHERE {{ GRAPH {G2} {{ ?s ?p ?o }} }}',
    f'INSERT {{ GRAPH <http://g.example/5> {{ _:b <{A}of> ?s ; <{A}n> "2" }} }} '
    f'WHERE {{ GRAPH {G1} {{ ?s <{A}name> ?o }} }}',
    f'INSERT DATA {{ GRAPH <http://g.example/5> {{ _:q <{A}p> _:r . _:r <{A}p> "e" }} }}',
    f'WITH {G1} INSERT {{ ?s <{A}kw> ?o }} USING NAMED {G2} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}',
]


def as_graph(store: "ox.Store") -> Graph:
    """The store's quads as one rdflib graph (the graph folded into the predicate), skolem IRIs
    and blank nodes alike as blank nodes: isomorphic graphs are the same dataset up to naming."""
    g = Graph()

    def term(t):
        if isinstance(t, ox.BlankNode) or (isinstance(t, ox.NamedNode) and t.value.startswith(GENID)):
            return BNode(t.value.rsplit("/", 1)[-1])
        if isinstance(t, ox.Literal):
            return Literal(t.value, lang=t.language, datatype=None if t.language else URIRef(t.datatype.value))
        return URIRef(t.value)
    for q in store:
        graph = q.graph_name.value if isinstance(q.graph_name, ox.NamedNode) else "default"
        g.add((term(q.subject), URIRef(f"{q.predicate.value}#in={graph}"), term(q.object)))
    return g


@pytest.mark.parametrize("update", UPDATES)
def test_an_updates_effect_is_what_oxigraph_does_and_running_it_twice_changes_nothing(update):
    engine, ours = ox.Store(), ox.Store()
    for s in (engine, ours):
        s.load(BASE, format=ox.RdfFormat.TRIG)
    engine.update(update)
    effect = effect_of(ours, update, base_iri=None, prefixes={}, genid=GENID)
    assert len(ours) == len(engine) - len(effect.added) + len(effect.removed)   # not written while worked out
    ours.update(effect.as_update())
    assert isomorphic(as_graph(engine), as_graph(ours)), effect.as_update()
    size = len(ours)
    ours.update(effect.as_update())
    assert len(ours) == size


def test_removing_a_statement_about_a_blank_node_of_the_files_is_refused():
    store = ox.Store()
    store.load(f'GRAPH {G1} {{ _:f <{A}p> "v" }}', format=ox.RdfFormat.TRIG)
    with pytest.raises(QueryRefused, match="blank node"):
        effect_of(store, f'DELETE WHERE {{ GRAPH {G1} {{ ?s <{A}p> ?o }} }}', base_iri=None, prefixes={}, genid=GENID)
    assert len(store) == 1


TOKEN = "effects-token"
BEARER = {"Authorization": f"Bearer {TOKEN}"}
PK = "https://w3id.org/policy-kg/id/"
MINE = "<urn:x-kg-test:counter>"
CHAIN = [
    f'INSERT DATA {{ GRAPH {MINE} {{ <{PK}tally> <urn:x-kg-test:n> 1 }} }}',
    *[f'DELETE {{ GRAPH {MINE} {{ ?s <urn:x-kg-test:n> ?n }} }} INSERT {{ GRAPH {MINE} {{ ?s <urn:x-kg-test:n> ?m }} }} '
      f'WHERE {{ GRAPH {MINE} {{ ?s <urn:x-kg-test:n> ?n }} BIND(?n + 1 AS ?m) }}'] * 2,
    f'INSERT {{ GRAPH {MINE} {{ _:seen <urn:x-kg-test:of> ?n }} }} WHERE {{ GRAPH {MINE} {{ ?s <urn:x-kg-test:n> ?n }} }}',
    'DELETE WHERE { GRAPH ?g { ?s <http://www.w3.org/2004/02/skos/core#altLabel> ?l } }',
]


def quads(store) -> "ox.Store":
    copy = ox.Store()
    copy.extend(store.oxigraph)
    return copy


def test_a_chain_of_updates_that_are_not_idempotent_survives_the_watcher_and_a_rebuild(tmp_path: Path):
    from web.app import create_app

    _, data = scratch_folders(tmp_path)
    settings = Settings.from_env(env={}, store="memory", data_dir=str(data), update_token=TOKEN, warm_up=False,
                                 store_path=str(tmp_path / "store"))
    app = create_app(settings)
    with TestClient(app) as c:
        for update in CHAIN:
            assert c.post("/sparql", data={"update": update}, headers=BEARER).status_code == 200
        acknowledged = quads(app.state.store)
        assert c.post("/sparql", data={"update": CHAIN[-1]}, headers=BEARER).status_code == 200   # changes nothing
        assert len(list((data / "updates").iterdir())) == len(CHAIN)
        ask = f'ASK {{ GRAPH {MINE} {{ <{PK}tally> <urn:x-kg-test:n> 3 }} }}'
        assert app.state.store.ask(ask)
        # a file written afterwards holds what the earlier DELETE WHERE matched; the watcher replaces
        # that file's graphs and runs the journal again, as a rebuild would
        path = data / "002_c1734acbc6d7b2bc.trig"
        later = f'\nGRAPH <{PK}doc/002_c1734acbc6d7b2bc> {{ <{PK}nvidia> ' \
                '<http://www.w3.org/2004/02/skos/core#altLabel> "Name given later"@en . }\n'
        path.write_text(path.read_text(encoding="utf-8") + later, encoding="utf-8")
        note_change(data)
        assert "002_c1734acbc6d7b2bc.trig" in app.state.data_watch.poll()
        live = quads(app.state.store)
    assert len(live) == len(acknowledged) + 1       # the journal ran again and changed nothing more
    assert live.query(ask) and live.query('ASK { GRAPH ?g { ?s ?p "Name given later"@en } }')
    assert len(list(live.quads_for_pattern(None, ox.NamedNode("urn:x-kg-test:of"), None))) == 1
    assert isomorphic(as_graph(live), as_graph(open_store(settings).oxigraph))
