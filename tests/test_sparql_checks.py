"""kg.sparql.checks on its own: the tokenizer, positions, the SERVICE/LOAD refusals, the facts
a query's text tells (form, dataset, determinism) and the protocol's USING graphs on updates.

Fast (no server): these are the tests the mutation run of kg/sparql/checks.py relies on
(tests/mutation/README.md); the live endpoint's behaviour is in test_sparql_safety.py."""
from __future__ import annotations

import pytest

from kg.sparql.checks import QueryInfo, QueryRefused, check_graph_iris, check_query, check_update
from kg.store.lexer import position, tokens
from kg.store import StoreError


def kinds(text: str) -> list[tuple[str, str, int]]:
    return [(t.kind, t.text, t.depth) for t in tokens(text)]


def test_tokens_kinds_and_brace_depth():
    assert kinds('SELECT ?x WHERE { ?x <http://a> "b}" . FILTER(?x <?y) } } # c {\n}') == [
        ("word", "SELECT", 0), ("var", "?x", 0), ("word", "WHERE", 0), ("other", "{", 0),
        ("var", "?x", 1), ("iri", "<http://a>", 1), ("string", '"b}"', 1), ("other", ".", 1),
        ("word", "FILTER", 1), ("other", "(", 1), ("var", "?x", 1), ("other", "<", 1), ("var", "?y", 1),
        ("other", ")", 1),
        ("other", "}", 0),      # a closing brace carries the depth it returns to
        ("other", "}", 0),      # one too many: the depth stays at 0
        ("other", "}", 0)]      # the comment's '{' opened nothing
    assert [t.pos for t in tokens("  ASK {}")] == [2, 6, 7]


def test_tokens_strings_iris_names_and_variables():
    text = "PREFIX ex: <http://e/> SELECT $v ?w { ex:a ex:b '''x\ny''' , \"q\\\"r\" , 'it''s' ; :c _:b } "
    got = [(k, t) for k, t, _ in kinds(text)]
    assert ("pname", "ex:") in got and ("iri", "<http://e/>") in got
    assert ("var", "$v") in got and ("var", "?w") in got
    assert ("pname", "ex:a") in got and ("pname", ":c") in got
    assert ("string", "'''x\ny'''") in got and ("string", '"q\\"r"') in got
    assert ("string", "'it'") in got and ("string", "'s'") in got


def test_position_is_one_based_line_and_column():
    text = "ab\ncd\nef"
    assert [position(text, i) for i in (0, 1, 3, 4, 6, 7)] == [(1, 1), (1, 2), (2, 1), (2, 2), (3, 1), (3, 2)]


# -- queries ---------------------------------------------------------------------------------
def refusal(call, *args, **kwargs) -> str:
    with pytest.raises(QueryRefused) as err:
        call(*args, **kwargs)
    assert isinstance(err.value, StoreError)
    return str(err.value)


def test_service_is_refused_with_its_position_in_any_case():
    message = refusal(check_query, "SELECT * {\n  service <http://x> { ?s ?p ?o } }")
    assert message == ("SERVICE is not allowed (at 2:3): this endpoint only reads the graphs it stores and never "
                       "contacts other services or fetches URLs")
    # refused every time (a refusal is not remembered as an answer)
    assert refusal(check_query, "SELECT * {\n  service <http://x> { ?s ?p ?o } }") == message
    # the keyword, not a prefixed name that starts like it
    assert "(at 1:30)" in refusal(check_query, "SELECT * { ?s SERVICE:x ?o . SERVICE <http://x> {} }")


@pytest.mark.parametrize("text", [
    'SELECT * { ?s ?p "SERVICE <http://x> {}" }',       # in a string
    "SELECT * { ?s <http://x/SERVICE> ?service }",       # in an IRI, as a variable
    "SELECT * { ?s ?p ?o } # SERVICE <http://x> {}",     # in a comment
    "PREFIX service: <http://x/> SELECT * { ?s service:p ?o }",   # a prefix
])
def test_service_elsewhere_than_a_keyword_is_not_refused(text):
    assert check_query(text).form == "SELECT"


@pytest.mark.parametrize("text,form", [
    ("SELECT * { ?s ?p ?o }", "SELECT"), ("ask {}", "ASK"), ("PREFIX a: <http://a/> Construct WHERE {}", "CONSTRUCT"),
    ("DESCRIBE <http://a>", "DESCRIBE"), ("ASK { { SELECT ?x { ?x ?p ?o } } }", "ASK"),
    ("# SELECT\nCONSTRUCT {} WHERE {}", "CONSTRUCT"), ("LIMIT 1", None), ("", None)])
