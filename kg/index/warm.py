"""Warm state that outlives the process: per-generation values kept on disk beside the store.

A store opened on data that can be named (``Store.keep_warm``: an on-disk store's build
fingerprint and write stamp, the files of a ``--load`` store, a remote store's build manifest
and graph list) gets a shelf: the folder ``<warm folder>/<key>/``, where ``key`` hashes that
name. A value ``per_generation`` builds at the generation the store was opened at is put on the
shelf under its key and its format version (``kg.index.versions``: the version of the part it
belongs to and of the parts it uses); the next process opening the same data reads it instead of
building it (or, after a write made before the first read, reads it and follows the write as for
a value kept in memory). Other data gives another shelf, another version another file: nothing
stale is read, and a deploy that changes no builder reads what the last start saved.

Values are kept as data (``Lasting``: JSON of a few tagged forms, ``kg.index.lasting``; never
pickle, so a file can run no code) unless a key saves itself another way (the label index is a
SQLite file, ``kg.index.labels``). Every file is signed with a key kept in the warm folder; a
file that is damaged, unsigned or signed otherwise is not read, its value is built again
(``counts``: ``refused KEY``). The shelf is the app's own folder, written atomically;
the folders of the ``KEEP`` most recently used keys are kept, older ones removed, and a value's
files of other versions are removed when it is saved.
``counts`` tells how often each key was built, read and saved (tests check a restart reads).
"""
from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
import sqlite3
import tempfile
import threading
from collections import Counter
from pathlib import Path
from typing import BinaryIO, Callable

from kg.core.storage import atomic_write
from kg.index import lasting, versions
from kg.store import Store

KEEP = 3                      # shelves (data versions) kept in one warm folder
counts: Counter = Counter()   # "built KEY", "read KEY", "saved KEY": what happened to each value
_log = logging.getLogger(__name__)
_opened: dict[Path, None] = {}
_guard = threading.Lock()


class Shelf:
    """The lasting values of one store's data, at the generation it was opened at."""

    def __init__(self, folder: Path, generation: int) -> None:
        self.folder = folder
        self.generation = generation

    def file(self, key: str, suffix: str) -> Path:
        """The file holding ``key`` at its format version (``kg.index.versions.tag``): its name made
        safe, a hash keeping names apart, a hash of the version."""
        return self.folder / f"{_stem(key)}.{_short(versions.tag(key))}{suffix}"

    def drop_others(self, key: str) -> None:
        """Remove ``key``'s files of other format versions (saved by other code)."""
        mine = f"{_stem(key)}.{_short(versions.tag(key))}."
        for path in self.folder.glob(f"{_stem(key)}.*"):
            if not path.name.startswith(mine):
                path.unlink(missing_ok=True)

    def ready(self) -> Path:
        self.folder.mkdir(parents=True, exist_ok=True)
        return self.folder

    def secret(self) -> bytes:
        """The key the files of this shelf are signed with (``kg.index.lasting.key``)."""
        return lasting.key(self.folder.parent)


