"""The W3C SPARQL 1.1 Protocol test suite, run against a live ``kg serve``.

The manifest (``../shared/conformance/sparql11-protocol/manifest.ttl``) is read with
rdflib; every ``mf:ProtocolTest`` becomes one test. Its requests are sent as written
(method, path with ``/sparql/`` replaced by ``/sparql``, headers, body in the stated
character encoding) plus the update token, since the server runs with updates enabled.

Before each test the store is reset to exactly the graphs the test names (``ut:graphData``:
data1.nt ... under the graph names the manifest gives) or, when it names none, to all three,
so every test starts from a known dataset whatever ran before it.

What is compared, per response:
- the status class the manifest expects (``mf:expectedStatus``);
- for a 2xx answer, the format family (``mf:expectedFormat``: boolean, tabular, RDF), and the
  body is read in full in the format its content type announces;
- ``mf:expectedBoolean``: the ASK answer must be the W3C's expected answer;
- the results themselves, against an independent evaluation: the same query run by rdflib's
  SPARQL engine over an rdflib Dataset holding the same graphs, with the dataset the request
  names (``default-graph-uri``/``named-graph-uri``, which override the query's FROM/FROM NAMED;
  without either, the service's default dataset: the union of all graphs as default graph).
  SELECT results are compared as sets of bindings, ASK as booleans (and rdflib's answer must
  equal the manifest's, a check of the oracle), CONSTRUCT and DESCRIBE as isomorphic graphs;
- an update the manifest gives only a status for, and that names no protocol dataset
  (``update_post_form``, ``update_post_direct``, ``update_base_uri``), is applied to the rdflib
  Dataset too, and the server's whole content afterwards must equal it (quads of the named
  graphs and the union default graph);
- a 4xx answer must be the one JSON error shape with the same status (the manifest gives only
  the status class; the content type is the endpoint's documented error form).

What cannot be compared here, and why:
- the graph ``http://kasei.us/2009/09/sparql/data/data0.rdf`` that ``query_post_form``,
  ``query_get`` and ``query_content_type_*`` name as default graph is a remote document the W3C
  suite expects an endpoint may fetch; this endpoint never fetches (a graph that is not stored is
  empty) and the tests need no network, so it is an empty graph on both sides. The W3C answers
  to those queries (``ASK {}``, ``SELECT (1 AS ?value) {}``, ``CONSTRUCT ... WHERE {}``) do not
  depend on it; ``DESCRIBE <http://example.org/>`` over it is an empty graph here, and what it
  would hold with the remote document loaded cannot be checked offline (DESCRIBE's shape is
  implementation-defined besides: it is comparable only because the resource has no statements);
- the updates that name a protocol dataset (``using-graph-uri``/``using-named-graph-uri``:
  ``update_dataset_*``) are not replayed in rdflib (its USING NAMED does not restrict the named
  graphs without loading them from the web); their effect is checked by the ASK the manifest
  sends after each, against the manifest's expected boolean.
"""
from __future__ import annotations

import io
import json
import os
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import httpx
import pytest
import rdflib
import rdflib.plugins.sparql
from rdflib import RDF, Dataset, Graph, Namespace, URIRef
from rdflib.collection import Collection
from rdflib.compare import isomorphic
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.plugins.sparql import prepareQuery, prepareUpdate
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.query import Result

from kg.core.settings import PROJECT_ROOT
from live_server import live_server

SUITE = Path(os.environ.get("KG_PROTOCOL_SUITE", PROJECT_ROOT.parent / "shared" / "conformance" / "sparql11-protocol"))
MANIFEST = SUITE / "manifest.ttl"
TOKEN = "protocol-suite-token"

MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")
RDFS = rdflib.RDFS

BOOLEAN_TYPES = {"application/sparql-results+json", "application/sparql-results+xml"}
TABULAR_TYPES = BOOLEAN_TYPES | {"text/csv", "text/tab-separated-values"}
RESULT_FORMATS = {"application/sparql-results+json": "json", "application/sparql-results+xml": "xml",
                  "text/csv": "csv", "text/tab-separated-values": "tsv"}
