"""The SPARQL query editor page: YASGUI, served from the app, querying this app's /sparql,
with the example queries of ``kg.pages.examples`` as a picker.

The endpoint's router calls ``editor_page(request)`` when a browser GETs ``/sparql`` with
no query.
"""
from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from kg.pages.examples import Example, load

from web.urls import urls_for

__all__ = ["editor_page", "examples_for"]


def examples_for(request: Request) -> list[Example]:
    settings = getattr(request.app.state, "settings", None)
    if settings is None:
        return load()
    return load(settings.data_dir, settings.base_iri)


def editor_page(request: Request) -> Response:
    """The query editor as HTML: YASGUI on this app's own /sparql, with the examples as a picker."""
    from web.templating import templates

    urls = urls_for(request)
    examples = examples_for(request)
    context = {
        "endpoint": urls.sparql(),
        "examples": [e.to_json() for e in examples],
        "examples_url": urls.sparql_examples(),
    }
    return templates.TemplateResponse(request, "sparql_editor.html", context,
                                      headers={"Vary": "Accept", "Cache-Control": "no-cache"})
