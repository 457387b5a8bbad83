"""Proposals: statements a proposer suggests for a document, each with its span and sentence,
waiting for a person to accept, reject or edit them.

A proposal is a plain record (``Proposal``): ``id``, ``kind`` (mention, entity, date, figure,
link, claim, event, origin), ``status`` (proposed, accepted, rejected), ``start``/``end`` in the stored text,
the spanned ``text``, its ``sentence`` (and the sentence's offsets), and the fields of its
kind (``fields``): a mention's ``entity``; a candidate entity's ``label`` and ``class``; a
date's ``value``, ``datatype``, ``approximate`` and ``note``; a figure's ``value`` or
``min``/``max``, ``unit``, ``year``, ``approximate``; a link's ``cause``, ``effect``,
``polarity`` and the ``link`` it corroborates; a claim's ``claimer``, ``about`` and ``stance``;
an event's ``type``, ``date`` (with ``datatype``, ``approximate``, ``note``), ``participants``
(known actors' IRIs) and ``participant_labels`` (candidate entities); an origin's ``relays``
(the report or actor the document relays), ``relays_label``, ``relays_candidate`` and ``cue``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

PROPOSAL_KINDS = ("mention", "entity", "event", "date", "figure", "link", "claim", "origin")
STATUSES = ("proposed", "accepted", "rejected")


@dataclass
class Proposal:
    kind: str
    start: int
    end: int
    text: str
    sentence: str = ""
    sentence_start: int = 0
    sentence_end: int = 0
    fields: dict = field(default_factory=dict)
    id: str = ""
    status: str = "proposed"
    origin: str = "rules"          # rules | analyst | a model's name
    history: list = field(default_factory=list)

    def to_json(self) -> dict:
        out = {"id": self.id, "kind": self.kind, "status": self.status, "start": self.start, "end": self.end,
               "text": self.text, "sentence": self.sentence, "sentence_start": self.sentence_start,
               "sentence_end": self.sentence_end, "origin": self.origin}
        out.update({k: v for k, v in self.fields.items() if k not in out})
        if self.history:
            out["history"] = self.history
        return out

    @classmethod
    def from_json(cls, data: dict) -> "Proposal":
        common = {"id", "kind", "status", "start", "end", "text", "sentence", "sentence_start", "sentence_end",
                  "origin", "history"}
        return cls(kind=data["kind"], start=int(data["start"]), end=int(data["end"]), text=data.get("text", ""),
                   sentence=data.get("sentence", ""), sentence_start=int(data.get("sentence_start", 0)),
                   sentence_end=int(data.get("sentence_end", 0)), id=data.get("id", ""),
                   status=data.get("status", "proposed"), origin=data.get("origin", "rules"),
                   history=list(data.get("history", [])),
                   fields={k: v for k, v in data.items() if k not in common})

    def key(self) -> tuple:
        """What makes two proposals the same suggestion (for remembering rejections): the kind,
        the spanned words and what the proposal says about them."""
        from kg.curation.propose.text import norm_word, tokens

        words = " ".join(norm_word(t.text) for t in tokens(self.text))
        f = self.fields
        what = {"mention": (f.get("entity"),), "entity": (f.get("class"),),
                "date": (f.get("value"),), "event": (f.get("type"), f.get("date")), "figure": (f.get("value"), f.get("min"), f.get("max"), f.get("unit")),
                "link": (f.get("cause"), f.get("effect"), f.get("polarity")),
                "claim": (f.get("claimer"),), "origin": (f.get("relays") or f.get("relays_candidate"),)}.get(self.kind, ())
        return (self.kind, words, *[str(x) for x in what])


@dataclass
class Context:
    """What a proposer may use besides the text: the graph's names and links, and the
    document's publication date (relative dates are resolved against it)."""
    lexicon: object
    published: date | None = None
    document: str = ""
    learned: dict | None = None     # what reviewers taught: {"aliases": {name: IRI}, "kinds": {name: class}}


class Proposer(Protocol):
    """The one interface every proposer keeps (rules today, a statistical model later):
    ``propose(text, context)`` returns proposals with offsets into ``text``."""

    name: str

    def propose(self, text: str, context: Context) -> list[Proposal]:
        ...


def number(proposals: list[Proposal], first: int = 1) -> list[Proposal]:
    """Give proposals ids p1, p2, ... in text order (kind order on ties)."""
    order = sorted(proposals, key=lambda p: (p.start, PROPOSAL_KINDS.index(p.kind), p.end))
    for i, p in enumerate(order, first):
        p.id = f"p{i}"
    return order
