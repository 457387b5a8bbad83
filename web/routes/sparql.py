"""``/sparql``: the SPARQL 1.1 Protocol endpoint (query, update, service description).

A mountable router: it reads the request, negotiates the format, and hands the
query to ``kg.sparql.SparqlService`` through ``web.gateway`` (app.state.sparql, created on
first use when the app factory's caller did not create one; ``/export?query=`` uses the
same service and error mapping). It holds no SPARQL and no query logic.
"""
from __future__ import annotations

import hmac
from urllib.parse import parse_qsl

from fastapi import APIRouter, Request
from starlette.concurrency import run_in_threadpool
from starlette.responses import Response

from kg import sparql as core
from kg.memo import memo_short_text
from kg.sparql.description import service_description

from .. import errors, gateway

router = APIRouter()

PATH = "/sparql"

# media type -> result format, for SELECT and ASK (first entry: the default)
RESULT_MEDIA_TYPES = {
    "application/sparql-results+json": "json",
    "application/json": "json",
    "application/sparql-results+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/csv": "csv",
    "text/tab-separated-values": "tsv",
}
# media type -> graph format, for CONSTRUCT and DESCRIBE (first entry: the default)
GRAPH_MEDIA_TYPES = {
    "text/turtle": "turtle",
    "application/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/n-triples": "ntriples",
    "text/plain": "ntriples",
    "application/rdf+xml": "rdfxml",
    "application/xml": "rdfxml",
    "text/xml": "rdfxml",
    "application/ld+json": "jsonld",
    "application/x-json+ld": "jsonld",
    "application/json": "jsonld",
}
# format -> Content-Type of the response
CONTENT_TYPES = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
    "turtle": "text/turtle; charset=utf-8",
    "ntriples": "application/n-triples",
    "rdfxml": "application/rdf+xml",
    "jsonld": "application/ld+json",
}
# ?format= / ?output= short names some clients send (used only when Accept says nothing specific)
FORMAT_NAMES = {
    "json": "json", "xml": "xml", "csv": "csv", "tsv": "tsv",
    "turtle": "turtle", "ttl": "turtle", "n-triples": "ntriples", "nt": "ntriples", "ntriples": "ntriples",
    "rdfxml": "rdfxml", "rdf+xml": "rdfxml", "rdf": "rdfxml", "json-ld": "jsonld", "jsonld": "jsonld",
}
FORM = "application/x-www-form-urlencoded"
QUERY_TYPE = "application/sparql-query"
UPDATE_TYPE = "application/sparql-update"
DESCRIPTION_MEDIA_TYPES = {"text/turtle": "turtle", "application/n-triples": "ntriples",
                           "application/rdf+xml": "rdfxml", "application/ld+json": "jsonld", "text/plain": "turtle"}

