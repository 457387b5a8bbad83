"""Per-generation memory: a value built once per store generation, and brought up to date
after a small write instead of being rebuilt.

``per_generation(store, key, build, advance)`` remembers ``build()`` until the store's next write
(``Store.generation``): the sorted keys of a long list, the counts on the home page; after a
small write whose quads are known, ``advance`` brings the value up to date instead of a rebuild
(the rules are in ``kg.index.carry``). Concurrent callers of the same key wait for one build.
A value built while a write was under way (``Store.begin`` .. ``Store.bump``) or made during
the build is returned but not kept: it may hold part of the write, and following that write
again would count it twice. Nor is a value built (or brought up to date) while a stand-in was
given for another value it read (``instead_of_waiting``: the ``Partial`` label index of
``kg.index.partial`` while the label index is built): it may hold what the stand-in lacks, or
refer to the stand-in itself, and would outlive it in memory and on disk.
With ``lasting``, the value also outlives the process (``kg.index.warm``): a restart on the same
data reads it from disk instead of building it; a value that followed a settled write is saved
at a clean stop (``keep_followed``).
"""
from __future__ import annotations

import threading
import weakref
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Callable, Iterator, TypeVar

from kg.core.priority import acquired
from kg.index import warm
from kg.store import Store

T = TypeVar("T")


_memo: "weakref.WeakKeyDictionary[Store, dict[str, tuple[int, object]]]" = weakref.WeakKeyDictionary()
_locks: "weakref.WeakKeyDictionary[Store, dict[str, threading.Lock]]" = weakref.WeakKeyDictionary()
# how each lasting value is kept on disk, and brought up to date (``advance``), for ``keep_followed``
_kinds: "weakref.WeakKeyDictionary[Store, dict[str, tuple[warm.Lasting, Callable | None]]]" = weakref.WeakKeyDictionary()
_guard = threading.Lock()


def per_generation(store: Store, key: str, build: Callable[[], T],
                   advance: Callable[[T, list], T | None] | None = None,
                   lasting: "warm.Lasting | None" = None) -> T:
    """``build()``, remembered for ``store`` until its generation changes (and forgotten
    with the store). With ``advance``, a value of an older generation is first offered the
    changes made since (``Store.changes_since``): ``advance(value, changes)`` returns the value
    brought up to date (the same object or a new one), or None to have it built afresh.
    With ``lasting`` (``warm.DATA`` or a key's own way), a value not in memory is first looked
    for on disk, and a value built at the generation the store was opened at is saved there."""
    hit = _memo.get(store, {}).get(key)
    if hit is not None and hit[0] == store.generation:
        return hit[1]  # type: ignore[return-value]
    with _guard:
        lock = _locks.setdefault(store, {}).setdefault(key, threading.Lock())
    instead = _INSTEAD.get().get(key)
    if instead is not None and lock.locked():   # being built by another caller: not waiting for it
        found = instead(store)
        if found is not None:
            stood_in = _STOOD_IN.get()
            if stood_in is not None:
                stood_in.append(key)   # the value being built reads a stand-in: it is not kept
            return found
    with acquired(lock):   # a request waiting here lets background work that builds it go on
        hit = _memo.get(store, {}).get(key)
        if hit is not None and hit[0] == store.generation:
            return hit[1]  # type: ignore[return-value]
        generation = store.generation
        outer, stood_in = _STOOD_IN.get(), []
        token = _STOOD_IN.set(stood_in)
        try:
            value, built, steady = _make(store, key, hit, generation, build, advance, lasting)
        finally:
            _STOOD_IN.reset(token)
        if stood_in and outer is not None:
            outer.extend(stood_in)    # what was made of a stand-in is one too, for the caller's value
        if stood_in or not steady:
            # a stand-in was read (see the module), or a write ran (or was under way) while the store
            # was read: the value may hold part of it, so it is no generation's; keeping it as
            # ``generation``'s would have the next call add that write's changes a second time
            warm.counts[f"unkept {key}"] += 1
            with _guard:
                _memo.get(store, {}).pop(key, None)
            return value
        if built and lasting is not None:
            warm.save(store, key, generation, value, lasting)
        with _guard:
            _memo.setdefault(store, {})[key] = (generation, value)
            if lasting is not None:
                _kinds.setdefault(store, {})[key] = (lasting, advance)
        return value