RDF_TYPES = {"text/turtle": "turtle", "application/n-triples": "nt", "application/rdf+xml": "xml",
             "application/ld+json": "json-ld"}
STATUS_CLASSES = {HTS.StatusCode2xx: 2, HTS.StatusCode3xx: 3, HTS.StatusCode4xx: 4, HTS.StatusCode5xx: 5}
FORM = "application/x-www-form-urlencoded"


@dataclass
class Request:
    method: str
    path: str
    headers: list[tuple[str, str]]
    body: bytes | None
    statuses: set[int]
    fmt: str | None
    boolean: bool | None

    def params(self) -> list[tuple[str, str]]:
        """The protocol parameters: the query string's, then a form body's."""
        pairs = parse_qsl(urlsplit(self.path).query, keep_blank_values=True)
        ctype = dict((k.lower(), v) for k, v in self.headers).get("content-type", "")
        if self.body is not None and ctype.split(";")[0].strip() == FORM:
            pairs += parse_qsl(self.body.decode("utf-8"), keep_blank_values=True)
        return pairs

    def operation(self) -> tuple[str, str] | None:
        """("query" | "update", text) when the request carries exactly one operation."""
        ctype = dict((k.lower(), v) for k, v in self.headers).get("content-type", "").split(";")[0].strip()
        if self.body is not None and ctype in ("application/sparql-query", "application/sparql-update"):
            return ("query" if ctype.endswith("query") else "update"), self.body.decode("utf-8")
        ops = [(k, v) for k, v in self.params() if k in ("query", "update")]
        return ops[0] if len(ops) == 1 else None

    def dataset(self, default: str, named: str) -> tuple[list[str], list[str]]:
        """The graphs the request names with its ``default`` and ``named`` parameters."""
        pairs = self.params()
        return [v for k, v in pairs if k == default], [v for k, v in pairs if k == named]


@dataclass
class ProtocolTest:
    name: str
    title: str
    graphs: list[tuple[Path, str]] = field(default_factory=list)
    requests: list[Request] = field(default_factory=list)


def _list(g: rdflib.Graph, node) -> list:
    return list(Collection(g, node)) if node is not None else []


def load_manifest(path: Path = MANIFEST) -> list[ProtocolTest]:
    g = rdflib.Graph()
    g.parse(path, format="turtle", publicID=path.resolve().as_uri())
    manifest = next(g.subjects(RDF.type, MF.Manifest))
    tests = []
    for entry in _list(g, g.value(manifest, MF.entries)):
        name = str(entry).rsplit("#", 1)[-1]
        test = ProtocolTest(name, str(g.value(entry, MF.name)))
        for gd in g.objects(entry, UT.graphData):
            file = Path(rdflib.URIRef(g.value(gd, UT.graph)).replace("file://", ""))
            test.graphs.append((file, str(g.value(gd, RDFS.label))))
        test.graphs.sort(key=lambda fg: fg[1])
        action = g.value(entry, MF.action)
        for req in _list(g, g.value(action, HT.requests)):
            headers = [(str(g.value(h, HT.fieldName)), str(g.value(h, HT.fieldValue)))
                       for h in _list(g, g.value(req, HT.headers))]
            body_node = g.value(req, HT.body)
            body = None
            if body_node is not None:
                encoding = str(g.value(body_node, CNT.characterEncoding) or "UTF-8")
                body = str(g.value(body_node, CNT.chars)).encode(encoding)
            resp = g.value(req, HT.resp)
            fmt = g.value(resp, MF.expectedFormat)
            boolean = g.value(resp, MF.expectedBoolean)
            test.requests.append(Request(
                method=str(g.value(req, HT.methodName)),
                path=str(g.value(req, HT.absolutePath)),
                headers=headers, body=body,
                statuses={STATUS_CLASSES[s] for s in g.objects(resp, MF.expectedStatus)},
                fmt=str(fmt) if fmt is not None else None,
                boolean=boolean.toPython() if boolean is not None else None))
        tests.append(test)
    return tests


