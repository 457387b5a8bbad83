"""``kg build`` beside pyoxigraph's own bulk load of the same files, and ``kg serve``'s start on the store built.

For each size (a quad count: ``1m``, ``10m``; ``bench/synth.py`` writes the N-Quads, or ``--nq SIZE=FILE``
names a file already written) the data folder is one TriG file of those quads (converted once, under the
work folder). Then, in one run, one after the other:

* ``bulk``: a fresh ``pyoxigraph.Store`` folder, ``bulk_load`` of the ontology and the TriG file, ``flush``
  (in a subprocess of its own, as ``kg build`` is);
* ``kg build``: ``kg build --store oxigraph`` of the same ontology and data folder (from ``--app``, default
  this checkout), its counts printed as usual;
* with ``--serve``: ``kg serve`` on that store, the seconds until ``/health`` answers 200, first on the
  store as built (its caches cold; then the seconds until its warm-up ends, the server idle) and then
  again, restarted on the unchanged store (reading the warm state the first start kept).

Wall-clock seconds and CPU seconds (user+system of the child) are printed per step, with the ratio of
``kg build`` to the bulk load::

    python -m bench.build_speed --sizes 1m,10m --nq 10m=/work/scratch/synth-10m.nq --serve
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path

from .scale_server import PY, ROOT, app_snapshot, log, parse_size, server_env, size_label, wait_idle
import live_server

PREFIXES = {"id": "https://w3id.org/policy-kg/id/", "pk": "https://w3id.org/policy-kg/ns#",
            "doc": "https://w3id.org/policy-kg/id/doc/", "ev": "https://w3id.org/policy-kg/id/evidence/",
            "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#", "skos": "http://www.w3.org/2004/02/skos/core#",
            "dct": "http://purl.org/dc/terms/", "schema": "https://schema.org/", "oa": "http://www.w3.org/ns/oa#",
            "xsd": "http://www.w3.org/2001/XMLSchema#"}

BULK = """
import sys, pyoxigraph as ox
store = ox.Store(sys.argv[1])
store.bulk_load(path=sys.argv[2], format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode("https://w3id.org/policy-kg/ns"))
store.bulk_load(path=sys.argv[3], format=ox.RdfFormat.TRIG)
store.flush()
print(len(store))
"""


def data_folder(nq: Path, workdir: Path) -> Path:
    """A data folder holding the quads of ``nq`` as one TriG file (written once)."""
    import pyoxigraph as ox

    folder = workdir / f"data-{nq.stem}"
    trig = folder / "synth.trig"
    if not trig.is_file() or trig.stat().st_mtime < nq.stat().st_mtime:
        folder.mkdir(parents=True, exist_ok=True)
        log(f"writing {trig} from {nq}")
        tmp = trig.with_suffix(".tmp")
        ox.serialize(ox.parse(path=nq, format=ox.RdfFormat.N_QUADS), output=tmp, format=ox.RdfFormat.TRIG,
                     prefixes=PREFIXES)
        tmp.replace(trig)
    return folder


def timed(cmd: list[str], env: dict, cwd: Path, logfile: Path) -> dict:
    """Run ``cmd`` to its end; wall and CPU seconds (the child's), its exit code."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.monotonic()
    with open(logfile, "w") as out:
        rc = subprocess.run(cmd, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT).returncode
    wall = time.monotonic() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if rc != 0:
        raise RuntimeError(f"{' '.join(cmd[:4])} exited with {rc}: {logfile.read_text()[-2000:]}")
    return {"wall_s": round(wall, 1), "cpu_s": round(cpu, 1)}


def start_time(cmd: list[str], env: dict, app: Path, logfile: Path, port: int, idle: float) -> tuple[float, float]:
    """Seconds until ``/health`` answers, then (with ``idle``) the seconds until the server has been idle
    for a second (its warm-up done: what a restart may then read), at most ``idle``."""
    server = live_server.start(cmd, port, logfile, cwd=app, env=env, timeout=3600,
                               progress=lambda s, pid: log(f"  still starting ({s:.0f} s)"))
    try:
        return round(server.ready_s, 1), (wait_idle(server.pid, idle) if idle else 0.0)
    finally:
        live_server.stop(server.proc, 20)


def run_size(size: int, nq: Path, args) -> dict:
    label = size_label(size)
    folder = data_folder(nq, args.workdir)
    ontology = args.app / "ontology" / "policy-kg.ttl"
    env = server_env(args.app)
    logs = args.workdir / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    out: dict = {"size": label, "trig_mb": round((folder / "synth.trig").stat().st_size / 1e6)}

    bare = args.workdir / f"bulk-{label}"
    shutil.rmtree(bare, ignore_errors=True)
    log(f"{label}: bulk load")
    out["bulk"] = timed([PY, "-c", BULK, str(bare), str(ontology), str(folder / "synth.trig")], env, args.app,
                        logs / f"bulk-{label}.log")
    out["quads"] = int((logs / f"bulk-{label}.log").read_text().split()[-1])
    shutil.rmtree(bare, ignore_errors=True)
    log(f"{label}: bulk load {out['bulk']}")

    store = args.workdir / f"store-{label}" / "store"
    shutil.rmtree(store.parent, ignore_errors=True)
    kg = [PY, "-m", "kg.cli.run"]
    where = ["--store", "oxigraph", "--store-path", str(store), "--data", str(folder)]
    log(f"{label}: kg build")
    out["kg_build"] = timed([*kg, "build", *where], env, args.app, logs / f"build-{label}.log")
    out["ratio"] = round(out["kg_build"]["wall_s"] / out["bulk"]["wall_s"], 2)
    log(f"{label}: kg build {out['kg_build']} ({out['ratio']}x the bulk load)")

    if args.serve:
        for which in ("first_start", "restart"):
            port = live_server.free_port()
            log(f"{label}: kg serve, {which}")
            out[which + "_s"], out[which + "_idle_s"] = start_time(
                [*kg, "serve", *where, "--port", str(port)], env, args.app, logs / f"serve-{label}-{which}.log",
                port, args.idle_wait if which == "first_start" else 0)
            log(f"{label}: serving after {out[which + '_s']} s" + (
                f", idle {out[which + '_idle_s']} s later" if which == "first_start" else ""))
    if not args.keep:
        shutil.rmtree(store.parent, ignore_errors=True)
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sizes", default="1m", help="comma-separated quad counts (1m, 10m)")
    ap.add_argument("--nq", action="append", default=[], metavar="SIZE=FILE",
                    help="use this N-Quads file for SIZE instead of writing one with bench/synth.py")
    ap.add_argument("--workdir", type=Path, default=Path("/tmp/kg-build-bench"),
                    help="TriG data folders, stores and logs (removed stores; the data is kept)")
    ap.add_argument("--app", type=Path, default=ROOT, help="the checkout whose kg is timed (default: this one)")
    ap.add_argument("--rev", default=None, help="time the app as committed at REV (a snapshot; instead of --app)")
    ap.add_argument("--serve", action="store_true", help="also time kg serve's start: first, then a restart")
    ap.add_argument("--idle-wait", type=float, default=3600,
                    help="after the first start, wait up to this many seconds for its warm-up to end before the restart")
    ap.add_argument("--keep", action="store_true", help="keep the built stores")
    ap.add_argument("--json", action="store_true", help="print JSON instead of the table")
    args = ap.parse_args(argv)
    args.app = app_snapshot(args.rev, args.workdir) if args.rev else args.app.resolve()
    given = {parse_size(k): Path(v) for k, v in (x.split("=", 1) for x in args.nq)}
    rows = []
    for size in (parse_size(s) for s in args.sizes.split(",")):
        nq = given.get(size)
        if nq is None:
            from .synth import generate

            nq = args.workdir / f"synth-{size}.nq"
            args.workdir.mkdir(parents=True, exist_ok=True)
            generate(size, nq)
        rows.append(run_size(size, nq, args))
    if args.json:
        print(json.dumps(rows, indent=1))
        return
    print(f"app {args.app}; machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the end")
    print("| size | quads | TriG MB | bulk load s (CPU) | kg build s (CPU) | ratio | first start s (then idle after s) "
          "| restart s |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['size']} | {r['quads']:,} | {r['trig_mb']} | {r['bulk']['wall_s']} ({r['bulk']['cpu_s']}) | "
              f"{r['kg_build']['wall_s']} ({r['kg_build']['cpu_s']}) | {r['ratio']} | "
              f"{r.get('first_start_s', '-')} ({r.get('first_start_idle_s', '-')}) | {r.get('restart_s', '-')} |")


if __name__ == "__main__":
    main()
