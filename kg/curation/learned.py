"""What reviewers taught the proposer, for the documents that come later
(``<data>/review/learned.json``):

- ``aliases``: a candidate merged into an existing node ("Team Green" is Nvidia) makes its words
  a name of that node; later texts get a mention of the node where they use it;
- ``kinds``: a candidate's kind fixed by a reviewer ("Quorvane Dynamics" is a Publisher) is the
  kind proposed for that name from then on.

Names are compared case-folded. Written under the data folder's lock by the review service;
read by ingest and repropose into the proposer's ``Context.learned``.
"""
from __future__ import annotations

import json
from pathlib import Path

from kg.core.storage import atomic_write
from kg.curation.records import review_dir


def _path(data_dir: str | Path) -> Path:
    return review_dir(data_dir) / "learned.json"


def read(data_dir: str | Path) -> dict:
    """{"aliases": {name: node IRI}, "kinds": {name: class local name}} (empty when nothing was learned)."""
    path = _path(data_dir)
    data = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    return {"aliases": dict(data.get("aliases", {})), "kinds": dict(data.get("kinds", {}))}


def _write(data_dir: str | Path, data: dict) -> None:
    review_dir(data_dir).mkdir(parents=True, exist_ok=True)
    atomic_write(_path(data_dir), json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n")


def note(data_dir: str | Path, before: dict, after: dict) -> None:
    """Learn from one edit of a proposal (its JSON before and after; the caller holds the lock)."""
    if before.get("kind") != "entity":
        return
    name = str(before.get("label") or before.get("text") or "").strip().casefold()
    if not name:
        return
    data = read(data_dir)
    if after.get("kind") == "mention" and after.get("entity"):
        data["aliases"][name] = after["entity"]
    elif after.get("kind") == "entity" and after.get("class") and after.get("class") != before.get("class"):
        data["kinds"][name] = str(after["class"]).rsplit("#", 1)[-1]
    else:
        return
    _write(data_dir, data)
