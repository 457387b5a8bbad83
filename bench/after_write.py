"""The first view of every page kind after a small write, as an analyst meets it while reviewing.

For one graph size it starts ``kg serve`` (one per app revision: the working tree's commit and,
with ``--vs REV``, an earlier one, side by side on the same graph), waits for the start-up
warm-up to finish (the server idle), then for each kind of write sends one SPARQL ``INSERT
DATA`` through ``/sparql`` (as the review page's accept does) and times the first request of
every page kind after it (``Cache-Control: no-cache``: the page is built, not copied). The
first column, ``none``, is every page's first view after the warm-up, before any write (what
a page costs the first time, whatever the writes do):

- ``evidence``: an evidence anchor with its selectors and a ``schema:mentions`` (an accepted
  mention);
- ``entity``: a new company with a label (an accepted candidate entity);
- ``alias``: an English altLabel on the typical measure;
- ``link``: a new causal link from the typical measure (the causal layer must be read again).

    python -m bench.after_write --size 1m --vs 79bc98b
    python -m bench.after_write --size 10m

Prints a Markdown table (ms per page kind and write, per revision) and saves JSON in bench/results/.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import httpx

from .pages_scale import HTML, pages
from .scale_server import (ROOT, app_info, app_snapshot, log, machine, parse_size, prepare, serve, size_label,
                           stop_on_sigterm, wait_idle)

TOKEN = "after-write-bench"
ID = "https://w3id.org/policy-kg/id/"
KINDS = ("evidence", "entity", "alias", "link")
SKIP = ("SPARQL SELECT (entity statements, uncached)",)   # answered by the result cache's own rules


def write(kind: str, s, n: int) -> str:
    doc = f"{ID}doc/{s.document}"
    m = s.typical_measure
    body = {
        "evidence": f"<{ID}evidence/bench-{n}> a oa:SpecificResource ; oa:hasSource <{doc}> ; oa:hasSelector _:p . "
                    f"<{ID}evidence/bench-{n}> pk:sourceSha256 \"{'0' * 64}\" . "
                    f"_:p a oa:TextPositionSelector ; oa:start {n} ; oa:end {n + 5} . <{doc}> schema:mentions <{m}> .",
        "entity": f"<{ID}company-bench-{n}> a pk:Company ; skos:prefLabel \"Bench Compute {n}\"@en .",
        "alias": f"<{m}> skos:altLabel \"bench alias {n}\"@en .",
        "link": f"<{ID}link-bench-{n}> a pk:CausalLink ; pk:cause <{m}> ; pk:effect <{s.target}> ; "
                f"pk:polarity pk:Positive .",
    }[kind]
    return f"INSERT DATA {{ GRAPH <{doc}> {{ {body} }} }}"


def run_app(size, data, s, rev: str | None, args) -> dict:
    app_dir = app_snapshot(rev) if rev else app_snapshot("HEAD")
    out = {"rev": rev or "HEAD", "app": app_info(app_dir), "writes": {}}
    kg_args = f"--update-token {TOKEN} --workers 1"
    with serve(size, data, kg_args=kg_args, app_dir=app_dir, timeout=args.timeout) as server:
        out["warm_up_s"] = round(wait_idle(server.pid, args.timeout), 1)
        log(f"{out['rev']}: warm after {out['warm_up_s']} s")
        client = httpx.Client(base_url=server.base, timeout=args.timeout)
        for n, kind in enumerate(["none", *args.writes.split(",")]):
            t0 = time.monotonic()
            if kind != "none":   # "none": every page's first view after the warm-up, before any write
                r = client.post("/sparql", data={"update": write(kind, s, n)},
                                headers={"Authorization": f"Bearer {TOKEN}"})
                assert r.status_code in (200, 204), r.text
            times = {"write_ms": round((time.monotonic() - t0) * 1000, 1)}
            for name, (path, headers) in pages(s).items():
                if name in SKIP:
                    continue
                t0 = time.monotonic()
                r = client.get(path, headers={**headers, "cache-control": "no-cache"})
                times[name] = round((time.monotonic() - t0) * 1000, 1)
                if r.status_code >= 500:
                    times[name + " status"] = r.status_code
            out["writes"][kind] = times
            log(f"{out['rev']}: after '{kind}': slowest first view {max(v for k, v in times.items() if k != 'write_ms' and isinstance(v, float)):.0f} ms")
            wait_idle(server.pid, args.timeout)
    return out


def table(run: dict) -> str:
    revs = run["apps"]
    kinds = list(revs[0]["writes"])
    head = "| page | " + " | ".join(f"{k} ({a['rev']})" for k in kinds for a in revs) + " |"
    lines = [head, "|---|" + "---:|" * (len(kinds) * len(revs))]
    for name in revs[0]["writes"][kinds[0]]:
        if name.endswith(" status"):
            continue
        cells = [f"{a['writes'][k].get(name, float('nan')):,.0f}" for k in kinds for a in revs]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--size", default="1m", help="curated, 100k, 1m, 10m (default 1m)")
    ap.add_argument("--vs", default=None, help="an earlier revision to run side by side")
    ap.add_argument("--writes", default=",".join(KINDS), help=f"comma-separated, of {', '.join(KINDS)}")
    ap.add_argument("--timeout", type=float, default=3600)
    args = ap.parse_args(argv)
    stop_on_sigterm()
    size = parse_size(args.size)
    data, s = prepare(size)
    if s.document is None:
        sys.exit("the curated graph has no synthetic document to write into: use a synthetic size")
    run = {"size": size_label(size), "machine": machine(), "apps": []}
    for rev in [None] + ([args.vs] if args.vs else []):
        run["apps"].append(run_app(size, data, s, rev, args))
    out = ROOT / "bench" / "results" / f"after-write-{size_label(size)}-{time.strftime('%Y-%m-%dT%H%M%S')}.json"
    out.write_text(json.dumps(run, indent=1))
    print(table(run))
    log(f"saved {out}")


if __name__ == "__main__":
    main()
