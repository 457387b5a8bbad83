"""Events: dated happenings a text reports (court steps, official actions, corporate moves,
trips, meetings, statements; the classes are in ``event_words``), read from the grammar around a
cue word, one proposal per type and date in a sentence.

Which cue words report a happening is the grammar of ``event_grammar``; where a trained model
is present (``event_model``), it decides among the cues with the grammar's verdict as one of its
signals. The event type is the class of its cue.

An event's ``date``: see ``event_dates``. ``participants``: the known actors the sentence names
(IRIs); ``participant_labels``: the candidate entities it names. A happening told again without
a date (same type, and same month or a shared participant) becomes another occurrence of its
first dated telling.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from datetime import date

from kg.curation.propose.event_cues import quoted
from kg.curation.propose.event_dates import anaphoric, pick, relative, timeline_entry
from kg.curation.propose.event_retelling import retold, verdict_parts
from kg.curation.propose.event_grammar import CLAUSE_BREAK, same_clause, screened, settled, unbracketed
from kg.curation.propose.event_model import decide, features, record, wanted
from kg.curation.propose.event_words import Cue
from kg.curation.propose.lexicon import Lexicon
from kg.curation.propose.naming import headlines, in_headline
from kg.curation.propose.proposals import Proposal
from kg.curation.propose.rules_numbers import ahead_of
from kg.curation.propose.text import Sentence

_STANDS_FOR = re.compile(r"\b(?:[Ii]t|[Hh]e|[Ss]he|[Tt]hey|[Tt]he (?:company|firm|group|ministry|department|agency|"
                        r"government|court|regulator|bureau|commission))\b")
_ANAPHORIC_YEAR = re.compile(r"(?i)the (?:next|following) year$")    # after the last year told: see anaphoric()


def events(text: str, sents: list[Sentence], published: date | None, dates: list[Proposal],
           named: list[Proposal], lex: Lexicon) -> list[Proposal]:
    out: list[Proposal] = []
    heads = headlines(text)
    starts = [s.start for s in sents]
    by_sentence: dict[int, list[Proposal]] = {}     # sentence index -> what it names (once each)
    for p in named:
        for i in {bisect_right(starts, o[0]) - 1 for o in p.fields.get("occurrences") or [[p.start]]}:
            by_sentence.setdefault(i, []).append(p)
    last_who: tuple[list[str], list[str]] = ([], [])     # the actors of the last sentence naming some
    prior: tuple | None = None     # the last date told (value, datatype), for "the following year"
    day_stamps: dict[int, list] = {}
    for d in dates:
        day_stamps.setdefault(bisect_right(starts, d.start) - 1, []).append(d)
    for k, s in enumerate(sents):
        if in_headline(heads, s.start) and not s.text.rstrip().endswith((".", "?", "!", "”", '"')):
            continue    # a headline announces what the body reports (a stop ends a sentence, not a headline)
        stamps = [(d.start, d.end, d.fields["value"], d.fields.get("datatype"), d.fields.get("approximate", False),
                   d.fields.get("note")) for d in day_stamps.get(k, []) if not _ANAPHORIC_YEAR.match(text[max(0, d.start - 4):d.end])]
        stamps += relative(s.text, s.start, published)
        stamps += anaphoric(s.text, s.start, stamps, prior)
        prior = max(stamps, key=lambda x: x[0])[2:4] if stamps else prior
        local = [(a - s.start, b - s.start) for a, b, *_ in stamps]
        seen: set[tuple] = set()
        who = _actors(by_sentence.get(k, []), lex)
        told, rescued, chance = _chosen(s, k, stamps, local, who)
        cues = timeline_entry(s.text, told + rescued)
        for c in cues:
            free = _outside_quotes(s, c, stamps)     # and not another cue's close date:
            free = [x for x in free if _owner(s, x, cues) in (None, c)] or free
            when = pick(_owned(s, c, cues, _same_clause_stamps(s, c, free)), s.start + c.start, published,
                        to_come=c.form == "base" or _to_come(CLAUSE_BREAK.split(s.text[:c.start])[-1]))
            if (c.type, when.get("date")) in seen:
                continue    # one event per type and date in a sentence
            seen.add((c.type, when.get("date")))
            start = s.start + c.start
            opener = re.match(r"\W*(?:\w+\s+){0,2}?(?:on|in)\s+[^,]{3,20},\s", s.text, re.I)
            if opener and when.get("date") and c.start >= opener.end() and \
                    any(x[2] == when["date"] and x[0] - s.start < opener.end() for x in stamps):
                start = s.start + len(s.text) - len(s.text.lstrip())    # "On April 9, the government told"
            end = _reach(s, c)
            fields = {"type": c.type, "label": f"{c.type}: {text[start:end]}"}
            if chance.get((c.type, c.end)) is not None:
                fields["probability"] = round(chance[(c.type, c.end)], 4)
            if c in rescued:
                fields["found_by"] = "model"
            fields.update(when)
            fields["participants"], fields["participant_labels"] = who
            if not any(who) and _STANDS_FOR.search(s.text[:c.start]):
                fields["participants"], fields["participant_labels"] = last_who     # "it said on Tuesday"
            out.append(Proposal("event", start, end, text[start:end], s.text, s.start, s.end, fields))
        last_who = who if any(who) else last_who
    return retold(verdict_parts(out))


def _chosen(s: Sentence, k: int, stamps: list[tuple], local: list[tuple[int, int]],
            who: tuple[list[str], list[str]]) -> tuple[list[Cue], list[Cue], dict]:
    """The sentence's happenings: those the grammar reports, then those the event model takes
    back from the cues it leaves out (in a clause of their own: a happening the grammar tells
    keeps its words); and the model's probability per (type, end) of a cue."""
    found = screened(s.text, local)
    quotes = quoted(s.text)
    rescued, kept, chance = [], [], {}
    if not wanted():
        return settled(s.text, [c for c, why in found if why is None]), [], chance
    for c, why in found:
        feats = features(s.text, c, why, stamps, s.start, k, found, who, any(a <= c.start < b for a, b in quotes))
        keep, chance[(c.type, c.end)] = decide(feats, why)
        record({"start": s.start + c.start, "end": _reach(s, c), "features": feats, "rules": why is None,
                "type": c.type, "kept": keep})
        if keep:
            (kept if why is None else rescued).append(c)
    told = settled(s.text, kept)
    return told, [c for c in rescued if not any(same_clause(s.text, c, o) for o in told)], chance


