"""SPARQL endpoint benchmark: ``kg serve --load`` against rdflib-endpoint and a null handler.

For each size it writes a synthetic policy graph (bench/synth.py), then starts each server
in turn on a loopback port with the same file, checks every query once (status, rows)
and loads it at a fixed concurrency for a fixed time (wrk, or an asyncio httpx client),
printing a markdown table and saving JSON to bench/results/.

    python -m bench.sparql_bench --sizes 10k,100k,1M --seconds 10 --concurrency 8

See bench/README.md.
"""
from __future__ import annotations

import argparse
import json
import os
import shlex
import signal
import subprocess
import sys
import tempfile
import time
from contextlib import ExitStack, contextmanager
from pathlib import Path
from urllib.parse import urlencode

import httpx

import live_server   # tests/live_server.py (bench/__init__.py puts tests/ on the path)
from live_server import free_port

from . import loadgen
from .sparql_tables import table, targets
from .synth import generate

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PY = sys.executable
PREFIXES = ("PREFIX pk: <https://w3id.org/policy-kg/ns#>\n"
            "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n")
JSON_RESULTS = "application/sparql-results+json"
TURTLE = "text/turtle"
SERVERS = ("null", "kg", "kg-nocache", "rdflib")


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# ------------------------------------------------------------------------------- queries
def entity_query(e: str) -> str:
    """An entity page's core read: every statement with the entity as subject or object, with its graph."""
    return (f"SELECT ?s ?p ?o ?g WHERE {{\n"
            f"  {{ GRAPH ?g {{ <{e}> ?p ?o }} BIND(<{e}> AS ?s) }}\n"
            f"  UNION\n"
            f"  {{ GRAPH ?g {{ ?s ?p <{e}> }} BIND(<{e}> AS ?o) }}\n}}")


def queries(meta: dict) -> dict[str, tuple[str, str]]:
    """name -> (query text, Accept)."""
    typ, hub, word = meta["typical_entity"], meta["hub_entity"], meta["search_word"]
    return {
        "typical entity": (entity_query(typ), JSON_RESULTS),
        "hub entity": (entity_query(hub), JSON_RESULTS),
        "label search": (PREFIXES + "SELECT DISTINCT ?s ?label WHERE {\n"
                         "  ?s skos:prefLabel|skos:altLabel ?label .\n"
                         f"  FILTER(CONTAINS(LCASE(STR(?label)), \"{word}\"))\n}} LIMIT 100", JSON_RESULTS),
        "2-hop CONSTRUCT": (PREFIXES + "CONSTRUCT {\n"
                            f"  ?l1 pk:cause <{typ}> ; pk:effect ?x ; pk:polarity ?p1 .\n"
                            "  ?l2 pk:cause ?x ; pk:effect ?y ; pk:polarity ?p2 . ?y skos:prefLabel ?ly .\n"
                            "} WHERE {\n"
                            f"  ?l1 pk:cause <{typ}> ; pk:effect ?x ; pk:polarity ?p1 .\n"
                            "  OPTIONAL { ?l2 pk:cause ?x ; pk:effect ?y ; pk:polarity ?p2 .\n"
                            "             OPTIONAL { ?y skos:prefLabel ?ly } }\n}", TURTLE),
        "property path": (PREFIXES + f"SELECT DISTINCT ?x WHERE {{ <{typ}> (pk:increases|pk:decreases)+ ?x }}",
                          JSON_RESULTS),
    }


def count_rows(body: bytes, media: str) -> int:
    if "json" in media:
        return len(json.loads(body)["results"]["bindings"])
    import pyoxigraph as ox

    return sum(1 for _ in ox.parse(body, format=ox.RdfFormat.TURTLE))


def expected_bodies(path: Path, qs: dict[str, tuple[str, str]]) -> dict[str, dict]:
    """Each query run by pyoxigraph in process: the null handler's bodies and the expected row counts."""
    import pyoxigraph as ox

    store = ox.Store()
    t0 = time.monotonic()
    store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
    log(f"reference: {len(store):,} quads loaded into pyoxigraph in {time.monotonic() - t0:.1f} s")
    out = {}
    for name, (q, accept) in qs.items():
        t0 = time.monotonic()
        res = store.query(q, use_default_graph_as_union=True)
        if accept == TURTLE:
            body = res.serialize(format=ox.RdfFormat.TURTLE)
        else:
            body = res.serialize(format=ox.QueryResultsFormat.JSON)
        out[name] = {"query": q, "accept": accept, "body": body.decode("utf-8"),
                     "rows": count_rows(body, accept), "direct_ms": round((time.monotonic() - t0) * 1000, 2)}
    del store
    return out


