"""The browsing pages on a small fixture graph: HTML parsed and its content asserted,
JSON read with json, Turtle and JSON-LD read back with rdflib, escaping, 404s."""
from __future__ import annotations

import json

import pytest
from bs4 import BeautifulSoup
from fastapi.testclient import TestClient
from rdflib import Graph, URIRef

from kg.store.build import open_store
from kg.core.corpus import Corpus
from kg.core.namespaces import PK
from kg.core.settings import Settings
from test_pages_fixture import HOSTILE, write_fixture

BASE = "https://w3id.org/policy-kg/id/"
MEASURE = BASE + "measure-dc-access-limits"
HTML = {"accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"}


def make_client(tmp_path, corpus: str) -> TestClient:
    from web.app import create_app

    data = write_fixture(tmp_path / "data")
    settings = Settings.from_env(env={}, store="memory", data_dir=str(data), corpus=corpus,
                                 store_path=str(tmp_path / "store"))
    return TestClient(create_app(settings, open_store(settings)))


@pytest.fixture(scope="module")
def fx(tmp_path_factory, corpus_dir):
    with make_client(tmp_path_factory.mktemp("pages"), str(corpus_dir)) as c:
        yield c


def page(client, url, status=200):
    r = client.get(url, headers=HTML)
    assert r.status_code == status, r.text[:500]
    assert r.headers["content-type"].startswith("text/html")
    assert "Content-Security-Policy" in r.headers
    return BeautifulSoup(r.text, "lxml")


def test_home_counts_and_ways_in(fx):
    soup = page(fx, "/")
    counts = {el["data-kind"]: int(el.text) for el in soup.select(".count[data-kind]")}
    assert counts["measures"] == 1 and counts["claims"] == 2 and counts["events"] == 2 and counts["actors"] == 6
    assert soup.select_one("#measures a[href='/id/measure-dc-access-limits']").text == "Data-centre access limits"
    trace = soup.select_one("#example-traces li a")
    assert trace["href"].startswith("/trace?from=") and "measure-dc-access-limits" in trace["href"]
    assert [a.text for a in soup.select("#recent-events li a")] == ["Fixture rule published", "Fixture lab statement"]
    assert {a.text for a in soup.select("#documents li a")} == {"Fixture document three", "Fixture document zero"}
    nav = [a.text for a in soup.select("header nav a")]
    for item in ("Home", "Measures", "Claims", "Timeline", "Documents", "SPARQL", "Trace"):
        assert item in nav


def test_search_is_ranked_and_folds_case_and_accents(fx):
    soup = page(fx, "/search?q=ZOE")
    assert [a.text for a in soup.select("ol.hits li > a")][0] == "Zoë Critic"
    labels = [a.text for a in page(fx, "/search?q=illicit").select("ol.hits li > a")]
    assert labels.index("Illicit compute access") < labels.index("The limits would slow illicit access")  # prefix > word
    hits = fx.get("/search?q=capability", headers={"accept": "application/json"}).json()
    assert hits[0]["label"] == "Capability" and hits[0]["match"] == "exact"  # exact > word
    assert [h["match"] for h in hits][:2] == ["exact", "word"]
    alias = fx.get("/search.json?q=dc lim").json()
    assert alias[0]["iri"] == MEASURE and alias[0]["matched"] == "DC limits"


def test_search_json_is_a_typeahead_list(fx):
    r = fx.get("/search.json?q=anthropic")
    hits = json.loads(r.text)
    assert isinstance(hits, list) and hits
    top = hits[0]
    assert top["iri"] == BASE + "anthropic" and top["label"] == "Anthropic" and "AI lab" in top["types"]
    assert top["url"] == "/id/anthropic"
    assert fx.get(top["url"], headers=HTML).status_code == 200
    assert fx.get("/search.json?q=").json() == []


