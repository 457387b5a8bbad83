"""Entity pages: every node dereferenced at /id/<local> (others at /resource?iri=), with
content negotiation between HTML, Turtle, JSON-LD, TriG (statements in the graphs of the
documents that state them) and JSON (Accept header or suffix)."""
from __future__ import annotations

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from kg.pages import entities
from kg.pages.paging import LIMIT

from web.errors import NotAcceptable, NotFound
from web.negotiation import FORMATS, SUFFIXES, alternates, choose, split_suffix
from web.params import OFFSET, PAGE_LIMIT
from web.suggest import suggestions
from web.templating import link_header, page_links, render
from web.urls import urls_for

router = APIRouter(tags=["pages"])


def entity_response(request: Request, iri: str, fmt: str | None, missing: str, offset: int = 0,
                    limit: int = LIMIT) -> Response:
    app = request.app
    urls = urls_for(request)
    store = app.state.store
    chosen = choose(request, fmt)
    if chosen is None:
        raise NotAcceptable("entity pages are served as " + ", ".join(m for m, _ in FORMATS.values()))
    if not entities.exists(store, iri):
        raise NotFound(f"nothing in the graph is called {iri}", extra={"suggestions": suggestions(request, missing)})
    alts = alternates(lambda name: urls.entity(iri, name))
    headers = {"Link": link_header(alts), "Vary": "Accept"}
    if chosen == "ttl":
        body = entities.graph(store, iri).serialize(format="turtle")
        return Response(body, media_type="text/turtle; charset=utf-8", headers=headers)
    if chosen == "trig":
        body = entities.dataset(store, iri).serialize(format="trig")
        return Response(body, media_type="application/trig; charset=utf-8", headers=headers)
    if chosen == "jsonld":
        g = entities.graph(store, iri)
        context = {p: ns for p, ns in g.namespaces() if p}
        body = g.serialize(format="json-ld", context=context, auto_compact=True)
        return Response(body, media_type="application/ld+json", headers=headers)
    ctx = entities.describe(store, app.state.corpus, iri, offset=offset, limit=limit)
    ctx["in_links"] = page_links(request, ctx["in_page"])
    return render(request, "entity.html", ctx, view={"e": ctx, "corpus_available": app.state.corpus.available},
                  alternates=alts, fmt=chosen)


@router.get("/id/{local:path}", summary="A node of the graph (HTML, Turtle, JSON-LD, TriG or JSON)")
def entity(local: str, request: Request, offset: int = OFFSET, limit: int = PAGE_LIMIT) -> Response:
    """``offset`` and ``limit`` page the statements pointing at the node; every other list
    shows its first ``limit`` entries and its count."""
    urls = urls_for(request)
    iri = urls.iri_for_path(local)
    fmt = None
    stripped, suffix = split_suffix(local)
    if suffix and not entities.exists(request.app.state.store, iri):
        iri, fmt = urls.iri_for_path(stripped), suffix
    return entity_response(request, iri, fmt, stripped, offset, limit)


@router.get("/resource", summary="A node whose IRI is not under the base (vocabulary terms)")
def resource(request: Request, iri: str = Query(..., min_length=1, max_length=2000), offset: int = OFFSET,
             limit: int = PAGE_LIMIT) -> Response:
    return entity_response(request, iri, None, iri.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1], offset, limit)


@router.get("/resource.{fmt}", summary="A node whose IRI is not under the base, in one format")
def resource_format(fmt: str, request: Request, iri: str = Query(..., min_length=1, max_length=2000)) -> Response:
    if fmt not in FORMATS or fmt == "html":
        raise NotFound(f"unknown format .{fmt} (known: {', '.join(sorted(SUFFIXES))})")
    return entity_response(request, iri, fmt, iri.rsplit("/", 1)[-1])
