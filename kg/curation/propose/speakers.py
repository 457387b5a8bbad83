"""Claims attributed to who says them.

A claim is a sentence with a speaker and a verb of saying (``kg.curation.propose.saying``: "said",
"warns", the plain forms a plural subject takes, "prosecutors allege", phrases such as "made it
clear"; "added" and "announced" only before what is said, "shows" only of a document). No claim
comes from a headline, a question, a verb inside quotation marks, a passive ("was claimed to
be") or a verb spelled with a capital in mid-sentence ("the United States"). A verb that closes
the sentence's attribution ("..., the people said.", "..., Hut 8 added on Monday.") is read
before any verb inside what is reported. The speaker (``speaker_by`` says which rule found it):

- ``according to``: the source after "according to", "reported by", "revealed by", "per a report
  in", "Per X,", "as stated in the memorandum by": an actor named right there, unless a longer
  name starts with it ("the US Attorney's Office for ...", "Yoon's office"), else its words; an
  actor saying something before it, or a speaker in the clause after a leading "Per X," ("several
  MEPs have expressed concerns"), is a second speaker;
- ``after the verb``: the actor right after a verb that closes a quotation or clause ("...,
  said MIDF Research", "..., said spokesperson Thomas Regnier": a person first);
- ``latest speaker`` / ``latest actor``: for a pronoun, the latest speaker it can stand for, else
  the last actor named before: "he"/"she" a person (not one the text calls the other: "X said
  she", "Ms", "spokesman"), "it" an organisation, "they" a group, an organisation or an unnamed
  plural source; for a description ("the ministry", "the company") the latest speaker or actor of
  its kind; for a definite role ("the spokesperson", "the people") the speaker it points back to;
- ``latest subject``: for a pronoun or a description, the actor that opens a sentence newer than
  the latest speaker's as its subject (``kg.curation.propose.referents``): "The department added 12
  firms. “...,” it said" is the department's;
- ``named in the description``: a document qualified by an actor ("the Justice Department
  indictment"); ``author of the document``: "the letter" after "X's letter" or "X sent a
  letter"; ``description``: a description naming nobody ("the indictment", "court
  documents", "Malaysia's trade ministry"), the words themselves;
- ``role of a named actor``: a role naming an actor ("the MOFCOM spokesperson", "a spokesperson
  for X"; a country as its modifier names no one: "a U.S. official");
- ``unnamed source``: a role naming nobody ("people familiar with the matter", "prosecutors", "a
  U.S. official", "another source", "Industry trackers estimate that"): the words, with
  ``speaker_unnamed``; "the first source" is the first source heard; ``earlier words``: a definite
  role the text introduced by number ("the CEOs" after "46 CEOs"); ``defined in the text``: a
  short form the text defines ("the Minister" after "the Minister of X (the Minister)");
- ``before the verb``: the last actor before the verb when it is the subject (only its bracketed
  acronym or a role between; an appositive role, an aside or "on Tuesday" skipped);
- ``name before the verb``: capitalised words the proposer does not know as an actor, as the
  subject ("Hut 8 (HUT.O) said"); ``ranked``: another candidate ``kg.curation.propose.claimers``' model prefers.

"X and Y said" and "X said ..., while Y argued" give a claim by each; a participle after a comma
("..., warning that") is said by the sentence's subject; ``claimer_aliases`` holds the other name
the text defines for the speaker ("Department of Justice (DOJ)").

The proposal's fields, the words said and the text the rules read (guillemets as quotation marks,
no wire dateline) are ``kg.curation.propose.claim_record``'s; what pronouns and descriptions point
back to, ``kg.curation.propose.referents``'.

Actors are the known actors the text mentions and the candidate entities of an actor's kind
(``kg.curation.propose.actors``); a candidate speaker has no IRI yet (``claimer`` is None,
``claimer_label`` its name, and accepting the candidate first gives the claim its claimer).
"""
from __future__ import annotations

import re

from kg.curation.propose.actors import Reader, Said, Spans, a_name, is_subject, passive, role_speaker, subject_of
from kg.curation.propose.lexicon import Lexicon
from kg.curation.propose.naming import headlines, in_headline
from kg.curation.propose.proposals import Proposal
from kg.curation.propose.claim_record import claim, note_documents, reading
from kg.curation.propose.claimers import ranked
from kg.curation.propose.referents import (cited_speaker, coordinated, described_speaker, named_after, named_in_commas,
                                           note_subject, opening_subject, pronoun_speaker, relative, titled_name_after)