TESTS = load_manifest()
ALL_GRAPHS = sorted({fg for t in TESTS for fg in t.graphs}, key=lambda fg: fg[1])


def test_the_manifest_has_34_tests():
    assert len(TESTS) == 34
    assert sum(len(t.requests) for t in TESTS) >= 34
    assert [name for _, name in ALL_GRAPHS] == [f"http://kasei.us/2009/09/sparql/data/data{i}.rdf" for i in (1, 2, 3)]


def _dataset_file(tmp: Path) -> Path:
    """data1.nt ... as N-Quads in the graphs the manifest names them by."""
    lines = []
    for file, name in ALL_GRAPHS:
        for line in file.read_text(encoding="utf-8").splitlines():
            line = line.strip()
            if line and not line.startswith("#"):
                lines.append(line.rstrip(" .") + f" <{name}> .")
    out = tmp / "protocol-data.nq"
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("protocol")
    with live_server(["--load", str(_dataset_file(tmp)), "--update-token", TOKEN, "--workers", "2"], tmp) as base:
        with httpx.Client(base_url=base, timeout=30) as client:
            yield client


def _reset(client: httpx.Client, graphs: list[tuple[Path, str]]) -> None:
    data = "".join(f"GRAPH <{name}> {{ {file.read_text(encoding='utf-8')} }}\n" for file, name in graphs)
    r = client.post("/sparql", content=f"DROP ALL ; INSERT DATA {{ {data} }}".encode(),
                    headers={"content-type": "application/sparql-update", "authorization": f"Bearer {TOKEN}"})
    assert r.status_code == 200, r.text


# -- the independent oracle: rdflib's SPARQL engine over the same graphs ----------------------
def oracle_dataset(graphs: list[tuple[Path, str]]) -> Dataset:
    ds = Dataset()
    for file, name in graphs:
        ds.graph(URIRef(name)).parse(file, format="nt")
    return ds


@contextmanager
def _no_fetching():
    """rdflib would fetch a FROM/USING graph it does not hold from the web; here it is empty."""
    before = rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS
    rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = False
    try:
        yield
    finally:
        rdflib.plugins.sparql.SPARQL_LOAD_GRAPHS = before


def oracle_query(ds: Dataset, text: str, default: list[str], named: list[str], base: str) -> Result:
    """``text`` evaluated by rdflib over ``ds``; a protocol dataset replaces the query's own."""
    query = prepareQuery(text, base=base)
    if default or named:
        query.algebra["datasetClause"] = ([CompValue("DatasetClause", default=URIRef(u)) for u in default]
                                          + [CompValue("DatasetClause", named=URIRef(u)) for u in named])
    with _no_fetching():
        return ds.query(query)


def oracle_update(ds: Dataset, text: str, base: str) -> None:
    with _no_fetching():
        ds.update(prepareUpdate(text, base=base))


def _row_set(result: Result, lexical: bool) -> set[frozenset]:
    """A SELECT's rows as a set of bindings; ``lexical`` compares values as strings (CSV has no types)."""
    rows = set()
    for row in result.bindings:
        rows.add(frozenset((str(var), str(value) if lexical else value)
                           for var, value in row.items() if value is not None))
    return rows


def _ctype(response: httpx.Response) -> str:
    return response.headers.get("content-type", "").split(";")[0].strip().lower()


