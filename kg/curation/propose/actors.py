"""What a text gives the claim rules to work with: the actors it names (known nodes and
candidate entities of an actor's kind, sorted by offset), its quotations, what it tells of a
person (a title, "X said she"), and the speakers found so far; with the small tests of the words
between a speaker and a verb (``is_subject``, ``passive``).
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from kg.core.namespaces import PK
from kg.curation.propose.lexicon import Lexicon
from kg.curation.propose.proposals import Proposal
from kg.curation.propose.saying import (ACTOR_KINDS, AUTHORED, DEFINED, PASSIVE_BEFORE, PLURAL_NP, PRONOUN_KINDS,
                                        ROLE_NP, ROLE_SET,
                                        SOURCES, SPEAK_FOR, name_gender, person_hint, plural)
from kg.curation.propose.text import Sentence


def actor_kind(p: Proposal, lex: Lexicon) -> str | None:
    if p.kind == "entity":
        return p.fields.get("kind_guess")
    node = lex.nodes.get(p.fields.get("entity"))
    if node is None or not node.actor:
        return None
    names = [t.rsplit("#", 1)[-1] for t in node.types if t.startswith(str(PK))]
    return next((n for n in names if n in ACTOR_KINDS), "Actor")


class Spans:
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


@dataclass
class Said:
    """A speaker: a named proposal, or only words (an unnamed source, a document); ``head`` is the
    role noun of a speaker named by role, ``kind`` "People" for an unnamed plural."""
    prop: Proposal | None
    kind: str | None
    label: str
    head: str = ""
    at: int = -1        # where the text names it, for a named speaker
    probability: float | None = None    # the claimer ranker's (``kg.curation.propose.claimers``)
    disputed_by: str | None = None      # the candidate its independent model prefers, when another


class Reader:
    """One text's actors, quotations and speakers so far."""

    def __init__(self, text: str, lex: Lexicon, named: list[Proposal]) -> None:
        self.text = text
        self.quoted = [(m.start(), m.end()) for m in re.finditer(r"[“\"][^”\"]*[”\"]", text)]
        self.qstarts = [q[0] for q in self.quoted]
        every = [(o[0], o[1], p, k) for p in named if (k := actor_kind(p, lex)) in ACTOR_KINDS
                 for o in p.fields.get("occurrences") or [[p.start, p.end]]]
        self.actors = Spans(every)
        self.outside = Spans([a for a in every if not self.in_quote(a[0])])
        self.hint: dict[int, str] = {}      # id(proposal) -> 'f', 'm' or 'p' (a person) from the text
        self.people = {id(a[2]) for a in every if name_gender(a[2].fields.get("label") or "")}  # named like people
        for a in every:
            h = person_hint(text, a[0], a[1])
            if h and self.hint.get(id(a[2])) in (None, "p"):
                self.hint[id(a[2])] = h
        self.said: list[Said] = []
        self.said_in: list[int] = []        # the start of the sentence each speaker spoke in
        self.subjects: list[tuple[int, Said | None]] = []     # each sentence's start and subject (``referents``)
        self.documents: dict[str, Said] = {}    # "statement" -> who issued one
        self.defined = {m.group("short").lower(): re.sub(r"^The\s+", "", m.group("long"))    # short -> long
                        for m in DEFINED.finditer(text)}
        self.names = {**self.defined, **{long.lower(): short for short, long in self.defined.items()}}

    def aliases(self, label: str) -> list[str]:
        """The other name the text defines for ``label`` ("DOJ" for "Department of Justice", and back)."""
        key = re.sub(r"^the\s+", "", label.strip(), flags=re.I).lower()
        other = self.names.get(key)
        return [other] if other and other.lower() != key else []

    def author(self, head: str, before: int) -> Said | None:
        """The actor who wrote the last document of this kind named before ``before`` ("Cotton’s
        letter", "a letter from Cotton"), or the speaker who issued it ("X issued a statement")."""
        if head in self.documents:
            return self.documents[head]
        for a in reversed(self.outside.items[:bisect_right(self.outside.starts, before)]):
            after = AUTHORED.match(self.text, a[1], min(len(self.text), a[1] + 40))
            if after and (after.group("head") or "").lower() == head and a[1] < before:
                return self.named(a)
            ahead = AUTHORED.search(self.text[max(0, a[0] - 60):a[0]])
            if ahead and (ahead.group("head2") or "").lower() == head:
                return self.named(a)
        return None

    def titled(self, title: str, before: int) -> Said | None:
        """The last person named before ``before`` with ``title`` just before the name ("Minister X")."""
        for a in reversed(self.actors.items[:bisect_right(self.actors.starts, before)]):
            if a[1] <= before and self.named(a).kind == "Person" and \
                    re.search(r"\b" + re.escape(title) + r"\b[^.,;]{0,25}$", self.text[max(0, a[0] - 40):a[0]], re.I):
                return self.named(a)
        return None

    def surname(self, words: str, before: int) -> Said | None:
        """The person named before whose name ends with ``words`` ("McNamara" after "Michael McNamara")."""
        for a in reversed(self.actors.items[:bisect_right(self.actors.starts, before)]):
            label = a[2].fields.get("label") or a[2].text
            if self.named(a).kind == "Person" and len(label.split()) > len(words.split()) and label.endswith(" " + words):
                return self.named(a)
        return None

    def surname_of(self, sp: Said) -> Said:
        """The person a surname, or a short titled name, stands for ("Quill" or "AG Quill" after "Ada Quill")."""
        label = sp.label.split()
        if sp.prop is None or len(label) > 2 or not label[0][:1].isupper():
            return sp
        person = self.surname(label[-1], sp.at)
        return person if person is not None and person.prop is not sp.prop and name_gender(sp.label) is None else sp

    def in_quote(self, at: int) -> bool:
        i = bisect_left(self.qstarts, at) - 1
        return i >= 0 and self.quoted[i][0] < at < self.quoted[i][1]

    def named(self, a: tuple) -> Said:
        p = a[2]
        person = self.hint.get(id(p)) or id(p) in self.people     # a given name tells a person, never which pronoun
        kind = "Person" if person and p.kind == "entity" and a[3] in ("Company", "Actor", "Publisher") else a[3]
        return Said(p, kind, p.fields.get("label") or p.text, at=a[0])

    def fits(self, sp: Said, pronoun: str) -> bool:
        """Whether "he", "she", "it" or "they" can stand for ``sp`` ("one": any person)."""
        hint = self.hint.get(id(sp.prop)) if sp.prop is not None else None
        if pronoun == "one":
            return sp.kind == "Person"
        if pronoun in ("he", "she"):
            return sp.kind == "Person" and hint in (None, "p", "m" if pronoun == "he" else "f")
        if pronoun == "they" and sp.kind == "People":
            return True
        return sp.kind in PRONOUN_KINDS[pronoun] and hint is None

    def qualifier(self, a: tuple) -> bool:
        """Whether a country's name only qualifies the actor named right after it ("The U.S. Commerce
        Department", "Chinese tech giant Huawei")."""
        return a[3] == "State" and any(b[0] > a[1] and not self.text[a[1]:b[0]].strip(" .") or
                                       re.fullmatch(r"\s+(?:[a-z][\w-]*\s+){1,2}", self.text[a[1]:b[0]])
                                       for b in self.actors.between(a[1], a[1] + 30))

    def earlier(self, end: int, pronoun: str) -> Said | None:
        """The last actor named outside quotations before ``end`` that ``pronoun`` can stand for."""
        for a in reversed(self.outside.items[:bisect_right(self.outside.starts, end)]):
            if a[1] <= end and self.fits(sp := self.named(a), pronoun):
                return sp
        return None


