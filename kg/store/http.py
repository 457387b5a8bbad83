"""HTTP pieces of the remote store: credentials that answer the server's challenge, and a
response body read as a file (for pyoxigraph's streaming parsers) with a deadline and an
engine's byte fix-up."""
from __future__ import annotations

import io
import time

import httpx

from kg.store.terms import StoreError


class StoreTimeout(StoreError):
    """The engine did not answer within the time limit, or said it stopped early."""


class _Auth(httpx.Auth):
    """user:password, as HTTP Digest when the server challenges for it (Virtuoso's
    /sparql-auth takes only Digest), else as Basic."""

    def __init__(self, user: str, password: str) -> None:
        self._basic = httpx.BasicAuth(user, password)
        self._digest = httpx.DigestAuth(user, password)
        self._scheme: str | None = None

    def auth_flow(self, request):
        if self._scheme == "basic":
            yield from self._basic.auth_flow(request)
            return
        flow = self._digest.auth_flow(request)
        outgoing = next(flow)
        while True:
            response = yield outgoing
            challenge = response.headers.get("www-authenticate", "").lower()
            if response.status_code == 401 and challenge.startswith("basic"):
                self._scheme = "basic"
                yield from self._basic.auth_flow(request)
                return
            try:
                outgoing = flow.send(response)
            except StopIteration:
                return


class _Body(io.RawIOBase):
    """A response body as a file for pyoxigraph's streaming parsers, stopping at a deadline."""

    def __init__(self, response: httpx.Response, deadline: float | None,
                 replace: tuple[bytes, bytes] | None = None) -> None:
        self._chunks = response.iter_bytes()
        self._rest = b""
        self._held = b""             # the end of the last chunk, when ``replace`` may span two chunks
        self._deadline = deadline
        self._replace = replace
        self.received = 0            # bytes taken from the response for the reader (``drain`` says its own)

    def readable(self) -> bool:
        return True

    def drain(self, limit: int = 1 << 16) -> int:
        """Read what the parser left (a final newline, the chunked encoding's end), up to ``limit``
        bytes, so the connection goes back to the pool: closing it instead costs a new connection
        per query, and the Oxigraph server keeps a thread per connection it saw (16,000 threads,
        then "Resource temporarily unavailable", on one page of 1M quads). Returns the bytes read."""
        seen = 0
        for chunk in self._chunks:
            seen += len(chunk)
            if seen > limit:
                break
        return seen

    def readinto(self, buffer) -> int:
        while not self._rest:
            if self._deadline is not None and time.monotonic() > self._deadline:
                raise StoreTimeout("the engine's answer did not arrive within the time limit")
            try:
                chunk = next(self._chunks)
            except StopIteration:
                self._rest, self._held = self._held, b""
                if not self._rest:
                    return 0
                break
            except httpx.TimeoutException:
                raise StoreTimeout("the engine did not answer within the time limit") from None
            self.received += len(chunk)
            if self._replace is None:
                self._rest = chunk
                continue
            old, new = self._replace
            data = (self._held + chunk).replace(old, new)
            cut = max(0, len(data) - (len(old) - 1))   # hold back what may be the start of ``old``
            self._rest, self._held = data[:cut], data[cut:]
        n = min(len(buffer), len(self._rest))
        buffer[:n] = self._rest[:n]
        self._rest = self._rest[n:]
        return n
