"""What the words of an attribution point back to, for the claim rules (``speakers``): the subject
of a sentence, which a pronoun or a description in the next sentence most often continues ("The
Commerce Department on Friday added 12 firms to its list. “...,” it said": the department, not
a speaker heard two paragraphs before); a short name or a bare noun that repeats the last word of
an actor's name ("the Commission" after "the European Commission"); a person named between
commas after a role ("His lawyer, Dana Holt, said"); a document's author given in an aside ("The
report, published by X, argues"); and a speaker named after a long title ("..., said U.S.
Attorney for the District of Oregon Paul Crane").
"""
from __future__ import annotations

import re

from kg.curation.propose.actors import Reader, Said, Spans, maybe_person, role_speaker
from kg.curation.propose.saying import (DOCUMENTS, HEAD_KINDS, NOT_TITLE, PLURAL_HEADS, ROLE_NP, ROLE_SET, WORKS,
                                        name_gender, plural)
from kg.curation.propose.text import FUNCTION_WORDS, Sentence

# what may follow a sentence's subject before its verb: a ticker or acronym in brackets, an aside
# between commas, auxiliaries and a time ("Hut 8 (HUT.O) on Monday said", "X, which ..., has denied")
_AFTER_SUBJECT = re.compile(r"\.?(?:\s*\([^()]{0,30}\))?(?:\s*,[^,“”\"]{1,90},)?\s+(?:(?:has|have|had|is|was|were|are|will|"
                            r"would|also|then|on\s+\w+|last\s+\w+|earlier\s+\w+)\s+)*(?-i:[a-z])")


def sentence_subject(r: Reader, s: Sentence) -> Said | None:
    """The actor a sentence opens with as its subject: its first actor outside quotations, after at
    most a leading phrase closed by a comma and three words of description ("On Friday, the US
    Commerce Department added", "Chinese tech giant Huawei said"), and followed by its verb; None
    when the first actor is governed by a preposition ("Sales to Nvidia fell") or possessed."""
    a = _opening_actor(r, s, s.end)
    return r.named(a) if a is not None and _AFTER_SUBJECT.match(r.text, a[1], s.end) else None


def _opening_actor(r: Reader, s: Sentence, hi: int) -> tuple | None:
    """The first actor outside quotations in ``s`` (ending by ``hi``) when only a leading phrase
    closed by a comma and at most three words that are no function words ("the" aside) come before it."""
    first = [a for a in r.outside.between(s.start, hi) if a[1] <= hi and not r.qualifier(a)]
    if not first:
        return None
    before = r.text[s.start:first[0][0]]
    if "," in before and len(before.split()) <= 9:
        before = before[before.rfind(",") + 1:]     # "On Friday, the ..."
    words = before.split()
    if len(words) > 3 or re.search(r"[“”\"(]", before) or any(w.lower() in FUNCTION_WORDS - {"the"} for w in words):
        return None
    return first[0]


def note_subject(r: Reader, s: Sentence) -> None:
    r.subjects.append((s.start, sentence_subject(r, s)))


def recent_subject(r: Reader, at: int, fits, back: int = 3) -> Said | None:
    """The subject of one of the ``back`` sentences before ``at`` (the nearest first) when it is
    newer than the latest speaker and ``fits`` it: a pronoun or a description continues the
    sentences just before, not a speaker heard earlier ("Huawei launched a chip in May. It is made
    by SMIC. “...,” it said": Huawei)."""
    last = r.said[-1] if r.said else None
    since = r.said_in[-1] if r.said_in else -1
    for start, sp in reversed([x for x in r.subjects if x[0] < at][-back:]):
        if start <= since:
            return None
        if sp is not None and fits(sp):
            return None if last is not None and last.prop is sp.prop and sp.prop is not None else sp
    return None


def by_last_word(r: Reader, head: str, before: int) -> tuple[Said, str] | None:
    """The speaker, else the actor, named before whose name ends with ``head`` ("the Commission"
    after "the European Commission", "the department" after "the Justice Department")."""
    word = head.lower()

    def ends(label: str) -> bool:
        parts = label.lower().split()
        return len(parts) > 1 and parts[-1] in (word, word + "s")
    for sp in reversed(r.said):
        if ends(sp.label):
            return sp, "latest speaker"
    for a in reversed(r.outside.items):
        if a[1] <= before and ends(a[2].fields.get("label") or a[2].text):
            return r.named(a), "latest actor"
    return None