def test_the_query_form_is_the_first_form_keyword(text, form):
    assert check_query(text).form == form


@pytest.mark.parametrize("text,has_dataset", [
    ("SELECT * FROM <http://g> { ?s ?p ?o }", True), ("SELECT * from named <http://g> { ?s ?p ?o }", True),
    ("SELECT * { ?s ?p 'FROM' }", False), ("SELECT * { ?s ?p ?from }", False), ("SELECT * {}", False)])
def test_a_query_names_its_dataset_with_from(text, has_dataset):
    assert check_query(text).has_dataset is has_dataset


@pytest.mark.parametrize("call", ["NOW()", "rand()", "UUID()", "STRUUID()", "bnode()", "BNODE('x')"])
def test_nondeterministic_functions_make_a_query_uncacheable(call):
    assert check_query(f"SELECT ({call} AS ?x) {{}}").deterministic is False


def test_a_plain_query_is_deterministic_and_described_exactly():
    assert check_query("SELECT ?now { ?s <http://x/rand> 'NOW()' }") == QueryInfo("SELECT", False, True)


# -- updates ---------------------------------------------------------------------------------
def test_load_and_service_in_updates_are_refused_with_positions():
    assert refusal(check_update, "CLEAR ALL ;\n LOAD <http://x/data.ttl>").startswith("LOAD is not allowed (at 2:2)")
    assert refusal(check_update, "INSERT { ?s ?p ?o } WHERE { SERVICE <http://x> { ?s ?p ?o } }").startswith(
        "SERVICE is not allowed (at 1:29)")
    assert refusal(check_update, "load <http://x>", ["http://g/1"]).startswith("LOAD is not allowed (at 1:1)")


def test_an_update_without_protocol_graphs_is_unchanged():
    text = "WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }"
    assert check_update(text) is text
    assert check_update(text, [], ()) is text


def test_using_graphs_go_before_each_top_level_where_of_a_template():
    update = ("PREFIX x: <http://x/>\nDELETE { ?s ?p ?o } WHERE { ?s ?p ?o } ;\n"
              "INSERT { ?s ?p 1 } WHERE { ?s ?p ?o } ; DELETE WHERE { ?a ?b ?c }")
    assert check_update(update, ["http://g/1", "http://g/2"], ["http://g/3"]) == (
        "PREFIX x: <http://x/>\n"
        "DELETE { ?s ?p ?o } USING <http://g/1> USING <http://g/2> USING NAMED <http://g/3> WHERE { ?s ?p ?o } ;\n"
        "INSERT { ?s ?p 1 } USING <http://g/1> USING <http://g/2> USING NAMED <http://g/3> WHERE { ?s ?p ?o } ; "
        "DELETE WHERE { ?a ?b ?c }")     # DELETE WHERE has no template: nothing to put a dataset on
    assert check_update("INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }", using_named=["http://g/3"]) == (
        "INSERT { ?s ?p 1 } USING NAMED <http://g/3> WHERE { ?s ?p ?o }")
    # a WHERE nested in the pattern (a subquery) is left alone
    assert check_update("INSERT { ?s ?p 1 } WHERE { { SELECT ?s ?p WHERE { ?s ?p ?o } } }", ["http://g/1"]) == (
        "INSERT { ?s ?p 1 } USING <http://g/1> WHERE { { SELECT ?s ?p WHERE { ?s ?p ?o } } }")


@pytest.mark.parametrize("update,clause,at", [
    ("WITH <http://g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }", "WITH", "1:1"),
    ("DELETE { ?s ?p ?o }\nusing <http://g> WHERE { ?s ?p ?o }", "USING", "2:1"),
])
def test_an_update_with_its_own_dataset_refuses_protocol_graphs(update, clause, at):
    message = refusal(check_update, update, ["http://g/1"])
    assert message == (f"the update has its own {clause} clause (at {at}); it cannot be combined with "
                       "using-graph-uri / using-named-graph-uri")
    assert refusal(check_update, update, (), ["http://g/1"]) == message


def test_with_inside_the_pattern_is_not_the_update_s_own_dataset():
    update = "INSERT { ?s ?p 1 } WHERE { ?s ?p 'WITH' . ?s ?p ?with }"
    assert check_update(update, ["http://g/1"]).count("USING <http://g/1>") == 1


