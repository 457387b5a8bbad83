"""The app's warm-up after a start, and the requests it gives way to (``kg.core.priority``).

``warm_up`` builds what the first pages need (causal layer, label index, home, the sorted keys of
the lists, claims and timeline) in a thread of the app's process, so that the first visitor after a
start does not wait for it; later writes are followed (``kg.index.carry``). It runs as background
work: before each store query and between its parts it waits while the app answers a request
(``CountRequests`` counts them), so a page asked for during the warm-up has the process to itself
and builds what it needs first; a part the page built is then found built. Failures only log.
"""
from __future__ import annotations

import logging
from contextlib import nullcontext

from kg.core import heap, priority
from kg.core.settings import Settings
from kg.store import Store


class CountRequests:
    """Plain ASGI: every HTTP request is counted in ``priority.IN_FLIGHT`` until its response ends."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        with priority.answering() if scope["type"] == "http" else nullcontext():
            await self.app(scope, receive, send)


def parts(store: Store, settings: Settings) -> list:
    """The warm-up's parts, in order: each a call that builds (or reads) one thing."""
    from kg import trace
    from kg.core.corpus import Corpus
    from kg.index import labels, passages
    from kg.pages import claims, home, lists

    # the label index first (the causal layer is named from it): pages asked for while it is built read
    # their nodes' labels from the store (kg.index.partial); then the causal layer: at a restart it is read
    # from warm state (0.65-0.78 s at 1M quads); a trace that finds it being read goes near (kg.trace.near)
    return ([lambda: labels.index(store), lambda: trace.warm(store)]
            + [lambda name=name: compiled(name) for name in FIRST_TEMPLATES]
            + [lambda: passages.passages(store, Corpus(settings.corpus))]
            + [lambda: home.home(store, settings.data_dir), lambda: home.home_sources(store), lambda: lists.quads(store)]
            + [lambda slug=slug: lists.kind_list(store, slug, limit=1) for slug in lists.LISTS]
            + [lambda: claims.table(store, limit=1), lambda: lists.timeline(store, limit=1)])


# the templates of the pages a visitor meets first: Jinja compiles a template on its first use (the trace
# page's 0.2-0.25 s at a restart, on a busy 2-core machine), so the warm-up does it, one template a part
FIRST_TEMPLATES = ("home.html", "trace.html", "entity.html", "search.html", "kind.html", "claims.html",
                   "timeline.html", "documents.html", "document.html", "error.html")


def compiled(name: str) -> None:
    """Compile (and keep in Jinja's cache) the page template ``name``."""
    from web.templating import templates

    templates.env.get_template(name)


def before_serving(store: Store) -> None:
    """At a restart on unchanged data (the causal layer on the shelf), read the causal layer (and the
    label index it is named from) before the app serves: a trace asked for while the warm-up read it
    went near (``kg.trace.near``), which at 10M quads reads more than a whole layer's worth of time and is
    cut short, and one asked for before read the layer itself (8.4 s on a busy machine). Reading it here
    holds back /health by that time instead (a start still serves within seconds). Failures only log:
    the warm-up or the first trace builds it then."""
    from kg.index import warm
    from kg.trace.layer import KEY, causal_graph

    try:
        if warm.on_shelf(store, KEY):
            causal_graph(store)
    except Exception:  # noqa: BLE001 - a page will report the same problem when asked
        logging.getLogger(__name__).exception("reading the causal layer before serving failed")


def warm_up(store: Store, settings: Settings) -> None:
    """Run ``parts`` as background work, giving way to requests between them (and between queries)."""
    try:
        with priority.background():
            for part in parts(store, settings):
                priority.give_way()
                part()
                heap.give_back()   # what the part's queries and sorts freed (hundreds of MB at 10M quads)
    except Exception:  # noqa: BLE001 - a page will report the same problem when asked
        logging.getLogger(__name__).exception("warm-up failed")
