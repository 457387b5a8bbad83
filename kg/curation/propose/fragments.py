"""Candidates that are pieces or second spellings of other names, or names of documents: the last
pass over the entity candidates (after ``naming.refine``), which sees them all and the known
names the text mentions.

- a word before a known name that a longer name goes on after is part of that longer name:
  "Ninth" of "Ninth U.S. Circuit Court of Appeals" (the country a known node) is glued to the
  candidate after the country ("Circuit Court of Appeals"), or dropped when none starts there
  ("Acting" of "Acting U.S. Attorney for ...");
- a company word right after a known name is part of its mention ("Huawei Technologies");
- a document named by its genre only ("a 77-page Memorandum Opinion and Order") is no actor;
- a short form is the same entity as the name it stands for: a term a text defines in quotes in
  brackets after a name ("China Avionics Systems Co. Limited (“AVIA”)", the habit of court
  papers), the initials of a name of two words or more ("FT" for Financial Times) and the last
  word of a name of two or three words, whatever kind was guessed for it ("Mai" after "Kiet Mai").
"""
from __future__ import annotations

import re

from kg.core.namespaces import PK
from kg.curation.propose import gazetteer, particles
from kg.curation.propose.entity_kinds import kind_of, place_name
from kg.curation.propose.proposals import Proposal
from kg.curation.propose.text import Token

# the genres of documents a court, an agency or a legislature issues: named by them alone, a
# document is no entity a reviewer adds as an actor
_GENRES = {"memorandum", "opinion", "order", "orders", "complaint", "indictment", "motion", "brief", "ruling",
           "judgment", "judgement", "verdict", "notice", "filing", "affidavit", "transcript", "exhibit", "summary",
           "release", "statement", "letter", "memo", "docket", "petition", "decision", "and", "of", "the", "final",
           "interim", "press", "joint", "amended", "superseding", "criminal", "civil", "plea", "agreement"}
# words that end a company's name after its own name ("Huawei Technologies", "Nvidia Corp")
_COMPANY_WORDS = {"technologies", "technology", "corp", "corporation", "group", "holdings", "inc", "ltd", "limited",
                  "co", "company", "international", "systems", "electronics", "semiconductor", "plc", "llc"}
_DEFINED = re.compile(r"\s*\(\s*[“\"'‘](?P<a>[A-Z][\w&.-]*(?: [A-Z][\w&.-]*){0,3})[”\"'’]\s*\)")
# a place in an adjective with the place it lies in: "Santa Clara, California-based" (no name); "the
# California based maker" (a place; the hyphen left out)
_ADJECTIVE = re.compile(r",\s[A-Z][\w.]*(?:\s[A-Z][\w.]*)?-(?:based|headquartered)\b")
_SPACED_BASED = re.compile(r" (?:based|headquartered)\b")
# a district or region an office is for: "U.S. Attorney for the Northern District of Illinois"
_OFFICE_FOR = re.compile(r"\b(?:Attorney|Attorney[’']s Office|Marshal|Prosecutor|Judge)s? for the $")
_CURRENCY_SIGNS = "$€£¥"
_BODY_HEADS = {"Department", "Ministry", "Bureau", "Office", "Agency"}
_ORDINAL_AFTER = re.compile(r"(?:(?<=Appeals)|(?<= Court)) for the \d{1,2}(?:st|nd|rd|th) [A-Z][a-z]+\b")
_LEGAL_AFTER = re.compile(r", (?:Inc|Ltd|LLC|Co|Corp|PLC|plc|GmbH|L\.P|S\.A)\.?(?![\w-])")
_THE = re.compile(r"\b(?:[Tt]he|[Tt]his|[Tt]hat)\s[“\"]?$")
_SMALL = {"of", "for", "and", "the", "on", "in", "&"}
# a dateline: a line opening with a place in capitals ("PELL HARBOUR", "OSTRAVA/LISBON"), perhaps its
# country or state and a date after commas, then a dash, or the agency in brackets and a dash or a
# colon ("LISBON, March 3 —", "OSTRAVA, Norland, Nov. 9 (Wire) -"); the names before the agency are
# no entities (the conventions: a dateline is not annotated), the agency is its publisher
_DATELINE = re.compile(r"(?m)^[ \t]*[A-Z][A-Z.’'-]{2,}(?:[ /][A-Z][A-Z.’'-]+){0,3}(?:,[ \t]+[A-Z][\w.]*(?: [A-Z][\w.]*)?){0,2}?"
                       r"(?:,[ \t]+[A-Z][a-z]{2,8}\.? \d{1,2})?(?P<end>)(?:[ \t]*[—–-]{1,2}[ \t]|[ \t]*\([^()\n]{2,40}\)[ \t]*(?:[—–-]{1,2}|:)[ \t])")


