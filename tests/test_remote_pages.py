"""Pages, search, trace and export give the same answers on every store: the embedded one,
Virtuoso and the Oxigraph server (the ``any_client`` fixture runs each test on each)."""
from __future__ import annotations

import json
from urllib.parse import quote

import pytest

MEASURE = "https://w3id.org/policy-kg/id/measure-dc-access-limits"
TARGET = "https://w3id.org/policy-kg/id/capability-china-frontier-ai"

PAGES = [
    "/index.json",
    "/documents.json",
    "/documents/000_0196abc190c539be.json",
    "/claims.json?sort=contested&dir=desc",
    "/timeline.json",
    "/measures.json",
    "/actors.json?limit=500",
    "/links.json",
    "/id/anthropic.json",
    "/id/united-states.json",
    "/id/measure-dc-access-limits.json",
    "/search.json?q=chip",
    "/search.json?q=united%20states",
    "/search.json?q=ANTHR",
    "/trace.json?" + "from=" + quote(MEASURE) + "&limit=50&paths=50",
    "/trace.json?from=" + quote(MEASURE) + "&to=" + quote(TARGET),
]


def _answers(client, path: str):
    r = client.get(path)
    assert r.status_code == 200, (path, r.status_code, r.text[:300])
    body = r.json()
    if isinstance(body, dict) and (body.get("in_page") or {}).get("next") is not None:
        # one page of a longer incoming list comes in the store's own index order (kg/queries/entity_in.rq),
        # so engines may show different rows: compare how many, not which
        body = {**body, "in": sum(g.get("count", 0) for g in body["in"])}
    return body


@pytest.fixture(scope="module")
def embedded_answers(app):
    """Every page of PAGES as the embedded store answers it."""
    from fastapi.testclient import TestClient

    with TestClient(app) as c:
        return {p: _answers(c, p) for p in PAGES}


def _canonical(value):
    """Lists whose order the store may choose (ties in a sort, rows without ORDER BY) compared as
    sorted JSON; so are the "; "-joined node names of a document's anchors (joined in row order)."""
    if isinstance(value, str) and "; " in value:
        return "; ".join(sorted(value.split("; ")))
    if isinstance(value, dict):
        # a causal link stated by several documents shows one of their mechanisms, the first row's
        return {k: (bool(v) if k == "mechanism" else _canonical(v)) for k, v in value.items()}
    if isinstance(value, list):
        items = [_canonical(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, sort_keys=True))
    return value


@pytest.mark.parametrize("path", PAGES)
def test_page_json_is_the_same_on_every_store(any_client, embedded_answers, path):
    got = _answers(any_client, path)
    assert got, path
    assert _canonical(got) == _canonical(embedded_answers[path])


def test_entity_turtle_and_trig_hold_the_same_statements(any_client, client):
    from rdflib import Dataset, Graph
    from rdflib.compare import isomorphic

    for suffix, kind in ((".ttl", Graph), (".trig", Dataset)):
        mine, theirs = kind(), kind()
        mine.parse(data=any_client.get(f"/id/measure-dc-access-limits{suffix}").text,
                   format="turtle" if suffix == ".ttl" else "trig")
        theirs.parse(data=client.get(f"/id/measure-dc-access-limits{suffix}").text,
                     format="turtle" if suffix == ".ttl" else "trig")
        assert len(mine) > 10
        if suffix == ".ttl":
            assert isomorphic(mine, theirs)
        else:
            def quads(d):
                from rdflib import BNode

                plain = lambda t: "_:b" if isinstance(t, BNode) else str(t)  # noqa: E731
                return sorted((plain(s), plain(p), plain(o), str(getattr(g, "identifier", g))) for s, p, o, g in d.quads())

            assert quads(mine) == quads(theirs)


def test_html_pages_render(any_client):
    for path in ("/", "/search?q=chip", "/id/anthropic", "/documents", "/trace?from=" + quote(MEASURE)):
        r = any_client.get(path, headers={"accept": "text/html"})
        assert r.status_code == 200, path
        assert "<html" in r.text.lower()
    assert "Anthropic" in any_client.get("/search?q=anthro", headers={"accept": "text/html"}).text


@pytest.mark.parametrize("fmt", ["ttl", "mermaid", "graphml"])
def test_export_is_the_same_on_every_store(any_client, client, fmt):
    url = f"/export?focus={quote(MEASURE)}&depth=1&format={fmt}"
    mine, theirs = any_client.get(url), client.get(url)
    assert mine.status_code == theirs.status_code == 200
    if fmt == "ttl":
        from rdflib import Graph
        from rdflib.compare import isomorphic

        assert isomorphic(Graph().parse(data=mine.text, format="turtle"), Graph().parse(data=theirs.text, format="turtle"))
    else:
        assert sorted(mine.text.splitlines()) == sorted(theirs.text.splitlines())


def test_query_export_runs_through_the_engine(any_client, client):
    q = "CONSTRUCT { ?m pk:proposedBy ?a } WHERE { ?m a pk:Measure ; pk:proposedBy ?a }"
    mine = any_client.get("/export", params={"query": q, "format": "ttl"})
    theirs = client.get("/export", params={"query": q, "format": "ttl"})
    assert mine.status_code == 200, mine.text[:300]
    from rdflib import Graph

    assert set(Graph().parse(data=mine.text, format="turtle")) == set(Graph().parse(data=theirs.text, format="turtle"))
    refused = any_client.get("/export", params={"query": "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
                                                "format": "ttl"})
    assert refused.status_code == 400 and "SERVICE" in refused.text
