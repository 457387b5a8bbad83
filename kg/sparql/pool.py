"""A pool of query worker processes with a hard time limit.

Neither engine can be interrupted from inside, so each query runs in a worker
process; when it runs past its limit the worker is killed (SIGKILL) and a fresh one
takes its place in the background, while the other workers keep answering.

Workers are plain ``python -m kg.sparql.worker`` subprocesses talking over a socket
pair (multiprocessing's framing), not ``multiprocessing.Process``: that would re-run
the parent's main module (uvicorn, pytest) in every worker.
"""
from __future__ import annotations

import asyncio
import collections
import contextlib
import logging
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
from dataclasses import dataclass
from typing import Protocol

from multiprocessing.connection import Connection

from kg.core.settings import PROJECT_ROOT
from kg.store import StoreError
from kg.sparql import worker as worker_module

log = logging.getLogger(__name__)



class _TimedOut(Exception):
    """Inside the pool: the worker did not answer in time (becomes QueryTimeout)."""


class QueryTimeout(StoreError):
    """The query ran past its time limit and was stopped."""


class PoolBusy(StoreError):
    """No worker became free within the time limit."""


class WorkerFailed(StoreError):
    """A worker died while answering."""


class QueryOutOfMemory(StoreError):
    """The query needed more memory than a worker may allocate; the worker was stopped."""


class Executor(Protocol):
    """What ``SparqlService`` runs jobs on: ``WorkerPool`` (worker processes on snapshots of an
    embedded store) or ``kg.sparql.passthrough.RemoteExecutor`` (the engine behind a remote store).
    ``run``/``arun`` answer a ``worker.Job`` with the worker's answer tuple within ``timeout``
    seconds, or raise ``QueryTimeout`` / ``PoolBusy`` / ``WorkerFailed``."""

    size: int
    network: str

    def run(self, job: "worker_module.Job", timeout: float) -> tuple: ...

    async def arun(self, job: "worker_module.Job", timeout: float) -> tuple: ...

    def close(self) -> None: ...


@dataclass(eq=False)
class _Worker:
    process: object
    conn: object
    network: str = "?"


