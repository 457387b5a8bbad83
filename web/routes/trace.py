"""The trace page: ``/trace?from=...&to=...&max_depth=&min_support=`` and ``/trace?scenario=A&vs=B``.

HTML (a left-to-right diagram, then the evidence for every hop) or, with ``.json`` or
``Accept: application/json``, the documented trace result of ``kg.trace`` as is.
An ambiguous name gives 400 with its candidates; an unknown one 404 with suggestions.
"""
from __future__ import annotations

from fastapi import APIRouter, Query, Request
from markupsafe import Markup
from starlette.responses import Response

from kg.namespaces import curie
from kg.resolve import Ambiguous, ResolveError
from kg.trace import (PATH_CAP, fold_result, TraceError, causal_graph, compare_scenarios, measures_reaching, scenario_figure, scenarios,
                      starts, targets, to_figure, trace)

from ..errors import BadRequest, NotFound
from ..templating import render, wants_json

router = APIRouter(tags=["trace"])
NAME_MAX = 2000  # an IRI or label longer than this names nothing
CHOICES = 200    # starts and targets offered by the form's autocompletion (measures first)


def _svg(request: Request, figure) -> tuple[Markup | None, str | None]:
    """The figure as inline SVG (nodes link to their pages), or why it could not be drawn."""
    urls = request.app.state.urls
    for node in figure.nodes:
        node.url = urls.entity(node.iri)
    try:
        from kg.render import render as draw
        svg = draw(figure, "svg").decode("utf-8")
    except Exception as exc:  # a missing Graphviz or a figure too big to read must not break the page
        return None, f"The diagram could not be drawn: {exc}"
    start = svg.find("<svg")
    return Markup(svg[start:] if start >= 0 else svg), None


def _resolve_error(exc: ResolveError, request: Request) -> Exception:
    """400 (ambiguous) or 404 (unknown), listing the candidates with links that pick each one."""
    urls = request.app.state.urls
    base = request.app.state.settings.base_iri
    params = dict(request.query_params)
    field = next((k for k, v in params.items() if v.strip() == (exc.text or "").strip()), "from")
    extra = {"candidates": [c.as_dict(base) for c in exc.candidates],
             "suggestions": [{"url": urls.trace(**{**params, field: curie(c.iri, base)}), "label": c.label,
                              "types": [curie(c.iri, base)]} for c in exc.candidates]}
    return (BadRequest if isinstance(exc, Ambiguous) else NotFound)(exc.message, extra=extra)


@router.get("/trace", summary="Trace a measure, or compare two scenarios (HTML or JSON)")
@router.get("/trace.json", summary="Trace a measure, or compare two scenarios, as JSON")
def trace_page(request: Request,
               from_: str | None = Query(None, alias="from", max_length=NAME_MAX, description="Measure: IRI, prefixed name or label"),
               to: str | None = Query(None, max_length=NAME_MAX, description="Only paths to this target"),
               max_depth: int = Query(6, ge=1, le=12),
               min_support: int = Query(1, ge=0, le=100),
               path_cap: int = Query(PATH_CAP, ge=1, le=500),
               limit: int | None = Query(None, ge=1, le=10_000, description="Targets shown (HTML 25, JSON 50); the rest are folded"),
               paths: int | None = Query(None, ge=1, le=500, description="Paths shown per target (HTML 3, JSON 10)"),
               scenario: str | None = Query(None, max_length=NAME_MAX, description="Scenario A (IRI or label)"),
               vs: str | None = Query(None, max_length=NAME_MAX, description="Scenario B (IRI or label)")) -> Response:
    store = request.app.state.store
    base = request.app.state.settings.base_iri
    G = causal_graph(store)
    from_, to, scenario, vs = (v.strip() if v and v.strip() else None for v in (from_, to, scenario, vs))
    opts = dict(max_depth=max_depth, min_support=min_support, path_cap=path_cap, graph=G)
    context: dict = {
        "form": {"from": from_ or "", "to": to or "", "max_depth": max_depth, "min_support": min_support,
                 "scenario": scenario or "", "vs": vs or ""},
        "starts": [{**s, "curie": curie(s["iri"], base)} for s in starts(G)[:CHOICES]],
        "targets": [{**t, "curie": curie(t["iri"], base)} for t in targets(G)[:CHOICES]],
        "scenarios": [{**s, "curie": curie(s["iri"], base)} for s in scenarios(store)],
        "result": None, "comparison": None, "reaching": None, "svg": None, "svg_a": None, "svg_b": None, "diagram_error": None,
    }
    data: dict | None = None
    try:
        if scenario or vs:
            if not (scenario and vs):
                raise BadRequest("a scenario comparison needs both scenario and vs")
            comparison = compare_scenarios(store, scenario, vs, **opts)
            context["comparison"] = data = comparison
            context["svg_a"], context["diagram_error"] = _svg(request, scenario_figure(comparison["a"]))
            context["svg_b"], _ = _svg(request, scenario_figure(comparison["b"]))
        elif from_:
            json_wanted = wants_json(request)
            result = fold_result(trace(store, from_, to=to, max_depth=max_depth, min_support=min_support, path_cap=path_cap),
                          targets=limit or (50 if json_wanted else 25), paths=paths or (10 if json_wanted else 3))
            context["result"] = data = result
            context["svg"], context["diagram_error"] = _svg(request, to_figure(result))
        elif to:
            context["reaching"] = data = measures_reaching(store, to, max_depth=max_depth,
                                                           min_support=min_support, path_cap=path_cap, graph=G)
        else:
            data = {k: context[k] for k in ("starts", "targets", "scenarios")}
    except ResolveError as exc:
        raise _resolve_error(exc, request) from exc
    except TraceError as exc:
        raise NotFound(str(exc)) from exc
    context["curie"] = lambda iri: curie(iri, base)
    return render(request, "trace.html", context, data=data)
