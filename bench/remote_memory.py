"""The app's memory on a remote store (Virtuoso) holding a large graph: RSS and PSS per process
after its warm-up and after the first pages a user opens.

    python -m bench.remote_memory --nq /work/scratch-NAME/synth-10000000.nq --workdir /work/scratch-NAME/vmem

1. starts a private Virtuoso (``scripts/virtuoso.sh`` through ``tests/remote_servers.py``) in
   ``<workdir>/virtuoso`` and loads the N-Quads file with Virtuoso's own bulk loader (``ld_dir``,
   ``rdf_loader_run``, ``checkpoint``: the named graphs of the file kept), timed;
2. serves the app over it (``bench/remote_bench.py --serve``: ``web.app.create_app`` on a
   ``RemoteStore``, nothing loaded by the app), waits for ``/health``, then until the app and the
   engine are quiet (the warm-up's end, at most ``--quiet-limit`` s);
3. reads each app process's RSS, PSS and peak RSS (VmHWM) from /proc, and again after each of
   home, the trace of the typical measure and the hub entity's page (``<nq>.meta.json``).

Prints JSON (also written to ``<workdir>/remote-memory.json``) with the load average at each step.
The engine's own memory is reported beside it, not counted as the app's.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import httpx

import live_server   # tests/live_server.py (bench/__init__.py puts tests/ on the path)

from .first_requests import per_process
from .remote_bench import wait_quiet
from .scale_server import ROOT, Subjects, free_port, log


def bulk_load(server, nq: Path, folder: Path) -> float:
    """Virtuoso's bulk loader on ``nq``, linked into its own ``folder`` (one of its DirsAllowed)."""
    port = int(server.settings["store"].rsplit(":", 1)[1].split("/")[0]) + 1
    linked = folder / nq.name
    if not linked.exists():
        os.link(nq, linked)
    sql = f"ld_dir('{folder}', '{nq.name}', 'urn:x-bench:default'); rdf_loader_run(); checkpoint;"
    t = time.perf_counter()
    try:
        subprocess.run(["isql-vt", f"127.0.0.1:{port}", "dba", "dba", f"exec={sql}"], check=True, capture_output=True)
    finally:
        linked.unlink()
    return time.perf_counter() - t


def count(server) -> int:
    r = httpx.get(server.settings["store"][len("sparql:"):], params={"query": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"},
                  headers={"accept": "application/sparql-results+json"}, timeout=600)
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


def step(name: str, pid: int, engine_pid: int, out: dict, ms: float | None = None) -> None:
    out[name] = {"app": per_process(pid), "engine_rss_mb": per_process(engine_pid)["rss_mb"],
                 "loadavg_1m": os.getloadavg()[0], **({"ms": round(ms, 1)} if ms is not None else {})}
    log(f"{name}: {out[name]}")


def main(argv: list[str] | None = None) -> None:
    from remote_servers import start_virtuoso

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--nq", type=Path, required=True, help="N-Quads file (bench/synth.py, with its .meta.json)")
    ap.add_argument("--workdir", type=Path, required=True)
    ap.add_argument("--buffers", type=int, default=340000, help="Virtuoso's NumberOfBuffers (8 kB each)")
    ap.add_argument("--quiet-limit", type=float, default=1800)
    args = ap.parse_args(argv)
    meta = json.loads(Path(str(args.nq) + ".meta.json").read_text())
    subjects = Subjects(typical_measure=meta["typical_cause"], hub=meta["hub_entity"], target=meta["typical_target"],
                        rare_word=meta["search_word"], common_word="export", missing="", meta=meta)
    out: dict = {"file": str(args.nq), "quads": meta.get("quads")}
    server = start_virtuoso(args.workdir / "virtuoso", buffers=args.buffers)
    try:
        log(f"bulk loading {args.nq.name} into Virtuoso (load average {os.getloadavg()[0]:.1f})")
        out["bulk_load_s"] = round(bulk_load(server, args.nq.resolve(), (args.workdir / "virtuoso").resolve()), 1)
        out["quads_in_engine"] = count(server)
        log(f"loaded in {out['bulk_load_s']} s")
        port = free_port()
        cmd = [sys.executable, "-m", "bench.remote_bench", "--serve", server.settings["store"], str(port)]
        env = {**os.environ, "KG_STORE_AUTH": server.settings.get("store_auth", "")}
        t = time.perf_counter()
        with live_server.running(cmd, port, args.workdir / "app.log", cwd=ROOT, timeout=1800, grace=30, env=env) as app:
            out["start_s"] = round(time.perf_counter() - t, 1)
            out["warm_up_s"] = round(wait_quiet([app.pid, server.pid], args.quiet_limit), 1)
            steps: dict = {}
            step("after warm-up", app.pid, server.pid, steps)
            with httpx.Client(base_url=app.base, timeout=600) as client:
                for name, path in (("home", "/"), ("trace", f"/trace?from={subjects.typical_measure}"),
                                   ("hub", subjects.path(subjects.hub))):
                    t0 = time.perf_counter()
                    status = client.get(path, headers={"accept": "text/html"}).status_code
                    step(f"after {name} (status {status})", app.pid, server.pid, steps, (time.perf_counter() - t0) * 1000)
            out["steps"] = steps
    finally:
        server.stop()
    text = json.dumps(out, indent=1)
    (args.workdir / "remote-memory.json").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
