"""/claims filtered by claimer, document, stance and "contested only" (issue 22), on the curated graph."""
from __future__ import annotations

ID = "https://w3id.org/policy-kg/id/"
DOC = ID + "doc/"


def claims(client, **params) -> dict:
    r = client.get("/claims.json", params=params)
    assert r.status_code == 200, r.text
    return r.json()


def test_each_filter_keeps_only_matching_claims(client):
    every = claims(client, limit=500)["count"]
    zhang = claims(client, claimer="Zhang Chi")
    assert 0 < zhang["count"] < every and zhang["filters"] == {"claimer": "Zhang Chi"}
    assert all(ID + "zhang-chi" in {c["iri"] for c in r["claimer"]} for r in zhang["claims"])
    in_003 = claims(client, document="003_1fec6e346c5e7f15", limit=500)
    assert 0 < in_003["count"] < every
    assert all(DOC + "003_1fec6e346c5e7f15" in {d["iri"] for d in r["documents"]} for r in in_003["claims"])
    contested = claims(client, contested="true")
    assert {r["iri"] for r in contested["claims"]} == {ID + "claim-china-closing-gap", ID + "claim-china-progress-drivers"}
    qualifying = claims(client, stance="qualifies")
    assert [r["iri"] for r in qualifying["claims"]] == [ID + "claim-gains-need-data-and-compute"]
    both = claims(client, claimer="id:zhang-chi", stance="contests", document="doc:001_ee16a0d438a18aaf")
    assert [r["iri"] for r in both["claims"]] == [ID + "claim-zhang-china-falling-behind"]


def test_filters_survive_sorting_and_bad_ones_are_named(client):
    html = client.get("/claims", params={"claimer": "Zhang Chi", "sort": "claim"}).text
    assert "claimer=Zhang+Chi" in html and 'name="contested"' in html
    r = client.get("/claims.json", params={"stance": "likes"})
    assert r.status_code == 400 and "likes" in r.text
    r = client.get("/claims.json", params={"claimer": "Nobody of that name"})
    assert r.status_code == 404 and "Nobody of that name" in r.text


def test_documents_list_has_date_and_publisher_and_sorts(client):
    by_id = client.get("/documents.json").json()
    assert by_id["sort"] == "id" and [d["id"][:3] for d in by_id["documents"]] == ["000", "001", "002", "003", "004"]
    digest = by_id["documents"][4]
    assert digest["date"] == "2026" and digest["publisher"]["label"] == "Vietmetric"
    by_date = client.get("/documents.json", params={"sort": "date", "dir": "desc"}).json()
    assert by_date["documents"][-1]["id"].startswith("004")          # desc: the one dated document, missing first
    by_date = client.get("/documents.json", params={"sort": "date"}).json()
    assert by_date["documents"][0]["id"].startswith("004")           # asc: dated first, missing last
    sizes = [d["statements"] for d in client.get("/documents.json", params={"sort": "statements"}).json()["documents"]]
    assert sizes == sorted(sizes)
    html = client.get("/documents").text
    assert "?sort=date&amp;dir=asc" in html and "2026" in html
    assert client.get("/documents.json", params={"sort": "colour"}).status_code == 400


def test_sorting_by_documents_orders_claims_by_the_documents_stating_them(client):
    """The sort key counts, per claim only, the document graphs typing it (pages_graph_counts.rq)."""
    rows = claims(client, sort="documents", limit=500)["claims"]
    sizes = [len(r["documents"]) for r in rows]
    assert len(rows) == claims(client, limit=500)["count"]
    assert sizes == sorted(sizes) and sizes[0] < sizes[-1]
    down = [len(r["documents"]) for r in claims(client, sort="documents", dir="desc", limit=500)["claims"]]
    assert down == sorted(sizes, reverse=True)
