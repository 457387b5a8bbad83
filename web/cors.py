"""Cross-origin access as an allow-list (``cors_origins``; KG_CORS_ORIGINS, ``kg serve --cors-origin``).

With no origins listed (the default) no CORS header is ever sent, so browsers keep pages of
other sites from reading this server; scripts and same-origin pages are not affected. A
listed origin (or ``*``) may read every route, including ``/sparql`` from a YASGUI or
Comunica page elsewhere. Plain ASGI, like ``SecurityHeaders``.
"""
from __future__ import annotations

import json

from .errors import error_body

METHODS = b"GET, POST, OPTIONS"
ALLOWED_HEADERS = b"Accept, Content-Type, Authorization"
EXPOSED_HEADERS = b"X-KG-Truncated, X-KG-Rows, X-KG-Cache, X-KG-Query-Seconds, X-KG-Row-Cap, Link"
MAX_AGE = b"600"


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


class Cors:
    def __init__(self, app, origins: frozenset[str]) -> None:
        self.app = app
        self.origins = origins
        self.any = "*" in origins

    def _allowed(self, origin: str) -> bool:
        return self.any or origin in self.origins

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or not self.origins:
            await self.app(scope, receive, send)
            return
        origin = next((v.decode("latin-1") for k, v in scope["headers"] if k == b"origin"), None)
        if origin is None:
            await self.app(scope, receive, send)
            return
        preflight = scope["method"] == "OPTIONS" and any(k == b"access-control-request-method"
                                                        for k, _ in scope["headers"])
        if preflight:
            await self._preflight(origin, send)
            return
        if not self._allowed(origin):
            await self.app(scope, receive, send)
            return
        allow = (b"*" if self.any else origin.encode("latin-1"))

        async def send_with_cors(message) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"vary"]
                vary = [v for k, v in message.get("headers", []) if k.lower() == b"vary"]
                headers += [(b"access-control-allow-origin", allow),
                            (b"access-control-expose-headers", EXPOSED_HEADERS),
                            (b"vary", b", ".join([*vary, b"Origin"]))]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, send_with_cors)

    async def _preflight(self, origin: str, send) -> None:
        if self._allowed(origin):
            status, body = 204, b""
            headers = [(b"access-control-allow-origin", b"*" if self.any else origin.encode("latin-1")),
                       (b"access-control-allow-methods", METHODS),
                       (b"access-control-allow-headers", ALLOWED_HEADERS),
                       (b"access-control-max-age", MAX_AGE), (b"vary", b"Origin")]
        else:
            status = 403
            message = (f"cross-origin requests from {origin[:200]!r} are not allowed here "
                       "(the server's cors_origins setting lists the allowed origins)")
            body = json.dumps(error_body(403, "Forbidden", message)).encode()
            headers = [(b"content-type", b"application/json"), (b"vary", b"Origin")]
        headers.append((b"content-length", str(len(body)).encode()))
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})
