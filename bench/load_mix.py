"""A mixed browsing load on a real ``kg serve``: closed-loop clients over loopback for a fixed time.

Starts ``kg serve`` as bench/pages_scale.py does (``--store memory`` for the curated graph,
``--load FILE`` for a synthetic size written once into /tmp/kg-bench), checks each request kind
once, then runs ``--clients`` asyncio + httpx clients (one keep-alive connection each) for
``--seconds``; each client picks its next request from a weighted mix and sends it as soon as the
last one is answered. Reports, per request kind, the count, non-2xx responses and exceptions
(timeouts, resets) separately, p50/p95/p99 latency, and the overall requests/s.

    python -m bench.load_mix --size curated --clients 50 --seconds 60
    python -m bench.load_mix --size 1m --clients 50 --seconds 60

The issue's target: zero errors and p99 under 1 s, on the curated graph and at 1M quads.
Markdown by default, ``--json`` for JSON; the JSON is also saved in bench/results/.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

import httpx

from .loadgen import percentile
from .scale_server import (ROOT, WORKDIR, Subjects, app_info, app_snapshot, entity_query, log, machine, memory,
                           parse_size, prepare, serve, size_label, stop_on_sigterm)

HTML = {"accept": "text/html"}
DEFAULT_MIX = "home=10,search=15,entity_html=20,entity_ttl=10,documents=5,trace_json=10,sparql=20,export_svg=10"
P99_TARGET_MS = 1000


def kinds(s: Subjects, sparql_cache: bool) -> dict[str, callable]:
    """request kind -> function(rng, i) giving (path, headers). Entity pages rotate over the typical measure,
    the typical target and the hub; search over a rare and a common word (HTML page and JSON typeahead)."""
    entities = [s.typical_measure, s.target, s.hub]
    m = s.typical_measure

    def search(rng, i):
        q = rng.choice([s.rare_word, s.common_word])
        return (("/search?" + urlencode({"q": q}), HTML) if rng.random() < 0.5
                else ("/search.json?" + urlencode({"q": q[:rng.randint(2, len(q))]}), {}))

    def sparql(rng, i):
        q = entity_query(rng.choice(entities))
        if not sparql_cache:   # a comment that differs per request: the result cache cannot answer it
            q = f"# load {i} {time.time_ns()}\n" + q
        return "/sparql?" + urlencode({"query": q}), {"accept": "application/sparql-results+json"}

    return {
        "home": lambda rng, i: ("/", HTML),
        "search": search,
        "entity_html": lambda rng, i: (s.path(rng.choice(entities)), HTML),
        "entity_ttl": lambda rng, i: (s.path(rng.choice(entities)), {"accept": "text/turtle"}),
        "documents": lambda rng, i: ("/documents", HTML),
        "trace_json": lambda rng, i: ("/trace.json?" + urlencode({"from": m}), {}),
        "sparql": sparql,
        "export_svg": lambda rng, i: ("/export?" + urlencode({"focus": m, "depth": "1", "format": "svg"}), {}),
    }


def parse_mix(text: str) -> dict[str, float]:
    mix = {}
    for part in text.split(","):
        if part.strip():
            k, _, v = part.partition("=")
            mix[k.strip()] = float(v)
    return mix


async def check(client: httpx.AsyncClient, ks: dict, mix: dict) -> dict:
    """Each request kind once, before the load: status, bytes, ms."""
    out = {}
    rng = random.Random(0)
    for name in mix:
        path, headers = ks[name](rng, -1)
        t0 = time.perf_counter()
        try:
            r = await client.get(path, headers=headers)
            out[name] = {"status": r.status_code, "bytes": len(r.content), "ms": round((time.perf_counter() - t0) * 1000, 1)}
        except httpx.HTTPError as exc:
            out[name] = {"status": None, "error": f"{type(exc).__name__}: {exc}"[:200]}
        log(f"  check {name}: {out[name]}")
    return out


async def load(base: str, ks: dict, mix: dict, clients: int, seconds: float, timeout: float, seed: int) -> dict:
    names = list(mix)
    weights = [mix[n] for n in names]
    rec: dict[str, dict] = {n: {"lat": [], "non2xx": 0, "exceptions": 0, "statuses": {}, "errors": {}, "bytes": 0}
                            for n in names}
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    counter = 0
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=timeout) as client:
        checked = await check(client, ks, mix)
        cpu0, t_start = time.process_time(), time.perf_counter()
        deadline = t_start + seconds

        async def worker(w: int) -> None:
            nonlocal counter
            rng = random.Random(seed * 1000 + w)
            while time.perf_counter() < deadline:
                name = rng.choices(names, weights)[0]
                counter += 1
                path, headers = ks[name](rng, counter)
                r = rec[name]
                t0 = time.perf_counter()
                try:
                    resp = await client.get(path, headers=headers)
                    r["lat"].append(time.perf_counter() - t0)
                    r["bytes"] += len(resp.content)
                    r["statuses"][resp.status_code] = r["statuses"].get(resp.status_code, 0) + 1
                    if not 200 <= resp.status_code < 300:
                        r["non2xx"] += 1
                except httpx.HTTPError as exc:
                    r["lat"].append(time.perf_counter() - t0)
                    r["exceptions"] += 1
                    key = type(exc).__name__
                    r["errors"][key] = r["errors"].get(key, 0) + 1

        await asyncio.gather(*(worker(w) for w in range(clients)))
        elapsed = time.perf_counter() - t_start
        client_cpu = (time.process_time() - cpu0) / elapsed
    ms = lambda v: None if v is None else round(v * 1000, 1)  # noqa: E731
    per = {}
    for n in names:
        r = rec[n]
        lat = r["lat"]
        per[n] = {"count": len(lat), "non2xx": r["non2xx"], "exceptions": r["exceptions"],
                  "statuses": {str(k): v for k, v in sorted(r["statuses"].items())}, "errors": r["errors"],
                  "p50_ms": ms(percentile(lat, 50)), "p95_ms": ms(percentile(lat, 95)), "p99_ms": ms(percentile(lat, 99)),
                  "max_ms": ms(max(lat) if lat else None),
                  "bytes_per_response": round(r["bytes"] / max(1, len(lat) - r["exceptions"]))}
    every = [x for n in names for x in rec[n]["lat"]]
    total = {"count": len(every), "non2xx": sum(p["non2xx"] for p in per.values()),
             "exceptions": sum(p["exceptions"] for p in per.values()),
             "p50_ms": ms(percentile(every, 50)), "p95_ms": ms(percentile(every, 95)), "p99_ms": ms(percentile(every, 99)),
             "max_ms": ms(max(every) if every else None), "rps": round(len(every) / elapsed, 1),
             "seconds": round(elapsed, 1), "client_cpu": round(client_cpu, 2)}
    return {"check": checked, "kinds": per, "total": total}


def fmt(v) -> str:
    if v is None:
        return "-"
    return f"{v:.1f}" if v < 100 else f"{v:,.0f}"


def table(run: dict) -> str:
    t = run["total"]
    app, mach = run["app"], run["machine"]
    lines = [f"**{run['size']}** ({run['quads']:,} quads, load {run['load_s']} s), app "
             f"{'working tree at ' if app.get('working_tree') else 'commit '}{app.get('commit')}"
             + (f" with uncommitted changes to {len(app['uncommitted'])} app files" if app.get("uncommitted") else "")
             + f"; {run['clients']} clients, closed loop, {t['seconds']} s, timeout {run['timeout']} s, "
             f"SPARQL {'cacheable' if run['sparql_cache'] else 'uncached'}; {mach.get('cpus')} CPUs; "
             f"server RSS after {run['memory_after_run']['rss_mb']:,} MB; load generator CPU {t['client_cpu']:.0%} of one core",
             "",
             "| request | weight | count | non-2xx | exceptions | p50 ms | p95 ms | p99 ms | max ms | bytes/response |",
             "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"]
    for n, k in run["kinds"].items():
        lines.append(f"| {n} | {run['mix'][n]:g} | {k['count']:,} | {k['non2xx']} | {k['exceptions']} | {fmt(k['p50_ms'])} | "
                     f"{fmt(k['p95_ms'])} | {fmt(k['p99_ms'])} | {fmt(k['max_ms'])} | {k['bytes_per_response']:,} |")
    lines.append(f"| **all** | | {t['count']:,} | {t['non2xx']} | {t['exceptions']} | {fmt(t['p50_ms'])} | {fmt(t['p95_ms'])} | "
                 f"{fmt(t['p99_ms'])} | {fmt(t['max_ms'])} | |")
    ok = t["non2xx"] == 0 and t["exceptions"] == 0 and t["p99_ms"] is not None and t["p99_ms"] < P99_TARGET_MS
    lines += ["", f"{t['rps']:,} requests/s overall. Target (zero errors, p99 < {P99_TARGET_MS} ms): "
              + ("met" if ok else "**not met**")]
    bad = {n: k["statuses"] | k["errors"] for n, k in run["kinds"].items() if k["non2xx"] or k["exceptions"]}
    if bad:
        lines.append("Errors: " + "; ".join(f"{n}: {v}" for n, v in bad.items()))
    if t["client_cpu"] > 0.85:
        lines.append("The load generator used most of a core: the rate may be the client's limit, not the server's.")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="Closed-loop mixed load on kg serve (curated graph or a synthetic size).")
    ap.add_argument("--size", default="curated", help="curated, or a quad count (100k, 1m)")
    ap.add_argument("--clients", type=int, default=50, help="concurrent closed-loop clients (connections)")
    ap.add_argument("--seconds", type=float, default=60, help="how long to load")
    ap.add_argument("--mix", default=DEFAULT_MIX, help="weights per request kind, e.g. " + DEFAULT_MIX)
    ap.add_argument("--timeout", type=float, default=30, help="per-request timeout, seconds (past it: an exception)")
    ap.add_argument("--sparql-cache", action="store_true",
                    help="send the SPARQL queries as is (the result cache answers repeats); default: each one unique")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--workdir", type=Path, default=WORKDIR)
    ap.add_argument("--kg-args", default="", help="extra options for kg serve")
    ap.add_argument("--start-timeout", type=float, default=1800)
    ap.add_argument("--rev", default=None, help="serve the app as committed at this revision instead of the working tree")
    ap.add_argument("--no-ontology", action="store_true",
                    help="serve a synthetic file alone, without ontology/policy-kg.ttl (lists by superclass are empty)")
    ap.add_argument("--json", action="store_true", help="print JSON instead of the Markdown table")
    args = ap.parse_args(argv)
    stop_on_sigterm()

    app_dir = app_snapshot(args.rev, args.workdir) if args.rev else ROOT
    size = parse_size(args.size)
    mix = parse_mix(args.mix)
    data, subjects = prepare(size, args.workdir)
    ks = kinds(subjects, args.sparql_cache)
    unknown = set(mix) - set(ks)
    if unknown:
        ap.error(f"unknown request kinds {sorted(unknown)} (known: {', '.join(ks)})")
    run = {"started": time.strftime("%Y-%m-%dT%H:%M:%S"), "machine": machine(), "app": app_info(app_dir),
           "size": size_label(size), "clients": args.clients, "seconds": args.seconds, "mix": mix,
           "timeout": args.timeout, "sparql_cache": args.sparql_cache}
    with serve(size, data, args.workdir, args.kg_args, args.start_timeout, app_dir,
               not args.no_ontology) as srv:
        run.update(quads=srv.quads, load_s=srv.ready_s, memory_after_load=memory(srv.pid))
        run["subjects"] = {k: v for k, v in vars(subjects).items() if k != "meta"}
        log(f"{args.clients} clients for {args.seconds:g} s, mix {mix}")
        load_before = os.getloadavg()[0]
        run.update(asyncio.run(load(srv.base, ks, mix, args.clients, args.seconds, args.timeout, args.seed)))
        run["loadavg_1m"] = [round(load_before, 2), round(os.getloadavg()[0], 2)]
        run["memory_after_run"] = memory(srv.pid)
    results_dir = ROOT / "bench" / "results"
    results_dir.mkdir(parents=True, exist_ok=True)
    out = results_dir / f"load-mix-{run['size']}-{run['started'].replace(':', '')}.json"
    out.write_text(json.dumps(run, indent=1))
    log(f"saved {out}")
    print(json.dumps(run, indent=1) if args.json else table(run), flush=True)


if __name__ == "__main__":
    sys.exit(main())
