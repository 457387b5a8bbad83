"""Server time and response size of every page kind, on the curated graph and on synthetic graphs.

For each size it starts a real ``kg serve`` (``--store memory`` for the curated graph,
``--load FILE`` for a synthetic one written once by bench/synth.py into /tmp/kg-bench), waits
for /health (the load time), then times each page over HTTP on loopback (one httpx client,
keep-alive) after one warm-up request, and records the server's resident memory.

    python -m bench.pages_scale --sizes curated,100k,1m -n 5 --timeout 60

Prints a Markdown table (median / p95 ms and bytes per page kind, one column group per size,
the ratio of the largest synthetic size to the curated graph, flags for responses over 1 MB and
statuses other than 200) or JSON with ``--json``; the JSON is also saved in bench/results/.
See docs/reference/benchmarks.md.
"""
from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import httpx

from . import first_requests as first
from .loadgen import percentile
from .pages_table import LISTS, MB, expected, table
from .scale_server import (ROOT, WORKDIR, Subjects, app_info, app_snapshot, curated_document, entity_query, log,
                           machine, memory, parse_size, prepare, serve, size_label,
                           stop_on_sigterm, wait_idle)

HTML = {"accept": "text/html"}
JSON_ACCEPT = {"accept": "application/json"}
def pages(s: Subjects) -> dict[str, tuple[str, dict]]:
    """page kind -> (path, headers): the first page of each, as a user reaches it."""
    m = s.typical_measure
    return {
        "home": ("/", HTML),
        "search (HTML, rare word)": ("/search?" + urlencode({"q": s.rare_word}), HTML),
        "search (HTML, common word)": ("/search?" + urlencode({"q": s.common_word}), HTML),
        "search (JSON, rare word)": ("/search.json?" + urlencode({"q": s.rare_word}), {}),
        "search (JSON, common word)": ("/search.json?" + urlencode({"q": s.common_word}), {}),
        "entity: typical measure (HTML)": (s.path(m), HTML),
        "entity: hub (HTML, first page)": (s.path(s.hub), HTML),
        "entity: typical (Turtle)": (s.path(m), {"accept": "text/turtle"}),
        "entity: typical (JSON)": (s.path(m, ".json"), {}),
        "entity 404 with suggestions": ("/id/" + s.missing, HTML),
        **{f"list /{k}": (f"/{k}", HTML) for k in LISTS},
        "claims (first page)": ("/claims", HTML),
        "timeline": ("/timeline", HTML),
        "documents": ("/documents", HTML),
        "document page": (f"/documents/{s.document}", HTML),
        "trace (HTML)": ("/trace?" + urlencode({"from": m}), HTML),
        "trace: its diagram (SVG, fetched by the HTML page)": ("/trace/diagram.svg?" + urlencode({"from": m}), {}),
        "trace (JSON)": ("/trace.json?" + urlencode({"from": m}), {}),
        "trace: what acts on a target (HTML)": ("/trace?" + urlencode({"to": s.target}), HTML),
        "export: SVG depth 1": ("/export?" + urlencode({"focus": m, "depth": "1", "format": "svg"}), {}),
        "SPARQL SELECT (entity statements, uncached)": ("/sparql", {"accept": "application/sparql-results+json"}),
    }


def sparql_url(s: Subjects, i: int) -> str:
    """The entity query with a comment that differs per request, so the result cache never answers it."""
    return "/sparql?" + urlencode({"query": f"# bench {i} {time.time_ns()}\n" + entity_query(s.typical_measure)})


def one(client: httpx.Client, url: str, headers: dict) -> dict:
    """One request: total ms (to the last byte), ms to the response head, status, bytes; or the exception."""
    t0 = time.perf_counter()
    try:
        with client.stream("GET", url, headers=headers) as r:
            head = time.perf_counter()
            n = 0
            for chunk in r.iter_raw():
                n += len(chunk)
        end = time.perf_counter()
        return {"ms": (end - t0) * 1000, "head_ms": (head - t0) * 1000, "status": r.status_code, "bytes": n,
                "content_type": r.headers.get("content-type", "")}
    except httpx.HTTPError as exc:
        return {"ms": (time.perf_counter() - t0) * 1000, "status": None, "error": f"{type(exc).__name__}: {exc}"[:200]}


