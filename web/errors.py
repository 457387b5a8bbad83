"""Typed HTTP errors and the one error shape.

Routes raise these; ``install(app)`` maps them (and FastAPI's own validation
errors) to a response: JSON ``{"ok": false, "error": {"status", "title", "message"}}``
for machines, an HTML page for browsers.
"""
from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.responses import JSONResponse, Response


class WebError(Exception):
    status = 500
    title = "Internal error"

    def __init__(self, message: str, *, extra: dict | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.extra = extra or {}


class BadRequest(WebError):
    status, title = 400, "Bad request"


class Unauthorized(WebError):
    status, title = 401, "Unauthorized"


class Forbidden(WebError):
    status, title = 403, "Forbidden"


class NotFound(WebError):
    status, title = 404, "Not found"


class NotAcceptable(WebError):
    status, title = 406, "Not acceptable"


class PayloadTooLarge(WebError):
    status, title = 413, "Payload too large"


class UnsupportedMediaType(WebError):
    status, title = 415, "Unsupported media type"


class QueryTimeout(WebError):
    status, title = 503, "Query timed out"


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


def wants_html(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return "text/html" in accept and not request.url.path.endswith(".json")


def error_response(request: Request, status: int, title: str, message: str, extra: dict | None = None) -> Response:
    renderer = getattr(request.app.state, "error_page", None)
    if renderer is not None and wants_html(request):
        return renderer(request, status, title, shorten(message), extra or {})
    return JSONResponse(error_body(status, title, message, extra), status_code=status)


def install(app: FastAPI) -> None:
    @app.exception_handler(WebError)
    async def _web_error(request: Request, exc: WebError) -> Response:
        return error_response(request, exc.status, exc.title, exc.message, exc.extra)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        title = {404: "Not found", 405: "Method not allowed"}.get(exc.status_code, "Error")
        message = str(exc.detail)
        if exc.status_code == 404 and message == "Not Found":     # the router's own: say which page
            message = f"no page at {request.url.path}"
        elif exc.status_code == 405 and message == "Method Not Allowed":
            message = f"{request.method} is not allowed on {request.url.path}"
        response = error_response(request, exc.status_code, title, message)
        for k, v in (exc.headers or {}).items():
            response.headers[k] = v
        return response

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        # the last resort: still the one error shape, never a traceback or the bare text/plain page
        return error_response(request, 500, "Internal error",
                              f"the server failed on this request ({type(exc).__name__}); the log has the details")

    @app.exception_handler(RequestValidationError)
    async def _validation_error(request: Request, exc: RequestValidationError) -> Response:
        problems = "; ".join(f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors())
        return error_response(request, 400, "Bad request", problems)
