"""What a user meets first: each page kind's first request right after a start, after a restart on
the unchanged store, and after a one-statement write (``pages_scale.py --first``).

For one graph size and one app (the working tree, or ``--before REV``'s snapshot):

1. a cold start: the store folder's warm state (``<store>/../warm``) is removed, ``kg serve``
   started; once /health answers, each page kind is asked for once, in the order of
   ``pages_scale.pages`` (a later page may find what an earlier one built), with
   ``Cache-Control: no-cache``; then the server is stopped;
2. a restart on the same files (the warm state kept by the cold start, when the app keeps one):
   each page kind's first request again;
3. (``pages_scale`` times the no-cache medians on this server;)
4. one SPARQL update inserting one statement (an alternative label of the typical measure), then
   each page kind's first request after it.

Every response is read to the last byte; times are in ms, with status and size. The resident
memory of each process (RSS and PSS) is taken after each pass.

With ``--built`` (a synthetic size), every start is ``kg serve`` on an on-disk store that ``kg build``
made once in the run from a data folder holding the synthetic quads as one TriG file (``built_store``),
as a deployment runs, instead of ``kg serve --load FILE``, which loads the file again at every start:
the restart is then a real restart on the unchanged store. After the write's pass the server is
stopped and started once more, and its seconds to ``/health`` are reported (an app that settles its
writes, ``kg.store.settling``, opens the store as it is; an older one rebuilds it from the data folder
and the journal).
"""
from __future__ import annotations

import shutil
import time
from pathlib import Path

import httpx

from .scale_server import BASE, PY, built_args, log, memory, server_env

TOKEN = "bench-first-requests"
NO_CACHE = {"cache-control": "no-cache"}


def warm_folder(store_dir: Path) -> Path:
    """Where the app keeps the warm state of a store whose folder is under ``store_dir``."""
    return store_dir / "warm"


def forget_warm_state(store_dir: Path) -> None:
    shutil.rmtree(warm_folder(store_dir), ignore_errors=True)


def built_store(data: Path, store_dir: Path, workdir: Path, app_dir: Path) -> dict:
    """``--built``: a data folder of the store's own (``store_dir/data``: the synthetic quads as one TriG
    file, written once under ``workdir`` and linked; no journal left by an earlier run's write) and a
    store built from it afresh by ``app_dir``'s ``kg build``; returns the build's wall and CPU seconds."""
    from .build_speed import data_folder, timed

    trig = data_folder(data, workdir) / "synth.trig"
    folder = store_dir / "data"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.rmtree(store_dir / "store", ignore_errors=True)
    folder.mkdir(parents=True)
    (folder / "synth.trig").symlink_to(trig)
    (workdir / "logs").mkdir(parents=True, exist_ok=True)
    logfile = workdir / "logs" / f"build-{store_dir.name}.log"
    log(f"kg build of {trig} into {store_dir / 'store'} (log {logfile})")
    out = timed([PY, "-m", "kg.cli.run", "build", *built_args(store_dir)], server_env(app_dir), app_dir, logfile)
    log(f"kg build: {out}")
    return out


def first_pass(base: str, urls: dict[str, tuple[str, dict]], one, timeout: float, label: str) -> dict[str, dict]:
    """Each page kind once, in order, on one keep-alive connection: {name: {ms, status, bytes}}."""
    out: dict[str, dict] = {}
    limits = httpx.Limits(max_connections=1, max_keepalive_connections=1)
    with httpx.Client(base_url=base, timeout=timeout, limits=limits) as client:
        for name, (url, headers) in urls.items():
            r = one(client, url, {**headers, **NO_CACHE})
            out[name] = {"ms": round(r["ms"], 1), "status": r["status"], "bytes": r.get("bytes"),
                         **({"error": r["error"]} if r.get("error") else {})}
            log(f"  {label} {name}: {out[name]['ms']} ms, status {out[name]['status']}, {out[name]['bytes']} bytes"
                + (f" [{r['error']}]" if r.get("error") else ""))
    return out