def prune(props: list[Proposal], text: str, toks: list[Token], covered: set[int]) -> list[Proposal]:
    """The candidates of ``props`` without pieces, documents and second spellings (see the
    module's description); mentions and other proposals pass unchanged."""
    ents = particles.join([p for p in props if p.kind == "entity"], text)
    rest = [p for p in props if p.kind != "entity"]
    at = {t.start: k for k, t in enumerate(toks)}
    starting = {p.start: p for p in ents}
    gone: set[int] = set()
    datelines = [(m.start(), m.start("end")) for m in _DATELINE.finditer(text)]
    for p in ents:
        label = p.fields.get("label", p.text)
        if all(w.casefold() in _GENRES for w in re.findall(r"[A-Za-z]+", label)):
            gone.add(id(p))
        elif " " not in label and _piece_before(p, text, toks, covered, at, starting, gone):
            gone.add(id(p))
        elif " " not in label and label.casefold().strip(".") in _COMPANY_WORDS and all(
                at.get(a) and at[a] - 1 in covered and text[toks[at[a] - 1].end:a] == " " for a, _ in _occ(p)):
            gone.add(id(p))
        elif _ADJECTIVE.match(text, p.end) or place_name(label) and _SPACED_BASED.match(text, p.end) \
                and text[max(0, p.start - 4):p.start].casefold() in ("the ", " a ", " an "):
            gone.add(id(p))
        elif datelines and all(any(x <= a and b <= y for x, y in datelines) for a, b in _occ(p)):
            gone.add(id(p))     # a dateline's place and country ("OSTRAVA, Norland —")
        elif _OFFICE_FOR.search(text[max(0, p.start - 40):p.start]):
            gone.add(id(p))
            rest += _named_after_district(p, text)
        elif re.fullmatch(r"(?=(?:.*\d){2})(?=(?:.*[A-Z]){2})(?=(?:.*[a-z]){2})[A-Za-z0-9]{8,}", label):
            gone.add(id(p))     # an identifier of a page or a file ("LByac467cN")
        elif label.isupper() and len(label) >= 4 and text[text.rfind("\n", 0, p.start) + 1:p.start].strip() == "" \
                and re.match(r"\s*[—–-]\s", text[p.end:p.end + 4]) or p.end < len(text) and text[p.end] in _CURRENCY_SIGNS:
            gone.add(id(p))     # a dateline's place in capitals before a dash ("WASHINGTON —"); "NT$30"
        else:
            if m := _LEGAL_AFTER.match(text, p.end):     # "Cree, Inc.": the legal form is the name's
                p.end, p.text = m.end(), text[p.start:m.end()]
                p.fields.update({"label": p.text, "occurrences": [[p.start, p.end]] + _occ(p)[1:]})
            _with_country(p, text, toks, covered, at)
            _with_known_after(p, text, toks, covered, at)
            if (m := _ORDINAL_AFTER.match(text, p.end)) and len(_occ(p)) == 1:    # "... Court of Appeals for the 9th Circuit"
                p.end, p.text = m.end(), text[p.start:m.end()]
                p.fields.update({"label": p.text, "occurrences": [[p.start, p.end]]})
    ents = [p for p in ents + [q for q in rest if q.kind == "entity"] if id(p) not in gone]
    spans = [(a, b, id(p)) for p in ents for a, b in _occ(p)]
    ents = [p for p in ents if not all(any(x <= a and b <= y and (x, y) != (a, b) and i != id(p) for x, y, i in spans)
                                       for a, b in _occ(p))]      # a piece inside another name's mention
    return _fold_short(ents, text) + [q for q in rest if q.kind != "entity"]


