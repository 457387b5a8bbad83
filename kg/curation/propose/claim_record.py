"""What a claim proposal is read from and what it holds (for ``kg.curation.propose.speakers``):
the text with quotation marks of other typographies read as English ones and a wire report's
dateline left out of its sentence; the proposal's fields; the speaker's other names; the words
said (``said``: what is claimed, without the attribution); and the documents a speaker's words
introduce for later sentences ("X said in a statement ...": "the statement said" is X's).
"""
from __future__ import annotations

import re

from kg.curation.propose.actors import Reader, Said, Spans
from kg.curation.propose.lexicon import Lexicon
from kg.curation.propose.proposals import Proposal
from kg.curation.propose.saying import ACCORDING, CLOSING, PARTICIPLES, WORKS, status
from kg.curation.propose.text import Sentence

# quotation marks of other typographies read as the English ones ("«...», it said"); one
# character for one, so every offset stays the stored text's
_QUOTES = str.maketrans({"«": "“", "»": "”", "„": "“"})
# a wire report's dateline: "WASHINGTON, June 3 (Reuters) -", "BEIJING (AP) —"
_DATELINE = re.compile(r"(?-i:[A-Z][A-Z .’'-]+)(?:,\s*(?-i:[A-Z][a-z]{2,8})\.?\s+\d{1,2})?\s*(?:\([^()]{1,30}\))?\s*[-–—:]+\s+")


def reading(text: str, sents: list[Sentence]) -> tuple[str, list[Sentence]]:
    """The text the claim rules read and its sentences (offsets unchanged)."""
    read = text.translate(_QUOTES)
    out = []
    for s in sents:
        m = _DATELINE.match(read, s.start, s.end)
        start = m.end() if m and m.end() < s.end else s.start
        out.append(Sentence(start, s.end, read[start:s.end]))
    return read, out


def note_documents(r: Reader, sp: Said, verb: str, after: str) -> None:
    """The documents a claim's words give its speaker: "X issued a statement", "X said in a
    statement" (not "in her statement": one already heard of)."""
    said_in = re.match(r"(?:\s+\w+){0,2}?\s+(?:in|through|via)\s+(?:a|an)\s+(?:[\w-]+\s+){0,2}?(\w+)", after)
    if verb.lower() in ("reported", "reports") and sp.kind == "Publisher":
        r.documents["report"] = sp      # "the Financial Times reported ..." then "according to the report"
    for word in re.findall(r"\w+", verb.lower()) + ([said_in.group(1).lower()] if said_in else []):
        if word in WORKS:
            r.documents[word] = sp


def claim(r: Reader, stored: str, s: Sentence, sp: Said, verb: str, how: str, after: str, lex: Lexicon,
          mentioned: Spans) -> Proposal:
    """A claim proposal for sentence ``s`` (offsets into the ``stored`` text) said by ``sp``."""
    iri = sp.prop.fields.get("entity") if sp.prop is not None and sp.prop.kind == "mention" else None
    about = sorted({a[2] for a in mentioned.between(s.start, s.end - 1) if a[2] != iri})
    fields = {"claimer": iri, "claimer_label": sp.label, "verb": verb,
              "epistemic_status": "Assertion" if verb == "according to" else PARTICIPLES.get(verb.lower()) or status(verb, after),
              "about": about, "speaker_by": how,
              "label": f"{sp.label} ({verb}): " + (", ".join(lex.nodes[i].label for i in about[:3] if i in lex.nodes) or "—")}
    if sp.prop is not None and sp.prop.kind == "entity":
        fields["claimer_candidate"] = sp.prop.fields["label"]
    if sp.prop is None and sp.head and how != "defined in the text":
        fields["speaker_unnamed"] = True
    if sp.probability is not None:
        fields["claimer_probability"] = sp.probability
    if sp.disputed_by:
        fields["claimer_disputed_by"] = sp.disputed_by
    aliases = other_names(r, sp)
    if aliases:
        fields["claimer_aliases"] = aliases
    said = said_span(r, s, verb, after)
    if said:
        fields["said"] = list(said)
    text = stored[s.start:s.end]
    return Proposal("claim", s.start, s.end, text, text, s.start, s.end, fields)


def other_names(r: Reader, sp: Said) -> list[str]:
    """The speaker's other names: the short form the text defines ("DOJ"), the candidate's aliases,
    and the words the text uses where it names the speaker ("TSMC" for a candidate labelled by its
    full name)."""
    names = r.aliases(sp.label) + list(sp.prop.fields.get("aliases") or [] if sp.prop is not None else [])
    if sp.prop is not None and sp.at >= 0:
        for o in sp.prop.fields.get("occurrences") or [[sp.prop.start, sp.prop.end]]:
            if o[0] == sp.at and r.text[o[0]:o[1]] != sp.label:
                names.append(r.text[o[0]:o[1]])
    return [n for i, n in enumerate(names) if n and n != sp.label and n not in names[:i]]


def said_span(r: Reader, s: Sentence, verb: str, after: str) -> tuple[int, int] | None:
    """The offsets of what is said, without who says it: the quotation when the verb stands outside
    it; the clause before "according to X" or after "According to X,"; the words before an
    attribution that closes the sentence ("..., the people said"); else the words after the verb
    (after "that" when it follows closely). None when nothing is left."""
    text = r.text
    quotes = [q for q in r.quoted if s.start <= q[0] and q[1] <= s.end]
    v1 = s.end - len(after)
    if verb == "according to":
        acc = ACCORDING.search(s.text)
        comma = s.text.find(",", acc.end())
        lo, hi = (s.start + comma + 1, s.end) if acc.start() < 3 and comma > 0 else (s.start, s.start + acc.start())
    elif quotes and not any(q[0] < v1 <= q[1] for q in quotes):
        lo, hi = quotes[0][0] + 1, quotes[-1][1] - 1
    elif (not re.search(r"\w", after) or CLOSING.match(after)) and "," in text[s.start:v1]:
        hi = text.rfind(",", s.start, v1)       # "..., the people said on Monday."
        lo, hi = s.start, hi if hi > s.start else v1
    else:
        told = re.match(r"\s+(?:(?:the\s+)?(?-i:[A-Z][\w.&’'-]*)(?:\s+(?-i:[A-Z][\w.&’'-]*)){0,3}|reporters|journalists|"
                        r"investors|analysts|lawmakers|the\s+\w+)(?=\s)", after) if verb.lower() in ("told", "tells") else None
        v1 += told.end() if told else 0     # "told Reuters the figures ...": what follows the one told
        that = re.match(r"[^,;“”\"]{0,60}?\bthat\s", text[v1:s.end])
        lo, hi = (v1 + that.end() if that else v1), s.end
    while lo < hi and not text[lo].isalnum():
        lo += 1
    while hi > lo and not text[hi - 1].isalnum() and text[hi - 1] not in ")%”’":
        hi -= 1
    return (lo, hi) if hi - lo > 2 else None
