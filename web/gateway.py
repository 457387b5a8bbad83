"""The one door for SPARQL text from users: the app's ``kg.sparql.SparqlService`` and the
mapping of its errors to HTTP, shared by ``/sparql`` and ``/export?query=``.

Every query a user writes runs through the service: SERVICE refused, a worker process with
the time limit and the row cap, the result cache. The app's own queries (``kg/queries``)
run on the store directly, with values bound apart from their text.
"""
from __future__ import annotations

import threading

from fastapi import Request
from starlette.concurrency import run_in_threadpool

from kg import sparql as core

from . import errors

_lock = threading.Lock()


def service(request: Request) -> "core.SparqlService":
    """The app's service (``app.state.sparql``), created on first use when the app factory's
    caller (``kg serve``) did not create one."""
    state = request.app.state
    found = getattr(state, "sparql", None)
    if found is None:
        with _lock:
            found = getattr(state, "sparql", None)
            if found is None:
                found = core.SparqlService(state.settings, state.store)
                state.sparql = found
    return found


async def get_service(request: Request) -> "core.SparqlService":
    found = getattr(request.app.state, "sparql", None)
    if found is None:
        found = await run_in_threadpool(service, request)
    return found


def position(exc: "core.SparqlSyntaxError") -> dict:
    return {"line": exc.line, "column": exc.column} if exc.line is not None else {}


def query_error(exc: Exception, service: "core.SparqlService") -> errors.WebError:
    """The HTTP error for a failed query, the same on every route: 400 for a refused or malformed
    query (with the parser's line and column), 503 past the time limit or with every worker busy,
    500 when the engine or a worker fails. ``NotAcceptable`` is the caller's to answer."""
    if isinstance(exc, core.SparqlSyntaxError):
        return errors.BadRequest(f"malformed query: {exc}", extra=position(exc))
    if isinstance(exc, core.QueryRefused):
        return errors.BadRequest(str(exc))
    if isinstance(exc, (core.QueryTimeout, core.PoolBusy)):
        return errors.QueryTimeout(str(exc), extra={"timeout": service.settings.query_timeout})
    return errors.WebError(f"the query failed: {exc}")


# the errors ``query_error`` maps (besides NotAcceptable)
QUERY_ERRORS = (core.SparqlSyntaxError, core.QueryRefused, core.QueryTimeout, core.PoolBusy,
                core.QueryFailed, core.WorkerFailed)