def time_page(client: httpx.Client, name: str, path: str, headers: dict, s: Subjects, args, pid: int) -> dict:
    """A warm-up request, then up to -n timed ones (fewer once --page-budget seconds are spent, at least
    --min-n); a warm-up that fails with an exception (timeout) is reported as is and not repeated."""
    url = (lambda i: sparql_url(s, i)) if path == "/sparql" else (lambda i: path)
    if not args.page_cache:   # time the route itself, not the page cache's copy of its answer
        headers = {**headers, "cache-control": "no-cache"}
    warm = one(client, url(-1), headers)
    entry: dict = {"path": path if path != "/sparql" else "/sparql?query=<entity statements>",
                   "warmup_ms": round(warm["ms"], 1), "warmup_status": warm["status"]}
    if warm["status"] is None:
        entry.update(status=None, error=warm["error"], n=0, median_ms=None, p95_ms=None, bytes=None)
        entry["waited_idle_s"] = wait_idle(pid, args.idle_wait)   # the abandoned request still runs
        return entry
    samples: list[dict] = []
    started = time.monotonic()
    for i in range(args.n):
        if i >= args.min_n and time.monotonic() - started > args.page_budget:
            break
        r = one(client, url(i), headers)
        samples.append(r)
        if r["status"] is None:
            entry["waited_idle_s"] = wait_idle(pid, args.idle_wait)
            break
    ok = [r for r in samples if r["status"] is not None]
    times = [r["ms"] for r in ok]
    statuses = sorted({r["status"] for r in samples if r["status"] is not None})
    entry.update(n=len(samples), statuses=statuses, expected_status=expected(name), status=statuses[0] if len(statuses) == 1 else statuses,
                 median_ms=round(statistics.median(times), 1) if times else None,
                 p95_ms=round(percentile(times, 95), 1) if times else None,
                 median_head_ms=round(statistics.median(r["head_ms"] for r in ok), 1) if ok else None,
                 bytes=max((r["bytes"] for r in ok), default=warm.get("bytes")),
                 content_type=(ok[-1] if ok else warm).get("content_type", ""))
    errs = [r["error"] for r in samples if r["status"] is None]
    if errs:
        entry["error"] = errs[0]
    return entry


def time_pages(srv, subjects: Subjects, args, size) -> dict[str, dict]:
    """Every page kind's warm-up request and no-cache timings on one running server."""
    only = re.compile(args.only) if args.only else None
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    results: dict[str, dict] = {}
    busy = None
    with httpx.Client(base_url=srv.base, timeout=args.timeout, limits=limits) as client:
        for name, (path, headers) in pages(subjects).items():
            if only and not only.search(name):
                continue
            e = time_page(client, name, path, headers, subjects, args, srv.pid)
            if busy:
                e["after_busy"] = busy   # an abandoned request may still be running in the server
            if (e.get("waited_idle_s") or 0) >= args.idle_wait:
                busy = name
            results[name] = e
            flag = (" OVER 1 MB" if (e.get("bytes") or 0) > MB else "") + \
                   (f" status {e.get('status')}" if e.get("status") != expected(name) else "")
            log(f"  {size_label(size)} {name}: median {e.get('median_ms')} ms, p95 {e.get('p95_ms')} ms, "
                f"{e.get('bytes')} bytes (n={e['n']}, warm-up {e['warmup_ms']} ms){flag}"
                + (f" [{e['error']}]" if e.get("error") else ""))
    return results


