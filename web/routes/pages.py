"""Browsing pages: home, search, lists by kind, claims, timeline, documents.

Each route builds one context with plain functions of ``kg`` and hands it to
``render``, which serves it as HTML or (``.json`` suffix / Accept) as JSON.
"""
from __future__ import annotations

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from kg.pages import entities, first_look, lists
from kg.pages import claims as claims_table
from kg.pages.documents import SORTS as DOCUMENT_SORTS
from kg.pages.paging import page
from kg.index.labels import index
from kg.index.partial import NOTICE as PARTIAL_NOTICE, provisional
from kg.index.resolve import resolve
from kg.index.passages import search as search_passages

from web.errors import BadRequest, NotFound
from web.params import OFFSET, PAGE_LIMIT
from web.suggest import suggestions
from web.templating import page_links, partial_headers, render
from web.urls import urls_for

router = APIRouter(tags=["pages"])


def _state(request: Request):
    return request.app.state.store, urls_for(request)


@router.get("/", summary="Home: what the graph holds and ways in")
@router.get("/index.json", include_in_schema=False)
def home(request: Request) -> Response:
    store, _ = _state(request)
    ctx = first_look.home(store, request.app.state.settings.data_dir)   # a first look while the app warms up
    return render(request, "home.html", ctx, headers=partial_headers(ctx.get("first_look")))


@router.get("/search", summary="Search names, aliases, search terms, definitions and evidence (forgiving of case, accents, spelling, plurals and spacing; ranked)")
@router.get("/search.json", include_in_schema=False)
def search(request: Request, q: str = Query("", max_length=500), limit: int = Query(20, ge=1, le=200),
           offset: int = OFFSET) -> Response:
    """The JSON form is the list of hits (the typeahead's contract); its Link header has the next page."""
    store, urls = _state(request)
    with provisional():   # while the label index is built: a bounded direct search, said to be partial
        idx = index(store)
        ranked = search_passages(store, request.app.state.corpus, q)
        hits = [h.to_json() for h in idx.hits(ranked[offset:offset + limit], url=urls.entity)]
    paging = page(len(ranked), offset, limit)
    notice = PARTIAL_NOTICE if ranked.partial else None
    ctx = {"q": q, "hits": hits, **paging, "links": page_links(request, paging), "partial": notice}
    return render(request, "search.html", ctx, data=hits, paging=paging, headers=partial_headers(notice))


@router.get("/claims", summary="Claims: claimer, subject, figures, documents, contested or not")
@router.get("/claims.json", include_in_schema=False)
def claims(request: Request, sort: str = Query("claimer", max_length=20),
           dir: str = Query("asc", pattern="^(asc|desc)$"), offset: int = OFFSET, limit: int = PAGE_LIMIT,
           claimer: str = Query("", max_length=2000, description="Only claims made by this actor (name, prefixed name or IRI)"),
           document: str = Query("", max_length=2000, description="Only claims stated in this document (identifier or IRI)"),
           stance: str = Query("", max_length=20, description="Only claims that support, contest or qualify something"),
           contested: bool = Query(False, description="Only claims another claim contests")) -> Response:
    store, _ = _state(request)
    if sort not in claims_table.SORTS:
        raise BadRequest(f"unknown sort {sort!r} (known: {', '.join(claims_table.SORTS)})")
    if stance and stance not in claims_table.STANCES:
        raise BadRequest(f"unknown stance {stance!r} (known: {', '.join(claims_table.STANCES)})")
    ctx = claims_table.table(store, sort=sort, desc=dir == "desc", offset=offset, limit=limit,
                             claimer=claimer.strip() or None, document=document.strip() or None,
                             stance=stance or None, contested=contested)
    return render(request, "claims.html", {**ctx, "links": page_links(request, ctx)}, paging=ctx)


