"""The "anyone can exhaust the server" probes of issue 20, against a running ``kg serve``:
what each costs the server (answer, time, bytes sent or spooled, peak resident memory).

    python -m bench.bounds_probe                      # this tree
    python -m bench.bounds_probe --tree /tmp/old-tree # another checkout, for a before/after table

Each probe starts a fresh server on scratch copies of the corpus and data folders (memory
store, an update token) so one probe's damage does not slow the next. Prints a Markdown table
and saves JSON in bench/results/.
"""
from __future__ import annotations

import argparse
import fcntl
import json
import os
import sys
import tempfile
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from chunked import multipart_head, stream  # noqa: E402
from kg.core.storage import LOCK_NAME  # noqa: E402
from live_server import free_port, running  # noqa: E402
from pdf_bombs import long_strings  # noqa: E402
from scratch import NOTES, scratch_folders  # noqa: E402

TOKEN = "probe-token"
MB = 1024 * 1024
CORPUS = Path(os.environ.get("KG_CORPUS") or ROOT.parent / "shared" / "corpus")


def status_of(pid: int, field: str) -> int:
    """A /proc/PID/status value in kB (VmHWM: peak resident memory)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1])
    return 0


def spooled(pid: int, folder: Path) -> int:
    total = 0
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            if os.readlink(fd).startswith(str(folder)):
                total += os.stat(fd).st_size
        except OSError:
            continue
    return total


def serve(tree: Path, tmp: Path):
    corpus, data = scratch_folders(tmp, CORPUS)
    spool = tmp / "spool"
    spool.mkdir()
    port = free_port()
    cmd = [sys.executable, "-m", "kg.cli.run", "serve", "--port", str(port), "--store", "memory",
           "--store-path", str(tmp / "store"), "--corpus", str(corpus), "--data", str(data), "--update-token", TOKEN]
    env = {**os.environ, "PYTHONPATH": str(tree), "TMPDIR": str(spool), "KG_WARM_UP": "0"}
    return running(cmd, port, tmp / "server.log", cwd=tree, env=env, timeout=180), spool, data


def chunked_probe(server, spool: Path, path: str, total: int) -> dict:
    base = spooled(server.pid, spool)        # the SPARQL service's snapshot files live there too
    peak = [0]

    def watch(sent: int) -> None:
        peak[0] = max(peak[0], spooled(server.pid, spool) - base)

    t = time.perf_counter()
    out = stream(server.base, path, total, first=multipart_head(), on_progress=watch, guard=300)
    return {"status": out.status, "ms": round((time.perf_counter() - t) * 1000), "sent_mb": round(out.sent / MB, 1),
            "spooled_mb": round(peak[0] / MB, 1)}


def concat_query(levels: int = 7) -> str:
    binds = ['BIND("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" AS ?v0)'] + [
        f"BIND(CONCAT({','.join([f'?v{i}'] * 10)}) AS ?v{i + 1})" for i in range(levels)]
    return f"SELECT ?v{levels} WHERE {{ {' '.join(binds)} }}"


def sparql_probe(server, query: str) -> dict:
    t = time.perf_counter()
    r = httpx.post(server.base + "/sparql", data={"query": query},
                   headers={"accept": "application/sparql-results+json"}, timeout=300)
    return {"status": r.status_code, "ms": round((time.perf_counter() - t) * 1000), "body_mb": round(len(r.content) / MB, 2),
            "truncated": r.headers.get("x-kg-truncated"), "query_chars": len(query),
            "message": r.json()["error"]["message"][:100] if r.status_code >= 400 else ""}


def upload(server, name: str, data: bytes, timeout: float) -> dict:
    t = time.perf_counter()
    try:
        r = httpx.post(server.base + "/documents/new", files={"file": (name, data)},
                       headers={"authorization": f"Bearer {TOKEN}", "accept": "application/json"}, timeout=timeout)
        status, body = r.status_code, r.json()
    except httpx.TimeoutException:
        status, body = None, {}
    return {"status": status, "ms": round((time.perf_counter() - t) * 1000), "body": body}


def long_note(chars: int, shift: int = 0) -> bytes:
    """Our own sentences, varied by a counter (from ``shift``), until ``chars`` characters."""
    parts, n = [], shift
    while sum(map(len, parts)) < chars:
        parts.append(NOTES.replace("18 months", f"{n % 97 + 2} months").replace("40%", f"{n % 89 + 3}%"))
        n += 1
    return "".join(parts).encode()


def review_probe(server, chars: int) -> dict:
    big = upload(server, "long.txt", long_note(chars), 900)
    ident = big["body"].get("id")
    small = upload(server, "short.txt", NOTES.encode(), 300)["body"]["id"]
    auth = {"authorization": f"Bearer {TOKEN}", "accept": "application/json"}
    pid = next(p["id"] for p in httpx.get(f"{server.base}/documents/{small}/review.json", timeout=300).json()["proposals"]
               if p["kind"] == "mention")
    t = time.perf_counter()
    page = httpx.get(f"{server.base}/documents/{ident}/review", headers={"accept": "text/html"}, timeout=900)
    page_ms = round((time.perf_counter() - t) * 1000)
    # how long a second long upload holds the data folder's lock (other writers wait that long):
    # polled from here every 10 ms while the upload runs; then an accept on the short document
    other = threading.Thread(target=upload, args=(server, "long2.txt", long_note(chars, shift=5), 900))
    held = 0.0
    with open(server.data / LOCK_NAME, "a+") as fh:
        other.start()
        while other.is_alive():
            try:
                fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
                fcntl.flock(fh.fileno(), fcntl.LOCK_UN)
            except BlockingIOError:
                held += 0.01
            time.sleep(0.01)
    t = time.perf_counter()
    accept = httpx.post(f"{server.base}/documents/{small}/review", data={"action": "accept", "pid": pid},
                        headers=auth, timeout=900)
    accept_ms = round((time.perf_counter() - t) * 1000)
    return {"upload_ms": big["ms"], "proposals": sum((big["body"].get("proposals") or {}).values()),
            "page_status": page.status_code, "page_mb": round(len(page.content) / MB, 2), "page_ms": page_ms,
            "lock_held_during_second_upload_s": round(held, 2), "accept_status": accept.status_code,
            "accept_ms": accept_ms}


def probe(name: str, tree: Path, run) -> dict:
    with tempfile.TemporaryDirectory(prefix="kg-probe-") as tmp:
        server_cm, spool, data = serve(tree, Path(tmp))
        with server_cm as server:
            server.data = data
            before = status_of(server.pid, "VmHWM")
            result = run(server, spool)
            result["server_peak_rss_mb"] = round(status_of(server.pid, "VmHWM") / 1024)
            result["server_rss_at_start_mb"] = round(before / 1024)
    print(name, json.dumps(result), flush=True)
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tree", type=Path, default=ROOT, help="source tree to serve (default: this one)")
    ap.add_argument("--only", default="", help="comma-separated probe names")
    ap.add_argument("--review-chars", type=int, default=100_000)
    args = ap.parse_args()
    probes = {
        "upload 300 MB chunked, no credentials": lambda s, sp: chunked_probe(s, sp, "/documents/new", 300 * MB),
        "login 300 MB chunked": lambda s, sp: chunked_probe(s, sp, "/login", 300 * MB),
        "SPARQL nested CONCAT (300 MB value)": lambda s, sp: sparql_probe(s, concat_query()),
        "SPARQL unknown function": lambda s, sp: sparql_probe(
            s, "SELECT ?x WHERE { ?s ?p ?o BIND(<http://example/function>(?o) AS ?x) } LIMIT 1"),
        "PDF of four 70 MB strings (274 KB)": lambda s, sp: {k: v for k, v in upload(
            s, "bomb.pdf", long_strings(4, 70_000_000), 120).items() if k != "body"},
        "review of a long upload": lambda s, sp: review_probe(s, args.review_chars),
    }
    wanted = [p for p in args.only.split(",") if p] or list(probes)
    results = {name: probe(name, args.tree, probes[name]) for name in probes if any(w in name for w in wanted)}
    print("\n| probe | result |\n|---|---|")
    for name, r in results.items():
        print(f"| {name} | {', '.join(f'{k} {v}' for k, v in r.items())} |")
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / f"bounds_probe_{int(time.time())}.json").write_text(json.dumps({"tree": str(args.tree), **results}, indent=1))


if __name__ == "__main__":
    main()
