"""The home page while the app warms up: at once, from bounded queries, and said to be a first look.

The home page (``kg.pages.home``) stands on the whole graph's sorted lists: each kind's members in label
order, the events in date order, the measures with the most causal links, all of them read with the
label index. After a cold start the warm-up builds those (``web.warming``), seconds at 1M quads. A
home page asked for meanwhile (the label index or the home page being built by another caller, on a
store ``kg.index.partial.large`` enough for that to take a while) is a first look instead of a wait: each kind's count (kept, or one ``COUNT``), the first measures and
pathways the store gives (``pages_kind_some.rq``, ``HOME_ITEMS`` each, in label order among
themselves), the first documents, the latest dated events (``pages_events_latest.rq``), with their
labels read per node (``kg.index.partial``). ``first_look`` in the page's data says what is left out;
the page then says so, and is not kept by the page cache.
"""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from kg import queries
from kg.index.cache import kept, waits
from kg.index.warm import on_shelf
from kg.index.labels import index
from kg.index.partial import building, large, provisional
from kg.pages import examples, home as full, lists
from kg.pages.display import node
from kg.store import Store

NOTICE = "the app is starting: this is a first look at the graph, the full home page follows in a moment"


def home(store: Store, data_dir: str | Path) -> dict:
    """The home page's data: ``kg.pages.home.home``, or a first look while it or the label index is being built."""
    key = f"catalog:home:{data_dir}"
    if (kept(store, key) or not large(store) or not (building(store) or waits(store, key))
            or on_shelf(store, full.HOME_KEY)):   # a restart on unchanged data reads home whole (no label index needed)
        return full.home(store, data_dir)
    with provisional():
        return _first_look(store, data_dir)


def _some(store: Store, slug: str) -> list[dict]:
    """The first ``HOME_ITEMS`` members of a kind the store gives, in label order among themselves."""
    idx = index(store)
    types: dict[str, list[str]] = defaultdict(list)
    for x, t in store.values(queries.get("pages_kind_some"), cls=lists.LISTS[slug][1], limit=full.HOME_ITEMS):
        types[x].append(t)
    items = [{**node(x, idx, ts), "subtypes": sorted({idx.label(t) for t in ts})} for x, ts in types.items()]
    return sorted(items, key=lambda item: (item["label"].casefold(), item["iri"]))


def _count(store: Store, slug: str) -> int:
    if kept(store, f"catalog:members:{slug}"):
        return lists.member_count(store, slug)
    return int(store.values(queries.get("pages_kind_count"), cls=lists.LISTS[slug][1])[0][0])


def _first_look(store: Store, data_dir: str | Path) -> dict:
    counts = [{"slug": slug, "title": title, "class": str(cls), "count": _count(store, slug)}
              for slug, (title, cls) in lists.LISTS.items()]
    by_slug = {c["slug"]: c["count"] for c in counts}
    docs = lists.documents(store, limit=full.HOME_ITEMS)
    latest = [e for e, _ in store.values(queries.get("pages_events_latest"), limit=8)]
    return {
        "counts": counts, "quads": lists.quads(store),
        "measures": _some(store, "measures"), "measures_count": by_slug["measures"],
        "pathways": _some(store, "pathways"), "pathways_count": by_slug["pathways"],
        "documents": docs["documents"], "documents_count": docs["count"],
        "recent_events": lists.event_rows(store, latest),
        "example_traces": [],
        "example_queries": [{"name": e.name, "title": e.title, "query": e.query}
                            for e in examples.load(data_dir, store.base_iri)],
        "label_count": None,
        "first_look": NOTICE,
    }
