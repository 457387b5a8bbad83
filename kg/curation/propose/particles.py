"""Personal names with a lowercase particle before the surname ("Ilse von der Brakel", "Pieter
van den Hoek", "Ahmad bin Sulaiman", "Kees de Wit"). A run of capitalised words stops at the
particle (or, with "de", runs on through "of" into the employer), so the earlier rules find the
given name and the surname apart, and a sentence's "Von der Brakel" as "Von". ``join`` makes the
pieces one ``Person`` candidate whose occurrences are the full name and its later short forms: the
surname with its particle ("De Wit", "van den Hoek") or alone ("Sulaiman").

A match needs a known given name first (``titles.given_name``): "Banco de Norland" is no person.
"""
from __future__ import annotations

import re

from kg.core.namespaces import PK
from kg.curation.propose.entity_kinds import kind_of
from kg.curation.propose.proposals import Proposal
from kg.curation.propose.titles import given_name

_PARTICLES = r"(?:van|von|de|der|den|la|le|del|della|da|di|du|dos|das|bin|binti|ibn|al|el|ter|ten)"
_NAME = re.compile(r"(?<![\w’'-])(?P<first>[A-Z][a-z]+(?:-[A-Z][a-z]+)?) (?P<part>" + _PARTICLES
                   + r"(?: (?:der|den|la|le|de|het))?) (?P<last>[A-Z][a-z]+(?:-[A-Z][a-z]+)?)(?![\w-])")
_CAPITALISED_BEFORE = re.compile(r"[A-Z][\w’'-]* $")


def join(ents: list[Proposal], text: str) -> list[Proposal]:
    """``ents`` (the entity candidates) with the pieces of each particle name replaced by one
    ``Person`` candidate (see the module's description)."""
    names: dict[str, list[re.Match]] = {}
    for m in _NAME.finditer(text):
        if given_name(m["first"]):
            names.setdefault(m[0], []).append(m)
    for full, ms in names.items():
        if any(p.fields.get("label", p.text) == full for p in ents):
            continue
        spans = [(m.start(), m.end()) for m in ms]
        part, last = ms[0]["part"], ms[0]["last"]
        short = re.compile(r"(?<![\w’'-])(?:(?:" + re.escape(part) + "|" + re.escape(part[:1].upper() + part[1:]) + r") )?"
                           + re.escape(last) + r"(?![\w-])(?! [A-Z])")
        spans += [(s.start(), s.end()) for s in short.finditer(text)
                  if not any(a <= s.start() < b for a, b in spans[:len(ms)])
                  and (s[0] != last or not _CAPITALISED_BEFORE.search(text, max(0, s.start() - 30), s.start()))]
        inside = [p for p in ents if all(any(a <= x and y <= b for a, b in spans) for x, y in _occ(p))]
        cut = [p for p in ents if p.start == ms[0].start() and text.startswith(" of ", ms[0].end())
               and p.end > ms[0].end() + 4 and len(_occ(p)) == 1]
        for p in cut:       # "Kees de Wit of Pellwick": the employer after the name is a candidate of its own
            start = ms[0].end() + 4
            cls = kind_of(text[start:p.end], text, start, p.end)
            p.start, p.text = start, text[start:p.end]
            p.fields.update({"label": p.text, "class": str(PK[cls]), "kind_guess": cls, "occurrences": [[start, p.end]]})
        if not inside and not cut:
            continue
        model = (inside + cut)[0]
        person = Proposal("entity", ms[0].start(), ms[0].end(), full, model.sentence, model.sentence_start,
                          model.sentence_end, {"label": full, "class": str(PK.Person), "kind_guess": "Person", "iri": None,
                                               "occurrences": [list(s) for s in sorted(spans)]})
        ents = [p for p in ents if not any(p is q for q in inside)] + [person]
    return ents


def _occ(p: Proposal) -> list:
    return p.fields.get("occurrences") or [[p.start, p.end]]
