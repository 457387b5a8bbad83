"""SPARQL execution for the endpoint and ``kg query``: checks, worker pool, result formats.

``SparqlService(settings, store)`` runs queries in worker processes with a hard time
limit and a row cap, and updates in the one writer. Nothing here speaks HTTP.
"""
from .checks import QueryRefused, check_query, check_update
from .pool import PoolBusy, QueryTimeout, WorkerFailed
from .results import GRAPH_FORMATS, RESULT_FORMATS
from .service import NotAcceptable, QueryFailed, QueryResult, SparqlService, SparqlSyntaxError

__all__ = ["SparqlService", "QueryResult", "QueryRefused", "QueryTimeout", "PoolBusy", "WorkerFailed",
           "NotAcceptable", "QueryFailed", "SparqlSyntaxError", "RESULT_FORMATS", "GRAPH_FORMATS",
           "check_query", "check_update"]
