"""Browsing pages: home, search, lists by kind, claims, timeline, documents.

Each route builds one context with plain functions of ``kg`` and hands it to
``render``, which serves it as HTML or (``.json`` suffix / Accept) as JSON.
"""
from __future__ import annotations

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from kg import catalog, entities
from kg.search import search as run_search

from ..errors import BadRequest, NotFound
from ..templating import render

router = APIRouter(tags=["pages"])


def _state(request: Request):
    return request.app.state.store, request.app.state.urls


@router.get("/", summary="Home: what the graph holds and ways in")
@router.get("/index.json", include_in_schema=False)
def home(request: Request) -> Response:
    store, _ = _state(request)
    ctx = catalog.home(store, request.app.state.settings.data_dir)
    return render(request, "home.html", ctx)


@router.get("/search", summary="Search labels and aliases (case- and accent-insensitive, ranked)")
@router.get("/search.json", include_in_schema=False)
def search(request: Request, q: str = Query("", max_length=500), limit: int = Query(20, ge=1, le=200)) -> Response:
    store, urls = _state(request)
    hits = [h.to_json() for h in run_search(store, q, limit=limit, url=urls.entity)] if q.strip() else []
    return render(request, "search.html", {"q": q, "hits": hits, "count": len(hits)}, data=hits)


@router.get("/claims", summary="Claims: claimer, subject, figures, documents, contested or not")
@router.get("/claims.json", include_in_schema=False)
def claims(request: Request, sort: str = Query("claimer", max_length=20),
           dir: str = Query("asc", pattern="^(asc|desc)$")) -> Response:
    store, _ = _state(request)
    if sort not in catalog.CLAIM_SORTS:
        raise BadRequest(f"unknown sort {sort!r} (known: {', '.join(catalog.CLAIM_SORTS)})")
    rows = catalog.claims(store, sort=sort, desc=dir == "desc")
    ctx = {"sort": sort, "dir": dir, "sorts": catalog.CLAIM_SORTS, "count": len(rows), "claims": rows,
           "contested_count": sum(1 for r in rows if r["contested"])}
    return render(request, "claims.html", ctx)


@router.get("/timeline", summary="Events by date, optionally for one actor")
@router.get("/timeline.json", include_in_schema=False)
def timeline(request: Request, actor: str = Query("", max_length=2000)) -> Response:
    store, urls = _state(request)
    iri = actor if not actor or "://" in actor else urls.iri_for_path(actor)
    if iri and not entities.exists(store, iri):
        from .entities import suggestions

        raise NotFound(f"no actor {actor!r} in the graph", extra={"suggestions": suggestions(request, actor)})
    return render(request, "timeline.html", catalog.timeline(store, actor=iri or None))


@router.get("/documents", summary="The source documents")
@router.get("/documents.json", include_in_schema=False)
def documents(request: Request) -> Response:
    store, _ = _state(request)
    docs = catalog.documents(store)
    return render(request, "documents.html", {"count": len(docs), "documents": docs,
                                              "corpus_available": request.app.state.corpus.available})


@router.get("/documents/{ident}", summary="One document: metadata, statements, text with anchored spans")
def document(ident: str, request: Request) -> Response:
    store, urls = _state(request)
    if ident.endswith(".json"):
        ident = ident[: -len(".json")]
    doc = catalog.document(store, request.app.state.corpus, ident)
    if doc is None:
        from .entities import suggestions

        raise NotFound(f"no source document with id {ident!r}", extra={"suggestions": suggestions(request, ident)})
    alts = [(urls.entity(doc["iri"], "ttl"), "text/turtle")]
    return render(request, "document.html", {"doc": doc}, alternates=alts)


def _kind_route(slug: str):
    def kind_page(request: Request) -> Response:
        store, _ = _state(request)
        return render(request, "kind.html", catalog.kind_list(store, slug))

    kind_page.__name__ = f"kind_{slug}"
    return kind_page


for _slug, (_title, _cls) in catalog.KINDS.items():
    if _slug in ("claims", "documents"):
        continue
    router.add_api_route(f"/{_slug}", _kind_route(_slug), methods=["GET"], summary=f"List: {_title}")
    router.add_api_route(f"/{_slug}.json", _kind_route(_slug), methods=["GET"], include_in_schema=False)


@router.get("/kinds/{slug}", include_in_schema=False)
def kind_any(slug: str, request: Request) -> Response:
    store, _ = _state(request)
    data = catalog.kind_list(store, slug.removesuffix(".json"))
    if data is None:
        raise NotFound(f"no list called {slug!r} (known: {', '.join(catalog.KINDS)})")
    return render(request, "kind.html", data)