def named_in_commas(r: Reader, start: int, raw: str) -> Said | None:
    """A person named between commas after a role, as the subject: "His lawyer, Dana Holt, said"."""
    m = re.search(r"(?P<role>[\w-]+)\s*,\s*(?P<name>[^,“”\"]{2,40}?)\s*,\s*$", raw)
    if not m or m.group("role").lower() not in ROLE_SET:
        return None
    lo, hi = start + m.start("name"), start + m.end("name")
    people = [a for a in r.actors.between(lo, hi) if a[1] <= hi and r.named(a).kind == "Person"]
    return r.named(people[0]) if people else None


def author_aside(r: Reader, lo: int, hi: int) -> Said | None:
    """The author an aside gives a document: "The report, published by the Center for X, argues"."""
    for a in r.outside.between(lo, hi):
        if a[1] <= hi and re.search(r",\s*(?:[a-z]+\s+){0,2}by\s+(?:the\s+)?$", r.text[lo:a[0]]):
            return r.named(a)
    return None


def named_after(text: str, at: int, end: int, actors: Spans):
    """The speaker named right after a verb that closes a quotation or clause: "..., said MIDF
    Research", "..., said spokesperson Thomas Regnier", "..., said Commerce Department spokesman
    Benno Kass" (a person in the words before the first stop, else the first actor there); never an
    actor that what is said starts with."""
    masked = re.sub(r"\b([A-Z][a-z]{1,3}|[A-Z](?=\.\s+[A-Z]))\.", r"\1 ", text[at:end])   # "Sen. Blackburn", "Matthew G. Olsen"
    stop = re.search(r"[,.;:()“”\"]|\s(?:at|in|on|to|of|for|during|after|before)\s", masked)
    window = text[at:at + stop.start()] if stop else text[at:end]
    if len(window.split()) > 6:
        return None
    near = [a for a in actors.between(at + 1, at + len(window)) if a[1] <= at + len(window) + 1]
    words = [w.lower() for w in text[at:near[0][0]].split()] if near else []
    if not near or any(w in NOT_TITLE or w in ("the", "a", "an", "this") and nxt not in ROLE_SET | _TITLE_WORDS
                       for w, nxt in zip(words, words[1:] + [""])):
        return None     # "..., alleged that China agreed", "said the incident underscores Beijing's ...": what is said
    if re.match(r"(?:[’']s)?\s+(?:could|would|will|was|were|is|are|had|has|have|may|might|should|must|did|does|"
                r"(?-i:[a-z]+ed))\b", text[near[0][1]:end]):
        return None     # "..., said Nikon could be affected": Nikon is what is said about
    return next((a for a in near if a[3] == "Person"), near[0])


# lower-case words a title before a name may hold ("said the deputy head of ...", "said senior analyst X")
_TITLE_WORDS = {"chief", "head", "deputy", "senior", "vice", "former", "acting", "general", "assistant", "principal",
                "managing", "founder", "co-founder", "partner", "professor", "fellow", "counsel", "manager", "leader"}


_TITLED = re.compile(r"\s+(?:(?:[A-Z][\w.’'-]*|of|for|the|and|in|on)\s+){1,10}?(?P<name>(?-i:[A-Z][a-z][\w’'-]+)"
                     r"(?:\s+[A-Z]\.)?(?:\s+(?-i:[A-Z][\w’'-]+)){1,2})\s*(?:[.,;]|$)")


def titled_name_after(text: str, at: int, end: int) -> Said | None:
    """A person named after the verb behind a title that holds "of" or "for" ("..., said U.S.
    Attorney for the District of Oregon Paul Crane."): the last two or three capitalised words
    before the stop, when they start with a given name."""
    m = _TITLED.match(text, at, end)
    if not m:
        return None
    words = m.group("name").split()
    for k in range(len(words) - 1):
        if name_gender(f"{words[k]} {words[k + 1]}"):     # the given name first
            return Said(None, "Person", " ".join(words[k:]))
    return None


