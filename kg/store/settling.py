"""Settling a write: once the data folder's files and the on-disk store both hold it, the store
is again the one its sources build, and a restart need not rebuild it.

The first write after an open stamps the store (``Store.begin``: ``policy-kg.writes``, before the
store changes), and ``kg.store.build.is_current`` refuses a stamped store: one killed between its
change and the files' is rebuilt at the next start. Every write of the app is one hold of the
data folder's lock (``kg.core.storage.locked``: review decisions, ingests, ``/sparql`` updates
and their journal entries, the data watcher's loads). A ``Settling`` joins that lock and, when a
hold that wrote the store ends without an exception, settles it, still under the lock:

1. the store is flushed to disk;
2. the fingerprint of the sources as they are now (``kg.store.build.fingerprint``; the digests
   of unchanged files are not read again) is written to ``policy-kg.fingerprint``, atomically;
3. unless a write is under way (checked under the same lock as ``Store.begin``), the stamp is
   removed and the store's warm key (``Store.rekey``) names the new fingerprint at the current
   generation, so that warm parts saved from now on are the new data's (``kg.index.warm``) and
   the next write stamps the store again.

A crash before 3 leaves the stamp (a rebuild, as before); after it, a fingerprint that both the
files and the store match. A hold is settled only when it can be vouched for: the sources were
as the store last knew them when it began (their signatures, taken at the open, before the
store was checked or built, and at each settle) and no file was changed in it without the store
(``kg.core.storage.note_change``: ``kg ingest``, ``kg review``, finishing a killed ingest); a file
the data watcher has not loaded yet keeps holds unsettled until it has loaded everything
(``followed``), no write runs outside the hold (``Store._writing``), and no write of this
process ever failed or ran outside a hold of the lock (the store may then hold what no file
says: the stamp stays until the next build).
"""
from __future__ import annotations

import logging
import os
import threading
import weakref
from pathlib import Path
from typing import Callable

from kg.core.storage import atomic_write, changes, join, remove

log = logging.getLogger(__name__)


def signatures(paths: list[Path]) -> dict[str, tuple[int, ...]]:
    """Each file's identity and times: a write to any of them changes its entry."""
    found = {}
    for path in paths:
        try:
            st = os.stat(path)
        except OSError:
            continue
        found[str(path)] = (st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)
    return found


class Settling:
    """Settles the writes to ``store`` (see the module). ``sources()``: the files the store is built
    from, journal included; ``fingerprint()``: theirs now; ``known``: their signatures when the
    store was last known to hold what they say; ``key_of(fingerprint)``: the warm key of that data."""

    def __init__(self, store, data_dir: Path, marker: Path, sources: Callable[[], list[Path]],
                 fingerprint: Callable[[], str], key_of: Callable[[str], str],
                 known: dict[str, tuple[int, ...]]) -> None:
        self._store = weakref.ref(store)
        self.marker, self.sources, self.fingerprint, self.key_of = marker, sources, fingerprint, key_of
        self.known = known
        self.spoiled = False        # a write failed or ran outside a hold: never settled in this process
        self.settled = 0            # how many holds were settled (for tests and /health)
        self.data_dir = Path(data_dir)
        self._hold: tuple[int, int, bool, int] | None = None   # (thread, generation, sources as known, counter)
        join(data_dir, self)

    def opened(self) -> None:
        store = self._store()
        if store is not None:
            self._hold = (threading.get_ident(), store.generation, signatures(self.sources()) == self.known,
                          changes(self.data_dir))

    def inside(self) -> bool:
        """Whether the calling thread holds the data folder's lock."""
        return self._hold is not None and self._hold[0] == threading.get_ident()

    def outside_write(self) -> None:
        """A write begins: one outside a hold of the lock is in no file (``Store.begin``)."""
        if not self.inside():
            self.spoiled = True

    def followed(self) -> None:
        """The data watcher loaded every source file as it is now, in this hold: the store holds them."""
        if self.inside():
            self._hold = (*self._hold[:2], True, -1)

    def closed(self, ok: bool) -> None:
        hold, self._hold = self._hold, None
        store = self._store()
        if store is None or hold is None or store.generation == hold[1]:
            return                  # nothing written to the store in this hold
        if not ok:
            self.spoiled = True     # it may hold part of a write that no file holds
        # a file changed in the hold without the store (announced by ``note_change``) is not in it yet
        clean = hold[2] and hold[3] in (-1, changes(self.data_dir))
        if self.spoiled or not clean or store.steady() is None:
            return
        try:
            self._settle(store)
        except Exception:  # noqa: BLE001 - the write itself is done: only its settling is given up
            log.warning("could not settle the write: the store is rebuilt at the next start", exc_info=True)

    def _settle(self, store) -> None:
        store.flush()
        known = signatures(self.sources())
        now = self.fingerprint()
        atomic_write(self.marker, now + "\n")
        # the stamp goes, and the warm key moves, only while no write is under way (atomic with ``begin``)
        if store.rekey(self.key_of(now), unstamp=lambda stamp: remove(stamp)):
            self.known = known
            self.settled += 1