def _check_answer(req: Request, response: httpx.Response, expected: Result | None) -> str:
    """Check the format family and the answer itself; return what the answer was compared with."""
    ctype = _ctype(response)
    if req.fmt == "boolean":
        assert ctype in BOOLEAN_TYPES, ctype
    elif req.fmt == "tabular":
        assert ctype in TABULAR_TYPES, ctype
    elif req.fmt == "RDF":
        assert ctype in RDF_TYPES, ctype
    if ctype in RESULT_FORMATS:
        got = Result.parse(io.BytesIO(response.content), format=RESULT_FORMATS[ctype])
        if got.type == "ASK":
            if req.boolean is not None:
                assert got.askAnswer is req.boolean, "the W3C expected answer"
            if expected is not None:
                assert expected.type == "ASK" and got.askAnswer is expected.askAnswer, "rdflib's answer"
                if req.boolean is not None:
                    assert expected.askAnswer is req.boolean, "the oracle disagrees with the manifest"
            return "boolean"
        assert req.boolean is None, f"an ASK answer was expected, got {got.type}"
        if expected is not None:
            lexical = RESULT_FORMATS[ctype] == "csv"
            assert expected.type == "SELECT"
            assert _row_set(got, lexical) == _row_set(expected, lexical)
            assert set(map(str, got.vars)) == set(map(str, expected.vars))
            return "bindings"
        return "format"
    if ctype in RDF_TYPES:
        got = Graph().parse(data=response.content, format=RDF_TYPES[ctype])
        if expected is not None:
            assert expected.type in ("CONSTRUCT", "DESCRIBE")
            assert isomorphic(got, expected.graph), (sorted(got), sorted(expected.graph))
            return "graph"
        return "format"
    assert req.fmt is None, f"{req.fmt} expected, got {ctype}"
    return "status"


def _server_content(client: httpx.Client) -> tuple[set, set]:
    """Every quad of the named graphs and every triple of the union default graph, over the protocol."""
    def select(query: str) -> Result:
        r = client.post("/sparql", content=query.encode(), headers={
            "content-type": "application/sparql-query", "accept": "application/sparql-results+json"})
        assert r.status_code == 200, r.text
        return Result.parse(io.BytesIO(r.content), format="json")

    named = set(select("SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"))
    union = set(select("SELECT DISTINCT ?s ?p ?o WHERE { ?s ?p ?o }"))
    return named, union


def _oracle_content(ds: Dataset) -> tuple[set, set]:
    named = {(g.identifier, s, p, o) for g in ds.graphs() if g.identifier != DATASET_DEFAULT_GRAPH_ID
             for s, p, o in g}
    union = {(s, p, o) for s, p, o, _ in ds.quads((None, None, None, None))}
    return named, union


@pytest.mark.parametrize("test", TESTS, ids=[t.name for t in TESTS])
def test_protocol(server: httpx.Client, test: ProtocolTest):
    graphs = test.graphs or ALL_GRAPHS
    _reset(server, graphs)
    ds: Dataset | None = oracle_dataset(graphs)    # None once an update the oracle cannot replay ran
    base = str(server.base_url).rstrip("/") + "/sparql"     # the service's base IRI: its endpoint URL
    for i, req in enumerate(test.requests):
        assert req.path.startswith("/sparql/")
        path = "/sparql" + req.path[len("/sparql/"):]
        headers = dict(req.headers)
        headers["authorization"] = f"Bearer {TOKEN}"
        response = server.request(req.method, path, content=req.body, headers=headers)
        where = f"{test.name} request {i + 1}: {req.method} {path} -> {response.status_code} {response.text[:300]}"
        assert response.status_code // 100 in req.statuses, where
        if response.status_code // 100 == 4:
            assert _ctype(response) == "application/json", where
            error = response.json()
            assert error["ok"] is False and error["error"]["status"] == response.status_code, where
            assert error["error"]["message"], where
            continue
        assert response.status_code // 100 == 2, where
        operation = req.operation()
        assert operation is not None, where
        kind, text = operation
        if kind == "query":
            expected = None
            if ds is not None:
                default, named = req.dataset("default-graph-uri", "named-graph-uri")
                expected = oracle_query(ds, text, default, named, base)
            _check_answer(req, response, expected)
        else:
            assert _ctype(response) == "application/json" and response.json() == {"ok": True}, where
            using = req.dataset("using-graph-uri", "using-named-graph-uri")
            if ds is not None and not (using[0] or using[1]):
                oracle_update(ds, text, base)
                assert _server_content(server) == _oracle_content(ds), where
            else:
                ds = None
