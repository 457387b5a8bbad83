"""The SHA-256 of the files a store is built from, and the fingerprint they make.

Hashing gigabytes of data files at every start costs seconds, so an on-disk store keeps the
digests it has seen (``DIGESTS_FILE`` in its folder) with each file's signature: device, inode,
size, and modification and change times in nanoseconds. A file whose signature is unchanged is
not read again. Any write to a file sets its change time (``st_ctime``) to the clock's time then,
and that time cannot be set back by anyone, so an unchanged signature means unchanged bytes,
except for a write in the same clock tick as the file was hashed: a digest is therefore only
remembered for a file whose change time is at least ``SETTLE_NS`` older than the hashing (a file
written just before is hashed again next time).
"""
from __future__ import annotations

import hashlib
import json
import os
import time
from pathlib import Path

from kg.core.storage import atomic_write

DIGESTS_FILE = "policy-kg.digests"
SETTLE_NS = 2_000_000_000
CHUNK = 1 << 20


def signature(st: os.stat_result) -> list[int]:
    return [st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns]


class Digests:
    """File digests remembered in ``path`` (a JSON file; ``None``: remembered by nothing)."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.known: dict[str, dict] = {}
        self.changed = False
        if path is not None:
            try:
                self.known = json.loads(path.read_text())["files"]
            except (OSError, ValueError, KeyError, TypeError):
                self.known = {}

    def of(self, path: Path) -> str:
        """The hex SHA-256 of ``path``'s bytes, read only when its signature is not known."""
        key = str(Path(path).resolve())
        st = os.stat(path)
        entry = self.known.get(key)
        if isinstance(entry, dict) and entry.get("stat") == signature(st):
            return entry["sha256"]
        h = hashlib.sha256()
        with open(path, "rb") as fh:
            while chunk := fh.read(CHUNK):
                h.update(chunk)
        self.note(path, st, h.hexdigest())
        return h.hexdigest()

    def note(self, path: Path, st: os.stat_result, digest: str) -> None:
        """Remember that ``path``, with the signature of ``st`` (taken before it was read), held
        bytes of ``digest``: only when it is still that file and settled (see the module's note)."""
        key = str(Path(path).resolve())
        try:
            now = os.stat(path)
        except OSError:
            now = None
        settled = time.time_ns() - st.st_ctime_ns >= SETTLE_NS
        if now is not None and signature(now) == signature(st) and settled:
            self.known[key] = {"stat": signature(st), "sha256": digest}
        elif key in self.known:
            del self.known[key]
        else:
            return
        self.changed = True

    def save(self, folder: Path | None = None) -> None:
        """Write what changed (to ``folder``'s digests file instead, when given: a store being built)."""
        target = folder / DIGESTS_FILE if folder is not None else self.path
        if target is None or not (self.changed or folder is not None) or not target.parent.is_dir():
            return
        try:
            atomic_write(target, json.dumps({"files": self.known}, indent=0))
        except OSError:
            return      # a read-only folder: the digests are computed again next time
        self.changed = False


def combine(base_iri: str, files: list[tuple[str, str]]) -> str:
    """The fingerprint of a build: the base IRI and each source's name and SHA-256, in load order."""
    h = hashlib.sha256(base_iri.encode())
    for name, digest in files:
        h.update(name.encode() + b"\0" + digest.encode() + b"\0")
    return h.hexdigest()
