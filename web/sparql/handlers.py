"""What ``/sparql`` does with a request once read: run a query, run an update (with the
token), or describe the service (a browser asking for HTML gets the query editor instead)."""
from __future__ import annotations

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import Response

from kg.sparql.description import service_description
from kg.sparql.recorded import recorded_update
from kg.validate.write_shapes import effect_check

from web import auth, editor_page, errors, gateway
from web.sparql import media
from web.sparql.protocol import Operation


async def query(request: Request, op: Operation) -> Response:
    result_format, graph_format = media.formats(request.headers.get("accept"),
                                                op.values("format") + op.values("output"))
    service = await gateway.service(request)
    result = await service.aquery(
        op.text, default_graphs=op.values("default-graph-uri"), named_graphs=op.values("named-graph-uri"),
        result_format=result_format, graph_format=graph_format, base_iri=endpoint_url(request))
    headers = {"X-KG-Truncated": "true" if result.truncated else "false", "X-KG-Rows": str(result.count),
               "X-KG-Query-Seconds": f"{result.seconds:.4f}", "X-KG-Cache": "hit" if result.cached else "miss",
               "Vary": "Accept"}
    if result.truncated:
        headers["X-KG-Row-Cap"] = str(service.settings.row_cap)
        headers["X-KG-Byte-Cap"] = str(service.settings.max_result_bytes)
    return Response(result.body, media_type=media.CONTENT_TYPES[result.format], headers=headers)


def check_token(request: Request) -> None:
    """Updates need ``Authorization: Bearer <update_token>``: 403 when updates are off or the
    token is wrong, 401 (with ``WWW-Authenticate``) when there is none."""
    if not request.app.state.settings.update_token:
        raise errors.Forbidden("SPARQL Update is disabled on this endpoint (start kg serve with --update-token)")
    if not request.headers.get("authorization"):
        raise errors.Unauthorized("SPARQL Update needs 'Authorization: Bearer <token>'",
                                  headers={"WWW-Authenticate": 'Bearer realm="sparql-update"'})
    if not auth.bearer(request):       # another scheme; a wrong token is refused there
        raise errors.Forbidden("the update token is not valid")


async def update(request: Request, op: Operation) -> Response:
    check_token(request)
    service = await gateway.service(request)
    state = request.app.state
    await run_in_threadpool(recorded_update, service, getattr(state, "record_dir", None), op.text,
                            using=op.values("using-graph-uri"), using_named=op.values("using-named-graph-uri"),
                            base_iri=endpoint_url(request),
                            check=effect_check(state.store, state.settings.ontology_dir))
    return Response(b'{"ok":true}', media_type="application/json")


async def describe(request: Request) -> Response:
    """The service description (Turtle unless Accept asks otherwise), or for a browser the editor."""
    fmt = media.description_format(request.headers.get("accept"))
    if fmt == "editor":
        return editor_page.editor_page(request)
    state = request.app.state
    body = await run_in_threadpool(
        service_description, endpoint_url(request), named_graphs=state.store.named_graphs(),
        update_enabled=bool(state.settings.update_token), fmt=fmt)
    return Response(body, media_type=media.CONTENT_TYPES[fmt], headers={"Vary": "Accept"})


def endpoint_url(request: Request) -> str:
    """This endpoint's own absolute URL (the base IRI of queries and the service description's
    ``sd:endpoint``), under the prefix the app is mounted at.

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
