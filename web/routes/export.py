"""``/export``: a subgraph as a diagram or as data, the web twin of ``kg export``.

``/export?focus=IRI&depth=N&format=svg``, ``/export?trace=MEASURE&to=TARGET&format=png``,
``/export?query=CONSTRUCT...&format=ttl``. SVG and PNG are served inline (so pages can
embed them with ``<img>``) unless ``download=1``; the other formats are attachments.

A ``query=`` is a user's SPARQL: it runs through the app's SPARQL service (``web.gateway``)
exactly as at ``/sparql`` (SERVICE refused with 400, 503 past the time limit, cut at the row
cap with ``X-KG-Truncated: true``). An unknown focus or measure is 404, an ambiguous one 400
(the core's errors, answered by ``web.errors.RULES`` like on every route).
"""
from __future__ import annotations

from functools import partial

import anyio
from fastapi import APIRouter, Query, Request
from starlette.responses import Response

from kg import export as exporting
from kg.briefing import formats
from kg import sparql as core
from kg.render import MAX_NODES, FigureTooLarge, message_svg

from web import gateway
from web.errors import BadRequest, PayloadTooLarge
from web.negotiation import wants_image
from web.params import NAME_MAX, limit
from web.urls import urls_for

router = APIRouter(tags=["export"])


@router.get("/export", summary="Export a subgraph as SVG, PNG, DOT, Mermaid, GraphML, Cytoscape JSON, Turtle, JSON-LD, or a PPTX/PDF deck")
async def export(request: Request,
                 focus: str | None = Query(None, max_length=NAME_MAX, description="IRI, prefixed name or label of the focus node"),
                 depth: int = limit("depth"),
                 fold: int = limit("fold", "With focus: "),
                 trace: str | None = Query(None, max_length=NAME_MAX, description="Export the trace from this measure"),
                 to: str | None = Query(None, max_length=NAME_MAX, description="With trace: only paths to this target"),
                 query: str | None = Query(None, description="A SPARQL CONSTRUCT query (run like one sent to /sparql)"),
                 min_support: int = limit("min_support"),
                 max_depth: int = limit("max_depth", "With trace: "),
                 scenario: str | None = Query(None, max_length=NAME_MAX, description="Compare this scenario (pptx or pdf) ..."),
                 vs: str | None = Query(None, max_length=NAME_MAX, description="... with this one"),
                 format: str = Query("svg", description="svg, png, dot, mermaid, graphml, cyjs, ttl, jsonld, pptx or pdf"),
                 layout: str | None = Query(None, description="Drawn formats: wide, slide or tall (pptx and pdf: slide)"),
                 download: bool = Query(False, description="Serve as an attachment even for svg and png")) -> Response:
    fmt = format.lower()
    if fmt not in exporting.FORMATS:
        raise BadRequest(f"unknown format {format!r} (known: {', '.join(exporting.FORMATS)})")
    if layout is not None and layout.lower() not in exporting.LAYOUTS:
        raise BadRequest(f"unknown layout {layout!r} (known: {', '.join(exporting.LAYOUTS)})")
    if layout is not None and fmt not in exporting.DRAWN:
        raise BadRequest(f"layout= goes with a drawn format ({', '.join(exporting.DRAWN)}), not {fmt}")
    if bool(scenario) != bool(vs):
        raise BadRequest("scenario= and vs= go together")
    if scenario and fmt not in exporting.DECK_FORMATS:
        raise BadRequest("scenario=A&vs=B exports as pptx or pdf (the trace page compares them as HTML or JSON)")
    chosen = [name for name, value in (("focus", focus), ("trace", trace), ("query", query), ("scenario", scenario))
              if value]
    if len(chosen) != 1:
        raise BadRequest("give exactly one of focus=IRI, trace=MEASURE, query=CONSTRUCT or scenario=A&vs=B"
                         + (f" (got {', '.join(chosen)})" if chosen else ""))
    if to and not trace:
        raise BadRequest("to= goes with trace=")
    settings = request.app.state.settings
    if query and len(query.encode("utf-8")) > settings.max_request_bytes:
        raise PayloadTooLarge(f"the query is longer than {settings.max_request_bytes} bytes")
    store, urls = request.app.state.store, urls_for(request)
    limit = MAX_NODES if fmt in exporting.DRAWN else None
    if query:
        # a user's query: through the SPARQL service like one sent to /sparql (checks, worker,
        # time limit, row cap), failing with /sparql's errors (web.errors.RULES); then drawn
        exporting.check_query(query)
        service = await gateway.service(request)
        try:
            answer = await service.aquery(query, base_iri=str(request.url.replace(query="", fragment="")),
                                          **exporting.GRAPH_REQUEST)
        except core.NotAcceptable:  # not a graph after all: an export error, not a 406
            raise exporting.ExportError("query= must be a SPARQL CONSTRUCT query") from None
        build = partial(exporting.from_result, store, answer, max_nodes=limit, url_for=urls.entity)
    elif scenario:
        build = partial(exporting.scenarios, store, scenario, vs, max_depth=max_depth, min_support=min_support)
    elif trace:
        build = partial(exporting.trace, store, trace, to=to, max_depth=max_depth, min_support=min_support,
                        max_nodes=limit, url_for=urls.entity)
    else:
        build = partial(exporting.neighbourhood, store, focus, depth=depth, min_support=min_support, fold=fold,
                        max_nodes=limit, url_for=urls.entity)
    try:
        # the app's own queries and the drawing, in a thread; a shutting-down server need not wait for it
        result, (body, media_type) = await anyio.to_thread.run_sync(partial(_made, build, fmt, layout=layout and layout.lower(),
                                                                          store=store, settings=settings),
                                                                  abandon_on_cancel=True)
    except FigureTooLarge as exc:
        if fmt != "svg" or not wants_image(request):
            raise
        # an <img> gets a readable card instead of a broken image; the status still says 400
        return Response(message_svg("Too large to draw", str(exc)), status_code=400, media_type="image/svg+xml")
    disposition = "inline" if fmt in ("svg", "png") and not download else "attachment"
    headers = {"Content-Disposition": f'{disposition}; filename="{result.filename(fmt)}"'}
    if query:
        headers["X-KG-Truncated"] = "true" if result.truncated else "false"
    return Response(body, media_type=media_type, headers=headers)


def _made(build, fmt: str, **deck):
    result = build()
    return result, formats.serialise(result, fmt, **deck)

