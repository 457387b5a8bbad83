"""The null handler: the same HTTP stack as ``kg serve`` (FastAPI + uvicorn, same settings)
answering ``/sparql`` with a fixed body and never touching a store. Its throughput is the
ceiling of the stack on this machine.

    python -m bench.null_app --port 8001 --bodies bodies.json [--kg-middleware]

``bodies.json`` maps a query text to ``[media type, body]``; a query not in it gets the
first entry. ``--kg-middleware`` adds a header middleware like the one web/app.py installs,
to show what that layer costs.
"""
from __future__ import annotations

import argparse
import hashlib
import json

from fastapi import FastAPI, Request
from starlette.responses import Response

CSP = "default-src 'self'"


def make_app(bodies: dict[str, tuple[str, bytes]], kg_middleware: bool = False) -> FastAPI:
    by_hash = {hashlib.sha1(q.encode()).digest(): v for q, v in bodies.items()}
    default = next(iter(by_hash.values()))
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)

    if kg_middleware:
        @app.middleware("http")
        async def security_headers(request: Request, call_next):
            response = await call_next(request)
            response.headers.setdefault("Content-Security-Policy", CSP)
            response.headers.setdefault("X-Content-Type-Options", "nosniff")
            response.headers.setdefault("Referrer-Policy", "same-origin")
            return response

    @app.get("/health")
    def health() -> dict:
        return {"ok": True}

    @app.api_route("/sparql", methods=["GET", "POST"])
    async def sparql(request: Request) -> Response:
        query = request.query_params.get("query")
        if query is None and request.method == "POST":
            query = (await request.form()).get("query")
        media, body = by_hash.get(hashlib.sha1((query or "").encode()).digest(), default)
        return Response(body, media_type=media)

    return app


def main() -> None:
    import uvicorn

    ap = argparse.ArgumentParser()
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--bodies", required=True)
    ap.add_argument("--kg-middleware", action="store_true")
    args = ap.parse_args()
    raw = json.load(open(args.bodies, encoding="utf-8"))
    bodies = {q: (media, body.encode("utf-8")) for q, (media, body) in raw.items()}
    uvicorn.run(make_app(bodies, args.kg_middleware), host=args.host, port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
