"""Review operations: list, accept, reject, edit, merge, add a statement from a span, propose
again. Every write holds the data folder's lock, writes its files atomically, then hands the
same statements to ``apply`` (the app's one writer, so the store's generation is bumped and
every cache refreshes); a call returns only once both are done. Used by ``kg review`` and by
the review page alike. Editing and adding proposals: ``kg.curation.amend``; undoing a decision:
``kg.curation.undo``; proposing again: ``kg.curation.repropose``.
"""
from __future__ import annotations

import re
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from kg.core.corpus import Corpus, sha256_text
from kg.store.graph_updates import insert_data
from kg.core.storage import locked, note_change
from kg.curation.register import reconcile
from kg.core.namespaces import DEFAULT_BASE, rebase
from kg.core.settings import Settings
from kg.curation.edits import BadField, checked
from kg.curation.records import (anchors_in, data_file, read_review, reviews_named, remember_never, write_accepted,
                                 write_review)
from kg.curation.review_errors import (InvalidField, InvalidStatement, NotInReview, ReviewConflict, ReviewError,
                                       StoreRefused)
from kg.curation.propose.proposals import Proposal
from kg.curation.status import pending, recorded, settle
from kg.curation.ties import describe_entity, named_fields, relayed, tied
from kg.curation.statements import StatementError, statements
from kg.curation.values import InvalidValue, check_terms
from kg.validate.write_shapes import ShapeViolation, refuse_graph

