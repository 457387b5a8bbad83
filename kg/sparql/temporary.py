"""A temporary on-disk store holding users' own RDF files (``kg serve --load``, ``kg query --load``).

Files are bulk-loaded (fast at millions of quads), a batch at a time (memory bounded by the batch). TriG and N-Quads keep their graph
names; triples of Turtle, N-Triples, RDF/XML and JSON-LD files go to the default graph.
The folder is removed when the process exits.
"""
from __future__ import annotations

import atexit
import itertools
import shutil
import tempfile
from pathlib import Path
from typing import Callable, Iterable

import pyoxigraph as ox

from kg.core import heap
from kg.store import Store, StoreError, disk_store, rdf_format


def temporary_store(files: Iterable[Path], base_iri: str, *, parent: Path | None = None,
                    progress: Callable[[str], None] | None = None) -> Store:
    files = [Path(f) for f in files]
    for path in files:
        if not path.is_file():
            raise StoreError(f"{path}: no such file")
        rdf_format(path)  # unknown suffixes fail before anything is written
    if parent is not None:
        parent.mkdir(parents=True, exist_ok=True)
    root = Path(tempfile.mkdtemp(prefix="kg-load-", dir=parent))
    atexit.register(shutil.rmtree, root, True)
    store = disk_store(root / "store", base_iri)
    for path in files:
        try:
            _bulk_load(store.oxigraph, path)
        except SyntaxError as exc:
            raise StoreError(f"{path}: {exc}") from exc
        except OSError as exc:
            raise StoreError(f"{path}: cannot load: {exc}") from exc
        if progress:
            progress(f"loaded {path}")
    store.oxigraph.flush()
    heap.give_back()   # the loader's freed batches
    if parent is not None:   # the same files loaded again make the same data: its caches may be kept
        stats = [(str(p.resolve()), p.stat().st_size, p.stat().st_mtime_ns) for p in files]
        store.keep_warm(parent / "warm", f"files {base_iri} {stats!r}")
    return store


BATCH = 250_000   # quads a bulk load holds at once (see _bulk_load)


def _bulk_load(oxstore, path: Path) -> None:
    """Load ``path`` with Oxigraph's bulk loader ``BATCH`` quads at a time. One ``bulk_load`` of the
    whole file holds up to three batches of a million quads with their sort buffers: a 10M-quad
    N-Quads file peaked at 1,963 MB resident (1M quads: 920 MB); in batches of 250k the peak at 1M is
    402 MB, in about the same time. Blank nodes are renamed once per file, as ``bulk_load`` does."""
    quads = iter(ox.parse(path=str(path), format=rdf_format(path), base_iri=path.resolve().as_uri(),
                          rename_blank_nodes=True))
    while part := list(itertools.islice(quads, BATCH)):
        oxstore.bulk_extend(part)


def remove_temporary(store: Store) -> None:
    """Delete the folder of a store made by ``temporary_store`` (no-op for other stores)."""
    if store.description.startswith("oxigraph:"):
        root = Path(store.description[len("oxigraph:"):]).parent
        if root.name.startswith("kg-load-"):
            shutil.rmtree(root, ignore_errors=True)
