"""Building the store from the ontology and the curated data.

The on-disk store records a fingerprint of what it was built from (the bytes
of every source file and the base IRI). ``open_store`` rebuilds it when the
fingerprint no longer matches, into a fresh folder that replaces the old one
only once loading has succeeded, so a broken data file never leaves a
half-written store behind.
"""
from __future__ import annotations

import hashlib
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from . import queries
from .namespaces import DEFAULT_BASE, curie
from .settings import Settings
from .store import Store, StoreError, disk_store, memory_store

ONTOLOGY_GRAPH = "https://w3id.org/policy-kg/ns"
FINGERPRINT_FILE = "policy-kg.fingerprint"

Progress = Callable[[str], None]


def source_files(settings: Settings) -> list[Path]:
    """The files a build loads, in load order: the vocabulary, then the data."""
    ontology = Path(settings.ontology_dir) / "policy-kg.ttl"
    data_dir = Path(settings.data_dir)
    if not ontology.is_file():
        raise StoreError(f"vocabulary not found: {ontology}")
    if not data_dir.is_dir():
        raise StoreError(f"data folder not found: {data_dir}")
    return [ontology, *sorted(data_dir.glob("*.trig"))]


def fingerprint(settings: Settings) -> str:
    h = hashlib.sha256(settings.base_iri.encode())
    for path in source_files(settings):
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


def load_sources(store: Store, settings: Settings, progress: Progress | None = None) -> None:
    rewrite = (DEFAULT_BASE, settings.base_iri)
    for path in source_files(settings):
        graph = ONTOLOGY_GRAPH if path.suffix == ".ttl" else None
        store.load_file(path, graph=graph, rewrite_base=rewrite)
        if progress:
            progress(f"loaded {path.name}")


def load_files(store: Store, files: list[Path], progress: Progress | None = None) -> None:
    """Load users' own RDF files (``kg serve --load``); triples go to the default graph."""
    for path in files:
        if not path.is_file():
            raise StoreError(f"{path}: no such file")
        store.load_file(path)
        if progress:
            progress(f"loaded {path}")


def build_disk(settings: Settings, progress: Progress | None = None) -> Store:
    """Build a fresh on-disk store and move it into place."""
    target = Path(settings.store_path)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".build-", dir=target.parent))
    try:
        store = disk_store(tmp / "store", settings.base_iri)
        load_sources(store, settings, progress)
        store.flush()
        (tmp / "store" / FINGERPRINT_FILE).write_text(fingerprint(settings))
        del store
        if target.exists():
            shutil.rmtree(target)
        (tmp / "store").rename(target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return disk_store(target, settings.base_iri)


def is_current(settings: Settings) -> bool:
    marker = Path(settings.store_path) / FINGERPRINT_FILE
    return marker.is_file() and marker.read_text().strip() == fingerprint(settings)


def open_store(settings: Settings, *, rebuild: bool = False, read_only: bool = False,
               progress: Progress | None = None) -> Store:
    """Open the store the settings name, building or rebuilding it when needed."""
    kind = settings.store
    if kind == "memory":
        store = memory_store(settings.base_iri)
        load_sources(store, settings, progress)
        return store
    if kind == "oxigraph":
        if rebuild or not is_current(settings):
            if progress:
                progress(f"building store at {settings.store_path}")
            store = build_disk(settings, progress)
            if not read_only:
                return store
            del store
        return disk_store(Path(settings.store_path), settings.base_iri, read_only=read_only)
    if kind.startswith("sparql:"):
        raise StoreError("remote SPARQL stores are not supported yet; use 'oxigraph' or 'memory'")
    raise StoreError(f"unknown store kind {kind!r}: use 'oxigraph' or 'memory'")


@dataclass
class Counts:
    quads: int
    by_class: list[tuple[str, int]]
    by_graph: list[tuple[str, int, int]]


def counts(store: Store) -> Counts:
    by_class = [(curie(str(r["class"]), store.base_iri), int(r["n"])) for r in store.select(queries.get("counts_by_class"))]
    by_graph = [(curie(str(r["g"]), store.base_iri), int(r["quads"]), int(r["anchors"]))
                for r in store.select(queries.get("counts_by_graph"))]
    return Counts(quads=len(store), by_class=by_class, by_graph=by_graph)
