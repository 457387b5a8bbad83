"""The tables ``bench/sparql_bench.py`` prints from a run: per size, each query's rows and each
server's requests a second and latencies, with its throughput beside the null handler's and
rdflib-endpoint's (a cell too slow to load-test counts as 1/latency of its single request), and
the issue's two targets at the largest size."""
from __future__ import annotations

LABELS = {"null": "null handler", "kg": "kg serve", "kg-nocache": "kg serve, no result cache",
          "rdflib": "rdflib-endpoint"}


def fmt_ms(v) -> str:
    return "-" if v is None else (f"{v:.1f}" if v < 100 else f"{v:.0f}")


def ratio(a: dict | None, b: dict | None) -> str:
    """a's throughput over b's; a cell too slow to load-test counts as 1/latency."""
    def rate(e):
        if not e:
            return None
        if "rps" in e:
            return e["rps"]
        if "skipped" in e and e.get("single_ms"):
            return 1000 / e["single_ms"]
        return None
    ra, rb = rate(a), rate(b)
    if not ra or not rb:
        return "-"
    return f"{ra / rb:.2f}x" if ra / rb < 10 else f"{ra / rb:.0f}x"


def table(run: dict) -> str:
    lines = []
    for size in run["sizes"]:
        meta = size["meta"]
        srv = size["servers"]
        lines.append(f"\n### {meta['quads']:,} quads ({meta['documents']} document graphs; "
                     f"typical entity {meta['typical_statements']} statements, hub {meta['hub_statements']})\n")
        ready = ", ".join(f"{n} ready in {s.get('ready_s', '?')} s ({s.get('rss_mb_after', s.get('rss_mb', '?'))} MB)"
                          for n, s in srv.items())
        loads = [c["loadavg_1m"] for s in srv.values() for c in s.get("results", {}).values() if "loadavg_1m" in c]
        load = f", machine load average {min(loads):.1f}-{max(loads):.1f} on {run['cpus']} CPUs" if loads else ""
        lines.append(f"Start-up: {ready}. Concurrency {run['concurrency']}, {run['seconds']} s per cell, "
                     f"best of {run.get('rounds', 1)} interleaved rounds, {run['tool']}{load}.\n")
        lines.append("| query | rows | server | req/s | p50 ms | p95 ms | p99 ms | vs null | vs rdflib-endpoint |")
        lines.append("|---|---:|---|---:|---:|---:|---:|---:|---:|")
        for q in size["queries"]:
            null = srv.get("null", {}).get("results", {}).get(q)
            rdf = srv.get("rdflib", {}).get("results", {}).get(q)
            for name in srv:
                e = srv[name].get("results", {}).get(q)
                if e is None:
                    continue
                rows = e.get("rows", size["expected"][q]["rows"])
                if "rps" in e:
                    cells = [f"{e['rps']:.1f}", fmt_ms(e["p50_ms"]), fmt_ms(e["p95_ms"]), fmt_ms(e["p99_ms"])]
                elif "skipped" in e:
                    cells = [f"≈{1000 / e['single_ms']:.2f}", f"{fmt_ms(e['single_ms'])} (one request)", "-", "-"]
                else:
                    cells = ["error", (e.get("error") or "?")[:40].replace("|", "/"), "-", "-"]
                vs_null = ratio(e, null) if name != "null" else ""
                vs_rdf = ratio(e, rdf) if name not in ("rdflib", "null") else ""
                lines.append(f"| {q} | {rows} | {LABELS.get(name, name)} | {' | '.join(cells)} | {vs_null} | {vs_rdf} |")
    return "\n".join(lines)


def targets(run: dict) -> str:
    """The issue's two targets, at the largest size measured."""
    size = run["sizes"][-1]
    srv = size["servers"]
    out = [f"\nTargets at {size['meta']['quads']:,} quads:"]
    for name in ("kg", "kg-nocache"):
        if name not in srv:
            continue
        res = srv[name].get("results", {})
        t = ratio(res.get("typical entity"), srv.get("null", {}).get("results", {}).get("typical entity"))
        h = ratio(res.get("hub entity"), srv.get("rdflib", {}).get("results", {}).get("hub entity"))
        out.append(f"- {LABELS[name]}: typical entity at {t} of the null handler (target ≥ 0.85x); "
                   f"hub entity {h} rdflib-endpoint (target ≥ 20x)")
    return "\n".join(out)
