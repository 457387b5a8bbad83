"""Errors as HTTP responses: one table, one shape, installed by the app factory.

Routes raise, or let through, the core's typed errors (``kg.index.resolve.Unknown``,
``kg.pages.paging.PageError``, ``kg.sparql.QueryTimeout``, ...) and the web's own (``BadRequest``,
``Unauthorized``, ... below, for what only HTTP knows: the protocol, sizes, the token).
``RULES`` says for each exception class its status, title, message and extra fields; a class
not listed takes the rule of its nearest listed base. ``install(app)`` answers every error
with JSON ``{"ok": false, "error": {"status", "title", "message", ...extra}}``, or with the
HTML error page when a browser asks for a page.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import JSONResponse, Response

from kg import sparql as core
from kg.export import ExportError
from kg.curation import ingest_errors as ingesting
from kg.core.namespaces import curie
from kg.pages.paging import PageError
from kg.render import FigureTooLarge
from kg.curation import review as reviewing
from kg.index.resolve import Ambiguous, ResolveError, Unknown
from kg.store import InvalidIRI, StoreError
from kg.trace import SameScenario, TraceError
from kg.validate.write_shapes import ShapeViolation

from web import negotiation
from web.sparql.media import not_acceptable_message
from web.urls import urls_for


class WebError(Exception):
    """An error only the web layer can see; ``status`` and ``title`` come from the subclass."""
    status = 500
    title = "Internal error"

    def __init__(self, message: str, *, extra: dict | None = None, headers: dict | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.extra = extra or {}
        self.headers = headers or {}


def _web(status: int, title: str) -> type[WebError]:
    return type(title.title().replace(" ", ""), (WebError,), {"status": status, "title": title,
                                                              "__module__": __name__})


BadRequest = _web(400, "Bad request")
Unauthorized = _web(401, "Unauthorized")
Forbidden = _web(403, "Forbidden")
NotFound = _web(404, "Not found")
NotAcceptable = negotiation.NotAcceptable   # raised where a format is chosen; 406 by the table below
PayloadTooLarge = _web(413, "Payload too large")
UnsupportedMediaType = _web(415, "Unsupported media type")


# -- the table ---------------------------------------------------------------------------------
Extra = Callable[[Exception, Request], dict]


@dataclass(frozen=True)
class Rule:
    status: int
    title: str
    message: Callable[[Exception, Request], str] = lambda exc, request: str(exc)
    extra: Extra | None = None


def _candidates(exc: ResolveError, request: Request) -> dict:
    """The candidates, and a suggestion per candidate: this URL with the parameter that held the
    name replaced by the candidate (so a trace or export form picks it), else its entity page."""
    base = request.app.state.settings.base_iri
    urls = urls_for(request)
    params = dict(request.query_params)
    field = next((k for k, v in params.items() if v.strip() == (exc.text or "").strip()), None)

    def url(iri: str) -> str:
        if field is None:
            return urls.entity(iri)
        return urls.here(request) + "?" + urlencode({**params, field: curie(iri, base)})
    return {"candidates": [c.as_dict(base) for c in exc.candidates],
            "suggestions": [{"url": url(c.iri), "label": c.label, "types": [curie(c.iri, base)]}
                            for c in exc.candidates]}


def _syntax(exc: "core.SparqlSyntaxError", request: Request) -> str:
    where = f" at line {exc.line}, column {exc.column}" if exc.line is not None else ""
    return f"the SPARQL text does not parse{where}: {exc}"


def _position(exc: "core.SparqlSyntaxError", request: Request) -> dict:
    return {"line": exc.line, "column": exc.column} if exc.line is not None else {}


def _timeout(exc: Exception, request: Request) -> dict:
    return {"timeout": request.app.state.settings.query_timeout}


def _not_acceptable(exc: "core.NotAcceptable", request: Request) -> str:
    return not_acceptable_message(request.headers.get("accept"), exc.kind)


RULES: dict[type, Rule] = {
    Ambiguous: Rule(400, "Ambiguous name", lambda exc, r: exc.message, _candidates),
    Unknown: Rule(404, "Not found", lambda exc, r: exc.message, _candidates),
    PageError: Rule(400, "Bad request"),
    FigureTooLarge: Rule(400, "Too large to draw",
                         extra=lambda exc, r: {"nodes": exc.nodes, "edges": exc.edges, "limit": exc.limit}),
    ExportError: Rule(400, "Bad request"),
    SameScenario: Rule(400, "Bad request"),
    TraceError: Rule(404, "Not found"),
    InvalidIRI: Rule(400, "Bad request"),
    core.SparqlSyntaxError: Rule(400, "Malformed query", _syntax, _position),
    core.QueryRefused: Rule(400, "Query refused"),
    ShapeViolation: Rule(400, "Shape violated"),
    core.NotAcceptable: Rule(406, "Not acceptable", _not_acceptable),
    negotiation.NotAcceptable: Rule(406, "Not acceptable"),
    core.QueryTimeout: Rule(503, "Query timed out", extra=_timeout),
    core.PoolBusy: Rule(503, "Query timed out", extra=_timeout),
    core.QueryFailed: Rule(500, "Query failed", lambda exc, r: f"the query failed: {exc}"),
    core.QueryOutOfMemory: Rule(422, "Query too large"),
    core.WorkerFailed: Rule(500, "Query failed", lambda exc, r: f"the query failed: {exc}"),
    ingesting.TooLarge: Rule(413, "Payload too large"),
    ingesting.UnsupportedType: Rule(415, "Unsupported media type"),
    ingesting.DuplicateDocument: Rule(409, "Conflict"),
    ingesting.BadMetadata: Rule(400, "Bad request"),
    ingesting.NotSetUp: Rule(500, "Not set up"),
    ingesting.IngestError: Rule(422, "Unprocessable"),
    reviewing.NotInReview: Rule(404, "Not found"),
    reviewing.ReviewConflict: Rule(409, "Conflict"),
    reviewing.InvalidStatement: Rule(422, "Unprocessable"),
    reviewing.InvalidField: Rule(400, "Bad request", extra=lambda exc, r: {"field": exc.field}),
    reviewing.StoreRefused: Rule(500, "Store error"),
    ingesting.StoreRefusedIngest: Rule(500, "Store error"),
    reviewing.ReviewError: Rule(400, "Bad request"),
    StoreError: Rule(500, "Store error", lambda exc, r: f"the store failed on this request: {exc}"),
}


def rule_for(exc: Exception) -> Rule | None:
    for cls in type(exc).__mro__:
        if cls in RULES:
            return RULES[cls]
    return None


# -- the one shape -------------------------------------------------------------------------
MAX_MESSAGE = 2000


def shorten(message: str, limit: int = MAX_MESSAGE) -> str:
    """A message that echoes a huge input keeps its start and says how long it was."""
    if len(message) <= limit:
        return message
    return f"{message[:limit]}… (cut: the message was {len(message)} characters long)"


def error_body(status: int, title: str, message: str, extra: dict | None = None) -> dict:
    body = {"ok": False, "error": {"status": status, "title": title, "message": shorten(message)}}
    if extra:
        body["error"].update(extra)
    return body


def error_response(request: Request, status: int, title: str, message: str, extra: dict | None = None,
                   headers: dict | None = None) -> Response:
    renderer = getattr(request.app.state, "error_page", None)
    if renderer is not None and negotiation.error_format(request) == "html":
        response = renderer(request, status, title, shorten(message), extra or {})
    else:
        response = JSONResponse(error_body(status, title, message, extra), status_code=status)
    response.headers.update(headers or {})
    return response


def respond(request: Request, exc: Exception) -> Response:
    """The response for any exception: its rule from ``RULES``, else 500 without details."""
    if isinstance(exc, WebError):
        return error_response(request, exc.status, exc.title, exc.message, exc.extra, exc.headers)
    rule = rule_for(exc)
    if rule is None:
        # the last resort: still the one error shape, never a traceback or the bare text/plain page
        return error_response(request, 500, "Internal error",
                              f"the server failed on this request ({type(exc).__name__}); the log has the details")
    extra = rule.extra(exc, request) if rule.extra else None
    return error_response(request, rule.status, rule.title, rule.message(exc, request), extra)


def install(app: FastAPI) -> None:
    async def handle(request: Request, exc: Exception) -> Response:
        return respond(request, exc)

    for cls in (WebError, *RULES, Exception):
        app.add_exception_handler(cls, handle)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        title = {400: "Bad request", 404: "Not found", 405: "Method not allowed"}.get(exc.status_code, "Error")
        message = str(exc.detail)
        if exc.status_code == 404 and message == "Not Found":     # the router's own: say which page
            message = f"no page at {request.url.path}"
        elif exc.status_code == 405 and message == "Method Not Allowed":
            message = f"{request.method} is not allowed on {request.url.path}"
        return error_response(request, exc.status_code, title, message, headers=exc.headers)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        return error_response(request, 400, "Bad request", problems)
