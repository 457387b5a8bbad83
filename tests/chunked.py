"""A client that streams a large chunked body and stops as soon as the server answers, for tests
and benches of body limits: how many bytes went out before the answer, and the answer."""
from __future__ import annotations

import select
import socket
from dataclasses import dataclass
from urllib.parse import urlsplit

CHUNK = 256 * 1024
BOUNDARY = "kgboundary7"


@dataclass
class Outcome:
    status: int
    sent: int          # body bytes written before the server answered (or closed)
    head: str          # status line and headers
    body: bytes


def multipart_head(field: str = "file", filename: str = "big.txt") -> bytes:
    return (f"--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{filename}\"\r\n"
            "Content-Type: text/plain\r\n\r\n").encode()


def _chunk(data: bytes) -> bytes:
    return f"{len(data):x}\r\n".encode() + data + b"\r\n"


def stream(base: str, path: str, total: int, *, headers: dict | None = None, first: bytes = b"",
           content_type: str = f"multipart/form-data; boundary={BOUNDARY}", guard: float = 60.0,
           on_progress=None) -> Outcome:
    """POST ``total`` bytes (after ``first``) to ``path`` with chunked transfer encoding; between
    writes, stop as soon as the server has something to say. ``guard`` seconds without the socket
    becoming readable or writable fail the call (the server neither reads nor answers)."""
    url = urlsplit(base)
    sock = socket.create_connection((url.hostname, url.port))
    sock.setblocking(False)
    lines = [f"POST {path} HTTP/1.1", f"Host: {url.hostname}:{url.port}", "Transfer-Encoding: chunked",
             f"Content-Type: {content_type}", "Accept: application/json",
             *(f"{k}: {v}" for k, v in (headers or {}).items())]
    pending = ("\r\n".join(lines) + "\r\n\r\n").encode()
    sent = -len(pending)          # counts body bytes (chunk framing included) once the head is out
    pending += _chunk(first) if first else b""
    block = _chunk(b"x" * CHUNK)
    body_left = total
    try:
        while True:
            if not pending:
                if body_left <= 0:
                    pending = b"0\r\n\r\n"
                    body_left = -1
                elif body_left > 0:
                    pending, body_left = block, body_left - CHUNK
            readable, writable, _ = select.select([sock], [sock] if pending else [], [], guard)
            if readable:
                break
            if not writable:
                raise TimeoutError(f"the server neither read nor answered for {guard} s")
            try:
                n = sock.send(pending)
            except (BrokenPipeError, ConnectionResetError):
                break
            sent += n
            pending = pending[n:]
            if on_progress is not None:
                on_progress(sent)
            if body_left < 0 and not pending:
                select.select([sock], [], [], guard)
                break
        return _read_answer(sock, max(sent, 0), guard)
    finally:
        sock.close()


def _read_answer(sock: socket.socket, sent: int, guard: float) -> Outcome:
    data = b""
    while b"\r\n\r\n" not in data or len(data) < _wanted(data):
        readable, _, _ = select.select([sock], [], [], guard)
        if not readable:
            raise TimeoutError(f"no answer within {guard} s")
        try:
            piece = sock.recv(65536)
        except ConnectionResetError:
            piece = b""
        if not piece:
            break
        data += piece
    head, _, body = data.partition(b"\r\n\r\n")
    text = head.decode("latin-1")
    status = int(text.split(" ", 2)[1]) if text.startswith("HTTP/") else 0
    return Outcome(status, sent, text, body)


def _wanted(data: bytes) -> int:
    head, sep, _ = data.partition(b"\r\n\r\n")
    for line in head.decode("latin-1").split("\r\n"):
        if line.lower().startswith("content-length:"):
            return len(head) + len(sep) + int(line.split(":", 1)[1])
    return len(data)
