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


def test_the_header_names_publisher_and_date_or_says_they_are_not_stated(client):
    """An analyst reads who published a document and when first, in words: raw catalog predicates
    and the graph's triple count (anchors included) sit in a closed "Catalog record"."""
    for doc, publisher, date in ((DOC, "not stated in the text", "not stated in the text"),
                                 ("004_a34f769d077ce506", "Vietmetric", "2026")):
        soup = BeautifulSoup(client.get(f"/documents/{doc}").text, "html.parser")
        facts = soup.select_one("article.document > dl.facts")
        head = {dt.text: dd.text.strip() for dt, dd in zip(facts.select("dt"), facts.select("dd"))}
        assert head["Publisher"] == publisher and head["Date"] == date, head
        assert not any(":" in k for k in head), head                      # no "dcterms:identifier" up front
        record = soup.select_one("details.catalog")
        assert record is not None and not record.has_attr("open") and "dcterms:identifier" in record.text
        assert "triples in the document's graph" in record.select_one("summary").text
