"""Benchmark ``kg trace`` on synthetic signed causal graphs (1k and 10k links by default).

The graph is shaped like a causal map, not a random dense graph: measures feed layers
of pathways, capabilities and outcomes (7 layers), each factor with 2-3 outgoing links
to the next layer or the one after, a few links pointing back a layer (so feedback loops
exist), random polarity, and each link stated in 1-3 of 20 document graphs with an
evidence anchor, exactly as the curated data states them.

Every run goes through the real store: the TriG is loaded into an Oxigraph memory store,
then the trace loads the causal layer with its one SPARQL query and analyses it in
networkx. The three costs are reported separately (load into store, causal query into
networkx, analysis), for the median and the slowest of several measures, at depth 6.

    python bench/trace_bench.py [--links 1000 10000] [--measures 5] [--depth 6] [--seed 1]
"""
from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import pyoxigraph as ox  # noqa: E402

from kg.core.namespaces import DEFAULT_BASE, sparql_prologue  # noqa: E402
from kg.store import memory_store  # noqa: E402
from kg.trace import PATH_CAP, load_causal_graph, trace_graph  # noqa: E402

LAYERS = 7
DOCS = 20
KINDS = ["Measure", "Pathway", "Pathway", "Capability", "Capability", "Outcome", "Outcome"]


def synth(links: int, seed: int) -> tuple[str, list[str]]:
    """TriG text of a layered signed graph with about ``links`` causal links, and its measures."""
    rng = random.Random(seed)
    per_layer = max(2, round(links / 2.5 / LAYERS))
    layers = [[f"n{l}-{i}" for i in range(per_layer)] for l in range(LAYERS)]
    edges: list[tuple[str, str, int]] = []
    while len(edges) < links:
        l = rng.randrange(LAYERS - 1)
        u = rng.choice(layers[l])
        r = rng.random()
        if r < 0.03 and l >= 2:          # a link back one layer: feedback
            v = rng.choice(layers[l - 1])
        elif r < 0.25 and l + 2 < LAYERS:  # skip a layer
            v = rng.choice(layers[l + 2])
        else:
            v = rng.choice(layers[l + 1])
        edges.append((u, v, rng.choice((1, -1))))
    out = [line.replace("PREFIX", "@prefix", 1) + " ." for line in sparql_prologue().splitlines()]
    out.append("id:graph-catalog {")
    for l, names in enumerate(layers):
        for n in names:
            out.append(f'  id:{n} a pk:{KINDS[l]} ; skos:prefLabel "Factor {n}"@en .')
    out.append("}")
    by_doc: dict[int, list[str]] = {}
    for i, (u, v, s) in enumerate(edges):
        pol, short = ("pk:Positive", "pk:increases") if s > 0 else ("pk:Negative", "pk:decreases")
        for d in rng.sample(range(DOCS), rng.choice((1, 1, 2, 3))):
            by_doc.setdefault(d, []).append(
                f"  id:link-{i} a pk:CausalLink ; pk:cause id:{u} ; pk:effect id:{v} ; pk:polarity {pol} ;"
                f" pk:evidence ev:{d}-{i} .\n  id:{u} {short} id:{v} .\n"
                f"  ev:{d}-{i} a oa:SpecificResource ; oa:hasSource doc:d{d} ;"
                f" oa:hasSelector [ a oa:TextPositionSelector ; oa:start {i * 10} ; oa:end {i * 10 + 9} ] .")
    for d, stmts in sorted(by_doc.items()):
        out.append(f"doc:d{d} {{")
        out.extend(stmts)
        out.append("}")
    return "\n".join(out), [DEFAULT_BASE + n for n in layers[0]]


def run(links: int, measures: int, depth: int, seed: int) -> dict:
    text, starts = synth(links, seed)
    store = memory_store(DEFAULT_BASE)
    t0 = time.perf_counter()
    store.oxigraph.load(text.encode(), format=ox.RdfFormat.TRIG)
    t_load = time.perf_counter() - t0
    rng = random.Random(seed)
    picks = rng.sample(starts, min(measures, len(starts)))
    query_times, analysis_times, cpu_times, sizes = [], [], [], []
    for m in picks:
        c0, t0 = time.process_time(), time.perf_counter()
        G = load_causal_graph(store)            # one SPARQL query, rows into networkx
        t1 = time.perf_counter()
        r = trace_graph(G, m, max_depth=depth)
        t2, c2 = time.perf_counter(), time.process_time()
        query_times.append(t1 - t0)
        analysis_times.append(t2 - t1)
        cpu_times.append(c2 - c0)
        sizes.append((len(r["targets"]), len(r["paths"]), len(r["loops"]), r["truncated"]))
    total = [q + a for q, a in zip(query_times, analysis_times)]
    return {"links": G.number_of_edges(), "factors": G.number_of_nodes(), "quads": len(store),
            "load_s": t_load, "query_s": statistics.median(query_times), "query_max_s": max(query_times),
            "analysis_s": statistics.median(analysis_times), "analysis_max_s": max(analysis_times),
            "total_s": statistics.median(total), "total_max_s": max(total),
            "cpu_s": statistics.median(cpu_times), "sizes": sizes}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--links", type=int, nargs="+", default=[1000, 10000])
    ap.add_argument("--measures", type=int, default=5)
    ap.add_argument("--depth", type=int, default=6)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    print(f"trace at depth {a.depth}, {a.measures} measures per graph, path cap {PATH_CAP} per target; "
          f"load = TriG into Oxigraph, query = causal query into networkx, analysis = paths, nets, loops; "
          f"medians, max over measures, cpu = process CPU time of query + analysis (median)")
    print(f"{'links':>6} {'factors':>7} {'quads':>7} {'load':>7} {'query':>7} {'q max':>7} "
          f"{'analysis':>8} {'a max':>7} {'total':>7} {'t max':>7} {'cpu':>6}  targets/paths/loops/truncated per measure")
    for n in a.links:
        r = run(n, a.measures, a.depth, a.seed)
        sizes = " ".join(f"{t}/{p}/{lp}/{'T' if tr else 'F'}" for t, p, lp, tr in r["sizes"])
        print(f"{r['links']:>6} {r['factors']:>7} {r['quads']:>7} {r['load_s']:>6.2f}s {r['query_s']:>6.3f}s "
              f"{r['query_max_s']:>6.3f}s {r['analysis_s']:>7.3f}s {r['analysis_max_s']:>6.3f}s "
              f"{r['total_s']:>6.3f}s {r['total_max_s']:>6.3f}s {r['cpu_s']:>5.3f}s  {sizes}")


if __name__ == "__main__":
    main()
