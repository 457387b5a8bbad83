"""A store on a SPARQL 1.1 server (``KG_STORE=sparql:QUERY_URL``), over httpx.

Reads are SPARQL 1.1 Protocol requests (POST form) asking for SPARQL JSON results (SELECT,
ASK) or N-Triples (CONSTRUCT, DESCRIBE); the answers are parsed by pyoxigraph as they
stream in, so ``select``, ``values``, ``ask`` and ``construct`` (``Store``) give the same
terms as the embedded store. Writes are SPARQL Update to the update URL; a file is loaded
by ``kg.store.loading`` (each named graph it holds replacing what that graph held; triples of
other formats go to the graph named for the file): many graphs per request where the engine
takes N-Quads, else a Graph Store Protocol PUT per graph (``CLEAR`` and ``INSERT DATA``
without a GSP URL), several requests in flight. Every write bumps ``generation``.

The default graph must be the union of all graphs, as in the embedded store: ``open``
checks it with one quad. What is engine-specific (union parameter, time limit, partial
answers, system graphs, default URLs) comes from ``kg.store.engines``.

``stream`` is for users' queries (``kg.sparql.passthrough``): it passes the time limit on to the
engine, enforces it on the client too, and yields the parsed answer lazily so that the row
cap can stop reading early. The app's own SELECTs (``select``, ``values``) are read the same way:
their rows are parsed as the caller takes them, so the app holds what it keeps, not the answer
twice (at 1M rows on Virtuoso ``values`` peaked 777 MB above its start, ``select`` 1,092 MB, with
the whole answer read first). ``rows_read`` counts the rows (and triples) parsed from the engine's
answers, for tests and benchmarks.
"""
from __future__ import annotations

import contextlib
import io
import time
from pathlib import Path
from urllib.parse import urlencode

import httpx
import pyoxigraph as ox
from rdflib import Graph

from kg import queries
from kg.store import engines
from kg.store.base import Solutions, Store
from kg.store.changes import data_change
from kg.store.graph_updates import clear_graph, insert_data
from kg.store.lexer import query_form
from kg.store.http import StoreTimeout, _Auth, _Body  # noqa: F401  (StoreTimeout, _Body: imported from here too)
from kg.store.terms import QuerySyntaxError, StoreError, to_ox

JSON_RESULTS = "application/sparql-results+json"
GRAPH_ACCEPT = "application/n-triples, text/plain;q=0.9, text/turtle;q=0.8"
GRAPH_TYPES = {"application/n-triples": ox.RdfFormat.N_TRIPLES, "text/plain": ox.RdfFormat.N_TRIPLES,
               "text/turtle": ox.RdfFormat.TURTLE, "application/x-turtle": ox.RdfFormat.TURTLE,
               "application/rdf+xml": ox.RdfFormat.RDF_XML, "application/ld+json": ox.RdfFormat.JSON_LD}
CHUNK_TRIPLES = 5000           # triples per INSERT DATA when there is no Graph Store URL
READ_TIMEOUT = 600.0           # the app's own reads: generous, the engine's own limits apply


