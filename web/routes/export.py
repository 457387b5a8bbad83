"""``/export``: a subgraph as a diagram or as data, the web twin of ``kg export``.

``/export?focus=IRI&depth=N&format=svg``, ``/export?trace=MEASURE&to=TARGET&format=png``,
``/export?query=CONSTRUCT...&format=ttl``. SVG and PNG are served inline (so pages can
embed them with ``<img>``) unless ``download=1``; the other formats are attachments.
"""
from __future__ import annotations

from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from kg import export as exporting
from kg.render import DRAWN, MAX_NODES, FigureTooLarge, message_svg
from kg.resolve import Unknown
from kg.store import QuerySyntaxError, StoreError

from ..errors import BadRequest, NotFound, PayloadTooLarge

router = APIRouter(tags=["export"])
NAME_MAX = 2000  # an IRI or label longer than this names nothing


@router.get("/export", summary="Export a subgraph as SVG, PNG, DOT, Mermaid, GraphML, Cytoscape JSON, Turtle or JSON-LD")
def export(request: Request,
           focus: str | None = Query(None, max_length=NAME_MAX, description="IRI, prefixed name or label of the focus node"),
           depth: int = Query(1, ge=0, le=exporting.MAX_DEPTH, description="Steps from the focus"),
           trace: str | None = Query(None, max_length=NAME_MAX, description="Export the trace from this measure"),
           to: str | None = Query(None, max_length=NAME_MAX, description="With trace: only paths to this target"),
           query: str | None = Query(None, description="A SPARQL CONSTRUCT query"),
           min_support: int = Query(1, ge=1, description="Keep links stated by at least this many documents"),
           max_depth: int = Query(6, ge=1, le=20, description="With trace: most links per path"),
           format: str = Query("svg", description="svg, png, dot, mermaid, graphml, cyjs, ttl or jsonld"),
           download: bool = Query(False, description="Serve as an attachment even for svg and png")) -> Response:
    fmt = format.lower()
    if fmt not in exporting.FORMATS:
        raise BadRequest(f"unknown format {format!r} (known: {', '.join(exporting.FORMATS)})")
    chosen = [name for name, value in (("focus", focus), ("trace", trace), ("query", query)) if value]
    if len(chosen) != 1:
        raise BadRequest("give exactly one of focus=IRI, trace=MEASURE or query=CONSTRUCT"
                         + (f" (got {', '.join(chosen)})" if chosen else ""))
    if to and not trace:
        raise BadRequest("to= goes with trace=")
    settings = request.app.state.settings
    if query and len(query.encode("utf-8")) > settings.max_request_bytes:
        raise PayloadTooLarge(f"the query is longer than {settings.max_request_bytes} bytes")
    store, urls = request.app.state.store, request.app.state.urls
    limit = MAX_NODES if fmt in DRAWN else None
    try:
        if trace:
            result = exporting.trace(store, trace, to=to, max_depth=max_depth, min_support=min_support,
                                     max_nodes=limit, url_for=urls.entity)
        elif query:
            if not exporting.is_construct(query):
                raise BadRequest("query= must be a SPARQL CONSTRUCT query (SELECT, ASK, DESCRIBE and "
                                 "updates are not exports)")
            result = exporting.from_query(store, query, max_nodes=limit, url_for=urls.entity)
        else:
            result = exporting.neighbourhood(store, focus, depth=depth, min_support=min_support,
                                             max_nodes=limit, url_for=urls.entity)
        body, media_type = exporting.serialise(result, fmt)
    except FigureTooLarge as exc:
        if fmt == "svg" and _wants_image(request):
            # an <img> gets a readable card instead of a broken image; the status still says 400
            return Response(message_svg("Too large to draw", str(exc)), status_code=400,
                            media_type="image/svg+xml")
        raise BadRequest(str(exc), extra={"nodes": exc.nodes, "edges": exc.edges, "limit": exc.limit}) from exc
    except exporting.ExportError as exc:
        if isinstance(exc.__cause__, Unknown):
            raise NotFound(str(exc)) from exc
        raise BadRequest(str(exc)) from exc
    except QuerySyntaxError as exc:
        raise BadRequest(f"the query does not parse: {exc}") from exc
    except StoreError as exc:
        raise BadRequest(str(exc)) from exc
    disposition = "inline" if fmt in ("svg", "png") and not download else "attachment"
    return Response(body, media_type=media_type,
                    headers={"Content-Disposition": f'{disposition}; filename="{result.filename(fmt)}"'})


def _wants_image(request: Request) -> bool:
    """True for an image fetch (``<img src>``): Accept names images and neither HTML nor JSON."""
    accept = request.headers.get("accept", "")
    return "image/" in accept and "text/html" not in accept and "application/json" not in accept
