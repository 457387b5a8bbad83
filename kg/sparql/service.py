"""The SPARQL service: queries through an executor, updates through the one writer.

In front of a remote store (``kg.store.RemoteStore``) the executor is
``kg.sparql.passthrough.RemoteExecutor``: the same checks, time limit, row cap, formats, cache
and typed errors, with the query run by the engine and updates sent to it. What follows is
about the embedded store.

``SparqlService(settings, store)`` takes the store the app serves. Workers open a
read-only *snapshot* of it (an Oxigraph backup: hard links, a few milliseconds), never
the live folder, so the writer can go on writing. A memory store (tests) is first
copied to a temporary on-disk store. After an update the writer takes a new snapshot
and every worker reopens it before its next query. A worker answers from the on-disk
snapshot; the workers share the operating system's file cache, so memory does not grow
with their number. With ``query_copy_mb`` set, a worker whose snapshot is at most that
large also copies it into memory in the background and answers from the copy once made
(4-8x faster on heavy queries at 1M quads, but each worker holds its own copy: about
0.4 GB per million quads).

Repeated queries are answered from a result cache keyed by snapshot (``cache.py``).

Dataset selection never fetches anything: without ``FROM`` or protocol graphs the
default graph is the union of all graphs; ``FROM`` / ``FROM NAMED`` and
``default-graph-uri`` / ``named-graph-uri`` pick among the stored graphs (a graph that
is not stored is empty).
"""
from __future__ import annotations

import atexit
import shutil
import tempfile
import threading
import time
from pathlib import Path

import pyoxigraph as ox

from kg.core.namespaces import prefixes as default_prefixes
from kg.core.settings import Settings
from kg.store import QuerySyntaxError, Store, StoreError
from kg.store.changes import change_of, net_count, parse_data
from kg.sparql import checks
from kg.sparql.effects import GENID, Effect, effect_of
from kg.sparql.outcomes import NotAcceptable, QueryFailed, QueryResult, syntax_error
from kg.sparql.result_cache import ResultCache
from kg.sparql.pool import Executor, WorkerPool
from kg.sparql.worker import Job


def _folder_bytes(folder: Path | str) -> int:
    return sum(f.stat().st_size for f in Path(folder).iterdir() if f.is_file())


def _disk_path(store: Store) -> Path | None:
    if store.description.startswith("oxigraph:"):
        return Path(store.description[len("oxigraph:"):])
    return None


