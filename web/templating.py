"""The Jinja environment and ``render()``: one context per page, served as HTML or as JSON.

Following Datasette's pattern, a page builds one plain context dict; ``render`` turns it
into HTML through a template, or into JSON when the path ends in ``.json`` or the client
asks for ``application/json``. Every page sends ``Link: <...>; rel="alternate"`` headers.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Any, Iterable

from fastapi import Request
from fastapi.templating import Jinja2Templates
from starlette.responses import Response

TEMPLATES_DIR = Path(__file__).parent / "templates"

templates = Jinja2Templates(directory=str(TEMPLATES_DIR))
templates.env.autoescape = True


def _urls_context(request: Request) -> dict:
    return {"urls": request.app.state.urls}


templates.context_processors.append(_urls_context)


def json_default(value: Any) -> Any:
    if hasattr(value, "to_json"):
        return value.to_json()
    if isinstance(value, (set, frozenset, tuple)):
        return list(value)
    return str(value)


def json_response(data: Any, *, status: int = 200, headers: dict | None = None) -> Response:
    body = json.dumps(data, default=json_default, ensure_ascii=False, indent=1)
    return Response(body, status_code=status, media_type="application/json", headers=headers)


def accepts(request: Request) -> list[str]:
    """Media types of the Accept header, best first (q-values honoured, order kept on ties)."""
    items = []
    for i, part in enumerate(request.headers.get("accept", "").split(",")):
        bits = [b.strip() for b in part.split(";")]
        if not bits[0]:
            continue
        q = 1.0
        for b in bits[1:]:
            if b.startswith("q="):
                try:
                    q = float(b[2:])
                except ValueError:
                    q = 0.0
        if q > 0:
            items.append((-q, i, bits[0].lower()))
    return [m for _, _, m in sorted(items)]


def wants_json(request: Request) -> bool:
    if request.url.path.endswith(".json"):
        return True
    for media in accepts(request):
        if media in ("text/html", "application/xhtml+xml", "*/*", "text/*"):
            return False
        if media == "application/json":
            return True
    return False


def json_url(request: Request) -> str:
    """The ``.json`` form of the current page (query string kept)."""
    path = request.url.path
    if not path.endswith(".json"):
        path = path.rstrip("/") + ".json" if path != "/" else "/index.json"
    q = request.url.query
    return path + (f"?{q}" if q else "")


def link_header(alternates: Iterable[tuple[str, str]]) -> str:
    return ", ".join(f'<{url}>; rel="alternate"; type="{media}"' for url, media in alternates)


def render(request: Request, template: str, context: dict, *, status: int = 200,
           alternates: Iterable[tuple[str, str]] | None = None, headers: dict | None = None,
           data: Any = None) -> Response:
    """``context`` as HTML through ``template``, or as JSON when the client asks for JSON.

    ``alternates`` are (url, media type) pairs for the Link header; the JSON form of the
    page is always added. The template sees ``context`` plus ``request``, ``urls``,
    ``alternates`` and ``json_url``. ``data``, when given, is the JSON form instead of ``context``.
    """
    alts = list(alternates or [])
    if not any(m == "application/json" for _, m in alts):
        alts.append((json_url(request), "application/json"))
    hdrs = {"Link": link_header(alts), "Vary": "Accept"}
    hdrs.update(headers or {})
    if wants_json(request):
        return json_response(context if data is None else data, status=status, headers=hdrs)
    page = dict(context)
    page.setdefault("alternates", alts)
    page.setdefault("json_url", json_url(request))
    return templates.TemplateResponse(request, template, page, status_code=status, headers=hdrs)


def error_page(request: Request, status: int, title: str, message: str, extra: dict) -> Response:
    """The HTML error page (registered as ``app.state.error_page``)."""
    context = {"status": status, "title": title, "message": message, "extra": extra,
               "suggestions": extra.get("suggestions", [])}
    return templates.TemplateResponse(request, "error.html", context, status_code=status)


def install(app) -> None:
    app.state.error_page = error_page
    app.state.templates = templates
