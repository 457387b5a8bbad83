"""Caches follow the store's generation: a label renamed by a SPARQL update shows at once on
search, the entity page, traces and exports of a live ``kg serve`` (the caches used to be keyed
on the store's size, which a rename does not change). Also: paged lists and their links."""
from __future__ import annotations

from urllib.parse import parse_qs, urlparse

import httpx
import pytest

from live_server import live_server
from scratch import scratch_folders

TOKEN = "generation-test-token"
MEASURE = "https://w3id.org/policy-kg/id/measure-dc-access-limits"
PATHWAY = "https://w3id.org/policy-kg/id/pathway-illicit-compute-access"
NEW = "Zebracorn compute route"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("generation")
    _, data = scratch_folders(tmp)               # the updates are journaled in the data folder
    with live_server(["--store", "memory", "--data", str(data), "--update-token", TOKEN, "--workers", "1"],
                     tmp) as base:
        yield base


def _rename(base: str, iri: str, label: str) -> None:
    update = (f"DELETE {{ GRAPH ?g {{ <{iri}> skos:prefLabel ?old }} }} "
              f"INSERT {{ GRAPH ?g {{ <{iri}> skos:prefLabel \"{label}\"@en }} }} "
              f"WHERE {{ GRAPH ?g {{ <{iri}> skos:prefLabel ?old }} }}")
    r = httpx.post(base + "/sparql", data={"update": "PREFIX skos: <http://www.w3.org/2004/02/skos/core#> " + update},
                   headers={"Authorization": f"Bearer {TOKEN}"}, timeout=30)
    assert r.status_code in (200, 204), r.text


def test_a_renamed_label_shows_at_once_everywhere(server):
    get = lambda path, **kw: httpx.get(server + path, timeout=30, **kw)  # noqa: E731
    # warm every cache with the old label first
    old = get("/id/pathway-illicit-compute-access.json").json()["label"]
    assert old != NEW
    assert get("/search.json", params={"q": old}).json()[0]["iri"] == PATHWAY
    trace = get("/trace.json", params={"from": MEASURE}).json()
    assert trace["nodes"][PATHWAY]["label"] == old
    assert old.encode() in get("/export", params={"focus": MEASURE, "format": "svg"}).content

    _rename(server, PATHWAY, NEW)

    assert get("/id/pathway-illicit-compute-access.json").json()["label"] == NEW
    assert NEW in get("/id/pathway-illicit-compute-access", headers={"accept": "text/html"}).text
    hits = get("/search.json", params={"q": "zebracorn"}).json()
    assert [h["iri"] for h in hits] == [PATHWAY] and hits[0]["label"] == NEW
    assert get("/search.json", params={"q": old}).json() == [] or \
        all(h["iri"] != PATHWAY or h["match"] != "exact" for h in get("/search.json", params={"q": old}).json())
    trace = get("/trace.json", params={"from": MEASURE}).json()
    assert trace["nodes"][PATHWAY]["label"] == NEW
    assert NEW.encode() in get("/export", params={"focus": MEASURE, "format": "svg"}).content
    # the new label resolves as a trace target by name
    assert get("/trace.json", params={"from": MEASURE, "to": NEW}).status_code == 200


def _offset(url: str | None) -> int | None:
    if url is None:
        return None
    return int(parse_qs(urlparse(url).query).get("offset", ["0"])[0])


def test_lists_are_paged_with_counts_and_links(client):
    first = client.get("/claims.json", params={"limit": 5}).json()
    assert first["count"] > 10 and len(first["claims"]) == 5
    assert first["offset"] == 0 and first["previous"] is None and first["next"] == 5
    assert _offset(first["links"]["next"]) == 5 and first["links"]["previous"] is None
    second = client.get(first["links"]["next"]).json()
    assert second["previous"] == 0 and len(second["claims"]) == 5
    assert not {c["iri"] for c in first["claims"]} & {c["iri"] for c in second["claims"]}
    # walking every page gives every claim once, in the same order as one big page
    seen, url = [], "/claims.json?limit=7&sort=claim"
    while url:
        body = client.get(url).json()
        seen += [c["iri"] for c in body["claims"]]
        url = body["links"]["next"]
    whole = client.get("/claims.json", params={"limit": 500, "sort": "claim"}).json()
    assert seen == [c["iri"] for c in whole["claims"]] and len(seen) == whole["count"] == len(set(seen))
    # the HTML carries the same links, and the Link header names the next page
    r = client.get("/claims?limit=5", headers={"accept": "text/html"})
    assert 'rel="next"' in r.headers["link"] and 'rel="next" href="/claims?limit=5&amp;offset=5"' in r.text


@pytest.mark.parametrize("path, key", [("/actors.json", "items"), ("/timeline.json", "events"),
                                       ("/documents.json", "documents")])
def test_every_list_pages(client, path, key):
    whole = client.get(path, params={"limit": 500}).json()
    assert whole["count"] == len(whole[key]) >= 3
    two = client.get(path, params={"limit": 2, "offset": 1}).json()
    assert [x["iri"] for x in two[key]] == [x["iri"] for x in whole[key][1:3]]
    assert two["count"] == whole["count"] and two["previous"] == 0


def test_bad_paging_is_a_clear_400(client):
    for params in ({"limit": 0}, {"limit": 100000}, {"offset": -1}, {"limit": "many"}):
        r = client.get("/claims.json", params=params)
        assert r.status_code == 400, params
        assert r.json()["ok"] is False


def test_search_pages_and_counts(client):
    hits = client.get("/search.json", params={"q": "chip", "limit": 200}).json()
    assert len(hits) > 3
    page = client.get("/search.json", params={"q": "chip", "limit": 2, "offset": 2})
    assert [h["iri"] for h in page.json()] == [h["iri"] for h in hits[2:4]]
    assert 'rel="next"' in page.headers["link"] and 'rel="previous"' in page.headers["link"]
    html = client.get("/search", params={"q": "chip", "limit": 2}, headers={"accept": "text/html"}).text
    assert f"of {len(hits)}" in html


