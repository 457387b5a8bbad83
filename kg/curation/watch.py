"""A running server follows the writes other processes make to the data folder.

``kg ingest``, ``kg review`` and ``kg validate --fix`` write the data files without the server's
writer; each then raises the folder's change counter (``files.note_change``: ``.kg-changes``).
``DataWatcher.poll()`` costs one ``stat`` of that small file while nothing changed; when it did,
it takes the folder's lock (so it reads no half-done write), finds the ``*.trig`` files whose
size or modification time differ from what it saw last, and hands the app's one writer, per
file, one SPARQL update that replaces the file's graphs (``kg.store.graph_updates``: ``CLEAR
SILENT GRAPH``, which Virtuoso honours where it ignores ``DROP``, then ``INSERT DATA`` of what the
file holds now; a removed file's graphs are emptied). The writer bumps the
store's generation, so every cache refreshes. Replacing a graph is idempotent: a file the
server wrote itself, or one already loaded at start, may be loaded again, never lost.

A file the store refuses (or that does not parse) is not marked seen: it is kept in ``behind``
(with why; ``/health`` and ``kg validate`` report it, from ``.kg-behind.json``) and loaded
again at every poll until the store takes it; a poll that leaves nothing behind tells ``followed``
(the store's writes may then be settled, ``kg.store.settling``). After a file's graphs are replaced, the journal
of ``/sparql`` updates (``kg.store.journal``) runs again, as a rebuild would run it.

At the first poll, files modified after ``since`` (the server's start, before its store was
read) are loaded too: a CLI write landing while the store was being built is not missed.
"""
from __future__ import annotations

import logging
import os
import threading
from pathlib import Path
from typing import Callable

from rdflib import Dataset, URIRef

from kg.core.namespaces import CATALOG_FILE, CATALOG_GRAPH, DOC_NS
from kg.core.storage import CHANGES_NAME, locked, note_behind
from kg.core import journal
from kg.store.graph_updates import replace_graphs

log = logging.getLogger(__name__)


def _signature(path: Path) -> tuple[int, int, int] | None:
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return st.st_ino, st.st_mtime_ns, st.st_size


class DataWatcher:
    def __init__(self, data_dir: str | Path, apply: Callable[[str], None], base_iri: str,
                 since: float | None = None, followed: Callable[[], None] | None = None) -> None:
        self.data_dir = Path(data_dir)
        self.apply = apply
        self.followed = followed   # told, under the lock, when the store holds every file as it is
        self.base_iri = base_iri
        self.counter = self.data_dir / CHANGES_NAME
        self._seen = _signature(self.counter)
        since_ns = int(since * 1e9) if since is not None else None
        self._files = {p.name: sig for p in self.data_dir.glob("*.trig")
                       if (sig := _signature(p)) and (since_ns is None or sig[1] < since_ns)}
        self._first = True
        self.loaded = 0            # files loaded so far (for /health and tests)
        self.behind: dict[str, str] = {}   # what the store refused, with why (retried each poll)

    def poll(self) -> list[str]:
        """Load what changed since the last poll; returns the names of the files loaded or dropped."""
        if not self._first and _signature(self.counter) == self._seen:
            return []
        if not self.data_dir.is_dir():
            return []
        with locked(self.data_dir):
            # what this poll saw is kept only once it is over: a poll started meanwhile must wait
            # for the lock, not return early on a counter this one has not finished loading
            seen = _signature(self.counter)
            now = {p.name: sig for p in sorted(self.data_dir.glob("*.trig")) if (sig := _signature(p))}
            done, failed = [], {}
            for name, sig in now.items():
                if self._files.get(name) != sig:
                    if self._load(name, lambda: self.replacement(self.data_dir / name), failed):
                        self._files[name] = sig
                        done.append(name)
            for name in sorted(set(self._files) - set(now)):
                if self._load(name, lambda: replace_graphs(self._graphs_named(name), base_iri=self.base_iri),
                              failed):
                    del self._files[name]
                    done.append(name)
            retry = any(k.startswith(journal.UPDATES_DIR + "/") for k in self.behind)
            if done or retry:   # a replaced graph lost what journaled updates did to it: they run again
                for entry in journal.entries(self.data_dir):
                    key = f"{journal.UPDATES_DIR}/{entry.name}"
                    self._load(key, lambda: journal.replayable(entry, self.base_iri), failed)
            if not failed and self.followed is not None:
                self.followed()    # the store's writes can be settled (``kg.store.settling``)
            if failed != self.behind:
                note_behind(self.data_dir, failed)
            self.behind = failed
            # try again at the next poll, not only after the next write
            self._seen = (-1, -1, -1) if failed else seen
            self._first = False
            self.loaded += len(done)
            return done

    def _load(self, name: str, update, failed: dict) -> bool:
        """Hand one update to the writer; a refusal (or an unreadable file) is kept in ``failed``."""
        try:
            self.apply(update())
            return True
        except Exception as exc:  # noqa: BLE001 - recorded, reported, retried
            failed[name] = f"{type(exc).__name__}: {str(exc)[:500]}"
            if self.behind.get(name) != failed[name]:
                log.warning("the store could not take %s: %s", name, failed[name])
            return False

    def replacement(self, path: Path) -> str:
        """The update making the store's graphs of ``path`` what the file holds now."""
        ds = Dataset()
        ds.parse(path, format="trig")
        graphs = {str(g.identifier): g for g in ds.graphs() if isinstance(g.identifier, URIRef)
                  and str(g.identifier) != "urn:x-rdflib:default" and len(g)}
        return replace_graphs(sorted(set(graphs) | self._graphs_named(path.name)), dict(sorted(graphs.items())),
                              self.base_iri)

    def _graphs_named(self, file_name: str) -> set[str]:
        """The graph a data file holds by the data folder's rules (data/README.md)."""
        if file_name == CATALOG_FILE:
            return {CATALOG_GRAPH}
        return {DOC_NS + file_name[: -len(".trig")]}


class WatchThread:
    """``watcher.poll()`` every ``interval`` seconds in a daemon thread, until ``stop()``."""

    def __init__(self, watcher: DataWatcher, interval: float = 1.0) -> None:
        self.watcher = watcher
        self.interval = interval
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="kg-data-watch", daemon=True)

    def start(self) -> "WatchThread":
        self._thread.start()
        return self

    def stop(self, wait: float = 2.0) -> None:
        """Stop polling; wait (at most ``wait`` s) for a poll in progress to end."""
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(wait)

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                done = self.watcher.poll()
                if done:
                    log.info("loaded changed data files: %s", ", ".join(done))
            except Exception:  # noqa: BLE001 - a bad file is logged, the next write is followed again
                log.exception("following the data folder failed")
            self._stop.wait(self.interval)
