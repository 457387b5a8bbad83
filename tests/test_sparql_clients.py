"""Real SPARQL clients against a live ``kg serve``: SPARQLWrapper in every return format
and method, rdflib's SPARQLStore for reading and SPARQLUpdateStore (with the token) for writing,
and Comunica (Node.js, from tests/clients) for SELECT, ASK, CONSTRUCT and named graphs."""
from __future__ import annotations

import csv
import io
import warnings
from pathlib import Path

import pytest
import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore, SPARQLUpdateStore
from SPARQLWrapper import CSV, GET, JSON, JSONLD, N3, POST, POSTDIRECTLY, RDFXML, TSV, TURTLE, URLENCODED, XML, SPARQLWrapper

from live_server import live_server

TOKEN = "clients-token"
EX = "http://example.org/clients/"
DATA = f"""
@prefix ex: <{EX}> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
ex:g1 {{ ex:alice a ex:Person ; rdfs:label "Alice" ; ex:knows ex:bob . }}
ex:g2 {{ ex:bob a ex:Person ; rdfs:label "Bob, \\"the builder\\""@en ; ex:age 42 . }}
"""
SELECT = f"SELECT ?s ?label WHERE {{ ?s a <{EX}Person> ; <http://www.w3.org/2000/01/rdf-schema#label> ?label }} ORDER BY ?s"
ASK = f"ASK {{ <{EX}alice> <{EX}knows> <{EX}bob> }}"
CONSTRUCT = f"CONSTRUCT {{ ?s <{EX}knows> ?o }} WHERE {{ ?s <{EX}knows> ?o }}"
DESCRIBE = f"DESCRIBE <{EX}bob>"


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("clients")
    data = tmp / "clients.trig"
    data.write_text(DATA)
    with live_server(["--load", str(data), "--update-token", TOKEN], tmp) as base:
        yield base + "/sparql"


def wrapper(endpoint: str, query: str, fmt: str, method: str) -> SPARQLWrapper:
    sw = SPARQLWrapper(endpoint)
    sw.setQuery(query)
    sw.setReturnFormat(fmt)
    if method == POSTDIRECTLY:
        sw.setMethod(POST)
        sw.setRequestMethod(POSTDIRECTLY)
    elif method == POST:
        sw.setMethod(POST)
        sw.setRequestMethod(URLENCODED)
    else:
        sw.setMethod(GET)
    return sw


METHODS = [GET, POST, POSTDIRECTLY]


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("fmt", [JSON, XML, CSV, TSV])
def test_sparqlwrapper_select(endpoint, fmt, method):
    result = wrapper(endpoint, SELECT, fmt, method).query()
    converted = result.convert()
    if fmt == JSON:
        rows = [(b["s"]["value"], b["label"]["value"]) for b in converted["results"]["bindings"]]
        assert rows == [(EX + "alice", "Alice"), (EX + "bob", 'Bob, "the builder"')]
        assert converted["results"]["bindings"][1]["label"]["xml:lang"] == "en"
    elif fmt == XML:
        labels = [n.firstChild.data for n in converted.getElementsByTagName("literal")]
        assert labels == ["Alice", 'Bob, "the builder"']
    elif fmt == CSV:
        rows = list(csv.reader(io.StringIO(converted.decode())))
        assert rows == [["s", "label"], [EX + "alice", "Alice"], [EX + "bob", 'Bob, "the builder"']]
    else:
        lines = converted.decode().splitlines()
        assert lines[0] == "?s\t?label"
        assert lines[2] == f'<{EX}bob>\t"Bob, \\"the builder\\""@en'


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("fmt", [JSON, XML])
def test_sparqlwrapper_ask(endpoint, fmt, method):
    converted = wrapper(endpoint, ASK, fmt, method).query().convert()
    if fmt == JSON:
        assert converted["boolean"] is True
    else:
        assert converted.getElementsByTagName("boolean")[0].firstChild.data == "true"


@pytest.mark.parametrize("method", METHODS)
@pytest.mark.parametrize("fmt", [TURTLE, N3, RDFXML, XML, JSONLD])
@pytest.mark.parametrize("query", [CONSTRUCT, DESCRIBE], ids=["construct", "describe"])
def test_sparqlwrapper_graph(endpoint, query, fmt, method):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = wrapper(endpoint, query, fmt, method).query()
        ctype = result.info()["content-type"]
        converted = result.convert()
    assert not ctype.startswith("application/sparql-results")
    if isinstance(converted, bytes):
        parse_as = {"text/turtle": "turtle", "application/n-triples": "nt"}[ctype.split(";")[0]]
        converted = rdflib.Graph().parse(data=converted, format=parse_as)
    assert isinstance(converted, rdflib.Graph)
    if query == CONSTRUCT:
        assert set(converted) == {(rdflib.URIRef(EX + "alice"), rdflib.URIRef(EX + "knows"), rdflib.URIRef(EX + "bob"))}
    else:
        assert (rdflib.URIRef(EX + "bob"), rdflib.URIRef(EX + "age"), rdflib.Literal(42)) in converted