def passive(text: str, s: Sentence, t) -> bool:
    """A verb of saying used in the passive: "was claimed to be", "performance estimated to be"."""
    before = text[s.start:t.start].split()
    return bool(before and before[-1].lower() in PASSIVE_BEFORE or re.match(r"\s+to\s+be\b", text[t.end:t.end + 8]))


_LEADERS = {"head", "chief", "ceo", "boss", "chairman", "chairwoman", "president", "founder"}
_OFFICES = {"minister", "ministers", "secretary", "president", "chief", "spokesperson", "spokesman", "spokeswoman"}
_GROUPS = {"coalition", "group", "panel", "delegation", "alliance", "member", "authorities"}
# roles of people other than those the text quotes on a side ("the judge said" after a prosecutor)
_OWN_PEOPLE = {"judge", "prosecutor", "attorney", "lawyer", "investigator", "source", "person", "insider", "official",
               "employee", "engineer", "member", "observer", "critic", "expert"}


def is_subject(gap: str) -> bool:
    """Whether the words between an actor and a verb leave the actor its subject: nothing, its
    acronym in brackets or a role ("Nvidia spokesman"); not a noun it qualifies ("the DeepSeek
    situation highlights", "Malaysia's data centre sector ... despite reports")."""
    words = re.sub(r"^\.?\s*(?:\([^()]{0,30}\)|[A-Za-z&-]*\))?", "", gap).replace("’s", " ").replace("'s", " ").replace(",", " ").split()
    return all(w.lower() in ROLE_SET or w in ("CFO", "chief") for w in words)