@pytest.mark.parametrize("iri", ["relative/graph", "http://x/a b", "<http://x/g>", "", "1http://x"])
def test_protocol_graphs_must_be_absolute_iris(iri):
    assert refusal(check_update, "INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }", [iri]) == f"not an absolute IRI: {iri!r}"
    assert refusal(check_update, "INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }", (), [iri]) == f"not an absolute IRI: {iri!r}"
    assert refusal(check_graph_iris, ["http://x/ok", iri]) == f"not an absolute IRI: {iri!r}"


def test_absolute_graph_iris_pass():
    check_graph_iris([])
    check_graph_iris(["http://x/g", "urn:x:1", "tag:a.b,2024:c", "a+b-c.d:x"])


# -- found by the mutation run (tests/mutation/README.md) -------------------------------------
def test_depth_counts_nested_braces_one_at_a_time():
    assert kinds("{ { } ?x } ?y") == [("other", "{", 0), ("other", "{", 1), ("other", "}", 1), ("var", "?x", 1),
                                     ("other", "}", 0), ("var", "?y", 0)]


def test_position_after_a_newline_at_the_very_start():
    assert position("\nab", 0) == (1, 1)
    assert position("\nab", 2) == (2, 2)


def test_tokens_and_query_facts_are_immutable():
    """check_query's answers are remembered and shared: nobody may change one."""
    import dataclasses

    info = check_query("SELECT * { ?s ?p ?o }")
    with pytest.raises(dataclasses.FrozenInstanceError):
        info.form = "ASK"
    with pytest.raises(dataclasses.FrozenInstanceError):
        tokens("ASK {}")[0].depth = 3
    assert QueryInfo("SELECT", False).deterministic is True      # deterministic unless said otherwise


def test_several_named_using_graphs_each_get_a_clause():
    assert check_update("INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }", (), ["http://g/1", "http://g/2"]) == (
        "INSERT { ?s ?p 1 } USING NAMED <http://g/1> USING NAMED <http://g/2> WHERE { ?s ?p ?o }")


# Texts the engine cannot parse without overflowing its stack (measured with pyoxigraph: 4,000
# nested groups or 10,000 chained UNIONs kill the process; an update runs in the server itself).
DEEP = "SELECT * WHERE " + "{" * 4000 + "?s ?p ?o" + "}" * 4000
CHAINED = "SELECT * WHERE {" + " UNION ".join(["{?s ?p ?o}"] * 10000) + "}"
SUMMED = "SELECT * WHERE { ?s ?p ?o FILTER(" + "+".join(["1"] * 10000) + " > 0) }"


@pytest.mark.parametrize("text", [DEEP, CHAINED, SUMMED])
def test_a_query_too_deep_or_too_long_for_the_engine_is_refused(text):
    with pytest.raises(QueryRefused, match="nests brackets more than 250 deep|chains 10,00"):
        check_query(text)


def test_an_update_too_deep_for_the_engine_is_refused_with_its_position():
    update = "DELETE { ?s <urn:p> ?o } WHERE " + "{" * 4000 + "?s <urn:p> ?o" + "}" * 4000
    with pytest.raises(QueryRefused, match=r"more than 250 deep \(at 1:282\)"):
        check_update(update)


def test_long_flat_texts_are_not_shape_refused():
    values = "SELECT ?s WHERE { VALUES ?s { " + " ".join(f"<urn:x:{i}>" for i in range(20000)) + " } }"
    assert check_query(values).form == "SELECT"
    data = "INSERT DATA { " + " ".join(f'<urn:x:{i}> <urn:p> "v"^^<urn:t> .' for i in range(20000)) + " }"
    assert check_update(data) == data


@pytest.mark.parametrize("text, word, where", [
    ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", "INSERT", "1:1"),
    ("PREFIX ex: <urn:x:>\nDELETE WHERE { ?s ex:p ?o }", "DELETE", "2:1"),
    ("# a comment\n  CLEAR ALL", "CLEAR", "2:3"),
])
def test_an_update_sent_as_a_query_is_named_as_one(text, word, where):
    """The parser said only "expected CONSTRUCT" for an update sent as query=."""
    with pytest.raises(QueryRefused, match=f"is a SPARQL Update \\({word} at {where}\\).*update="):
        check_query(text)


def test_a_malformed_query_is_left_to_the_parser():
    assert check_query("SELEC * WHERE { ?s ?p ?o }").form is None
