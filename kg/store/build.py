"""Building the store from the ontology and the curated data.

The on-disk store records a fingerprint of what it was built from (the SHA-256 of
every source file and journal entry, and the base IRI; ``kg.store.digests`` remembers the
digests of files it has seen unchanged, so a start does not hash gigabytes of data again).
``open_store`` rebuilds it when the fingerprint no longer matches: every file is parsed as a
stream into a fresh folder by the bulk loader (``kg.store.bulk``, with progress), the journal
replayed, and only once all that has succeeded does the new folder take the old one's place,
so a broken data file never leaves a half-written store behind.

A remote store (``sparql:URL``) holds one named graph per source file (for the TriG data
files, each named graph the file holds; the vocabulary in ``ONTOLOGY_GRAPH``). A build
replaces each of those graphs (``RemoteStore.load_file``) and drops the graphs a previous
build from this machine loaded that no source holds any more. What was loaded from which
file, with each file's SHA-256, is kept beside the on-disk store's folder
(``remote-<hash of the URL>.json``; the digests of files seen unchanged in ``remote-<hash>.digests``,
``kg.store.digests``), so ``open_store`` reloads only the files that changed
(``kg ingest`` and ``kg review`` write files; the store picks them up when next opened) and
``kg build`` reloads everything. Other graphs on the server are left alone.

After the files, every build replays the journal of updates acknowledged by ``/sparql``
(``kg.core.journal``: ``<data>/updates/NNNN.ru``, in order); a remote store replays it when a
file was reloaded or the journal changed.
"""
from __future__ import annotations

import fcntl
import gc
import hashlib
import json
import os
import shutil
import tempfile
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from rdflib import URIRef

from kg import queries
from kg.core.namespaces import DEFAULT_BASE, curie
from kg.core.settings import Settings
from kg.store import Store, StoreError, disk_store, memory_store, remote_store
from kg.store.bulk import BulkLoad
from kg.store.digests import DIGESTS_FILE, Digests, combine
from kg.store.settling import Settling, signatures
from kg.core import journal

ONTOLOGY_GRAPH = "https://w3id.org/policy-kg/ns"
FINGERPRINT_FILE = "policy-kg.fingerprint"
WRITES_FILE = "policy-kg.writes"      # written by the first write after an open or a settle, removed when settled

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


def fingerprint(settings: Settings, digests: Digests | None = None) -> str:
    """What the store of ``settings`` is to be built from (an on-disk store's known digests spare
    reading the files that did not change)."""
    digests = digests if digests is not None else Digests(
        Path(settings.store_path) / DIGESTS_FILE if settings.store == "oxigraph" else None)
    files = [*source_files(settings), *journal.entries(settings.data_dir)]
    return combine(settings.base_iri, [(path.name, digests.of(path)) for path in files])


def load_sources(store: Store, settings: Settings, progress: Progress | None = None) -> None:
    rewrite = (DEFAULT_BASE, settings.base_iri)
    for path in source_files(settings):
        graph = ONTOLOGY_GRAPH if path.suffix == ".ttl" else None
        store.load_file(path, graph=graph, rewrite_base=rewrite)
        if progress:
            progress(f"loaded {path.name}")
    replay(store, settings.data_dir, settings.base_iri, progress)


def replay(store: Store, data_dir: str | Path, base_iri: str, progress: Progress | None = None,
           entries: list[Path] | None = None) -> int:
    """Apply the journal of ``/sparql`` updates (``kg.core.journal``; or those ``entries`` of it) to
    ``store`` in order; returns how many. A refused entry raises ``JournalError`` naming it."""
    done = 0
    for path in journal.entries(data_dir) if entries is None else entries:
        try:
            store.update(journal.replayable(path, base_iri))
        except Exception as exc:  # noqa: BLE001 - any refusal names the entry
            raise JournalError(f"{path}: the store refused this journaled update: {exc}") from exc
        done += 1
        if progress:
            progress(f"replayed {path.parent.name}/{path.name}")
    return done


class JournalError(StoreError):
    """A journaled update cannot be replayed: the store would not be what the record says."""


def build_disk(settings: Settings, progress: Progress | None = None) -> Store:
    """Build a fresh on-disk store beside the old one (bulk-loaded, the journal replayed) and put it
    in the old one's place; on any failure the new folder is removed and the old store stays."""
    target = Path(settings.store_path)
    target.parent.mkdir(parents=True, exist_ok=True)
    with _one_build(target.parent):
        return _build_into(target, settings, progress)


