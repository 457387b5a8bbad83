"""The one door for SPARQL text from users: the app's ``kg.sparql.SparqlService``, shared by
``/sparql`` and ``/export?query=``. Its errors are answered by ``web.errors.RULES``.

Every query a user writes runs through the service: SERVICE refused, a worker process with
the time limit and the row cap, the result cache. The app's own queries (``kg/queries``)
run on the store directly, with values bound apart from their text.

The service lives as long as the app's lifespan: ``create_app`` puts a ``Gateway`` on
``app.state.sparql``, the service is made once, by ``start()`` (``kg serve`` calls it before
serving, to report the workers) or by the first query, and the lifespan's end closes it.
It is not made at startup unasked: it copies the store and starts worker processes (0.2 s and
two processes), which a test client or a page-only use of the app would pay for nothing.
"""
from __future__ import annotations

import threading

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request

from kg import sparql as core
from kg.core.settings import Settings
from kg.store import Store


class Gateway:
    def __init__(self, settings: Settings, store: Store) -> None:
        self.settings = settings
        self.store = store
        self._service: "core.SparqlService | None" = None
        self._lock = threading.Lock()

    def start(self) -> "core.SparqlService":
        """The service, made now if it is not running (blocking: call it from a thread)."""
        with self._lock:
            if self._service is None:
                self._service = core.SparqlService(self.settings, self.store)
            return self._service

    async def service(self) -> "core.SparqlService":
        found = self._service
        return found if found is not None else await run_in_threadpool(self.start)

    def close(self) -> None:
        """Stop the workers and remove the snapshots (the lifespan's end; a later query starts anew)."""
        with self._lock:
            found, self._service = self._service, None
        if found is not None:
            found.close()


async def service(request: Request) -> "core.SparqlService":
    """The app's SPARQL service, for a route."""
    return await request.app.state.sparql.service()
