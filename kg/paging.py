"""Paging and per-generation memory: what makes a page cost what it shows.

``page(total, offset, limit)`` is the paging part of every list's context (``count``,
``offset``, ``limit``, ``next`` and ``previous`` offsets or None); the web layer turns the
offsets into links. ``per_generation(store, key, build, advance)`` remembers ``build()``
until the store's next write (``Store.generation``): the sorted keys of a long list, the
counts on the home page; after a small write whose quads are known, ``advance`` brings the
value up to date instead of a rebuild. Concurrent callers of the same key wait for one build.
"""
from __future__ import annotations

import threading
import weakref
from typing import Callable, TypeVar

from .store import Store

T = TypeVar("T")
LIMIT = 50          # rows per page unless asked otherwise
MAX_LIMIT = 500     # the most rows one page may ask for


class PageError(ValueError):
    """A paging parameter out of range; the message names it."""


def check(offset: int, limit: int) -> None:
    if offset < 0:
        raise PageError(f"offset must be 0 or more (got {offset})")
    if not 1 <= limit <= MAX_LIMIT:
        raise PageError(f"limit must be between 1 and {MAX_LIMIT} (got {limit})")


def page(total: int, offset: int, limit: int) -> dict:
    """The paging facts of one page of a list of ``total`` items."""
    return {"count": total, "offset": offset, "limit": limit,
            "next": offset + limit if offset + limit < total else None,
            "previous": max(0, offset - limit) if offset > 0 else None}


_memo: "weakref.WeakKeyDictionary[Store, dict[str, tuple[int, object]]]" = weakref.WeakKeyDictionary()
_locks: "weakref.WeakKeyDictionary[Store, dict[str, threading.Lock]]" = weakref.WeakKeyDictionary()
_guard = threading.Lock()


def per_generation(store: Store, key: str, build: Callable[[], T],
                   advance: Callable[[T, list], T | None] | None = None) -> T:
    """``build()``, remembered for ``store`` until its generation changes (and forgotten
    with the store). With ``advance``, a value of an older generation is first offered the
    changes made since (``Store.changes_since``): ``advance(value, changes)`` returns the value
    brought up to date (the same object or a new one), or None to have it built afresh."""
    hit = _memo.get(store, {}).get(key)
    if hit is not None and hit[0] == store.generation:
        return hit[1]  # type: ignore[return-value]
    with _guard:
        lock = _locks.setdefault(store, {}).setdefault(key, threading.Lock())
    with lock:
        hit = _memo.get(store, {}).get(key)
        if hit is not None and hit[0] == store.generation:
            return hit[1]  # type: ignore[return-value]
        generation = store.generation
        value = None
        if hit is not None and advance is not None:
            changes = store.changes_since(hit[0], generation)
            if changes is not None:
                value = advance(hit[1], changes) if changes else hit[1]
        if value is None:
            value = build()
        with _guard:
            _memo.setdefault(store, {})[key] = (generation, value)
        return value


def forget(store: Store) -> None:
    """Drop everything remembered for ``store`` (tests compare a followed value with a fresh build)."""
    with _guard:
        _memo.pop(store, None)
