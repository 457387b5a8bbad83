"""Amounts written in words around the number, and counts whose noun is left out.

``kg.curation.propose.quantities`` finds numbers with a unit or a counted noun; this finds the
figures whose unit or size is in words around them:

- money named by a currency word after the number ("26 trillion won", "3 billion yuan", "tens of
  millions of dollars", "5 million Singapore dollars") or an ISO code before it ("KRW 33
  trillion", "EUR 2bn") or after it ("3 million USD"): each currency is its own unit, never
  converted; "half a billion dollars", "a billion dollars"; the Indian scale words ("Rs 5,000
  crore", "50 lakh");
- a vague size ("tens of millions of dollars", "hundreds of megawatts", "billions of dollars"):
  its lower bound as ``min``, approximate ("tens of" is 10, "hundreds of" 100, "thousands of"
  1,000, "millions of" a million, "billions of" a billion, "dozens of" 24), times its scale
  word ("tens of millions" is 10 million);
- shares and multiples in words ("twice", "doubled", "by a third": ``kg.curation.propose.multiples``);
- durations in a word ("weeklong", "year-long": one of it; "decades in prison": at least 20 years);
- counts whose noun is left out because the clause before gave it ("Seventeen are already
  operating, 11 are under construction", "eight data centres ..., with 10 more in
  development"): the unit and what it counts are those of the last count before it, in that
  sentence or the one before.
"""
from __future__ import annotations

import re

from kg.curation.propose.multiples import multiples
from kg.curation.propose.proposals import Proposal
from kg.index import variants
from kg.curation.propose.rules_numbers import _APPROX, _SCALE, A_SCALE, NUMBER, _value, bounded
from kg.curation.propose.text import Sentence

# "crore" (ten million) and "lakh" (a hundred thousand) are the Indian scale words
SCALE_WORD = r"thousand|million|billion|trillion|bn|mn|tn|lakh crore|crore|lakh"
INDIAN_SCALE = {"crore": 1e7, "lakh": 1e5, "lakh crore": 1e12}
# currency words after a number: the word, or the place named before "dollars"
CURRENCY_WORDS = {"won": "KRW", "yuan": "CNY", "renminbi": "CNY", "ringgit": "MYR", "euro": "EUR", "euros": "EUR",
                  "yen": "JPY", "rupee": "INR", "rupees": "INR", "baht": "THB", "rupiah": "IDR", "dong": "VND",
                  "pesos": "MXN", "dollars": "USD", "pounds sterling": "GBP"}
DOLLAR_PLACES = {"us": "USD", "u.s.": "USD", "american": "USD", "singapore": "SGD", "hong kong": "HKD",
                 "taiwan": "TWD", "new taiwan": "TWD", "australian": "AUD", "canadian": "CAD"}
CODES = ("USD", "EUR", "GBP", "CNY", "RMB", "JPY", "KRW", "MYR", "SGD", "TWD", "HKD", "INR", "AUD", "CAD", "IDR",
         "THB", "VND")
_CUR = r"(?:(?P<place>US|U\.S\.|American|Singapore|Hong Kong|New Taiwan|Taiwan|Australian|Canadian)\s+)?" \
       r"(?P<cur>won|yuan|renminbi|ringgit|euros?|yen|rupees?|baht|rupiah|dong|pesos|dollars|pounds sterling)\b"
_WORD_MONEY = re.compile(rf"\b(?P<several>(?:several|a few)\s+)?(?P<a>{NUMBER}|{A_SCALE})\s*(?:(?P<scale>{SCALE_WORD})\b\s*)?{_CUR}", re.I)
# an ISO code before the number ("KRW 33 trillion") or after it ("3 million USD")
_CODE_MONEY = re.compile(rf"\b(?P<code>{'|'.join(CODES)}|Rmb)\s?(?P<a>{NUMBER})(?:\s*(?P<scale>{SCALE_WORD}|[kmb])\b)?"
                         rf"|(?<![\w.])(?P<a2>\d[\d,.]*)\s?(?:(?P<scale2>{SCALE_WORD})\s)?(?P<code2>{'|'.join(CODES)})\b")
_MEASURE_UNITS = {"megawatts", "gigawatts", "terabytes", "petabytes", "litres", "liters"}
_VAGUE = {"tens": 10, "hundreds": 100, "thousands": 1e3, "millions": 1e6, "billions": 1e9, "dozens": 24}
_VAGUE_SIZE = re.compile(r"\b(?P<vague>tens|hundreds|thousands|millions|billions|dozens)\s+of\s+"
                         r"(?:(?P<scale>thousands|millions|billions)\s+of\s+)?"
                         rf"(?:{_CUR}|(?P<unit>megawatts|gigawatts|terabytes|petabytes|litres|liters|"
                         r"(?:(?!of\b|and\b|the\b)[\w.’'-]+\s+){0,3}?(?:[a-z][a-z-]*(?<!s)s|people|[a-z]*men|children)))\b",
                         re.I)