class RemoteStore(Store):
    remote = True
    rows_read = 0     # rows and triples parsed from the engine's answers (see the module)
    bytes_read = 0    # bytes of the engine's answers read (parsed, or read past to end the response)

    def __init__(self, query_url: str, *, base_iri: str, update_url: str | None = None, gsp_url: str | None = None,
                 auth: str | None = None, connections: int = 16) -> None:
        super().__init__(base_iri=base_iri, description=f"sparql:{query_url}")
        self.query_url = query_url
        user, _, password = (auth or "").partition(":")
        self._auth = _Auth(user, password) if auth else None
        self.client = httpx.Client(auth=self._auth, timeout=httpx.Timeout(READ_TIMEOUT, connect=10.0),
                                   limits=httpx.Limits(max_connections=connections, max_keepalive_connections=connections),
                                   headers={"User-Agent": "policy-kg"})
        self.engine = self._detect()
        self.system_graphs = self.engine.system_graphs
        self.update_url = update_url or self.engine.update_url(query_url, bool(auth))
        self.gsp_url = gsp_url if gsp_url is not None else self.engine.gsp_url(query_url, bool(auth))

    # -- HTTP ------------------------------------------------------------------------------
    def _send(self, method: str, url: str, **kwargs) -> httpx.Response:
        try:
            response = self.client.request(method, url, **kwargs)
        except httpx.TimeoutException as exc:
            raise StoreTimeout(f"{url}: no answer in time ({type(exc).__name__})") from exc
        except httpx.HTTPError as exc:
            raise StoreError(f"cannot reach the SPARQL store at {url}: {exc}") from exc
        self._raise_for(response, url)
        return response

    @staticmethod
    def _raise_for(response: httpx.Response, url: str) -> None:
        if response.status_code < 400:
            return
        text = response.text.split("\nSPARQL query:")[0].strip()[:2000]   # Virtuoso repeats the query
        if response.status_code in (401, 403):
            raise StoreError(f"{url}: {response.status_code} {response.reason_phrase}: the store refused the "
                             f"credentials (KG_STORE_AUTH=user:password)")
        if response.status_code == 400 or "syntax error" in text.lower() or "SP030" in text:
            raise QuerySyntaxError(text or "the store says the request is malformed")
        raise StoreError(f"{url}: {response.status_code} {response.reason_phrase}: {text}")

    def _detect(self) -> engines.Engine:
        response = self._send("GET", self.query_url, params={"query": queries.get("store_probe")},
                              headers={"Accept": JSON_RESULTS})
        return engines.detect(response.headers.get("server"))

    # -- reading ---------------------------------------------------------------------------
    @contextlib.contextmanager
    def stream(self, text: str, *, form: str | None, params: list[tuple[str, str]] = (),
               union: bool = True, timeout: float | None = None):
        """Send a complete query text; yield its answer parsed as it arrives: ``Solutions`` (the
        variables, and the rows parsed as they are iterated), ``ox.QueryBoolean``, or an iterator of
        ``ox.Triple``. With ``timeout`` the engine is told
        the limit and the answer must be complete by then (else ``StoreTimeout``)."""
        data = [("query", self.engine.define + text), *params]
        if union:
            data += self.engine.union_params()
        deadline = None
        if timeout is not None:
            data += self.engine.timeout_params(timeout)
            deadline = time.monotonic() + timeout
        graph = form in ("CONSTRUCT", "DESCRIBE")
        headers = {"Accept": GRAPH_ACCEPT if graph else JSON_RESULTS,
                   "Content-Type": "application/x-www-form-urlencoded"}
        request_timeout = httpx.Timeout(timeout if timeout is not None else READ_TIMEOUT, connect=10.0)
        try:
            with self.client.stream("POST", self.query_url, content=urlencode(data).encode(), headers=headers,
                                    timeout=request_timeout) as response:
                if response.status_code >= 400:
                    response.read()
                    self._raise_for(response, self.query_url)
                stopped = self.engine.timed_out(response.headers)
                if stopped:
                    raise StoreTimeout(f"the store stopped the query at the time limit: {stopped}")
                raw = _Body(response, deadline, None if graph else self.engine.json_fix)
                body = io.BufferedReader(raw, 1 << 16)
                ctype = response.headers.get("content-type", "").split(";")[0].strip().lower()
                try:
                    if graph:
                        fmt = GRAPH_TYPES.get(ctype)
                        if fmt is None:
                            raise StoreError(f"the store answered a graph query with {ctype or 'no type'}")
                        yield self._counted(q.triple for q in ox.parse(body, format=fmt))
                    else:
                        if ctype not in (JSON_RESULTS, "application/json"):
                            raise StoreError(f"the store answered with {ctype or 'no type'}, not SPARQL JSON results")
                        found = ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
                        yield (Solutions(found.variables, self._counted(found))
                               if isinstance(found, ox.QuerySolutions) else found)
                except SyntaxError as exc:
                    raise StoreError(f"the store's answer does not parse: {exc}") from exc
                finally:
                    self.bytes_read += raw.received
                self.bytes_read += raw.drain()
        except httpx.TimeoutException as exc:
            raise StoreTimeout(f"the store did not answer within {timeout:g} s" if timeout is not None
                               else f"the store did not answer ({type(exc).__name__})") from None
        except httpx.HTTPError as exc:
            raise StoreError(f"cannot reach the SPARQL store at {self.query_url}: {exc}") from exc

    def _counted(self, rows):
        for row in rows:
            self.rows_read += 1
            yield row

    def _query(self, text: str):
        """A SELECT's rows as the caller iterates them, read from the answer held open until then
        (``_Open``); other answers read whole."""
        form = query_form(text)
        answer = contextlib.ExitStack()
        try:
            result = answer.enter_context(self.stream(text, form=form))
        except QuerySyntaxError as exc:
            raise QuerySyntaxError(self._own_position(str(exc))) from exc
        if isinstance(result, Solutions):
            return _Open(result, answer)
        with answer:
            return result if isinstance(result, ox.QueryBoolean) else list(result)

    def named_graphs(self) -> list[str]:
        system = self.engine.system_graphs
        return sorted(g for (g,) in self.values(queries.get("store_graphs")) if g and g not in system)

    def graph_sizes(self) -> list[tuple[str, int]]:
        """Every named graph holding statements and how many it holds, in graph order (the engine's
        own graphs left out): one aggregate the engine answers from its indexes."""
        system = self.engine.system_graphs
        return sorted((g, int(n)) for g, n in self.values(queries.get("store_quad_count")) if g and g not in system)

    def __len__(self) -> int:
        return sum(n for _, n in self.graph_sizes())

    def check_union(self) -> None:
        """The default graph must be the union of the named graphs (checked with one quad)."""
        rows = self.select(queries.get("store_one_quad"))
        if not rows:
            return
        q = rows[0]
        if not self.ask(queries.get("store_has_triple"), s=q["s"], p=q["p"], o=q["o"]):
            raise StoreError(f"{self.query_url}: the default graph is not the union of the named graphs "
                             f"(a statement of a named graph is missing from it); configure the server so that it is")

    # -- writing ---------------------------------------------------------------------------
    def update(self, update: str, *, prologue: bool = True) -> None:
        """Apply a SPARQL update (after the app's PREFIX declarations, unless ``prologue`` is False)."""
        change = None
        self.begin()
        try:
            self._send("POST", self.update_url, data={"update": (self.prologue if prologue else "") + self.engine.define_update + update},
                       headers={"Accept": "*/*"})
            change = data_change(update, self.prologue if prologue else "")
        except QuerySyntaxError as exc:
            raise QuerySyntaxError(self._own_position(str(exc)) if prologue else str(exc)) from exc
        finally:
            self.bump(change)

    def insert_ntriples(self, iri: str, body: bytes) -> None:
        """Add N-Triples ``body`` to graph ``iri`` by SPARQL Update ``INSERT DATA``, in chunks of
        ``CHUNK_TRIPLES`` lines, or in one request when it has blank nodes (a blank node's label
        holds within one request only)."""
        lines = body.decode().splitlines(keepends=True)
        step = (len(lines) or 1) if b"_:" in body else CHUNK_TRIPLES
        for i in range(0, len(lines), step):
            self._send("POST", self.update_url,
                       data={"update": insert_data(iri, "".join(lines[i:i + step]))})

    def drop_graph(self, iri: str) -> None:
        """Empty graph ``iri`` (CLEAR: Virtuoso's DROP does nothing to a graph it did not see created)."""
        self.begin()
        try:
            self._send("POST", self.update_url, data={"update": clear_graph(iri)})
        finally:
            self.bump()

    def load_file(self, path: Path, *, graph: str | None = None, rewrite_base: tuple[str, str] | None = None,
                  progress=None) -> list[str]:
        """Load one RDF file, each named graph it holds replacing that graph; triples outside a
        named graph go to ``graph`` (default: the file's own IRI). Returns the graphs written.
        ``progress(quads)`` is told how many quads the store has taken so far (``kg.store.loading``)."""
        from kg.store.loading import load

        return load(self, path, fallback=graph or path.resolve().as_uri(), rewrite_base=rewrite_base,
                    progress=progress)

    def add_graph(self, graph: Graph, named: str) -> None:
        triples = [ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in graph]
        body = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
        self.begin()
        try:
            if self.gsp_url:
                self._send("POST", self.gsp_url, params={"graph": named}, content=body,
                           headers={"Content-Type": "application/n-triples"})
            else:
                self.insert_ntriples(named, body)
        finally:
            self.bump()

    def close(self) -> None:
        self.client.close()


class _Open(Solutions):
    """A SELECT answer being read: its rows parsed as they are iterated (once); the response is
    closed when they end, when iterating stops, or when the answer is dropped unread."""

    def __init__(self, found: Solutions, answer: contextlib.ExitStack) -> None:
        super().__init__(found.variables, found)
        self._answer = answer

    def __iter__(self):
        try:
            yield from self._rows
        finally:
            self._answer.close()

    def __del__(self) -> None:
        self._answer.close()


def open_remote(url: str, *, base_iri: str, update_url: str = "", gsp_url: str = "", auth: str = "") -> RemoteStore:
    """The store at ``url`` (a SPARQL query URL), checked to answer with the union default graph."""
    store = RemoteStore(url, base_iri=base_iri, update_url=update_url or None, gsp_url=gsp_url or None,
                        auth=auth or None)
    store.check_union()
    return store