def test_entity_page_content(fx, corpus_dir):
    soup = page(fx, "/id/measure-dc-access-limits")
    assert soup.h1.text == "Data-centre access limits"
    assert "Measure" in [k.text for k in soup.select(".kinds .kind")]
    assert "limiting who may rent" in soup.select_one(".definition").text
    assert "DC limits" in soup.select_one(".aliases").text
    out = soup.select_one("table.statements.out")
    row = next(tr for tr in out.select("tr") if "proposed by" in tr.text)
    assert row.select_one("td a")["href"] == "/id/anthropic"
    status_row = next(tr for tr in out.select("tr") if "status" in tr.text)
    assert {a["title"] for a in status_row.select("a.doc")} == {"Fixture document three", "Fixture document zero"}
    assert {a.text for a in status_row.select("a.doc")} == {"doc 003", "doc 000"}
    links = soup.select_one("#causal table")
    assert "decreases" in links.text and "Illicit compute access" in links.text
    assert "The limits leak through resellers" in links.select_one(".contested").text
    claims = soup.select("#claims tbody tr")
    assert len(claims) == 2
    assert "Zoë Critic" in next(tr for tr in claims if tr.select_one("td a").text.endswith("resellers")).select("td")[1].text
    contested = next(tr for tr in claims if "slow illicit" in tr.text)
    assert "contested by The limits leak through resellers" in contested.text and "3 years (2027)" in contested.text
    assert [li.select_one("a").text for li in soup.select("#events li")] == ["Fixture rule published"]
    img = soup.select_one(".diagram img")
    assert img["src"].startswith("/export?") and "format=svg" in img["src"] and "depth=1" in img["src"]
    assert soup.select_one("a.button")["href"].startswith("/trace?from=")
    # the evidence passage is the corpus's own text at the anchored offsets
    corpus = Corpus(corpus_dir)
    marks = [m.text for m in soup.select("#evidence blockquote mark")]
    assert corpus.text("003_1fec6e346c5e7f15.txt")[100:180] in marks
    assert corpus.text("000_0196abc190c539be.txt")[40:120] in marks
    doc_link = soup.select_one("#evidence a.doc")["href"]
    assert doc_link.startswith("/documents/") and "#ev-" in doc_link


def test_content_negotiation(fx):
    turtle = fx.get("/id/measure-dc-access-limits", headers={"accept": "text/turtle"})
    assert turtle.headers["content-type"].startswith("text/turtle")
    g = Graph().parse(data=turtle.text, format="turtle")
    assert (URIRef(MEASURE), PK.proposedBy, URIRef(BASE + "anthropic")) in g
    assert (URIRef(BASE + "claim-limits-work"), PK.about, URIRef(MEASURE)) in g
    for url, headers in (("/id/measure-dc-access-limits.jsonld", {}),
                         ("/id/measure-dc-access-limits", {"accept": "application/ld+json"})):
        r = fx.get(url, headers=headers)
        assert r.headers["content-type"].startswith("application/ld+json")
        assert (URIRef(MEASURE), PK.targets, URIRef(BASE + "h100")) in Graph().parse(data=r.text, format="json-ld")
    assert (URIRef(MEASURE), PK.status, PK.Recommended) in Graph().parse(
        data=fx.get("/id/measure-dc-access-limits.ttl").text, format="turtle")
    for url, headers in (("/id/measure-dc-access-limits.json", {}),
                         ("/id/measure-dc-access-limits", {"accept": "application/json"})):
        data = json.loads(fx.get(url, headers=headers).text)
        assert data["label"] == "Data-centre access limits" and data["aliases"] == ["DC limits"]
        assert {c["iri"] for c in data["claims"]} == {BASE + "claim-limits-work", BASE + "claim-limits-leak"}
    link = fx.get("/id/measure-dc-access-limits", headers=HTML).headers["link"]
    assert '</id/measure-dc-access-limits.ttl>; rel="alternate"; type="text/turtle"' in link
    assert 'type="application/ld+json"' in link
    assert fx.get("/id/measure-dc-access-limits", headers={"accept": "image/png"}).status_code == 406
    assert 'rel="alternate"' in fx.get("/claims", headers=HTML).headers["link"]


def test_vocabulary_terms_have_pages(fx):
    soup = page(fx, "/resource?iri=" + str(PK.Measure).replace("#", "%23"))
    assert soup.h1.text == "Measure"
    assert "/id/measure-dc-access-limits" in {a["href"] for a in soup.select("table.statements.in a")}