@router.get("/timeline", summary="Events by date, optionally for one actor")
@router.get("/timeline.json", include_in_schema=False)
def timeline(request: Request, actor: str = Query("", max_length=2000), offset: int = OFFSET,
             limit: int = PAGE_LIMIT) -> Response:
    store, urls = _state(request)
    actor = actor.strip()
    iri = actor if not actor or "://" in actor else urls.iri_for_path(actor)
    if iri and not entities.exists(store, iri):
        iri = resolve(store, actor).iri   # a label or prefixed name ("United States", id:nvidia), as /trace takes
    ctx = lists.timeline(store, actor=iri or None, offset=offset, limit=limit)
    return render(request, "timeline.html", {**ctx, "links": page_links(request, ctx)}, paging=ctx)


@router.get("/documents", summary="The source documents")
@router.get("/documents.json", include_in_schema=False)
def documents(request: Request, offset: int = OFFSET, limit: int = PAGE_LIMIT,
              sort: str = Query("id", max_length=20, description="id, title, publisher, date or statements"),
              dir: str = Query("asc", pattern="^(asc|desc)$")) -> Response:
    store, _ = _state(request)
    if sort not in DOCUMENT_SORTS:
        raise BadRequest(f"unknown sort {sort!r} (known: {', '.join(DOCUMENT_SORTS)})")
    ctx = lists.documents(store, offset=offset, limit=limit, sort=sort, desc=dir == "desc")
    return render(request, "documents.html", {**ctx, "links": page_links(request, ctx),
                                              "corpus_available": request.app.state.corpus.available}, paging=ctx)


@router.get("/documents/{ident}", summary="One document: metadata, statements, text with anchored spans")
def document(ident: str, request: Request, offset: int = OFFSET, limit: int = PAGE_LIMIT,
             anchor_offset: int = Query(0, ge=0, le=10_000_000, description="First row of the anchors table")) -> Response:
    """``offset``/``limit`` page the statements (by subject), ``anchor_offset`` the anchors table;
    the text marks every anchor."""
    store, urls = _state(request)
    if ident.endswith(".json"):
        ident = ident[: -len(".json")]
    doc = lists.document(store, request.app.state.corpus, ident, offset=offset, limit=limit,
                           anchor_offset=anchor_offset)
    if doc is None:
        raise NotFound(f"no source document with id {ident!r}", extra={"suggestions": suggestions(request, ident)})
    alts = [(urls.entity(doc["iri"], "ttl"), "text/turtle")]
    return render(request, "document.html", {"doc": doc, "subject_links": page_links(request, doc["subjects"]),
                                             "anchor_links": page_links(request, doc["anchors_page"], "anchor_offset")},
                  alternates=alts, paging=doc["subjects"])


def _kind_route(slug: str):
    def kind_page(request: Request, offset: int = OFFSET, limit: int = PAGE_LIMIT) -> Response:
        store, _ = _state(request)
        ctx = lists.kind_list(store, slug, offset=offset, limit=limit)
        return render(request, "kind.html", {**ctx, "links": page_links(request, ctx)}, paging=ctx)

    kind_page.__name__ = f"kind_{slug}"
    return kind_page


for _slug, (_title, _cls) in lists.LISTS.items():
    if _slug in ("claims", "documents"):
        continue
    router.add_api_route(f"/{_slug}", _kind_route(_slug), methods=["GET"], summary=f"List: {_title}")
    router.add_api_route(f"/{_slug}.json", _kind_route(_slug), methods=["GET"], include_in_schema=False)


@router.get("/kinds/{slug}", include_in_schema=False)
def kind_any(slug: str, request: Request, offset: int = OFFSET, limit: int = PAGE_LIMIT) -> Response:
    store, _ = _state(request)
    data = lists.kind_list(store, slug.removesuffix(".json"), offset=offset, limit=limit)
    if data is None:
        raise NotFound(f"no list called {slug!r} (known: {', '.join(lists.LISTS)})")
    return render(request, "kind.html", {**data, "links": page_links(request, data)}, paging=data)
