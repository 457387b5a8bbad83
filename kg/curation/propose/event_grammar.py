"""The grammar of happenings: which cue words of a sentence (``event_words``) report one.

A verb in the past (or a present perfect, a passive) reports a happening, unless it describes a
noun ("banned markets", "newly unsealed filings", "quotas imposed by others" when undated), sits
under a negation or a modal ("could be charged"), or stands in a quotation. A present tense
("investigates"), a gerund, or a base form after "will"/"to" reports one only with a date in
the sentence (headline-like and generic statements otherwise). A noun ("the indictment", "an
investigation", "talks") names one when the sentence dates it, places it ("talks in Lisbon"), or
a verb that only says it took place has it as object ("opened an investigation", "issued a
statement": the noun gives the type); a noun that is the object of another happening ("postponed
the release") is that happening. ``screened`` gives every cue with the reason these rules leave
it out (the event model, ``event_model``, weighs that reason with other signals).
"""
from __future__ import annotations

import re

from kg.curation.propose.event_cues import (QUOTE, joined, plural_noun, progressive, quoted, reduced_relative,
                                            subject_or_after_its, told_again)
from kg.curation.propose.event_words import LIGHT_VERBS, NOUNS, OWN_DATE_ONLY, Cue, find, light_verb_before

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
CLAUSE_BREAK = re.compile(r"[,;:—–()\"“”]")
_NEEDS_DATE = {"Request", "Milestone"}
_WILL = re.compile(r"\b[A-Z][\w.’'-]*\s+will\s+(?:(?:soon|also|now|no longer|\w+ly)\s+)?$")
_ACTS = {"Rescission", "Approval", "Agreement", "Charge", "Listing", "Vote", "Ban", "PolicyChange", "Suspension",
         "Acquisition", "Penalty", "Investigation", "Intervention", "Establishment", "Release", "Closure"}
_SAID = {"Statement", "Publication"}
_STATE = re.compile(r"\s+(?:\w+\s+)?(?:for (?:some time|years|months|decades|a while|(?:\w+|\d+) (?:years|months))|every|each)\b")



def happenings(sentence: str, stamps: list[tuple[int, int]]) -> list[Cue]:
    """The cues of ``sentence`` that report a happening (see the module's description), in order;
    ``stamps``: where the sentence gives a date (offsets into it)."""
    return settled(sentence, [c for c, why in screened(sentence, stamps) if why is None])


def settled(sentence: str, kept: list[Cue]) -> list[Cue]:
    """The happenings of ``kept`` once a noun and a verb of one happening are one (``_settle``)
    and a noun told again gives way (``told_again``)."""
    return told_again(sentence, _settle(sentence, kept))


def screened(sentence: str, stamps: list[tuple[int, int]]) -> list[tuple[Cue, str | None]]:
    """Every cue of ``sentence`` (its form read as a noun where the grammar says so) with the
    reason the rules leave it out, or None when they report it as a happening."""
    quotes = quoted(sentence)
    cues = joined(sentence, find(sentence))
    out: list[tuple[Cue, str | None]] = []
    for c in cues:
        form = c.form
        inside = next(((a, b) for a, b in quotes if a <= c.start < b), None)
        dated = bool(stamps) if inside is None else any(inside[0] <= a < inside[1] for a, _ in stamps)
        before = _words(sentence[:c.start])
        if form in ("present", "base", "ing") and NOUNS.get(c.text.lower()) == c.type and \
                not (before and before[-1] in ("will", "to")):
            form = "noun"
        cue = Cue(c.type, form, c.start, c.end, c.text)
        out.append((cue, _why_not(sentence, cue, cues, stamps, before, inside, dated,
                                  [k for k, why in out if why is None])))
    return out


