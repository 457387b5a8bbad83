"""The trace page: ``/trace?from=...&to=...&max_depth=&min_support=`` and ``/trace?scenario=A&vs=B``;
``include_proposed=1`` adds the causal links still in review (``kg.trace.proposed``: marked
``"proposed": true``, support 0, drawn grey and dotted) to a separate copy of the causal graph.

HTML (the answer first: net effects with their independent sources beside "Who disagrees"; then the
diagram, one row per path, and each step's evidence once: ``kg.pages.trace_steps``) or, with ``.json`` or
``Accept: application/json``, the documented trace result of ``kg.trace`` (plus ``"ok": true``).
``loops_limit`` (10) and ``loops_offset`` (0) pick the feedback loops listed with their hops; the JSON's
``loops_total`` counts them all. An ambiguous name gives 400 with its candidates; an unknown one 404 with
suggestions.
"""
from __future__ import annotations

import logging

from fastapi import APIRouter, Depends, Query, Request
from markupsafe import Markup
from starlette.responses import Response

from kg.core.namespaces import curie
from kg.index.cache import per_generation
from kg.render import FigureTooLarge, message_svg
from kg.pages.trace_steps import trace_steps
from kg.trace import (CHOICES, causal_graph, diagram_fold, fold_line, causal_graph_with_proposed, compare_scenarios, fold_result, layer_waits, measures_reaching, scenario_figure, scenarios, starts, targets, to_figure, trace)

from web.errors import BadRequest
from web.negotiation import page_format
from web.params import NAME_MAX, limit
from web.templating import render
from web.urls import urls_for

router = APIRouter(tags=["trace"])
_log = logging.getLogger(__name__)
LOOPS_SHOWN = 10  # feedback loops a trace page lists with their hops (100 loops at 1M quads were ~500 kB of JSON)


def _svg(request: Request, figure) -> tuple[Markup | None, str | None, int]:
    """The figure as inline SVG (nodes link to their pages), or why it could not be drawn, with the
    status its diagram answers with: 200, 400 for a figure too large to read (more than the
    ``diagram_nodes`` setting's nodes: a trace diagram folds to the paths that fit, so only one whose
    every path alone is too long, or a scenario's), 500 for a drawing that failed (logged with its traceback)."""
    urls = urls_for(request)
    for node in figure.nodes:
        node.url = urls.entity(node.iri)
    try:
        from kg.render import render as draw
        svg = draw(figure, "svg", layout="slide", max_nodes=request.app.state.settings.diagram_nodes).decode("utf-8")
    except FigureTooLarge as exc:
        return None, f"Too large to draw: {exc}", 400
    except Exception as exc:  # a missing Graphviz must not break the page
        # answered with status 500 (an SVG card): logged with its traceback, as the app's other 500s are
        _log.exception("trace diagram of %d nodes, %d edges could not be drawn", len(figure.nodes), len(figure.edges))
        return None, f"The diagram could not be drawn: {type(exc).__name__}: {exc}", 500
    start = svg.find("<svg")
    return Markup(svg[start:] if start >= 0 else svg), None, 200


DIAGRAM_PARAMS = ("from", "to", "max_depth", "min_support", "min_independent", "path_cap", "limit", "paths",
                  "loops_limit", "loops_offset", "include_proposed")
# the page's <object> (no JavaScript) may show it: the app's frame-ancestors 'none' would refuse that
SVG_HEADERS = {"content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-ancestors 'self'"}
DRAWN_KEPT = 64   # trace diagrams remembered per store generation


def _drawn(request: Request, result: dict, folded: tuple, figure) -> tuple[Markup | None, str | None, int]:
    """``_svg`` of ``figure()``, remembered with the (remembered) trace ``result`` it draws: drawing is
    most of a trace page's time once the trace is known. A write that keeps the result (``kg.trace``
    follows it) keeps its drawing; a result made again is another object, and is drawn again."""
    memo: dict = per_generation(request.app.state.store, "trace:drawn", dict, lambda kept, changes: kept)
    urls = urls_for(request)   # what the drawn links depend on: apps mounted elsewhere share the store, so this memo
    # the node budget decides which paths are drawn: two apps on one store may set it differently
    key = (id(result), folded, urls.prefix, urls.base_iri, request.app.state.settings.diagram_nodes)
    found = memo.get(key)
    if found is None or found[0] is not result:
        if len(memo) >= DRAWN_KEPT:
            memo.pop(next(iter(memo)))
        found = memo[key] = (result, _svg(request, figure()))   # the result kept: its id names it
    return found[1]


