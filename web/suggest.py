"""Suggestions on a 404 page: nodes named like the missing address (``kg.index.resolve.suggest``), as links."""
from __future__ import annotations

from starlette.requests import Request

from kg.index.resolve import suggest

from web.urls import urls_for


def suggestions(request: Request, text: str, limit: int = 8) -> list[dict]:
    urls = urls_for(request)
    return [{"iri": h.iri, "label": h.label, "types": h.types, "url": urls.entity(h.iri)}
            for h in suggest(request.app.state.store, text, limit=limit)]
