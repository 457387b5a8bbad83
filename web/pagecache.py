"""Rendered pages kept until the store's next write: a plain ASGI middleware.

A GET of a page (not ``/sparql``, which has its own result cache, nor static files) whose
answer is 200 and at most ``MAX_ENTRY`` bytes is kept under (store generation, mount
prefix, path, query string, Accept); the same request then gets the same bytes without
running the route. Every write bumps ``Store.generation``, so a kept page never outlives
the data it shows. Not kept: requests carrying a Cookie or Authorization (a signed-in
reviewer's pages), responses that set a cookie or say ``Cache-Control: no-store``.
A client sending ``Cache-Control: no-cache`` gets a freshly built page (benchmarks use it
to time the routes themselves). ``X-KG-Page-Cache: hit|miss`` says which happened.
"""
from __future__ import annotations

import threading
from collections import OrderedDict

MAX_ENTRY = 1_000_000        # bytes: larger pages are built every time
SKIP_PREFIXES = ("/sparql", "/static", "/health", "/api/")


class PageCache:
    def __init__(self, app, store, max_bytes: int = 64 * 1024 * 1024) -> None:
        self.app = app
        self.store = store
        self.max_bytes = max_bytes
        self._entries: OrderedDict[tuple, tuple[int, list, bytes]] = OrderedDict()
        self._bytes = 0
        self._generation = -1
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def _key(self, scope) -> tuple | None:
        if scope["type"] != "http" or scope["method"] != "GET" or self.max_bytes <= 0:
            return None
        path = scope["path"][len(scope.get("root_path", "")):] if scope["path"].startswith(scope.get("root_path", "")) \
            else scope["path"]
        if path.startswith(SKIP_PREFIXES) or "/review" in path or path.endswith("/new"):
            return None
        headers = dict(scope["headers"])
        if b"cookie" in headers or b"authorization" in headers:
            return None
        return (scope.get("root_path", ""), scope["path"], scope.get("query_string", b""),
                headers.get(b"accept", b""), headers.get(b"host", b""))

    def _get(self, key: tuple):
        with self._lock:
            if self._generation != self.store.generation:
                self._entries.clear()
                self._bytes = 0
                self._generation = self.store.generation
            hit = self._entries.get(key)
            if hit is not None:
                self._entries.move_to_end(key)
            return hit

    def _put(self, key: tuple, generation: int, entry: tuple[int, list, bytes]) -> None:
        with self._lock:
            if generation != self.store.generation or generation != self._generation:
                return  # the store changed while the page was built
            self._entries[key] = entry
            self._bytes += len(entry[2])
            while self._bytes > self.max_bytes and self._entries:
                _, (_, _, body) = self._entries.popitem(last=False)
                self._bytes -= len(body)

    async def __call__(self, scope, receive, send) -> None:
        key = self._key(scope)
        if key is None:
            await self.app(scope, receive, send)
            return
        no_cache = b"no-cache" in dict(scope["headers"]).get(b"cache-control", b"")
        hit = None if no_cache else self._get(key)
        if hit is not None:
            self.hits += 1
            status, headers, body = hit
            await send({"type": "http.response.start", "status": status,
                        "headers": headers + [(b"x-kg-page-cache", b"hit")]})
            await send({"type": "http.response.body", "body": body})
            return
        self.misses += 1
        generation = self.store.generation
        if no_cache:
            self._get(key)  # still clears what an update made stale
        start: dict = {}
        chunks: list[bytes] = []
        keep = True

        async def capture(message) -> None:
            nonlocal keep
            if message["type"] == "http.response.start":
                start.update(message)
                headers = list(message.get("headers", []))
                names = {k.lower(): v for k, v in headers}
                if message["status"] != 200 or b"set-cookie" in names or b"no-store" in names.get(b"cache-control", b""):
                    keep = False
                message = {**message, "headers": headers + [(b"x-kg-page-cache", b"miss")]}
            elif message["type"] == "http.response.body" and keep:
                chunks.append(message.get("body", b""))
                if sum(map(len, chunks)) > MAX_ENTRY:
                    keep = False
                    chunks.clear()
                if not message.get("more_body", False) and keep:
                    self._put(key, generation, (start["status"], list(start.get("headers", [])), b"".join(chunks)))
            await send(message)

        await self.app(scope, receive, capture)
