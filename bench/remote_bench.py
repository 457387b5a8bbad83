"""The same app on three stores: embedded Oxigraph, Virtuoso and the Oxigraph server.

    python -m bench.remote_bench --quads 1000000 [--engines embedded,virtuoso,oxigraph-server]

For one synthetic graph (``bench/synth.py``, N-Quads, reused when there), per engine:

1. load time: the app's own load (embedded: ``kg serve --load``'s bulk load into a fresh
   folder; remote: ``RemoteStore.load_file`` over HTTP, ``kg.store.loading``: N-Quads batches
   to the Oxigraph server's bulk loader, a Graph Store PUT per named graph to Virtuoso) with
   its progress, the peak resident memory of this process and of the engine while loading, the
   load average and the CPU seconds of both, beside the engine's own bulk loader on a fresh
   database (Virtuoso: ``ld_dir`` + ``rdf_loader_run`` + ``checkpoint`` through isql; Oxigraph
   server: ``oxigraph load``), its wall and CPU time. ``--load-only`` stops there;
2. the app served over that store (``kg serve`` code: ``web.app.create_app`` under uvicorn,
   started by this script with ``--serve``), every page kind of ``bench/pages_scale.py`` timed
   (one warm-up, then ``-n`` requests; median), the endpoint's throughput at ``--concurrency``
   (the entity query of ``pages_scale``, a different comment per request so the result cache
   never answers: ``bench/loadgen.py``);
3. resident memory (RSS, from /proc) of the app's process tree and of the engine's process,
   after the pages.

Page times are the median of ``-n`` requests after the first, and the first (cold: the app's
per-generation label index, list keys and page cache are built then).

Prints a Markdown table and writes JSON to ``--workdir`` (default /tmp/kg-remote-bench).
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx

import live_server   # tests/live_server.py (bench/__init__.py puts tests/ on the path)

from .pages_scale import expected, pages
from .load_watch import Watch, load_progress
from .scale_server import ROOT, cpu_seconds, entity_query, free_port, log, memory, prepare

WORKDIR = Path("/tmp/kg-remote-bench")
BASE = "https://w3id.org/policy-kg/id/"


def serve_main(spec: str, port: int) -> None:
    """``--serve SPEC PORT``: the app over an embedded folder (``oxigraph:DIR``) or a remote store (``sparql:URL``),
    without loading anything."""
    import uvicorn

    from kg.core.settings import Settings
    from kg.store import disk_store
    from kg.store.remote import RemoteStore
    from web.app import create_app

    auth = os.environ.get("KG_STORE_AUTH", "")
    settings = Settings.from_env(store=spec if spec.startswith("sparql:") else "oxigraph",
                                 store_path=spec[len("oxigraph:"):] if spec.startswith("oxigraph:") else None,
                                 store_auth=auth)
    if spec.startswith("sparql:"):
        store = RemoteStore(spec[len("sparql:"):], base_iri=settings.base_iri, auth=auth or None)
    else:
        store = disk_store(Path(spec[len("oxigraph:"):]), settings.base_iri)
    app = create_app(settings, store)
    app.state.sparql.start()
    uvicorn.run(app, host="127.0.0.1", port=port, log_level="warning")


def wait_quiet(pids: list[int], limit: float = 900) -> float:
    """Wait until the app and the engine together use under 5 % of a CPU for a second (the app's
    background warm-up waits on the engine, so the app alone looks idle); the seconds waited."""
    t0 = time.monotonic()
    last = sum(cpu_seconds(p) for p in pids)
    while time.monotonic() - t0 < limit:
        time.sleep(1.0)
        now = sum(cpu_seconds(p) for p in pids)
        if now - last < 0.05:
            break
        last = now
    return time.monotonic() - t0


def pid_rss_mb(pid: int) -> float:
    return memory(pid)["rss_mb"]


def load_app(engine: str, data: Path, work: Path, quads: int = 0) -> tuple[str, dict, float, int | None, object, dict]:
    """Start the engine, load ``data`` the app's way; (store spec, env, seconds, engine pid, stop, watch)."""
    from remote_servers import start_oxigraph, start_virtuoso
    from kg.store.remote import RemoteStore

    if engine == "embedded":
        from kg.sparql.temporary import temporary_store

        t = time.perf_counter()
        store = temporary_store([data], BASE, parent=work)
        seconds = time.perf_counter() - t
        folder = store.description[len("oxigraph:"):]
        store.flush()
        del store
        return f"oxigraph:{folder}", {}, seconds, None, lambda: None, {}
    server = start_virtuoso(work / "virtuoso-app", buffers=340000) if engine == "virtuoso" \
        else start_oxigraph(work / "oxigraph-app", timeout_s=None)   # a thread per query for timeout_s
    store = RemoteStore(server.settings["store"][len("sparql:"):], base_iri=BASE,
                        auth=server.settings.get("store_auth") or None)
    watch = Watch(server.pid)
    t = time.perf_counter()
    store.load_file(data, progress=load_progress(engine, quads))
    seconds = time.perf_counter() - t
    store.close()
    env = {"KG_STORE_AUTH": server.settings.get("store_auth", "")}
    return server.settings["store"], env, seconds, server.pid, server.stop, watch.stop()