def role_speaker(r: Reader, role, np0: int, end: int) -> tuple[Said, str]:
    """The speaker a role names: the actor named inside it ("the MOFCOM spokesperson", "a
    spokesperson for X": a person first), else for a definite role the earlier speaker it points
    back to ("the people" after "people familiar with the matter", "the spokesperson" after
    anyone named), else the words themselves, an unnamed source ("a U.S. official", "prosecutors")."""
    head = role.group("head")
    bare_np = re.sub(r"^(?:the|a|an)\s+", "", role.group("np").strip(" ,"), flags=re.I)
    named = re.search(r"(?:(?-i:[A-Z][\w’'-]*)\.?\s+){1,4}(?-i:[A-Z][\w’'-]+)$", role.group("post") or "")
    words = named.group(0).split() if named else []
    for k in range(max(0, len(words) - 3), len(words) - 1):     # "Secretary of Commerce Jeffrey Kessler"
        if words[k][1:].islower() and name_gender(f"{words[k]} {words[k + 1]}"):
            return Said(None, "Person", " ".join(words[k:])), "role of a named actor"
    owner = re.match(r"(its|their)\s", role.group("np"), re.I)
    if owner and head.lower() in SPEAK_FOR | _OFFICES:
        office = re.escape(role.group("np")[owner.end():].strip(" ,"))     # "its trade minister ...": the holder
        holder = next((a for a in r.actors.between(np0, np0 + 800) if a[3] == "Person" and re.search(
            r"\b" + office + r"\s+$", r.text[max(0, a[0] - 60):a[0]], re.I)), None) if not plural(head) else None
        if holder is not None:
            return r.named(holder), "role of a named actor"     # named later: "Trade Minister Yasutoshi Nishimura said"
        if body := r.earlier(np0, "it" if owner.group(1).lower() == "its" else "they"):
            return body, "role of a named actor"    # "Japan announced curbs. Its trade minister said": Japan
    start = bool(re.search(r"(?:^|[.!?”\"\n])\s*$", r.text[max(0, np0 - 3):np0])) and not role.group("det")
    pre = bare_np[:bare_np.find(head)].split() if head in bare_np else ["x"]
    office = all(w[:1].isupper() for w in pre) and re.match(r"\s+(?:for|of)\s+(?:the\s+)?(?-i:[A-Z])", role.group("post") or "")
    if head[0].isupper() and not start and (bare_np.startswith(head + " ") or office) and not r.defined.get(bare_np.lower()):
        return Said(None, "Person", bare_np), "description"    # "the Minister of Economic Affairs": an office by name
    inside = [a for a in r.outside.between(np0, end) if a[1] <= end]
    head_at = np0 + role.start("head") - role.start("np")
    inside = [a for a in inside if a[3] != "State" or a[1] > head_at]   # "a U.S. official" names no one
    if " and " in (role.group("post") or ""):
        inside = [a for a in inside if a[3] == "Person"]     # "officials in the administration and on Capitol Hill"
    if role.group("head").lower() not in SPEAK_FOR:      # "members of the European Parliament" are not it;
        head_end = np0 + role.end("head") - role.start("np")    # "analyst Jane Doe" is Jane Doe
        inside = [a for a in inside if a[3] == "Person" and a[0] <= head_end + 2]
    if inside:
        best = next((a for a in inside if a[3] == "Person"), None) or next((a for a in inside if a[3] != "State"), inside[0])
        leader = r.titled(r.named(best).label, np0) if head.lower() in _LEADERS and best[3] != "Person" else None
        if leader is not None:
            return leader, "role of a named actor"      # "The head of Nvidia said" after "Nvidia CEO Jensen Huang"
        return r.named(best), "role of a named actor"   # "a spokesperson from China’s Ministry of Commerce": the ministry
    head = role.group("head")
    many = plural(head)
    long = r.defined.get(re.sub(r"^(?:the|a|an)\s+", "", role.group("np").strip(" ,"), flags=re.I).lower())
    if long:
        return Said(None, "People" if many else "Person", long, head), "defined in the text"   # "the Minister"
    det = (role.group("det") or "").strip().lower() or ("" if many else "the")  # a bare singular continues a longer phrase
    if det in ("the", "these", "those"):
        kin = SOURCES if head.lower() in SOURCES else {head.lower(), head.lower().rstrip("s")}
        heard = [sp for sp in r.said if sp.head and sp.head.lower() in kin | {h + "s" for h in kin}]
        nth = re.match(r"\s*(?:the\s+)?(first|second|third)\b", role.group("np"), re.I)
        at = ["first", "second", "third"].index(nth.group(1).lower()) if nth else -1
        same = heard[at] if -len(heard) <= at < len(heard) else None     # "the first source" is the first one heard
        if same is not None:
            return same, "latest speaker"
        last = r.said[-1] if r.said else None
        titled = r.titled(head, np0)
        if titled is not None:
            return titled, "latest actor"       # "the minister said" after "Minister Liesje Schreinemacher"
        speaks = head.lower() in SPEAK_FOR or head.lower() in SOURCES
        if speaks and last is not None and (last.kind != "People" if not many else r.fits(last, "they")):
            return last, "latest speaker"
        if (role.group("det") or "").strip().lower() == "the" and not many and last is not None and \
                last.kind == "Person" and head.lower() not in _OWN_PEOPLE | _GROUPS:
            return last, "latest speaker"       # "The secretary added" after "Lutnick told CNBC"
        if (last is None or last.kind != "Person" and det == "the" and head.lower() not in _OWN_PEOPLE | _GROUPS) \
                and not many and (person := r.earlier(np0, "one")):
            return person, "latest actor"       # "The tech mogul said" after "Huang spoke" and other speakers
        before = re.findall(r"\b(?:\d[\d,]*|[A-Z][\w-]*)\s+" + re.escape(head) + r"\b", r.text[:np0])
        if before:
            return Said(None, "People" if many else "Person", before[-1], head), "earlier words"   # "46 CEOs"
    post = role.group("post") or ""
    label = role.group("np")[:len(role.group("np")) - len(post)]
    label += "" if re.match(r"\s+who\b", post) else post     # "people familiar with the matter", "officials in Beijing"
    label = re.sub(r"^(?:the|a|an)\s+", "", label.strip(" ,"), flags=re.I)
    return Said(None, "People" if many else "Person", label, head), "unnamed source"


