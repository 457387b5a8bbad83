"""Requests first: background work of the app's process gives way while a request is answered.

The app's warm-up after a start (``web.warming``) runs in a thread of the process that answers
requests, so a page asked for during it shared the CPU (and Python's GIL) with it: at 1M quads a
trace page's 0.3 s of CPU took 4.1 s of wall time. Now:

- the web app counts the requests it is answering (``IN_FLIGHT``, by ``web.warming.CountRequests``);
- a thread marked ``background()`` calls ``give_way()`` before each store query (``Store._run``)
  and between its parts: while any request is in flight it waits until none is; it also gives way
  every 1,024 rows of a query result (``paced``, in ``Store.select`` / ``values``) and every 2,048
  forms of a warm file it decodes (``kg.index.lasting``);
- a request that waits for a value another thread is building (``acquired``, used by
  ``kg.index.cache.per_generation``) does not count meanwhile, so background work that builds
  what the request waits for goes on instead of waiting for that request;
- a pause lasts at most ``GIVE_WAY_MAX_S``; one that ran out (a long request, or steady traffic)
  earns the background thread ``RUN_AFTER_WAIT_S`` of work before it gives way again. Before, a
  20 s request (a trace read near its measure while the causal layer was still being read, at
  10M quads) let the warm-up on only 2,048 items every 2 s, so the layer was still being read
  minutes later and every trace meanwhile took the slow way: the warm-up starved itself.

Outside a background thread ``give_way`` is a thread-local lookup and nothing else.
"""
from __future__ import annotations

import threading
import time
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Iterator

GIVE_WAY_MAX_S = 2.0   # longest single pause of background work (steady traffic must not stall it)
RUN_AFTER_WAIT_S = 2.0  # work without pausing after a pause ran out: about half the time under a long request


class InFlight:
    """How many requests are being answered, and the background threads waiting for none to be."""

    def __init__(self) -> None:
        self._active = 0
        self._idle = threading.Condition()
        self.paused = threading.Event()   # set while a background thread waits (tests wait on it)
        self.pauses = 0                   # how many times background work gave way

    @property
    def active(self) -> int:
        return self._active

    def __enter__(self) -> "InFlight":
        with self._idle:
            self._active += 1
        return self

    def __exit__(self, *exc) -> None:
        with self._idle:
            self._active -= 1
            if self._active <= 0:
                self._idle.notify_all()

    def wait_idle(self, timeout: float | None = None) -> bool:
        """Return when no request is in flight (True), or after ``timeout`` (default
        ``GIVE_WAY_MAX_S``) seconds with requests still in flight (False)."""
        with self._idle:
            if self._active <= 0:
                return True
            self.pauses += 1
            self.paused.set()
            try:
                return self._idle.wait_for(lambda: self._active <= 0, GIVE_WAY_MAX_S if timeout is None else timeout)
            finally:
                self.paused.clear()


IN_FLIGHT = InFlight()   # one per process: the requests of every app in it share its CPU
_thread = threading.local()
_answering: ContextVar[bool] = ContextVar("answering_a_request", default=False)   # follows a request into its thread


@contextmanager
def background() -> Iterator[None]:
    """Mark the current thread's work as background: it gives way to requests."""
    before = getattr(_thread, "background", False)
    _thread.background = True
    try:
        yield
    finally:
        _thread.background = before


def in_background() -> bool:
    """Whether the current thread's work is marked ``background()``."""
    return getattr(_thread, "background", False)


def paced(rows, every: int = 1024):
    """``rows`` as they come; in a background thread, giving way every ``every`` rows (a long
    result read lazily, as Oxigraph's are, then pauses its query while a request is answered)."""
    if not in_background():
        return rows
    return _pacing(rows, every)


def _pacing(rows, every: int):
    for i, row in enumerate(rows, 1):
        yield row
        if i % every == 0:
            give_way()


def give_way() -> None:
    """In a background thread: wait while requests are in flight, unless a pause that ran out
    gave it ``RUN_AFTER_WAIT_S`` to work. Elsewhere: nothing."""
    if getattr(_thread, "background", False) and IN_FLIGHT.active > 0:
        if time.monotonic() < getattr(_thread, "run_until", 0.0):
            return
        if not IN_FLIGHT.wait_idle():
            _thread.run_until = time.monotonic() + RUN_AFTER_WAIT_S


@contextmanager
def acquired(lock: threading.Lock) -> Iterator[None]:
    """``with lock``, except that a request blocked on it (another thread is building what it
    needs) stops counting as in flight until it has the lock."""
    if not lock.acquire(blocking=False):
        waiting = _answering.get()
        if waiting:
            IN_FLIGHT.__exit__()
        try:
            lock.acquire()
        finally:
            if waiting:
                IN_FLIGHT.__enter__()
    try:
        yield
    finally:
        lock.release()


@contextmanager
def answering() -> Iterator[None]:
    """A request being answered: counted in ``IN_FLIGHT`` (the mark follows it into worker threads)."""
    token = _answering.set(True)
    try:
        with IN_FLIGHT:
            yield
    finally:
        _answering.reset(token)
