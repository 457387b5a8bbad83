"""The application factory: ``create_app(settings, store)``. No module-level app or graph.

The app serves at the root, or under a path when mounted in another ASGI app::

    kg = create_app(settings, store)
    site = Starlette(routes=[Mount("/kg", app=kg)], lifespan=lambda _: kg.router.lifespan_context(kg))

Every URL it sends then starts with ``/kg`` (``web.urls.urls_for``). Starlette does not run a
mounted app's lifespan by itself, hence ``lifespan=``: the app's lifespan closes its SPARQL
service (worker processes, snapshots) at shutdown.
"""
from __future__ import annotations

import logging
import threading
import time
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from kg import __version__
from kg.store.build import open_store
from kg.core.corpus import Corpus
from kg.curation.watch import DataWatcher, WatchThread
from kg.index.cache import keep_followed
from kg.index.counts import quads
from kg.core.settings import Settings
from kg.store import Store

from web import cors, errors, templating, urls
from web.gateway import Gateway
from web.limits import BodyLimit, NoNul
from web.pagecache import PageCache
from web.signout import SignedOut
from web.warming import CountRequests, before_serving, warm_up
from web.urls import Urls

STATIC_DIR = Path(__file__).parent / "static"
IMPORTED_AT = time.time()   # before ``kg serve`` reads the data files into its store (kg.curation.watch)

CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
       "script-src 'self'; connect-src 'self'; font-src 'self' data:; frame-ancestors 'none'; base-uri 'self'")


class SecurityHeaders:
    """Adds the security headers a response does not set itself. Plain ASGI (not
    ``@app.middleware``, whose per-request task and body relay cost the SPARQL endpoint
    about half its throughput)."""

    HEADERS = ((b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
               (b"referrer-policy", b"same-origin"))

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {k.lower() for k, _ in headers}
                headers += [(k, v) for k, v in self.HEADERS if k not in present]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_headers)


class HeadAsGet:
    """Answers HEAD as the GET of the same URL without its body (status and headers, the
    Content-Length included), as HTTP asks of every GET resource: FastAPI routes declare GET
    only, so link checkers, ``curl -I`` and crawlers got 405 from every page but /sparql."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return

        async def send_headers_only(message) -> None:
            if message["type"] == "http.response.body":
                if message.get("more_body", False):
                    return
                message = {"type": "http.response.body", "body": b"", "more_body": False}
            await send(message)

        await self.app({**scope, "method": "GET"}, receive, send_headers_only)


class App(FastAPI):
    """The FastAPI app with ``SecurityHeaders`` outside everything, error pages included: a
    middleware added with ``add_middleware`` runs inside Starlette's last-resort error
    handler, so a 500 went out without the headers."""

    def build_middleware_stack(self):
        return SecurityHeaders(CountRequests(HeadAsGet(super().build_middleware_stack())))


def create_app(settings: Settings, store: Store | None = None) -> FastAPI:
    """Build the web app for ``settings``; open (and if needed build) the store unless one is given."""
    if store is None:
        store = open_store(settings)
    app = App(title="policy-kg", version=__version__, docs_url="/api/docs", redoc_url=None,
                  openapi_url="/api/openapi.json", lifespan=lifespan)
    app.state.settings = settings
    app.state.store = store
    app.state.corpus = Corpus(settings.corpus)
    app.state.sparql = Gateway(settings, store)
    app.state.data_watch = data_watcher(settings, store, app.state.sparql)
    # updates through /sparql are journaled where the store's graphs come from (kg.store.journal)
    app.state.record_dir = settings.data_dir if app.state.data_watch is not None else None
    urls.install(app)
    # the builder of an app served at the root (scripts and tests); routes use urls_for(request)
    app.state.urls = app.state.urls_by_prefix[""] = Urls(settings.base_iri)
    errors.install(app)
    templating.install(app)

    app.state.signed_out = SignedOut.next_to_store(settings)
    app.add_middleware(BodyLimit, settings=settings)
    app.add_middleware(NoNul)
    app.add_middleware(PageCache, store=store, max_bytes=settings.page_cache_mb * 1024 * 1024)
    try:
        origins = cors.parse_origins(settings.cors_origins)
    except ValueError as exc:
        raise ValueError(f"setting cors_origins (KG_CORS_ORIGINS): {exc}") from None
    if origins:
        app.add_middleware(cors.Cors, origins=origins)  # outermost: answers preflights itself

    @app.get("/health", include_in_schema=False)
    def health() -> dict:
        """``behind``: data files (or journaled updates) the store refused, with why; retried every
        second by the data watcher. ``ok`` is false while any is left."""
        watcher = app.state.data_watch
        behind = [{"file": k, "error": v} for k, v in sorted((watcher.behind if watcher else {}).items())]
        return {"ok": not behind, "quads": quads(store), "generation": store.generation, "version": __version__,
                "behind": behind}

    if settings.warm_up:
        before_serving(store)   # at a restart: the causal layer, read from warm state before /health answers
        threading.Thread(target=warm_up, args=(store, settings), name="kg-warm-up", daemon=True).start()

    STATIC_DIR.mkdir(exist_ok=True)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    _include_routers(app)
    return app


@asynccontextmanager
async def lifespan(app: FastAPI):
    """The app's life: it follows what other processes write to the data folder (``kg ingest``,
    ``kg review``: ``kg.curation.watch``, every second) and its SPARQL service (made once, on first
    use or by ``kg serve``) ends with it."""
    watcher = getattr(app.state, "data_watch", None)
    thread = WatchThread(watcher).start() if watcher is not None else None
    try:
        yield
    finally:
        from starlette.concurrency import run_in_threadpool

        if thread is not None:
            await run_in_threadpool(thread.stop)   # a load in progress ends before the service closes
        # what followed a settled write is kept for the next start (kg.store.settling)
        await run_in_threadpool(keep_followed, app.state.store)
        app.state.sparql.close()


def data_watcher(settings: Settings, store: Store, gateway: Gateway) -> DataWatcher | None:
    """What loads the data files other processes changed, through the app's one writer (the SPARQL
    service's update: the generation is bumped, caches refresh); none when the app serves other
    files (``kg serve --load``) or has no data folder."""
    if "kg-load-" in store.description or not Path(settings.data_dir).is_dir():
        return None
    return DataWatcher(settings.data_dir, lambda text: gateway.start().update(text), settings.base_iri,
                       since=IMPORTED_AT, followed=store.files_followed)


def _include_routers(app: FastAPI) -> None:
    from web.routes import ROUTERS

    for router in ROUTERS:
        app.include_router(router)
