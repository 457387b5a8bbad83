"""``kg anchors``: every anchor's span, read from the corpus at run time, beside the statements citing it."""
from __future__ import annotations

import json

import pytest

from kg.pages.anchors import AnchorsError, document_anchors, resolve_document
from kg.cli import main
from kg.core.corpus import Corpus

ID = "https://w3id.org/policy-kg/id/"
DOC003 = ID + "doc/003_1fec6e346c5e7f15"


@pytest.fixture()
def args(corpus_dir):
    return ["--store", "memory", "--corpus", str(corpus_dir)]


def by_name(result: dict) -> dict:
    return {a["name"]: a for a in result["anchors"]}


def test_json_gives_span_text_and_citing_statements(runner, args, corpus_dir):
    r = runner.invoke(main, ["anchors", "003", "--json", *args])
    assert r.exit_code == 0, r.output
    out = json.loads(r.output)
    assert out["document"]["iri"] == DOC003 and out["document"]["number"] == "003"
    assert out["hash_matches"] is True and out["corpus_available"] is True
    text = Corpus(corpus_dir).text("003_1fec6e346c5e7f15.txt")
    for a in out["anchors"]:
        assert a["text"] == text[a["start"]:a["end"]] and a["problem"] is None
    starts = [a["start"] for a in out["anchors"]]
    assert starts == sorted(starts)
    a = by_name(out)["ev:003-23"]
    assert (a["start"], a["end"]) == (578, 648)
    cited = {n["name"]: n for n in a["cited_by"]}
    link = cited["id:link-export-controls-2022-us-lead"]
    assert "pk:CausalLink" in link["types"]
    assert {"property": "pk:cause", "value": "id:measure-export-controls-2022", "is_iri": True,
            "label": "US chip export controls on China (2022)"} in link["statements"]
    assert not any(st["property"] == "pk:evidence" for n in a["cited_by"] for st in n["statements"])
    assert out["counts"] == {"anchors": len(out["anchors"]), "citing_nodes": out["counts"]["citing_nodes"], "unused": 0}


def test_text_shows_the_span_beside_each_citing_node(runner, args, corpus_dir):
    r = runner.invoke(main, ["anchors", "doc:003_1fec6e346c5e7f15", *args])
    assert r.exit_code == 0, r.output
    text = Corpus(corpus_dir).text("003_1fec6e346c5e7f15.txt")
    block = r.output.split("\nev:003-23  [578–648]\n", 1)[1].split("\n\n", 1)[0]
    assert f"«{text[578:648]}»" in block
    assert "cited by id:link-export-controls-2022-us-lead [pk:CausalLink]" in block
    assert "pk:effect id:outcome-us-lead (US lead in frontier AI)" in block


def test_every_document_without_doc(runner, args, store):
    r = runner.invoke(main, ["anchors", "--json", *args])
    assert r.exit_code == 0, r.output
    docs = json.loads(r.output)["documents"]
    assert [d["document"]["number"] for d in docs] == ["000", "001", "002", "003", "004"]
    rows = store.select("SELECT ?g (COUNT(DISTINCT ?a) AS ?n) WHERE { GRAPH ?g { ?a oa:hasSource ?d } } GROUP BY ?g")
    counts = {str(r["g"]): int(r["n"]) for r in rows}
    assert {d["document"]["iri"]: d["counts"]["anchors"] for d in docs} == counts


@pytest.mark.parametrize("doc", ["003", "003_1fec6e346c5e7f15", "003_1fec6e346c5e7f15.txt", DOC003, f"<{DOC003}>"])
def test_document_forms(store, doc):
    assert resolve_document(store, doc)["iri"] == DOC003


def test_unknown_document_exits_2_and_names_the_known_ones(runner, args, store):
    r = runner.invoke(main, ["anchors", "042", *args])
    assert r.exit_code == 2
    assert "unknown document '042'" in r.output and "000, 001, 002, 003, 004" in r.output
    with pytest.raises(AnchorsError):
        resolve_document(store, "doc:999_nothing")


def test_missing_corpus_gives_no_text_but_still_lists_statements(store, tmp_path):
    out = document_anchors(store, tmp_path / "no-corpus", "004")
    assert out["corpus_available"] is False and out["hash_matches"] is None
    assert out["anchors"] and all(a["text"] is None and "corpus folder not found" in a["problem"]
                                  for a in out["anchors"])
    assert all(a["cited_by"] for a in out["anchors"])
    json.dumps(out)   # JSON-ready
