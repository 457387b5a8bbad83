"""Claims attributed to who says them.

A claim is a sentence with a speaker and a verb of saying. The speaker is, in this order:

- the actor named after "according to (reports from) (the)" ("according to the Wall Street
  Journal" is the newspaper, never an actor named earlier in the sentence);
- the actor named right after a verb that closes a quotation or clause ("..., said MIDF
  Research"), or after "reported by";
- the actor named last before the verb in the sentence, outside quotation marks;
- for a pronoun or a definite description just before the verb ("it said", "the ministry
  noted", "the research house believes"), the last actor of a fitting kind (a person for
  "he"/"she", anything but a person for "it") named before
  (outside quotations): a ministry is a government body, a company or house a company; for a
  description naming nobody ("the indictment said", "the New York-based newspaper"), the words
  themselves, as ``claimer_label`` for the reviewer to tie to a node.

Actors are the known actors the text mentions and the candidate entities of an actor's kind;
a candidate speaker has no IRI yet (``claimer`` is None, ``claimer_label`` its name, and
accepting the candidate first gives the claim its claimer). A verb spelled with a capital in
mid-sentence is a name ("the United States"), not a verb.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from kg.core.namespaces import PK
from kg.curation.propose.lexicon import Lexicon
from kg.curation.propose.proposals import Proposal
from kg.curation.propose.text import Sentence, tokens

_VERBS = {
    "Assertion": "said say says told stated states noted notes added wrote writes reported reports asserts asserted "
                 "highlights highlighted claims claimed clarified emphasised emphasized assured reaffirmed revealed "
                 "stressed explained confirmed",
    "Opinion": "argues argued believes believed thinks contends suggests suggested insists insisted",
    "Warning": "warns warned cautions cautioned",
    "Recommendation": "urges urged recommends recommended calls called",
    "Allegation": "alleges alleged accused accuses",
    "Forecast": "predicts predicted expects forecasts",
    "Estimate": "estimates estimated",
}
SAY = {verb: status for status, verbs in _VERBS.items() for verb in verbs.split()}    # verb -> epistemic status
ACTOR_KINDS = {"State", "GovernmentBody", "Company", "AILab", "Publisher", "Person", "Administration", "ActorGroup",
               "Coalition", "Actor"}
_ACCORDING = re.compile(r"\b(?:according to|(?:as )?(?:reported|stated|announced) by)\s+"
                        r"(?:(?:reports|a report|a statement|data|figures) (?:from|by)\s+)?", re.I)
_PRONOUN = {"it", "he", "she", "they"}
_PRONOUN_KINDS = {"he": {"Person"}, "she": {"Person"}, "it": ACTOR_KINDS - {"Person"}}   # "they": anyone
_DESCRIBED = re.compile(r"(?:\b(?:the|a|an)\s+|[\w-]+[’']s\s+)((?:[\w-]+\s+){0,2}?(?P<head>ministry|department|"
                        r"company|firm|lab|group|house|newspaper|paper|report|indictment|agency|regulator|government|"
                        r"court|bureau|outlet|statement|article))\s*$", re.I)
# what may stand between a speaker and the verb: adverbs and auxiliaries ("the ministry further
# noted", "it has revealed"), an aside ("The report, which was published this week, alleged")
_ADVERBS = re.compile(r"(?:\s+(?:also|further|later|then|again|previously|earlier|has|have|had|was|were|\w+ly))+\s*$", re.I)
_ASIDE = re.compile(r",\s*(?:which|who|whom|whose)\b[^,]*,\s*$")
_HEAD_KINDS = {"ministry": {"GovernmentBody"}, "department": {"GovernmentBody"}, "agency": {"GovernmentBody"},
               "regulator": {"GovernmentBody"}, "bureau": {"GovernmentBody"}, "government": {"GovernmentBody", "State"},
               "court": {"GovernmentBody"}, "company": {"Company", "AILab"}, "firm": {"Company", "AILab"},
               "lab": {"AILab"}, "house": {"Company"}, "group": {"Company"}, "newspaper": {"Publisher"},
               "paper": {"Publisher"}, "outlet": {"Publisher"}, "report": {"Publisher"}, "article": {"Publisher"}}


def _kind(p: Proposal, lex: Lexicon) -> str | None:
    if p.kind == "entity":
        return p.fields.get("kind_guess")
    node = lex.nodes.get(p.fields.get("entity"))
    if node is None or not node.actor:
        return None
    names = [t.rsplit("#", 1)[-1] for t in node.types if t.startswith(str(PK))]
    return next((n for n in names if n in ACTOR_KINDS), "Actor")


class _Spans:
    """Named things sorted by offset, sliced by bisection (a long text names thousands)."""

    def __init__(self, items: list[tuple]) -> None:
        self.items = sorted(items, key=lambda a: (a[0], a[1]))
        self.starts = [a[0] for a in self.items]

    def between(self, lo: int, hi: int) -> list[tuple]:
        """Those starting at ``lo`` up to ``hi`` (inclusive)."""
        return self.items[bisect_left(self.starts, lo):bisect_right(self.starts, hi)]

    def last_before(self, end: int, fits=None) -> tuple | None:
        """The last ending by ``end`` whose kind is in ``fits`` (any kind when None)."""
        for a in reversed(self.items[:bisect_right(self.starts, end)]):
            if a[1] <= end and (fits is None or a[3] in fits):
                return a
        return None


def claims(text: str, sents: list[Sentence], lex: Lexicon, named: list[Proposal]) -> list[Proposal]:
    quoted = [(m.start(), m.end()) for m in re.finditer(r"[“\"][^”\"]*[”\"]", text)]
    qstarts = [q[0] for q in quoted]

    def in_quote(at: int) -> bool:
        i = bisect_left(qstarts, at) - 1
        return i >= 0 and quoted[i][0] < at < quoted[i][1]
    every = [(o[0], o[1], p, k) for p in named if (k := _kind(p, lex)) in ACTOR_KINDS
             for o in p.fields.get("occurrences") or [[p.start, p.end]]]
    actors = _Spans(every)
    outside = _Spans([a for a in every if not in_quote(a[0])])
    first = {}
    for a in actors.items:
        first.setdefault(id(a[2]), a)
    mentioned = _Spans([(o[0], o[1], p.fields["entity"], None) for p in named if p.kind == "mention"
                        for o in p.fields.get("occurrences") or [[p.start, p.end]]])
    out: list[Proposal] = []
    last: list = []         # the speaker of the latest claim: "it" and "the ministry" go on with them
    for s in sents:
        found = _speaker(text, s, actors, outside, last)
        if found is None:
            continue
        speaker, verb, label, how = found
        if speaker is not None:
            last[:] = [first[id(speaker)]]
        status = SAY.get(verb.lower(), "Assertion")
        iri = speaker.fields.get("entity") if speaker is not None and speaker.kind == "mention" else None
        name = label or (speaker.fields.get("label") if speaker is not None else "")
        about = sorted({a[2] for a in mentioned.between(s.start, s.end - 1) if a[2] != iri})
        fields = {"claimer": iri, "claimer_label": name, "verb": verb, "epistemic_status": status, "about": about,
                  "speaker_by": how,
                  "label": f"{name} ({verb}): " + (", ".join(lex.nodes[i].label for i in about[:3] if i in lex.nodes) or "—")}
        if speaker is not None and speaker.kind == "entity":
            fields["claimer_candidate"] = speaker.fields["label"]
        out.append(Proposal("claim", s.start, s.end, s.text, s.text, s.start, s.end, fields))
    return out


def _speaker(text: str, s: Sentence, actors: _Spans, outside: _Spans, last: list):
    """(speaker proposal or None, verb, label when the speaker is only words, how the speaker was
    found) for sentence ``s``."""
    acc = _ACCORDING.search(s.text)
    if acc:
        at = s.start + acc.end()
        after = actors.between(at, min(at + 40, s.end - 1))
        if after:
            return after[0][2], "according to", None, "according to"
        m = re.match(r"(?:the\s+)?([\w-]+(?:\s+[\w-]+){0,3})", text[at:s.end])
        if m:
            return None, "according to", m.group(0).strip(), "according to"
    quotes = [(m.start() + s.start, m.end() + s.start) for m in re.finditer(r"[“\"][^”\"]*[”\"]", s.text)]
    for t in tokens(text, s.start, s.end):
        if t.text.lower() not in SAY or t.text[:1].isupper() and t.start != s.start:
            continue
        if any(q0 < t.start < q1 for q0, q1 in quotes):
            continue
        right = actors.between(t.end + 1, t.end + 7)
        if right and re.match(r"^\s*(?:the\s+)?$", text[t.end:right[0][0]]) \
                and text[s.start:t.start].rstrip()[-1:] in (",", "”", "\""):
            return right[0][2], t.text, None, "after the verb"
        lead = _ASIDE.sub("", _ADVERBS.sub("", text[s.start:t.start]))
        described = _DESCRIBED.search(lead)
        words = lead.split()
        pronoun = words and words[-1].lower() in _PRONOUN
        if described or pronoun:
            head = described.group("head").lower() if described else None
            fits = _HEAD_KINDS.get(head) if head else _PRONOUN_KINDS.get(words[-1].lower())
            if described and not lead[described.start():].lower().startswith(("the", "a ", "an ")):
                return None, t.text, described.group(0).strip(), "description"   # "Malaysia’s trade ministry"
            if last and (fits is None or last[0][3] in fits):
                return last[0][2], t.text, None, "latest speaker"
            earlier = outside.last_before(t.start - (len(described.group(0)) if described else 0), fits)
            if earlier:
                return earlier[2], t.text, None, "latest actor"
            if described:
                return None, t.text, described.group(0).strip(), "description"
            continue
        prior = outside.last_before(t.start)
        if prior and prior[0] >= s.start:
            return prior[2], t.text, None, "before the verb"
    return None