from kg.curation.propose.saying import (ACCORDING, ADVERBS, ALONG, APPOSITIVE, APPOSITIVE_WIDE, ASIDE, BARE, CITED, CLOSING, CONFORM,
                                        CLOSING_ONLY, DESCRIBED, DESCRIBING, DETERMINERS, DOCUMENTS, NAME, NOT_BEFORE_PLAIN,
                                        NOT_NAMES, PARTICIPLES, PHRASES, PLAIN, PLURAL_NP, PRONOUN, ROLE_NP, SAID_THING, SHOW,
                                        SPEECH, THAT_ONLY, WHEN, WORKS)
from kg.curation.propose.text import FUNCTION_WORDS, Sentence, Token, tokens

_VERBS = set(SPEECH) | SHOW | BARE | CLOSING_ONLY | THAT_ONLY | set(PARTICIPLES)   # every word that can be one


def claims(text: str, sents: list[Sentence], lex: Lexicon, named: list[Proposal]) -> list[Proposal]:
    stored, (text, sents) = text, reading(text, sents)
    r = Reader(text, lex, named)
    mentioned = Spans([(o[0], o[1], p.fields["entity"], None) for p in named if p.kind == "mention"
                        for o in p.fields.get("occurrences") or [[p.start, p.end]]])
    out: list[Proposal] = []
    heads = headlines(text)
    for s in sents:
        if in_headline(heads, s.start) and in_headline(heads, max(s.start, s.end - 1)):
            continue    # a headline says what the article reports, not who says it
        title = (s.start == len(text) - len(text.lstrip()) and "\n" in text[s.end:s.end + 2] or len(s.text.split()) <= 20
                 and re.search(r"\n\s*\n\s*$", text[:s.start]) and re.match(r"\s*\n\s*\n", text[s.end:])) \
            and s.text.rstrip()[-1:] not in ".!\"”"     # a first line, or one between blank lines, with no stop: a title
        # a question asks, it does not claim
        found = None if title or s.text.rstrip()[-1:] == "?" else ranked(r, s, _speaker(r, s))
        note_subject(r, s)
        for sp, verb, how, after in found or []:
            r.said.append(sp)
            r.said_in.append(s.start)
            note_documents(r, sp, verb, after)
            out.append(claim(r, stored, s, sp, verb, how, after, lex, mentioned))
    return out


