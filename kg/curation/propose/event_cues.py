"""How the cue words of one sentence join or give way before ``kg.curation.propose.events``
decides which report a happening: a noun followed by a verb that only says it took place or is
planned is one cue of the noun's type ("a press release issued yesterday", "a hearing scheduled
for March 20"); a noun that names again what a verb
before it reported is that verb's happening ("arrived in Taiwan on Monday, marking the first ...
visit"); a present form after a determiner is a plural noun ("the issues discussed"); a
participle after the object of a preposition or a gerund describes that object ("aimed at
lowering the tariff imposed on the island"); an -ing form after a form of "be" or a verb of
beginning reports one ("is investigating", "began restricting").
"""
from __future__ import annotations

import re

from kg.curation.propose.event_words import Cue

# a participle that only says the named happening took place, right after its noun
_TOOK_PLACE = re.compile(r"(?:issued|released|published|announced|made|held|filed|sent|signed|opened|launched|"
                         r"unsealed|reached|struck|conducted|delivered|posted|completed)$", re.I)
_DETERMINERS = {"the", "a", "an", "its", "their", "his", "her", "our", "these", "those", "this", "that", "such",
                "other", "many", "several", "some", "any", "no", "all", "both", "few", "more", "most"}
# prepositions that never open a clause ("after", "before", "since", "until" can: "after the U.S. imposed")
_PREPOSITIONS = {"on", "in", "at", "to", "of", "for", "from", "with", "against", "over", "under", "into", "about",
                 "by", "through", "across", "despite", "amid", "toward", "towards"}
_BREAK = re.compile(r"[,;:—–()\"“”]")


def joined(sentence: str, cues: list[Cue]) -> list[Cue]:
    """A noun and the participle that follows it with at most one word between ("a statement
    issued", "charges were filed", "a hearing scheduled for") become one cue of the noun's type,
    from the noun to the verb."""
    out: list[Cue] = []
    skip = -1
    for i, c in enumerate(cues):
        if i == skip:
            continue
        nxt = cues[i + 1] if i + 1 < len(cues) else None
        between = sentence[c.end:nxt.start] if nxt else ""
        if nxt and c.form == "noun" and (nxt.form == "past" and _TOOK_PLACE.match(nxt.text) or nxt.type == "Milestone") \
                and len(between.split()) <= 1 and not _BREAK.search(between):
            out.append(Cue(c.type, "phrase", c.start, nxt.end, sentence[c.start:nxt.end]))
            skip = i + 1
            continue
        out.append(c)
    return out


def told_again(sentence: str, cues: list[Cue]) -> list[Cue]:
    """A definite noun ("the visit", "this probe") of the same type as a verb before it in the
    sentence names that verb's happening ("a decision memorandum" after "published" is another)."""
    def definite(c: Cue) -> bool:
        return bool(re.search(r"\b(?:the|this|that|its|their|his|her)\s+(?:[\w-]+\s+){0,3}$", sentence[:c.start], re.I))
    return [c for i, c in enumerate(cues)
            if not (c.form == "noun" and definite(c) and any(v.form != "noun" and v.type == c.type for v in cues[:i]))]


def plural_noun(sentence: str, c: Cue) -> bool:
    """A present form right after a determiner or before a comma or stop is a plural noun ("the
    issues", "its releases", "on trade issues, ...")."""
    words = re.findall(r"[\w’']+", sentence[:c.start])
    return c.form == "present" and (bool(words) and words[-1].lower() in _DETERMINERS
                                    or bool(re.match(r"\s*(?:[,;.]|$)", sentence[c.end:])))


def reduced_relative(sentence: str, c: Cue) -> bool:
    """A participle after a noun phrase that is the object of a preposition or of a gerund, in
    the same clause and with no auxiliary, describes that noun ("lowering the 20% tariff imposed
    on the island", "under the rules introduced last year")."""
    if c.form != "past" or not c.text.lower().endswith(("ed", "en")):
        return False
    clause = _BREAK.split(sentence[:c.start])[-1]
    words = [w.lower() for w in re.findall(r"[\w’'%$.-]+", clause)]
    for k in range(len(words) - 1, max(-1, len(words) - 5), -1):
        if words[k] in _DETERMINERS - {"that", "this", "no"}:     # "revealing that four men travelled"
            head = words[k - 1] if k else ""
            return bool(head) and (head in _PREPOSITIONS or head.endswith("ing")) and \
                not {"is", "are", "was", "were", "be", "been", "has", "have", "had"} & set(words[k:])
    return False


_BE = {"is", "are", "was", "were", "be", "been", "being", "am"}
_BEGAN = {"began", "begun", "started", "begins", "starts", "resumed", "resumes"}


def progressive(before: list[str], dated: bool) -> bool:
    """An -ing form that reports a happening (``before``: the lower-case words before it): "is
    (currently) investigating", "began restricting", "in the process of verifying", or a dated
    "after releasing ... in January"."""
    words = [w for w in before if not (w.endswith("ly") and w not in ("early", "only"))]
    if words[-1:] and words[-1] in _BE | _BEGAN or words[-2:] == ["process", "of"]:
        return True
    return dated and bool(words[-1:]) and words[-1] in ("after", "before", "since", "by", "while", "following", "upon")


_PAST_AFTER = re.compile(r"\s+(?:\w+ly\s+)?(?:was|were|had|came|took|began|found|made|went|saw|drew|brought|led|[a-z]+ed)\b")
_AFTER_ITS = re.compile(r"\b(?:[Ff]ollowing|[Aa]fter|[Aa]mid|[Ss]ince|[Bb]efore)\s+(?:his|her|its|their)\s+(?:[\w-]+\s+)?$")


def subject_or_after_its(sentence: str, c: Cue) -> bool:
    """A happening's noun that opens the sentence as the subject of a past verb ("The weeklong trip
    included meetings"), or follows a temporal preposition and a possessive ("following his arrest")."""
    before = sentence[:c.start]
    return bool(re.match(r"\W*(?:The|A|An|This|That|Its|Their|His|Her)\s+(?:[\w-]+\s+){0,2}$", before)
                and _PAST_AFTER.match(sentence[c.end:]) or _AFTER_ITS.search(before))


QUOTE = re.compile(r"[“”\"]")


def quoted(sentence: str) -> list[tuple[int, int]]:
    """The spans of ``sentence`` inside quotation marks (straight or curly)."""
    spans, at = [], None
    for m in QUOTE.finditer(sentence):
        if at is None and m.group(0) != "”":
            at = m.start()
        elif at is not None and m.group(0) != "“":
            spans.append((at, m.end()))
            at = None
    return spans
