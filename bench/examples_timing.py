"""How long each example query of the query editor (data/queries/*.rq) takes on the curated graph.

The functional test (tests/test_example_queries.py) checks that each example finds something;
how long it takes depends on the machine, so it is measured here. The endpoint stops a query at
10 s (its workers are slower than this in-process call), and a join over facts stated in several
document graphs can explode (one row per quad), so an example over about 1 s here needs a look.
Usage: python -m bench.examples_timing [N]   (median of N runs after one warm-up, default 5)
"""
from __future__ import annotations

import statistics
import sys
import time

import pyoxigraph as ox

from kg.core.settings import Settings
from kg.pages.examples import load_examples
from kg.store.build import open_store

LOOK_MS = 1000   # an example slower than this on the curated graph needs a look


def run_once(store, body: str) -> tuple[float, int]:
    """Milliseconds to run ``body`` to its last row, and the row count."""
    t0 = time.perf_counter()
    result = store.oxigraph.query(store.prologue + body, use_default_graph_as_union=True)
    rows = 1 if isinstance(result, ox.QueryBoolean) else sum(1 for _ in result)
    return (time.perf_counter() - t0) * 1000, rows


def main(n: int = 5) -> None:
    store = open_store(Settings.from_env(store="memory"))
    print(f"{len(store)} quads; median of {n} runs of each example (ms)")
    slow = []
    for example in load_examples(base_iri=store.base_iri):
        run_once(store, example.body)
        times, rows = [], 0
        for _ in range(n):
            ms, rows = run_once(store, example.body)
            times.append(ms)
        median = statistics.median(times)
        print(f"{example.name:32s} {median:8.1f}  max {max(times):8.1f}  {rows:>6} rows")
        if median > LOOK_MS:
            slow.append(example.name)
    print(f"over {LOOK_MS} ms: {', '.join(slow) if slow else 'none'}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
