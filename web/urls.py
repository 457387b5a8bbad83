"""Every URL the web layer links to is built here, and nowhere else.

The app can be mounted under a path (``Starlette(routes=[Mount("/kg", app=create_app(...))])``):
Starlette then sets the request's ``root_path`` to ``/kg``, and ``urls_for(request)`` gives a
builder whose every URL starts with it. Routes, templates (``urls``), redirects, Link headers,
the query editor and the SPARQL service description all take their URLs from that builder.
"""
from __future__ import annotations

from urllib.parse import quote, urlencode

from starlette.requests import Request


def _query(params: dict) -> str:
    kept = {k: v for k, v in params.items() if v not in (None, "")}
    return f"?{urlencode(kept)}" if kept else ""


class Urls:
    def __init__(self, base_iri: str, prefix: str = "") -> None:
        self.base_iri = base_iri
        self.prefix = prefix.rstrip("/")

    def path(self, p: str) -> str:
        """``p`` (a path of the app, starting with ``/``) under the prefix."""
        return f"{self.prefix}{p}"

    def here(self, request: Request) -> str:
        """The path of the current request under the prefix (no query string)."""
        return self.path(route_path(request))

    def home(self) -> str:
        return self.path("/")

    def sparql(self) -> str:
        return self.path("/sparql")

    def sparql_examples(self, name: str | None = None) -> str:
        """The example queries as JSON, or one of them as ``.rq`` text."""
        if name is None:
            return self.path("/sparql/examples.json")
        return self.path("/sparql/examples/" + quote(name, safe="-_.~") + ".rq")

    def search(self, q: str | None = None, fmt: str | None = None) -> str:
        return self.path("/search" + (f".{fmt}" if fmt else "")) + _query({"q": q})

    def is_local(self, iri: str) -> bool:
        return iri.startswith(self.base_iri)

    def entity(self, iri: str, fmt: str | None = None) -> str:
        """The page of a node: local IRIs by their path under /id/, others through /resource?iri=."""
        suffix = f".{fmt}" if fmt else ""
        if self.is_local(iri):
            local = iri[len(self.base_iri):]
            return self.path("/id/" + quote(local, safe="/-_.~") + suffix)
        return self.path(f"/resource{suffix}?" + urlencode({"iri": iri}))

    def iri_for_path(self, local: str) -> str:
        return self.base_iri + local

    def trace(self, **params: str) -> str:
        return self.path("/trace") + _query(params)

    def trace_json(self, **params: str) -> str:
        return self.path("/trace.json") + _query(params)

    def trace_diagram(self, **params: str) -> str:
        """The diagram a trace page fetches on its own (web/routes/trace.py)."""
        return self.path("/trace/diagram.svg") + _query(params)

    def export(self, **params: str) -> str:
        return self.path("/export") + _query(params)

    # -- browsing pages (web/routes/pages.py) --
    def document(self, ident: str | None = None, anchor: str | None = None) -> str:
        if not ident:
            return self.path("/documents")
        return self.path("/documents/" + quote(ident, safe="-_.~")) + (f"#{anchor}" if anchor else "")

    def kind(self, slug: str, **params: str) -> str:
        return self.path("/" + quote(slug)) + _query(params)

    def claims(self, **params: str) -> str:
        return self.path("/claims") + _query(params)

    def timeline(self, actor: str | None = None) -> str:
        return self.path("/timeline") + _query({"actor": actor})

    def static(self, name: str) -> str:
        return self.path("/static/" + name)


def route_path(request: Request) -> str:
    """The request's path inside the app: without the prefix a Mount (``root_path``) put before it."""
    path, root = request.scope["path"], request.scope.get("root_path", "")
    if root and path.startswith(root):
        return path[len(root):] or "/"
    return path


def urls_for(request: Request) -> Urls:
    """The URL builder for this request's prefix (one per prefix, kept on the app)."""
    state = request.app.state
    prefix = request.scope.get("root_path", "").rstrip("/")
    table = state.urls_by_prefix
    found = table.get(prefix)
    if found is None:
        found = table[prefix] = Urls(state.settings.base_iri, prefix)
    return found


def install(app) -> None:
    app.state.urls_by_prefix = {}
