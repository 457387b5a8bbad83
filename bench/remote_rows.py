"""The app's memory for a SELECT of many rows on a remote store (Virtuoso): a user's query through the
gateway (``kg.sparql``, cut at the row cap) and the app's own read of every row (``Store.values``).

    python -m bench.remote_rows --nq /work/scratch-NAME/synth-1000000.nq --workdir /work/scratch-NAME/vrows

1. starts a private Virtuoso (``tests/remote_servers.py``) in ``<workdir>/virtuoso`` and loads the
   N-Quads file with its bulk loader (``bench.remote_memory.bulk_load``);
2. for each case, a fresh Python process opens the store (``open_remote``), notes its resident memory,
   runs the query once and reports the rows it got, whether they were cut, the seconds, the rows the
   store read from the engine (``RemoteStore.rows_read``) and its peak resident memory (VmHWM) above
   what it held before the query.

Cases: ``gateway`` (``SparqlService.query`` of every quad, the default row cap), ``values`` and
``select`` (the app's own reads of every quad, whole). Prints JSON, also written to
``<workdir>/remote-rows.json``, with the load average at each case.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

from .remote_memory import bulk_load, count
from .scale_server import ROOT, _kb, log

QUERY = "SELECT ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } }"
CASES = ("gateway", "values", "select")


def child(case: str, url: str, auth: str) -> dict:
    """One case in this process (see the module)."""
    from kg.core.settings import Settings
    from kg.store.remote import open_remote

    settings = Settings.from_env(env={})
    store = open_remote(url, base_iri=settings.base_iri, auth=auth)
    base = _kb("/proc/self/status", "VmRSS")
    t = time.perf_counter()
    if case == "gateway":
        from kg.sparql.service import SparqlService

        service = SparqlService(settings, store)
        answer = service.query(QUERY, timeout=600)
        rows, cut = answer.count, answer.truncated
        service.close()
    else:
        rows, cut = len(store.values(QUERY) if case == "values" else store.select(QUERY)), False
    seconds = time.perf_counter() - t
    return {"case": case, "rows": rows, "truncated": cut, "s": round(seconds, 2),
            "rows_read": getattr(store, "rows_read", None), "rss_before_mb": round(base / 1024, 1),
            "peak_above_mb": round((_kb("/proc/self/status", "VmHWM") - base) / 1024, 1), "rss_after_mb": round(_kb("/proc/self/status", "VmRSS") / 1024, 1)}


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--nq", type=Path, help="N-Quads file (bench/synth.py)")
    ap.add_argument("--workdir", type=Path)
    ap.add_argument("--buffers", type=int, default=200000, help="Virtuoso's NumberOfBuffers (8 kB each)")
    ap.add_argument("--cases", default=",".join(CASES))
    ap.add_argument("--child", nargs=3, metavar=("CASE", "URL", "AUTH"), help=argparse.SUPPRESS)
    args = ap.parse_args(argv)
    if args.child:
        print(json.dumps(child(*args.child)))
        return
    from remote_servers import start_virtuoso

    out: dict = {"file": str(args.nq), "query": QUERY, "cases": []}
    server = start_virtuoso(args.workdir / "virtuoso", buffers=args.buffers)
    try:
        out["bulk_load_s"] = round(bulk_load(server, args.nq.resolve(), (args.workdir / "virtuoso").resolve()), 1)
        out["quads_in_engine"] = count(server)
        log(f"loaded {out['quads_in_engine']} quads in {out['bulk_load_s']} s")
        url, auth = server.settings["store"][len("sparql:"):], server.settings.get("store_auth", "")
        for case in args.cases.split(","):
            load = os.getloadavg()[0]
            done = subprocess.run([sys.executable, "-m", "bench.remote_rows", "--child", case, url, auth], cwd=ROOT,
                                  capture_output=True, text=True, timeout=1800)
            if done.returncode != 0:
                raise SystemExit(done.stderr[-3000:])
            found = {**json.loads(done.stdout.splitlines()[-1]), "loadavg_1m": load}
            log(f"{case}: {found}")
            out["cases"].append(found)
    finally:
        server.stop()
    report = args.workdir / "remote-rows.json"
    report.write_text(json.dumps(out, indent=1))
    print(report.read_text())


if __name__ == "__main__":
    main()