def run_size(size, args) -> dict:
    data, subjects = prepare(size, args.workdir)
    out: dict = {"size": size_label(size), "file": str(data) if data else None, "meta": subjects.meta}
    if args.first:
        out["first"] = {}
        if args.before:
            out["first"]["before"] = first_requests(size, data, subjects, args, app_snapshot(args.before, args.workdir), "before")
        out["first"]["after"] = first_requests(size, data, subjects, args, after_app(args), "after")
        after = out["first"]["after"]
        out.update(load_s=after["restart_s"], quads=after["quads"], command=after["command"],
                   memory_after_load=after["memory"], memory_after_run=after["memory"], pages=after["medians"])
        out["subjects"] = {k: v for k, v in vars(subjects).items() if k != "meta"}
        return out
    with serve(size, data, args.workdir, args.kg_args, args.start_timeout, after_app(args),
               not args.no_ontology) as srv:
        out.update(load_s=srv.ready_s, quads=srv.quads, command=srv.command, memory_after_load=memory(srv.pid))
        if subjects.document is None:
            subjects.document = curated_document(srv.base)
        out["subjects"] = {k: v for k, v in vars(subjects).items() if k != "meta"}
        out["pages"] = time_pages(srv, subjects, args, size)
        time.sleep(0.5)
        out["memory_after_run"] = memory(srv.pid)
        log(f"{size_label(size)}: memory after the run {out['memory_after_run']}")
    return out


def after_app(args) -> Path:
    """The app measured as "after": the working tree, or ``--rev`` unpacked when its turn first comes, so
    that ``--rev main`` with a long ``--before`` part serves main as it is when the before part ends."""
    if args.app_dir is None:
        args.app_dir = app_snapshot(args.rev, args.workdir)
    return args.app_dir


