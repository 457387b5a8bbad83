"""The query worker: a process that opens a store snapshot read-only and answers jobs.

A job is a tuple sent over a pipe (see ``Job``); the answer is a tuple too:
``("ok", kind, fmt, body, truncated, count)`` or ``(error_kind, message)``, where
error_kind is ``syntax``, ``not_acceptable``, ``unknown_function`` (the message is the
function's IRI) or ``error``. Results are cut at the job's row cap and byte cap; the worker's
memory is capped (``--memory-mb``, ``RLIMIT_DATA``). A worker is killed
from outside when a query runs past its time limit; nothing here needs to cooperate. A worker
whose parent dies (a server killed with SIGKILL) exits within half a second, query or not.

Before it opens anything, a worker tries to drop its network access by moving into
a fresh network namespace (Linux), so that even a query that slipped past the
keyword checks could not reach another host.
"""
from __future__ import annotations

import ctypes
import os
import re
import resource
import threading
import time
from typing import NamedTuple

import pyoxigraph as ox

from kg.sparql import results

CLONE_NEWNET = 0x40000000
CLONE_NEWUSER = 0x10000000


class Job(NamedTuple):
    snapshot: str                 # folder of the read-only store to query
    query: str
    base_iri: str | None
    prefixes: dict
    dataset: str                  # "union" | "query" (FROM in the text) | "protocol"
    default_graphs: tuple
    named_graphs: tuple
    result_format: str | None     # for SELECT / ASK, None when the client accepts none
    graph_format: str | None      # for CONSTRUCT / DESCRIBE
    row_cap: int
    memory: bool = False          # also copy the snapshot into memory (faster) in the background
    byte_cap: int = 0             # most bytes of values in a result (0: rows only)


UNKNOWN_FUNCTION = re.compile(r"custom function <([^>]*)> is not supported")


def engine_error(exc: Exception, named: bool = True) -> tuple:
    """The answer for an error the engine raised while evaluating: a function it does not know
    is the query's fault (``unknown_function``), anything else an ``error`` (its message starts
    with the exception's class when ``named``)."""
    found = UNKNOWN_FUNCTION.search(str(exc))
    if found:
        return ("unknown_function", found.group(1))
    return ("error", f"{type(exc).__name__}: {exc}" if named else str(exc))


def limit_memory(megabytes: int) -> None:
    """Cap what this process may allocate (``RLIMIT_DATA``: heap and private mappings, so not
    the address space reserved for thread stacks and arenas). The engine aborts the process
    when an allocation fails; the pool reports that as a query that needed too much memory."""
    if megabytes > 0:
        limit = megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))


def isolate_network() -> str:
    """Move this process into an empty network namespace; say how it went."""
    if not hasattr(os, "fork") or not os.path.exists("/proc/self/ns/net"):
        return "unavailable"
    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:
        return "unavailable"
    for flags, how in ((CLONE_NEWNET, "netns"), (CLONE_NEWUSER | CLONE_NEWNET, "userns+netns")):
        if libc.unshare(flags) == 0:
            return how
    return "refused: " + os.strerror(ctypes.get_errno())


def _graph(iri: str):
    return ox.DefaultGraph() if iri == "urn:x-arq:DefaultGraph" else ox.NamedNode(iri)


def run(store: "ox.Store", job: Job) -> tuple:
    kwargs: dict = {"base_iri": job.base_iri, "prefixes": job.prefixes}
    if job.dataset == "union":
        kwargs["use_default_graph_as_union"] = True
    elif job.dataset == "protocol":
        kwargs["default_graph"] = [_graph(g) for g in job.default_graphs]
        kwargs["named_graphs"] = [ox.NamedNode(g) for g in job.named_graphs]
    try:
        result = store.query(job.query, **kwargs)
        if isinstance(result, ox.QueryBoolean):
            if job.result_format is None:
                return ("not_acceptable", "boolean")
            return ("ok", "boolean", job.result_format, results.boolean(job.result_format, result), False, 1)
        if isinstance(result, ox.QuerySolutions):
            if job.result_format is None:
                return ("not_acceptable", "bindings")
            variables = [v.value for v in result.variables]
            rows, truncated = results.take(result, job.row_cap, job.byte_cap)  # values in variable order
            body = results.solutions(job.result_format, variables, rows, job.prefixes)
            return ("ok", "bindings", job.result_format, body, truncated, len(rows))
        if job.graph_format is None:
            return ("not_acceptable", "graph")
        triples, truncated = results.take(result, job.row_cap, job.byte_cap)
        body = results.graph(job.graph_format, triples, job.prefixes)
        return ("ok", "graph", job.graph_format, body, truncated, len(triples))
    except SyntaxError as exc:
        return ("syntax", str(exc))
    except (OSError, ValueError, TypeError, RuntimeError) as exc:
        return engine_error(exc)


class _Current:
    """The store jobs run on: the read-only snapshot at once, then its in-memory copy once made."""

    def __init__(self) -> None:
        self.snapshot: str | None = None
        self.store = None
        self.in_memory = False

    def open(self, snapshot: str, memory: bool) -> None:
        self.store = None
        disk = ox.Store.read_only(snapshot)
        self.snapshot, self.store, self.in_memory = snapshot, disk, False
        if memory:
            threading.Thread(target=self._copy, args=(snapshot, disk), daemon=True).start()

    def _copy(self, snapshot: str, disk) -> None:
        # pyoxigraph releases the GIL in dump and bulk_load: queries go on meanwhile.
        try:
            mem = ox.Store()
            mem.bulk_load(disk.dump(format=ox.RdfFormat.N_QUADS), format=ox.RdfFormat.N_QUADS)
        except (OSError, SyntaxError, ValueError, RuntimeError, MemoryError):
            return  # stay on the disk snapshot
        if self.snapshot == snapshot:
            self.store, self.in_memory = mem, True


def exit_with_parent(every: float = 0.5) -> None:
    """End this process soon after the one that started it is gone (killed, crashed), even in
    the middle of a query: no one would read the answer, and a runaway query would keep a CPU
    busy for good. (The engine releases the GIL while it evaluates, so this thread runs.)"""
    parent = os.getppid()

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(every)
        os._exit(0)

    threading.Thread(target=watch, daemon=True, name="kg-worker-parent-watch").start()


def main(conn, sandbox: bool = True, memory_mb: int = 0) -> None:
    """Worker loop: answer jobs until the pipe closes (or the parent process is gone)."""
    network = isolate_network() if sandbox else "not isolated"
    limit_memory(memory_mb)
    exit_with_parent()  # after unshare: a new user namespace needs a single-threaded process
    conn.send(("ready", os.getpid(), network))
    current = _Current()
    while True:
        try:
            job = conn.recv()
        except (EOFError, OSError):
            return
        if job is None:
            return
        try:
            if job.snapshot != current.snapshot:
                current.open(job.snapshot, job.memory)
            answer = run(current.store, job)
        except Exception as exc:  # keep the worker alive; the caller reports the message
            answer = ("error", f"{type(exc).__name__}: {exc}")
        try:
            conn.send(answer)
        except (BrokenPipeError, OSError):
            return


if __name__ == "__main__":
    import sys
    from multiprocessing.connection import Connection

    flags = sys.argv[2:]
    memory = next((int(f.split("=", 1)[1]) for f in flags if f.startswith("--memory-mb=")), 0)
    main(Connection(int(sys.argv[1])), sandbox="--no-sandbox" not in flags, memory_mb=memory)