def _reach(s: Sentence, c: Cue) -> int:
    """Where an event told by cue ``c`` ends: up to six words of the cue's clause after it."""
    clause = CLAUSE_BREAK.split(s.text[c.end:], maxsplit=1)[0]
    return min(s.end, s.start + c.end + len(" ".join(clause.split()[:6])) + (1 if clause[:1] == " " else 0))


def _to_come(clause: str) -> bool:
    """Whether the words of a clause before its cue speak of what is still to come ("will", "set to",
    "expected to", "scheduled")."""
    return ahead_of(clause, len(clause), len(clause))


def _actors(people: list[Proposal], lex: Lexicon) -> tuple[list[str], list[str]]:
    """The known actors (IRIs) and the candidate entities (labels) a sentence names."""
    return (sorted({p.fields["entity"] for p in people if p.kind == "mention"
                    and lex.nodes.get(p.fields["entity"]) and lex.nodes[p.fields["entity"]].actor}),
            [p.fields["label"] for p in people if p.kind == "entity"])


def _owned(s: Sentence, c: Cue, cues: list[Cue], stamps: list[tuple]) -> list[tuple]:
    """The dates that follow the cue closely, when it has some; else those that follow no other
    cue closely ("proposed in April 2021 and published ... on July 12, 2024")."""
    return [x for x in stamps if _owner(s, x, cues) is c] or [x for x in stamps if _owner(s, x, cues) is None] or stamps


def _owner(s: Sentence, x: tuple, cues: list[Cue]) -> Cue | None:
    """The cue a date follows closely (in its clause, at most six words after it), if any."""
    near = [o for o in cues if s.start + o.end <= x[0] and not CLAUSE_BREAK.search(unbracketed(
        s.text[o.end:x[0] - s.start])) and len(s.text[o.end:x[0] - s.start].split()) <= 6]
    return max(near, key=lambda o: o.end) if near else None


def _outside_quotes(s: Sentence, c: Cue, stamps: list[tuple]) -> list[tuple]:
    """The dates a cue may take: a date inside a quotation (a title, words quoted) dates only what
    the quotation says."""
    quotes = quoted(s.text)
    home = next((q for q in quotes if q[0] <= c.start < q[1]), None)
    return [x for x in stamps if next((q for q in quotes if q[0] <= x[0] - s.start < q[1]), None) in (None, home)]


def _same_clause_stamps(s: Sentence, c: Cue, stamps: list[tuple]) -> list[tuple]:
    """The dates of the cue's clause when it has some, else all the sentence's."""
    at = s.start + c.start
    mine = [x for x in stamps if not CLAUSE_BREAK.search(unbracketed(s.text[min(x[1], at) - s.start:max(x[0], at) - s.start]))]
    return mine or stamps