def first_requests(size, data, subjects: Subjects, args, app_dir: Path, label: str) -> dict:
    """A cold start, then a restart on the same store: each page kind's first request after each, the
    no-cache medians, and the first requests after a one-statement write (bench/first_requests.py)."""
    store_dir = args.workdir / "stores" / f"{size_label(size)}-{label}"
    if data is None:
        shutil.rmtree(store_dir / "store", ignore_errors=True)     # built afresh: no write stamp from a last run
    kg_args = f"{args.kg_args} --update-token {first.TOKEN}"
    only = re.compile(args.only) if args.only else None

    def urls() -> dict[str, tuple[str, dict]]:
        return {name: (sparql_url(subjects, 0) if path == "/sparql" else path, headers)
                for name, (path, headers) in pages(subjects).items()
                if not (only and not only.search(name)) and not (name == "document page" and subjects.document is None)}
    tag = f"{size_label(size)} {label}"
    run = {"app": str(app_dir)}
    built = bool(args.built and data is not None)
    if built:
        run["build"] = first.built_store(data, store_dir, args.workdir, app_dir)
    first.forget_warm_state(store_dir)
    wait = dict(size=size, data=data, workdir=args.workdir, kg_args=kg_args, timeout=args.start_timeout,
                app_dir=app_dir, ontology=not args.no_ontology, store_dir=store_dir, built=built)
    with serve(**wait) as srv:
        run.update(cold_start_s=srv.ready_s, cold=first.first_pass(srv.base, urls(), one, args.timeout, f"{tag} cold start:"))
        run["cold_idle_s"] = round(wait_idle(srv.pid, args.idle_wait), 1)   # the warm-up's end, at most --idle-wait s
        run["cold_memory"] = first.per_process(srv.pid)                     # its peak RSS per process included
        log(f"{tag}: memory after the cold start's warm-up {run['cold_memory']}")
        if subjects.document is None:
            subjects.document = curated_document(srv.base)
    with serve(**wait) as srv:
        run.update(restart_s=srv.ready_s, quads=srv.quads, command=srv.command,
                   restart=first.first_pass(srv.base, urls(), one, args.timeout, f"{tag} restart:"))
        run["medians"] = time_pages(srv, subjects, args, size)
        run["write"] = first.write_one(srv.base, subjects.typical_measure, args.timeout)
        run["after_write"] = first.first_pass(srv.base, urls(), one, args.timeout, f"{tag} after a write:")
        run["memory"] = first.per_process(srv.pid)
        log(f"{tag}: memory {run['memory']}")
    if built:   # a start after the write: the store is rebuilt from the data folder and the journal
        with serve(**wait) as srv:
            run["after_write_start_s"] = srv.ready_s
    return run


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="Time every page kind of kg serve on the curated and synthetic graphs.")
    ap.add_argument("--sizes", default="curated,100k,1m", help="comma-separated: curated and/or quad counts (100k, 1m)")
    ap.add_argument("-n", type=int, default=5, help="timed requests per page (after one warm-up)")
    ap.add_argument("--min-n", type=int, default=3, help="at least this many timed requests, even past --page-budget")
    ap.add_argument("--page-budget", type=float, default=60,
                    help="stop repeating a page after this many seconds (slow pages at 1M quads)")
    ap.add_argument("--timeout", type=float, default=60, help="per-request timeout, seconds")
    ap.add_argument("--idle-wait", type=float, default=300,
                    help="after a timed-out request, wait up to this many seconds for the server to go idle "
                         "(it finishes the abandoned request) before the next page")
    ap.add_argument("--only", default=None, help="regular expression: time only the page kinds it matches")
    ap.add_argument("--workdir", type=Path, default=WORKDIR, help="synthetic data, temporary stores and server logs")
    ap.add_argument("--kg-args", default="", help="extra options for kg serve, e.g. '--workers 1'")
    ap.add_argument("--start-timeout", type=float, default=1800, help="seconds to wait for /health")
    ap.add_argument("--rev", default=None,
                    help="serve the app as committed at this revision (git archive into the work folder) "
                         "instead of the working tree; resolved when the app's turn first comes (after any "
                         "--before part)")
    ap.add_argument("--no-ontology", action="store_true",
                    help="serve a synthetic file alone, without ontology/policy-kg.ttl (lists by superclass are empty)")
    ap.add_argument("--first", action="store_true",
                    help="also time each page kind's first request after a cold start, after a restart on the "
                         "unchanged store and after a one-statement write (bench/first_requests.py)")
    ap.add_argument("--built", action="store_true",
                    help="with --first, for synthetic sizes: build each size's store once with kg build from a data "
                         "folder holding the synthetic quads (one TriG file) and start kg serve on it, instead of "
                         "kg serve --load FILE at every start; also start once more after the write")
    ap.add_argument("--before", default=None, metavar="REV",
                    help="with --first: measure the app as committed at REV too, in the same run")
    ap.add_argument("--json", action="store_true", help="print JSON instead of the Markdown table")
    ap.add_argument("--page-cache", action="store_true",
                    help="let the server's page cache answer repeated pages (default: send Cache-Control: no-cache, "
                         "so each request builds its page)")
    args = ap.parse_args(argv)
    stop_on_sigterm()
    args.app_dir = None if args.rev else ROOT

    sizes = [parse_size(x) for x in args.sizes.split(",") if x.strip()]
    run = {"started": time.strftime("%Y-%m-%dT%H:%M:%S"), "machine": machine(), "n": args.n, "min_n": args.min_n,
           "page_budget": args.page_budget, "timeout": args.timeout, "idle_wait": args.idle_wait, "sizes": []}
    results_dir = ROOT / "bench" / "results"
    results_dir.mkdir(parents=True, exist_ok=True)
    out = results_dir / f"pages-scale-{run['started'].replace(':', '')}.json"
    for size in sizes:
        log(f"== {size_label(size)} ==")
        run["sizes"].append(run_size(size, args))
        run["app"] = app_info(after_app(args))
        out.write_text(json.dumps(run, indent=1))
    log(f"saved {out}")
    report = table(run) + "".join("\n\n" + first.table(s) for s in run["sizes"] if "first" in s)
    print(json.dumps(run, indent=1) if args.json else report, flush=True)


if __name__ == "__main__":
    sys.exit(main())
