"""The number of quads in a store: counted once per store generation, kept warm, followed after writes.

Counting a store is a scan (``len(store)``: about a second at 1M quads on the embedded store, seconds
at 10M; on a remote store one ``COUNT`` per graph). ``quads(store)`` is the one count every reader
uses: the home page and its first look, ``/health``, ``kg serve``'s and ``kg build``'s lines, and
``kg.index.partial.large`` (whether pages answer with a partial label index while the whole one is
built). It is taken at most once per generation (``per_generation``; concurrent callers wait for one
count), kept on the warm shelf (``catalog:quads``: a restart on unchanged data reads it instead of
counting), and after a write that says how many quads it added or removed (``Change.net``) brought
up to date by that number instead of counted again. ``kg.index.cache.peek(store, KEY)`` gives it only
when that costs nothing (in memory for the current generation), else None.
"""
from __future__ import annotations

from kg.index.cache import per_generation
from kg.index.warm import DATA
from kg.store import Store

KEY = "catalog:quads"   # the warm part (kg.index.versions) and the per-generation key


def _follow(n: int, changes: list) -> int | None:
    """The count after ``changes``: each says how many quads it added less those it removed, or None
    when it cannot tell (the count is then taken again)."""
    return None if any(c.net is None for c in changes) else n + sum(c.net for c in changes)


def quads(store: Store) -> int:
    """The number of quads of ``store`` at its current generation (see the module)."""
    return per_generation(store, KEY, lambda: len(store), _follow, DATA)

