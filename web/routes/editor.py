"""The query editor's data: the example queries as JSON and as plain .rq text.

The editor page itself is served by the SPARQL router at ``/sparql`` (browsers asking
for HTML with no query get ``web.editor_page.editor_page``).
"""
from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import JSONResponse, PlainTextResponse

from web.editor_page import examples_for
from web.errors import NotFound

router = APIRouter(tags=["sparql"])


@router.get("/sparql/examples.json", summary="The example queries shown in the query editor")
def examples_json(request: Request) -> JSONResponse:
    return JSONResponse({"examples": [e.to_json() for e in examples_for(request)]})


@router.get("/sparql/examples/{name}.rq", summary="One example query as SPARQL text",
            response_class=PlainTextResponse)
def example_rq(name: str, request: Request) -> PlainTextResponse:
    for example in examples_for(request):
        if example.name == name:
            return PlainTextResponse(example.query, media_type="application/sparql-query; charset=utf-8")
    raise NotFound(f"no example query named {name!r} (see /sparql/examples.json)")
