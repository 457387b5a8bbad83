"""Each page kind as the very first request of a cold start: what a user meets while the app warms up.

``pages_scale.py --first`` asks every page kind in turn after one cold start, so only the first of
them meets the warm-up at its start (the later ones find what the earlier ones waited for). Here every
page kind gets a cold start of its own (the store's ``warm/`` folder removed, ``kg serve`` started on
the same store folder): right after /health answers it is asked for once, then again once the
warm-up has ended (the server idle), both with ``Cache-Control: no-cache``. An answer made while the
label index was being built says so (``X-KG-Partial`` header); the table marks it.

    .venv/bin/python -m bench.cold_first --sizes 1m --only '^home|search \\(|typical measure \\(HTML|hub' \\
        --before REV [--rev REV] --workdir /work/scratch-NAME

prints a Markdown table (ms; the status when not 200; "partial" when the answer said so) and saves
the JSON in ``bench/results/cold-first-<time>.json``.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import time
from pathlib import Path

import httpx

from . import first_requests as first
from .pages_scale import pages
from .scale_server import (ROOT, WORKDIR, app_info, app_snapshot, log, machine, parse_size, prepare, serve,
                           size_label, stop_on_sigterm, wait_idle)


def one(client: httpx.Client, path: str, headers: dict) -> dict:
    """One request read to the last byte: ms, status, bytes and the ``X-KG-Partial`` header (or the exception)."""
    t0 = time.perf_counter()
    try:
        with client.stream("GET", path, headers={**headers, **first.NO_CACHE}) as r:
            n = sum(len(chunk) for chunk in r.iter_raw())
        return {"ms": round((time.perf_counter() - t0) * 1000, 1), "status": r.status_code, "bytes": n,
                "partial": r.headers.get("x-kg-partial")}
    except httpx.HTTPError as exc:
        return {"ms": round((time.perf_counter() - t0) * 1000, 1), "status": None,
                "error": f"{type(exc).__name__}: {exc}"[:200]}


def cold(size, data, args, app_dir: Path, label: str, name: str, path: str, headers: dict) -> dict:
    """One cold start asked ``path`` first: the answer right after /health, and after the warm-up."""
    store_dir = args.workdir / "stores" / f"{size_label(size)}-cold-{label}"
    first.forget_warm_state(store_dir)
    with serve(size, data, args.workdir, args.kg_args, args.start_timeout, app_dir, True, store_dir) as srv:
        with httpx.Client(base_url=srv.base, timeout=args.timeout) as client:
            at_once = one(client, path, headers)
            waited = wait_idle(srv.pid, args.idle_wait)
            later = one(client, path, headers)
    log(f"  {label} {name}: first {at_once['ms']} ms (status {at_once['status']}"
        f"{', partial' if at_once.get('partial') else ''}), after the warm-up {later['ms']} ms; start {srv.ready_s} s")
    return {"start_s": srv.ready_s, "first": at_once, "after_warm_up": later, "waited_idle_s": waited}


def _cell(e: dict) -> str:
    text = f"{e['ms']:.0f}" if e.get("status") is not None else f"**{e.get('error', 'error')[:24]}**"
    if e.get("status") not in (None, 200):
        text += f" ({e['status']})"
    return text + (" partial" if e.get("partial") else "")


def table(size: dict) -> str:
    apps = list(size["apps"])
    lines = [f"### {size['size']}: each page kind as the first request of its own cold start (ms)", "",
             "| page | " + " | ".join(f"{a}: first | {a}: after the warm-up" for a in apps) + " |",
             "|---|" + "---:|---:|" * len(apps)]
    for name in size["apps"][apps[-1]]:
        row = [name]
        for a in apps:
            e = size["apps"][a].get(name)
            row += [_cell(e["first"]), _cell(e["after_warm_up"])] if e else ["", ""]
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="Each page kind as the first request of its own cold start of kg serve.")
    ap.add_argument("--sizes", default="1m", help="comma-separated: curated and/or quad counts (100k, 1m)")
    ap.add_argument("--only", default=r"^home|search \(|typical measure \(HTML|hub",
                    help="regular expression: the page kinds (names of pages_scale.pages) to ask for")
    ap.add_argument("--before", default=None, metavar="REV", help="measure the app as committed at REV too")
    ap.add_argument("--rev", default=None, help="the app under test as committed at this revision (default: the working tree)")
    ap.add_argument("--timeout", type=float, default=120, help="per-request timeout, seconds")
    ap.add_argument("--idle-wait", type=float, default=900, help="longest wait for the warm-up to end, seconds")
    ap.add_argument("--workdir", type=Path, default=WORKDIR, help="synthetic data, stores and server logs")
    ap.add_argument("--kg-args", default="", help="extra options for kg serve")
    ap.add_argument("--start-timeout", type=float, default=1800, help="seconds to wait for /health")
    args = ap.parse_args(argv)
    stop_on_sigterm()
    only = re.compile(args.only)
    after = app_snapshot(args.rev, args.workdir) if args.rev else ROOT
    apps = ([("before", app_snapshot(args.before, args.workdir))] if args.before else []) + [("after", after)]
    run = {"started": time.strftime("%Y-%m-%dT%H:%M:%S"), "machine": machine(), "app": app_info(after),
           "before": args.before, "sizes": []}
    out = ROOT / "bench" / "results" / f"cold-first-{run['started'].replace(':', '')}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    for size in (parse_size(x) for x in args.sizes.split(",") if x.strip()):
        data, subjects = prepare(size, args.workdir)
        chosen = {n: p for n, p in pages(subjects).items() if only.search(n) and p[0] != "/sparql"}
        entry = {"size": size_label(size), "apps": {}}
        for label, app_dir in apps:
            entry["apps"][label] = {name: cold(size, data, args, app_dir, label, name, path, headers)
                                    for name, (path, headers) in chosen.items()}
        run["sizes"].append(entry)
        out.write_text(json.dumps(run, indent=1))
    log(f"saved {out}")
    print("\n\n".join(table(s) for s in run["sizes"]), flush=True)


if __name__ == "__main__":
    sys.exit(main())
