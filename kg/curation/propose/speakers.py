"""Claims attributed to who says them.

A claim is a sentence with a speaker and a verb of saying. The speaker is, in this order:

- the actor named after "according to (reports from) (the)" ("according to the Wall Street
  Journal" is the newspaper, never an actor named earlier in the sentence);
- the actor named right after a verb that closes a quotation or clause ("..., said MIDF
  Research", "..., said spokesperson Thomas Regnier": a person there before any other actor),
  or after "reported by";
- the actor named last before the verb in the sentence, outside quotation marks, when it is the
  subject: nothing but its bracketed acronym or a role stands between ("Nvidia spokesman said";
  not "the DeepSeek situation highlights"); an appositive role is skipped ("Lin Jian,
  spokesperson for the ministry, reiterated" is Lin Jian);
- a role ("the spokesperson said", "the committee chairman said"): the actor named inside it
  ("the MOFCOM spokesperson"), else the latest speaker;
- for a pronoun or a definite description just before the verb ("it said", "the ministry
  noted", "the research house believes"), the last actor of a fitting kind (a person for
  "he"/"she", anything but a person for "it") named before
  (outside quotations): a ministry is a government body, a company or house a company; for a
  description naming nobody ("the indictment said", "the New York-based newspaper"), the words
  themselves, as ``claimer_label`` for the reviewer to tie to a node.

Actors are the known actors the text mentions and the candidate entities of an actor's kind;
a candidate speaker has no IRI yet (``claimer`` is None, ``claimer_label`` its name, and
accepting the candidate first gives the claim its claimer). A verb spelled with a capital in
mid-sentence is a name ("the United States"), not a verb; a verb in the passive ("was claimed
to be") says nothing; a headline line gives no claim.
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from kg.core.namespaces import PK
from kg.curation.propose.lexicon import Lexicon
from kg.curation.propose.naming import headlines, in_headline
from kg.curation.propose.proposals import Proposal
from kg.curation.propose.text import Sentence, tokens

_VERBS = {
    "Assertion": "said say says told stated states noted notes added wrote writes reported reports asserts asserted "
                 "highlights highlighted claims claimed clarified emphasised emphasized assured reaffirmed revealed "
                 "stressed explained confirmed reiterated disclosed vowed vows pledged",
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
# a person named by their role ("the spokesperson said", "the committee chairman said") goes on
# with the latest speaker, whoever they speak for
_ROLES = ("spokesperson spokesman spokeswoman spokespeople chairman chairwoman chair minister secretary official "
          "officials representative director executive president chief analyst envoy ambassador").split()
_ROLE = re.compile(r"\b(?:the|a|an)\s+(?:[\w,’'-]+\s+){0,8}?(?:" + "|".join(_ROLES) + r")\s*$", re.I)
# an appositive that gives a speaker's role: "Lin Jian, spokesperson for the ministry, said"
_APPOSITIVE = re.compile(r",\s*(?:(?:a|an|the)\s+)?(?:[a-z][\w-]*\s+){0,3}(?:" + "|".join(_ROLES) +
                         r"|founder|co-founder|head|professor|researcher|manager)\b[^,]*,\s*$")
# words after a verb that start what is said, not a speaker's title ("alleged that China agreed")
_NOT_TITLE = {"that", "how", "what", "whether", "why", "if", "to", "it", "its", "he", "she", "they", "we", "this", "these"}
# what a verb of saying is not: passive ("was claimed to be", "performance estimated to be")
_PASSIVE_BEFORE = {"is", "are", "was", "were", "be", "been", "being"}
# documents: "the indictment said" is the document, not whoever spoke last
_DOCUMENTS = {"indictment", "statement", "filing", "complaint", "document", "lawsuit"}
_PRONOUN_KINDS = {"he": {"Person"}, "she": {"Person"}, "it": ACTOR_KINDS - {"Person"}}   # "they": anyone
_DESCRIBED = re.compile(r"(?:\b(?:the|a|an)\s+|[\w-]+[’']s\s+)((?:[\w-]+\s+){0,2}?(?P<head>ministry|department|"
                        r"company|firm|lab|group|house|newspaper|paper|report|indictment|agency|regulator|government|"
                        r"court|bureau|outlet|statement|article|filing|complaint|lawsuit))\s*$", re.I)
# what may stand between a speaker and the verb: adverbs and auxiliaries ("the ministry further
# noted", "it has revealed"), an aside ("The report, which was published this week, alleged")
_ADVERBS = re.compile(r"(?:\s+(?:also|further|later|then|again|previously|earlier|has|have|had|was|were|(?-i:[a-z]\w*ly)))+\s*$", re.I)
_ASIDE = re.compile(r",\s*(?:which|who|whom|whose)\b[^,]*,\s*$")
_HEAD_KINDS = {"ministry": {"GovernmentBody"}, "department": {"GovernmentBody"}, "agency": {"GovernmentBody"},
               "regulator": {"GovernmentBody"}, "bureau": {"GovernmentBody"}, "government": {"GovernmentBody", "State"},
               "court": {"GovernmentBody"}, "company": {"Company", "AILab"}, "firm": {"Company", "AILab"},
               "lab": {"AILab"}, "house": {"Company", "AILab"}, "group": {"Company"}, "newspaper": {"Publisher"},
               "paper": {"Publisher"}, "outlet": {"Publisher"}, "report": {"Publisher"}, "article": {"Publisher"},
               **{d: set() for d in _DOCUMENTS}}


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
    heads = headlines(text)
    for s in sents:
        if in_headline(heads, s.start) and in_headline(heads, max(s.start, s.end - 1)):
            continue    # a headline says what the article reports, not who says it
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
        if any(q0 < t.start < q1 for q0, q1 in quotes) or _passive(text, s, t):
            continue
        if text[s.start:t.start].rstrip()[-1:] in (",", "”", "\""):
            named = _named_after(text, t.end, s.end, actors)
            if named is not None:
                return named, t.text, None, "after the verb"
        lead = _APPOSITIVE.sub("", _ASIDE.sub("", _ADVERBS.sub("", text[s.start:t.start])))
        end = s.start + len(lead)
        described = _DESCRIBED.search(lead)
        role = None if described else _ROLE.search(lead)
        words = lead.split()
        pronoun = words and words[-1].lower() in _PRONOUN
        if role:
            inside = outside.last_before(end)
            if inside and inside[0] >= s.start + role.start():
                return inside[2], t.text, None, "role of a named actor"     # "the MOFCOM spokesperson"
        if described or pronoun or role:
            head = described.group("head").lower() if described else None
            fits = _HEAD_KINDS.get(head) if head else None if role else _PRONOUN_KINDS.get(words[-1].lower())
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
        prior = outside.last_before(end)
        if prior and prior[0] >= s.start and _subject(text[prior[1]:end]):
            return prior[2], t.text, None, "before the verb"
    return None


def _passive(text: str, s: Sentence, t) -> bool:
    """A verb of saying used in the passive: "was claimed to be", "performance estimated to be"."""
    before = text[s.start:t.start].split()
    return bool(before and before[-1].lower() in _PASSIVE_BEFORE or re.match(r"\s+to\s+be\b", text[t.end:t.end + 8]))


def _named_after(text: str, at: int, end: int, actors: _Spans):
    """The speaker named right after a verb that closes a quotation or clause: "..., said MIDF
    Research", "..., said spokesperson Thomas Regnier", "..., said Commerce Department spokesman
    Benno Kass" (a person in the words before the first stop, else the first actor there)."""
    stop = re.search(r"[,.;:()“”\"]|\s(?:at|in|on|to|of|for|during|after|before)\s", text[at:end])
    window = text[at:at + stop.start()] if stop else text[at:end]
    if len(window.split()) > 6:
        return None
    near = [a for a in actors.between(at + 1, at + len(window)) if a[1] <= at + len(window) + 1]
    if not near or any(w.lower() in _NOT_TITLE for w in text[at:near[0][0]].split()):
        return None     # "..., alleged that China agreed": China is what is said, not who says it
    return next((a[2] for a in near if a[3] == "Person"), near[0][2])


def _subject(gap: str) -> bool:
    """Whether the words between an actor and a verb leave the actor its subject: nothing, its
    acronym in brackets or a role ("Nvidia spokesman"); not a noun it qualifies ("the DeepSeek
    situation highlights", "Malaysia's data centre sector ... despite reports")."""
    words = re.sub(r"^\s*\(?[A-Za-z&-]*\)", "", gap).replace("’s", " ").replace("'s", " ").split()
    return all(w.lower().strip(",") in _ROLES or w in ("CEO", "CFO", "chief") for w in words)