def pronoun_speaker(r: Reader, s: Sentence, pronoun: str, lead: str, end: int) -> tuple[Said, str] | None:
    """Who "he", "she", "it" or "they" before a verb of saying is: the subject of a sentence newer
    than the latest speaker (this one's, else an earlier one's), else the latest speaker, else
    (after a quotation) a speaker guessed a company that may be a person, else the last actor."""
    fits = lambda sp: r.fits(sp, pronoun)    # noqa: E731
    own = sentence_subject(r, s)
    if own is not None and own.at < end - len(pronoun) and fits(own):
        return own, "latest subject"        # "The ministry issued rules, and it said ..."
    subject = recent_subject(r, s.start, fits)
    if subject is not None:
        return subject, "latest subject"
    last = r.said[-1] if r.said else None
    if last is not None and fits(last):
        return last, "latest speaker"
    if pronoun in ("he", "she") and last is not None and maybe_person(last) and re.search(
            r"[”\"],?\s*$", lead.rstrip()[:-len(pronoun)]):
        return last, "latest speaker"    # "..., he said." after a quotation: its speaker
    earlier = r.earlier(end - len(pronoun), pronoun)
    return (earlier, "latest actor") if earlier else None


def described_speaker(r: Reader, s: Sentence, t, described, lead: str, end: int) -> tuple[Said, str] | None:
    """Who a description before a verb of saying is ("the ministry", "The Commission", "the
    indictment", "Malaysia's trade ministry", "The Chinese embassy in The Hague"); None for a
    plural one held by a role ("Executives at both firms": the role's)."""
    head = described.group("head").lower()
    np0 = s.start + described.start()
    if head in PLURAL_HEADS:    # "The companies said": they speak together, as the words say
        if any(w.lower() in ROLE_SET for w in described.group(1).split()[:-1]):
            return None
        return Said(None, "People", re.sub(r"^(?:the|a|an)\s+", "", described.group(0).strip(" ,"), flags=re.I),
                    head), "description"
    inside = [a for a in r.outside.between(np0, end) if a[1] <= end]
    by = described.group("where") and re.match(r"\s+(?:by|from)\s", described.group("where"))
    if by:      # "a report by the Mercator Institute for China Studies": the name after "by", whole
        inside = [a for a in inside if a[0] >= s.start + described.start("where")][:1] or inside
    if head in WORKS and inside:
        return r.named(inside[-1]), "named in the description"   # "the Justice Department indictment", "a report by X"
    phrase = lead[described.start():]
    modifiers = described.group(1).split()[:-1]
    bare = re.match(r"the\s", phrase, re.I) and not modifiers   # "the statement", not "Charging documents"
    author = r.author(head, np0) if head in WORKS and bare else None
    if author is None and head in WORKS:
        author = author_aside(r, s.start + described.end("head"), t.start)
    if author is not None:
        return author, "author of the document"     # "the letter" after "Cotton’s letter"
    if head not in DOCUMENTS and re.match(r"the\s", phrase, re.I) and not described.group("where") \
            and not any(w[:1].isupper() for w in modifiers):
        found = by_last_word(r, described.group("head"), np0)     # "the Commission", "the department"
        if found is not None:
            return found
    named_body = described.group("where") or re.match(r"(?:the|a|an)\s+(?-i:[A-Z])", phrase, re.I)
    words = re.sub(r"^(?:the|a|an)\s+", "", described.group(0).strip(" ,"), flags=re.I)
    if head not in DOCUMENTS and named_body:   # "The Chinese embassy in The Hague": a body of its own
        return Said(None, "GovernmentBody" if "GovernmentBody" in HEAD_KINDS.get(head, ()) else None,
                    _whole_name(r.text, np0, words)), "description"
    if not phrase.lower().startswith(("the", "a ", "an ")):
        return Said(None, None, described.group(0).strip(" ,")), "description"   # "Malaysia’s trade ministry"
    fits = HEAD_KINDS.get(head)
    subject = recent_subject(r, s.start, lambda sp: sp.kind in fits or sp.kind == "Actor" and bool(fits))
    if subject is not None:
        return subject, "latest subject"
    last = r.said[-1] if r.said else None
    if last is not None and (last.kind in fits or last.kind == "Actor" and fits):
        return last, "latest speaker"
    earlier = r.outside.last_before(np0, fits)
    if earlier:
        return r.named(earlier), "latest actor"
    kind = sorted(fits)[0] if fits else None     # "the watchdog" is a body "it" can stand for later
    return Said(None, kind, described.group(0).strip(" ,")), "description"


def _whole_name(text: str, np0: int, words: str) -> str:
    """A body's words with the capitalised name its possessive starts from: "U.S. Attorney's office
    in Boston", not "Attorney's office in Boston"."""
    run = re.search(r"(?:(?-i:[A-Z][\w.&-]*)\s+){1,3}$", text[max(0, np0 - 40):np0])
    lead = re.sub(r"^The\s+", "", run.group(0)) if run else ""
    return (lead + words).strip() if run and re.match(r"[\w-]+[’']s\s", words) else words


