"""Titles glued to names: which words of a run of capitals are a person's name, which an office,
and which the organisation the office is in.

- "Intel CEO Lip-Bu Tan", "Senate Minority Leader Chuck Schumer", "Commerce Secretary Gina
  Raimondo", "President Biden": the person is the name at the end (one to three words that can
  be parts of a personal name, hyphenated ones included); the office tells the kind;
- the words before an office that is held in an organisation (chief executive, chair, founder;
  a leader or member of a body of government) name that organisation: "Intel" of "Intel CEO",
  "Senate" of "Senate Minority Leader"; a country or place before any office is one too ("Johor"
  of "Johor Menteri Besar"); a portfolio ("Commerce" of "Commerce Secretary") names none;
- "CEO of Cadence Design Systems" names the company only; "Secretary of Commerce" alone names
  nothing a reviewer would add;
- "Senator Tom Cotton of Arkansas": the place after a titled name is a place of its own;
- a party-and-state tag after a legislator's name ("R-Ind.", "D-N.Y.") names nothing.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from nameparser.config import CONSTANTS

# offices that name a person after them wherever they stand in a run
OFFICES = {"president", "secretary", "minister", "senator", "sen", "sens", "rep", "reps", "representative", "governor",
           "chancellor", "premier", "spokesman", "spokeswoman", "spokesperson", "ambassador", "judge", "justice", "mr",
           "ms", "mrs", "dr", "chairman", "chairwoman", "chair", "commissioner", "mayor", "undersecretary", "ceo", "cfo",
           "cto", "coo", "founder", "co-founder", "cofounder", "leader", "director", "attorney", "prosecutor",
           "congressman", "congresswoman", "lawmaker", "prof", "professor", "analyst", "menteri", "mentri", "mep", "mp", "czar", "tsar", "adviser",
           "advisor", "speaker", "ag", "judges", "justices", "senators", "governors", "commissioners"}   # "Judges X and Y"
# offices held in an organisation the words before them name ("Intel CEO"); a body of government
# before any office is one too ("Senate Minority Leader")
_IN_ORGANISATION = {"ceo", "cfo", "cto", "coo", "chairman", "chairwoman", "chair", "founder", "co-founder", "cofounder"}
_TITLE_EXTRA = {"former", "vice", "under", "deputy", "acting", "prime", "chief", "executive", "us", "u.s", "minority",
                "majority", "ranking", "senior", "assistant", "interim", "besar", "datuk", "dato", "seri", "tun"}
_PARTY_TAG = re.compile(r"^[RDI]-[A-Z][A-Za-z.]{0,5}$")
# heads of names that are not personal names ("Act", "Department", "Systems", "City")
_NOT_PERSONAL = re.compile(r"^(?:Act|Bill|Rule|List|Law|Department|Ministry|Bureau|Agency|Commission|Office|Council|"
                           r"Committee|Senate|Congress|Court|Authority|Army|Party|University|Institute|Systems|Group|"
                           r"Holdings|Technologies|Technology|Corporation|Inc|Corp|Ltd|Company|City|Valley|Province|"
                           r"Island|Authorization|Security|Industry|Commerce|Defense|Defence|Innovation)$")


@dataclass
class Titled:
    name: str | None            # the person's name, or None ("CEO of Cadence Design Systems")
    employer: str | None        # the organisation the office is in, or None
    place: str | None = None    # "Arkansas" of "Senator Tom Cotton of Arkansas"


def _place(name: str) -> bool:
    from kg.curation.propose import gazetteer

    return bool(gazetteer.country(name) or gazetteer.demonym(name) or gazetteer.region(name) or gazetteer.is_place(name))


def is_title(word: str) -> bool:
    w = word.casefold().strip(".")
    return w in OFFICES or w in CONSTANTS.titles or w in _TITLE_EXTRA


def is_party_tag(label: str) -> bool:
    return bool(_PARTY_TAG.match(label.strip(".,")))


def personal_word(w: str) -> bool:
    """A word that can be part of a personal name: "Tan", "Lip-Bu", "McCormick", "O'Brien", a
    middle initial ("D.")."""
    if re.fullmatch(r"[A-Z]\.", w):
        return True
    parts = [p for p in re.split(r"[-’']", w) if p]
    syllable = re.fullmatch(r"[A-Z][a-z]{1,4}-[a-z]{2,5}", w)     # "Sang-mok": a romanised given name
    return bool(parts) and (bool(syllable) or all(p[:1].isupper() and (p[1:].islower() or re.fullmatch(r"(?:Mc|Mac)[A-Z][a-z]+", p))
                                                  for p in parts)) and not is_title(w) and not _NOT_PERSONAL.match(w)


@lru_cache(maxsize=1)
def _given_names():
    import gender_guesser.detector as gender

    return gender.Detector(case_sensitive=False)


def given_name(word: str) -> bool:
    """A first name of people (the ``gender-guesser`` name list), or a hyphenated romanised
    given name ("Lip-Bu", "Yih-Shyan")."""
    if re.fullmatch(r"[A-Z][a-z]{1,3}-[A-Z][a-z]{1,4}", word):
        return True
    return _given_names().get_gender(word) != "unknown"


def split(words: list[str], org_head) -> Titled | None:
    """The parts of a run with a title in it (see the module's description), else None.
    ``org_head(word)`` tells a word that heads the name of a body of government."""
    low = [w.casefold().strip(".") for w in words]
    if len(words) >= 3 and low[0] in _IN_ORGANISATION and low[1] == "of":
        return Titled(None, " ".join(words[2:]))
    if "of" in low[2:]:
        k = len(low) - 1 - low[::-1].index("of")
        inner = split(words[:k], org_head)
        if inner and inner.name and words[k + 1:] and all(w[:1].isupper() for w in words[k + 1:]):
            return Titled(inner.name, inner.employer, " ".join(words[k + 1:]))
    if len(words) == 2 and low[0] in OFFICES and personal_word(words[1]):
        return Titled(words[1], None)
    offices = [i for i, w in enumerate(low) if w in OFFICES or (i == 0 and is_title(w))]
    if not offices or offices[0] > len(words) - 2:
        return None
    tail = 0
    for w in reversed(words):
        if not personal_word(w) or tail == 3:
            break
        tail += 1
    if tail == 3 and len(words) > 3 and (words[-4].islower() or not given_name(words[-3]) and (
            given_name(words[-2]) or re.search(r"(?:cy|gy|ry|ies|airs|ment|tion|ture|ade)$", words[-3]))):
        tail = 2    # "Minister of Fisheries Ola Nordmann", "... Economic Affairs Micky X": the portfolio is not a given name
    start = len(words) - tail
    if start > 0 and low[start - 1] in ("of", "for"):
        return None     # "Minister of Economic Affairs": a portfolio, no name
    if start < len(words) and not any(low[i] in OFFICES for i in offices if i < start) and not given_name(words[start]):
        return None     # a title only nameparser knows ("National", "General") needs a first name after it
    if tail == 0 or tail == len(words) or not any(i < start for i in offices) or tail == 1 and low[start - 1] not in OFFICES:
        return None
    first = offices[0]
    before = [w for w in words[:first] if not is_title(w)]
    employer = None
    if before and (low[first] in _IN_ORGANISATION or any(org_head(w) for w in before)):
        heads = [i for i, w in enumerate(before) if org_head(w)]
        employer = " ".join(before[:heads[-1] + 1] if heads else before)
    elif before and _place(" ".join(before)):
        employer = " ".join(before)     # "Johor Menteri Besar X": the state or place the office is of
    return Titled(" ".join(words[start:]), employer)
