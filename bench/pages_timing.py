"""Median server time of each browsing page kind on the curated graph.

Runs the app in process (Oxigraph in memory, the real corpus) and times each request
through the ASGI stack, after one warm-up request. Usage: python bench/pages_timing.py [N]
"""
from __future__ import annotations

import statistics
import sys
import time
import warnings
from urllib.parse import urlencode

warnings.filterwarnings("ignore")

from fastapi.testclient import TestClient  # noqa: E402

from kg.store.build import open_store  # noqa: E402
from kg.core.settings import Settings  # noqa: E402
from web.app import create_app  # noqa: E402

HTML = {"accept": "text/html"}
DC = "id:measure-dc-access-limits"
FRONTIER = "id:capability-china-frontier-ai"


def pages(client: TestClient) -> dict[str, tuple[str, dict]]:
    docs = client.get("/documents.json").json()["documents"]
    measure = client.get("/measures.json").json()["items"][0]["iri"]
    return {
        "home": ("/", HTML),
        "search (HTML)": ("/search?q=chip", HTML),
        "search (JSON typeahead)": ("/search.json?q=an", {}),
        "entity: actor (HTML)": ("/id/anthropic", HTML),
        "entity: measure (HTML)": (client.app.state.urls.entity(measure), HTML),
        "entity (Turtle)": ("/id/anthropic", {"accept": "text/turtle"}),
        "entity (JSON-LD)": ("/id/anthropic.jsonld", {}),
        "entity (JSON)": ("/id/anthropic.json", {}),
        "entity (TriG, with provenance)": ("/id/anthropic.trig", {}),
        "entity 404 with suggestions": ("/id/anthropik", HTML),
        "list by kind (/actors)": ("/actors", HTML),
        "claims table": ("/claims?sort=contested&dir=desc", HTML),
        "timeline": ("/timeline", HTML),
        "documents": ("/documents", HTML),
        "document with text": (f"/documents/{docs[0]['id']}", HTML),
        "entity: pathway (HTML)": ("/id/pathway-illicit-compute-access", HTML),
        "entity: causal link (HTML)": ("/id/link-dc-limits-illicit-compute", HTML),
        "list by kind (/measures)": ("/measures", HTML),
        "trace (HTML)": ("/trace?" + urlencode({"from": DC, "to": FRONTIER}), HTML),
        "trace (JSON)": ("/trace.json?" + urlencode({"from": DC}), {}),
        "trace: what acts on a target": ("/trace?" + urlencode({"to": FRONTIER}), HTML),
        "scenario comparison": ("/trace?" + urlencode({"scenario": "id:scenario-2028-restrict",
                                                      "vs": "id:scenario-2028-no-restrict"}), HTML),
        "export: neighbourhood SVG": ("/export?" + urlencode({"focus": DC, "depth": "1", "format": "svg"}), {}),
        "export: trace PNG": ("/export?" + urlencode({"trace": DC, "format": "png"}), {}),
        "export: neighbourhood Cytoscape": ("/export?" + urlencode({"focus": DC, "depth": "1", "format": "cyjs"}), {}),
        "query editor (/sparql)": ("/sparql", HTML),
    }


def main(n: int = 20) -> None:
    settings = Settings.from_env(store="memory")
    store = open_store(settings)
    client = TestClient(create_app(settings, store))
    print(f"{len(store)} quads; median of {n} requests each (ms)")
    for name, (url, headers) in pages(client).items():
        client.get(url, headers=headers)
        times = []
        for _ in range(n):
            t0 = time.perf_counter()
            r = client.get(url, headers=headers)
            times.append((time.perf_counter() - t0) * 1000)
        print(f"{name:32s} {statistics.median(times):7.1f}  status {r.status_code}  {len(r.content):>7} bytes")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
