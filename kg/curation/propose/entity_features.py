"""What the learned entity models (``entity_model``) see of a candidate entity: general features
of its name and of the words around every occurrence in the document, and the rules' own
signals. ``VERSION`` names the feature set; a model file trained on another is refused.

Of the name: the rules' kind (``entity_kinds.kind_of``, at the first mention and at every
other), the number of words, the capitalisation pattern of the name and of its first and last
words, the last word's ending (three letters), an acronym, digits, a legal form (``cleanco``),
gazetteer hits (country, capital, region, city), a given name first and personal-name words
throughout, a title first, and the rules' word classes (body of government, publisher,
organisation words, geographic words, measures, scholarly bodies, labs, chips, model names,
common-noun shape). Of its occurrences: how many, the class of the word before and after (a
function word, a title, a verb of saying, a lower-case word, or a capitalised word's shape: the
words themselves are left out, cross-validation found them no help), a title or a sort word just before, "in"/"at"
before, a verb of saying just after or just before, "according to" before, an apposition after
(a comma), brackets, the start of a sentence or a line, a short line without a full stop
(captions and credits), a dash before or a credit's words earlier in its line ("Reporting by",
"Photo:"), where in the document it first appears. Version 2 added the credit's words, a
lower-case word inside the name ("Italian regulator"), a demonym first and a word in capitals.
"""
from __future__ import annotations

import re

from kg.curation.propose import gazetteer
from kg.curation.propose.entity_kinds import (_CHIP, _GEO_WORDS, _GOV, _LAB, _MEASURE, _MODEL, _ORG_WORDS,
                                              _PERSON_CUE, _SCHOLARLY, PUBLISHERS, classified, common_phrase, kind_of)
from kg.curation.propose.proposals import Proposal
from kg.curation.propose.text import FUNCTION_WORDS
from kg.curation.propose.titles import given_name, is_title, personal_word

VERSION = "entities-2"
_WORD = re.compile(r"[^\W_]+(?:[’'.-][^\W_]+)*\.?")
_SAYING = {"said", "says", "told", "added", "argued", "noted", "stated", "warned", "wrote", "announced", "confirmed",
           "denied", "declined", "reported", "explained", "claimed", "according"}
_GATHERING = re.compile(r"\b(?:Expo|Conference|Summit|Forum|Congress|Games|Olympics?|Week|Show|Fair|Festival|Award|Prize)\b")
_CREDIT_LINE = re.compile(r"\b(?:[Rr]eporting|[Ee]diting|[Ww]riting|[Aa]dditional reporting|[Pp]hoto(?:graph)?s?|[Ii]mage|"
                          r"[Cc]redit|[Ss]ource|[Bb]y)\b[^.!?]*$")
_LOCATIVE = {"in", "at", "near", "from", "outside", "across", "to"}


def shape(word: str) -> str:
    """The capitalisation pattern of ``word``: X for capitals, x for small letters, d for digits,
    runs of one class written once ("Nvidia" Xx, "H200" Xd, "iPhone" xXx)."""
    out = []
    for c in word:
        k = "X" if c.isupper() else "x" if c.islower() else "d" if c.isdigit() else c
        if not out or out[-1] != k:
            out.append(k)
    return "".join(out)


def _word_class(word: str) -> str:
    """A context word's class: a function word, a title, a verb of saying, a lower-case word, or
    the shape of a capitalised one (never the word itself: cross-validation found no gain in it)."""
    low = word.casefold()
    if low in FUNCTION_WORDS:
        return "function"
    if low in _SAYING:
        return "saying"
    if is_title(word):
        return "title"
    return "lower" if word.islower() else shape(word)


