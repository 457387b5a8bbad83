"""Safety checks on SPARQL text, made before anything runs.

A light tokenizer (comments, strings, IRIs, variables, prefixed names and bare
words) finds keywords outside strings and IRIs, so that:

* ``SERVICE`` in a query and ``LOAD`` / ``SERVICE`` in an update are refused with
  the position of the keyword;
* a query with ``FROM`` / ``FROM NAMED`` is run on the dataset it names (and not on
  the union default graph);
* the protocol's ``using-graph-uri`` / ``using-named-graph-uri`` are applied to an
  update by adding ``USING`` clauses before each ``WHERE`` of a DELETE/INSERT
  operation, and refused when the update has its own ``USING`` or ``WITH``.

The tokenizer is for clear error messages, not the only guard: query workers also
run without network access where the system allows it (see ``kg.sparql.worker``).

Why a scanner and not the query's parsed algebra: pyoxigraph (0.5) parses a query only
inside ``Store.query`` and gives Python no algebra to look at, so SERVICE would be found only
by running it; rdflib's parser gives the algebra but costs about 40x the scan (measured on the
1.7 KB first example query with its PREFIX lines: ``tokens`` 0.8 ms, rdflib ``parseQuery``
42 ms, ``prepareQuery`` 33 ms) and would load rdflib on every query's path. The scan needs only
what the grammar says about where keywords can stand (outside strings, IRIs and comments).
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from kg.core.memo import memo_short_text
from kg.store import StoreError
from kg.store.lexer import Token, position, query_form, tokens

class QueryRefused(StoreError):
    """The query or update asks for something this endpoint never does (SERVICE, LOAD, ...)."""


class UnknownFunction(QueryRefused):
    """The query calls a function the engine does not know (``iri``)."""

    def __init__(self, iri: str) -> None:
        super().__init__(f"the query calls the function <{iri}>, which this endpoint does not know; "
                         "it knows the SPARQL 1.1 built-in functions and the XSD casts")
        self.iri = iri


def _keywords(toks: list[Token], *names: str) -> list[Token]:
    wanted = set(names)
    return [t for t in toks if t.kind == "word" and t.text.upper() in wanted]


def _refuse(text: str, tok: Token, what: str) -> QueryRefused:
    line, col = position(text, tok.pos)
    return QueryRefused(f"{what} (at {line}:{col}): this endpoint only reads the graphs it stores "
                        f"and never contacts other services or fetches URLs")


NONDETERMINISTIC = ("NOW", "RAND", "UUID", "STRUUID", "BNODE")
XSD = "http://www.w3.org/2001/XMLSchema#"
# The functions an IRI may name in an expression here: the XSD casts (SPARQL 1.1 section 17.5 and
# the ones Oxigraph adds). The gateway decides, not an engine's wording: Oxigraph and Virtuoso
# word an unknown function differently, or answer it with an empty value.
KNOWN_FUNCTIONS = frozenset(XSD + n for n in (
    "boolean", "double", "float", "decimal", "integer", "dateTime", "string", "date", "time", "duration",
    "dayTimeDuration", "yearMonthDuration", "gYear", "gYearMonth", "gMonth", "gDay", "gMonthDay"))
_BEFORE_CALL = set("(,=<>+-*/&|!") | {"FILTER", "BY", "HAVING"}


def check_functions(toks: list[Token]) -> None:
    """Refuse a call of a function outside ``KNOWN_FUNCTIONS`` (an IRI or prefixed name followed
    by ``(`` where an expression stands), naming it."""
    from kg.core.namespaces import prefixes

    known = dict(prefixes())
    for i, tok in enumerate(toks):
        if tok.kind == "word" and tok.text.upper() == "PREFIX" and i + 2 < len(toks) and toks[i + 2].kind == "iri":
            known[toks[i + 1].text.rstrip(":")] = toks[i + 2].text[1:-1]
        if tok.kind not in ("iri", "pname") or i == 0 or i + 1 == len(toks) or toks[i + 1].text != "(":
            continue
        before = toks[i - 1].text.upper() if toks[i - 1].kind == "word" else toks[i - 1].text
        if before not in _BEFORE_CALL:
            continue
        if tok.kind == "iri":
            iri = tok.text[1:-1]
        else:
            name, _, local = tok.text.partition(":")
            if name not in known:
                continue           # the parser reports the undeclared prefix
            iri = known[name] + local
        if iri not in KNOWN_FUNCTIONS:
            raise UnknownFunction(iri)


# How deep brackets may nest and how many operators may chain (UNION, OPTIONAL, MINUS, the
# operators of expressions and property paths) in one text. The engine parses and plans with
# recursion on its thread's stack: past about 2,000 nested groups, or 10,000 chained UNIONs or
# '+', it overflows the stack and the process dies (a query worker: a 500; an update runs in
# the server itself: the whole server). Far above any written query, well below the crash.
MAX_NESTING = 250
MAX_OPERATORS = 3000
_OPEN, _CLOSE = set("{(["), set("})]")
_OPERATORS = set("+-*/=!<>&|")
_CHAINING = {"UNION", "OPTIONAL", "MINUS"}


def check_shape(text: str, toks: list[Token]) -> None:
    """Refuse a text nested or chained deeper than the engine can parse without crashing."""
    depth, operators = 0, 0
    for tok in toks:
        if tok.kind == "other":
            if tok.text in _OPEN:
                depth += 1
                if depth > MAX_NESTING:
                    line, col = position(text, tok.pos)
                    raise QueryRefused(f"the text nests brackets more than {MAX_NESTING} deep "
                                       f"(at {line}:{col}); flatten it")
            elif tok.text in _CLOSE:
                depth = max(0, depth - 1)
            elif tok.text in _OPERATORS:
                operators += 1
        elif tok.kind == "word" and tok.text.upper() in _CHAINING:
            operators += 1
    if operators > MAX_OPERATORS:
        raise QueryRefused(f"the text chains {operators:,} operators (UNION, OPTIONAL, MINUS, "
                           f"expression and path operators); at most {MAX_OPERATORS:,}: split it")


UPDATE_WORDS = ("INSERT", "DELETE", "LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "WITH")


def check_not_update(text: str, toks: list[Token]) -> None:
    """Name an update sent where a query is read (the parser only said "expected CONSTRUCT")."""
    first = next((t for t in toks if t.kind == "word" and t.text.upper() not in ("PREFIX", "BASE")), None)
    if first is not None and first.text.upper() in UPDATE_WORDS:
        line, col = position(text, first.pos)
        raise QueryRefused(f"the text is a SPARQL Update ({first.text.upper()} at {line}:{col}), not a query "
                           "(SELECT, ASK, CONSTRUCT or DESCRIBE): /sparql takes updates by POST, as "
                           "update= or with Content-Type application/sparql-update")


@dataclass(frozen=True)
class QueryInfo:
    form: str | None      # SELECT, ASK, CONSTRUCT, DESCRIBE (None if not found; the parser will say why)
    has_dataset: bool     # the query has FROM or FROM NAMED
    deterministic: bool = True  # no NOW(), RAND(), UUID(), STRUUID(), BNODE(): the same data gives the same answer


@memo_short_text(maxsize=2048)
def check_query(text: str) -> QueryInfo:
    """Refuse SERVICE; report the query form and whether the query names its dataset.

    Short texts are remembered (a script repeats its queries; tokenizing was a fifth of the
    server time of a cached answer); a refusal is never remembered, it raises each time."""
    toks = tokens(text)
    for tok in _keywords(toks, "SERVICE"):
        raise _refuse(text, tok, "SERVICE is not allowed")
    check_shape(text, toks)
    check_functions(toks)
    form = query_form(text, toks)
    if form is None:
        check_not_update(text, toks)
    has_dataset = bool(_keywords(toks, "FROM"))
    deterministic = not _keywords(toks, *NONDETERMINISTIC)
    return QueryInfo(form=form, has_dataset=has_dataset, deterministic=deterministic)


def check_update(text: str, using: list[str] | tuple = (), using_named: list[str] | tuple = ()) -> str:
    """Refuse graph IRIs that are not absolute, LOAD and SERVICE; apply protocol USING graphs.
    Returns the update text to run."""
    check_graph_iris([*using, *using_named])
    toks = tokens(text)
    for tok in _keywords(toks, "LOAD"):
        raise _refuse(text, tok, "LOAD is not allowed")
    for tok in _keywords(toks, "SERVICE"):
        raise _refuse(text, tok, "SERVICE is not allowed")
    check_shape(text, toks)
    check_functions(toks)
    if not using and not using_named:
        return text
    own = [t for t in _keywords(toks, "USING", "WITH") if t.depth == 0]
    if own:
        line, col = position(text, own[0].pos)
        raise QueryRefused(f"the update has its own {own[0].text.upper()} clause (at {line}:{col}); "
                           "it cannot be combined with using-graph-uri / using-named-graph-uri")
    clause = "".join(f"USING <{g}> " for g in using) + "".join(f"USING NAMED <{g}> " for g in using_named)
    # Insert before each top-level WHERE that ends a DELETE/INSERT template (the token before is '}').
    inserts = [t.pos for i, t in enumerate(toks)
               if t.kind == "word" and t.text.upper() == "WHERE" and t.depth == 0
               and i > 0 and toks[i - 1].text == "}"]
    for pos in reversed(inserts):
        text = text[:pos] + clause + text[pos:]
    return text


_IRI_OK = re.compile(r'[A-Za-z][A-Za-z0-9+.\-]*:[^<>"{}|^`\\\x00-\x20]*')


def check_graph_iris(iris: list[str]) -> None:
    """Graph IRIs given as protocol parameters must be absolute IRIs."""
    for iri in iris:
        if not _IRI_OK.fullmatch(iri):
            raise QueryRefused(f"not an absolute IRI: {iri!r}")


def check_written(quads) -> None:
    """Refuse what an update would write that no other write path may (pyoxigraph quads): an IRI
    with a script, inline-data or file scheme, a literal with control characters, a name (a
    label, a title) that is too long or holds a markup tag (``kg.core.texts``)."""
    from kg.core.texts import NAME_PROPERTIES, text_problem, unsafe_iri

    for q in quads:
        for term in (q.subject, q.predicate, q.object, q.graph_name):
            if type(term).__name__ == "NamedNode" and unsafe_iri(term.value):
                raise QueryRefused(f"the update writes the IRI <{term.value}>: script, data and file IRIs "
                                   "are not allowed in the graph")
        if type(q.object).__name__ == "Literal":
            problem = text_problem(q.object.value, name=q.predicate.value in NAME_PROPERTIES)
            if problem:
                raise QueryRefused(f"the update writes a value of <{q.predicate.value}> about "
                                   f"<{getattr(q.subject, 'value', q.subject)}> that cannot be kept: {problem}")
