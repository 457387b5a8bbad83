"""Settings precedence and the store's safe placeholder binding."""
import pytest
from rdflib import Literal, URIRef

from kg.core.settings import Settings
from kg.store import QuerySyntaxError, memory_store, render

BASE = "https://w3id.org/policy-kg/id/"


def test_settings_precedence_default_env_override():
    assert Settings.from_env(env={}).query_timeout == 10.0
    assert Settings.from_env(env={"KG_QUERY_TIMEOUT": "2.5"}).query_timeout == 2.5
    assert Settings.from_env(env={"KG_QUERY_TIMEOUT": "2.5"}, query_timeout=7).query_timeout == 7.0


def test_settings_reject_bad_values_naming_the_variable():
    with pytest.raises(ValueError, match="KG_ROW_CAP"):
        Settings.from_env(env={"KG_ROW_CAP": "many"})
    with pytest.raises(ValueError, match="unknown settings: colour"):
        Settings.from_env(env={}, colour="red")


def test_render_escapes_hostile_literals():
    hostile = 'x" } ; DROP ALL ; SELECT * { "'
    text = render("SELECT * { ?s ?p $v }", {"v": Literal(hostile)})
    store = memory_store(BASE)
    store.oxigraph.update('INSERT DATA { <http://a> <http://p> "x\\" } ; DROP ALL ; SELECT * { \\"" }')
    rows = store.select("SELECT ?s WHERE { ?s ?p $v }", v=Literal(hostile))
    # the literal is one quoted, escaped term: exactly this text ...
    assert text == 'SELECT * { ?s ?p "x\\" } ; DROP ALL ; SELECT * { \\"" }'
    # ... which an independent SPARQL parser (rdflib's) reads as one SELECT whose only pattern
    # has the whole hostile string as its object
    from rdflib.plugins.sparql import prepareQuery

    bgp = prepareQuery(text).algebra["p"]["p"]
    assert bgp.name == "BGP" and len(bgp.triples) == 1 and bgp.triples[0][2] == Literal(hostile)
    assert [str(r["s"]) for r in rows] == ["http://a"]


def test_unbound_placeholder_is_an_error_not_a_variable():
    with pytest.raises(KeyError, match=r"\$thing"):
        render("SELECT * { $thing ?p ?o }", {})


def test_default_graph_is_the_union_and_terms_come_back_as_rdflib():
    store = memory_store(BASE)
    store.oxigraph.update("INSERT DATA { GRAPH <http://g1> { <http://a> <http://p> 1 } "
                          "GRAPH <http://g2> { <http://a> <http://p> \"x\"@en } }")
    rows = store.select("SELECT DISTINCT ?o WHERE { $s <http://p> ?o } ORDER BY ?o", s=URIRef("http://a"))
    assert {r["o"] for r in rows} == {Literal(1), Literal("x", lang="en")}
    assert store.named_graphs() == ["http://g1", "http://g2"]


def test_syntax_errors_are_typed():
    with pytest.raises(QuerySyntaxError):
        memory_store(BASE).select("SELEC nothing")
