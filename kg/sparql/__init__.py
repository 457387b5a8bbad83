"""SPARQL execution for every query whose text comes from a user (the /sparql endpoint,
/export?query=, ``kg query``, ``kg export --query``): checks, worker pool, result formats.

``SparqlService(settings, store)`` runs queries in worker processes with a hard time
limit and a row cap, and updates in the one writer. Results are bytes in a named format
(``results.RESULT_FORMATS`` / ``GRAPH_FORMATS``); the web layer maps those names to media
types and the typed errors here (``QueryRefused``, ``QueryTimeout``, ``NotAcceptable``: none
of the formats asked for can hold this kind of result, ...) to HTTP statuses.

Names are imported lazily, so that a worker process (``python -m kg.sparql.worker``)
starts without loading rdflib.
"""
from __future__ import annotations

import importlib

_NAMES = {
    "QueryRefused": "checks", "UnknownFunction": "checks", "check_query": "checks", "check_update": "checks",
    "QueryOutOfMemory": "pool",
    "PoolBusy": "pool", "QueryTimeout": "pool", "WorkerFailed": "pool",
    "GRAPH_FORMATS": "results", "RESULT_FORMATS": "results",
    "NotAcceptable": "outcomes", "QueryFailed": "outcomes", "QueryResult": "outcomes",
    "SparqlService": "service", "SparqlSyntaxError": "outcomes", "recorded_update": "recorded",
}

__all__ = sorted(_NAMES)


def __getattr__(name: str):
    module = _NAMES.get(name)
    if module is None:
        raise AttributeError(f"module 'kg.sparql' has no attribute {name!r}")
    return getattr(importlib.import_module(f"{__name__}.{module}"), name)
