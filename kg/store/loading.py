"""Loading an RDF file into a remote store (``RemoteStore.load_file``), fast and graph by graph.

The file is parsed by pyoxigraph as a stream (from the path itself unless its base IRI is
rewritten); triples outside a named graph go to the fallback graph. Each named graph the
file holds REPLACES what the store held in it. Two ways, chosen by the engine profile
(``kg.store.engines``):

* dataset batches, where the engine offers a URL that takes N-Quads of many graphs at once
  (``Engine.dataset_load``: the Oxigraph server's ``/store?no_transaction``, its bulk
  loader): the quads go in batches of ``Engine.load_batch`` in file order, each written to a
  temporary file as it is parsed and sent while the next is parsed (at most
  ``Engine.load_concurrency`` in flight), each new graph of a batch emptied first with one
  SPARQL Update (``CLEAR SILENT GRAPH ...``). A blank node is one node only within one
  request (the Oxigraph server renames them per request), so the quads with blank nodes go
  to a temporary file of their own, sent last in one request. When a
  request is refused, its graphs are sent again one by one (Graph Store POST, adding to what
  is there) to name the graph the store refuses; the file must then be loaded again.
* one request per graph otherwise (standard SPARQL 1.1): a Graph Store Protocol PUT of the
  graph's N-Triples, or without a GSP URL ``CLEAR SILENT GRAPH`` and ``INSERT DATA``
  (in chunks unless the graph has blank nodes, whose labels hold within one request only).
  A graph is whole only at the end of the file, so the graphs are held as N-Triples bytes
  (about 130 bytes a triple) and sent at the end, ``Engine.load_concurrency`` at a time.

Every request bumps the store's generation; a refusal is a ``StoreError`` naming the graph.
"""
from __future__ import annotations

import concurrent.futures as cf
import tempfile
from collections import deque
from pathlib import Path
from typing import Callable

import pyoxigraph as ox

from kg.store.graph_updates import clear_graph, replace_graphs
from kg.store.terms import StoreError, rdf_format, read_source

SERIALIZE_EVERY = 100_000    # parsed quads held as objects before they are written as bytes

Progress = Callable[[int], None]


def parsed(path: Path, rewrite_base: tuple[str, str] | None, fallback: str):
    """The file's quads, those of the default graph moved to the ``fallback`` graph."""
    base = path.resolve().as_uri()
    target = ox.NamedNode(fallback)
    try:
        if rewrite_base and rewrite_base[0] != rewrite_base[1]:
            fmt, data = read_source(path, rewrite_base)
            source = ox.parse(data, format=fmt, base_iri=base)
        else:
            source = ox.parse(path=path, format=rdf_format(path), base_iri=base)
        for q in source:
            yield q if not isinstance(q.graph_name, ox.DefaultGraph) else ox.Quad(q.subject, q.predicate, q.object, target)
    except SyntaxError as exc:
        raise StoreError(f"{path}: {exc}") from exc
    except OSError as exc:
        raise StoreError(f"{path}: cannot read: {exc.strerror or exc}") from exc


def _named(graphs, limit: int = 3) -> str:
    graphs = sorted(graphs)
    shown = ", ".join(f"<{g}>" for g in graphs[:limit])
    return shown + (f" and {len(graphs) - limit} more" if len(graphs) > limit else "")