class ReviewService:
    def __init__(self, settings: Settings, *, apply: Callable[[str], None] | None = None, store=None) -> None:
        self.settings = settings
        self.data_dir = Path(settings.data_dir)
        self.corpus = Corpus(settings.corpus)
        self.apply = apply
        self.store = store

    # -- reading ----------------------------------------------------------------------------
    def ident(self, doc: str) -> str:
        doc = doc.strip()
        for base in {self.settings.base_iri, DEFAULT_BASE}:
            if doc.startswith(base + "doc/"):
                doc = doc[len(base) + 4:]
        found = reviews_named(self.data_dir, doc) if re.fullmatch(r"[A-Za-z0-9_.-]+", doc) else []
        if len(found) == 1:
            return found[0]
        if found:
            raise NotInReview(f"{doc!r} starts {len(found)} documents in review: {', '.join(found[:10])}")
        raise NotInReview(f"no document in review with id {doc!r} (ingest it first: kg ingest FILE)")

    def text(self, review: dict) -> str:
        return self.corpus.text(review["file"])

    def view(self, doc: str) -> dict:
        ident = self.ident(doc)
        review = read_review(self.data_dir, ident)
        accepted = self._accepted(review)
        props = []
        for p in review["proposals"]:
            if p.id in accepted:
                p.status = "accepted"
            out = p.to_json()
            meta = review.get("accepted", {}).get(p.id)
            if meta and p.status == "accepted":
                out.update({"accepted_by": meta.get("by"), "accepted_at": meta.get("at"), "node": meta.get("node")})
            props.append(out)
        return {"document": rebase(review["document"], self.settings.base_iri), "id": ident,
                "status": recorded(self.data_dir, ident), "done": review.get("done"),
                "pending": len(pending(review, accepted)), "file": review["file"],
                "near_duplicates": review.get("near_duplicates", []), "published": review.get("published"),
                "unlikely": review.get("unlikely"), "proposals": props}

    def _number(self, ident: str) -> str:
        return ident.split("_", 1)[0]

    def _anchors(self, review: dict) -> set[str]:
        return anchors_in(data_file(self.data_dir, review["id"]), review["document"])

    def _accepted(self, review: dict) -> set[str]:
        prefix = f"{DEFAULT_BASE}evidence/{self._number(review['id'])}-"
        return {a[len(prefix):] for a in self._anchors(review) if a.startswith(prefix)}

    def _known(self) -> set[str]:
        found = set()
        for path in self.data_dir.glob("*.trig"):
            text = path.read_text(encoding="utf-8")
            found.update(DEFAULT_BASE + m for m in re.findall(r"\bid:([A-Za-z0-9_-]+)", text))
            found.update(re.findall(re.escape(DEFAULT_BASE) + r"[A-Za-z0-9_/-]+", text))
        return found

    def _find(self, review: dict, pid: str) -> Proposal:
        for p in review["proposals"]:
            if p.id == pid:
                return p
        raise NotInReview(f"document {review['id']} has no proposal {pid!r}")

    # -- writing ----------------------------------------------------------------------------
    def accept(self, doc: str, pids: list[str], reviewer: str) -> list[dict]:
        ident = self.ident(doc)
        out = []
        with locked(self.data_dir):
            reconcile(Path(self.settings.corpus), self.data_dir)
            try:
                self._accept(ident, pids, reviewer, out)
            finally:
                if any(not o.get("already") for o in out):    # what did land is settled, even after an error
                    self._settle(read_review(self.data_dir, ident))
        return out

    def _accept(self, ident: str, pids: list[str], reviewer: str, out: list[dict]) -> None:
        for pid in pids:
            review = read_review(self.data_dir, ident)
            p = self._find(review, pid)
            if p.status == "rejected":
                raise ReviewConflict(f"{pid} was rejected; edit it to propose it again")
            if pid in self._accepted(review):
                out.append({"id": pid, "status": "accepted", "already": True})
                continue
            text = self.text(review)
            if sha256_text(text) != review["sha256"]:
                raise ReviewConflict(f"{review['file']} changed since it was ingested (hash differs)")
            when = datetime.now(timezone.utc)
            try:
                checked(p, self.settings.ontology_dir)
                g, node = self._statements(review, p, text, reviewer, when)
            except StatementError as exc:
                raise InvalidStatement(str(exc)) from exc
            except ShapeViolation as exc:
                raise InvalidStatement(f"{pid}: {exc}") from None
            except (BadField, InvalidValue) as exc:
                raise InvalidField(f"{pid}: {exc}", exc.field) from None
            block = write_accepted(self.data_dir, ident, review["document"], g, self.settings.base_iri, self.apply,
                                   insert_data(review["document"], g, self.settings.base_iri))
            review.setdefault("accepted", {})[pid] = {"by": reviewer, "at": when.isoformat(timespec="seconds"),
                                                      "node": str(node), "block": block}   # undo takes it out
            write_review(self.data_dir, ident, review)
            out.append({"id": pid, "status": "accepted", "node": str(node)})

    def reject(self, doc: str, pids: list[str], reviewer: str) -> list[dict]:
        ident = self.ident(doc)
        out = []
        with locked(self.data_dir):
            review = read_review(self.data_dir, ident)
            accepted = self._accepted(review)
            for pid in pids:
                p = self._find(review, pid)
                if pid in accepted:
                    raise ReviewConflict(f"{pid} is already accepted; its statements are in the graph")
                p.status = "rejected"
                p.history.append({"action": "reject", "by": reviewer, "at": _now()})
                out.append({"id": pid, "status": "rejected"})
            write_review(self.data_dir, ident, review)
            self._settle(review, accepted)
        return out

    def never(self, doc: str, pids: list[str], reviewer: str) -> list[dict]:
        """Reject the proposals and never propose the same again in any document (a rejection
        alone holds for its document and span only)."""
        out = self.reject(doc, pids, reviewer)
        ident = self.ident(doc)
        with locked(self.data_dir):
            review = read_review(self.data_dir, ident)
            for pid in pids:
                p = self._find(review, pid)
                remember_never(self.data_dir, p.key())
                p.history.append({"action": "never", "by": reviewer, "at": _now()})
            write_review(self.data_dir, ident, review)
        return [{**o, "never": True} for o in out]

    def edit(self, doc: str, pid: str, changes: dict, reviewer: str) -> dict:
        """Change a proposal's fields (or kind) before it is accepted (``kg.curation.amend``)."""
        from kg.curation.amend import edit

        return edit(self, doc, pid, changes, reviewer)

    def undo(self, doc: str, pid: str, reviewer: str) -> dict:
        """Undo an accept (its statements leave file and store together) or a reject (``kg.curation.undo``)."""
        from kg.curation.undo import NothingToUndo, undo

        try:
            return undo(self, doc, pid, reviewer)
        except NothingToUndo as exc:
            raise ReviewConflict(str(exc)) from exc

    def merge(self, doc: str, pid: str, entity: str, reviewer: str) -> dict:
        """A candidate entity is an existing node after all: the proposal becomes a mention of it."""
        if not str(entity or "").strip():
            raise InvalidField(f"{pid}: entity: a merge needs the existing node (its IRI or name)", "entity")
        return self.edit(doc, pid, {"kind": "mention", "entity": entity}, reviewer)

    def add(self, doc: str, start: int, end: int, kind: str, fields: dict, reviewer: str) -> dict:
        """A statement from a span the analyst selected (``kg.curation.amend``)."""
        from kg.curation.amend import add

        return add(self, doc, start, end, kind, fields, reviewer)

    def repropose(self, doc: str, lexicon, published=None, everything: bool = False) -> list[dict]:
        """Run the proposer again (``kg.curation.repropose``)."""
        from kg.curation.repropose import repropose

        return repropose(self, doc, lexicon, published, everything)

    def done(self, doc: str, reviewer: str) -> dict:
        """The reviewer is done: the document is reviewed, whatever is left undecided (left out
        of the graph, still listed as proposed)."""
        ident = self.ident(doc)
        with locked(self.data_dir):
            review = read_review(self.data_dir, ident)
            review["done"] = {"by": reviewer, "at": _now()}
            write_review(self.data_dir, ident, review)
            return {"id": ident, "status": self._settle(review), "done": review["done"]}

    def _settle(self, review: dict, accepted: set[str] | None = None) -> str:
        """After a write (under the lock): the catalog's status follows the review; a write made
        without the app's writer (the CLI) is announced to a running server (``note_change``)."""
        accepted = self._accepted(review) if accepted is None else accepted
        status = settle(self.data_dir, review, accepted, self.apply, self.settings.base_iri)
        if self.apply is None:
            note_change(self.data_dir)
        return status

    def _statements(self, review: dict, p: Proposal, text: str, reviewer: str, when):
        """The statements accepting ``p`` writes and its node, their terms and the shapes checked
        (``refuse_graph``: ShapeViolation)."""
        g, node = statements(relayed(tied(p, review), review, self._anchors(review)), doc=review["document"],
                             number=self._number(review["id"]), text=text, sha=review["sha256"], reviewer=reviewer,
                             known=self._known(), when=when)
        check_terms(g)
        refuse_graph(self.store, self.data_dir, g, review["document"], self.settings.ontology_dir)
        return g, node

    def _named(self, changes: dict, pid: str = "") -> dict:     # names typed for node fields: their IRIs
        return named_fields(self.store, changes, pid)

    def _describe_entity(self, p: Proposal) -> None:
        describe_entity(self.store, p)


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


__all__ = ["ReviewService", "ReviewError", "NotInReview", "ReviewConflict", "InvalidField", "StoreRefused"]
