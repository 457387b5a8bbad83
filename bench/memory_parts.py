"""Where the server's memory goes: each part of the warm-up built in turn in one process, with the
resident memory (RSS) and the Python heap (tracemalloc) it added.

    python -m bench.memory_parts --load /tmp/kg-bench/synth-1000000.nq [--warm /tmp/warm]

Opens a temporary store of the files (as ``kg serve --load`` does; with ``--warm``, its warm state
is kept in that folder, so a second run reads what the first built), then builds, one after the
other: the label index, each list's sorted members, the claims orders, the events and timeline
actors, home, and the causal layer. Prints a Markdown table: part, seconds, RSS added, Python heap
added (MB), and the peak RSS while it was built (VmHWM, reset before each part). tracemalloc slows Python code down about 2x; ``--no-trace`` gives RSS only.
"""
from __future__ import annotations

import argparse
import gc
import os
import sys
import time
import tracemalloc
from pathlib import Path


def rss_mb(field: str = "VmRSS") -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def reset_peak() -> None:
    """Start the process's peak resident memory (VmHWM) again from its current RSS (Linux 4.0+)."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
    except OSError:
        pass


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--load", type=Path, action="append", required=True)
    ap.add_argument("--warm", type=Path, help="folder for the temporary store and its warm state")
    ap.add_argument("--no-trace", action="store_true")
    args = ap.parse_args(argv)

    from kg.core.settings import PROJECT_ROOT, Settings
    from kg.sparql.temporary import remove_temporary, temporary_store

    settings = Settings.from_env()
    files = [PROJECT_ROOT / "ontology" / "policy-kg.ttl", *args.load]
    if not args.no_trace:
        tracemalloc.start()
    rows = []

    def part(name: str, fn) -> None:
        gc.collect()
        reset_peak()
        r0, h0, t0 = rss_mb(), tracemalloc.get_traced_memory()[0] if not args.no_trace else 0, time.perf_counter()
        fn()
        gc.collect()
        h1 = tracemalloc.get_traced_memory()[0] if not args.no_trace else 0
        rows.append((name, time.perf_counter() - t0, rss_mb() - r0, (h1 - h0) / 2**20, rss_mb(), rss_mb("VmHWM")))
        print(f"  {name}: {rows[-1][1]:.1f} s, RSS +{rows[-1][2]:.0f} MB, heap +{rows[-1][3]:.0f} MB "
              f"(RSS {rows[-1][4]:.0f} MB, peak {rows[-1][5]:.0f} MB)", file=sys.stderr, flush=True)

    holder: dict = {}
    part("open store", lambda: holder.update(store=temporary_store(files, settings.base_iri, parent=args.warm)))
    store = holder["store"]
    from kg import trace
    from kg.core import heap
    from kg.index.labels import index
    from kg.pages import claims, home, lists

    part("label index", lambda: index(store))
    for slug in lists.LISTS:
        part(f"list {slug}", lambda slug=slug: lists.kind_list(store, slug, limit=1))
    part("claims orders (7 sorts)", lambda: [claims.table(store, sort=s, limit=1) for s in claims.SORTS])
    part("timeline", lambda: lists.timeline(store, limit=1))
    part("home", lambda: home.home(store, settings.data_dir))
    part("causal layer", lambda: trace.causal_graph(store))
    part("malloc_trim(0): freed memory back to the system", heap.give_back)
    remove_temporary(store)
    print("| part | s | RSS added (MB) | Python heap added (MB) | RSS after (MB) | peak RSS during (MB) |\n"
          "|---|---:|---:|---:|---:|---:|")
    for name, s, r, h, after, peak in rows:
        print(f"| {name} | {s:.1f} | {r:,.0f} | {h:,.0f} | {after:,.0f} | {peak:,.0f} |")
    print(f"pid {os.getpid()}: peak heap {tracemalloc.get_traced_memory()[1] / 2**20:,.0f} MB" if not args.no_trace else "")


if __name__ == "__main__":
    main()