@contextmanager
def _one_build(parent: Path):
    """One build at a time beside a store (a lock on the folder itself, released if the process dies);
    the ``.build-*`` folders a killed build left there are removed first."""
    fd = os.open(parent, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        for stale in parent.glob(".build-*"):
            shutil.rmtree(stale, ignore_errors=True)
        yield
    finally:
        os.close(fd)


def _build_into(target: Path, settings: Settings, progress: Progress | None) -> Store:
    tmp = Path(tempfile.mkdtemp(prefix=".build-", dir=target.parent))
    try:
        folder = tmp / "store"
        store = disk_store(folder, settings.base_iri)
        digests = Digests(None)       # every file is read: what the new store's folder will know
        files = [(path, ONTOLOGY_GRAPH if path.suffix == ".ttl" else None) for path in source_files(settings)]
        bulk = BulkLoad(store.oxigraph, digests, progress)
        bulk.run(files, (DEFAULT_BASE, settings.base_iri))
        store.bump()
        entries = journal.entries(settings.data_dir)
        loaded = bulk.loaded + [(path.name, digests.of(path)) for path in entries]
        replay(store, settings.data_dir, settings.base_iri, progress, entries)
        store.flush()
        (folder / FINGERPRINT_FILE).write_text(combine(settings.base_iri, loaded))
        digests.save(folder)
        del store, bulk     # the build's handle closes now, not after the folder is opened again below: its
        gc.collect()        # POSIX lock goes with any close in this process, the serving handle's lock too
        if target.exists():
            target.rename(tmp / "old")
        folder.rename(target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return disk_store(target, settings.base_iri)


def is_current(settings: Settings) -> bool:
    """Built from the sources as they are, and never written since: a write (stamped before the
    store changes, ``Store.begin``) whose files did not follow, as when the server was killed
    between the store and the file, must not outlive a restart."""
    marker = Path(settings.store_path) / FINGERPRINT_FILE
    if not marker.is_file() or (Path(settings.store_path) / WRITES_FILE).exists():
        return False
    digests = Digests(Path(settings.store_path) / DIGESTS_FILE)
    now = fingerprint(settings, digests)
    digests.save()
    return marker.read_text().strip() == now


def open_store(settings: Settings, *, rebuild: bool = False, read_only: bool = False,
               progress: Progress | None = None) -> Store:
    """Open the store the settings name, building or rebuilding it when needed."""
    kind = settings.store
    if kind == "memory":
        store = memory_store(settings.base_iri)
        load_sources(store, settings, progress)
        return store
    if kind == "oxigraph":
        known = signatures(sources(settings))   # before the check: a file written after it keeps writes unsettled
        if rebuild or not is_current(settings):
            if progress:
                progress(f"building store at {settings.store_path}")
            store = build_disk(settings, progress)
            if not read_only:
                return _kept_warm(store, settings, known)
            del store
        return _kept_warm(disk_store(Path(settings.store_path), settings.base_iri, read_only=read_only), settings,
                          None if read_only else known)
    if kind.startswith("sparql:"):
        store = remote_store(settings)
        build_remote(store, settings, progress, full=rebuild)
        manifest = _manifest_path(settings)
        # the graphs and their sizes: a write by another client that adds or removes statements
        # (a new graph, or inside one) changes the key; one that keeps every graph's size does not
        graphs = "\n".join(f"{g} {n}" for g, n in store.graph_sizes())
        store.keep_warm(warm_folder(settings), "remote " + hashlib.sha256(
            f"{manifest.read_text()}\0{graphs}".encode()).hexdigest(), manifest.with_suffix(".writes"))
        return store
    raise StoreError(f"unknown store kind {kind!r}: use 'oxigraph', 'memory' or 'sparql:QUERY_URL'")


def warm_folder(settings: Settings) -> Path:
    """Where caches of the store's data outlive the process (``kg.index.warm``): beside the store."""
    return Path(settings.store_path).parent / "warm"


def _kept_warm(store: Store, settings: Settings, known: dict | None = None) -> Store:
    """The on-disk store, its caches kept under the fingerprint it was built from and its write stamp;
    with ``known`` (the sources' signatures before the store was checked), its writes are settled
    (``kg.store.settling``) once the files hold them too."""
    folder = Path(settings.store_path)
    store.keep_warm(warm_folder(settings), "oxigraph " + (folder / FINGERPRINT_FILE).read_text().strip(),
                    folder / WRITES_FILE)
    if known is not None and Path(settings.data_dir).is_dir():
        digests = Digests(folder / DIGESTS_FILE)

        def now() -> str:
            found = fingerprint(settings, digests)
            digests.save()
            return found

        store.warmth.settling = Settling(store, Path(settings.data_dir), folder / FINGERPRINT_FILE,
                                         lambda: sources(settings), now, lambda fp: "oxigraph " + fp, known)
    return store


def sources(settings: Settings) -> list[Path]:
    """What an on-disk store's fingerprint covers: the source files and the journal's entries."""
    try:
        return [*source_files(settings), *journal.entries(settings.data_dir)]
    except StoreError:
        return []


def _manifest_path(settings: Settings) -> Path:
    url = settings.store[len("sparql:"):]
    name = hashlib.sha256(f"{url}\0{settings.base_iri}".encode()).hexdigest()[:16]
    return Path(settings.store_path).parent / f"remote-{name}.json"


def build_remote(store: Store, settings: Settings, progress: Progress | None = None, *, full: bool = False) -> int:
    """Bring a remote store up to date with the sources: every file when ``full`` (or when the
    store holds none of the graphs a previous build loaded), else only the files whose bytes
    changed; graphs of files gone (or no longer in a file) are dropped. Returns the files loaded."""
    path = _manifest_path(settings)
    try:
        before = json.loads(path.read_text()) if path.is_file() else {}
    except (OSError, ValueError):
        before = {}
    old = before.get("files", {})
    if old and not full:
        known = sorted({g for f in old.values() for g in f["graphs"]})[:3]
        if not any(store.ask(queries.get("graph_has_statements"), graph=URIRef(g)) for g in known):
            full = True    # emptied or replaced since: load everything
    rewrite = (DEFAULT_BASE, settings.base_iri)
    files: dict[str, dict] = {}
    loaded = 0
    digests = Digests(path.with_suffix(".digests"))     # a start does not hash unchanged files again
    for source in source_files(settings):
        digest = digests.of(source)
        entry = old.get(source.name)
        if not full and entry and entry.get("sha256") == digest:
            files[source.name] = entry
            continue
        graph = ONTOLOGY_GRAPH if source.suffix == ".ttl" else None
        graphs = store.load_file(source, graph=graph, rewrite_base=rewrite)
        files[source.name] = {"sha256": digest, "graphs": graphs}
        loaded += 1
        if progress:
            progress(f"loaded {source.name} into {len(graphs)} graph{'s' if len(graphs) != 1 else ''} of {store.description}")
    entries = journal.entries(settings.data_dir)
    replayed = hashlib.sha256(b"".join(p.name.encode() + p.read_bytes() for p in entries)).hexdigest()
    if loaded or replayed != before.get("journal", replayed if not entries else ""):
        replay(store, settings.data_dir, settings.base_iri, progress)   # after the files, in order
    keep = {g for f in files.values() for g in f["graphs"]}
    for gone in sorted({g for f in old.values() for g in f["graphs"]} - keep):
        store.drop_graph(gone)
        if progress:
            progress(f"dropped {gone} (no source file holds it now)")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps({"store": store.description, "base_iri": settings.base_iri, "files": files,
                               "journal": replayed}, indent=1))
    tmp.replace(path)
    digests.save()
    return loaded


@dataclass
class Counts:
    quads: int
    by_class: list[tuple[str, int]]
    by_graph: list[tuple[str, int, int]]


def counts(store: Store, quads: int | None = None) -> Counts:
    """Entities per pk: class and quads and anchors per graph (``quads``: the store's size, when known)."""
    by_class = [(curie(str(r["class"]), store.base_iri), int(r["n"])) for r in store.select(queries.get("counts_by_class"))]
    by_graph = [(curie(str(r["g"]), store.base_iri), int(r["quads"]), int(r["anchors"]))
                for r in store.select(queries.get("counts_by_graph")) if str(r["g"]) not in store.system_graphs]
    return Counts(quads=len(store) if quads is None else quads, by_class=by_class, by_graph=by_graph)
