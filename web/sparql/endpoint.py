"""The ``/sparql`` route: one handler for GET and POST that reads the operation and hands it on."""
from __future__ import annotations

from fastapi import APIRouter
from starlette.requests import Request
from starlette.responses import Response

from web.sparql import handlers, protocol

router = APIRouter()
PATH = "/sparql"


async def sparql(request: Request) -> Response:
    """GET or POST a query, POST an update, or GET the service description (no query)."""
    if request.method == "POST" and protocol.media_type(request.headers.get("content-type"))[0] == protocol.UPDATE_TYPE:
        handlers.check_token(request)   # an update body is read only with the token
    op = await protocol.read(request, request.app.state.settings.max_request_bytes)
    if op.kind == "update":
        return await handlers.update(request, op)
    if op.kind == "query":
        return await handlers.query(request, op)
    return await handlers.describe(request)


# A plain Starlette route: it reads the request itself, so FastAPI's parameter solving (which
# parsed the query string a second time) is skipped; docs/reference/sparql.md documents the endpoint.
router.add_route(PATH, sparql, methods=["GET", "POST"], include_in_schema=False)