def asked(from_: str | None = Query(None, alias="from", max_length=NAME_MAX, description="Measure: IRI, prefixed name or label"),
          to: str | None = Query(None, max_length=NAME_MAX, description="Only paths to this target"),
          max_depth: int = limit("max_depth"),
          min_support: int = limit("min_support"),
          min_independent: int = limit("min_independent"),
          path_cap: int = limit("path_cap"),
          limit: int | None = Query(None, ge=1, le=10_000, description="Targets shown (HTML 10, JSON 25); the rest are folded"),
          paths: int | None = Query(None, ge=1, le=500, description="Paths shown per target (HTML 3, JSON 5)"),
          loops_limit: int = Query(LOOPS_SHOWN, ge=0, le=10_000, description="Feedback loops shown with their hops "
                                                                            f"({LOOPS_SHOWN}); the rest are counted"),
          loops_offset: int = Query(0, ge=0, le=1_000_000, description="Loops skipped before those shown"),
          include_proposed: bool = Query(False, description="Add the causal links still in review "
                                                            "(marked proposed, support 0)")) -> dict:
    """The question of a trace, shared by the page and its diagram (``/trace/diagram.svg``)."""
    return dict(from_=from_, to=to, max_depth=max_depth, min_support=min_support, min_independent=min_independent,
                path_cap=path_cap, limit=limit, paths=paths, loops_limit=loops_limit, loops_offset=loops_offset,
                include_proposed=include_proposed)


def _traced(request: Request, q: dict, from_: str, to: str | None, fmt: str, G) -> tuple[dict, dict, tuple]:
    """The (remembered) trace of ``from_``, its shown fold for ``fmt`` and what picks that fold."""
    json_wanted = fmt == "json"
    shown = (q["limit"] or (25 if json_wanted else 10), q["paths"] or (5 if json_wanted else 3))
    computed = (max(shown[0], 25), max(shown[1], 5))   # one remembered trace for the HTML and JSON pages
    result = trace(request.app.state.store, from_, to=to, max_depth=q["max_depth"], min_support=q["min_support"],
                   path_cap=q["path_cap"], graph=G if q["include_proposed"] else None,
                   min_independent=q["min_independent"], shown=computed)   # proposed-link results are not remembered
    if q["include_proposed"]:
        result = {**result, "options": {**result["options"], "include_proposed": True}}
    context = fold_result(result, targets=shown[0], paths=shown[1], loops=q["loops_limit"],
                          loops_offset=q["loops_offset"])
    return result, context, (shown, q["loops_limit"], q["loops_offset"])


@router.get("/trace/diagram.svg", summary="The diagram of a trace page, as SVG (drawn once a trace and store generation)")
def trace_diagram(request: Request, q: dict = Depends(asked)) -> Response:
    """What the trace page shows as its diagram: the page is sent without waiting for the drawing
    (Graphviz takes 0.7-1.6 s at 1M quads), and fetches this (inline, or as an ``<object>`` without
    JavaScript). A drawing that fails is an SVG card saying why (status 400 for a figure too large to read, 500
    otherwise, logged)."""
    from_, to = (v.strip() if v and v.strip() else None for v in (q["from_"], q["to"]))
    if not from_:
        raise BadRequest("the diagram of a trace needs from=MEASURE")
    G = causal_graph_with_proposed(request.app.state.store, request.app.state.settings.data_dir) \
        if q["include_proposed"] else None
    result, context, folded = _traced(request, q, from_, to, "html", G)
    svg, error, status = _drawn(request, result, folded,
                                lambda: to_figure(context, request.app.state.settings.diagram_nodes))
    if svg is None:
        return Response(message_svg("No diagram", error or ""), status_code=status, media_type="image/svg+xml",
                        headers=SVG_HEADERS)
    return Response(str(svg), media_type="image/svg+xml", headers=SVG_HEADERS)


