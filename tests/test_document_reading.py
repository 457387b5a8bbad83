"""A document page for reading (issue 22): the text with its marked passages beside what each
passage supports in words (node and kind), the triples behind a closed "data" tab."""
from __future__ import annotations

from bs4 import BeautifulSoup

DOC = "003_1fec6e346c5e7f15"


def test_passages_are_listed_in_words_and_triples_sit_behind_the_data_tab(client):
    soup = BeautifulSoup(client.get(f"/documents/{DOC}").text, "html.parser")
    reading = soup.select_one(".reading")
    assert reading.select_one("#text .doctext mark") is not None
    items = reading.select("#supports ol.supports li")
    body = client.get(f"/documents/{DOC}.json").json()["doc"]
    assert len(items) == len(body["anchors"]) > 20
    measure = [li for li in items if li.get("data-anchor") == "ev-003-11"][0]    # "limit foreign access to ..."
    assert "Limit foreign access to sensitive data centres" in measure.text and "Measure" in measure.text
    assert measure.select_one("a.span-link")["href"] == "#ev-003-11"
    assert not reading.select("table.anchors") and "skos:prefLabel" not in reading.text   # no triples up front
    data = soup.select_one("details#data")
    assert data is not None and not data.has_attr("open")
    assert data.select_one("table.anchors") is not None and data.select_one("#statements") is not None
    kinds = {n["kind"] for a in body["anchors"] for n in a["supports"]}
    assert {"Measure", "Pathway", "Claim"} <= kinds
