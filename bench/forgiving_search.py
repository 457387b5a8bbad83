"""What forgiving search and folded neighbourhoods cost on a synthetic graph (issue 22).

Loads a bench/synth.py graph into an in-memory store, then times:

* building the label index (``kg.index.labels``: every label also stored in its one form,
  ``kg.index.variants``, with a second trigram index) and its size;
* searches: a common word, a rare word, the rare word run together with the next word of its
  label (a compound), the British spelling of a label word, and a plural;
* the neighbourhood export of the biggest hub, folded (default) and not (``fold=0``).

    python -m bench.forgiving_search --quads 1000000 --out /work/scratch-NAME/synth-1m.nq

Prints one line per measurement (median of ``-n`` runs, milliseconds). The figures go in the
report of the change, with the machine's state; nothing is asserted.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path


def timed(fn, n: int) -> tuple[float, object]:
    runs, out = [], None
    for _ in range(n):
        t = time.perf_counter()
        out = fn()
        runs.append((time.perf_counter() - t) * 1000)
    return statistics.median(runs), out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--quads", type=int, default=1_000_000)
    ap.add_argument("--out", required=True, help="N-Quads file (written by bench.synth when missing)")
    ap.add_argument("-n", type=int, default=5)
    args = ap.parse_args()
    out = Path(args.out)
    if not out.exists():
        subprocess.run([sys.executable, "-m", "bench.synth", "--quads", str(args.quads), "--out", str(out)], check=True)
    meta = json.loads(Path(str(out) + ".meta.json").read_text())

    from kg import export
    from kg.index.labels import LabelIndex
    from kg.core.namespaces import DEFAULT_BASE
    from kg.store.embedded import memory_store

    t = time.perf_counter()
    store = memory_store(DEFAULT_BASE)
    store.load_file(out)
    print(f"load: {time.perf_counter() - t:.1f} s, {meta['quads']} quads")
    ms, idx = timed(lambda: LabelIndex(store), 1)
    print(f"label index build: {ms:.0f} ms, {idx.label_count} labelled nodes")
    rare = meta["search_word"]
    label = next((t for _, t in idx.labels(meta["typical_entity"])), rare)
    words = label.split()
    queries = {"common word": "export", "rare word": rare,
               "compound (two label words run together)": "".join(words[:2]),
               "whole label": label,
               "plural": words[-1] + "s"}
    for name, q in queries.items():
        ms, found = timed(lambda: idx.ranked(q), args.n)
        print(f"search {name} {q!r}: {ms:.1f} ms, {len(found)} hits")
    for fold in (export.FOLD, 0):
        try:
            ms, made = timed(lambda: export.neighbourhood(store, meta["hub_entity"], fold=fold), 3)
            print(f"hub neighbourhood, fold={fold}: {ms:.0f} ms, {len(made.figure.nodes)} nodes drawn, "
                  f"{sum(f['count'] for f in made.context['folded'])} folded")
        except export.ExportError as exc:
            print(f"hub neighbourhood, fold={fold}: {exc}")


if __name__ == "__main__":
    main()
