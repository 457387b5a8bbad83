"""Reading a SPARQL 1.1 Protocol request: the operation, its text and its dataset parameters.

``read(request, limit)`` turns GET (query string), POST form, POST ``application/sparql-query``
and POST ``application/sparql-update`` into one ``Operation``; everything that breaks the
protocol is a 4xx naming the problem (413 over ``limit`` bytes, 415 for other bodies, 400 for
non-UTF-8 text, several operations, an update sent with GET).
"""
from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qsl

from starlette.requests import Request

from kg.core.memo import memo_short_text

from web import errors

FORM = "application/x-www-form-urlencoded"
QUERY_TYPE = "application/sparql-query"
UPDATE_TYPE = "application/sparql-update"


@dataclass(frozen=True)
class Operation:
    kind: str                        # query | update | none (no operation: the service description)
    text: str
    params: tuple[tuple[str, str], ...]  # query-string and form pairs, in order

    def values(self, name: str) -> list[str]:
        return [v for k, v in self.params if k == name]


async def read(request: Request, limit: int) -> Operation:
    raw_query = request.scope.get("query_string", b"")
    if len(raw_query) > limit:
        raise errors.PayloadTooLarge(f"the query string has {len(raw_query)} bytes; the limit is {limit}")
    pairs = parse_pairs(raw_query.decode("latin-1"), "query string")
    direct_query = direct_update = None
    if request.method == "POST":
        media, charset = media_type(request.headers.get("content-type"))
        body = await read_body(request, limit)
        if charset and charset not in ("utf-8", "utf8"):
            raise errors.BadRequest(f"the request body must be UTF-8, not {charset}")
        if media == FORM:
            pairs += parse_pairs(utf8(body, "form body"), "form body")
        elif media == QUERY_TYPE:
            direct_query = utf8(body, "query")
        elif media == UPDATE_TYPE:
            direct_update = utf8(body, "update")
        elif media is None:
            raise errors.BadRequest(f"a POST needs a Content-Type: {FORM}, {QUERY_TYPE} or {UPDATE_TYPE}")
        else:
            raise errors.UnsupportedMediaType(f"cannot read a {media} body; send {FORM}, {QUERY_TYPE} or {UPDATE_TYPE}")

    queries = [v for k, v in pairs if k == "query"] + ([direct_query] if direct_query is not None else [])
    updates = [v for k, v in pairs if k == "update"] + ([direct_update] if direct_update is not None else [])
    if updates and request.method != "POST":
        raise errors.BadRequest("SPARQL Update must be sent with POST")
    if queries and updates:
        raise errors.BadRequest("a request carries either a query or an update, not both")
    if len(queries) > 1 or len(updates) > 1:
        raise errors.BadRequest("a request carries exactly one query or update; this one has "
                                f"{len(queries) or len(updates)}")
    if updates:
        return Operation("update", updates[0], tuple(pairs))
    if queries:
        return Operation("query", queries[0], tuple(pairs))
    if request.method == "POST":
        raise errors.BadRequest("the request has no query or update")
    return Operation("none", "", tuple(pairs))


def parse_pairs(text: str, what: str) -> list[tuple[str, str]]:
    return list(_parse_qs(text, what))


@memo_short_text(maxsize=1024)
def _parse_qs(text: str, what: str) -> tuple[tuple[str, str], ...]:
    try:
        return tuple(parse_qsl(text, keep_blank_values=True, encoding="utf-8", errors="strict"))
    except UnicodeDecodeError as exc:
        raise errors.BadRequest(f"the {what} is not UTF-8 after percent-decoding: {exc.reason} at byte {exc.start}") from None


def media_type(header: str | None) -> tuple[str | None, str | None]:
    """(media type, charset) of a Content-Type header, lower-cased."""
    if not header:
        return None, None
    parts = [p.strip() for p in header.split(";")]
    charset = None
    for p in parts[1:]:
        key, _, value = p.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    return parts[0].lower(), charset


async def read_body(request: Request, limit: int) -> bytes:
    length = request.headers.get("content-length")
    if length and length.isdigit() and int(length) > limit:
        raise errors.PayloadTooLarge(f"the request body has {length} bytes; the limit is {limit}")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise errors.PayloadTooLarge(f"the request body is over the limit of {limit} bytes")
        chunks.append(chunk)
    return b"".join(chunks)


def utf8(body: bytes, what: str) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise errors.BadRequest(f"the {what} is not valid UTF-8 (byte {exc.start}: {exc.reason})") from None