@router.get("/trace", summary="Trace a measure, or compare two scenarios (HTML or JSON)")
@router.get("/trace.json", summary="Trace a measure, or compare two scenarios, as JSON")
def trace_page(request: Request, q: dict = Depends(asked),
               scenario: str | None = Query(None, max_length=NAME_MAX, description="Scenario A (IRI or label)"),
               vs: str | None = Query(None, max_length=NAME_MAX, description="Scenario B (IRI or label)")) -> Response:
    """The page's context is what its JSON documents (docs/reference/tracing.md: the trace result, the scenario
    comparison, the measures reaching a target, or with no question the starts, targets and
    scenarios to ask about); the HTML adds the form, its choices and the drawn diagrams.
    Unknown and ambiguous names are the core's errors (``web.errors.RULES``: 404 / 400 with
    candidates and links that pick each one)."""
    store = request.app.state.store
    base = request.app.state.settings.base_iri
    fmt = page_format(request)
    from_, to, include_proposed = q["from_"], q["to"], q["include_proposed"]
    max_depth, min_support, path_cap = q["max_depth"], q["min_support"], q["path_cap"]
    waiting = not (include_proposed or scenario or vs or to and not from_) and layer_waits(store)
    G = None if waiting else (causal_graph_with_proposed(store, request.app.state.settings.data_dir)
                              if include_proposed else causal_graph(store))
    from_, to, scenario, vs = (v.strip() if v and v.strip() else None for v in (from_, to, scenario, vs))
    opts = dict(max_depth=max_depth, min_support=min_support, path_cap=path_cap, graph=G)
    choices = {"starts": [{**s, "curie": curie(s["iri"], base)} for s in (starts(G, CHOICES) if G is not None else [])],
               "targets": [{**t, "curie": curie(t["iri"], base)} for t in (targets(G, CHOICES) if G is not None else [])],
               "scenarios": [{**s, "curie": curie(s["iri"], base)} for s in scenarios(store)]}
    view: dict = {**choices, "result": None, "comparison": None, "reaching": None, "svg": None, "svg_a": None,
                  "svg_b": None, "diagram_error": None, "diagram_fold": None, "diagram_url": None, "curie": lambda iri: curie(iri, base), "trace_steps": trace_steps,
                  "form": {"from": from_ or "", "to": to or "", "max_depth": max_depth, "min_support": min_support,
                           "min_independent": q["min_independent"], "scenario": scenario or "", "vs": vs or "", "include_proposed": include_proposed,
                           "loops_limit": q["loops_limit"], "loops_offset": q["loops_offset"]}}
    if scenario or vs:
        if not (scenario and vs):
            raise BadRequest("a scenario comparison needs both scenario and vs")
        context = view["comparison"] = compare_scenarios(store, scenario, vs, **opts)
        if fmt == "html":
            view["svg_a"], view["diagram_error"], _ = _svg(request, scenario_figure(context["a"]))
            view["svg_b"], _, _ = _svg(request, scenario_figure(context["b"]))
    elif from_:
        _, context, _ = _traced(request, q, from_, to, fmt, G)
        view["result"] = context
        if fmt == "html":   # the page does not wait for the drawing: it fetches it (web/templates/trace.html)
            asked_for = {k: v for k, v in request.query_params.items() if k in DIAGRAM_PARAMS}
            view["diagram_url"] = urls_for(request).trace_diagram(**asked_for)
            fold = diagram_fold(context, request.app.state.settings.diagram_nodes)
            view["diagram_fold"] = fold and fold["ids"] and {
                "line": fold_line(fold), "json": urls_for(request).trace_json(**asked_for)}
    elif to:
        shown = q["limit"] or 25   # entries are made for the measures shown only (kg.trace.reaching)
        found = measures_reaching(store, to, max_depth=max_depth, min_support=min_support, path_cap=path_cap,
                                  graph=G if include_proposed else None, shown=shown)
        context = view["reaching"] = {**found, "folded": {"measures": found["measures_total"] - len(found["measures"])}}
    else:
        context = choices
    return render(request, "trace.html", context, view=view, fmt=fmt)