def test_claims_table_sorts_server_side(fx):
    soup = page(fx, "/claims?sort=contested&dir=desc")
    rows = soup.select("table.claims tbody tr")
    assert len(rows) == 2 and "contested" in rows[0].select("td")[-1].text
    assert rows[0].select_one("td a").text == "The limits would slow illicit access"
    claimers = [tr.select("td")[1].text.strip() for tr in page(fx, "/claims?sort=claimer").select("table.claims tbody tr")]
    assert claimers == ["Anthropic", "Zoë Critic"]
    claimers = [tr.select("td")[1].text.strip() for tr in page(fx, "/claims?sort=claimer&dir=desc").select("table.claims tbody tr")]
    assert claimers == ["Zoë Critic", "Anthropic"]
    head = soup.select_one("th a.sorted")
    assert "sort=contested" in head["href"] and "dir=asc" in head["href"]
    data = fx.get("/claims.json").json()
    assert data["count"] == 2 and data["contested_count"] == 1


def test_timeline_orders_and_filters(fx):
    soup = page(fx, "/timeline")
    assert [t.text.strip() for t in soup.select("ol.timeline time")] == ["2024", "2025-01-13"]
    soup = page(fx, "/timeline?actor=anthropic")
    assert [a.text for a in soup.select("ol.timeline li > a")] == ["Fixture lab statement"]
    assert soup.select_one("select option[selected]").text == "Anthropic"
    assert fx.get(f"/timeline.json?actor={BASE}us-gov").json()["events"][0]["label"] == "Fixture rule published"


@pytest.mark.parametrize("actor", ["id:us-gov", "Fixture Government", " fixture government ", "us-gov"])
def test_timeline_takes_an_actor_as_trace_and_export_do(fx, actor):
    """A prefixed name or a label, as /trace and /export take them: both were 404 'no actor'."""
    r = fx.get("/timeline.json", params={"actor": actor})
    assert r.status_code == 200, r.text
    assert r.json()["actor"]["iri"] == BASE + "us-gov"
    assert [e["label"] for e in r.json()["events"]] == ["Fixture rule published"]


def test_timeline_of_an_unknown_actor_is_404_naming_it(fx):
    r = fx.get("/timeline.json", params={"actor": "Nobody At All"})
    assert r.status_code == 404
    assert "'Nobody At All'" in r.json()["error"]["message"]


def test_documents_and_document_text(fx, corpus_dir):
    soup = page(fx, "/documents")
    assert [a.text for a in soup.select("table.documents tbody tr td:nth-of-type(2) a")] == [
        "Fixture document zero", "Fixture document three"]
    soup = page(fx, "/documents/003_1fec6e346c5e7f15")
    assert soup.h1.text == "Fixture document three"
    text = Corpus(corpus_dir).text("003_1fec6e346c5e7f15.txt")
    assert soup.select_one(".doctext").text == text  # the whole text, nothing lost around the marks
    ids = {m.get("id") for m in soup.select(".doctext mark")}
    assert {"ev-003-1", "ev-003-2", "ev-003-3"} <= ids
    first = soup.select_one("mark#ev-003-1")
    assert first.text == text[100:150]  # cut where the overlapping anchor ev-003-2 starts
    assert "Data-centre access limits" in soup.select_one("#statements").text
    assert "yes" in soup.select_one("dl.facts").text
    assert fx.get("/documents/003_1fec6e346c5e7f15.json").json()["doc"]["corpus_available"] is True


def test_lists_by_kind(fx):
    soup = page(fx, "/actors")
    assert "(6)" in soup.h1.text
    names = [a.text for a in soup.select("table.kind-list a")]
    assert "Nvidia" in names and "Anthropic" in names
    assert [a.text for a in page(fx, "/chips").select("table.kind-list a")] == ["H100"]
    data = fx.get("/pathways.json").json()
    assert data["count"] == 2 and {s["label"] for s in data["subtypes"]} == {"Pathway", "Capability"}


