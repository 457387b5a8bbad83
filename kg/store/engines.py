"""What differs between SPARQL 1.1 servers, in one place.

``detect(server_header)`` picks the profile of the engine behind a query URL. The rest of
the app speaks the SPARQL 1.1 Protocol, Update and Graph Store Protocol only; a profile
says what the standard leaves open:

* how to get the union of all graphs as the default graph (Oxigraph server: the
  ``union-default-graph`` parameter; Virtuoso: its default dataset is every graph already,
  its own few system graphs included: they hold no labels and no ``pk:`` types, and
  ``RemoteStore.named_graphs`` and ``len`` leave them out. Virtuoso's
  ``DEFINE input:default-graph-exclude`` would hide them, but with it a ``GRAPH <iri>``
  pattern matches nothing: 7.2.5 answered a document graph's 619 quads with a count of 1);
* how to pass a query's time limit (Virtuoso: ``timeout`` in ms; Oxigraph server: only
  its ``--timeout-s`` option) and how the engine says it stopped early (Virtuoso answers
  200 with partial results and ``X-SQL-State: S1TAT``);
* the default update and Graph Store URLs next to the query URL;
* what its answers need to be read (Virtuoso writes blank nodes as ``nodeID://...`` in JSON);
* how a file is loaded fastest (``kg.store.loading``): how many requests at once, and whether
  a URL takes N-Quads of many graphs in one request (the Oxigraph server's bulk loader);
* what of a user's query text must never reach it (Virtuoso: ``DEFINE`` pragmas, which can
  make it fetch URLs, and ``bif:`` / ``sql:`` calls into its SQL engine).

A server that is neither is used as plain SPARQL 1.1 (``Engine``): updates go to the query
URL unless ``KG_STORE_UPDATE_URL`` is set, loading uses SPARQL Update unless
``KG_STORE_GSP_URL`` is set, and its default graph must already be the union of its graphs
(``RemoteStore`` checks).
"""
from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit


def _sibling(url: str, path: str) -> str:
    parts = urlsplit(url)
    base = parts.path.rsplit("/", 1)[0]
    return urlunsplit((parts.scheme, parts.netloc, base + path, "", ""))


class Engine:
    """A plain SPARQL 1.1 server."""

    name = "sparql"
    define = ""                       # text put before every query
    define_update = ""                # ... and every update
    system_graphs: tuple[str, ...] = ()   # the engine's own graphs, not the app's data
    json_fix: tuple[bytes, bytes] | None = None   # (old, new) bytes replaced in its SPARQL JSON results
    load_concurrency = 2              # requests in flight while loading a file
    load_batch = 1_000_000            # quads per request, where ``dataset_load`` gives a URL

    def dataset_load(self, gsp_url: str) -> tuple[str, dict[str, str]] | None:
        """(URL, parameters) where a POST of N-Quads adds quads to any named graphs (a graph's quads
        may then span requests; those with blank nodes all go in one); else None: one Graph Store
        PUT per graph."""
        return None

    def union_params(self) -> list[tuple[str, str]]:
        """Request parameters making the default graph the union of all graphs."""
        return []

    def timeout_params(self, seconds: float) -> list[tuple[str, str]]:
        return []

    def timed_out(self, headers) -> str | None:
        """The engine's message when an answer is partial because time ran out, else None."""
        return None

    def update_url(self, query_url: str, authenticated: bool) -> str:
        return query_url

    def gsp_url(self, query_url: str, authenticated: bool) -> str | None:
        return None

    def refused(self, toks) -> tuple[object, str] | None:
        """(token, reason) for a construct of a user's query this engine must never see."""
        return None


class Oxigraph(Engine):
    name = "oxigraph-server"

    def union_params(self) -> list[tuple[str, str]]:
        return [("union-default-graph", "")]

    def update_url(self, query_url: str, authenticated: bool) -> str:
        return _sibling(query_url, "/update")

    def gsp_url(self, query_url: str, authenticated: bool) -> str | None:
        return _sibling(query_url, "/store")

    # Its bulk loader (``no_transaction``: not atomic) takes N-Quads of any graphs at /store
    # (blank nodes renamed per request). It is multi-threaded itself: at 1M quads, one batch of
    # 200k quads at a time loaded in 13.3 s, two at a time in 24 s, a transaction per graph in 32 s;
    # at 10M, batches of 250k took 242 s against 77 s for `oxigraph load` (each request's SST
    # files are ingested on their own, into an ever larger database).
    load_concurrency = 1
    load_batch = 2_000_000            # its loader works in batches of 1M quads, two threads on two CPUs

    def dataset_load(self, gsp_url: str) -> tuple[str, dict[str, str]] | None:
        return gsp_url, {"no_transaction": ""}


class Virtuoso(Engine):
    name = "virtuoso"
    # graphs Virtuoso keeps for itself (its RDF views, LDP, the URIQA server): not the app's data
    system_graphs = ("http://www.openlinksw.com/schemas/virtrdf#", "http://www.w3.org/ns/ldp#",
                     "http://localuriqaserver/sparql")
    # blank nodes come as "nodeID://b10006", which is not a blank node label: keep "b10006"
    json_fix = (b'"nodeID://', b'"')

    # Its Graph Store endpoint takes one graph per request (7.2.5; N-Quads only from 7.2.10),
    # and each request of a few thousand triples costs it about 30 ms of CPU besides the triples
    # (1M quads: 28 CPU s in 501 graphs, 16 s in 100, 13 s in 20; its bulk loader 11 s), so
    # graphs of 2,000 triples load at a third of its bulk loader's speed whatever the client
    # does. Two to four requests at a time made no clear difference on a busy 2-CPU machine
    # (31-38 s at 1M). SPARQL Update is no way round: INSERT DATA refuses blank nodes, and
    # INSERT {...} WHERE {} of 2,000 triples passes its SQL compiler's 10,000-line limit.
    load_concurrency = 3

    def timeout_params(self, seconds: float) -> list[tuple[str, str]]:
        return [("timeout", str(max(1, int(seconds * 1000))))]

    def timed_out(self, headers) -> str | None:
        if headers.get("x-sql-state") == "S1TAT":
            return headers.get("x-sql-message", "incomplete result: the query ran out of time").split("Activity:")[0].strip()
        return None

    def update_url(self, query_url: str, authenticated: bool) -> str:
        return _sibling(query_url, "/sparql-auth") if authenticated else query_url

    def gsp_url(self, query_url: str, authenticated: bool) -> str | None:
        return _sibling(query_url, "/sparql-graph-crud-auth" if authenticated else "/sparql-graph-crud")

    def refused(self, toks):
        for t in toks:
            if t.kind == "word" and t.text.upper() == "DEFINE":
                return t, "DEFINE is not allowed"
            low = t.text.lower()
            if (t.kind == "pname" and low.startswith(("bif:", "sql:"))) or \
                    (t.kind == "iri" and low.startswith(("<bif:", "<sql:"))):
                return t, "calls into the engine's SQL functions (bif:, sql:) are not allowed"
        return None


def detect(server_header: str | None) -> Engine:
    server = (server_header or "").lower()
    if server.startswith("virtuoso"):
        return Virtuoso()
    if server.startswith("oxigraph"):
        return Oxigraph()
    return Engine()