class WorkerPool:
    def __init__(self, size: int, *, sandbox: bool = True, memory_mb: int = 0) -> None:
        """``memory_mb``: what each worker may allocate (0: no limit; see ``worker.limit_memory``)."""
        if size < 1:
            raise ValueError("the pool needs at least one worker")
        self.size = size
        self.sandbox = sandbox
        self.memory_mb = memory_mb
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._waiters: collections.deque = collections.deque()  # (loop, future) of waiting coroutines, oldest first
        self._all: set[_Worker] = set()
        self._lock = threading.Lock()
        self._closed = False
        self.network = "?"
        self.kills = 0
        for _ in range(size):
            self._release(self._start())

    def _start(self) -> _Worker:
        mine, theirs = socket.socketpair()
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(PROJECT_ROOT), os.environ.get("PYTHONPATH")]))}
        cmd = [sys.executable, "-m", "kg.sparql.worker", str(theirs.fileno())]
        if not self.sandbox:
            cmd.append("--no-sandbox")
        if self.memory_mb:
            cmd.append(f"--memory-mb={self.memory_mb}")
        proc = subprocess.Popen(cmd, pass_fds=[theirs.fileno()], stdin=subprocess.DEVNULL, env=env,
                                close_fds=True, start_new_session=True)
        theirs.close()
        parent = Connection(mine.detach())
        try:
            hello = parent.recv() if parent.poll(30) else None
        except (EOFError, OSError):
            hello = None
        if not hello or hello[0] != "ready":
            proc.kill()
            raise StoreError("a query worker did not start")
        w = _Worker(proc, parent, hello[2])
        self.network = hello[2]
        with self._lock:
            self._all.add(w)
        return w

    def _discard(self, w: _Worker) -> None:
        with self._lock:
            self._all.discard(w)
        try:
            w.process.kill()
            w.process.wait(2)
        except Exception:  # already gone
            pass
        try:
            w.conn.close()
        except OSError:
            pass

    def _replace(self, w: _Worker) -> None:
        """Kill ``w`` and put a fresh worker into the pool in the background."""
        self._discard(w)

        def start() -> None:
            if self._closed:
                return
            try:
                self._release(self._start())
            except Exception as exc:  # logged; the pool runs smaller until the next replacement
                log.error("could not start a query worker: %s", exc)

        threading.Thread(target=start, daemon=True, name="kg-worker-restart").start()

    def run(self, job: "worker_module.Job", timeout: float) -> tuple:
        """Send ``job`` to a free worker (waiting at most ``timeout`` for one); stop it after ``timeout``."""
        if self._closed:
            raise StoreError("the query pool is closed")
        try:
            w = self._idle.get(timeout=timeout)
        except queue.Empty:
            raise PoolBusy(f"all {self.size} query workers stayed busy for {timeout:g} s; try again later") from None
        with self._lease(w, timeout):
            w.conn.send(job)
            if not w.conn.poll(timeout):
                raise _TimedOut
            return w.conn.recv()

    @contextlib.contextmanager
    def _lease(self, w: _Worker, timeout: float):
        """Hold worker ``w`` for one job: hand it back after a clean answer; replace it, never to
        be reused, when it ran past ``timeout``, died, or its caller gave up (a cancelled request)
        while it may still be computing."""
        try:
            yield
        except _TimedOut:
            self.kills += 1
            self._replace(w)
            raise QueryTimeout(f"the query ran longer than the {timeout:g} s limit and was stopped") from None
        except (EOFError, OSError, BrokenPipeError) as exc:
            self._replace(w)
            if self.memory_mb and w.process.returncode == -signal.SIGABRT:   # an allocation failed
                raise QueryOutOfMemory(f"the query needed more than the {self.memory_mb} MB of memory a query "
                                       "may use and was stopped") from None
            raise WorkerFailed(f"the query worker died: {exc or type(exc).__name__}") from None
        except BaseException:
            self._replace(w)
            raise
        else:
            self._release(w)

    def _release(self, w: _Worker) -> None:
        """Hand a free worker to the longest-waiting coroutine, or put it back in the pool.

        First come, first served: a request that arrives while others wait queues behind them
        (waking every waiter to race for the worker let newcomers overtake, and the unlucky
        ones waited hundreds of milliseconds under load)."""
        if self._closed:  # a worker started or freed after close() must not outlive the pool
            self._discard(w)
            return
        with self._lock:
            while self._waiters:
                loop, future = self._waiters.popleft()
                if future.done():  # gave up (time limit, client gone)
                    continue

                def give(f=future) -> None:
                    if f.done():   # gave up meanwhile: pass the worker on
                        self._release(w)
                    else:
                        f.set_result(w)

                try:
                    loop.call_soon_threadsafe(give)
                    return
                except RuntimeError:  # that loop has closed
                    continue
            self._idle.put(w)

    async def _acquire(self, loop, deadline: float, timeout: float) -> _Worker:
        with self._lock:
            if not self._waiters:
                try:
                    return self._idle.get_nowait()
                except queue.Empty:
                    pass
            future = loop.create_future()
            self._waiters.append((loop, future))
        try:
            return await asyncio.wait_for(future, max(0.0, deadline - loop.time()))
        except asyncio.TimeoutError:
            raise PoolBusy(f"all {self.size} query workers stayed busy for {timeout:g} s; "
                           "try again later") from None
        except BaseException:
            if future.done() and not future.cancelled():  # handed over just as we left
                self._release(future.result())
            raise

    async def arun(self, job: "worker_module.Job", timeout: float) -> tuple:
        """``run`` for an event loop: waits for a free worker and on its socket without holding a thread.

        Waiting for a free worker and running each get up to ``timeout`` seconds."""
        if self._closed:
            raise StoreError("the query pool is closed")
        loop = asyncio.get_running_loop()
        deadline = loop.time() + timeout
        w = await self._acquire(loop, deadline, timeout)
        fd = w.conn.fileno()
        ready = loop.create_future()

        def readable() -> None:
            if not ready.done():
                ready.set_result(None)

        with self._lease(w, timeout):
            w.conn.send(job)
            loop.add_reader(fd, readable)
            try:
                await asyncio.wait_for(ready, timeout)
            except asyncio.TimeoutError:
                raise _TimedOut from None
            finally:
                loop.remove_reader(fd)
            return w.conn.recv()

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers = list(self._all)
        for w in workers:
            try:
                w.conn.send(None)
            except OSError:
                pass
            self._discard(w)