def _speaker(r: Reader, s: Sentence):
    """(speaker, verb, how the speaker was found, the words after the verb) for sentence ``s``."""
    text = r.text
    acc = ACCORDING.search(s.text)
    if acc and (re.match(r"(?:(?:the|its|their|his|her|our)\s+)?(?:\w+\s+)?" + CONFORM, s.text[acc.end():], re.I) or re.search(
            r",\s+(?-i:[A-Z][\w.]*(?:\s+[A-Z][\w.]*){0,2})\s+report(?:s|ed)\s*[.!]?\s*$", s.text[acc.end():])):
        acc = None      # "according to their specifications": in keeping with; "..., according to X, Reuters reports."
    if acc:
        at = s.start + acc.end()
        after = r.actors.between(at, min(at + 40, s.end - 1))
        work = after and re.match(r"[’']s\s+(?:[a-z-]+\s+){0,2}(?:" + "|".join(WORKS) + r")\b", text[after[0][1]:s.end])
        if work and re.fullmatch(r"(?:the\s+)?", text[at:after[0][0]], re.I):     # "according to X's filing": X's
            return _and_subject(r, s, (r.named(after[0]), "according to", "according to", ""))
        if after and (re.match(r"\.?(?:[’']s)?\s+(?:[A-Z]|of\s+[A-Z]|for\s+the\s+[A-Z])|[’']s\s+[a-z]", text[after[0][1]:s.end])
                      or not re.fullmatch(r"(?:the\s+)?", text[at:after[0][0]], re.I)):
            after = []      # a longer name or another thing begins the source ("the US Attorney’s Office", "Yoon’s office")
        if after:
            return _and_subject(r, s, (r.named(after[0]), "according to", "according to", ""))
        m = re.match(r"(?:[^,.;:()“”\"]|\.(?=[\w’']))+?(?=\s+(?:who|which|that)\b|[,;:()“”\"]|\.(?![\w’'])|$)",
                     text[at:s.end])
        if m and m.group(0).split():
            words = " ".join(m.group(0).split()[:12])
            role = ROLE_NP.search(words)
            sp = role_speaker(r, role, at + role.start("np"), at + len(m.group(0)))[0] if role else None
            doc = re.fullmatch(r"the\s+(\w+)", words, re.I)
            if sp is None and doc and doc.group(1).lower() in WORKS:
                sp = r.author(doc.group(1).lower(), at)     # "according to the statement": whose statement
            if sp is None:
                words = re.sub(r"^(?:the|an?)\s+|(?:\s+[a-z]+(?:ed|en))?(?:\s+(?:on|last|this)\s+\w+)?$", "", words,
                               flags=re.I)   # "a complaint unsealed on Tuesday"
                sp = Said(None, None, words)
                work = [w for w in words.lower().split() if w in WORKS]
                if work and words.lower().split()[-1] == work[-1]:
                    r.documents[work[-1]] = sp      # "according to a ministry statement": "the statement" later
            return _and_subject(r, s, (sp, "according to", "according to", ""))
    verbs, phrases = [], [Token(m.group(0), m.start(), m.end(), "") for m in PHRASES.finditer(text, s.start, s.end)]
    for t in tokens(text, s.start, s.end) + phrases:
        w = t.text.lower()
        if w not in _VERBS and t not in phrases:
            continue
        if w in ("cited", "quoted", "cites", "quotes") and re.match(r"\s+(?:[^.;:“”\"]|\.(?=\S|\s+[a-z])){2,80}?\s+as\s+(?:" +
                                                                "|".join(PARTICIPLES) + r")\b", text[t.end:s.end]):
            continue    # "X cited a U.S. official as saying": the official says it
        if w in PARTICIPLES and not text[s.start:t.start].rstrip().endswith(",") \
                and not SAID_THING.search(text[s.start:t.start]) and not CITED.search(text[s.start:t.start]):
            continue    # "..., warning that", "a letter alleging" give the sentence's subject; "the warning" is a noun
        if w in THAT_ONLY and w not in SPEECH and not re.match(r"\s+that\b", text[t.end:s.end]):
            continue    # "the court ruled that ...", not "found a buyer"
        if t.text[:1].isupper() and t.start != s.start:
            continue    # "the United States": a name, not a verb
        if w == "called" and re.search(r"\b(?:an?|one|another)\s+(?:[\w-]+\s+){0,2}$|,\s*$", text[s.start:t.start], re.I) \
                and re.match(r"\s+(?-i:[A-Z])", text[t.end:s.end]):
            continue    # "a company called Jiangsu Hantang", "its company, called Dimagit": a name given
        if r.in_quote(t.start) or passive(text, s, t) or re.match(r"\s+(?:nothing|little)\b", text[t.end:s.end]) or \
                re.search(r"\b(?:whether|if)\b[^,;“”\"]*$", text[s.start:t.start], re.I):
            continue    # "unclear whether X warned", "If X warned ...,", "X said nothing": nothing claimed
        before = text[s.start:t.start].split()
        if w in PLAIN | SHOW and (not before or before[-1].lower().strip("’'") in NOT_BEFORE_PLAIN):
            continue    # "an estimate", "to warn": not a verb with its subject
        if before and (before[-1].lower() in DETERMINERS or re.search(r"\w[’']s$", before[-1])):
            continue    # "the alleged effort", "Tan’s alleged ties": an adjective
        if w in BARE and not re.match(r"(?:\s+(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|"
                                      r"yesterday)|\s+(?:last|this|earlier this)\s+(?:week|month|year))?\s*"
                                      r"(?:[,.:;“\"”]|(?:that|it|they|he|she|we)\b|$)", text[t.end:s.end]):
            continue    # "has added 14 companies": not a verb of saying
        closing = bool(CLOSING.match(text[t.end:s.end])
                       and re.search(r"[,”\"]\s*(?:\S+\s+){0,7}$", text[s.start:t.start]))
        quoted = closing and re.search(r"[”\"]\s*(?:\S+\s+){0,4}$", text[s.start:t.start])
        if w in CLOSING_ONLY and not re.match(r"\s+that\b", text[t.end:s.end]) and not quoted:
            continue    # "the trend continued": no attribution
        verbs.append((not closing, t.start, t))
    for *_, t in sorted(verbs, key=lambda v: v[:2]):     # an attribution closing the sentence first
        found = _for_verb(r, s, t)
        if found is not None:
            t, found = _relayed(r, s, t, found, verbs)
            return coordinated(r, s, [(*found, text[t.end:s.end])]) + _second_clause(r, s, t, found[0], verbs)
    return None


