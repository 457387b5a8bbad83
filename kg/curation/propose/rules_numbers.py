"""Figures and dates found by rules.

Figures: percentages ("25%", "25 percent"), multiples ("11x", "11 times", "ten-fold"), money
("$5 billion", "€3m"), durations and ranges of them ("12-24 months", "one- to two-year",
"five years"), and future target years ("by 2028") as horizons. "nearly", "about" and the
like mark a figure approximate; "up to" makes the number a maximum, "at least" a minimum. A
year elsewhere in the sentence is the figure's reference year.

Dates: full dates, month and year, years, and relative dates ("last August", "in December",
"this year") resolved against the publication date and marked approximate with a note; a month
without a year is the latest such month, or the next one in a clause about the future ("will
take effect in August"; not "In January, the minister announced plans that will ...") or after a
present tense that schedules ("takes office in January").
"""
from __future__ import annotations

import re
from datetime import date

from kg.curation.propose.proposals import Proposal
from kg.curation.propose.text import Sentence

WORD_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
                "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
                "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
                "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "a": 1, "an": 1,
                "half": 0.5, "a dozen": 12, "dozen": 12, "several": None}
WORD_NUMBERS.update({f"{tens}-{unit}": WORD_NUMBERS[tens] + WORD_NUMBERS[unit]   # "twenty-five"
                     for tens in ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
                     for unit in ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine")})
# "two-and-a-half", "2 1/2", "2½": the number and a half
HALF = r"(?:[\s-]+and[\s-]+an?[\s-]+half\b|\s+1/2(?![\d/])|½)"
# "half a billion", "a million", "half a dozen": a scale word's own count, only before the scale word
A_SCALE = r"(?:half[\s-]+an?|an?\s+half|an?)(?=\s+(?:hundred|thousand|million|billion|trillion|dozen)\b)"
# "one hundred and fifty": hundreds before a number word
_HUNDREDS = r"(?:(?:one|two|three|four|five|six|seven|eight|nine)\s+hundred(?:\s+and)?\s+)?"
SPELLED = _HUNDREDS + "(?:" + "|".join(sorted((w for w in WORD_NUMBERS if WORD_NUMBERS[w] and w not in ("a", "an", "half")),
                                              key=len, reverse=True)) + ")"
# a number in digits or words ("2,400", "4.8", "twenty-five", "two hundred and fifty", "two and a half")
NUMBER = rf"(?:(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?|{SPELLED}){HALF}?"
_NUM = r"(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|" + _HUNDREDS + "(?:" + \
    "|".join(sorted((w for w in WORD_NUMBERS if w not in ("a", "an", "several")), key=len, reverse=True)) + f")){HALF}?"
_DASH = r"\s*(?:-|–|—|to|or)\s*"
_APPROX = re.compile(r"\b(?:nearly|about|around|roughly|approximately|almost|some|close to|an estimated|~)\s*$", re.I)
_MAX = re.compile(r"\b(?:up to|as (?:much|many) as|at most|no more than|as high as|less than|fewer than|under|below)\s*$",
                  re.I)
_MIN = re.compile(r"\b(?:at least|more than|over|upwards of|no less than|in excess of|exceeding|north of|above)\s*$", re.I)
DURATIONS = {"day": "day", "week": "week", "month": "month", "year": "year", "decade": "decade", "quarter": "quarter",
             "hour": "hour"}
_SCALE = {"hundred": 1e2, "thousand": 1e3, "k": 1e3, "million": 1e6, "m": 1e6, "mn": 1e6, "billion": 1e9, "bn": 1e9, "b": 1e9,
          "trillion": 1e12, "tn": 1e12}
_CURRENCY = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "¥": "CNY", "rmb": "CNY", "yuan": "CNY", "dollars": "USD",
             "euros": "EUR"}

_DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_MONEY_SCALE = r"(?:thousand|million|billion|trillion|bn|mn|tn|[kmb])\b"
# a number starts no later than its word ("often times" is no "ten times"), which also spares the
# engine the number words' alternation inside every word
FIGURE_PATTERNS = [
    ("percent", re.compile(rf"(?<![A-Za-z])(?P<a>{_NUM})(?:{_DASH}(?P<b>{_NUM}))?(?:\s*|-)(?:%|per[ -]?cent\b|(?-i:pct|pc)\b|(?P<points>percentage|basis) "
                           r"points?\b)", re.I)),
    ("times", re.compile(rf"(?<![A-Za-z])(?P<a>{_NUM})(?:{_DASH}(?P<b>{_NUM}))?(?:\s*x\b|\s*(?:-\s*)?fold\b|\s+times\b)", re.I)),
    # "$" after a letter is another dollar ("S$", "HK$", "NT$": kg.curation.propose.quantities), not USD
    # a range "$25,000 to $40,000", "between $10 million and $20 million"; not "from $5 million to $8 million"
    ("money", re.compile(rf"(?P<between>\bbetween\s+)?(?P<from>\bfrom\s+)?(?P<cur>US\$|(?<![A-Za-z])\$|€|£|¥)\s?(?P<a>{_DIGITS})"
                         rf"(?:\s*(?P<scale_a>{_MONEY_SCALE})(?=\s*(?:-|–|to|and)\s*(?:US\$|\$|€|£|¥)?\s?\d))?"
                         rf"(?:\s*(?:-|–|(?(from)(?!)|to)|(?(between)and|(?!)))\s*(?:US\$|\$|€|£|¥)?\s?(?P<b>{_DIGITS}))?"
                         rf"(?:(?:\s*|-)(?P<scale>{_MONEY_SCALE}))?", re.I)),     # "$1.5-billion deal"
    ("duration", re.compile(rf"(?<![A-Za-z])(?P<a>{_NUM})(?:-(?=\s*(?:to|or|-|–)))?(?:{_DASH}(?P<b>{_NUM}))?[\s-]*"
                            rf"(?P<unit>day|week|month|year|decade|quarter|hour)s?\b(?![\s-]+old\b)", re.I)),  # an age is no figure
]
_OFFSET = re.compile(r"\s+(?:after|before|later|earlier|ago)\b", re.I)
_HORIZON = re.compile(r"\b(?:by|in|until|through|before|for)\s+(?:the\s+year\s+)?(?P<y>20\d\d|19\d\d)\b", re.I)
_YEAR = re.compile(r"(?<![\d,.$€£])\b(?P<y>(?:19|20)\d\d)\b(?![\d%]|\s*(?:-|–)\s*\d)")


def _value(text: str) -> float | None:
    t = text.lower().replace(",", "").strip()
    half = re.search(HALF + "$", t)
    if half and half.start() > 0:   # "two and a half", "2 1/2", "2½"
        base = _value(t[:half.start()])
        return None if base is None else base + 0.5
    t = re.sub(r"\s+", " ", t)
    hundreds = re.fullmatch(r"(\w+) hundred(?: and)? (.+)", t)
    if hundreds and hundreds.group(2) != "hundred":    # "one hundred and fifty"
        h, rest = _value(hundreds.group(1)), _value(hundreds.group(2))
        return None if h is None or rest is None else h * 100 + rest
    if re.fullmatch(r"half[ -]an?|an? half", t):
        return 0.5
    if t in WORD_NUMBERS:
        return WORD_NUMBERS[t]
    try:
        return float(t)
    except ValueError:
        return None


def _clean(x: float | None):
    return int(x) if x is not None and float(x).is_integer() else x


def figures(text: str, sents: list[Sentence], published: date | None) -> list[Proposal]:
    out: list[Proposal] = []
    taken: list[tuple[int, int]] = []
    yen = not re.search(r"\b(?:yuan|CNY|RMB|renminbi)\b", text, re.I)    # "¥" is yen unless the text says yuan
    for s in sents:
        years = [int(m.group("y")) for m in _YEAR.finditer(s.text)]
        for unit_kind, pattern in FIGURE_PATTERNS:
            for m in pattern.finditer(s.text):
                first = m.start("cur") if unit_kind == "money" else m.start()   # not "between ", "from "
                start, end = s.start + first, s.start + m.end()
                if any(a < end and start < b for a, b in taken):
                    continue
                a, b = _value(m.group("a")), _value(m.group("b")) if m.group("b") else None
                pos = first
                if b is not None and a is not None and b < a:   # "on July 27 to five years": no range, the second
                    a, b, pos = b, None, m.start("b")
                    start = s.start + pos
                if a is None or (unit_kind == "duration" and a > 1000):
                    continue
                if unit_kind == "times" and re.search(r"\b(?:is|are|was|were)\s+$", s.text[:first]) \
                        and re.match(r"\s*[:.;,]", s.text[m.end():]):
                    continue  # "the effects are twofold:": of two kinds, not a multiple
                if unit_kind == "duration" and m.group("a").isdigit() and len(m.group("a")) == 4 and b is None:
                    continue  # "2028 year" is not a duration
                if unit_kind == "duration" and _OFFSET.match(s.text, m.end()) \
                        and not re.search(r"\bfor\s*$", s.text[:first]):
                    continue  # "one day after the ban", "four years later": when, not how much ("for a year before": how much)
                before = s.text[max(0, pos - 25):pos]
                fields: dict = {"approximate": bool(_APPROX.search(before))}
                if unit_kind == "money":
                    scale = _SCALE.get((m.group("scale") or "").lower(), 1)
                    cur = m.group("cur").lower()
                    fields["unit"] = "JPY" if cur == "¥" and yen else _CURRENCY.get(cur, m.group("cur"))
                    a = a * _SCALE.get((m.group("scale_a") or "").lower(), scale)
                    b = b * scale if b is not None else None
                elif unit_kind == "duration":
                    fields["unit"] = DURATIONS[m.group("unit").lower()]
                    before = re.sub(r"\bover\s*$", "", before)    # "over five years": across them, not more than
                elif unit_kind == "percent" and m.group("points"):
                    fields["unit"] = f"{m.group('points').lower()} point"
                else:
                    fields["unit"] = unit_kind
                if b is not None:
                    fields["min"], fields["max"] = _clean(a), _clean(b)
                    span_start = start
                else:
                    span_start = start - bounded(fields, before, a)
                own = text[span_start:end]
                ref = [y for y in years if str(y) not in own]
                if ref:
                    fields["year"] = ref[0]
                taken.append((start, end))
                out.append(_figure(text, s, span_start, end, fields))
        for m in _HORIZON.finditer(s.text):
            y = int(m.group("y"))
            if published is not None and y <= published.year:
                continue
            start, end = s.start + m.start("y"), s.start + m.end("y")
            if any(a < end and start < b for a, b in taken):
                continue
            taken.append((start, end))
            out.append(_figure(text, s, start, end, {"value": y, "unit": "calendar year", "year": y,
                                                     "approximate": False, "horizon": True}))
    return out


def bounded(fields: dict, before: str, number: float) -> int:
    """Set the figure's number in ``fields``: ``max`` after "up to", ``min`` after "more than",
    else ``value``; returns how many characters of ``before`` (the text just before the number)
    the figure's span takes in ("up to ", "nearly ")."""
    bound = _MAX.search(before) or _MIN.search(before)
    fields["max" if bound and bound.re is _MAX else "min" if bound else "value"] = _clean(number)
    bound = bound or _APPROX.search(before)
    return len(before) - bound.start() if bound else 0


def _figure(text: str, s: Sentence, start: int, end: int, fields: dict) -> Proposal:
    return Proposal("figure", start, end, text[start:end], s.text, s.start, s.end, fields)


MONTHS = {m: i for i, m in enumerate(["january", "february", "march", "april", "may", "june", "july", "august",
                                       "september", "october", "november", "december"], 1)}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
_MONTH = r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December|" \
         r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?"
# a sentence that speaks of the future: a month without a year in its clause is the next such month
FUTURE = re.compile(r"\b(?:will|set to|due to|scheduled|plans? to|is to|are to)\b", re.I)
# what else tells a clause speaks of what is still to come
_AHEAD = re.compile(r"\b(?:faces?|facing|expected to|slated|upcoming|set for|scheduled for)\b", re.I)
# a present tense that schedules, right before a month without a year ("takes office in January")
_SCHEDULED = re.compile(r"\b(?:takes|begins|starts|expires|ends|enters|opens|closes|comes)\b(?:\s+[\w-]+){0,3}\s*$")
_SCHEDULES = "a present tense that schedules"
DATE_PATTERNS = [
    ("iso", re.compile(r"\b(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b")),
    ("mdy", re.compile(rf"\b{_MONTH}\s+(?P<d>[0-3]?\d)(?:st|nd|rd|th)?,?\s+(?P<y>(?:19|20)\d\d)\b")),
    ("dmy", re.compile(rf"\b(?P<d>[0-3]?\d)(?:st|nd|rd|th)?\s+{_MONTH}\s+(?P<y>(?:19|20)\d\d)\b")),
    ("my", re.compile(rf"\b{_MONTH},?\s+(?:of\s+)?(?P<y>(?:19|20)\d\d)\b")),
    ("rel_month", re.compile(rf"\b(?P<rel>last|this|next|in|on|since|by|until|early|late|mid-?|earlier in|later in)\s+"
                             rf"(?:(?:early|late|mid-?)\s*)?{_MONTH}\b(?!,?\s+(?:\d|of\s+\d))", re.I)),
    ("rel_year", re.compile(r"\b(?P<rel>last|this|next|earlier this|later this)\s+year\b", re.I)),
    ("year", _YEAR),
]


def dates(text: str, sents: list[Sentence], published: date | None) -> list[Proposal]:
    out: list[Proposal] = []
    taken: list[tuple[int, int]] = []
    for s in sents:
        for kind, pattern in DATE_PATTERNS:
            for m in pattern.finditer(s.text):
                start, end = s.start + m.start(), s.start + m.end()
                if any(a < end and start < b for a, b in taken):
                    continue
                fields = _resolve(kind, m, published, _month_ahead(s.text, m) if kind == "rel_month" else "")
                if fields is None:
                    continue
                if kind == "year" and published and int(m.group("y")) > published.year and \
                        _HORIZON.search(s.text[max(0, m.start() - 20):m.end()]):
                    continue  # a horizon ("by 2028"): a figure, not an event date
                if kind == "rel_month" and m.group("rel").lower() in ("in", "on", "since", "by", "until") \
                        and m.group("month") in ("may", "MAY"):
                    continue  # "may" in lower case is the verb; "in May" is the month
                taken.append((start, end))
                out.append(Proposal("date", start, end, text[start:end], s.text, s.start, s.end, fields))
    return out


def _ahead(sentence: str) -> bool:
    return bool(FUTURE.search(sentence) or _AHEAD.search(sentence))


def ahead_of(text: str, start: int, end: int) -> bool:
    """Whether the date at ``start``-``end`` is in a clause about what is still to come: the words
    before it, or after it up to the next clause ("disclosed on Tuesday that sales will need a
    licence" is a past disclosure)."""
    after = re.split(r"[,;:]|\b(?:that|which|who)\b", text[end:], maxsplit=1)[0]
    return _ahead(text[:start]) or _ahead(after)


def _month_ahead(sentence: str, m: re.Match) -> str:
    """Why a month without a year (``m``) is the next such month, or "" when it is the latest: in
    a sentence about the future, its own clause is ("will take effect in August"; not "In January,
    the minister announced plans that will ..."); else a present tense that schedules comes right
    before it ("takes office in January", "expires in March")."""
    if FUTURE.search(sentence):
        return "future" if ahead_of(sentence, m.start(), m.end()) else ""
    return _SCHEDULES if _SCHEDULED.search(sentence[:m.start()]) else ""


def _resolve(kind: str, m: re.Match, published: date | None, future: str = "") -> dict | None:
    if kind in ("iso", "mdy", "dmy"):
        month = int(m.group("m")) if kind == "iso" else MONTHS[m.group("month").lower().rstrip(".")]
        try:
            d = date(int(m.group("y")), month, int(m.group("d")))
        except ValueError:
            return None
        return {"value": d.isoformat(), "datatype": "date", "approximate": False}
    if kind == "my":
        month = MONTHS[m.group("month").lower().rstrip(".")]
        return {"value": f"{int(m.group('y')):04d}-{month:02d}", "datatype": "gYearMonth", "approximate": False}
    if kind == "year":
        return {"value": m.group("y"), "datatype": "gYear", "approximate": False}
    if published is None:
        return None
    rel = m.group("rel").lower()
    if kind == "rel_year":
        y = published.year + {"last": -1, "next": 1}.get(rel, 0)
        return {"value": str(y), "datatype": "gYear", "approximate": True,
                "note": f"'{m.group(0)}' read against the publication date {published.isoformat()}"}
    month = MONTHS[m.group("month").lower().rstrip(".")]
    if rel == "next":
        y = published.year + (1 if month <= published.month else 0)
    elif rel == "last":
        y = published.year - (1 if month >= published.month else 0)
    elif rel == "this":
        y = published.year
    elif future:    # "will take effect in August": the next such month
        y = published.year + (1 if month < published.month else 0)
    else:   # "in December", "since March": reports speak of the past, so the latest such month
        y = published.year - (1 if month > published.month else 0)
    return {"value": f"{y:04d}-{month:02d}", "datatype": "gYearMonth", "approximate": True,
            "note": f"'{m.group(0)}' has no year; read as {y}, the {'next' if future else 'latest'} such month by the publication date "
                    f"{published.isoformat()}{' (' + future + ')' if future == _SCHEDULES else ''}" if rel not in ("next", "last", "this") else
                    f"'{m.group(0)}' read against the publication date {published.isoformat()}"}
