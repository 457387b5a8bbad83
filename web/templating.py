"""The Jinja environment and ``render()``: one context per page, served as HTML or as JSON.

Following Datasette's pattern, a page builds one plain context dict; ``render`` turns it
into HTML through a template, or into JSON (``{"ok": true, ...the context...}``) when the path
ends in ``.json`` or the client asks for ``application/json``. Every page sends
``Link: <...>; rel="alternate"`` headers, and a paged list its next and previous pages.
"""
from __future__ import annotations

import json
from urllib.parse import urlencode
from pathlib import Path
from typing import Any, Iterable

from fastapi import Request
from fastapi.templating import Jinja2Templates
from jinja2 import pass_context
from markupsafe import Markup, escape
from starlette.responses import Response

from web.negotiation import page_format
from web.urls import route_path, urls_for

TEMPLATES_DIR = Path(__file__).parent / "templates"

templates = Jinja2Templates(directory=str(TEMPLATES_DIR))
templates.env.autoescape = True


def _urls_context(request: Request) -> dict:
    return {"urls": urls_for(request)}


templates.context_processors.append(_urls_context)


# -- the small HTML pieces every page repeats (terms, document links), as Python functions:
#    a Jinja macro call costs about 10x more, and a page can hold a thousand of them.
@pass_context
def term_html(ctx, x: dict | None) -> Markup:
    """A term dict (kg.pages.display.term) as a link to its page, or a literal with its language/datatype."""
    if not x:
        return Markup('<span class="muted">—</span>')
    if x.get("iri"):
        return Markup(f'<a href="{escape(ctx["urls"].entity(x["iri"]))}" title="{escape(x.get("curie") or x["iri"])}">'
                      f'{escape(x.get("label") or x["iri"])}</a>')
    if x.get("bnode"):
        return Markup('<span class="muted">[blank node]</span>')
    out = f'<span class="literal">{escape(x.get("value", ""))}</span>'
    if x.get("lang"):
        out += f'<span class="muted"> @{escape(x["lang"])}</span>'
    elif x.get("datatype"):
        out += f'<span class="muted"> ({escape(x["datatype"])})</span>'
    return Markup(out)


@pass_context
def terms_html(ctx, items) -> Markup:
    if not items:
        return Markup('<span class="muted">—</span>')
    return Markup(", ").join(term_html(ctx, x) for x in items)


@pass_context
def doc_link_html(ctx, d: dict, anchor: str | None = None) -> Markup:
    """A link to a source document's page (at ``anchor``), shown by its short name."""
    urls = ctx["urls"]
    ident = d.get("id") or d.get("doc_id")
    href = urls.document(ident, anchor) if ident else urls.entity(d["iri"])
    return Markup(f'<a class="doc" href="{escape(href)}" title="{escape(d.get("label", ""))}">'
                  f'{escape(d.get("short") or d.get("label", ""))}</a>')


@pass_context
def docs_html(ctx, items) -> Markup:
    if not items:
        return Markup('<span class="muted">no document graph</span>')
    return Markup("; ").join(doc_link_html(ctx, d) for d in items)


templates.env.globals.update(term=term_html, terms=terms_html, doc_link=doc_link_html, docs=docs_html)


def json_default(value: Any) -> Any:
    if hasattr(value, "to_json"):
        return value.to_json()
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    return str(value)


def json_response(data: Any, *, status: int = 200, headers: dict | None = None) -> Response:
    # compact: indenting cost 4x the time of the dump itself on an 800 KB trace (40 ms against 10)
    body = json.dumps(data, default=json_default, ensure_ascii=False, separators=(",", ":"))
    return Response(body, status_code=status, media_type="application/json", headers=headers)


def json_url(request: Request) -> str:
    """The ``.json`` form of the current page (query string kept)."""
    urls = urls_for(request)
    path = route_path(request)
    if not path.endswith(".json"):
        path = path.rstrip("/") + ".json" if path != "/" else "/index.json"
    q = request.url.query
    return urls.path(path) + (f"?{q}" if q else "")


