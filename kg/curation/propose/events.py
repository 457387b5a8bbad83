"""Events: dated happenings a text reports (court steps, official actions, corporate moves,
trips, meetings, statements; the classes are in ``event_words``), read from the grammar around a
cue word, one proposal per type and date in a sentence.

A verb in the past (or a present perfect, a passive) reports a happening, unless it describes a
noun ("banned markets", "newly unsealed filings", "quotas imposed by others" when undated), sits
under a negation or a modal ("could be charged"), or stands in a quotation. A present tense
("investigates"), a gerund, or a base form after "will"/"to" reports one only with a date in
the sentence (headline-like and generic statements otherwise). A noun ("the indictment", "an
investigation", "talks") names one when the sentence dates it, places it ("talks in Lisbon"), or
a verb that only says it took place has it as object ("opened an investigation", "issued a
statement": the noun gives the type); a noun that is the object of another happening ("postponed
the release") is that happening. The event type is the class of its cue.

An event's ``date``: see ``event_dates``. ``participants``: the known actors the sentence names
(IRIs); ``participant_labels``: the candidate entities it names. A happening told again without
a date (same type, and same month or a shared participant) becomes another occurrence of its
first dated telling.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from datetime import date

from kg.curation.propose.event_cues import (QUOTE, joined, plural_noun, progressive, quoted, reduced_relative,
                                            subject_or_after_its, told_again)
from kg.curation.propose.event_dates import anaphoric, pick, relative, timeline_entry
from kg.curation.propose.event_retelling import retold, verdict_parts
from kg.curation.propose.event_words import LIGHT_VERBS, NOUNS, OWN_DATE_ONLY, Cue, find, light_verb_before
from kg.curation.propose.lexicon import Lexicon
from kg.curation.propose.naming import headlines, in_headline
from kg.curation.propose.proposals import Proposal
from kg.curation.propose.text import Sentence

_AUX = {"is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "it", "they", "he", "she", "we"}
_ATTRIBUTIVE_BEFORE = {"the", "a", "an", "its", "their", "his", "her", "our", "these", "those", "into", "of", "in",
                       "on", "for", "from", "with", "to", "such", "any", "some", "other", "all", "no", "newly",
                       "more", "less", "most", "least", "very", "so", "too"}
_NOT_A_NOUN_AFTER = {"by", "to", "in", "on", "at", "with", "for", "from", "as", "a", "an", "the", "its", "his", "her",
                     "their", "it", "them", "him", "that", "which", "after", "before", "last", "this", "over", "into",
                     "against", "and", "or", "but", "earlier", "yesterday", "today", "since", "under", "up", "down",
                     "off", "out", "more", "than", "about", "some", "two", "three", "four", "five"}
_DOUBT = {"not", "nor", "never", "n't", "could", "would", "might", "if", "unless", "whether", "can", "cannot", "should"}
_MARKET = re.compile(r"\b(?:(?<!market )shares?|stocks?|prices?|index|indices|markets?(?! shares?\b)|valuation|futures)\b", re.I)
_CLAUSE_BREAK = re.compile(r"[,;:—–()\"“”]")
_STANDS_FOR = re.compile(r"\b(?:[Ii]t|[Hh]e|[Ss]he|[Tt]hey|[Tt]he (?:company|firm|group|ministry|department|agency|"
                        r"government|court|regulator|bureau|commission))\b")
_ANAPHORIC_YEAR = re.compile(r"(?i)the (?:next|following) year$")    # after the last year told: see anaphoric()
_NEEDS_DATE = {"Request", "Milestone"}
_WILL = re.compile(r"\b[A-Z][\w.’'-]*\s+will\s+(?:(?:soon|also|now|no longer|\w+ly)\s+)?$")
_ACTS = {"Rescission", "Approval", "Agreement", "Charge", "Listing", "Vote", "Ban", "PolicyChange", "Suspension",
         "Acquisition", "Penalty", "Investigation", "Intervention", "Establishment", "Release", "Closure"}
_SAID = {"Statement", "Publication"}
_STATE = re.compile(r"\s+(?:\w+\s+)?(?:for (?:some time|years|months|decades|a while|(?:\w+|\d+) (?:years|months))|every|each)\b")


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
        cues = timeline_entry(s.text, happenings(s.text, local))
        for c in cues:
            free = _outside_quotes(s, c, stamps)     # and not another cue's close date:
            free = [x for x in free if _owner(s, x, cues) in (None, c)] or free
            when = pick(_owned(s, c, cues, _same_clause_stamps(s, c, free)), s.start + c.start, published)
            if (c.type, when.get("date")) in seen:
                continue    # one event per type and date in a sentence
            seen.add((c.type, when.get("date")))
            start, end = s.start + c.start, s.start + c.end
            opener = re.match(r"\W*(?:\w+\s+){0,2}?(?:on|in)\s+[^,]{3,20},\s", s.text, re.I)
            if opener and when.get("date") and c.start >= opener.end() and \
                    any(x[2] == when["date"] and x[0] - s.start < opener.end() for x in stamps):
                start = s.start + len(s.text) - len(s.text.lstrip())    # "On April 9, the government told"
            clause = _CLAUSE_BREAK.split(s.text[c.end:], maxsplit=1)[0]
            end = min(s.end, end + len(" ".join(clause.split()[:6])) + (1 if clause[:1] == " " else 0))
            fields = {"type": c.type, "label": f"{c.type}: {text[start:end]}"}
            fields.update(when)
            fields["participants"], fields["participant_labels"] = who
            if not any(who) and _STANDS_FOR.search(s.text[:c.start]):
                fields["participants"], fields["participant_labels"] = last_who     # "it said on Tuesday"
            out.append(Proposal("event", start, end, text[start:end], s.text, s.start, s.end, fields))
        last_who = who if any(who) else last_who
    return retold(verdict_parts(out))


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
    near = [o for o in cues if s.start + o.end <= x[0] and not _CLAUSE_BREAK.search(_unbracketed(
        s.text[o.end:x[0] - s.start])) and len(s.text[o.end:x[0] - s.start].split()) <= 6]
    return max(near, key=lambda o: o.end) if near else None


def happenings(sentence: str, stamps: list[tuple[int, int]]) -> list[Cue]:
    """The cues of ``sentence`` that report a happening (see the module's description), in order;
    ``stamps``: where the sentence gives a date (offsets into it)."""
    quotes = quoted(sentence)
    cues = joined(sentence, find(sentence))
    kept: list[Cue] = []
    for c in cues:
        form = c.form
        inside = next(((a, b) for a, b in quotes if a <= c.start < b), None)
        dated = bool(stamps) if inside is None else any(inside[0] <= a < inside[1] for a, _ in stamps)
        before = _words(sentence[:c.start])
        if form in ("present", "base", "ing") and NOUNS.get(c.text.lower()) == c.type and \
                not (before and before[-1] in ("will", "to")):
            form = "noun"
        if form != "noun" and _DOUBT & set(before[-3:]) or plural_noun(sentence, Cue(c.type, form, c.start, c.end, c.text)):
            continue
        if form != "noun" and c.text.lower() in OWN_DATE_ONLY and (form == "base" or not _own_date(sentence, c, cues, stamps)
                                                                    and not (not before and _opening_dated(sentence, c, stamps))):
            continue    # "X said that ..." is a claim; "X said on Tuesday" a dated statement
        if _STATE.match(sentence[c.end:]):
            continue    # "restricted for some time", "an investigation every 12 hours": a state or a habit
        if c.type == "MarketMove" and not _MARKET.search(sentence[:c.start]):
            continue
        if c.type in _NEEDS_DATE and not dated or c.type == "Statement" and not dated and QUOTE.search(sentence[:c.start]):
            continue    # an undated "X said in a statement" after a quotation attributes it: a claim
        if form == "past" and not dated and before[-1:] in (["is"], ["are"]):
            continue    # "chips that are restricted": a state
        if form == "past" and (_attributive(sentence, c, before) or _reduced_passive(sentence, c, before) and not dated
                               or reduced_relative(sentence, c) and not _own_date(sentence, c, cues, stamps)):
            continue
        if form == "ing" and not (progressive(before, dated) or dated and c.type == "MarketMove"
                                  or not before and _opening_dated(sentence, c, stamps)):
            continue
        if form == "base" and before[-1:] == ["to"] and any(k.form in ("past", "phrase") for k in kept):
            continue    # "signed an agreement on Monday to expand the hub": the purpose of a happening told
        if form in ("present", "base") and not (dated and (form == "present" or before and before[-1] in ("will", "to"))
                                               or form == "base" and inside is None and _WILL.search(sentence[:c.start]) and c.type in _ACTS):
            continue    # an undated base form only after a named actor's "will" ("The United States will revoke")
        if form == "noun" and not _named_happening(sentence, c, cues, stamps):
            continue
        kept.append(Cue(c.type, form, c.start, c.end, c.text))
    return told_again(sentence, _settle(sentence, kept))


def _settle(sentence: str, cues: list[Cue]) -> list[Cue]:
    """A noun and a verb of the same clause are one happening: the noun's when the verb only says
    it took place ("issued a statement"), the verb's otherwise ("postponed the release", "the
    report, which was published"); a noun after a verb of its own keeps it ("gave final approval
    to the law concluded in December": two happenings)."""
    drop: set[int] = set()
    for i, n in enumerate(cues):
        if n.form != "noun":
            continue
        for j, v in enumerate(cues):
            if j == i or v.form == "noun":
                continue
            if v.type == n.type and _same_clause(sentence, v, n):
                drop.add(i)
            elif _same_clause(sentence, v, n) and not (v.start >= n.end and light_verb_before(sentence, n.start)):
                own = v.end <= n.start and light_verb_before(sentence, n.start)
                light = own and re.search(re.escape(v.text) + r"\W+(?:\S+\s+){0,3}$", sentence[:n.start])
                if light or not own:    # "arrived ... and held talks": the noun has a verb of its own
                    drop.add(j if light else i)
    return [c for i, c in enumerate(cues) if i not in drop]


def _own_date(sentence: str, c: Cue, cues: list[Cue], stamps: list[tuple[int, int]]) -> bool:
    """A date of the cue's own: next to it, in its clause, no other cue between; or a date that
    opens the sentence ("On April 9, the government told ...") before the first cue."""
    others = [o for o in cues if o is not c]
    for a, b in stamps:
        lo, hi = (c.end, a) if a >= c.end else (b, c.start)
        between = _unbracketed(sentence[lo:hi]).split()
        near = len(between) <= 3 or a >= c.end and len(between) <= 8 and between[0] in ("from", "by", "of", "sent")
        if 0 <= hi - lo <= 80 and near and not _CLAUSE_BREAK.search(_unbracketed(sentence[lo:hi])) and \
                not any(lo <= o.start < hi for o in others):
            return True     # "said on Tuesday", "a press release from the Department (DOJ) on Thursday"
        if re.match(r"\W*(?:(?:But|And|Then|Also|Yet|So|However,?|Meanwhile,?)\s+)?(?:(?:On|In|By|As of|Late|Early)\s+)?$",
                    sentence[:a], re.I) and sentence[b:b + 1] == "," and \
                not any(b <= o.start < c.start for o in others):
            return True
    return False


def _named_happening(sentence: str, c: Cue, cues: list[Cue], stamps: list[tuple[int, int]]) -> bool:
    if _own_date(sentence, c, cues, stamps):
        return True
    if light_verb_before(sentence, c.start) and not _light_attributive(sentence[:c.start]):
        return True
    if c.type in _SAID:
        return False    # "Anthropic's warning", "the statement of X": what was said, not its saying
    after = sentence[c.end:]
    if subject_or_after_its(sentence, c):
        return True     # "The weeklong trip included ...", "following his arrest"
    if re.match(r"\s+(?:in|at)\s+(?:[A-Z][\w-]+)", after) or re.search(r"\bunder\s+(?:[\w.-]+\s+){0,2}$", sentence[:c.start]):
        return True     # "talks in Lisbon", "under criminal investigation"
    if re.match(r"\s+of\s+(?:[A-Z][\w-]+)", after) or re.search(r"[A-Z][\w.-]*(?:'s|’s)\s+(?:\w+\s+)?$", sentence[:c.start]):
        return True     # "the indictment of Rufus", "Rufus's arrest"
    return False


def _light_attributive(before: str) -> bool:
    """Whether the verb before a noun only describes it ("newly unsealed court filings", "the
    signed deal"): nothing or a determiner or an -ly word stands before that verb."""
    m = LIGHT_VERBS.search(before[-60:])
    words = _words(before[:len(before) - len(before[-60:]) + m.start()]) if m else ["x"]
    return not words or words[-1] in _ATTRIBUTIVE_BEFORE or words[-1].endswith("ly") and words[-1] not in ("early", "only")


def _outside_quotes(s: Sentence, c: Cue, stamps: list[tuple]) -> list[tuple]:
    """The dates a cue may take: a date inside a quotation (a title, words quoted) dates only what
    the quotation says."""
    quotes = quoted(s.text)
    home = next((q for q in quotes if q[0] <= c.start < q[1]), None)
    return [x for x in stamps if next((q for q in quotes if q[0] <= x[0] - s.start < q[1]), None) in (None, home)]


def _same_clause_stamps(s: Sentence, c: Cue, stamps: list[tuple]) -> list[tuple]:
    """The dates of the cue's clause when it has some, else all the sentence's."""
    at = s.start + c.start
    mine = [x for x in stamps if not _CLAUSE_BREAK.search(_unbracketed(s.text[min(x[1], at) - s.start:max(x[0], at) - s.start]))]
    return mine or stamps


def _attributive(sentence: str, c: Cue, before: list[str]) -> bool:
    """A participle that describes the noun after it ("into banned markets", "newly unsealed
    filings")."""
    before = _words(re.split(r"[—–:]", sentence[:c.start])[-1])     # "Tier 1 — Prohibited practices"
    while before and before[-1].endswith("ly") and before[-1] not in ("early", "only"):
        before = before[:-1]
    nxt = _words(sentence[c.end:])[:1]
    return bool((not before or before[-1] in _ATTRIBUTIVE_BEFORE) and nxt and nxt[0][:1].isalnum()
                and nxt[0] not in _NOT_A_NOUN_AFTER and sentence[c.end:c.end + 1] == " "
                and nxt[0] == _first_word(sentence[c.end:]).lower())


def _reduced_passive(sentence: str, c: Cue, before: list[str]) -> bool:
    """A participle after a noun and before "by", with no auxiliary: it describes the noun (unless
    the sentence dates it: "the rule, introduced by X in January 2025")."""
    after = sentence[c.end:].split()
    return bool(after and after[0] == "by" and before and before[-1] not in _AUX and c.text.endswith("ed"))


def _same_clause(sentence: str, a: Cue, b: Cue) -> bool:
    lo, hi = (a, b) if a.start < b.start else (b, a)
    between = sentence[lo.end:hi.start]
    return not _CLAUSE_BREAK.search(between) and len(between.split()) <= 8


def _opening_dated(sentence: str, c: Cue, stamps: list[tuple[int, int]]) -> bool:
    """A participle opening the sentence with a date in its clause ("Speaking at X on Wednesday,")."""
    return any(a >= c.end and not _CLAUSE_BREAK.search(sentence[c.end:a]) for a, _ in stamps)


def _unbracketed(s: str) -> str:
    """Text with short asides in brackets ("(EU)", "(the Act)") left out."""
    return re.sub(r"\([^()]{0,40}\)", " ", s)


def _words(s: str) -> list[str]:
    return [w.lower() for w in re.findall(r"[\w’']+", s)]


def _first_word(s: str) -> str:
    m = re.match(r"\s*([\w’']+)", s)
    return m.group(1) if m else ""