def _short(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()[:8]


def _stem(key: str) -> str:
    return f"{re.sub(r'[^A-Za-z0-9_.-]+', '_', key)[:80]}-{_short(key)}"


def shelf(store: Store) -> Shelf | None:
    """The shelf of ``store``'s data, None when its data cannot be named (a memory store)."""
    warm = store.warmth
    if warm is None:
        return None
    name = hashlib.sha256(warm.key.encode()).hexdigest()[:24]
    folder = warm.folder / name
    with _guard:
        if folder not in _opened:
            _opened[folder] = None
            _prune(warm.folder, folder)
    return Shelf(folder, warm.generation)


def _prune(parent: Path, current: Path) -> None:
    """Keep the ``KEEP`` most recently used shelves (``current`` marked as used now)."""
    if current.is_dir():
        os.utime(current)
    try:
        others = sorted((p for p in parent.iterdir() if p.is_dir() and p != current),
                        key=lambda p: p.stat().st_mtime, reverse=True)
    except OSError:
        return
    for old in others[KEEP - 1:]:
        shutil.rmtree(old, ignore_errors=True)


class Lasting:
    """How a value goes on the shelf and comes back: as data (``kg.index.lasting``: JSON of lists,
    dicts, sets, tuples, Counters, networkx graphs and instances of ``classes``), signed. Parts of
    it of type ``outside`` (which refer to live objects, such as the label index) are left out and
    made again by ``restore(store)``."""

    def __init__(self, outside: type | None = None, restore: Callable[[Store], object] | None = None,
                 classes: tuple[type, ...] = ()) -> None:
        self.outside, self.restore, self.classes = outside, restore, classes

    def save(self, shelf: Shelf, key: str, value: object) -> None:
        data = lasting.Codec(self.classes, self.outside).dumps(value)
        path = shelf.file(key, ".json")
        atomic_write(path, data)
        lasting.sign(shelf.secret(), path, data)

    def load(self, shelf: Shelf, key: str, store: Store) -> object | None:
        path = shelf.file(key, ".json")
        if not path.is_file():
            return None
        data = path.read_bytes()
        if not lasting.signed(shelf.secret(), path, data):
            raise lasting.Unreadable(f"{path.name}: its signature is missing or does not match")
        codec = lasting.Codec(self.classes, self.outside, self.restore and (lambda: self.restore(store)))
        return codec.loads(data)


DATA = Lasting()


def read(store: Store, key: str, kind: Lasting) -> tuple[int, object] | None:
    """``(generation, value)`` from the shelf of ``store``'s data, None when it holds no such value."""
    found = shelf(store)
    if found is None:
        return None
    versions.part(key)   # a key without a format version is a mistake in the code, not a damaged file
    try:
        value = kind.load(found, key, store)
    except Exception:  # noqa: BLE001 - a damaged, unsigned or foreign file: build the value instead
        _log.warning("warm state %s unreadable; building it again", key, exc_info=True)
        counts[f"refused {key}"] += 1
        return None
    if value is None:
        return None
    counts[f"read {key}"] += 1
    return found.generation, value


def on_shelf(store: Store, key: str) -> bool:
    """Whether the shelf of ``store``'s data holds a file of ``key`` at its format version (asking reads
    no file: reading it may still find it damaged, and build the value)."""
    found = shelf(store)
    return found is not None and any(found.file(key, suffix).is_file() for suffix in (".json", ".sqlite"))


def save(store: Store, key: str, generation: int, value: object, kind: Lasting) -> None:
    """Put a value built at ``generation`` on the shelf, when that is the generation the shelf describes."""
    found = shelf(store)
    if found is None or generation != found.generation:
        return
    try:
        found.ready()
        kind.save(found, key, value)
        found.drop_others(key)
    except OSError:
        _log.warning("warm state %s not saved", key, exc_info=True)
        return
    counts[f"saved {key}"] += 1


def database(fill: Callable[[BinaryIO], bool] | None = None) -> sqlite3.Connection:
    """A SQLite database of this process alone, in a file (under the temporary folder) that is
    already unlinked: its pages live in the operating system's file cache, not in the process's
    memory (SQLite keeps a few MB of them, ``CACHE_KB``), and nothing is left behind whatever
    way the process ends. No journal: the database is rebuilt, never recovered. ``fill``: writes
    the bytes of a database file to start from into the open file it is given; when it returns
    False (the bytes are not to be trusted), ``lasting.Unreadable`` is raised."""
    fd, name = tempfile.mkstemp(prefix="kg-index-", suffix=".sqlite")
    try:
        if fill is not None:
            with os.fdopen(os.dup(fd), "wb") as fh:
                if not fill(fh):
                    raise lasting.Unreadable(f"{name}: the bytes copied are not what was signed")
        db = sqlite3.connect(name, check_same_thread=False)
        db.executescript(f"PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-{CACHE_KB}")
    finally:
        os.close(fd)
        os.unlink(name)
    return db


CACHE_KB = 16384   # SQLite's own page cache per index database


class SQLiteFile(Lasting):
    """A value held in a SQLite database (the label index): on the shelf as a signed database file,
    copied to a private ``database`` when its signature matches and made again by
    ``make(store, database, generation)``."""

    def __init__(self, make) -> None:
        self.make = make

    def save(self, shelf: Shelf, key: str, value) -> None:
        path = shelf.file(key, ".sqlite")
        tmp = path.with_name(f".{path.name}.{os.getpid()}-{threading.get_ident()}.tmp")
        target = sqlite3.connect(tmp)
        try:
            value.copy_to(target)
        finally:
            target.close()
        lasting.sign_file(shelf.secret(), path, tmp)   # read a chunk at a time: hundreds of MB at 10M quads
        tmp.replace(path)

    def load(self, shelf: Shelf, key: str, store: Store):
        path = shelf.file(key, ".sqlite")
        if not path.is_file():
            return None
        # copied to a private file a chunk at a time, and the bytes copied checked: never whole in memory
        db = database(lambda out: lasting.copy_signed(shelf.secret(), path, out))
        return self.make(store, db, shelf.generation)
