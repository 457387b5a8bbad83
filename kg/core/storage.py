"""Safe writes: atomic replace and one lock for every writer of the data and corpus folders.

``atomic_write(path, data)`` writes a temporary file in the same folder, fsyncs it, replaces
the target with ``os.replace`` and fsyncs the folder, so a reader (or a restart after
``kill -9``) sees the old file or the new one, never half of one. ``locked(folder)`` holds an
exclusive ``flock`` on ``folder/.kg-write.lock``: writers in one process (threads) and in
several (the server, ``kg ingest``, ``kg review``) take turns.
"""
from __future__ import annotations

import fcntl
import os
import tempfile
from contextlib import contextmanager
from pathlib import Path

LOCK_NAME = ".kg-write.lock"


def fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(path: Path, data: bytes | str) -> None:
    path = Path(path)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(raw)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise
    fsync_dir(path.parent)


def remove(path: Path) -> None:
    try:
        Path(path).unlink()
    except FileNotFoundError:
        return
    fsync_dir(Path(path).parent)


@contextmanager
def locked(folder: Path):
    """An exclusive lock over the writes to ``folder`` (blocks until it is free)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / LOCK_NAME, "a+") as fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh.fileno(), fcntl.LOCK_UN)


def clean_temporaries(folder: Path) -> list[Path]:
    """Remove the temporary files a killed writer left behind (``.NAME.*.tmp``)."""
    removed = []
    for p in Path(folder).glob(".*.tmp"):
        try:
            p.unlink()
            removed.append(p)
        except OSError:
            pass
    return removed


CHANGES_NAME = ".kg-changes"


def note_change(folder: Path) -> int:
    """Announce a write made without a running server's writer (``kg ingest``, ``kg review``,
    ``kg validate --fix``): a counter in ``folder/.kg-changes`` goes up (atomically). A running
    ``kg serve`` watches that one small file and loads the data files that changed
    (``kg.curation.watch``). Call it holding the folder's lock. Returns the new count."""
    count = changes(folder) + 1
    atomic_write(Path(folder) / CHANGES_NAME, f"{count}\n")
    return count


def changes(folder: Path) -> int:
    """The folder's change counter (0 when nothing was announced yet)."""
    try:
        return int((Path(folder) / CHANGES_NAME).read_text().strip() or 0)
    except (FileNotFoundError, ValueError):
        return 0
