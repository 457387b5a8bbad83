"""Checking what a user gives before anything is written: the fields of a review edit or an
added statement, an upload's metadata, and the terms of the statements an accept would make.

- IRIs: absolute ``http(s)`` with a host, no whitespace, control characters or ``<>"{}|^`\\``
  (rdflib accepts far more, and a bad IRI written to a data file breaks every later build). A
  prefixed name with one of the data files' prefixes (``pk:Company``, ``id:nvidia``) is
  expanded first.
- Literals: ``xsd:gYear`` (``2025``), ``xsd:gYearMonth`` (``2025-09``), ``xsd:date``
  (``2025-09-30``), finite decimals of at most ``MAX_DIGITS`` digits (``1.0e999`` is not one).
- Kinds (``rdf:type`` of a new entity), measure and epistemic statuses only from the vocabulary.
- Texts: ``kg.core.texts`` (no control characters; a name, such as a label or a title, at most
  500 characters and no markup tag; other texts at most 20,000 characters).

Every failure is an ``InvalidValue`` naming the field, so the web answers 400 and the CLI exits 2.
"""
from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, SKOS, XSD

from kg.core.namespaces import PK
from kg.curation.records import PREFIXES
from kg.core.texts import NAME_FIELDS, text_problem

MAX_DIGITS = 40
IRI_FIELDS = {"entity", "cause", "effect", "claimer", "link", "iri", "subject", "relays"}
IRI_LISTS = {"about", "agents", "types", "participants"}
NUMBER_FIELDS = {"value", "min", "max"}
TEXT_FIELDS = {"label", "unit", "note", "mechanism"}
DATATYPES = {"gYear": XSD.gYear, "gYearMonth": XSD.gYearMonth, "date": XSD.date}
_FORBIDDEN = re.compile(r'[\x00-\x20\x7f-\x9f<>"{}|^`\\\u2028\u2029\ufeff]')
_SHAPES = {XSD.gYear: re.compile(r"-?\d{4}"), XSD.gYearMonth: re.compile(r"-?\d{4}-(0[1-9]|1[0-2])"),
           XSD.date: re.compile(r"\d{4}-\d{2}-\d{2}")}


class InvalidValue(ValueError):
    """A value cannot be written as given; ``field`` names where it came from."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field


def iri(field: str, value) -> str:
    """``value`` as an absolute http(s) IRI (a known prefixed name is expanded), or InvalidValue."""
    if not isinstance(value, str) or not value.strip():
        raise InvalidValue(field, f"an IRI is a non-empty text, not {value!r}")
    value = value.strip()
    prefix, sep, rest = value.partition(":")
    if sep and prefix in PREFIXES and not rest.startswith("//"):
        value = PREFIXES[prefix] + rest
    bad = _FORBIDDEN.search(value)
    if bad:
        raise InvalidValue(field, f"{value!r} is not an IRI: character {bad.group()!r} is not allowed in one")
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InvalidValue(field, f"{value!r} is not an absolute http(s) IRI")
    return value


def iris(field: str, value) -> list[str]:
    """A list of IRIs: a JSON list, or one text of IRIs separated by spaces or commas."""
    if isinstance(value, str):
        value = [v for v in value.replace(",", " ").split() if v]
    if not isinstance(value, (list, tuple)):
        raise InvalidValue(field, f"a list of IRIs, not {value!r}")
    return [iri(field, v) for v in value]


def number(field: str, value) -> int | float:
    """A finite decimal of at most MAX_DIGITS digits (kept as int or float for display)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise InvalidValue(field, f"a number, not {value!r}")
    try:
        d = Decimal(str(value).strip())
    except InvalidOperation:
        raise InvalidValue(field, f"{value!r} is not a number") from None
    if not d.is_finite():
        raise InvalidValue(field, f"{value!r} is not a finite number")
    if len(decimal_text(d).replace("-", "").replace(".", "")) > MAX_DIGITS:
        raise InvalidValue(field, f"{value!r} has more than {MAX_DIGITS} digits")
    return int(d) if d == d.to_integral_value() else float(d)