def test_unknown_entity_gets_404_with_suggestions(fx):
    soup = page(fx, "/id/data-centre-limitz", status=404)
    assert "/id/measure-dc-access-limits" in [a["href"] for a in soup.select("ul.suggestions a")]
    r = fx.get("/id/data-centre-limitz")
    body = r.json()
    assert r.status_code == 404 and body["ok"] is False
    assert body["error"]["suggestions"][0]["iri"] == MEASURE
    assert page(fx, "/documents/nope", status=404).select_one(".error-message")


def test_hostile_label_and_query_are_escaped(fx):
    r = fx.get("/id/hostile", headers=HTML)
    assert "<script>" not in r.text and "<b>Évil</b>" not in r.text
    soup = BeautifulSoup(r.text, "lxml")
    assert soup.h1.text == HOSTILE and not soup.select("main b")
    assert all(sc.get("src", "").startswith("/static/") and not sc.text.strip() for sc in soup.select("script"))
    hostile_q = '"><script>alert(1)</script>'
    r = fx.get("/search", params={"q": hostile_q}, headers=HTML)
    assert "<script>" not in r.text
    soup = BeautifulSoup(r.text, "lxml")
    assert [sc["src"] for sc in soup.select("script")] == ["/static/typeahead.js"]
    assert soup.select_one("main input[name=q]")["value"] == hostile_q
    soup = page(fx, "/search?q=evil")
    assert soup.select_one("ol.hits a").text == HOSTILE
    r = fx.get("/id/%3Cscript%3Ex", headers=HTML)
    assert r.status_code == 404 and "<script>" not in r.text


def test_without_corpus_sources_are_offsets(tmp_path):
    with make_client(tmp_path, str(tmp_path / "no-corpus")) as c:
        soup = page(c, "/id/measure-dc-access-limits")
        assert not soup.select("#evidence blockquote")
        assert "characters 100–180" in soup.select_one("#evidence").text
        doc = page(c, "/documents/003_1fec6e346c5e7f15")
        assert doc.select_one(".doctext") is None
        assert "100–180" in doc.select_one("table.anchors").text


def test_bad_parameters_get_an_html_400_for_browsers(fx):
    soup = page(fx, "/claims?dir=sideways", status=400)
    assert soup.h1.text.startswith("400") and "dir" in soup.select_one(".error-message").text
    r = fx.get("/search.json?q=x&limit=0")
    assert r.status_code == 400 and r.json()["error"]["status"] == 400


def test_accept_header_q_values_are_honoured(fx):
    url = "/id/measure-dc-access-limits"
    r = fx.get(url, headers={"accept": "text/html;q=0.5, text/turtle"})
    assert r.headers["content-type"].startswith("text/turtle")
    r = fx.get(url, headers={"accept": "text/turtle;q=0.2, application/ld+json;q=0.9"})
    assert r.headers["content-type"].startswith("application/ld+json")
    r = fx.get(url, headers={"accept": "*/*"})
    assert r.headers["content-type"].startswith("text/html")
    r = fx.get(url + ".ttl", headers={"accept": "text/html"})  # a suffix wins over Accept
    assert r.headers["content-type"].startswith("text/turtle")


@pytest.mark.parametrize("url, accept", [
    ("/", HTML["accept"]), ("/measures", HTML["accept"]), ("/claims.json", "application/json"),
    ("/id/measure-dc-access-limits", HTML["accept"]), ("/id/measure-dc-access-limits", "text/turtle"),
    ("/search?q=data", HTML["accept"]), ("/sparql", "text/turtle"),
])
def test_head_answers_as_get_without_a_body(fx, url, accept):
    """Link checkers, crawlers and ``curl -I`` ask with HEAD: every page answered 405 before."""
    got = fx.get(url, headers={"accept": accept})
    head = fx.head(url, headers={"accept": accept})
    assert (head.status_code, got.status_code) == (200, 200)
    assert head.content == b""
    assert head.headers["content-type"] == got.headers["content-type"]
    assert head.headers["content-length"] == str(len(got.content))


def test_head_of_an_unknown_entity_is_404_and_post_stays_refused(fx):
    assert fx.head("/id/nothing-called-this").status_code == 404
    assert fx.post("/id/measure-dc-access-limits").status_code == 405
