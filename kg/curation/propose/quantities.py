"""Figures of any unit, and what each measures.

``kg.curation.propose.rules_numbers`` finds percentages, multiples, money in dollars, euros,
pounds and yuan, and durations. This adds, where those left the words free:

- counts of things: a number and a plural noun with up to two words between ("15 hard drives",
  "2,400 GPUs", "four Chinese engineers", "three tiers", "two dozen countries" as 24); the unit is
  the noun; the end of a range ("15 to 20 investors") is no count;
- measures with units: data ("80 terabytes", "4.8 PB"), power ("100MW"), area ("389 acres");
- other currencies written with a prefix ("RM1.01 billion" in ringgit, "S$2m");
- fractions ("3/13") and multiples with a sign ("≈20×", "20x");

and to every figure, its own or those, ``measures``: the words that say what it counts ("contract
for data centre infrastructure works" after "RM1.01 billion", "H20 chip sales revenue" after "15%
of its"), or for a count the noun itself.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from kg.curation.propose.amounts import SCALE_WORD, amounts, elided, scale, singular
from kg.curation.propose.proposals import Proposal
from kg.curation.propose.rules_numbers import A_SCALE, NUMBER, SPELLED, _APPROX, bounded, _value as _num
from kg.curation.propose.text import Sentence

UNITS = {"tb": "terabyte", "terabyte": "terabyte", "pb": "petabyte", "petabyte": "petabyte", "gb": "gigabyte",
         "gigabyte": "gigabyte", "eb": "exabyte", "exabyte": "exabyte", "mw": "megawatt", "megawatt": "megawatt",
         "gw": "gigawatt", "gigawatt": "gigawatt", "kw": "kilowatt", "acre": "acre", "hectare": "hectare",
         "km": "kilometre", "kilometre": "kilometre", "kilometer": "kilometre", "mile": "mile",
         "mwh": "megawatt hour", "gwh": "gigawatt hour", "twh": "terawatt hour", "kwh": "kilowatt hour",
         "litre": "litre", "liter": "litre", "megalitre": "megalitre", "megaliter": "megalitre", "gallon": "gallon",
         "cubic metre": "cubic metre", "cubic meter": "cubic metre", "nm": "nanometre", "nanometre": "nanometre",
         "nanometer": "nanometre", "tb/s": "terabyte per second", "gb/s": "gigabyte per second", "kg": "kilogram", "kilogram": "kilogram",
         "tonne": "tonne"}
_PREFIX_MONEY = {"RM": "MYR", "S$": "SGD", "HK$": "HKD", "NT$": "TWD", "Rp": "IDR", "Rs": "INR", "A$": "AUD",
                 "C$": "CAD", "₩": "KRW", "₹": "INR"}
_MONEY = re.compile(r"(?P<cur>RM|S\$|HK\$|NT\$|Rp|Rs\.?|A\$|C\$|₩|₹)\s?(?P<a>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
                    r"(?:\s*(?P<scale>thousand|million|billion|trillion|bn|mn|tn|lakh\s+crore|crore|lakh|[kmb]\b))?")
_MEASURE = re.compile(rf"(?P<a>{NUMBER})(?:\s+(?P<scale>{SCALE_WORD})\b)?\s?(?:[-‑]\s?)?"
                      r"(?P<unit>[TG]B/s|TB|PB|GB|EB|[MGT]Wh|kWh|MW|GW|kW|nm|"
                      r"(?:tera|peta|giga|exa)bytes?|(?:mega|giga)watts?|acres?|hectares?|kilomet(?:re|er)s?|"
                      r"km|miles?|(?:mega)?lit(?:re|er)s?|gallons?|cubic met(?:re|er)s?|nanomet(?:re|er)s?|kg|kilograms?|tonnes?)(?![\w/])"
                      r"(?:\s*(?:per|a|/|each)\s*(?P<per>day|year|hour|month|second|annum))?(?:[’']s?)?", re.I)
_FRACTION = re.compile(r"(?<![\d/])(?P<a>\d{1,3})\s?/\s?(?P<b>\d{1,3})(?![\d/])")
_SIGN_TIMES = re.compile(rf"(?P<approx>≈|~)?\s?(?P<a>{NUMBER})\s?(?P<x>×)")
_COUNT = re.compile(rf"(?<![/\w,.-])(?P<several>(?:several|a few)\s+)?(?P<a>{NUMBER}|{A_SCALE})"
                    r"(?:\s+(?P<scale>hundred|thousand|million|billion|trillion)\b|(?<=\d)(?P<abbr>mn|bn|m|k)\b)?\s+"
                    r"(?:of\s+(?:these|those|the|its|their|[A-Z][\w.-]*[’']s)\s+)?"   # "eight of these", "two of China's"
                    rf"(?P<mid>(?:(?!(?:{SPELLED})\b(?<!dozen))[A-Za-z][\w-]*(?:[’']s)?\s+){{0,5}}?)"
                    r"(?P<noun>[a-z][a-z-]*s|[a-z]*men|children|people|staff|personnel)\b", re.I)
# nouns whose number names one of a series, not a count ("chapter 11 firms", "phase 2 sites", "No. 1 maker")
_DESIGNATORS = {"chapter", "section", "article", "rule", "title", "tier", "page", "room", "phase", "stage", "level",
                "round", "no", "number", "part", "paragraph", "item", "annex", "clause", "schedule", "volume", "issue",
                "category", "class", "type", "version", "form", "appendix", "gen", "generation", "grade", "series"}
_FIRST = re.compile(NUMBER, re.I)
# a rate after a figure: "a year", "per day", "each month", "per GPU hour", "per unit"
_RATE = re.compile(r"\s*(?:(?:a|an|each|per)\s+(?P<time>day|week|month|year|quarter|hour|annum)\b"
                   r"|per\s+(?P<thing>[A-Za-z][\w-]*(?:\s+hour)?)\b)", re.I)
_FROM = re.compile(rf"\bfrom\s+(?P<n>{NUMBER})\s*(?:to|-|–)\s*$", re.I)
# words before a number that do not make it a name's number ("Over 20 shipments", "About 400 GPUs")
_LEADS = {"over", "about", "nearly", "around", "some", "almost", "roughly", "approximately", "only", "just", "all",
          "another", "more", "fewer", "less", "least", "than", "up", "and", "with", "while", "of", "the", "those",
          "these", "by", "to", "in", "on", "at", "for", "from", "but"}
_NOT_COUNTED = {"years", "months", "weeks", "days", "decades", "times", "percent", "hours", "minutes", "seconds",
                "dollars", "euros", "yuan", "is", "was", "has", "its", "this", "thus", "us", "as", "does", "others", "ones",
                "those", "these", "thousands", "millions", "billions", "terms", "cases", "ways"}
_SKIP_START = {"of", "the", "its", "their", "a", "an", "our", "his", "her", "which", "that"}
_STOP = {"in", "on", "at", "to", "from", "by", "with", "and", "or", "but", "while", "as", "for", "was", "were", "is",
         "are", "has", "had", "have", "will", "would", "which", "that", "after", "before", "since", "than", "via",
         "into", "containing", "fitted", "under", "through"}
# words that open a phrase saying when or across what, not what a figure measures ("$15 million over five years")
_OPENING = {"over", "beginning", "starting", "until", "during", "within"}
_BOUND_WORDS = re.compile(r"\b(?:about|around|nearly|roughly|approximately|almost|some|up to|as much as|as many as|"
                          r"more than|at least|over|just|only)\s*$", re.I)
_W = r"[\w’'.-]+(?:,\d{3})*"
# what the number measures, said before it: "a combined investment value of", "put live capacity at",
# "The market share of X, which ..., stood at", "X's shares jumped", "H20 sales were worth"
_BEFORE = [re.compile(rf"({_W}(?:\s+{_W}){{0,3}}?)\s+(?:(?:was|were|is|are|be|been)\s+)?(?:worth|valued at|totalling|"
                      r"of about)\s+$"),
           re.compile(rf"\b(?:a|an|the|its|their|his|her)\s+((?!course\b)(?:{_W}\s+){{0,3}}?{_W})\s+of\s+$", re.I),
           re.compile(rf"\bin\s+((?:(?!(?:the|a|an|for|of|to|at|on|by|with)\b){_W}\s+){{0,2}}?{_W})\s+of\s+$", re.I),
           re.compile(rf"\b(?:put|puts|estimated|estimates|valued|values|pegged|pegs)\s+((?:{_W}\s+){{0,3}}?{_W})\s+at\s+$"),
           re.compile(r"^(?:[A-Z][\w ]{0,20},\s+)?(?:the\s+)?([^,;:]{3,60}?)(?:,[^,]*,)?\s+(?:stood at|was|were|is|are|"
                      r"reached|rose to|fell to|hit|totalled|totaled|amounted to|came to|"
                      r"(?:rose|fell|jumped|climbed|dropped|declined|increased|decreased|grew|surged|slid|slumped|gained|"
                      r"lost|soared|plunged|tumbled|rallied|sank)(?:\s+by)?)\s+$", re.I)]   # "Its shares jumped 7%"


def more_figures(text: str, sents: list[Sentence], taken: list[tuple[int, int]]) -> list[Proposal]:
    """Figures the number patterns of ``rules_numbers`` do not cover, outside the spans ``taken``."""
    out: list[Proposal] = amounts(text, sents, taken)
    counts: list[Proposal] = []
    for s in sents:
        found = []
        for m in _MONEY.finditer(s.text):
            found.append((m, {"value": _num(m.group("a")) * scale(m.group("scale")),
                              "unit": _PREFIX_MONEY[m.group("cur").rstrip(".")]}))
        for m in _MEASURE.finditer(s.text):
            unit = m.group("unit").lower().rstrip("s") if len(m.group("unit")) > 3 else m.group("unit").lower()
            unit = UNITS.get(unit, unit) + (f" per {m.group('per').lower()}" if m.group("per") else "")
            found.append((m, {"value": _scaled(m), "unit": unit}))
        for m in _FRACTION.finditer(s.text):
            if int(m.group("b")) > 0 and int(m.group("a")) <= int(m.group("b")) and "/20" not in m.group(0):
                found.append((m, {"value": int(m.group("a")), "of": int(m.group("b")), "unit": "fraction"}))
        for m in _SIGN_TIMES.finditer(s.text):
            found.append((m, {"value": _num(m.group("a")), "unit": "times", "approximate": bool(m.group("approx"))}))
        pos = 0     # a count the checks refuse ("3 decision and half a dozen ports") does not hide one inside it
        while (m := _COUNT.search(s.text, pos)) is not None:
            counted = _count(m, s, text)
            found += counted
            pos = m.end() if counted else m.start() + 1
        for m, fields in found:
            start, end = s.start + m.start(), s.start + m.end()
            if fields["value"] is None or any(a < end and start < b for a, b in taken):
                continue
            before = s.text[max(0, m.start() - 25):m.start()]
            fields.setdefault("approximate", bool(_APPROX.search(before)))
            count, several = fields.pop("count", False), fields.pop("several", False)
            if fields["unit"] in ("fraction", "times"):
                fields["value"] = _whole(fields["value"])
            else:   # "Over 20 shipments": min 20; the number keeps its place first among the fields
                num: dict = {"min": fields["value"] * 2} if several else {}
                start -= 0 if several else bounded(num, before, fields["value"])
                fields["approximate"] = fields["approximate"] or several
                fields = {**num, **{k: v for k, v in fields.items() if k != "value"}}
            taken.append((start, end))
            out.append(Proposal("figure", start, end, text[start:end], s.text, s.start, s.end, fields))
            if count:
                counts.append(out[-1])
    return out + elided(text, sents, counts, taken)


def _count(m: re.Match, s: Sentence, text: str) -> list[tuple[re.Match, dict]]:
    """A count and its fields (and the first count of a change "from N to M things"), or none when
    the checks refuse it."""
    noun = m.group("noun").lower()
    lead = s.text[max(0, m.start() - 12):m.start()].split()
    if lead and (lead[-1][:1].isupper() and lead[-1].isalpha() and lead[-1].lower() not in _LEADS
                 or lead[-1].lower().rstrip(".") in _DESIGNATORS):
        return []    # "Tier 1 countries", "Article 5 cases", "chapter 11 firms": a name's number, not a count
    if lead and lead[-1].lower() in ("the", "all", "other", "these", "those", "both") \
            and _said_before(text, s.start + m.start(), m.group("a")):
        return []    # "Three men ... The three men were charged": the count said before, referred to again
    mid_words = m.group("mid").split()
    if len(mid_words) > 2 and not all(re.fullmatch(r"(?:[A-Z]+|[A-Za-z][a-z-]*)(?:[’']s)?", w) for w in mid_words):
        return []    # a long run before the noun is adjectives only ("10 highly sensitive and advanced ...")
    if any((w.lower() in _STOP and not (w == "and" and 0 < i < len(mid_words) - 1))
           or w.lower() in _SKIP_START for i, w in enumerate(mid_words)):
        return []
    singular_noun = noun.endswith(("ss", "sis")) or noun.endswith("us") and m.group("noun").islower()
    if noun in _NOT_COUNTED or singular_noun or m.group("a").isdigit() and len(m.group("a")) == 4 \
            and m.group("a")[:2] in ("19", "20"):
        return []
    change = _FROM.search(s.text, max(0, m.start() - 40), m.start())    # "from 1,700 to 1,000 GPUs": two counts
    if not change and re.search(r"\d\s*(?:to|-|–)\s*$", s.text[max(0, m.start() - 8):m.start()]):
        return []    # "15 to 20 investors": a range has no one value
    mid, dozen = m.group("mid"), re.match(r"dozens?\s+", m.group("mid"), re.I)
    value = _scaled(m)
    if dozen and value is not None:     # "two dozen countries" is 24
        mid, value = mid[dozen.end():], value * 12
    if value == 1:
        return []    # "one carrying HDDs", "One market analysis": a pronoun or a singular, no count
    rate = re.match(r"\s*(?:a|an|per|each)\s+(day|week|month|year|hour|quarter)\b", s.text[m.end():], re.I)
    fields = {"value": value, "unit": singular(m.group("noun")) + (f" per {rate.group(1).lower()}" if rate else ""),
              "measures": (mid + m.group("noun")).strip(), "count": True,
              "several": bool(m.group("several"))}     # "several dozen": at least two dozen
    first = [(_FIRST.match(s.text, change.start("n")), {**fields, "value": _num(change.group("n"))})] if change else []
    return first + [(m, fields)]


def _said_before(text: str, at: int, number: str) -> bool:
    """Whether the number (in words or digits) stands earlier in the text, not as a percentage."""
    value = _num(number)
    for m in re.finditer(rf"\b{NUMBER}\b(?!\s*(?:%|per ?cent))", text[:at], re.I):
        if _num(m.group(0)) == value:
            return True
    return False


def _scaled(m: re.Match) -> float | None:
    """The number of a match with groups ``a`` and ``scale`` ("16 million" is 16,000,000)."""
    number = _num(m.group("a"))
    abbr = m.groupdict().get("abbr")     # "100m people", "2bn users"
    return None if number is None else number * scale(m.group("scale") or abbr)


def _whole(x):
    return int(x) if float(x).is_integer() else x


def tie(figures: list[Proposal], text: str, mentions: list[Proposal] = ()) -> None:
    """Give each figure without one the words saying what it measures: the noun phrase right
    after it ("RM1.01 billion contract for ..."), after "of" ("15% of its H20 chip sales
    revenue"), or before "worth" ("servers ... worth $2.5 billion"); and its ``subject``: the
    known node named last before it in its sentence (else first after it)."""
    named = sorted((o[0], m.fields["entity"]) for m in mentions if not m.fields.get("fuzzy")
                   for o in m.fields.get("occurrences", [[m.start, m.end]]))
    starts = [x[0] for x in named]
    prev = None
    for p in sorted(figures, key=lambda f: f.start):
        same, prev = prev and re.fullmatch(r"\s*\(\s*(?:about|around|roughly|approximately|some|or)?\s*",
                                           text[prev.end:p.start]) and prev.fields.get("measures"), p
        if same:    # "26 trillion won ($19 billion) package": the same quantity in another unit
            p.fields.setdefault("measures", same)
        near = named[bisect_left(starts, p.sentence_start):bisect_left(starts, p.sentence_end)]
        before = [x for x in near if x[0] < p.start]
        if before or near:
            p.fields.setdefault("subject", (before or sorted(near))[-1 if before else 0][1])
        rate = _RATE.match(text, p.end, p.sentence_end)
        if rate and p.fields.get("unit") not in ("fraction", "times") and " per " not in p.fields.get("unit", " per "):
            per = rate.group("time").lower() if rate.group("time") else rate.group("thing")
            p.fields["unit"] += f" per {per}"
        if p.fields.get("measures"):
            continue
        rest = re.sub(r"^\s*\([^()]{0,40}\)", "", text[rate.end() if rate else p.end:p.sentence_end])
        after = re.findall(r"[\w’'-]+|[,.;:()\"“”]", rest)
        words = []
        if len(after) > 1 and after[0].lower() == "in" and after[1].isalpha() and after[1].islower() \
                and after[1] not in _STOP | _SKIP_START:
            words, after = ["in"], after[1:]     # "20 years in prison", "17 trillion won in financial support"
        for w in after[:8]:
            if not re.match(r"[\w]", w):
                break
            if not words and w.lower() in _SKIP_START:
                continue
            if not words and w.lower() in (_STOP - {"for"}) | _OPENING:
                break
            if words and w.lower() in _STOP:
                if w.lower() in ("for", "in") and len(words) == 1:
                    words.append(w)
                    continue
                break
            words.append(w)
        phrase = " ".join(words).strip()
        if not phrase or phrase.split()[-1].lower() in _STOP:
            before = text[p.sentence_start:p.start]
            cut = _BOUND_WORDS.search(before)
            before = before[:cut.start()] if cut else before
            found = next((m for m in (r.search(before) for r in _BEFORE) if m), None)
            phrase = found.group(1) if found and found.group(1).split()[-1].lower() not in _STOP else ""
            counted = re.search(r"(?<![\w,.])(?!(?:19|20)\d\d\b)\d[\d,.]*\s.*$", phrase)
            phrase = counted.group(0) if counted else phrase    # "seized 1,600 GPUs worth $10m": "1,600 GPUs"
            phrase = re.sub(r"^(?:the|its|their|his|her|an?)\s+", "", phrase, flags=re.I)
        if phrase:
            p.fields["measures"] = phrase


__all__ = ["more_figures", "tie"]