def _make(store: Store, key: str, hit, generation: int, build, advance, lasting):
    """``(value, built, steady)``: the value of ``generation`` read from disk, brought up to date from
    ``hit``, or built; whether it was built; whether no write ran meanwhile."""
    value = None
    if hit is None and lasting is not None:
        hit = warm.read(store, key, lasting)
    if hit is not None and hit[0] == generation:
        value = hit[1]
    elif hit is not None and advance is not None:
        value = _brought_up(store, hit, generation, advance)
    if value is not None:
        return value, False, True
    steady = store.steady() == generation
    value = build()
    warm.counts[f"built {key}"] += 1
    return value, True, steady and store.steady() == generation


def _brought_up(store: Store, hit: tuple[int, object], generation: int, advance: Callable):
    """``hit`` (generation, value) brought up to ``generation`` by ``advance`` over the changes made
    since; None when a change is unknown or ``advance`` gives up."""
    changes = store.changes_since(hit[0], generation)
    if changes is None:
        return None
    return advance(hit[1], changes) if changes else hit[1]


_INSTEAD: ContextVar[dict] = ContextVar("instead_of_waiting", default={})
_STOOD_IN: ContextVar[list | None] = ContextVar("stood_in", default=None)   # keys given a stand-in in this build


@contextmanager
def instead_of_waiting(key: str, make: Callable[[Store], object]) -> Iterator[None]:
    """Within this block, ``per_generation(store, key, ...)`` gives ``make(store)`` when another caller
    is building the value, instead of waiting for it (a page that needs a little of a large value);
    when ``make`` gives None, it waits as before."""
    token = _INSTEAD.set({**_INSTEAD.get(), key: make})
    try:
        yield
    finally:
        _INSTEAD.reset(token)


def kept(store: Store, key: str) -> bool:
    """Whether a value of ``key`` for the store's current generation is in memory (asking costs nothing)."""
    return peek(store, key) is not None


def peek(store: Store, key: str):
    """The value of ``key`` for the store's current generation when it is in memory, else None."""
    hit = _memo.get(store, {}).get(key)
    return hit[1] if hit is not None and hit[0] == store.generation else None


def waits(store: Store, key: str) -> bool:
    """Whether asking for ``key`` now would wait: no value for the store's current generation is kept
    and another caller is building (or bringing up to date) one. Never builds nor waits itself."""
    if kept(store, key):
        return False
    lock = _locks.get(store, {}).get(key)
    return lock is not None and lock.locked()


def keep_followed(store: Store) -> list[str]:
    """Put on the shelf the lasting values in memory that followed writes since the store's data was
    last named (``kg.store.settling``: a settled write names the new data at its generation), when the
    shelf holds none: a clean stop after a settled write, so the next start reads them instead of
    building them. A value not asked for since the write is first brought up to date as a request would
    (its ``advance``), or left to be built. Returns the keys saved."""
    found = warm.shelf(store)
    if found is None or store.steady() != found.generation:
        return []
    with _guard:
        held = [(k, g, v, *_kinds.get(store, {}).get(k, (None, None))) for k, (g, v) in _memo.get(store, {}).items()]
    saved = []
    for key, generation, value, kind, advance in held:
        if kind is None or warm.on_shelf(store, key):
            continue
        if generation != found.generation:
            # not asked for since the write (a trace's causal layer, when every trace asked for was
            # remembered and followed it): brought up to date now, as the next request would
            try:
                value = _brought_up(store, (generation, value), found.generation, advance) if advance else None
            except Exception:  # noqa: BLE001 - a stop is not failed by a value left to be built again
                value = None
            if value is None:
                continue
        try:
            warm.save(store, key, found.generation, value, kind)
        except Exception:  # noqa: BLE001 - a stop is not failed by a value left to be built again
            warm.counts[f"unsaved {key}"] += 1
            continue
        saved.append(key)
    return saved


def forget(store: Store) -> None:
    """Drop everything remembered for ``store`` (tests compare a followed value with a fresh build)."""
    with _guard:
        _memo.pop(store, None)
