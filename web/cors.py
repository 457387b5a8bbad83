"""Cross-origin access as an allow-list (``cors_origins``; KG_CORS_ORIGINS, ``kg serve --cors-origin``).

With no origins listed (the default) no CORS header is ever sent, so browsers keep pages of
other sites from reading this server; scripts and same-origin pages are not affected. A
listed origin (or ``*``) may read every route, including ``/sparql`` from a YASGUI or
Comunica page elsewhere. Starlette's middleware does the work (``Cors`` below says what it
changes and why).
"""
from __future__ import annotations

from starlette.datastructures import Headers
from starlette.middleware.cors import CORSMiddleware
from starlette.responses import JSONResponse, Response

from web.errors import error_body

METHODS = ("GET", "POST", "OPTIONS")
ALLOWED_HEADERS = ("Accept", "Content-Type", "Authorization")
EXPOSED_HEADERS = ("X-KG-Truncated", "X-KG-Rows", "X-KG-Cache", "X-KG-Query-Seconds", "X-KG-Row-Cap", "Link")
MAX_AGE = 600


def parse_origins(value: str) -> frozenset[str]:
    """``"https://a.example, https://b.example"`` -> the set; ``*`` allows any origin.

    An origin is scheme://host[:port] with nothing after it; anything else is an error that names it."""
    origins = set()
    for part in value.split(","):
        origin = part.strip().rstrip("/")
        if not origin:
            continue
        if origin != "*" and (not origin.startswith(("http://", "https://")) or "/" in origin.split("://", 1)[1]):
            raise ValueError(f"not an origin (scheme://host[:port]): {part.strip()!r}")
        origins.add(origin)
    return frozenset(origins)


class Cors(CORSMiddleware):
    """Starlette's ``CORSMiddleware`` (origin checks, ``Vary``, exposed headers, preflight checks
    of method and headers), with the two answers this app's clients are tested against
    (tests/test_cors.py): an accepted preflight is 204 with no body (Starlette: 200 "OK"), and
    a refused one is 403 in the one JSON error shape, naming the origin (Starlette: a 400
    text "Disallowed CORS origin")."""

    def __init__(self, app, origins: frozenset[str]) -> None:
        super().__init__(app, allow_origins=sorted(origins), allow_methods=METHODS, allow_headers=ALLOWED_HEADERS,
                         expose_headers=EXPOSED_HEADERS, max_age=MAX_AGE)

    def preflight_response(self, request_headers: Headers) -> Response:
        answer = super().preflight_response(request_headers)
        if answer.status_code < 400:
            kept = {k: v for k, v in answer.headers.items() if k not in ("content-length", "content-type")}
            return Response(status_code=204, headers=kept)
        origin = request_headers["origin"]
        if self.is_allowed_origin(origin):
            message = (f"a cross-origin {request_headers['access-control-request-method'][:50]!r} request with "
                       f"headers {request_headers.get('access-control-request-headers', '')[:200]!r} is not allowed "
                       f"here (methods: {', '.join(METHODS)}; headers: {', '.join(ALLOWED_HEADERS)})")
        else:
            message = (f"cross-origin requests from {origin[:200]!r} are not allowed here "
                       "(the server's cors_origins setting lists the allowed origins)")
        return JSONResponse(error_body(403, "Forbidden", message), status_code=403, headers={"Vary": "Origin"})
