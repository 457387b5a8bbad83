"""``kg query``: the same core as the endpoint (worker, time limit, row cap, formats)."""
from __future__ import annotations

import csv
import io
import json

import pytest

from kg.cli import main

EX = "http://example.org/cli/"


@pytest.fixture(scope="module")
def data_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("cli") / "cli.trig"
    lines = [f"<{EX}g> {{"]
    lines += [f"<https://w3id.org/policy-kg/id/item-{i}> <http://www.w3.org/2004/02/skos/core#prefLabel> \"item {i}\"@en ."
              for i in range(30)]
    lines += [f"<{EX}a> <{EX}p> \"tab\\there, comma\" .", "}"]
    path.write_text("\n".join(lines) + "\n")
    return path


def run(runner, *args):
    return runner.invoke(main, ["query", *map(str, args)], catch_exceptions=False)


def test_table_uses_prefixed_names_and_aligns_columns(runner, data_file):
    r = run(runner, "--load", data_file,
            "SELECT ?s ?label WHERE { ?s skos:prefLabel ?label } ORDER BY ?label LIMIT 3")
    assert r.exit_code == 0, r.stderr
    lines = r.stdout.splitlines()
    assert lines[0].split() == ["?s", "?label"]
    assert lines[2].split(None, 1) == ["id:item-0", "item 0@en"]
    assert lines[2].index("item 0") == lines[0].index("?label")
    assert "3 rows" in r.stderr


def test_csv_tsv_and_json(runner, data_file):
    q = f"SELECT ?o WHERE {{ <{EX}a> <{EX}p> ?o }}"
    rows = list(csv.reader(io.StringIO(run(runner, "--load", data_file, "--format", "csv", q).stdout)))
    assert rows == [["o"], ["tab\there, comma"]]
    tsv = run(runner, "--load", data_file, "--format", "tsv", q).stdout.splitlines()
    assert tsv == ["?o", '"tab\\there, comma"']
    body = json.loads(run(runner, "--load", data_file, "--format", "json", q).stdout)
    assert body["results"]["bindings"][0]["o"]["value"] == "tab\there, comma"


def test_construct_as_turtle_and_query_from_a_file(runner, data_file, tmp_path):
    qf = tmp_path / "q.rq"
    qf.write_text(f"CONSTRUCT WHERE {{ <{EX}a> ?p ?o }}")
    r = run(runner, "--load", data_file, "--file", qf, "--format", "turtle")
    assert r.exit_code == 0, r.stderr
    import rdflib

    g = rdflib.Graph().parse(data=r.stdout, format="turtle")
    assert len(g) == 1
    r = run(runner, "--load", data_file, "--file", qf, "--format", "csv")
    assert r.exit_code == 2
    assert "cannot show a CONSTRUCT/DESCRIBE result" in r.stderr


def test_row_cap_says_truncated(runner, data_file):
    r = run(runner, "--load", data_file, "--row-cap", "5", "SELECT ?s WHERE { ?s ?p ?o }")
    assert r.exit_code == 0
    assert len(r.stdout.splitlines()) == 2 + 5
    assert "truncated" in r.stderr and "5 rows" in r.stderr


def test_errors_name_the_problem(runner, data_file):
    r = run(runner, "--load", data_file, "SELECT * WHERE { ?s ?p }")
    assert r.exit_code == 2
    assert "malformed query" in r.stderr and "1:" in r.stderr
    r = run(runner, "--load", data_file, "SELECT * WHERE { SERVICE <http://example.org/> { ?s ?p ?o } }")
    assert r.exit_code == 2
    assert "SERVICE is not allowed" in r.stderr
    r = run(runner, "--load", data_file)
    assert r.exit_code == 2


def test_timeout_stops_the_query(runner, data_file):
    r = run(runner, "--load", data_file, "--timeout", "1",
            "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n ?o }")
    assert r.exit_code == 1
    assert "limit" in r.stderr      # five joins of every statement: only the limit ends it


def test_curated_store_in_memory(runner, settings):
    r = runner.invoke(main, ["query", "--store", "memory", "--corpus", settings.corpus,
                             "ASK { ?s a pk:Measure }"], catch_exceptions=False)
    assert r.exit_code == 0, r.stderr
    assert r.stdout.strip() == "true"
