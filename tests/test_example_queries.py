"""The example queries of the query editor (data/queries/*.rq) run on the curated graph and find something."""
from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.pages.examples import ExampleError, load_examples, parse_example, queries_dir

EXAMPLES = sorted(queries_dir().glob("*.rq"))


def test_there_are_at_least_ten_examples_each_with_a_title():
    assert len(EXAMPLES) >= 10
    titles = [e.title for e in load_examples()]
    assert len(set(titles)) == len(titles), "example titles must differ (they name the editor's tabs)"


def test_examples_cover_the_topics_the_editor_promises():
    text = "\n".join(p.read_text(encoding="utf-8") for p in EXAMPLES)
    for needle in ("pk:CausalLink", "pk:polarity", "pk:contests", "pk:claimer", "pk:Event", "pk:date",
                   "pk:Chip", "pk:madeBy", "GRAPH ?doc", "pk:evidence", "pk:Scenario", "pk:hasFigure",
                   "(pk:increases|pk:decreases)+", "CONSTRUCT"):
        assert needle in text, f"no example query uses {needle}"


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_example_returns_rows_on_the_curated_graph(path, store):
    example = parse_example(path, store.base_iri)
    result = store.oxigraph.query(store.prologue + example.body, use_default_graph_as_union=True)
    rows = [bool(result)] if isinstance(result, ox.QueryBoolean) else list(result)
    assert rows and rows != [False], f"{path.name} ({example.title}) returned nothing on the curated graph"
    # How long each takes (the endpoint stops queries at 10 s): bench/examples_timing.py


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.stem)
def test_the_shown_query_is_complete_without_the_store_prologue(path, store):
    """What the editor sends (title comments + the PREFIX lines it needs + body) parses on its own."""
    example = parse_example(path, store.base_iri)
    store.oxigraph.query(example.query, use_default_graph_as_union=True)  # raises SyntaxError if a prefix is missing


def test_a_file_without_a_title_line_is_named_in_the_error(tmp_path):
    bad = tmp_path / "no-title.rq"
    bad.write_text("SELECT * WHERE { ?s ?p ?o }\n")
    with pytest.raises(ExampleError, match="no-title.rq"):
        parse_example(bad, "https://example.org/id/")


def test_prefixes_inside_iris_and_strings_are_not_declared(tmp_path):
    f = tmp_path / "x.rq"
    f.write_text('# title: X\nSELECT * WHERE { ?s <http://e.org/pk:x> "schema:y" ; skos:prefLabel ?l }\n')
    ex = parse_example(f, "https://example.org/id/")
    assert "PREFIX skos:" in ex.query
    assert "PREFIX pk:" not in ex.query and "PREFIX schema:" not in ex.query


def test_examples_are_served_as_json_and_rq(client):
    data = client.get("/sparql/examples.json").json()
    names = [e["name"] for e in data["examples"]]
    assert names == [p.stem for p in EXAMPLES]
    first = data["examples"][0]
    r = client.get(f"/sparql/examples/{first['name']}.rq")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/sparql-query")
    assert r.text == first["query"]
    assert client.get("/sparql/examples/nope.rq").status_code == 404