def own_bulk_load(engine: str, data: Path, work: Path) -> tuple[float, dict] | None:
    """The engine's own bulk loader on a fresh database: seconds, and its CPU seconds, peak memory
    and the load average after."""
    from remote_servers import oxigraph_binary, start_virtuoso

    if engine == "oxigraph-server":
        folder = work / "oxigraph-bulk"
        t = time.perf_counter()
        out = subprocess.run(["/usr/bin/time", "-f", "%U %S %M", oxigraph_binary(), "load", "--location", str(folder),
                              "--file", str(data)], check=True, capture_output=True, text=True)
        seconds = time.perf_counter() - t
        user, system, peak_kb = out.stderr.strip().splitlines()[-1].split()
        shutil.rmtree(folder, ignore_errors=True)
        return seconds, {"cpu_s": round(float(user) + float(system), 1), "peak_rss_mb": round(int(peak_kb) / 1024),
                         "loadavg_1m_after": os.getloadavg()[0]}
    if engine == "virtuoso":
        server = start_virtuoso(work / "virtuoso-bulk", buffers=340000)
        port = int(server.settings["store"].rsplit(":", 1)[1].split("/")[0]) + 1
        watch = Watch(server.pid)
        t = time.perf_counter()
        sql = (f"ld_dir('{data.parent}', '{data.name}', 'urn:x-bench:default'); rdf_loader_run(); checkpoint;")
        subprocess.run(["isql-vt", f"127.0.0.1:{port}", "dba", "dba", f"exec={sql}"], check=True, capture_output=True)
        seconds = time.perf_counter() - t
        seen = watch.stop()
        server.stop()
        return seconds, {"cpu_s": seen["cpu_s"]["engine"], "peak_rss_mb": seen["peak_rss_mb"]["engine"],
                         "loadavg_1m_after": seen["loadavg_1m_after"]}
    return None


def time_pages(base: str, subjects, n: int) -> dict:
    out = {}
    with httpx.Client(base_url=base, timeout=300) as client:
        for name, (path, headers) in pages(subjects).items():
            if path == "/sparql":
                path = "/sparql?" + str(httpx.QueryParams({"query": entity_query(subjects.typical_measure)}))
            times, status = [], None
            for _ in range(n + 1):
                t = time.perf_counter()
                try:
                    status = client.get(path, headers=headers).status_code
                except httpx.HTTPError as exc:
                    status = type(exc).__name__
                times.append((time.perf_counter() - t) * 1000)
            out[name] = {"first_ms": round(times[0], 1), "median_ms": round(statistics.median(times[1:]), 1),
                         "status": status, "ok": status == expected(name)}
    return out


def throughput(base: str, subjects, concurrency: int, seconds: float) -> dict:
    import asyncio

    from .loadgen import run_httpx

    from urllib.parse import quote

    async def go() -> dict:   # the app runs with its result cache off (KG_QUERY_CACHE_MB=0)
        return await run_httpx(f"{base}/sparql?query=" + quote(entity_query(subjects.typical_measure)),
                               "application/sparql-results+json", concurrency=concurrency, seconds=seconds)

    return asyncio.run(go())


