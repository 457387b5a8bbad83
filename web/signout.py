"""Sessions ended on the server: the ids of signed-out sessions, until their cookies expire.

A session cookie is signed and carries its own expiry, so without a record on the server a
copied cookie would still work after ``/logout`` until it expires (12 h). Signing out adds
the session's id to this list; ``web.auth`` refuses a cookie whose id is on it. The list is
kept in a file next to the store (``signed-out.json``), so a restart keeps it, and entries
are dropped once their cookie would have expired anyway.
"""
from __future__ import annotations

import json
import threading
import time
from pathlib import Path

from kg.core.storage import atomic_write

FILE = "signed-out.json"


class SignedOut:
    def __init__(self, path: Path | None) -> None:
        self.path = path
        self._lock = threading.Lock()
        self._ids: dict[str, float] = self._read()

    @classmethod
    def next_to_store(cls, settings) -> "SignedOut":
        folder = Path(settings.store_path).parent
        return cls(folder / FILE if folder.is_dir() else None)

    def _read(self) -> dict[str, float]:
        if self.path is None or not self.path.is_file():
            return {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            return {str(k): float(v) for k, v in data.items()}
        except (OSError, ValueError, TypeError, AttributeError):
            return {}

    def __contains__(self, ident: str) -> bool:
        return ident in self._ids

    def add(self, ident: str, expires: float) -> None:
        """End the session ``ident`` (whose cookie expires at ``expires``) for good."""
        now = time.time()
        with self._lock:
            self._ids = {k: v for k, v in self._ids.items() if v > now}
            self._ids[ident] = expires
            if self.path is not None:
                try:
                    atomic_write(self.path, json.dumps(self._ids))
                except OSError:
                    pass   # still ended in this process
