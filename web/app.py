"""The application factory: ``create_app(settings, store)``. No module-level app or graph."""
from __future__ import annotations

from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.staticfiles import StaticFiles

from kg import __version__
from kg.build import open_store
from kg.corpus import Corpus
from kg.settings import Settings
from kg.store import Store

from . import errors, templating
from .urls import Urls

STATIC_DIR = Path(__file__).parent / "static"

CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
       "script-src 'self'; connect-src 'self'; font-src 'self' data:; frame-ancestors 'none'; base-uri 'self'")


def create_app(settings: Settings, store: Store | None = None) -> FastAPI:
    """Build the web app for ``settings``; open (and if needed build) the store unless one is given."""
    if store is None:
        store = open_store(settings)
    app = FastAPI(title="policy-kg", version=__version__, docs_url="/api/docs", redoc_url=None,
                  openapi_url="/api/openapi.json")
    app.state.settings = settings
    app.state.store = store
    app.state.corpus = Corpus(settings.corpus)
    app.state.urls = Urls(settings.base_iri)
    errors.install(app)
    templating.install(app)

    @app.middleware("http")
    async def security_headers(request: Request, call_next):
        response = await call_next(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        return response

    @app.get("/health", include_in_schema=False)
    def health() -> dict:
        return {"ok": True, "quads": len(store), "version": __version__}

    STATIC_DIR.mkdir(exist_ok=True)
    app.mount("/static", StaticFiles(directory=STATIC_DIR), name="static")
    _include_routers(app)
    return app


def _include_routers(app: FastAPI) -> None:
    from .routes import ROUTERS

    for router in ROUTERS:
        app.include_router(router)
