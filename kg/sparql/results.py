"""Serialising query results to bytes: SPARQL JSON, XML, CSV, TSV and a text table.

SELECT results are cut at the row cap, so the rows are written here (pyoxigraph's own
serialiser can only write a whole result). ASK results and graphs (CONSTRUCT/DESCRIBE)
use pyoxigraph's serialisers.
"""
from __future__ import annotations

import json
from xml.sax.saxutils import escape, quoteattr  # also escapes newlines and tabs in attribute values
from typing import Iterable, Sequence

import pyoxigraph as ox

from kg.core.curies import shorten

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

RESULT_FORMATS = ("json", "xml", "csv", "tsv", "table")
GRAPH_FORMATS = ("turtle", "ntriples", "rdfxml", "jsonld", "nquads", "trig")

BOOLEAN_NATIVE = {"json": ox.QueryResultsFormat.JSON, "xml": ox.QueryResultsFormat.XML,
                  "csv": ox.QueryResultsFormat.CSV, "tsv": ox.QueryResultsFormat.TSV}
GRAPH_NATIVE = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES,
                "rdfxml": ox.RdfFormat.RDF_XML, "jsonld": ox.RdfFormat.JSON_LD,
                "nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG}

Row = Sequence[object]


def _size(term) -> int:
    """About how many bytes ``term`` adds to a result: its text, plus a little for the markup."""
    if term is None:
        return 1
    value = getattr(term, "value", None)
    return 16 + (len(value) if isinstance(value, str) else len(str(term)))


def take(items: Iterable, row_cap: int, byte_cap: int = 0) -> tuple[list, bool]:
    """The first rows (or triples) of a result within ``row_cap`` rows and, when ``byte_cap`` is
    set, about ``byte_cap`` bytes of values; and whether the result was cut. One row larger than
    the byte cap is not kept at all: what is held and sent stays bounded whatever one value weighs."""
    kept: list = []
    size = 0
    for item in items:
        if len(kept) >= row_cap:
            return kept, True
        if byte_cap:
            size += sum(_size(t) for t in item)     # a solution's values, a triple's three terms
            if size > byte_cap:
                return kept, True
        kept.append(tuple(item) if isinstance(item, ox.QuerySolution) else item)
    return kept, False


def _json_term(term) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        else:
            dt = term.datatype.value
            if dt != XSD_STRING:
                out["datatype"] = dt
        return out
    if isinstance(term, ox.Triple):
        return {"type": "triple", "value": {"subject": _json_term(term.subject),
                                            "predicate": _json_term(term.predicate),
                                            "object": _json_term(term.object)}}
    raise TypeError(f"unsupported term {term!r}")


def to_json(variables: list[str], rows: Iterable[Row]) -> bytes:
    """SPARQL JSON results; each distinct term is encoded once (rows repeat predicates and graphs)."""
    cache: dict = {}
    keys = [json.dumps(v, ensure_ascii=False) + ":" for v in variables]
    dumps = json.dumps
    out = []
    for row in rows:
        parts = []
        for key, term in zip(keys, row):
            if term is None:
                continue
            frag = cache.get(term)
            if frag is None:
                frag = cache[term] = dumps(_json_term(term), ensure_ascii=False, separators=(",", ":"))
            parts.append(key + frag)
        out.append("{" + ",".join(parts) + "}")
    head = dumps({"vars": variables}, ensure_ascii=False, separators=(",", ":"))
    return ('{"head":' + head + ',"results":{"bindings":[' + ",".join(out) + "]}}").encode()


def _xml_term(term) -> str:
    if isinstance(term, ox.NamedNode):
        return f"<uri>{escape(term.value)}</uri>"
    if isinstance(term, ox.BlankNode):
        return f"<bnode>{escape(term.value)}</bnode>"
    if isinstance(term, ox.Literal):
        if term.language:
            return f"<literal xml:lang={quoteattr(term.language)}>{escape(term.value)}</literal>"
        dt = term.datatype.value
        if dt == XSD_STRING:
            return f"<literal>{escape(term.value)}</literal>"
        return f"<literal datatype={quoteattr(dt)}>{escape(term.value)}</literal>"
    if isinstance(term, ox.Triple):
        return (f"<triple><subject>{_xml_term(term.subject)}</subject><predicate>{_xml_term(term.predicate)}"
                f"</predicate><object>{_xml_term(term.object)}</object></triple>")
    raise TypeError(f"unsupported term {term!r}")


