"""The query worker: a process that opens a store snapshot read-only and answers jobs.

A job is a tuple sent over a pipe (see ``Job``); the answer is a tuple too:
``("ok", kind, fmt, body, truncated, count)`` or ``(error_kind, message)``, where
error_kind is ``syntax``, ``not_acceptable`` or ``error``. A worker is killed
from outside when a query runs past its time limit; nothing here needs to cooperate. A worker
whose parent dies (a server killed with SIGKILL) exits within half a second, query or not.

Before it opens anything, a worker tries to drop its network access by moving into
a fresh network namespace (Linux), so that even a query that slipped past the
keyword checks could not reach another host.
"""
from __future__ import annotations

import ctypes
import itertools
import os
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
            rows = [tuple(s) for s in itertools.islice(result, job.row_cap + 1)]  # values in variable order
            truncated = len(rows) > job.row_cap
            del rows[job.row_cap:]
            body = results.solutions(job.result_format, variables, rows, job.prefixes)
            return ("ok", "bindings", job.result_format, body, truncated, len(rows))
        if job.graph_format is None:
            return ("not_acceptable", "graph")
        triples = list(itertools.islice(result, job.row_cap + 1))
        truncated = len(triples) > job.row_cap
        del triples[job.row_cap:]
        body = results.graph(job.graph_format, triples, job.prefixes)
        return ("ok", "graph", job.graph_format, body, truncated, len(triples))
    except SyntaxError as exc:
        return ("syntax", str(exc))
    except (OSError, ValueError, TypeError, RuntimeError) as exc:
        return ("error", f"{type(exc).__name__}: {exc}")


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


def main(conn, sandbox: bool = True) -> None:
    """Worker loop: answer jobs until the pipe closes (or the parent process is gone)."""
    network = isolate_network() if sandbox else "not isolated"
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

    main(Connection(int(sys.argv[1])), sandbox="--no-sandbox" not in sys.argv[2:])