def test_rdflib_sparqlstore_reads(endpoint):
    graph = rdflib.Graph(SPARQLStore(endpoint, returnFormat="json"))
    rows = list(graph.query(SELECT))
    assert [(str(s), str(label)) for s, label in rows] == [(EX + "alice", "Alice"), (EX + "bob", 'Bob, "the builder"')]
    assert graph.query(ASK).askAnswer is True
    assert (rdflib.URIRef(EX + "alice"), rdflib.URIRef(EX + "knows"), rdflib.URIRef(EX + "bob")) in graph
    assert len(list(graph.triples((None, rdflib.RDF.type, None)))) == 2


def test_rdflib_sparqlupdatestore_writes_with_the_token(endpoint):
    store = SPARQLUpdateStore(endpoint, endpoint, auth=None,
                              headers={"Authorization": f"Bearer {TOKEN}"})
    graph = rdflib.Graph(store, identifier=rdflib.URIRef(EX + "g3"))
    triple = (rdflib.URIRef(EX + "carol"), rdflib.URIRef(EX + "knows"), rdflib.URIRef(EX + "alice"))
    graph.add(triple)
    reader = rdflib.Graph(SPARQLStore(endpoint))
    assert reader.query(f"ASK {{ GRAPH <{EX}g3> {{ <{EX}carol> <{EX}knows> <{EX}alice> }} }}").askAnswer is True
    graph.remove(triple)
    assert reader.query(f"ASK {{ <{EX}carol> ?p ?o }}").askAnswer is False


def test_sparqlwrapper_update_needs_the_token(endpoint):
    import urllib.error

    from SPARQLWrapper.SPARQLExceptions import Unauthorized

    def dave_is_there() -> bool:
        return wrapper(endpoint, f"ASK {{ <{EX}dave> ?p ?o }}", JSON, GET).query().convert()["boolean"]

    sw = SPARQLWrapper(endpoint)
    sw.setMethod(POST)
    sw.setQuery(f"INSERT DATA {{ <{EX}dave> <{EX}knows> <{EX}alice> }}")
    # without a token: 401 (SPARQLWrapper raises Unauthorized for exactly that status), body in the error shape
    with pytest.raises(Unauthorized) as refused:
        sw.query()
    assert '"status":401' in str(refused.value) and "Authorization: Bearer" in str(refused.value)
    assert dave_is_there() is False
    # a wrong token: 403 (SPARQLWrapper passes urllib's HTTPError through for it)
    sw.addCustomHttpHeader("Authorization", "Bearer not-the-token")
    with pytest.raises(urllib.error.HTTPError) as forbidden:
        sw.query()
    assert forbidden.value.code == 403
    assert dave_is_there() is False
    sw.addCustomHttpHeader("Authorization", f"Bearer {TOKEN}")
    sw.query()
    check = wrapper(endpoint, f"ASK {{ <{EX}dave> ?p ?o }}", JSON, GET).query().convert()
    assert check["boolean"] is True


# -- Comunica (Node.js), installed from the npm registry by scripts/setup.sh --test -------------
CLIENTS = Path(__file__).parent / "clients"


def comunica(endpoint: str, kind: str, query: str):
    import json
    import shutil
    import subprocess

    node = shutil.which("node")
    assert node, "node is missing: run scripts/setup.sh --test"
    assert (CLIENTS / "node_modules" / "@comunica" / "query-sparql").is_dir(), \
        "Comunica is missing: run scripts/setup.sh --test (npm ci in tests/clients)"
    done = subprocess.run([node, str(CLIENTS / "comunica_query.mjs"), endpoint, kind, query],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


def test_comunica_select_keeps_terms_languages_and_quotes(endpoint):
    rows = comunica(endpoint, "select", SELECT)
    assert [(r["s"]["value"], r["label"]["value"], r["label"].get("language")) for r in rows] == [
        (EX + "alice", "Alice", None), (EX + "bob", 'Bob, "the builder"', "en")]
    assert rows[0]["s"]["termType"] == "NamedNode" and rows[0]["label"]["termType"] == "Literal"


def test_comunica_ask_and_construct(endpoint):
    assert comunica(endpoint, "ask", ASK) is True
    assert comunica(endpoint, "ask", f"ASK {{ <{EX}bob> <{EX}knows> <{EX}alice> }}") is False
    got = {tuple(t) for t in comunica(endpoint, "construct", CONSTRUCT)}
    # the same triples as the endpoint's own Turtle answer (the update test may have added some)
    direct = rdflib.Graph().parse(data=wrapper(endpoint, CONSTRUCT, TURTLE, GET).query().convert(), format="turtle")
    assert got == {tuple(str(x) for x in t) for t in direct}
    assert (EX + "alice", EX + "knows", EX + "bob") in got


def test_comunica_sees_the_named_graphs(endpoint):
    rows = comunica(endpoint, "select", f"SELECT ?g WHERE {{ GRAPH ?g {{ <{EX}bob> ?p ?o }} }} GROUP BY ?g")
    assert [r["g"]["value"] for r in rows] == [EX + "g2"]