# ------------------------------------------------------------------------------- servers
def server_command(name: str, data: Path, port: int, work: Path, args) -> list[str]:
    if name in ("kg", "kg-nocache"):
        extra = ["--query-cache-mb", "0"] if name == "kg-nocache" else []
        if args.kg_cmd:
            return shlex.split(args.kg_cmd.format(file=data, port=port, python=PY)) + extra
        return [PY, "-m", "kg.cli.run", "serve", "--port", str(port), "--store-path", str(work / f"{name}-store"),
                "--load", str(data), *shlex.split(args.kg_args), *extra]
    if name == "rdflib":
        return [PY, "-m", "bench.rdflib_app", str(data), "--port", str(port)]
    if name == "null":
        return [PY, "-m", "bench.null_app", "--port", str(port), "--bodies", str(work / "null-bodies.json"),
                *(["--kg-middleware"] if args.null_middleware else [])]
    raise ValueError(name)


@contextmanager
def running(name: str, cmd: list[str], port: int, work: Path, timeout: float):
    """Serve with ``cmd`` (tests/live_server.py starts and stops it); yields (endpoint, seconds to ready, pid)."""
    log(f"{name}: starting {' '.join(shlex.quote(c) for c in cmd)}")

    def progress(seconds: float, pid: int) -> None:
        log(f"{name}: still loading ({seconds:.0f} s)")

    with live_server.running(cmd, port, work / f"{name}-{port}.log", cwd=ROOT, timeout=timeout, grace=15,
                             progress=progress) as server:
        log(f"{name}: ready in {server.ready_s:.1f} s")
        yield server.base + "/sparql", server.ready_s, server.pid


def rss_mb(pid: int) -> float | None:
    """Resident memory of the server process and its children (worker pools), in MB."""
    total = 0
    try:
        out = subprocess.run(["ps", "-o", "rss=", "--ppid", str(pid), "-p", str(pid)], capture_output=True, text=True)
        total = sum(int(x) for x in out.stdout.split())
    except (OSError, ValueError):
        return None
    return round(total / 1024, 1)


def probe(name: str, endpoint: str, qname: str, q: str, accept: str, expected: dict, args) -> dict:
    """One request: status, Content-Type, rows; retried once when slow (the machine may be busy)."""
    url = endpoint + "?" + urlencode({"query": q})
    entry: dict = {}
    for attempt in range(2):
        t0 = time.monotonic()
        try:
            r = httpx.get(url, headers={"Accept": accept}, timeout=args.single_timeout)
        except httpx.HTTPError as exc:
            return {"error": f"{type(exc).__name__}: {exc}"}
        single_ms = round((time.monotonic() - t0) * 1000, 1)
        entry = {"status": r.status_code, "single_ms": min(single_ms, entry.get("single_ms", single_ms)),
                 "content_type": r.headers.get("content-type", "")}
        if r.status_code != 200:
            entry["error"] = r.text[:300]
            return entry
        if entry["single_ms"] <= args.max_single_ms:
            break
    try:
        entry["rows"] = count_rows(r.content, entry["content_type"] or accept)
    except Exception as exc:  # noqa: BLE001 - a wrong body is a result to report
        entry["rows"] = None
        entry["parse_error"] = str(exc)[:200]
    entry["rows_expected"] = expected[qname]["rows"]
    if entry["single_ms"] > args.max_single_ms:
        entry["skipped"] = f"one request took {entry['single_ms'] / 1000:.1f} s; not load-tested"
    return entry


def measure(name: str, endpoint: str, qname: str, q: str, accept: str, args) -> dict:
    url = endpoint + "?" + urlencode({"query": q})
    if args.warmup > 0:
        loadgen.run(url, accept, concurrency=args.concurrency, seconds=args.warmup, tool=args.tool)
    load_before = os.getloadavg()[0]
    m = loadgen.run(url, accept, concurrency=args.concurrency, seconds=args.seconds, tool=args.tool)
    m["loadavg_1m"] = round(max(load_before, os.getloadavg()[0]), 2)
    return m


def best(samples: list[dict]) -> dict:
    """The round with the highest throughput: other work on the machine only ever slows a cell down."""
    return max(samples, key=lambda m: m["rps"])


def bench_all(endpoints: dict[str, str], qs: dict, expected: dict, args) -> dict[str, dict]:
    """Probe every (server, query), then measure them interleaved, query by query, for --rounds rounds."""
    results: dict[str, dict] = {name: {} for name in endpoints}
    for qname, (q, accept) in qs.items():
        for name, endpoint in endpoints.items():
            e = probe(name, endpoint, qname, q, accept, expected, args)
            results[name][qname] = e
            state = e.get("skipped") or e.get("error") or "ok"
            log(f"  probe {name} / {qname}: HTTP {e.get('status')}, {e.get('rows')} rows "
                f"(expected {expected[qname]['rows']}), {e.get('single_ms')} ms: {state[:120]}")
    for rnd in range(args.rounds):
        for qname, (q, accept) in qs.items():
            for name, endpoint in endpoints.items():
                e = results[name][qname]
                if "error" in e or "skipped" in e:
                    continue
                m = measure(name, endpoint, qname, q, accept, args)
                e.setdefault("rounds", []).append(m)
                log(f"  round {rnd + 1}/{args.rounds} {name} / {qname}: {m['rps']} req/s, p50 {m['p50_ms']} ms, "
                    f"p99 {m['p99_ms']} ms, errors {m['errors']}, load {m['loadavg_1m']}")
    for name in results:
        for e in results[name].values():
            if e.get("rounds"):
                e.update({k: v for k, v in best(e["rounds"]).items()})
    return results


