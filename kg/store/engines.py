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


class Virtuoso(Engine):
    name = "virtuoso"
    # graphs Virtuoso keeps for itself (its RDF views, LDP, the URIQA server): not the app's data
    system_graphs = ("http://www.openlinksw.com/schemas/virtrdf#", "http://www.w3.org/ns/ldp#",
                     "http://localuriqaserver/sparql")
    # blank nodes come as "nodeID://b10006", which is not a blank node label: keep "b10006"
    json_fix = (b'"nodeID://', b'"')

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