# a duration said by a word alone: "a weeklong trip", "a year-long ban", "over a year" (one of it), "decades in prison"
# (at least two decades, as "dozens of" is at least two dozen)
_WORD_SPAN = re.compile(r"\b(?P<one>day|week|month|year|decade)[\s-]?long\b|\ban?\s+(?P<a>day|week|month|year|decade)\b(?![\s-]?long\b|\s+(?:ago|later|earlier|after|before)\b)"
                        r"|\b(?P<many>decades|years)(?=\s+(?:in (?:federal )?prison|behind bars|of imprisonment)\b)", re.I)
_BOUNDED = re.compile(r"\b(?:over|more than|nearly|almost|about|around|roughly|less than|at least|under|"
                      r"up to|within)\s+$", re.I)
# a number opening a clause and followed by its verb: the noun is the last count's
_BOUND = r"(?:(?:more than|at least|over|about|nearly|some|around|up to|almost|roughly)\s+)?"
_ELIDED = re.compile(rf"(?:^|[,;:]\s+(?:and\s+|while\s+|but\s+)?(?:the\s+remaining\s+|another\s+)?|\b(?:and|while|with)\s+)"
                     rf"(?P<bound>{_BOUND})(?P<a>{NUMBER})(?:(?P<more>\s+more)\b|\s+(?=(?:are|were|have|had|remain|will)\b))"
                     rf"|\bincluding\s+(?P<bound2>{_BOUND})(?P<a2>{NUMBER})\b(?![.,]\d)", re.I)
# a vote tally gives its first number: "passed on a vote of 77-20", "voted 52 to 47", "passed 410-13",
# "a 6-3 ruling"
_VOTE = re.compile(r"\b(?:vote of|voted|votes? of|tally of|(?:passed|approved|rejected|adopted|confirmed)(?: by)?)\s+"
                   r"(?P<a>\d{1,3})\s*(?:-|–|to)\s*(?P<b>\d{1,3})\b(?!\s*(?:%|per ?cent|years?|months?))"
                   r"|\b(?P<a2>\d{1,3})\s*(?:-|–|to)\s*(?P<b2>\d{1,3})\s+(?:vote|tally|decision|ruling|majority)\b", re.I)


