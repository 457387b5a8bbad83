"""Seconds from start to /health after a one-statement write (issue 23), before and after a change.

For each app (``--before REV``: the app as committed at REV, ``git archive``d under the work folder;
then this working tree): ``kg build`` of a data folder holding the synthetic quads of ``--nq`` as one
TriG file, ``kg serve`` of that store (seconds to /health), one statement inserted through /sparql,
a clean stop (SIGTERM), a start again (seconds to /health, and whether its log says it built the
store), a stop and a third start (no write since). Every store and log stays under ``--workdir``.

    python -m bench.restart_after_write --nq /work/scratch-x/synth-1m.nq --workdir /work/scratch-x --before main
"""
from __future__ import annotations

import argparse
import json
from pathlib import Path

from . import first_requests as first
from .scale_server import ROOT, app_snapshot, log, serve


def one_app(label: str, app_dir: Path, nq: Path, workdir: Path, timeout: float) -> dict:
    store_dir = workdir / f"restart-{label}"
    out = {"app": label, "build": first.built_store(nq, store_dir, workdir, app_dir)}
    wait = dict(size=1_000_000, data=None, workdir=workdir, kg_args=f"--update-token {first.TOKEN} --workers 1",
                timeout=timeout, app_dir=app_dir, store_dir=store_dir, built=True)
    with serve(**wait) as srv:
        out["start_s"] = srv.ready_s
        out["write"] = first.write_one(srv.base, f"{first.BASE}bench-restart-after-write", timeout)
    with serve(**wait) as srv:
        out["start_after_write_s"] = srv.ready_s
        out["rebuilt_after_write"] = "building store" in srv.log.read_text()
    with serve(**wait) as srv:
        out["start_again_s"] = srv.ready_s
        out["rebuilt_again"] = "building store" in srv.log.read_text()
    log(f"{label}: {json.dumps(out)}")
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--nq", type=Path, required=True, help="synthetic N-Quads (bench/synth.py)")
    ap.add_argument("--workdir", type=Path, required=True)
    ap.add_argument("--before", help="git revision of the app to compare with (e.g. main)")
    ap.add_argument("--timeout", type=float, default=1800)
    args = ap.parse_args(argv)
    apps = ([("before", app_snapshot(args.before, args.workdir))] if args.before else []) + [("after", ROOT)]
    print(json.dumps([one_app(label, app, args.nq, args.workdir, args.timeout) for label, app in apps], indent=1))


if __name__ == "__main__":
    main()