def to_xml(variables: list[str], rows: Iterable[Row]) -> bytes:
    parts = ['<?xml version="1.0" encoding="UTF-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">',
             "<head>", *(f"<variable name={quoteattr(v)}/>" for v in variables), "</head><results>"]
    cache: dict = {}
    opens = [f"<binding name={quoteattr(v)}>" for v in variables]
    for row in rows:
        parts.append("<result>")
        for open_tag, term in zip(opens, row):
            if term is not None:
                frag = cache.get(term)
                if frag is None:
                    frag = cache[term] = _xml_term(term)
                parts.append(open_tag + frag + "</binding>")
        parts.append("</result>")
    parts.append("</results></sparql>\n")
    return "".join(parts).encode()


def _csv_field(value: str) -> str:
    if any(c in value for c in ',"\r\n'):
        return '"' + value.replace('"', '""') + '"'
    return value


def _csv_term(term) -> str:
    if term is None:
        return ""
    if isinstance(term, ox.BlankNode):
        return "_:" + term.value
    if isinstance(term, ox.Triple):
        return str(term)
    return term.value


def to_csv(variables: list[str], rows: Iterable[Row]) -> bytes:
    lines = [",".join(_csv_field(v) for v in variables)]
    lines += [",".join(_csv_field(_csv_term(t)) for t in row) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode()


def to_tsv(variables: list[str], rows: Iterable[Row]) -> bytes:
    lines = ["\t".join("?" + v for v in variables)]
    lines += ["\t".join("" if t is None else str(t) for t in row) for row in rows]
    return ("\n".join(lines) + "\n").encode()


def short(term, prefixes: dict[str, str]) -> str:
    """A term as text for people: prefixed names where a prefix fits, plain literal values."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        return shorten(term.value, prefixes) or f"<{term.value}>"
    if isinstance(term, ox.Literal):
        value = term.value.replace("\n", " ")
        return f"{value}@{term.language}" if term.language else value
    return str(term)


def to_table(variables: list[str], rows: Iterable[Row], prefixes: dict[str, str]) -> bytes:
    cells = [[short(t, prefixes) for t in row] for row in rows]
    widths = [max([len(v) + 1, *(len(r[i]) for r in cells)]) for i, v in enumerate(variables)]
    line = lambda vals: "  ".join(s.ljust(w) for s, w in zip(vals, widths)).rstrip()
    out = [line(["?" + v for v in variables]), line(["-" * w for w in widths]), *(line(r) for r in cells)]
    return ("\n".join(out) + "\n").encode()


def solutions(fmt: str, variables: list[str], rows: list[Row], prefixes: dict[str, str]) -> bytes:
    if fmt == "json":
        return to_json(variables, rows)
    if fmt == "xml":
        return to_xml(variables, rows)
    if fmt == "csv":
        return to_csv(variables, rows)
    if fmt == "tsv":
        return to_tsv(variables, rows)
    if fmt == "table":
        return to_table(variables, rows, prefixes)
    raise ValueError(f"unknown result format {fmt!r}")


def boolean(fmt: str, result: "ox.QueryBoolean") -> bytes:
    if fmt == "table":
        return b"true\n" if bool(result) else b"false\n"
    return result.serialize(format=BOOLEAN_NATIVE[fmt])


def graph(fmt: str, triples: list, prefixes: dict[str, str]) -> bytes:
    native = GRAPH_NATIVE[fmt]
    if fmt in ("turtle", "trig"):
        return ox.serialize(triples, format=native, prefixes=used_prefixes(triples, prefixes)) or b""
    return ox.serialize(triples, format=native) or b""


def used_prefixes(triples: list, prefixes: dict[str, str]) -> dict[str, str]:
    """The prefixes whose namespace some IRI of ``triples`` is directly in."""
    spaces = set()
    for t in triples:
        for term in (t.subject, t.predicate, t.object):
            if isinstance(term, ox.NamedNode):
                iri = term.value
                spaces.add(iri[:max(iri.rfind("/"), iri.rfind("#")) + 1])
            elif isinstance(term, ox.Literal) and not term.language:
                dt = term.datatype.value
                spaces.add(dt[:dt.rfind("#") + 1])
    return {p: ns for p, ns in prefixes.items() if ns in spaces}
