"""Retold happenings: a news text often tells one happening twice (dated in the lead, undated
further down, or again with the same day); the later tellings become occurrences of the first.
One verdict's parts: an undated acquittal or conviction right after a dated one (the same
sentence or the next) was given with it and takes its date.
"""
from __future__ import annotations

from kg.curation.propose.proposals import Proposal


def _who(p: Proposal) -> set[str]:
    """Who an event names: its candidate entities (people, firms the graph does not know), else
    its known actors (a state named as a destination tells two sentencings apart less well)."""
    return set(p.fields.get("participant_labels") or []) or set(p.fields.get("participants") or [])


_VERDICT = {"Conviction", "Acquittal"}


def _undated(p: Proposal) -> bool:
    return "no date" in str(p.fields.get("note") or "")


def learned(p: Proposal) -> bool:
    return p.fields.get("found_by") == "model"


def verdict_parts(found: list[Proposal]) -> list[Proposal]:
    """An undated acquittal or conviction that follows a dated one within its sentence or the next
    ("convicted Jin ... on February 8. Judge Castillo acquitted her, however, of ...") takes its
    date: a verdict decides its counts together."""
    for i, p in enumerate(found):
        before = [q for q in found[:i] if q.fields["type"] in _VERDICT and not _undated(q)]
        if p.fields["type"] not in _VERDICT or not _undated(p) or not before:
            continue
        q = before[-1]
        if p.sentence_start == q.sentence_start or 0 <= p.sentence_start - q.sentence_end <= 2:
            p.fields.update({k: q.fields[k] for k in ("date", "datatype", "approximate") if k in q.fields})
            p.fields["note"] = f"the date of the {q.fields['type'].lower()} told just before"
    return found


def retold(found: list[Proposal]) -> list[Proposal]:
    """One proposal per happening: an undated event (the month of publication standing in) of a
    type the text also gives in that month, dated or not, or an event of the same type and day as
    an earlier one naming none of the others (or someone it names), is the same happening told again ("charged ... on Thursday", later "charged
    with diverting servers"): it becomes another occurrence of the first telling, dated one first.
    One the event model took back from the grammar (``found_by`` model) comes after those the
    grammar tells, and is another telling of one of the same type and month."""
    undated = _undated
    first: dict[tuple, Proposal] = {}
    merged: set[int] = set()
    for p in sorted(found, key=lambda p: (learned(p), undated(p), p.start)):
        key = (p.fields["type"], str(p.fields.get("date") or "")[:7])
        day = (p.fields["type"], p.fields.get("date")) if p.fields.get("datatype") == "date" else None
        into = first.get(key) if undated(p) or learned(p) else first.get(day) if day else None
        if into is not None and not undated(p) and _who(into) and _who(p) and not _who(into) & _who(p):
            into = None     # the same day, but others named: two men sentenced on one Monday
        if into is not None:
            into.fields.setdefault("occurrences", [[into.start, into.end]]).append([p.start, p.end])
            merged.add(id(p))
            continue
        first.setdefault(key, p)
        if day:
            first.setdefault(day, p)
    return [p for p in found if id(p) not in merged]