def run_engine(engine: str, data: Path, subjects, args) -> dict:
    work = args.workdir / engine
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    log(f"{engine}: loading {data.name} the app's way (load average {os.getloadavg()[0]:.1f})")
    spec, env, load_s, engine_pid, stop, seen = load_app(engine, data, work, args.quads)
    result: dict = {"engine": engine, "app_load_s": round(load_s, 1), "app_load": seen}
    log(f"{engine}: the app loaded in {load_s:.1f} s: {seen}")
    if args.load_only:
        stop()
        return bulk_step(engine, data, work, result)
    port = free_port()
    cmd = [sys.executable, "-m", "bench.remote_bench", "--serve", spec, str(port)]
    try:
        with live_server.running(cmd, port, work / "app.log", cwd=ROOT, timeout=1800, grace=30,
                                 env={**os.environ, **env, "KG_QUERY_CACHE_MB": "0"}) as app:
            result["warm_up_s"] = round(wait_quiet([app.pid, *([engine_pid] if engine_pid else [])]), 1)
            log(f"{engine}: timing pages")
            result["pages"] = time_pages(app.base, subjects, args.n)
            log(f"{engine}: endpoint throughput at concurrency {args.concurrency}")
            result["sparql"] = throughput(app.base, subjects, args.concurrency, args.seconds)
            result["app_rss_mb"] = pid_rss_mb(app.pid)
            result["engine_rss_mb"] = pid_rss_mb(engine_pid) if engine_pid else None
    finally:
        stop()
    return bulk_step(engine, data, work, result)


def bulk_step(engine: str, data: Path, work: Path, result: dict) -> dict:
    if engine != "embedded":
        log(f"{engine}: the engine's own bulk loader (load average {os.getloadavg()[0]:.1f})")
        seconds, seen = own_bulk_load(engine, data, work)
        result["own_bulk_load_s"], result["own_bulk_load"] = round(seconds, 1), seen
        log(f"{engine}: its own bulk loader took {seconds:.1f} s: {seen}")
    shutil.rmtree(work, ignore_errors=True)
    return result


def table(results: list[dict]) -> str:
    names = [r["engine"] for r in results]
    lines = ["| | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]

    def row(label, f):
        lines.append(f"| {label} | " + " | ".join(f(r) for r in results) + " |")

    row("load, the app's way (s)", lambda r: f"{r['app_load_s']}")
    row("load, the engine's own bulk loader (s)", lambda r: str(r.get("own_bulk_load_s", "same (bulk_load)")))
    row("app load: peak RSS app / engine (MB)", lambda r: " / ".join(str(v) for v in r.get("app_load", {}).get("peak_rss_mb", {}).values()) or "-")
    row("app load: CPU s app / engine", lambda r: " / ".join(str(v) for v in r.get("app_load", {}).get("cpu_s", {}).values()) or "-")
    row("bulk loader: CPU s / peak RSS (MB)", lambda r: f"{r.get('own_bulk_load', {}).get('cpu_s', '-')} / {r.get('own_bulk_load', {}).get('peak_rss_mb', '-')}")
    row("load average after app load / bulk load", lambda r: f"{r.get('app_load', {}).get('loadavg_1m_after', '-')} / {r.get('own_bulk_load', {}).get('loadavg_1m_after', '-')}")
    if "pages" not in results[0]:
        return "\n".join(lines)
    row("app warm-up after start (s)", lambda r: f"{r.get('warm_up_s')}")
    row("app RSS (MB)", lambda r: f"{r.get('app_rss_mb')}")
    row("engine RSS (MB)", lambda r: f"{r.get('engine_rss_mb') or 'in the app'}")
    row("/sparql entity query, req/s at c=8", lambda r: f"{r.get('sparql', {}).get('rps', r.get('sparql'))}")
    lines.append("| page: median ms (first request, cold) | " + " | ".join("" for _ in results) + " |")
    for page in results[0]["pages"]:
        row(page, lambda r, p=page: (f"{r['pages'][p]['median_ms']} ({r['pages'][p]['first_ms']})"
                                     + ("" if r["pages"][p]["ok"] else f" status {r['pages'][p]['status']}!")))
    return "\n".join(lines)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quads", type=int, default=1_000_000)
    ap.add_argument("--engines", default="embedded,virtuoso,oxigraph-server")
    ap.add_argument("-n", type=int, default=5)
    ap.add_argument("--concurrency", type=int, default=8)
    ap.add_argument("--seconds", type=float, default=10)
    ap.add_argument("--workdir", type=Path, default=WORKDIR)
    ap.add_argument("--serve", nargs=2, metavar=("SPEC", "PORT"))
    ap.add_argument("--load-only", action="store_true", help="time the loads only (no pages, no throughput)")
    args = ap.parse_args()
    if args.serve:
        serve_main(args.serve[0], int(args.serve[1]))
        return
    data, subjects = prepare(args.quads, args.workdir)
    results = [run_engine(e, data, subjects, args) for e in args.engines.split(",")]
    out = args.workdir / f"remote-bench-{args.quads}{'-load' if args.load_only else ''}.json"
    out.write_text(json.dumps(results, indent=1))
    print(table(results))
    log(f"saved {out}")


if __name__ == "__main__":
    main()
