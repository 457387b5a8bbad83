"""A reviewer amends the proposals of a document in review, before accepting them:

- ``edit`` changes a proposal's fields or kind (a merge is an edit that makes a candidate entity
  a mention of an existing node): its fields are checked (``kg.curation.edits``) and what
  accepting it would write must keep the shapes, else nothing is written; a merge or a kind
  fixed is remembered for later texts (``kg.curation.learned``);
- ``add`` proposes a statement from a span the analyst selected: a proposal of the analyst's
  own, its span widened to whole words and set in its sentence, numbered after the document's
  proposals.

Either opens the review again; accepting the proposal puts it in the graph.
"""
from __future__ import annotations

from datetime import datetime, timezone

from kg.core.storage import locked
from kg.curation import learned
from kg.curation.edits import EDITABLE, BadField, apply_edit, cleaned
from kg.curation.propose.proposals import PROPOSAL_KINDS, Proposal
from kg.curation.propose.text import sentence_at, sentences, widen_to_words
from kg.curation.records import read_review, write_review
from kg.curation.review_errors import InvalidField, InvalidStatement, ReviewConflict, ReviewError
from kg.validate.write_shapes import ShapeViolation


def edit(service, doc: str, pid: str, changes: dict, reviewer: str) -> dict:
    """Change the fields (or the kind) of proposal ``pid`` of ``doc`` (``service``: the ``ReviewService``)
    before it is accepted; the review opens again."""
    ident = service.ident(doc)
    with locked(service.data_dir):
        review = read_review(service.data_dir, ident)
        p = service._find(review, pid)
        if pid in service._accepted(review):
            raise ReviewConflict(f"{pid} is already accepted; add a new statement instead")
        before = p.to_json()
        if "kind" in changes:
            if changes["kind"] not in PROPOSAL_KINDS:
                raise ReviewError(f"kind must be one of {', '.join(PROPOSAL_KINDS)}")
            p.kind = changes["kind"]
        unknown = set(changes) - EDITABLE - {"kind"}
        if unknown:
            raise ReviewError(f"cannot edit {', '.join(sorted(unknown))} (editable: {', '.join(sorted(EDITABLE))})")
        changes = service._named(dict(changes), pid)
        fields = {k: v for k, v in changes.items() if k != "kind"}
        try:
            done = apply_edit(p, fields, service._known() if "link" in fields else set(),
                              service.store is not None, service.settings.ontology_dir)
        except BadField as exc:
            raise InvalidField(f"{pid}: {exc}", exc.field) from None
        if "entity" in changes and service.store is not None:
            label = p.fields.get("label") if "label" in done else None
            service._describe_entity(p)
            if label is not None:
                p.fields["label"] = label
        try:                                 # what accepting it would write keeps the shapes
            service._statements(review, p, service.text(review), reviewer, datetime.now(timezone.utc))
        except ShapeViolation as exc:
            raise InvalidStatement(f"{pid}: {exc}") from None
        except Exception:  # noqa: BLE001 - not a statement yet (a field missing): accepting it says why
            pass
        p.status = "proposed"
        p.fields.pop("folded", None)        # a reviewer's proposal now: listed with its kind
        p.history.append({"action": "edit", "by": reviewer, "at": _now(),
                          "changes": {**done, **({"kind": p.kind} if "kind" in changes else {})}})
        review.pop("done", None)                  # a proposal waits again: the review is open
        write_review(service.data_dir, ident, review)
        learned.note(service.data_dir, before, p.to_json())      # a merge or a kind fixed: for later texts
        service._settle(review)
        return p.to_json()


def add(service, doc: str, start: int, end: int, kind: str, fields: dict, reviewer: str) -> dict:
    """A statement from a span the analyst selected in ``doc`` (``service``: the ``ReviewService``),
    proposed; accept it to enter the graph."""
    ident = service.ident(doc)
    if kind not in PROPOSAL_KINDS:
        raise ReviewError(f"kind must be one of {', '.join(PROPOSAL_KINDS)}")
    unknown = set(fields) - EDITABLE
    if unknown:
        raise ReviewError(f"unknown fields {', '.join(sorted(unknown))}")
    try:
        fields = cleaned(kind, service._named(dict(fields)), service.settings.ontology_dir)
    except BadField as exc:
        raise InvalidField(str(exc), exc.field) from None
    with locked(service.data_dir):
        review = read_review(service.data_dir, ident)
        text = service.text(review)
        if not (0 <= start < end <= len(text)):
            raise ReviewError(f"span {start}-{end} is outside the document (length {len(text)})")
        start, end = widen_to_words(text, start, end)
        s = sentence_at(sentences(text), start, end)
        n = 1 + max((int(p.id[1:]) for p in review["proposals"] if p.id[1:].isdigit()), default=0)
        p = Proposal(kind, start, end, text[start:end], s.text if s else text[start:end], s.start if s else start,
                     s.end if s else end, dict(fields), id=f"p{n}", origin="analyst",
                     history=[{"action": "add", "by": reviewer, "at": _now()}])
        if kind == "mention" and fields.get("entity") and service.store is not None:
            service._describe_entity(p)
        review["proposals"].append(p)
        review.pop("done", None)
        write_review(service.data_dir, ident, review)
        service._settle(review)
        return p.to_json()


def _now() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")
