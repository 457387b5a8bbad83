"""Loading the source files into a new on-disk store at the speed of Oxigraph's bulk loader.

``kg build`` builds into a folder nobody reads yet (``kg.store.build.build_disk``), so it needs no
transaction: the quads are parsed as a stream by pyoxigraph and handed to ``Store.bulk_extend``
``BATCH`` at a time (its memory bounded by the batch; blank nodes were renamed per file by the parser),
which writes the indexes directly. A file that does not parse raises a ``StoreError`` naming it
(the caller then throws the new folder away: the store in use is untouched). On the way, each
file's bytes are hashed as they are read (the fingerprint then names exactly the bytes loaded, and
no file is read twice), the configured base IRI replaces the curated data's, line by line (an IRI
never spans lines), and ``progress`` hears the quads parsed so far, the seconds and the rate.
"""
from __future__ import annotations

import hashlib
import itertools
import os
import time
from pathlib import Path
from typing import Callable, Iterator

import pyoxigraph as ox

from kg.store.digests import Digests
from kg.store.terms import StoreError, rdf_format

CHUNK = 1 << 20
BATCH = 250_000          # quads handed to the bulk loader at once: it holds up to three batches of a million
                         # quads when given one stream (kg build of 1M quads peaked at 950 MB resident)
REPORT_EVERY_S = 5.0     # seconds between two progress lines while a file loads

Progress = Callable[[str], None]


class Reading:
    """A source file read for the parser: hashed as read, with ``rewrite`` (old, new) applied."""

    def __init__(self, path: Path, rewrite: tuple[str, str] | None) -> None:
        self.file = open(path, "rb")
        self.stat = os.fstat(self.file.fileno())
        self.sha = hashlib.sha256()
        self.rewrite = (rewrite[0].encode(), rewrite[1].encode()) if rewrite and rewrite[0] != rewrite[1] else None
        self.bytes_read = 0
        self.out, self.pos, self.tail = b"", 0, b""

    def _refill(self) -> bool:
        chunk = self.file.read(CHUNK)
        self.sha.update(chunk)
        self.bytes_read += len(chunk)
        if self.rewrite is None:
            self.out = chunk
        else:
            text = self.tail + chunk
            cut = text.rfind(b"\n") + 1 if chunk else len(text)
            self.out, self.tail = text[:cut].replace(*self.rewrite), text[cut:]
            if chunk and not self.out:
                return self._refill()      # a line longer than a chunk: read on
        self.pos = 0
        return bool(self.out)

    def read(self, size: int = -1) -> bytes:
        if self.pos >= len(self.out) and not self._refill():
            return b""
        end = len(self.out) if size is None or size < 0 else self.pos + size
        piece = self.out[self.pos:end]
        self.pos += len(piece)
        return piece

    def close(self) -> None:
        self.file.close()


class BulkLoad:
    """Every source into ``store`` (an empty ``pyoxigraph.Store``) in one bulk load; ``files`` are
    ``(path, graph)`` pairs (triples outside a named graph go to ``graph``, else the default graph)."""

    def __init__(self, store: "ox.Store", digests: Digests, progress: Progress | None = None) -> None:
        self.store, self.digests, self.progress = store, digests, progress
        self.quads = 0
        self.loaded: list[tuple[str, str]] = []     # (file name, SHA-256) of each file loaded, in order

    def run(self, files: list[tuple[Path, str | None]], rewrite: tuple[str, str] | None) -> None:
        started = time.monotonic()
        quads = self._all(files, rewrite)
        try:
            while part := list(itertools.islice(quads, BATCH)):
                self.store.bulk_extend(part)
        except OSError as exc:
            raise StoreError(f"writing the new store failed: {exc}") from exc
        if self.progress:
            took = time.monotonic() - started
            self.progress(f"loaded {self.quads:,} quads in {took:.1f} s ({self.quads / max(took, 1e-9):,.0f} quads/s)")

    def _all(self, files, rewrite) -> Iterator["ox.Quad"]:
        for path, graph in files:
            yield from self._file(Path(path), graph, rewrite)

    def _file(self, path: Path, graph: str | None, rewrite) -> Iterator["ox.Quad"]:
        try:
            source = Reading(path, rewrite)
        except OSError as exc:
            raise StoreError(f"{path}: cannot read: {exc.strerror or exc}") from exc
        started = noted = time.monotonic()
        first = self.quads
        size = source.stat.st_size
        try:
            quads = ox.parse(source, format=rdf_format(path), base_iri=path.resolve().as_uri(), rename_blank_nodes=True)
            if graph is not None:
                target = ox.NamedNode(graph)
                quads = (q if not isinstance(q.graph_name, ox.DefaultGraph)
                         else ox.Quad(q.subject, q.predicate, q.object, target) for q in quads)
            n = first
            for q in quads:
                n += 1
                if not n & 0xFFFF and self.progress and time.monotonic() - noted >= REPORT_EVERY_S:
                    noted = time.monotonic()
                    self._report(path, n - first, noted - started, source.bytes_read, size)
                yield q
            while source.read(CHUNK):
                pass          # the parser stopped at the end of the data: hash whatever follows
            self.quads = n
        except SyntaxError as exc:
            raise StoreError(f"{path}: {exc}") from exc
        except OSError as exc:
            raise StoreError(f"{path}: cannot read: {exc.strerror or exc}") from exc
        finally:
            source.close()
        digest = source.sha.hexdigest()
        self.digests.note(path, source.stat, digest)
        self.loaded.append((path.name, digest))
        if self.progress:
            self._report(path, self.quads - first, time.monotonic() - started, size, size)

    def _report(self, path: Path, quads: int, seconds: float, done: int, size: int) -> None:
        share = f", {100 * done / size:.0f} % of {size / 1e6:,.0f} MB" if size > CHUNK else ""
        self.progress(f"{path.name}: {quads:,} quads, {seconds:.1f} s, "
                      f"{quads / max(seconds, 1e-9):,.0f} quads/s{share}")