def a_name(text: str, word: str) -> bool:
    """Whether a word spelled with a capital at a sentence's start is a name: spelled so in
    mid-sentence elsewhere, or in capitals ("TSMC")."""
    return word.isupper() and len(word) > 1 or bool(re.search(r"[a-z,]\s+" + re.escape(word) + r"\b", text))


def subject_of(r: Reader, s: Sentence, t):
    """The subject of the sentence a participle of saying goes with ("EU lawmakers have opposed
    the changes, warning that ..."): an actor among its first words, else a role or plural noun
    before its first auxiliary or verb."""
    head = re.match(r"(.+?)\s+(?:has|have|had|is|are|was|were|will|would|did|does|do|[a-z]+ed)\b", s.text)
    role = ROLE_NP.search(head.group(1)) if head else None
    if role:
        sp, how = role_speaker(r, role, s.start + role.start("np"), s.start + len(head.group(1)))
        return sp, t.text, how
    first = [a for a in r.outside.between(s.start, s.start + 40) if a[1] < t.start
             and len(r.text[s.start:a[0]].split()) <= 2 and not re.match(r"[’']s\b", r.text[a[1]:a[1] + 2])
             and not r.qualifier(a)]
    if first:
        return r.named(first[0]), t.text, "before the verb"
    bare = PLURAL_NP.search(head.group(1)) if head else None
    return (Said(None, "People", bare.group("np").strip(), bare.group("head")), t.text, "unnamed source") if bare else None


def maybe_person(sp: Said) -> bool:
    """A candidate speaker guessed a company that may be a person ("Hasni"): a short name
    without a company's suffix."""
    return sp.prop is not None and sp.prop.kind == "entity" and sp.kind in ("Company", "Actor") and \
        len(sp.label.split()) <= 3 and not re.search(r"\b(?:Ltd|Inc|Corp|Co|Group|Bhd|LLC|PLC|AG|SA|Holdings)\b", sp.label)
