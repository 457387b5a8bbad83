"""Prefixed names (CURIEs) for IRIs: the one rule, shared by display (``kg.core.namespaces.curie``)
and the SPARQL result table (``kg.sparql.results``). Imports nothing, so the query workers,
which start without rdflib, can use it too."""
from __future__ import annotations

from typing import Mapping


def shorten(iri: str, prefixes: Mapping[str, str]) -> str | None:
    """``prefix:local`` with the longest namespace of ``prefixes`` that ``iri`` starts with and
    whose remainder is a plain local name (letters, digits, ``-_.``), else None."""
    best: tuple[str, str] | None = None
    for p, ns in prefixes.items():
        if iri.startswith(ns) and (best is None or len(ns) > len(best[1])):
            local = iri[len(ns):]
            if local and all(c.isalnum() or c in "-_." for c in local):
                best = (p, ns)
    return f"{best[0]}:{iri[len(best[1]):]}" if best else None