def decimal_text(d) -> str:
    """The xsd:decimal lexical form of a number (no exponent)."""
    text = format(Decimal(str(d)), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def temporal(field: str, value, datatype: str | None = None) -> tuple[str, str]:
    """A date value and its datatype name (gYear, gYearMonth, date); the datatype is read from
    the value's shape when not given."""
    text = str(value).strip() if isinstance(value, (str, int)) and not isinstance(value, bool) else None
    if text is None:
        raise InvalidValue(field, f"a date is YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}")
    if datatype is None:
        datatype = {4: "gYear", 7: "gYearMonth"}.get(len(text), "date")
    if datatype not in DATATYPES:
        raise InvalidValue("datatype", f"{datatype!r} is not one of {', '.join(DATATYPES)}")
    if not well_formed(text, DATATYPES[datatype]):
        raise InvalidValue(field, f"{text!r} is not a valid xsd:{datatype}")
    return text, datatype


def well_formed(text: str, dtype: URIRef) -> bool:
    if dtype in _SHAPES:
        if not _SHAPES[dtype].fullmatch(text):
            return False
        if dtype == XSD.date:
            try:
                date.fromisoformat(text)
            except ValueError:
                return False
        return True
    if dtype == XSD.decimal:
        try:
            return re.fullmatch(r"[+-]?(\d+(\.\d*)?|\.\d+)", text) is not None and Decimal(text).is_finite()
        except InvalidOperation:
            return False
    return not Literal(text, datatype=dtype).ill_typed


def text_value(field: str, value) -> str:
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise InvalidValue(field, f"a text, not {value!r}")
    value = str(value).strip()
    problem = text_problem(value, name=field in NAME_FIELDS)
    if problem:
        raise InvalidValue(field, problem)
    return value


@lru_cache(maxsize=4)
def _vocabulary(path: str, mtime: float) -> tuple[frozenset, frozenset, frozenset]:
    g = Graph()
    g.parse(path, format="turtle")
    classes = frozenset(str(c) for c in g.subjects(RDF.type, OWL.Class) if str(c).startswith(str(PK)))
    statuses = frozenset(str(c) for c in g.subjects(SKOS.inScheme, PK.MeasureStatusScheme))
    epistemic = frozenset(str(c) for c in g.subjects(SKOS.inScheme, PK.EpistemicStatusScheme))
    return classes, statuses, epistemic


def vocabulary(ontology_dir: str | Path) -> tuple[frozenset, frozenset, frozenset]:
    """The vocabulary's classes (pk:), measure statuses and epistemic statuses, as full IRIs."""
    path = Path(ontology_dir) / "policy-kg.ttl"
    return _vocabulary(str(path), path.stat().st_mtime)


def pk_term(field: str, value, allowed: frozenset) -> str:
    """A pk: class or concept by local name, prefixed name or IRI; its local name."""
    if not isinstance(value, str) or not value.strip():
        raise InvalidValue(field, f"one of {', '.join(sorted(a.rsplit('#', 1)[-1] for a in allowed))}, not {value!r}")
    value = value.strip()
    full = str(PK) + value[3:] if value.startswith("pk:") else value if "#" in value else str(PK) + value
    if full not in allowed:
        names = ", ".join(sorted(a.rsplit("#", 1)[-1] for a in allowed))
        raise InvalidValue(field, f"{value!r} is not one of the vocabulary's {names}")
    return full.rsplit("#", 1)[-1]


def clean(kind: str, fields: dict, ontology_dir: str | Path) -> dict:
    """The fields of an edit or an added statement, checked and normalised (a proposal of
    ``kind``); raises InvalidValue naming the first bad one."""
    out = {}
    classes, statuses, epistemic = vocabulary(ontology_dir)
    for key, value in fields.items():
        if value is None or value == "":
            out[key] = None
        elif key in IRI_FIELDS:
            out[key] = iri(key, value)
        elif key in IRI_LISTS:
            out[key] = iris(key, value)
        elif key in NUMBER_FIELDS and not (kind in ("date", "event") and key == "value"):
            out[key] = number(key, value)
        elif key == "year":
            out[key] = temporal(key, value, "gYear")[0]
        elif key == "class":
            out[key] = pk_term(key, value, classes)
        elif key == "status":
            out[key] = pk_term(key, value, statuses)
        elif key == "epistemic_status":
            out[key] = pk_term(key, value, epistemic)
        elif key == "polarity":
            if value not in ("+", "-"):
                raise InvalidValue(key, f"polarity is + or -, not {value!r}")
            out[key] = value
        elif key == "approximate":
            out[key] = value if isinstance(value, bool) else text_value(key, value).lower() in ("1", "true", "yes")
        else:
            out[key] = text_value(key, value)
    when = {"date": "value", "event": "date"}.get(kind)
    if when and out.get(when) is not None:
        out[when], out["datatype"] = temporal(when, out[when], out.get("datatype") or fields.get("datatype"))
    return out


def check_terms(g: Graph) -> None:
    """Every IRI and typed literal of ``g`` as a data file may hold it (InvalidValue otherwise)."""
    for triple in g:
        for term in triple:
            if isinstance(term, URIRef):
                iri("statement", str(term))
            elif isinstance(term, Literal) and term.datatype is not None and term.datatype != XSD.string:
                if not well_formed(str(term), term.datatype):
                    raise InvalidValue("statement", f"{str(term)!r} is not a valid {term.datatype.n3()}")
            elif isinstance(term, Literal) and _FORBIDDEN.search(term.language or ""):
                raise InvalidValue("statement", f"bad language tag {term.language!r}")
