"""Undoing a review decision.

- An accept: its TriG block (kept in the review file when it was written) comes out of the
  document's data file, and the store's graph of the document is replaced by what the file now
  holds, in one update through the app's one writer. The file is written first; if the store
  refuses, the old file is put back, so the two never disagree. Statements another accepted
  proposal also makes stay (the graph is what the remaining blocks say).
- A reject: the proposal is proposed again (at its span), and its key leaves the keys never to
  be proposed again (``review/never.json``) if a reviewer had put it there.

An accept written before blocks were kept (no block in the review file) cannot be undone here:
the error says so, and nothing changes.
"""
from __future__ import annotations

from datetime import datetime, timezone

from rdflib import Dataset, URIRef

from kg.core.storage import locked, staged
from kg.curation.records import data_file, read_review, remember_never, write_review
from kg.store.graph_updates import replace_graphs


class NothingToUndo(ValueError):
    """The proposal has no decision to undo, or its accept cannot be taken out."""


def undo(service, doc: str, pid: str, reviewer: str) -> dict:
    """Undo the last decision on proposal ``pid`` of ``doc``; returns {"id", "status", "undone"}."""
    ident = service.ident(doc)
    with locked(service.data_dir):
        review = read_review(service.data_dir, ident)
        p = service._find(review, pid)
        if pid in service._accepted(review):
            _take_out(service, review, pid)
            review.get("accepted", {}).pop(pid, None)
            undone = "accept"
        elif p.status == "rejected":
            remember_never(service.data_dir, p.key(), forget=True)
            undone = "reject"
        else:
            raise NothingToUndo(f"{pid} is neither accepted nor rejected: nothing to undo")
        p.status = "proposed"
        p.history.append({"action": "undo", "undid": undone, "by": reviewer,
                          "at": datetime.now(timezone.utc).isoformat(timespec="seconds")})
        review.pop("done", None)
        write_review(service.data_dir, ident, review)
        service._settle(review)
    return {"id": pid, "status": "proposed", "undone": undone}


def _take_out(service, review: dict, pid: str) -> None:
    block = (review.get("accepted") or {}).get(pid, {}).get("block")
    path = data_file(service.data_dir, review["id"])
    old = path.read_text(encoding="utf-8")
    at = old.rfind(block) if block else -1
    if at < 0:
        raise NothingToUndo(f"{pid} was accepted before undo kept its statements' block; remove them by hand")
    new = old[:at] + old[at + len(block):]
    with staged(path, new):         # the store follows inside: its refusal leaves the file as it was
        if service.apply is not None:
            ds = Dataset()
            ds.parse(data=new, format="trig")
            doc = review["document"]
            service.apply(replace_graphs([doc], {doc: ds.graph(URIRef(doc))}, service.settings.base_iri))