def _named_after_district(p: Proposal, text: str) -> list[Proposal]:
    """The person named right after an office's district ("... for the Northern District of
    California Ismail Ramsey"): the words after the district's place, when they read as a name."""
    words = p.fields.get("label", p.text).split()
    for cut in range(len(words) - 2, 0, -1):
        name = words[cut:]
        if place_name(words[cut - 1]) and 2 <= len(name) <= 3 and all(re.fullmatch(r"[A-Z][a-z]+(?:-[A-Z]?[a-z]+)?", w) for w in name):
            start = p.start + p.text.rindex(" ".join(name))
            end = start + len(" ".join(name))
            return [Proposal("entity", start, end, text[start:end], p.sentence, p.sentence_start, p.sentence_end,
                             {"label": text[start:end], "class": str(PK.Person), "kind_guess": "Person", "iri": None,
                              "occurrences": [[start, end]]})]
    return []


def _with_country(p: Proposal, text: str, toks: list[Token], covered: set[int], at: dict) -> None:
    """A known country's name right before a name of two words or more is part of it ("U.S.
    Attorney's Office", "China Avionics Systems Co. Limited"), and a known name before a hyphen
    ("DeepSeek-R1": its maker's model) too: the candidate's label starts there."""
    k = at.get(p.start, 0) - 1
    if k < 0 or k not in covered or len(_occ(p)) != 1:
        return
    gap = text[toks[k].end:p.start]
    i = k
    while i - 1 >= 0 and i - 1 in covered and toks[i].start - toks[i - 1].end <= 1:
        i -= 1
    if i > 0 and text[toks[i - 1].end:toks[i].start] == "-":
        return
    start = toks[i].start
    known = text[start:p.start].rstrip(" -")
    hyphen = gap == "-" and " " not in known
    country = (gap == " " or gap == ". " and "." in toks[k].text) and " " in p.fields["label"] and bool(gazetteer.country(known)) \
        and not gazetteer.demonym(known) and text[max(0, start - 2):start] not in (". ", "\n")
    if not (hyphen or country):
        return
    label = text[start:p.end]
    p.start, p.text = start, label
    p.fields.update({"label": label, "occurrences": [[start, p.end]]})
    if hyphen:
        cls = kind_of(label, text, start, p.end)
        p.fields.update({"class": str(PK[cls]), "kind_guess": cls})


def _with_known_after(p: Proposal, text: str, toks: list[Token], covered: set[int], at: dict) -> None:
    """A name of two words or more followed by "of the" and a known name ends with it: "Official
    Journal of the European Union" (the known name stays a mention of its own too)."""
    m = re.match(r" of the ", text[p.end:p.end + 8])
    k = at.get(p.end + 8) if m else None
    if k is None or k not in covered or " " not in p.fields["label"] or len(_occ(p)) != 1:
        return
    while k + 1 < len(toks) and k + 1 in covered and toks[k + 1].start - toks[k].end <= 1:
        k += 1
    if k + 1 < len(toks) and toks[k + 1].text[:1].isupper() and toks[k + 1].start - toks[k].end <= 1:
        return      # the name goes on: no known name's end
    end = toks[k].end + (text[toks[k].end:toks[k].end + 1] == "." and "." in toks[k].text)
    if gazetteer.country(text[p.end + 8:end]) or gazetteer.region(text[p.end + 8:end]):
        return      # "the Financial Times of the U.S.": a country qualifies the name
    p.end, p.text = end, text[p.start:end]
    p.fields.update({"label": p.text, "occurrences": [[p.start, end]]})


def _occ(p: Proposal) -> list:
    return p.fields.get("occurrences") or [[p.start, p.end]]


def _piece_before(p: Proposal, text: str, toks: list[Token], covered: set[int], at: dict, starting: dict,
                  gone: set[int]) -> bool:
    """Whether the one-word candidate ``p`` only stands before a known name that a longer name
    goes on after; glues it to the candidate starting there, if any."""
    occ = _occ(p)
    if len(occ) != 1 or p.start not in at:
        return False
    k = at[p.start] + 1
    if k >= len(toks) or k not in covered or text[p.end:toks[k].start] != " ":
        return False
    while k < len(toks) and k in covered and toks[k].start - toks[k - 1].end <= 1:
        k += 1
    if k >= len(toks) or text[toks[k - 1].end:toks[k].start].lstrip(".") != " " or not toks[k].text[:1].isupper():
        return False
    after = starting.get(toks[k].start)
    if after is not None and id(after) not in gone and len(_occ(after)) == 1:
        label = text[p.start:after.end]
        cls = kind_of(label, text, p.start, after.end)
        after.start, after.text = p.start, label
        after.fields.update({"label": label, "class": str(PK[cls]), "kind_guess": cls, "occurrences": [[p.start, after.end]]})
    return True


