"""Does the server's memory grow with its query workers times the store's size?

For one graph size, starts ``kg serve --workers W`` for each W of ``--workers`` (default 1,2,4),
waits for the warm-up, sends ``--queries`` different SPARQL queries (each answered by a worker:
a different comment per query, so the result cache never answers), pages through a few list
pages, then reads the resident memory of the server's process tree: RSS summed over processes
(pages shared between them counted each time) and PSS (shared pages split between them).

    python -m bench.memory_workers --size 1m --workers 1,2,4

Prints a Markdown table and saves JSON in bench/results/.
"""
from __future__ import annotations

import argparse
import json
import time
from pathlib import Path
from urllib.parse import urlencode

import httpx

from .first_requests import per_process
from .scale_server import (ROOT, WORKDIR, app_snapshot, entity_query, log, machine, parse_size, prepare, serve, size_label,
                           stop_on_sigterm, wait_idle)


def run(size, data, s, workers: int, args) -> dict:
    with serve(size, data, args.workdir, kg_args=f"--workers {workers} {args.kg_args}", timeout=args.timeout,
               app_dir=args.app_dir, store_dir=args.store_dir) as server:
        warm = wait_idle(server.pid, args.timeout)
        after_start = per_process(server.pid)
        client = httpx.Client(base_url=server.base, timeout=args.timeout)
        for i in range(args.queries):
            query = f"# {i}\n" + entity_query(s.typical_measure if i % 2 else s.hub)
            r = client.get("/sparql?" + urlencode({"query": query}), headers={"accept": "application/sparql-results+json"})
            assert r.status_code == 200, r.text[:300]
        for path in ("/claims", "/timeline", "/measures", "/links", "/documents"):
            client.get(path, headers={"accept": "text/html", "cache-control": "no-cache"})
        wait_idle(server.pid, args.timeout)
        out = {"workers": workers, "warm_up_s": warm, "after_start": after_start, "after_queries": per_process(server.pid)}
        log(f"workers {workers}: {out['after_queries']}")
        return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", default="1m")
    ap.add_argument("--workers", default="1,2,4")
    ap.add_argument("--queries", type=int, default=40)
    ap.add_argument("--timeout", type=float, default=3600)
    ap.add_argument("--workdir", type=Path, default=WORKDIR, help="synthetic data, temporary stores and server logs")
    ap.add_argument("--kg-args", default="", help="more options for kg serve")
    ap.add_argument("--store-dir", type=Path, default=None,
                    help="keep the temporary store and its warm state in this folder: a second run with the same "
                         "folder measures a restart that reads the warm state")
    ap.add_argument("--rev", help="serve the app as committed at this revision (git archive), not the working tree")
    args = ap.parse_args(argv)
    stop_on_sigterm()
    size = parse_size(args.size)
    args.app_dir = app_snapshot(args.rev, args.workdir) if args.rev else ROOT
    data, s = prepare(size, args.workdir)
    runs = [run(size, data, s, int(w), args) for w in args.workers.split(",")]
    result = {"size": size_label(size), "app": args.rev or "working tree", "machine": machine(), "runs": runs}
    out = ROOT / "bench" / "results" / f"memory-workers-{size_label(size)}-{time.strftime('%Y-%m-%dT%H%M%S')}.json"
    out.write_text(json.dumps(result, indent=1))
    print(f"| {result['size']} | processes | RSS after start (MB) | RSS after queries (MB) | PSS after queries (MB) "
          "| each process after queries: RSS/PSS (MB) |")
    print("|---|---:|---:|---:|---:|---|")
    for r in runs:
        each = ", ".join(f"{p['name']} {p['rss_mb']:.0f}/{p['pss_mb']:.0f}" for p in r["after_queries"]["per_process"])
        print(f"| --workers {r['workers']} | {r['after_queries']['processes']} | {r['after_start']['rss_mb']:,.0f} | "
              f"{r['after_queries']['rss_mb']:,.0f} | {r['after_queries']['pss_mb']:,.0f} | {each} |")
    log(f"saved {out}")


if __name__ == "__main__":
    main()
