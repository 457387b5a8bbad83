"""Nodes and terms as dicts for display and JSON, labelled from the label index (``kg.index.labels``)."""
from __future__ import annotations

from rdflib import BNode, Literal, URIRef

from kg.index.labels import LabelIndex


def term(value: object, idx: LabelIndex) -> dict:
    """An rdflib term as a dict for display and JSON."""
    if isinstance(value, URIRef):
        out = {"iri": str(value), "label": idx.label(value), "curie": idx.curie(value)}
        if out["iri"].startswith(idx.base_iri + "doc/"):
            out["doc_id"] = out["iri"][len(idx.base_iri) + 4:]
            out["short"] = idx.short(value)
        return out
    if isinstance(value, BNode):
        return {"bnode": str(value), "label": "[ ]"}
    if isinstance(value, Literal):
        out = {"value": str(value), "label": str(value)}
        if value.language:
            out["lang"] = value.language
        elif value.datatype:
            out["datatype"] = idx.curie(value.datatype)
        return out
    return {"value": str(value), "label": str(value)}


def node(iri: str, idx: LabelIndex, types: list[str] | None = None) -> dict:
    return {"iri": iri, "label": idx.label(iri),
            "types": [idx.label(t) for t in (types if types is not None else idx.types(iri))]}
