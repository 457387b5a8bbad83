"""The journal of SPARQL updates: what ``/sparql`` acknowledged, kept in the data folder.

An update sent to the endpoint (with the update token) changes the store; so that it outlives a
rebuild, it is also written to ``<data>/updates/NNNN.ru`` (numbered in the order applied):
a comment header (when, the base IRI of the store's IRIs, the update as sent) and the update's
effect, the statements it removed and added as ``DELETE DATA`` / ``INSERT DATA``
(``kg.sparql.effects``), which is also what the live store was given: replaying it gives the
acknowledged graph whatever the files hold by then, and running it twice changes nothing. On a
remote store (the engine runs the update) the entry is ``BASE <endpoint>`` and the update text
as run. ``kg build``, and every store opened from
the data folder, load the graph files and then replay the journal in order
(``kg.store.build.replay``); the fingerprint of an on-disk store covers the journal too.

Writing one is a transaction (``kg.sparql.recorded``): the entry is staged under a temporary
name, the store takes the update, then the entry is renamed into place; a refused update leaves
no entry, and an entry is never written for an update the store did not take.
"""
from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path

from kg.core.namespaces import DEFAULT_BASE

UPDATES_DIR = "updates"
_ENTRY = re.compile(r"(\d{4,})\.ru")
_BASE_LINE = re.compile(r"^# base-iri: <([^>]*)>$", re.M)


def folder(data_dir: str | Path) -> Path:
    return Path(data_dir) / UPDATES_DIR


def entries(data_dir: str | Path) -> list[Path]:
    """The journal's entries in the order they were applied."""
    d = folder(data_dir)
    if not d.is_dir():
        return []
    found = [(int(m.group(1)), p) for p in d.iterdir() if (m := _ENTRY.fullmatch(p.name))]
    return [p for _, p in sorted(found)]


def entry_text(text: str, base_iri: str, endpoint: str | None, source: str | None = None) -> str:
    when = datetime.now(timezone.utc).isoformat(timespec="seconds")
    head = f"# SPARQL update applied through /sparql at {when}\n# base-iri: <{base_iri}>\n"
    if source is not None:
        head += "# its effect, as sent:\n" + "".join(f"#   {line}\n" for line in source.rstrip("\n").splitlines())
    return head + (f"BASE <{endpoint}>\n" if endpoint else "") + text.rstrip("\n") + "\n"


def next_entry(data_dir: str | Path, text: str, base_iri: str, endpoint: str | None,
               source: str | None = None) -> tuple[Path, str]:
    """The next entry's file and text (the caller holds the data folder's lock and writes it with
    ``kg.core.storage.staged``, applying the update inside). ``source``: the update as sent, kept
    as comments above ``text`` (its effect)."""
    d = folder(data_dir)
    d.mkdir(parents=True, exist_ok=True)
    last = entries(data_dir)
    n = int(_ENTRY.fullmatch(last[-1].name).group(1)) + 1 if last else 1
    return d / f"{n:04d}.ru", entry_text(text, base_iri, endpoint, source)


def replayable(path: Path, base_iri: str) -> str:
    """An entry's update for a store whose IRIs are under ``base_iri``."""
    text = path.read_text(encoding="utf-8")
    m = _BASE_LINE.search(text)
    was = m.group(1) if m else DEFAULT_BASE
    return text.replace(was, base_iri) if was != base_iri else text
