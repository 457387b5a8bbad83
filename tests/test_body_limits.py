"""Bodies are bounded before they are read, over real HTTP (``kg serve`` on a loopback port):
a large chunked body without credentials is answered 401/403 after its headers, a body over
the cap 413 once the cap is passed, and nothing of it is spooled to the server's temporary
folder. The client streams and stops as soon as the server answers (``tests/chunked.py``)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from chunked import multipart_head, stream
from live_server import live_server

TOKEN = "limits-token"
MB = 1024 * 1024
UPLOAD_CAP = 2 * MB
BIG = 64 * MB          # what a client tries to send; the server must answer long before
SLACK = 12 * MB        # socket buffers on loopback (both sides) may take this much unread


@pytest.fixture(scope="module")
def server(tmp_path_factory, corpus_dir):
    tmp = tmp_path_factory.mktemp("limits-live")
    spool = tmp / "spool"
    spool.mkdir()
    from scratch import scratch_folders

    corpus, data = scratch_folders(tmp, corpus_dir)
    args = ["--store", "memory", "--corpus", str(corpus), "--data", str(data), "--update-token", TOKEN]
    env = {"TMPDIR": str(spool), "KG_MAX_UPLOAD_BYTES": str(UPLOAD_CAP), "KG_WARM_UP": "0"}
    with live_server(args, tmp, env=env) as base:
        yield base, Spool(spool, server_pid(str(tmp / "store")))


def server_pid(marker: str) -> int:
    """The ``kg serve`` process whose command line names ``marker`` (its store folder)."""
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if marker in (entry / "cmdline").read_bytes().decode(errors="replace"):
                    return int(entry.name)
            except OSError:
                continue
    raise LookupError(marker)


class Spool:
    """The server's temporary folder. Spooled uploads are unnamed files (``O_TMPFILE``), so the
    bytes are counted through the server's open file descriptors into the folder."""

    def __init__(self, folder: Path, pid: int) -> None:
        self.folder, self.pid = folder, pid

    def bytes(self) -> int:
        total = 0
        for fd in Path(f"/proc/{self.pid}/fd").iterdir():
            try:
                if os.readlink(fd).startswith(str(self.folder)):
                    total += os.stat(fd).st_size
            except OSError:
                continue
        return total


@pytest.mark.parametrize("path", ["/documents/new", "/documents/some-document/review", "/logout"])
def test_a_large_chunked_body_without_credentials_is_401_before_it_is_read(server, path):
    base, spool = server
    peak = []
    out = stream(base, path, BIG, first=multipart_head(), on_progress=lambda sent: peak.append(spool.bytes()))
    assert out.status == 401, out.head
    assert out.sent < SLACK, f"{out.sent} bytes went out before the answer"
    assert max(peak, default=0) < MB


def test_a_wrong_bearer_token_is_403_before_the_body(server):
    base, _ = server
    out = stream(base, "/documents/new", BIG, first=multipart_head(), headers={"Authorization": "Bearer nope"})
    assert out.status == 403 and out.sent < SLACK, (out.head, out.sent)


@pytest.mark.parametrize("path", ["/login", "/documents/new", "/documents/some-document/review", "/sparql"])
def test_a_chunked_body_over_the_cap_is_413_once_the_cap_is_passed(server, path):
    base, spool = server
    auth = {} if path == "/login" else {"Authorization": f"Bearer {TOKEN}"}
    if path == "/documents/new":
        out = stream(base, path, BIG, first=multipart_head(), headers=auth)
    else:
        out = stream(base, path, BIG, first=b"note=", headers=auth, content_type="application/x-www-form-urlencoded")
    assert out.status == 413, out.head
    assert b'"status":413' in out.body
    assert out.sent < UPLOAD_CAP + SLACK, f"{out.sent} bytes went out before the answer"
    assert spool.bytes() < MB


def test_a_sparql_update_without_the_token_is_refused_before_its_body(server):
    base, _ = server
    out = stream(base, "/sparql", BIG, content_type="application/sparql-update")
    assert out.status == 401 and out.sent < SLACK, (out.head, out.sent)


@pytest.mark.parametrize("path", ["/login", "/documents/new"])
def test_a_declared_length_over_the_cap_is_413_after_the_headers(server, path):
    """Only the headers and a few bytes are sent: the answer cannot wait for the rest."""
    import socket
    from urllib.parse import urlsplit

    url = urlsplit(server[0])
    with socket.create_connection((url.hostname, url.port), timeout=60) as sock:
        sock.sendall((f"POST {path} HTTP/1.1\r\nHost: x\r\nContent-Length: {300 * MB}\r\n"
                      f"Authorization: Bearer {TOKEN}\r\nAccept: application/json\r\n"
                      "Content-Type: application/x-www-form-urlencoded\r\n\r\ntoken=x").encode())
        head = sock.recv(65536).decode("latin-1")
    assert head.startswith("HTTP/1.1 413"), head[:300]


def test_a_small_upload_still_goes_through(server):
    import httpx

    base, _ = server
    r = httpx.post(base + "/documents/new", headers={"authorization": f"Bearer {TOKEN}", "accept": "application/json"},
                   files={"file": ("notes.txt", b"A short note of our own about export controls in 2025.\n" * 20,
                                   "text/plain")}, data={"title": "A note"}, timeout=120)
    assert r.status_code == 201, r.text