def opening_subject(r: Reader, s: Sentence, raw: str) -> Said | None:
    """The actor that opens a sentence and is followed by a comma, as the subject of a verb after a
    second comma: "Masahiko Hosokawa, a professor at ..., said Nikon could be affected", "John
    Quill (R-Ore.), chair of the committee, said the incident shows ..." (what follows the verb is
    what is said, whatever it names)."""
    if not raw.rstrip().endswith(",") or re.search(r"[“”\"]", raw):
        return None
    a = _opening_actor(r, s, s.start + len(raw))
    if a is None or not re.match(r"\.?(?:\s*\([^()]{0,30}\))?\s*,", r.text[a[1]:s.start + len(raw)]):
        return None
    return r.surname_of(r.named(a))



def coordinated(r: Reader, s: Sentence, found: list[tuple]) -> list[tuple]:
    """Two subjects of one verb: "X and Y said", "Musk and city officials have touted" give a claim by
    each (an actor named before a role or another actor, joined by "and")."""
    sp, verb, how, after = found[0]
    if how == "before the verb" and sp.at >= 0:
        at = sp.at
    elif how == "unnamed source" and sp.prop is None:   # "X and city officials": where the role's words begin
        at = r.text.find(sp.label, s.start, s.end)
    else:
        return found
    prev = r.outside.last_before(at - 1) if at > s.start else None
    if prev is not None and prev[0] >= s.start and prev[2] is not sp.prop and re.fullmatch(
            r"(?:\s*\([^()]{0,20}\))?,?\s+and\s+(?:the\s+)?", r.text[prev[1]:at]):
        return [(r.named(prev), verb, "before the verb", after)] + found
    return found


def cited_speaker(r: Reader, lo: int, hi: int) -> tuple[Said, str]:
    """Who one cites or quotes as saying ("cited a U.S. official as saying", "quoted Nvidia's chief
    Jensen Huang as saying"): an actor named there (a person first), else the role's speaker, else
    the words: (speaker, how it was found)."""
    inside = [a for a in r.outside.between(lo, hi) if a[1] <= hi and not r.qualifier(a)]
    best = next((a for a in inside if r.named(a).kind == "Person"), None)
    words = r.text[lo:hi]
    role = ROLE_NP.search(words) if best is None else None
    if role:
        return role_speaker(r, role, lo + role.start("np"), hi)     # "a U.S. official" names no one
    best = best or next((a for a in reversed(inside) if a[3] != "State"), None)
    if best is not None:
        return r.named(best), "after the verb"
    words = re.sub(r"^(?:the|a|an)\s+", "", words.strip(), flags=re.I)
    return Said(None, "People" if plural(words.split()[-1]) else "Person", words, words.split()[-1]), "unnamed source"


def relative(r: Reader, s: Sentence, at: int):
    """The speaker of a relative clause: the actor or the nouns before "who" ("a win for consumer
    groups and Democrats, who had argued"), back to the preposition or verb that governs them."""
    before = re.sub(r"\s+(?:earlier|later|last|this|on|in)\s+(?:this\s+)?\w+(?:\s+\d{1,2})?\s*$", "",
                    r.text[s.start:at].rstrip(" –—"))     # "President-elect Donald Trump – who has criticized"
    at = s.start + len(before)      # "indicated by Minister X earlier this month, who mentioned": X
    words = re.search(r"^.*(?:^|\b(?:by|for|from|of|with|to|among|including|than|before|after|against|about)\s+|[;:]\s*)((?:[\w.’'-]+,?\s+){0,9}?"
                      r"[\w.’'-]+)\s*$", before, re.S)     # the words after the last preposition ("was praised by X, who")
    if not words:
        return None
    last = r.outside.last_before(at)
    title = words.group(1)[:len(words.group(1)) - (last[1] - last[0])].split() if last is not None else ["x"]
    if last is not None and last[1] >= at - 1 and (len(words.group(1).split()) <= len(last[2].fields.get("label", "").split())
                                                   or all(w[:1].isupper() for w in title)):    # "Finance Minister X"
        return r.named(last), "before the verb"
    label = re.sub(r"^(?:the|a|an)\s+", "", words.group(1).strip(" ,"), flags=re.I)
    return Said(None, "People", label, label.split()[-1]), "unnamed source"