def _relayed(r: Reader, s: Sentence, t, found: tuple, verbs: list):
    """"X says ..., CNBC reported": a publisher reporting what a speaker it names says relays it;
    the claim is the speaker's, the subject of the sentence's first verb of saying."""
    if t.text.lower() not in ("reported", "reports") or found[0].kind != "Publisher":
        return t, found
    for *_, v in sorted((v for v in verbs if v[2].start < t.start), key=lambda v: v[2].start):
        inner = _for_verb(r, s, v)
        if inner is not None and inner[2] in ("before the verb", "name before the verb") and inner[0].prop is not found[0].prop:
            return v, inner
    return t, found


def _second_clause(r: Reader, s: Sentence, first, sp: Said, verbs: list) -> list[tuple]:
    """A second speaker in a clause of its own after the first verb: "X said ..., while Y argued
    ..." (a named actor, the subject of its verb)."""
    for *_, t in sorted((v for v in verbs if v[1] > first.start), key=lambda v: v[1]):
        if not re.search(r"(?:,\s*(?:while|whereas|but|and|as)|;)\s", r.text[first.end:t.start]):
            continue
        found = _for_verb(r, Sentence(s.start, s.end, s.text), t)
        if found and found[2] == "before the verb" and found[0].prop is not sp.prop and found[0].at > first.end:
            return [(*found, r.text[t.end:s.end])]
    return []


def _and_subject(r: Reader, s: Sentence, source: tuple) -> list[tuple]:
    """The source after "according to", and the actor the sentence names as saying something
    before it ("X confirmed ..., according to Y": two speakers)."""
    acc = ACCORDING.search(s.text)
    found = _speaker(r, Sentence(s.start, s.start + acc.start(), s.text[:acc.start()])) if acc.start() else None
    named = [f for f in found or [] if f[2] in ("before the verb", "after the verb", "author of the document")
             and (f[0].prop is not None or f[2] == "author of the document") and f[0].prop is not source[0].prop
             and f[0].label != source[0].label]     # "..., the statement added, per Reuters": its author too
    comma = s.text.find(",", acc.end())
    if not named and acc.start() < 3 and comma > 0:     # "Per X, several MEPs ... have expressed concerns"
        skip = comma + 1 + len(s.text[comma + 1:]) - len(s.text[comma + 1:].lstrip())
        rest = Sentence(s.start + skip, s.end, s.text[skip:])
        named = [f for f in _speaker(r, rest) or [] if f[2] not in ("latest speaker", "latest actor", "according to")]
    return named + [source]