class Loader:
    def __init__(self, store, path: Path, progress: Progress | None) -> None:
        self.store, self.path, self.progress = store, path, progress
        self.engine = store.engine
        self.pool = cf.ThreadPoolExecutor(max(1, self.engine.load_concurrency), thread_name_prefix="kg-load")
        self.in_flight: deque = deque()
        self.sent = 0

    def _wait(self, limit: int) -> None:
        """Wait until at most ``limit`` requests are in flight; raise the first refusal."""
        while len(self.in_flight) > limit:
            future, quads = self.in_flight.popleft()
            future.result()
            self.sent += quads
            if self.progress:
                self.progress(self.sent)

    def _submit(self, fn, quads: int, *args) -> None:
        self._wait(self.engine.load_concurrency - 1)
        self.in_flight.append((self.pool.submit(fn, *args), quads))

    def run(self, quads) -> list[str]:
        try:
            target = self.engine.dataset_load(self.store.gsp_url) if self.store.gsp_url else None
            graphs = self._batches(quads, *target) if target else self._graphs(quads)
            self._wait(0)
            return graphs
        finally:
            self.pool.shutdown(wait=True, cancel_futures=True)

    # -- dataset batches ---------------------------------------------------------------------
    def _batches(self, quads, url: str, params: dict) -> list[str]:
        seen: set[str] = set()
        new: list[str] = []
        batch, blank = _Spool(), _Spool()
        held: list = []
        blanks: list = []
        for q in quads:
            g = q.graph_name.value
            if g not in seen:
                seen.add(g)
                new.append(g)
            if isinstance(q.subject, ox.BlankNode) or isinstance(q.object, ox.BlankNode):
                blanks.append(q)
                if len(blanks) >= SERIALIZE_EVERY:
                    blank.write(blanks)
                    blanks = []
                continue
            held.append(q)
            if len(held) >= SERIALIZE_EVERY:
                batch.write(held)
                held = []
                if batch.quads >= self.engine.load_batch:
                    self._send_batch(batch, new, url, params)
                    batch, new = _Spool(), []
        batch.write(held)
        self._send_batch(batch, new, url, params)
        blank.write(blanks)
        self._send_batch(blank, [], url, params)
        return sorted(seen)

    def _send_batch(self, batch: "_Spool", new: list[str], url: str, params: dict) -> None:
        if new:   # graphs first seen in this batch: in no request sent before, so clearing them races with none
            self.store.begin()
            try:
                self.store._send("POST", self.store.update_url,
                                 data={"update": replace_graphs(new)})
            except StoreError as exc:
                raise StoreError(f"{self.path.name}: emptying graph{'s' if len(new) > 1 else ''} {_named(new)} "
                                 f"before loading failed: {exc}") from exc
            finally:
                self.store.bump()
        if batch.quads:
            self._submit(self._post_batch, batch.quads, batch, url, params)
        else:
            batch.close()

    def _post_batch(self, body: "_Spool", url: str, params: dict) -> None:
        self.store.begin()
        try:
            self.store._send("POST", url, params=params, content=body, headers={"Content-Type": "application/n-quads"})
        except StoreError as exc:
            self._name_refused(body, exc)
        finally:
            body.close()
            self.store.bump()

    def _name_refused(self, body: "_Spool", exc: StoreError) -> None:
        """Send the refused batch again graph by graph (adding to what may have been loaded) to name
        the graph the store refuses; raise a ``StoreError`` naming it (or all the batch's graphs)."""
        by_graph: dict[str, list] = {}
        body.file.seek(0)
        for q in ox.parse(body.file, format=ox.RdfFormat.N_QUADS):
            by_graph.setdefault(q.graph_name.value, []).append(q.triple)
        for g, triples in by_graph.items():
            try:
                self.store._send("POST", self.store.gsp_url, params={"graph": g},
                                 content=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"",
                                 headers={"Content-Type": "application/n-triples"})
            except StoreError as one:
                raise StoreError(f"{self.path.name}: the store refused graph <{g}>: {one}") from exc
        raise StoreError(f"{self.path.name}: the store refused a batch of graphs {_named(by_graph)}: {exc}") from exc

    # -- graph by graph ----------------------------------------------------------------------
    def _graphs(self, quads) -> list[str]:
        held: dict[str, list] = {}        # graph -> [N-Triples bytes, ...]
        fresh: dict[str, list] = {}       # graph -> triples parsed since the last serialisation
        counts: dict[str, int] = {}
        pending = 0
        for q in quads:
            g = q.graph_name.value
            fresh.setdefault(g, []).append(q.triple)
            pending += 1
            if pending >= SERIALIZE_EVERY:
                self._serialize(fresh, held, counts)
                pending = 0
        self._serialize(fresh, held, counts)
        for g in sorted(held):
            body = b"".join(held.pop(g))
            self._submit(self._put_graph, counts[g], g, body)
        return sorted(counts)

    @staticmethod
    def _serialize(fresh: dict, held: dict, counts: dict) -> None:
        for g, triples in fresh.items():
            held.setdefault(g, []).append(ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"")
            counts[g] = counts.get(g, 0) + len(triples)
        fresh.clear()

    def _put_graph(self, graph: str, body: bytes) -> None:
        store = self.store
        store.begin()
        try:
            if store.gsp_url:
                store._send("PUT", store.gsp_url, params={"graph": graph}, content=body,
                            headers={"Content-Type": "application/n-triples"})
                return
            store._send("POST", store.update_url, data={"update": clear_graph(graph)})
            store.insert_ntriples(graph, body)
        except StoreError as exc:
            raise StoreError(f"{self.path.name}: loading graph <{graph}> failed: {exc}") from exc
        finally:
            store.bump()


class _Spool:
    """Quads written as N-Quads to a temporary file; iterating it reads the file from the start
    (so that a request body can be sent again, as HTTP Digest does after its challenge)."""

    def __init__(self) -> None:
        self.file = tempfile.TemporaryFile(prefix="kg-load-")
        self.quads = 0

    def write(self, quads: list) -> None:
        if quads:
            self.file.write(ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b"")
            self.quads += len(quads)

    def __iter__(self):
        self.file.seek(0)
        while chunk := self.file.read(1 << 20):
            yield chunk

    def close(self) -> None:
        self.file.close()


def load(store, path: Path, *, fallback: str, rewrite_base: tuple[str, str] | None = None,
         progress: Progress | None = None) -> list[str]:
    """Load ``path`` into ``store`` (a ``RemoteStore``); the graphs written, sorted."""
    return Loader(store, path, progress).run(parsed(path, rewrite_base, fallback))