def _why_not(sentence: str, c: Cue, cues: list[Cue], stamps: list[tuple[int, int]], before: list[str],
             inside: tuple | None, dated: bool, kept: list[Cue]) -> str | None:
    """Why the rules do not report the cue ``c`` as a happening (None: they do)."""
    form = c.form
    if form != "noun" and _DOUBT & set(before[-3:]):
        return "doubt"
    if plural_noun(sentence, c):
        return "plural"
    if form != "noun" and c.text.lower() in OWN_DATE_ONLY and (form == "base" or not _own_date(sentence, c, cues, stamps)
                                                                and not (not before and _opening_dated(sentence, c, stamps))):
        return "saying-undated"     # "X said that ..." is a claim; "X said on Tuesday" a dated statement
    if _STATE.match(sentence[c.end:]):
        return "state"      # "restricted for some time", "an investigation every 12 hours": a state or a habit
    if c.type == "MarketMove" and not _MARKET.search(sentence[:c.start]):
        return "no-market"
    if c.type in _NEEDS_DATE and not dated or c.type == "Statement" and not dated and QUOTE.search(sentence[:c.start]):
        return "needs-date"     # an undated "X said in a statement" after a quotation attributes it: a claim
    if form == "past" and not dated and before[-1:] in (["is"], ["are"]):
        return "state"      # "chips that are restricted": a state
    if form == "past" and (_attributive(sentence, c, before) or _reduced_passive(sentence, c, before) and not dated
                           or reduced_relative(sentence, c) and not _own_date(sentence, c, cues, stamps)):
        return "describes"
    if form == "ing" and not (progressive(before, dated) or dated and c.type == "MarketMove"
                              or not before and _opening_dated(sentence, c, stamps)):
        return "gerund"
    if form == "base" and before[-1:] == ["to"] and any(k.form in ("past", "phrase") for k in kept):
        return "purpose"    # "signed an agreement on Monday to expand the hub": the purpose of a happening told
    if form in ("present", "base") and not (dated and (form == "present" or before and before[-1] in ("will", "to"))
                                           or form == "base" and inside is None and _WILL.search(sentence[:c.start]) and c.type in _ACTS):
        return "undated-plan"   # an undated base form only after a named actor's "will" ("The United States will revoke")
    if form == "noun" and not _named_happening(sentence, c, cues, stamps):
        return "noun"
    return None


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
            if v.type == n.type and same_clause(sentence, v, n):
                drop.add(i)
            elif same_clause(sentence, v, n) and not (v.start >= n.end and light_verb_before(sentence, n.start)):
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
        between = unbracketed(sentence[lo:hi]).split()
        near = len(between) <= 3 or a >= c.end and len(between) <= 8 and between[0] in ("from", "by", "of", "sent")
        if 0 <= hi - lo <= 80 and near and not CLAUSE_BREAK.search(unbracketed(sentence[lo:hi])) and \
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


def same_clause(sentence: str, a: Cue, b: Cue) -> bool:
    lo, hi = (a, b) if a.start < b.start else (b, a)
    between = sentence[lo.end:hi.start]
    return not CLAUSE_BREAK.search(between) and len(between.split()) <= 8


def _opening_dated(sentence: str, c: Cue, stamps: list[tuple[int, int]]) -> bool:
    """A participle opening the sentence with a date in its clause ("Speaking at X on Wednesday,")."""
    return any(a >= c.end and not CLAUSE_BREAK.search(sentence[c.end:a]) for a, _ in stamps)


def unbracketed(s: str) -> str:
    """Text with short asides in brackets ("(EU)", "(the Act)") left out; so is the bracket that
    opens a date at its end or closes one at its start ("said (on June 3)": the text between a cue
    and its date)."""
    s = re.sub(r"\([^()]{0,40}\)", " ", s)
    return re.sub(r"\(\s*(?:on|in|at|from|since)?\s*$", " ", re.sub(r"^\s*\)", " ", s))


def _words(s: str) -> list[str]:
    return [w.lower() for w in re.findall(r"[\w’']+", s)]


def _first_word(s: str) -> str:
    m = re.match(r"\s*([\w’']+)", s)
    return m.group(1) if m else ""