MAX_LINK_URL = 4000


def link_header(alternates: Iterable[tuple[str, str]], pages: dict | None = None) -> str:
    """The Link header (alternates, and the next/previous pages of a list); a URL echoing a
    huge query string is left out (a header line of 100 KB breaks clients and proxies)."""
    items = [f'<{url}>; rel="alternate"; type="{media}"' for url, media in alternates if len(url) <= MAX_LINK_URL]
    items += [f'<{url}>; rel="{rel}"' for rel, url in (pages or {}).items() if url and len(url) <= MAX_LINK_URL]
    return ", ".join(items)


def page_links(request: Request, paging: dict, param: str = "offset", drop: tuple[str, ...] = ()) -> dict:
    """URLs of the next and previous pages of a paged list (None at either end): this page's
    URL with ``param`` (the list's offset parameter) changed, every other parameter but those
    in ``drop`` kept."""
    here = urls_for(request).here(request)

    def at(offset: int | None) -> str | None:
        if offset is None:
            return None
        params = {k: v for k, v in request.query_params.items() if k not in drop}
        params[param] = str(offset)
        if offset == 0:
            params.pop(param)
        q = urlencode(params)
        return here + (f"?{q}" if q else "")
    return {"next": at(paging.get("next")), "previous": at(paging.get("previous"))}


def render(request: Request, template: str, context: dict, *, status: int = 200,
           alternates: Iterable[tuple[str, str]] | None = None, headers: dict | None = None,
           paging: dict | None = None, view: dict | None = None, fmt: str | None = None,
           data: Any = None) -> Response:
    """``context`` as HTML through ``template``, or as JSON: ``{"ok": true, **context}``.

    ``fmt`` is ``html`` or ``json`` when the caller negotiated it (entity pages choose among
    more forms); otherwise a ``.json`` path or the Accept header decides (406 when neither
    HTML nor JSON is acceptable). ``paging`` (a list's ``count``/``offset``/``limit``/``next``/
    ``previous``) adds the next/previous pages to the Link header, and ``links`` to the context
    when the page has not set it. ``alternates`` are (url, media type) pairs for the Link header
    and ``<link>`` elements; the JSON form is always added. ``view`` is what only the HTML
    needs (drawn SVG, the form's choices, helper functions): the template sees ``context``,
    then ``view``, then ``request``, ``urls``, ``alternates`` and ``json_url``.

    ``data`` replaces the JSON body for a documented contract that is not the page's context:
    only ``/search.json``, a bare list of hits ``{iri, label, types, url}`` (the typeahead reads
    it; its paging is in the Link header).
    """
    fmt = fmt or page_format(request)
    alts = list(alternates or [])
    if not any(m == "application/json" for _, m in alts):
        alts.append((json_url(request), "application/json"))
    links = page_links(request, paging) if paging else {}
    if paging and "links" not in context:
        context = {**context, "links": links}
    hdrs = {"Link": link_header(alts, links), "Vary": "Accept", **(headers or {})}
    if fmt == "json":
        return json_response({"ok": True, **context} if data is None else data, status=status, headers=hdrs)
    page = {**context, **(view or {}), "alternates": alts, "json_url": json_url(request)}
    return templates.TemplateResponse(request, template, page, status_code=status, headers=hdrs)


def partial_headers(notice: str | None) -> dict:
    """The headers of an answer made while the app warms up (``kg.index.partial``): ``X-KG-Partial``
    says what may be missing, and ``Cache-Control: no-store`` keeps the page cache from keeping it."""
    return {"X-KG-Partial": notice, "Cache-Control": "no-store"} if notice else {}


def error_page(request: Request, status: int, title: str, message: str, extra: dict) -> Response:
    """The HTML error page (registered as ``app.state.error_page``)."""
    context = {"status": status, "title": title, "message": message, "extra": extra,
               "suggestions": extra.get("suggestions", [])}
    return templates.TemplateResponse(request, "error.html", context, status_code=status)


def install(app) -> None:
    app.state.error_page = error_page
    app.state.templates = templates