def _for_verb(r: Reader, s: Sentence, t):
    text = r.text
    if t.text.lower() in PARTICIPLES:
        cited = CITED.search(text[s.start:t.start])     # "X cited a U.S. official as saying": the official
        if cited:
            sp, how = cited_speaker(r, s.start + cited.start("who"), s.start + cited.end("who"))
            return sp, t.text, how
        return subject_of(r, s, t)
    show = t.text.lower() in SHOW
    raw = text[s.start:t.start]
    opening = opening_subject(r, s, raw)
    if opening is not None:
        return opening, t.text, "before the verb"   # "X, a professor at Y, said Nikon could be hit": X
    described = raw.rstrip()[-1:] == "," and (DESCRIBING.search(raw) or named_in_commas(r, s.start, raw))
    if not show and t.text.lower() not in PLAIN | {"told", "tells"} and raw.rstrip()[-1:] in (",", "”", "\"") \
            and not described:     # "told Reuters": the one told, never the speaker
        named = named_after(text, t.end, s.end, r.actors)     # not after "X, a fund in Y, said": X says it
        if named is not None:
            return r.named(named), t.text, "after the verb"
        titled = titled_name_after(text, t.end, s.end)
        if titled is not None:
            return titled, t.text, "after the verb"     # "..., said U.S. Attorney for the District of X Paul Crane"
    who = re.search(r"(?:,\s*|\s+)who\s+(?:had\s+|has\s+|have\s+)?$", raw)
    if who:     # "consumer groups and Democrats, who had argued", "advocates who warned"
        found = relative(r, s, s.start + who.start())
        return (found[0], t.text, found[1]) if found else None
    lead = APPOSITIVE.sub("", ADVERBS.sub("", WHEN.sub("", DESCRIBING.sub("", ASIDE.sub("", ADVERBS.sub("", raw))))))
    lead = ALONG.sub("", lead) if ALONG.search(lead) else lead
    end = s.start + len(lead.rstrip().rstrip(","))
    words = lead.split()
    last = r.said[-1] if r.said else None
    pronoun = words[-1].lower() if words and words[-1].lower() in PRONOUN else None
    if re.search(r"\b(?:one|some|two|three|several|many|all|both|none) of (?:them|those people|the people)\s*,?$", lead, re.I) \
            and last is not None and r.fits(last, "they"):
        return last, t.text, "latest speaker"     # "One of them said": of the latest plural speaker
    if pronoun and not show:
        found = pronoun_speaker(r, s, pronoun, lead, end)
        return (found[0], t.text, found[1]) if found else None
    named = named_in_commas(r, s.start, raw)
    if named is not None:
        return named, t.text, "before the verb"     # "His lawyer, Dana Holt, said"
    described = DESCRIBED.search(lead)
    if described and not (described.group("head")[0].isupper() and any(  # "the Justice Department" is a name
            w[0].isupper() for w in described.group(1).split()[:-1])):
        found = described_speaker(r, s, t, described, lead, end)
        if found is not None:
            return found[0], t.text, found[1]
    if show:
        return None     # "shows" says something only of a document
    role = ROLE_NP.search(lead)
    if role:
        sp, how = role_speaker(r, role, s.start + role.start("np"), end)
        return sp, t.text, how
    prior = r.outside.last_before(end)
    bracket = text.rfind("(", s.start, prior[0]) if prior else -1
    if prior and bracket >= 0 and ")" not in text[bracket:prior[0]]:
        prior = r.outside.last_before(bracket)      # "Hut 8 (HUT.O) said", "X (CZ, PfE) issued": the name before
    wide = APPOSITIVE_WIDE.sub("", lead)     # "X, ranking member of the Committee on A, B and C, warned"
    wend = s.start + len(wide.rstrip())
    first = r.outside.last_before(wend) if wide != lead else None
    if first and first[0] >= s.start and is_subject(text[first[1]:wend]):
        prior = first
    elif not (prior and prior[0] >= s.start and is_subject(text[prior[1]:end])):
        prior = None
    if prior:
        return r.surname_of(r.named(prior)), t.text, "before the verb"
    name = NAME.search(lead)
    if name and name.group("name").split()[0].lower() not in FUNCTION_WORDS | PRONOUN | NOT_NAMES and (
            len(name.group("name").split()) > 1 or name.start("name") > 0 or a_name(text, name.group("name"))
            or t.start - (s.start + name.end("name")) <= 1):
        person = r.surname(name.group("name"), end)
        if person is not None:
            return person, t.text, "before the verb"    # "McNamara acknowledged" after "Michael McNamara"
        return Said(None, "Actor", name.group("name")), t.text, "name before the verb"     # "Hut 8 (HUT.O) said"
    bare = PLURAL_NP.search(lead) if t.text.lower() in PLAIN and re.match(r"\s+that\b", text[t.end:s.end]) else None
    if bare:
        head = bare.group("head")
        if (bare.group("det") or "").strip().lower() in ("the", "these", "those"):     # "The MEPs argue that"
            same = next((sp for sp in reversed(r.said) if re.search(r"\b" + re.escape(head) + r"\b", sp.label)), None)
            if same is not None:
                return same, t.text, "latest speaker"
        return Said(None, "People", bare.group("np").strip(), head), t.text, "unnamed source"
    return None