def test_typos_and_accents_still_find(client):
    assert client.get("/search.json", params={"q": "ANTHROPIC"}).json()[0]["label"] == "Anthropic"
    assert client.get("/search.json", params={"q": "Ánthropic"}).json()[0]["label"] == "Anthropic"
    r = client.get("/trace.json", params={"from": "Limit foreign acess to sensitive data centers"})
    assert r.status_code == 404
    assert MEASURE in {c["iri"] for c in r.json()["error"]["candidates"]}


def test_trace_page_folds_targets_and_paths(client):
    full = client.get("/trace.json", params={"from": MEASURE}).json()
    assert len(full["targets"]) >= 3
    folded = client.get("/trace.json", params={"from": MEASURE, "limit": 2, "paths": 1}).json()
    assert [t["iri"] for t in folded["targets"]] == [t["iri"] for t in full["targets"][:2]]
    assert folded["targets_total"] == len(full["targets"]) and folded["folded"]["targets"] == len(full["targets"]) - 2
    assert all(len(t["paths"]) <= 1 for t in folded["targets"])
    assert {p["id"] for p in folded["paths"]} == {pid for t in folded["targets"] for pid in t["paths"]}
    assert all(t["net"] == f["net"] for t, f in zip(folded["targets"], full["targets"]))


def test_entity_incoming_statements_page_through_every_row(client):
    first = client.get("/id/anthropic.json", params={"limit": 3}).json()
    total = first["in_page"]["count"]
    assert total > 6
    seen, offset = [], 0
    while offset is not None:
        body = client.get("/id/anthropic.json", params={"limit": 3, "offset": offset}).json()
        rows = [(v["iri"], g["property"]["iri"]) for g in body["in"] for v in g["values"]]
        assert len(rows) <= 3
        seen += rows
        offset = body["in_page"]["next"]
    assert len(seen) == len(set(seen)) == total
    html = client.get("/id/anthropic?limit=3", headers={"accept": "text/html"}).text
    assert 'rel="next" href="/id/anthropic?limit=3&amp;offset=3"' in html


def test_document_page_pages_statements_and_anchors(client):
    docs = client.get("/documents.json").json()["documents"]
    ident = max(docs, key=lambda d: d["statements"])["id"]
    whole = client.get(f"/documents/{ident}.json", params={"limit": 500}).json()["doc"]
    assert whole["anchors_page"]["count"] == len(whole["anchors"]) > 4
    part = client.get(f"/documents/{ident}.json", params={"limit": 2, "anchor_offset": 2}).json()["doc"]
    assert [a["iri"] for a in part["anchors"]] == [a["iri"] for a in whole["anchors"][2:4]]
    assert len(part["statement_groups"]) == 2 and part["subjects"]["count"] == whole["subjects"]["count"]
    # the text still marks every anchor, whichever page of the table is shown
    marked = {a for seg in part["segments"] for a in seg["anchors"]}
    assert marked == {a["id"] for a in whole["anchors"]}
    html = client.get(f"/documents/{ident}", params={"limit": 2}, headers={"accept": "text/html"}).text
    assert f'href="/documents/{ident}?limit=2&amp;anchor_offset=2"' in html


def test_document_page_shows_each_anchors_span_beside_what_cites_it(client, corpus_dir):
    docs = client.get("/documents.json").json()["documents"]
    d = docs[0]
    text = (corpus_dir / d["file"]).read_text(encoding="utf-8")
    body = client.get(f"/documents/{d['id']}.json", params={"limit": 500}).json()["doc"]
    cited = [a for a in body["anchors"] if a["nodes"]]
    assert cited
    for a in cited:
        assert a["text"] == text[a["start"]:a["end"]]
        assert a["statements"] and all(st["subject"]["iri"] in {n["iri"] for n in a["nodes"]} for st in a["statements"])


def test_pages_are_kept_until_the_next_write(settings, tmp_path):
    """The page cache answers a repeated page from memory, builds it anew for no-cache, never
    keeps a signed-in reviewer's page, and forgets everything when the store is written."""
    from fastapi.testclient import TestClient

    from kg.store.build import open_store
    from web.app import create_app

    store = open_store(settings.replace(store="memory"))
    with TestClient(create_app(settings.replace(store="memory", warm_up=0), store)) as c:
        html = {"accept": "text/html"}
        assert c.get("/id/anthropic", headers=html).headers["x-kg-page-cache"] == "miss"
        again = c.get("/id/anthropic", headers=html)
        assert again.headers["x-kg-page-cache"] == "hit" and "content-security-policy" in again.headers
        assert c.get("/id/anthropic.json").headers["x-kg-page-cache"] == "miss"   # another form, another entry
        assert c.get("/id/anthropic", headers={**html, "cache-control": "no-cache"}).headers["x-kg-page-cache"] == "miss"
        assert "x-kg-page-cache" not in c.get("/id/anthropic", headers={**html, "cookie": "s=1"}).headers
        assert c.get("/id/nothing-here", headers=html).status_code == 404
        assert c.get("/id/nothing-here", headers=html).headers["x-kg-page-cache"] == "miss"  # errors are not kept
        store.update('INSERT DATA { GRAPH <http://example.org/g> { <https://w3id.org/policy-kg/id/anthropic> '
                     '<http://www.w3.org/2004/02/skos/core#altLabel> "Quokka labs" } }')
        fresh = c.get("/id/anthropic", headers=html)
        assert fresh.headers["x-kg-page-cache"] == "miss" and "Quokka labs" in fresh.text
