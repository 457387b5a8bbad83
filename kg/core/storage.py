"""Safe writes: atomic replace and one lock for every writer of the data and corpus folders.

``atomic_write(path, data)`` writes a temporary file in the same folder, fsyncs it, replaces
the target with ``os.replace`` and fsyncs the folder, so a reader (or a restart after
``kill -9``) sees the old file or the new one, never half of one; a rewritten file keeps its
mode, a new one gets 0666 less the umask. ``stage``/``commit`` split that in two, for a write
that must wait for the store to take the same change. ``locked(folder)`` holds an exclusive
``flock`` on ``folder/.kg-write.lock``: writers in one process (threads) and in several (the
server, ``kg ingest``, ``kg review``) take turns; the parties that ``join`` a folder are told when
each hold of its lock starts and ends (a server's store settles its writes then).
"""
from __future__ import annotations

import fcntl
import os
import tempfile
import threading
import weakref
from contextlib import contextmanager
from pathlib import Path

LOCK_NAME = ".kg-write.lock"


def fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _umask() -> int:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    return 0o022


UMASK = _umask()


def stage(path: Path, data: bytes | str) -> Path:
    """Write ``data`` to a temporary file beside ``path`` (fsynced) and return its name; it takes
    ``path``'s mode when ``path`` exists, else 0666 less the umask (0644 usually), not
    mkstemp's 0600. ``staged`` puts it in place when its block ends; ``discard(tmp)`` drops it."""
    path = Path(path)
    raw = data.encode("utf-8") if isinstance(data, str) else data
    try:
        mode = os.stat(path).st_mode & 0o7777
    except FileNotFoundError:
        mode = 0o666 & ~UMASK
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            os.fchmod(fh.fileno(), mode)
            fh.write(raw)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        discard(Path(tmp))
        raise
    return Path(tmp)


def discard(tmp: Path) -> None:
    try:
        os.unlink(tmp)
    except FileNotFoundError:
        pass


PAUSE_ENV = "KG_TEST_PAUSE_BEFORE_COMMIT"


def _paused_for_test(path: Path) -> None:
    """A test hook (``KG_TEST_PAUSE_BEFORE_COMMIT=<folder>``): a staged write whose block is done
    (the store took the change) and whose file is not yet in place writes ``<folder>/reached``
    (naming the file) and waits there until the process is killed, so that a test can kill a
    server in that window without guessing at timing (tests/test_record_kill.py)."""
    folder = os.environ.get(PAUSE_ENV)
    if folder:
        atomic_write(Path(folder) / "reached", str(path))
        threading.Event().wait()


@contextmanager
def staged(path: Path, data: bytes | str, *, store_step: bool = True):
    """``data`` staged for ``path`` (``stage``) while the block runs: put in place when the block
    ends, dropped if it raises. Writes that must agree with the store apply to it inside the
    block, so a refusal leaves the file as it was (review accepts and undos, the update journal);
    ``store_step=False`` for a plain atomic write."""
    path = Path(path)
    tmp = stage(path, data)
    try:
        yield tmp
        if store_step:
            _paused_for_test(path)
        os.replace(tmp, path)
    except BaseException:
        discard(tmp)
        raise
    fsync_dir(path.parent)


def atomic_write(path: Path, data: bytes | str) -> None:
    with staged(path, data, store_step=False):
        pass


def remove(path: Path) -> None:
    try:
        Path(path).unlink()
    except FileNotFoundError:
        return
    fsync_dir(Path(path).parent)


_parties: dict[str, "weakref.WeakSet"] = {}
_parties_guard = threading.Lock()


def join(folder: Path, party) -> None:
    """Have ``party`` told of every hold of ``folder``'s lock in this process: ``party.opened()``
    once the lock is taken, ``party.closed(ok)`` before it is released (``ok``: the block ended
    without an exception). Held weakly: a party goes with its owner (``kg.store.settling``)."""
    with _parties_guard:
        _parties.setdefault(str(Path(folder).resolve()), weakref.WeakSet()).add(party)


@contextmanager
def locked(folder: Path):
    """An exclusive lock over the writes to ``folder`` (blocks until it is free)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / LOCK_NAME, "a+") as fh:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
        try:
            with _parties_guard:
                parties = list(_parties.get(str(folder.resolve()), ()))
            for party in parties:
                party.opened()
            try:
                yield
            except BaseException:
                for party in parties:
                    party.closed(False)
                raise
            for party in parties:
                party.closed(True)
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


BEHIND_NAME = ".kg-behind.json"


def note_behind(folder: Path, behind: dict[str, str]) -> None:
    """Record the files (or journal entries) a running server's store could not take, with why
    (``kg.curation.watch`` retries them; ``kg validate`` and ``/health`` report them); an empty
    ``behind`` removes the record."""
    import json

    path = Path(folder) / BEHIND_NAME
    if not behind:
        remove(path)
        return
    atomic_write(path, json.dumps(behind, ensure_ascii=False, indent=1, sort_keys=True) + "\n")


def behind(folder: Path) -> dict[str, str]:
    """What ``note_behind`` recorded last (empty when the store took everything)."""
    import json

    try:
        found = json.loads((Path(folder) / BEHIND_NAME).read_text(encoding="utf-8"))
    except (FileNotFoundError, ValueError):
        return {}
    return found if isinstance(found, dict) else {}