def _fold_short(ents: list[Proposal], text: str) -> list[Proposal]:
    """Short forms folded into the names they stand for (see the module's description)."""
    home: dict[str, Proposal] = {}
    for p in ents:
        label = p.fields.get("label", p.text)
        words = label.split()
        for a, b in _occ(p):
            m = _DEFINED.match(text, b)
            if m and len(words) >= 2:
                home.setdefault(m.group("a").casefold(), p)
        content = [w for w in words if w.casefold() not in _SMALL]
        if 2 <= len(content) and all(w[:1].isupper() for w in content):
            home.setdefault("".join(w[0] for w in content).casefold(), p)
            if len(content) >= 3:       # an unwritten "Company": "TSMC" of "Taiwan Semiconductor Manufacturing"
                home.setdefault("".join(w[0] for w in content).casefold() + "c", p)
            home.setdefault("".join(w[0] for w in words if w.casefold() not in ("the", "and", "&")).casefold(), p)   # "DoJ"
            if len(words) == 2 and words[1] in _BODY_HEADS:     # "DOJ" of "Justice Department", as "Department of Justice"
                home.setdefault((words[1][0] + "o" + words[0][0]).casefold(), p)
        if 2 <= len(words) <= 3 and all(re.fullmatch(r"[A-Z][a-z]+(?:-[A-Z]?[a-z]+)?", w) for w in words):
            home.setdefault(words[-1].casefold(), p)
            for part in words[-1].split("-")[1:] if p.fields.get("kind_guess") == "Person" else ():
                home.setdefault(part.casefold(), p)     # "Ostrel" of "Vera Lund-Ostrel"
    out = []
    for p in ents:
        label = p.fields.get("label", p.text)
        long = home.get(label.casefold()) if " " not in label else None
        if long is None and " " not in label and label[1:].islower() and any(_THE.search(text[max(0, a - 8):a]) for a, _ in _occ(p)):
            ends = [q for q in ents if q is not p and len(q.fields["label"].split()) >= 2 and q.fields["label"].split()[-1] == label]
            long = ends[0] if len(ends) == 1 else None      # "the Act" of the one "... Act" the text names
        if long is None and " " in label and p.fields.get("kind_guess") != "Person":
            long = _shortened(p, ents)      # "Quorvane International" of "Quorvane ... International Corporation"
        last = long.fields["label"].split()[-1].casefold() if long is not None else ""
        short_ok = long is not None and long is not p and not place_name(label) and (
            " " in label or label.isupper() or label.casefold() in (last, *last.split("-")[1:]) or label.casefold() in _defined(long, text))
        if not short_ok:
            out.append(p)
            continue
        long.fields["occurrences"] = sorted(_occ(long) + _occ(p))
        if label not in long.fields.setdefault("aliases", []) and label.isupper():
            long.fields["aliases"].append(label)
    return out


def _shortened(p: Proposal, ents: list[Proposal]) -> Proposal | None:
    """The one other candidate of more words, no person, whose words hold ``p``'s in their order
    with the same first word: a firm's or a body's long name ``p`` is a short form of."""
    words = p.fields.get("label", p.text).split()
    found = []
    for q in ents:
        long = q.fields.get("label", q.text).split()
        if q is p or len(long) < 3 or len(long) <= len(words) or long[0] != words[0] or q.fields.get("kind_guess") == "Person":
            continue
        rest = iter(long[1:])
        if all(w in rest for w in words[1:]):
            found.append(q)
    return found[0] if len(found) == 1 else None


def _defined(p: Proposal, text: str) -> set[str]:
    return {m.group("a").casefold() for a, b in _occ(p) if (m := _DEFINED.match(text, b))}