def write_one(base: str, measure: str, timeout: float) -> dict:
    """Insert one statement through /sparql (the server runs with ``--update-token TOKEN``)."""
    text = (f"INSERT DATA {{ GRAPH <{BASE}doc/bench-first-requests> {{ <{measure}> "
            f"<http://www.w3.org/2004/02/skos/core#altLabel> \"bench write {time.time_ns()}\"@en }} }}")
    t0 = time.perf_counter()
    r = httpx.post(base + "/sparql", data={"update": text}, headers={"Authorization": f"Bearer {TOKEN}"},
                   timeout=timeout)
    return {"ms": round((time.perf_counter() - t0) * 1000, 1), "status": r.status_code}


def per_process(pid: int) -> dict:
    """``memory(pid)`` and each process's own RSS, PSS and peak RSS since it started (VmHWM)."""
    from .scale_server import _kb, _tree

    procs = []
    for p in _tree(pid):
        if not Path(f"/proc/{p}").is_dir():
            continue
        procs.append({"pid": p, "name": "server" if p == pid else "worker", "rss_mb": round(_kb(f"/proc/{p}/status", "VmRSS") / 1024, 1),
                      "pss_mb": round(_kb(f"/proc/{p}/smaps_rollup", "Pss") / 1024, 1),
                      "peak_rss_mb": round(_kb(f"/proc/{p}/status", "VmHWM") / 1024, 1)})
    return {**memory(pid), "per_process": procs}


# ------------------------------------------------------------------------------------ report
def _ms(e: dict | None) -> str:
    if not e:
        return ""
    if e.get("status") is None:
        return f"**{(e.get('error') or 'error')[:24]}**"
    v = e["ms"]
    text = f"{v:.0f}" if v >= 10 else f"{v:.1f}"
    return text if e["status"] in (200, 404) else f"{text} ({e['status']})"


def _size(v) -> str:
    if v is None:
        return "-"
    return f"{v / 1e6:.1f} MB" if v >= 1e6 else f"{v / 1000:.1f} kB" if v >= 1000 else f"{v} B"


def _mem(m: dict | None) -> str:
    if not m:
        return "-"
    each = ", ".join(f"{p['name']} {p['rss_mb']:.0f}/{p['pss_mb']:.0f}/{p.get('peak_rss_mb', 0):.0f}"
                     for p in m.get("per_process", []))
    return f"RSS {m['rss_mb']:,.0f} MB, PSS {m['pss_mb']:,.0f} MB (RSS/PSS/peak RSS: {each})"


def table(size: dict) -> str:
    """One size's first requests, for each app measured (``before`` and ``after``), as Markdown."""
    apps = [a for a in ("before", "after") if a in size.get("first", {})]
    cols = ["first after start", "first after restart", "first after write", "no-cache median", "size"]
    lines = [f"### {size['size']}: first requests (ms)", ""]
    for a in apps:
        f = size["first"][a]
        built = (f"kg build {f['build']['wall_s']} s (CPU {f['build']['cpu_s']} s), " if f.get("build") else "")
        again = (f", start after the write to /health {f['after_write_start_s']} s"
                 if f.get("after_write_start_s") is not None else "")
        lines.append(f"- **{a}** ({f['app']}): {built}start to /health {f['cold_start_s']} s, restart to /health "
                     f"{f['restart_s']} s{again}; write {f['write']['ms']} ms (status {f['write']['status']}); memory after "
                     f"the cold start's warm-up (idle after {f.get('cold_idle_s', '-')} s) {_mem(f.get('cold_memory'))}; "
                     f"after the restart's passes {_mem(f.get('memory'))}")
    lines += ["", "| page | " + " | ".join(f"{a}: {c}" for a in apps for c in cols) + " |",
              "|---|" + "---:|" * (len(cols) * len(apps))]
    names = list(dict.fromkeys(n for a in apps for n in size["first"][a]["cold"]))
    for name in names:
        row = [name]
        for a in apps:
            f = size["first"][a]
            med = f.get("medians", {}).get(name) or {}
            row += [_ms(f["cold"].get(name)), _ms(f["restart"].get(name)), _ms(f["after_write"].get(name)),
                    "-" if med.get("median_ms") is None else f"{med['median_ms']:.1f}",
                    _size((f["restart"].get(name) or {}).get("bytes"))]
        lines.append("| " + " | ".join(row) + " |")
    return "\n".join(lines)
