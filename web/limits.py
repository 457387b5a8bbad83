"""Bounded requests: every body the app reads is counted as it arrives, and no NUL character
stands in a path or a query parameter.

``BodyLimit`` (plain ASGI, installed by the app factory) gives each request a cap on its body:
the upload form (``/documents/new``) may carry ``max_upload_bytes`` plus the form's own fields,
the sign-in and sign-out forms ``FORM_BYTES``, everything else ``max_request_bytes``. A body
declared larger (``Content-Length``) is refused on the first read, a chunked one as soon as its
count passes the cap: either way with 413, and nothing more of it is read or spooled to disk.
A route that does not read its body reads nothing; the write routes check who is asking
before they read (``web.auth.admit``), so a client without credentials gets 401/403 after its
headers alone.

``NoNul`` answers 400 naming the parameter to a request whose path or query parameters hold
a NUL character (``%00``): no name, search text or document id has one, and SQLite and the
stores end or refuse strings there. The SPARQL endpoint is left to its own checks (a query's
string literal may hold any character).
"""
from __future__ import annotations

from urllib.parse import parse_qsl, unquote_to_bytes

from web.errors import BadRequest, PayloadTooLarge

FORM_OVERHEAD = 64 * 1024      # the upload form's fields besides the file (title, url, csrf, ...)
FORM_BYTES = 64 * 1024         # a sign-in or sign-out form
SMALL_FORMS = ("/login", "/logout")
UPLOAD = "/documents/new"


def cap_for(path: str, settings) -> int:
    """The most bytes of body a request to ``path`` (a path of the app, no mount prefix) may send."""
    if path == UPLOAD:
        return settings.max_upload_bytes + FORM_OVERHEAD
    if path in SMALL_FORMS:
        return FORM_BYTES
    return settings.max_request_bytes


def _declared(scope) -> int | None:
    for key, value in scope.get("headers", ()):
        if key == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None
    return None


class BodyLimit:
    """Counts each request's body as the app reads it and stops it at the cap (413)."""

    def __init__(self, app, settings) -> None:
        self.app = app
        self.settings = settings

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path, root = scope["path"], scope.get("root_path", "")
        if root and path.startswith(root):
            path = path[len(root):] or "/"
        cap = cap_for(path, self.settings)
        declared = _declared(scope)
        seen = 0

        async def counted():
            nonlocal seen
            if declared is not None and declared > cap:
                raise PayloadTooLarge(f"the request body has {declared} bytes; the limit here is {cap} bytes")
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > cap:
                    raise PayloadTooLarge(f"the request body is over the limit here of {cap} bytes")
            return message

        await self.app(scope, counted, send)


class NoNul:
    """400 for a NUL character in the path or a query parameter (outside ``/sparql``)."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http":
            problem = nul_in(scope)
            if problem is not None:
                await _refuse(scope, receive, send, BadRequest(problem))
                return
        await self.app(scope, receive, send)


def nul_in(scope) -> str | None:
    """What holds a NUL character in this request's path or query string, if anything does."""
    path, query = scope["path"], scope.get("query_string", b"")
    if path.endswith("/sparql"):
        return None
    if "\0" in path:
        return "the path holds a NUL character (%00), which no page's address has"
    if b"%00" not in query and b"\0" not in query:
        return None
    for key, value in parse_qsl(query.decode("latin-1"), keep_blank_values=True):
        if "\0" in key or "\0" in value:
            return f"the parameter {key.replace(chr(0), '')!r} holds a NUL character (%00)"
    if b"\0" in unquote_to_bytes(query):
        return "the query string holds a NUL character (%00)"
    return None


async def _refuse(scope, receive, send, exc) -> None:
    from starlette.requests import Request

    from web.errors import respond

    response = respond(Request(scope, receive), exc)
    await response(scope, receive, send)