def amounts(text: str, sents: list[Sentence], taken: list[tuple[int, int]]) -> list[Proposal]:
    """Money in currency words or codes, vague sizes and "twice", outside the spans ``taken``."""
    found: list[tuple[Sentence, re.Match, dict]] = []
    for s in sents:
        for m in _WORD_MONEY.finditer(s.text):
            cur = m.group("cur").lower()
            unit = DOLLAR_PLACES.get((m.group("place") or "").lower(), "USD") if cur == "dollars" \
                else CURRENCY_WORDS[cur]
            if cur == "won" and not m.group("scale") and "," not in m.group("a"):
                continue    # "the vote 3 won": the verb, not the currency
            number = _value(m.group("a"))
            if number is not None:      # "several hundred million dollars": at least two hundred million
                found.append((s, m, {"min": 2 * number * scale(m.group("scale")), "unit": unit, "approximate": True}
                              if m.group("several") else {"value": number * scale(m.group("scale")), "unit": unit}))
        for m in _CODE_MONEY.finditer(s.text):
            code, number = m.group("code") or m.group("code2"), _value((m.group("a") or m.group("a2")).rstrip(",."))
            if number is not None:
                found.append((s, m, {"value": number * scale(m.group("scale") or m.group("scale2")),
                                     "unit": "CNY" if code in ("RMB", "Rmb") else code}))
        for m in _VAGUE_SIZE.finditer(s.text):
            size = _VAGUE[m.group("vague").lower()] * _SCALE.get((m.group("scale") or "").lower().rstrip("s"), 1)
            if m.group("cur"):
                cur = m.group("cur").lower()
                unit = DOLLAR_PLACES.get((m.group("place") or "").lower(), "USD") if cur == "dollars" \
                    else CURRENCY_WORDS[cur]
                found.append((s, m, {"min": size, "unit": unit, "approximate": True}))
            else:
                noun = m.group("unit").split()[-1].lower()
                if noun in ("years", "months", "weeks", "days", "times", "others", "ones", "thousands", "millions",
                            "billions"):
                    continue
                named = {"measures": m.group("unit")} if noun not in _MEASURE_UNITS else {}
                found.append((s, m, {"min": size, "unit": singular(noun), "approximate": True, **named}))
        found += [(s, m, fields) for m, fields in multiples(s)]
        for m in _WORD_SPAN.finditer(s.text):
            if m.group("a"):    # "over a year", "nearly a decade": one, only with a bound before it
                if _BOUNDED.search(s.text[max(0, m.start() - 15):m.start()]):
                    found.append((s, m, {"value": 1, "unit": m.group("a").lower()}))
            elif m.group("one"):
                found.append((s, m, {"value": 1, "unit": m.group("one").lower()}))
            else:
                found.append((s, m, {"min": 20 if m.group("many").lower() == "decades" else 2, "unit": "year",
                                     "approximate": True, "measures": "prison term"}))
        for m in _VOTE.finditer(s.text):
            a, b = m.group("a") or m.group("a2"), m.group("b") or m.group("b2")
            found.append((s, m, {"value": int(a), "unit": "vote", "measures": f"votes for, {b} against"}))
    out = []
    for s, m, fields in sorted(found, key=lambda x: (x[0].start + x[1].start(), -(x[1].end() - x[1].start()))):
        start, end = s.start + m.start(), s.start + m.end()
        if any(a < end and start < b for a, b in taken):
            continue
        before = s.text[max(0, m.start() - 25):m.start()]
        fields["approximate"] = fields.get("approximate") or bool(_APPROX.search(before))
        if "value" in fields and fields["unit"] != "fraction":   # "approximately 17 trillion won", "over 10 trillion won" (min)
            number = fields.pop("value")
            start -= bounded(fields, before, number)
            fields = {k: fields[k] for k in sorted(fields, key=lambda k: k not in ("value", "min", "max"))}
        for k in ("value", "min", "max"):
            if isinstance(fields.get(k), float) and fields[k].is_integer():
                fields[k] = int(fields[k])
        fields.setdefault("approximate", False)
        taken.append((start, end))
        out.append(Proposal("figure", start, end, text[start:end], s.text, s.start, s.end, fields))
    return out


def elided(text: str, sents: list[Sentence], counts: list[Proposal], taken: list[tuple[int, int]]) -> list[Proposal]:
    """Counts whose noun is left out, given the last count's unit (see the module's docstring)."""
    out: list[Proposal] = []
    for i, s in enumerate(sents):
        for m in _ELIDED.finditer(s.text):
            a, bound = ("a", "bound") if m.group("a") else ("a2", "bound2")
            start, end = s.start + m.start(bound), s.start + m.end("more" if m.group("more") else a)
            prior = [c for c in counts + out if c.end <= start and c.sentence_start >= sents[max(0, i - 1)].start]
            number = _value(m.group(a))
            if not prior or number is None or any(a < end and start < b for a, b in taken):
                continue
            if m.group(a).isdigit() and len(m.group(a)) == 4 and m.group(a)[:2] in ("19", "20"):
                continue    # "in 2021 were": a year
            last = max(prior, key=lambda c: c.end)
            fields: dict = {}
            bounded(fields, m.group(bound), number)     # "including more than 50": min 50
            fields.update({"unit": last.fields["unit"], "approximate": bool(_APPROX.search(m.group(bound))),
                           "measures": last.fields.get("measures") or last.fields["unit"]})
            taken.append((start, end))
            out.append(Proposal("figure", start, end, text[start:end], s.text, s.start, s.end, fields))
    return out


def scale(word: str | None) -> float:
    """What a scale word multiplies by ("million", "bn", "crore", "lakh crore"); 1 for none."""
    word = re.sub(r"\s+", " ", (word or "").lower())
    return INDIAN_SCALE.get(word) or _SCALE.get(word, 1)


def singular(noun: str) -> str:
    """A counted noun's unit: ``kg.index.variants.singular`` (one copy of the plural rules),
    "-men" for "-man" ("businessmen"), "person" for "people", and an acronym keeps its case
    ("GPUs" is "GPU", "TFLOPS" stays)."""
    if len(noun) > 2 and noun.endswith("s") and noun[:-1].isupper():
        return noun[:-1]
    if noun.isupper():      # "TFLOPS", "TOPS": the unit's own name
        return noun
    noun = noun.lower()
    if noun == "people":
        return "person"
    return noun[:-3] + "man" if noun.endswith("men") else variants.singular(noun)


__all__ = ["amounts", "elided", "scale", "singular"]
