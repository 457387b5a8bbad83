"""The W3C SPARQL 1.1 Protocol test suite, run against a live ``kg serve``.

The manifest (``../shared/conformance/sparql11-protocol/manifest.ttl``) is read with
rdflib; every ``mf:ProtocolTest`` becomes one test. Its requests are sent as written
(method, path with ``/sparql/`` replaced by ``/sparql``, headers, body in the stated
character encoding) plus the update token, since the server runs with updates
enabled. Each response is checked for its status class, its format family and, for
ASK, its boolean. Tests that name ``ut:graphData`` first reset the store to exactly
those graphs (data1.nt ... loaded under the graph names the manifest gives).
"""
from __future__ import annotations

import json
import os
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
import rdflib
from rdflib import RDF, Namespace
from rdflib.collection import Collection

from kg.settings import PROJECT_ROOT
from tests.live_server import live_server

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
RDF_TYPES = {"text/turtle": "turtle", "application/n-triples": "nt", "application/rdf+xml": "xml",
             "application/ld+json": "json-ld"}
STATUS_CLASSES = {HTS.StatusCode2xx: 2, HTS.StatusCode3xx: 3, HTS.StatusCode4xx: 4, HTS.StatusCode5xx: 5}


@dataclass
class Request:
    method: str
    path: str
    headers: list[tuple[str, str]]
    body: bytes | None
    statuses: set[int]
    fmt: str | None
    boolean: bool | None


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


def test_the_manifest_has_34_tests():
    assert len(TESTS) == 34
    assert sum(len(t.requests) for t in TESTS) >= 34


def _dataset_file(tmp: Path) -> Path:
    """data1.nt ... as N-Quads in the graphs the manifest names them by."""
    graphs: dict[Path, str] = {}
    for t in TESTS:
        graphs.update(dict(t.graphs))
    lines = []
    for file, name in sorted(graphs.items()):
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


def _check_format(req: Request, response: httpx.Response) -> None:
    ctype = response.headers.get("content-type", "").split(";")[0].strip().lower()
    if req.fmt == "boolean":
        assert ctype in BOOLEAN_TYPES, ctype
    elif req.fmt == "tabular":
        assert ctype in TABULAR_TYPES, ctype
    elif req.fmt == "RDF":
        assert ctype in RDF_TYPES, ctype
        rdflib.Graph().parse(data=response.content, format=RDF_TYPES[ctype])
    if req.boolean is not None:
        if ctype == "application/sparql-results+json":
            value = json.loads(response.content)["boolean"]
        else:
            node = ET.fromstring(response.content).find("{http://www.w3.org/2005/sparql-results#}boolean")
            value = node.text.strip() == "true"
        assert value is req.boolean


@pytest.mark.parametrize("test", TESTS, ids=[t.name for t in TESTS])
def test_protocol(server: httpx.Client, test: ProtocolTest):
    if test.graphs:
        _reset(server, test.graphs)
    for i, req in enumerate(test.requests):
        assert req.path.startswith("/sparql/")
        path = "/sparql" + req.path[len("/sparql/"):]
        headers = dict(req.headers)
        headers["authorization"] = f"Bearer {TOKEN}"
        response = server.request(req.method, path, content=req.body, headers=headers)
        assert response.status_code // 100 in req.statuses, (
            f"{test.name} request {i + 1}: {req.method} {path} -> {response.status_code} {response.text[:300]}")
        if response.status_code // 100 == 2:
            _check_format(req, response)
