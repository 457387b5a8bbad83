"""A byte-bounded LRU cache of query results.

Workers read immutable snapshots, so a result is valid for as long as its snapshot
is current: the snapshot folder is part of the key, and an update (which makes a
new snapshot) leaves every old entry unreachable. Queries that use NOW, RAND, UUID,
STRUUID or BNODE() are not cached.
"""
from __future__ import annotations

import threading
from collections import OrderedDict


class ResultCache:
    def __init__(self, max_bytes: int, max_entry_bytes: int | None = None) -> None:
        self.max_bytes = max(0, max_bytes)
        self.max_entry_bytes = max_entry_bytes if max_entry_bytes is not None else self.max_bytes // 16
        self._items: OrderedDict = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    @property
    def enabled(self) -> bool:
        return self.max_bytes > 0

    def get(self, key):
        with self._lock:
            value = self._items.get(key)
            if value is None:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return value[0]

    def put(self, key, value, size: int) -> None:
        if size > self.max_entry_bytes:
            return
        with self._lock:
            old = self._items.pop(key, None)
            if old is not None:
                self._size -= old[1]
            self._items[key] = (value, size)
            self._size += size
            while self._size > self.max_bytes and self._items:
                _, (_, dropped) = self._items.popitem(last=False)
                self._size -= dropped

    def clear(self) -> None:
        with self._lock:
            self._items.clear()
            self._size = 0