# -- negotiation -------------------------------------------------------------------------
@memo_short_text(maxsize=256)
def _accept_ranges(accept: str) -> tuple[str, ...]:
    """Media ranges of an Accept header, best first (q=0 dropped; ties keep their order).

    Clients send the same few headers again and again: short ones are remembered."""
    ranges = []
    for i, part in enumerate(accept.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for f in fields[1:]:
            if f.lower().startswith("q="):
                try:
                    q = float(f[2:])
                except ValueError:
                    q = 0.0
        if q > 0:
            ranges.append((-q, i, media))
    return tuple(m for _, _, m in sorted(ranges))


def negotiate(accept: str | None, table: dict[str, str]) -> str | None:
    """The format of ``table`` the Accept header prefers; the table's first entry when no Accept."""
    if not accept or not accept.strip():
        return next(iter(table.values()))
    for media in _accept_ranges(accept):
        if media in table:
            return table[media]
        if media == "*/*":
            return next(iter(table.values()))
        if media.endswith("/*"):
            major = media[:-1]
            for known, fmt in table.items():
                if known.startswith(major):
                    return fmt
    return None


def _wildcard_only(accept: str | None) -> bool:
    return not accept or all(m == "*/*" for m in _accept_ranges(accept))


# -- reading the request -----------------------------------------------------------------
def _parse_pairs(text: str, what: str) -> list[tuple[str, str]]:
    return list(_parse_qs(text, what))


@memo_short_text(maxsize=1024)
def _parse_qs(text: str, what: str) -> tuple[tuple[str, str], ...]:
    try:
        return tuple(parse_qsl(text, keep_blank_values=True, encoding="utf-8", errors="strict"))
    except UnicodeDecodeError as exc:
        raise errors.BadRequest(f"the {what} is not UTF-8 after percent-decoding: {exc.reason} at byte {exc.start}") from None


def _media_type(header: str | None) -> tuple[str | None, str | None]:
    if not header:
        return None, None
    parts = [p.strip() for p in header.split(";")]
    charset = None
    for p in parts[1:]:
        key, _, value = p.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip('"').lower()
    return parts[0].lower(), charset


async def _read_body(request: Request, limit: int) -> bytes:
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


def _utf8(body: bytes, what: str) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise errors.BadRequest(f"the {what} is not valid UTF-8 (byte {exc.start}: {exc.reason})") from None


def _values(pairs: list[tuple[str, str]], name: str) -> list[str]:
    return [v for k, v in pairs if k == name]


# -- the endpoint ------------------------------------------------------------------------
async def sparql(request: Request) -> Response:
    """GET or POST a query, POST an update, or GET the service description (no query)."""
    settings = request.app.state.settings
    limit = settings.max_request_bytes
    raw_query = request.scope.get("query_string", b"")
    if len(raw_query) > limit:
        raise errors.PayloadTooLarge(f"the query string has {len(raw_query)} bytes; the limit is {limit}")
    pairs = _parse_pairs(raw_query.decode("latin-1"), "query string")
    direct_query = direct_update = None

    if request.method == "POST":
        media, charset = _media_type(request.headers.get("content-type"))
        body = await _read_body(request, limit)
        if charset and charset not in ("utf-8", "utf8"):
            raise errors.BadRequest(f"the request body must be UTF-8, not {charset}")
        if media == FORM:
            pairs += _parse_pairs(_utf8(body, "form body"), "form body")
        elif media == QUERY_TYPE:
            direct_query = _utf8(body, "query")
        elif media == UPDATE_TYPE:
            direct_update = _utf8(body, "update")
        elif media is None:
            raise errors.BadRequest(f"a POST needs a Content-Type: {FORM}, {QUERY_TYPE} or {UPDATE_TYPE}")
        else:
            raise errors.UnsupportedMediaType(f"cannot read a {media} body; send {FORM}, {QUERY_TYPE} or {UPDATE_TYPE}")

    queries = _values(pairs, "query") + ([direct_query] if direct_query is not None else [])
    updates = _values(pairs, "update") + ([direct_update] if direct_update is not None else [])
    if updates and request.method != "POST":
        raise errors.BadRequest("SPARQL Update must be sent with POST")
    if queries and updates:
        raise errors.BadRequest("a request carries either a query or an update, not both")
    if len(queries) > 1 or len(updates) > 1:
        raise errors.BadRequest("a request carries exactly one query or update; this one has "
                                f"{len(queries) or len(updates)}")
    if updates:
        return await _update(request, updates[0], pairs)
    if queries:
        return await _query(request, queries[0], pairs)
    if request.method == "POST":
        raise errors.BadRequest("the request has no query or update")
    return await _describe(request)


# A plain Starlette route: it reads the request itself, so FastAPI's parameter solving (which
# parsed the query string a second time) is skipped; the README documents the endpoint.
router.add_route(PATH, sparql, methods=["GET", "POST"], include_in_schema=False)


def _endpoint_url(request: Request) -> str:
    """This endpoint's own URL (the base IRI of queries and the service description).

    Building ``request.url`` parsed the whole URL on every request (a third of the handler's
    time); the answer depends only on scheme, Host, root path and path, so the few seen are kept."""
    scope = request.scope
    host = next((v for k, v in scope["headers"] if k == b"host"), None)
    server = scope.get("server")
    key = (scope.get("scheme"), host, tuple(server) if server else None, scope.get("root_path", ""), scope.get("path"))
    url = _ENDPOINT_URLS.get(key)
    if url is None:
        url = str(request.url.replace(query="", fragment=""))
        if len(_ENDPOINT_URLS) < 64:  # Host comes from the client: keep the table small
            _ENDPOINT_URLS[key] = url
    return url


_ENDPOINT_URLS: dict[tuple, str] = {}


async def _query(request: Request, text: str, pairs: list[tuple[str, str]]) -> Response:
    accept = request.headers.get("accept")
    result_format = negotiate(accept, RESULT_MEDIA_TYPES)
    graph_format = negotiate(accept, GRAPH_MEDIA_TYPES)
    named = (_values(pairs, "format") + _values(pairs, "output"))
    if named and _wildcard_only(accept):
        fmt = FORMAT_NAMES.get(named[0].lower()) or RESULT_MEDIA_TYPES.get(named[0].lower()) \
            or GRAPH_MEDIA_TYPES.get(named[0].lower())
        if fmt in ("json", "xml", "csv", "tsv"):
            result_format = fmt
        elif fmt is not None:
            graph_format = fmt
    if result_format is None and graph_format is None:
        raise errors.NotAcceptable(_not_acceptable_message(accept))
    service = await gateway.get_service(request)
    try:
        result = await service.aquery(
            text,
            default_graphs=_values(pairs, "default-graph-uri"), named_graphs=_values(pairs, "named-graph-uri"),
            result_format=result_format, graph_format=graph_format, base_iri=_endpoint_url(request))
    except core.NotAcceptable as exc:
        raise errors.NotAcceptable(_not_acceptable_message(accept, exc.kind)) from None
    except gateway.QUERY_ERRORS as exc:
        raise gateway.query_error(exc, service) from None
    headers = {"X-KG-Truncated": "true" if result.truncated else "false", "X-KG-Rows": str(result.count),
               "X-KG-Query-Seconds": f"{result.seconds:.4f}", "X-KG-Cache": "hit" if result.cached else "miss",
               "Vary": "Accept"}
    if result.truncated:
        headers["X-KG-Row-Cap"] = str(service.settings.row_cap)
    return Response(result.body, media_type=CONTENT_TYPES[result.format], headers=headers)


def _not_acceptable_message(accept: str | None, kind: str | None = None) -> str:
    results = ", ".join(sorted(set(RESULT_MEDIA_TYPES)))
    graphs = ", ".join(sorted(set(GRAPH_MEDIA_TYPES)))
    if kind == "graph":
        offer = f"a graph result is available as {graphs}"
    elif kind in ("bindings", "boolean"):
        offer = f"a {'SELECT' if kind == 'bindings' else 'ASK'} result is available as {results}"
    else:
        offer = f"results are available as {results}; graphs as {graphs}"
    return f"nothing in Accept: {accept!r} can be served; {offer}"


async def _update(request: Request, text: str, pairs: list[tuple[str, str]]) -> Response:
    settings = request.app.state.settings
    token = settings.update_token
    if not token:
        raise errors.Forbidden("SPARQL Update is disabled on this endpoint (start kg serve with --update-token)")
    auth = request.headers.get("authorization", "")
    scheme, _, credentials = auth.partition(" ")
    if not auth:
        response = errors.error_response(request, 401, errors.Unauthorized.title,
                                         "SPARQL Update needs 'Authorization: Bearer <token>'")
        response.headers["WWW-Authenticate"] = 'Bearer realm="sparql-update"'
        return response
    if scheme.lower() != "bearer" or not hmac.compare_digest(credentials.strip().encode(), token.encode()):
        raise errors.Forbidden("the update token is not valid")
    service = await gateway.get_service(request)
    try:
        await run_in_threadpool(service.update, text, using=_values(pairs, "using-graph-uri"),
                                using_named=_values(pairs, "using-named-graph-uri"),
                                base_iri=_endpoint_url(request))
    except core.SparqlSyntaxError as exc:
        raise errors.BadRequest(f"malformed update: {exc}", extra=gateway.position(exc)) from None
    except core.QueryRefused as exc:
        raise errors.BadRequest(str(exc)) from None
    except core.QueryFailed as exc:
        raise errors.WebError(str(exc)) from None
    return Response(b'{"ok":true}', media_type="application/json")


async def _describe(request: Request) -> Response:
    accept = request.headers.get("accept")
    if accept and "text/html" in accept:
        try:
            from web import editor
        except ModuleNotFoundError as exc:
            if exc.name not in ("web.editor",):
                raise
        else:
            return editor.editor_page(request)
    fmt = negotiate(accept, DESCRIPTION_MEDIA_TYPES)
    if fmt is None:
        raise errors.NotAcceptable(f"the service description is available as {', '.join(DESCRIPTION_MEDIA_TYPES)}")
    state = request.app.state
    body = await run_in_threadpool(
        service_description, _endpoint_url(request), named_graphs=state.store.named_graphs(),
        update_enabled=bool(state.settings.update_token), fmt=fmt)
    return Response(body, media_type=CONTENT_TYPES[fmt], headers={"Vary": "Accept"})
