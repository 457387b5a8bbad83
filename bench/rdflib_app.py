"""rdflib-endpoint 0.6.3 serving an N-Quads/TriG file at ``/sparql``, as its own CLI does
(an rdflib ``Dataset`` with the union default graph, in memory), with progress output.

    python -m bench.rdflib_app FILE --port 8002
"""
from __future__ import annotations

import argparse
import sys
import time


def main() -> None:
    import uvicorn
    from rdflib import Dataset
    from rdflib_endpoint import SparqlEndpoint

    ap = argparse.ArgumentParser()
    ap.add_argument("file")
    ap.add_argument("--host", default="127.0.0.1")
    ap.add_argument("--port", type=int, required=True)
    args = ap.parse_args()
    started = time.monotonic()
    ds = Dataset(default_union=True)
    fmt = "nquads" if args.file.endswith(".nq") else "trig"
    print(f"rdflib-endpoint: parsing {args.file}", file=sys.stderr, flush=True)
    ds.parse(args.file, format=fmt)
    print(f"rdflib-endpoint: {len(ds):,} triples in the union graph, loaded in {time.monotonic() - started:.1f} s",
          file=sys.stderr, flush=True)
    app = SparqlEndpoint(graph=ds, path="/sparql", cors_enabled=False)

    @app.get("/health")
    def health() -> dict:
        return {"ok": True}

    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