def name_features(label: str) -> list[str]:
    """Features of the name alone."""
    words = label.split()
    last = words[-1] if words else label
    f = [f"nw={min(len(words), 4)}", f"shape={' '.join(shape(w) for w in words[:4])}", f"first_shape={shape(words[0])}",
         f"last_shape={shape(last)}", f"suffix={last[-3:].casefold()}"]
    if label.isupper() and len(label) <= 6:
        f.append("acronym")
    if any(c.isdigit() for c in label):
        f.append("digits")
    import cleanco
    if cleanco.basename(label) not in ("", label):
        f.append("legal_form")
    for name, test in (("country", gazetteer.country), ("capital", gazetteer.capital_of), ("region", gazetteer.region),
                       ("city", gazetteer.is_place)):
        if test(label):
            f.append("gaz=" + name)
        elif len(words) > 1 and test(last):
            f.append("gaz_last=" + name)
    if any(gazetteer.demonym(w) for w in words):
        f.append("demonym_word")
    if given_name(words[0]):
        f.append("given_first")
    if all(personal_word(w) for w in words):
        f.append(f"personal_words={min(len(words), 3)}")
    if is_title(words[0]):
        f.append("title_first")
    for name, pattern in (("gov", _GOV), ("publisher", PUBLISHERS), ("org", _ORG_WORDS), ("geo", _GEO_WORDS),
                          ("measure", _MEASURE), ("scholarly", _SCHOLARLY), ("lab", _LAB), ("chip", _CHIP),
                          ("model", _MODEL)):
        if pattern.search(label):
            f.append("words=" + name)
    if common_phrase(label):
        f.append("common_phrase")
    if _GATHERING.search(label):
        f.append("words=gathering")
    if any(w.islower() for w in words[1:]) and not all(w in FUNCTION_WORDS for w in words[1:] if w.islower()):
        f.append("lower_word")      # "Italian regulator": a description, no name
    if gazetteer.demonym(words[0]) and len(words) > 1:
        f.append("demonym_first")
    if label.isupper() and len(label) > 4:
        f.append("shouted")
    return f


def context_features(text: str, start: int, end: int) -> set[str]:
    """Features of the words around one occurrence at ``start:end``."""
    before = _WORD.findall(text[max(0, start - 60):start])
    after = _WORD.findall(text[end:end + 40])
    f = {"prev=" + (_word_class(before[-1]) if before else "^"), "next=" + (_word_class(after[0]) if after else "$")}
    if before and is_title(before[-1]):
        f.add("title_before")
    if before and before[-1].casefold() in _LOCATIVE:
        f.add("locative_before")
    if before and before[-1].casefold() in _SAYING or len(before) > 1 and before[-2].casefold() in _SAYING:
        f.add("saying_before")
    if any(w.casefold() in _SAYING for w in after[:3]):
        f.add("saying_after")
    if re.search(r"according to (?:the )?$", text[max(0, start - 20):start], re.I):
        f.add("according_to")
    if sort := classified(text[max(0, start - 60):start]):
        f.add("sort_before=" + sort)
    if _PERSON_CUE.search(text[max(0, start - 40):end + 30]):
        f.add("person_cue")
    gap_after = text[end:end + 2]
    if gap_after[:1] == ",":
        f.add("comma_after")
    if gap_after.strip()[:1] == "(" or text[max(0, start - 1):start] == "(":
        f.add("bracket")
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line = text[line_start:len(text) if line_end < 0 else line_end].strip()
    if not text[line_start:start].strip():
        f.add("line_start")
    if len(line) < 60 and not line.endswith((".", "”", '"', "?", "!")):
        f.add("short_line")
    lead = text[max(0, start - 3):start]
    if re.search(r"[.!?]\s+$|^\s*$", lead) or not text[line_start:start].strip():
        f.add("sentence_start")
    if re.search(r"[—–]\s*$", text[max(0, start - 3):start]):
        f.add("dash_before")
    if _CREDIT_LINE.search(text[line_start:start]):
        f.add("credit_line")      # "Reporting by X; Editing by Y", "Photo: X"
    return f


def features(p: Proposal, text: str) -> dict[str, float]:
    """The features of the candidate entity ``p`` in ``text`` (its name, its rule kind, and the
    context of every occurrence: a feature seen at any occurrence counts once)."""
    label = p.fields.get("label", p.text)
    occ = p.fields.get("occurrences") or [[p.start, p.end]]
    f = dict.fromkeys(name_features(label), 1.0)
    f["rule=" + str(p.fields.get("kind_guess") or "")] = 1.0
    f[f"occ={min(len(occ), 3)}"] = 1.0
    if p.fields.get("initial"):
        f["initial"] = 1.0
    if p.fields.get("aliases"):
        f["aliases"] = 1.0
    place = occ[0][0] / max(1, len(text))
    f["where=" + ("lead" if place < 0.1 else "end" if place > 0.9 else "body")] = 1.0
    short = label.isupper() and len(label) <= 6
    for a, b in occ[:8]:
        for c in context_features(text, a, b):
            f[c] = 1.0
            if short and c.startswith("next="):
                f["acronym_" + c] = 1.0     # "XYZ machines": a thing's acronym before a common noun
        if (a, b) != (p.start, p.end):
            f["kind_at=" + kind_of(text[a:b], text, a, b)] = 1.0
    return f