# ------------------------------------------------------------------------------- report
def parse_size(s: str) -> int:
    s = s.strip().lower()
    mult = {"k": 1_000, "m": 1_000_000}.get(s[-1], 1)
    return int(float(s[:-1] if s[-1] in "km" else s) * mult)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description="Benchmark kg serve's /sparql against rdflib-endpoint and a null handler.")
    ap.add_argument("--sizes", default="10k,100k", help="comma-separated quad counts, e.g. 10k,100k,1M")
    ap.add_argument("--servers", default=",".join(SERVERS), help="any of null,kg,kg-nocache,rdflib")
    ap.add_argument("--concurrency", type=int, default=8)
    ap.add_argument("--seconds", type=float, default=10, help="measured seconds per query and server")
    ap.add_argument("--warmup", type=float, default=2, help="unmeasured seconds before each measurement")
    ap.add_argument("--rounds", type=int, default=1, help="measure every cell this many times (interleaved); keep the best")
    ap.add_argument("--tool", choices=["auto", "wrk", "httpx"], default="auto")
    ap.add_argument("--workdir", type=Path, default=None, help="where data files go (default: a temp dir, kept)")
    ap.add_argument("--kg-args", default="", help="extra options for kg serve, e.g. '--workers 2'")
    ap.add_argument("--kg-cmd", default=None, help="replace the kg command; {file} {port} {python} are filled in")
    ap.add_argument("--null-middleware", action="store_true", help="give the null handler web/app.py's header middleware")
    ap.add_argument("--single-timeout", type=float, default=300)
    ap.add_argument("--max-single-ms", type=float, default=20_000,
                    help="skip the load test when one request takes longer than this")
    ap.add_argument("--start-timeout", type=float, default=900)
    args = ap.parse_args(argv)

    servers = [s for s in args.servers.split(",") if s]
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))  # so the servers are stopped
    work = args.workdir or Path(tempfile.gettempdir()) / "policy-kg-bench"
    work.mkdir(parents=True, exist_ok=True)
    tool = args.tool if args.tool != "auto" else ("wrk" if loadgen.have_wrk() else "httpx")
    if tool == "httpx":
        log("wrk not found (apt-get install wrk): using the asyncio httpx client, which may itself limit the rate")
    run = {"started": time.strftime("%Y-%m-%dT%H:%M:%S"), "concurrency": args.concurrency, "seconds": args.seconds,
           "tool": tool, "cpus": os.cpu_count(), "rounds": args.rounds, "servers": servers, "sizes": []}
    args.tool = tool
    for size_text in args.sizes.split(","):
        target = parse_size(size_text)
        log(f"== {target:,} quads ==")
        data = work / f"synth-{target}.nq"
        meta = generate(target, data)
        qs = queries(meta)
        expected = expected_bodies(data, qs)
        (work / "null-bodies.json").write_text(json.dumps({e["query"]: [e["accept"], e["body"]] for e in expected.values()}))
        size = {"meta": meta, "queries": list(qs), "servers": {},
                "expected": {k: {"rows": v["rows"], "direct_ms": v["direct_ms"]} for k, v in expected.items()}}
        with ExitStack() as stack:
            endpoints = {}
            for name in servers:
                port = free_port()
                try:
                    endpoint, ready, pid = stack.enter_context(
                        running(name, server_command(name, data, port, work, args), port, work, args.start_timeout))
                except RuntimeError as exc:
                    log(f"{name}: {exc}")
                    size["servers"][name] = {"error": str(exc)[:2000], "results": {}}
                    continue
                endpoints[name] = endpoint
                size["servers"][name] = {"ready_s": round(ready, 1), "rss_mb": rss_mb(pid), "pid": pid}
            results = bench_all(endpoints, qs, expected, args)
            for name, res in results.items():
                size["servers"][name]["results"] = res
                size["servers"][name]["rss_mb_after"] = rss_mb(size["servers"][name]["pid"])
        run["sizes"].append(size)
        RESULTS.mkdir(parents=True, exist_ok=True)
        out = RESULTS / f"sparql-{run['started'].replace(':', '')}.json"
        out.write_text(json.dumps(run, indent=1))
        print(table({**run, "sizes": [size]}), flush=True)
        log(f"saved {out}")
    print("\n## All sizes\n" + table(run) + "\n" + targets(run))


if __name__ == "__main__":
    main()