class SparqlService:
    def __init__(self, settings: Settings, store: Store, *, workers: int | None = None,
                 sandbox: bool = True, read_only_path: Path | str | None = None,
                 memory_copy_max_bytes: int | None = None) -> None:
        """``read_only_path``: the folder of ``store`` when it was opened read-only; workers then
        open that folder directly and updates are refused. Workers also copy a snapshot of at
        most ``memory_copy_max_bytes`` on disk into memory (default: the ``query_copy_mb``
        setting; 0: never, they read it on disk)."""
        if memory_copy_max_bytes is None:
            memory_copy_max_bytes = settings.query_copy_mb * 1024 * 1024
        self.memory_copy_max_bytes = memory_copy_max_bytes
        self._memory = False
        self.settings = settings
        self.store = store
        self.prefixes = default_prefixes(settings.base_iri)
        self._write_lock = threading.Lock()
        self.cache = ResultCache(settings.query_cache_mb * 1024 * 1024)
        self._generation = 0
        self._root = None
        self.writer = None
        self._mirror = None
        self.remote = None
        self.pool: Executor
        atexit.register(self.close)
        if getattr(store, "remote", False):
            from kg.sparql.passthrough import RemoteExecutor

            self.remote = RemoteExecutor(store, max(8, 4 * (workers or settings.workers)))
            self.pool = self.remote
            self.snapshot = store.description
            return
        path = _disk_path(store)
        if read_only_path is not None:
            self.snapshot = str(read_only_path)
            self._memory = 0 < memory_copy_max_bytes >= _folder_bytes(self.snapshot)
            self.pool = WorkerPool(workers or settings.workers, sandbox=sandbox, memory_mb=settings.query_memory_mb)
            return
        if path is not None:
            self._root = Path(tempfile.mkdtemp(prefix=".sparql-snapshots-", dir=path.parent))
            self.writer = store.oxigraph
            self._mirror = None
        else:
            # A memory store: copy it to disk so workers can open it read-only.
            self._root = Path(tempfile.mkdtemp(prefix="kg-sparql-"))
            self.writer = ox.Store(str(self._root / "writer"))
            self.writer.bulk_extend(store.oxigraph)
            self.writer.flush()
            self._mirror = store.oxigraph
        self.snapshot = self._take_snapshot()
        self.pool = WorkerPool(workers or settings.workers, sandbox=sandbox, memory_mb=settings.query_memory_mb)

    # -- snapshots ---------------------------------------------------------------------
    def _take_snapshot(self) -> str:
        self._generation += 1
        target = self._root / f"snapshot-{self._generation}"
        self.writer.backup(str(target))
        self._memory = 0 < self.memory_copy_max_bytes >= _folder_bytes(target)
        # Keep the previous snapshot (a worker may be opening it); remove older ones.
        for old in self._root.glob("snapshot-*"):
            try:
                n = int(old.name.split("-")[1])
            except ValueError:
                continue
            if n < self._generation - 1:
                shutil.rmtree(old, ignore_errors=True)
        return str(target)

    # -- queries -----------------------------------------------------------------------
    def _job(self, text: str, default_graphs, named_graphs, result_format, graph_format,
             base_iri, row_cap) -> tuple[Job, tuple | None]:
        """The job for a worker, and its cache key (None when the answer may change between runs)."""
        info = checks.check_query(text)
        checks.check_graph_iris([*default_graphs, *named_graphs])
        snapshot = self.snapshot if self.remote is None else f"{self.snapshot}@{self.store.generation}"
        if default_graphs or named_graphs:
            dataset = "protocol"
        elif info.has_dataset:
            dataset = "query"
        else:
            dataset = "union"
        job = Job(snapshot, text, base_iri, self.prefixes, dataset, tuple(default_graphs),
                  tuple(named_graphs), result_format, graph_format,
                  row_cap if row_cap is not None else self.settings.row_cap, self._memory,
                  self.settings.max_result_bytes)
        key = None
        if info.deterministic and self.cache.enabled:
            key = (job.snapshot, job.query, job.base_iri, job.dataset, job.default_graphs, job.named_graphs,
                   job.result_format, job.graph_format, job.row_cap, job.byte_cap)
        return job, key

    def _result(self, answer: tuple, seconds: float, key: tuple | None) -> QueryResult:
        if answer[0] == "ok":
            _, kind, fmt, body, truncated, count = answer
            if key is not None:
                self.cache.put(key, (kind, fmt, body, truncated, count), len(body) + len(key[1]))
            return QueryResult(kind, fmt, body, truncated, count, seconds)
        if answer[0] == "syntax":
            raise syntax_error(answer[1])
        if answer[0] == "not_acceptable":
            raise NotAcceptable(answer[1])
        if answer[0] == "unknown_function":
            raise checks.UnknownFunction(answer[1])
        raise QueryFailed(answer[1])

    def _cached(self, key: tuple | None) -> QueryResult | None:
        if key is None:
            return None
        hit = self.cache.get(key)
        if hit is None:
            return None
        kind, fmt, body, truncated, count = hit
        return QueryResult(kind, fmt, body, truncated, count, 0.0, cached=True)

    def query(self, text: str, *, default_graphs: list[str] | tuple = (), named_graphs: list[str] | tuple = (),
              result_format: str | None = "json", graph_format: str | None = "turtle",
              base_iri: str | None = None, timeout: float | None = None, row_cap: int | None = None) -> QueryResult:
        """Run a SPARQL query with the time limit and row cap; raise a typed error otherwise."""
        job, key = self._job(text, default_graphs, named_graphs, result_format, graph_format, base_iri, row_cap)
        hit = self._cached(key)
        if hit is not None:
            return hit
        started = time.perf_counter()
        answer = self.pool.run(job, timeout if timeout is not None else self.settings.query_timeout)
        return self._result(answer, time.perf_counter() - started, key)

    async def aquery(self, text: str, *, default_graphs: list[str] | tuple = (), named_graphs: list[str] | tuple = (),
                     result_format: str | None = "json", graph_format: str | None = "turtle",
                     base_iri: str | None = None, timeout: float | None = None,
                     row_cap: int | None = None) -> QueryResult:
        """``query`` for an event loop (the web endpoint): no thread is held while the worker runs."""
        job, key = self._job(text, default_graphs, named_graphs, result_format, graph_format, base_iri, row_cap)
        hit = self._cached(key)
        if hit is not None:
            return hit
        started = time.perf_counter()
        answer = await self.pool.arun(job, timeout if timeout is not None else self.settings.query_timeout)
        return self._result(answer, time.perf_counter() - started, key)

    # -- updates -----------------------------------------------------------------------
    def update(self, text: str, *, using: list[str] | tuple = (), using_named: list[str] | tuple = (),
               base_iri: str | None = None) -> None:
        """Apply a SPARQL update in the writer, then move the workers to a fresh snapshot."""
        text = checks.check_update(text, using, using_named)
        if self.remote is not None:
            with self._write_lock:
                try:
                    self.remote.update(text, base_iri=base_iri, prefixes=self.prefixes)
                except QuerySyntaxError as exc:
                    raise syntax_error(str(exc)) from exc
                except StoreError as exc:
                    if isinstance(exc, checks.QueryRefused):
                        raise
                    raise QueryFailed(f"update failed: {exc}") from exc
                finally:
                    self.cache.clear()   # the store bumped its generation
            return
        if self.writer is None:
            raise QueryFailed("this store is open read-only; updates are not possible")
        with self._write_lock:
            parsed = parse_data(text, self.store.prologue, base_iri)
            self._write(text, base_iri, change_of(parsed, net_count(parsed, self.writer.__contains__)))

    def update_by_effect(self, text: str, base_iri: str | None, keep) -> Effect:
        """Apply ``text`` (checked: ``check_update``) by its effect (``kg.sparql.effects``): the
        quads it removes and adds are worked out first, then ``keep(effect)`` (a context manager:
        the journal entry staged) wraps applying exactly ``effect.as_update()``, so the store and
        the record hold the same change. An update that changes nothing writes nothing."""
        if self.writer is None:
            raise QueryFailed("this store is open read-only; updates are not possible")
        with self._write_lock:
            try:
                effect = effect_of(self.writer, text, base_iri=base_iri, prefixes=self.prefixes,
                                   genid=self.settings.base_iri + GENID)
            except SyntaxError as exc:
                raise syntax_error(str(exc)) from exc
            except (OSError, ValueError, RuntimeError) as exc:
                raise QueryFailed(f"update failed: {exc}") from exc
            if not effect:
                return effect
            with keep(effect):
                self._write(effect.as_update(), None, change_of(
                    [(True, effect.removed), (False, effect.added)], len(effect.added) - len(effect.removed)))
            return effect

    def _write(self, text: str, base_iri: str | None, change) -> None:
        """Run ``text`` in the writer (and the memory store it mirrors), noting ``change`` (what
        it changes, None when unknown: even a failed update may have written part of its
        operations); then a fresh snapshot for the workers."""
        done = None
        self.store.begin()
        try:
            self.writer.update(text, base_iri=base_iri, prefixes=self.prefixes)
            if self._mirror is not None:
                self._mirror.update(text, base_iri=base_iri, prefixes=self.prefixes)
            done = change
        except SyntaxError as exc:
            raise syntax_error(str(exc)) from exc
        except (OSError, ValueError, RuntimeError) as exc:
            raise QueryFailed(f"update failed: {exc}") from exc
        finally:
            self.store.bump(done)
        self.snapshot = self._take_snapshot()
        self.cache.clear()

    def description(self) -> dict:
        return {"workers": self.pool.size, "network": self.pool.network, "snapshot": self.snapshot,
                "timeout": self.settings.query_timeout, "row_cap": self.settings.row_cap}

    def close(self) -> None:
        pool = getattr(self, "pool", None)
        if pool is not None:
            pool.close()
        root = getattr(self, "_root", None)
        if root is not None:
            shutil.rmtree(root, ignore_errors=True)
            self._root = None
        self.writer = None              # the store is let go (and its lock, once no one else holds it) ...
        atexit.unregister(self.close)   # ... as is the closed service itself
