"""An event's date: the dates a sentence gives (the date proposals, plus the relative ones read
here against the publication date), and the one an event takes.

Relative dates: a weekday ("on Thursday", "last Friday") is the latest such day on or before the
publication date (the next one when the sentence speaks of the future: "set to", "will",
"scheduled", "faces ... at sentencing on", or "next Tuesday"); "yesterday" the day before, "today"
the day; "last week", "earlier this month", "last month", "next month", "over the weekend" the
month they fall in; "three days ago" a day, "two weeks ago" / "three months ago" a month, "two
years ago" a year; "May 15", "Dec. 8" or "15 May" the latest such day (the next one in a sentence
about the future). Dates that point back: see ``anaphoric``.
"""
from __future__ import annotations

import re
from datetime import date, timedelta

from kg.curation.propose.event_words import Cue
from kg.curation.propose.rules_numbers import MONTHS, ahead_of

_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_MONTH_NAME = r"January|February|March|April|May|June|July|August|September|October|November|December|" \
              r"Jan\.|Feb\.|Mar\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Oct\.|Nov\.|Dec\."
_NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
                 "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a few": 2, "several": 3}
# a day of the month alone ("on the 2nd", "on the thirteenth (local time)"): the latest such day
_ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh",
             "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth",
             "twentieth", "twenty-first", "twenty-second", "twenty-third", "twenty-fourth", "twenty-fifth",
             "twenty-sixth", "twenty-seventh", "twenty-eighth", "twenty-ninth", "thirtieth", "thirty-first"]
_COUNT = r"\d{1,2}|a few|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|several"
_RELATIVE = re.compile(r"\b(?:on\s+)?(?:(?P<dir>(?i:last|next|this past|this coming))\s+)?"
                       r"(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b|"
                       r"\b(?P<rel>(?i:yesterday|today|this morning|this afternoon|this evening|tonight|(?:late |early )?last week|earlier this week|this week|next week|"
                       r"earlier this month|this month|last month|next month|(?:over|during|on) the weekend|"
                       r"(?:this past|last) weekend))\b|"
                       rf"\b(?P<ago>(?i:{_COUNT}))\s+(?P<unit>(?i:day|week|month|year))s?\s+ago\b|"
                       rf"\b(?P<month>{_MONTH_NAME})\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b(?!,?\s+\d{{4}})|"
                       rf"\b(?P<day2>[0-3]?\d)(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month2>{_MONTH_NAME})(?!\w)(?!,?\s+\d{{4}})|"
                       rf"\bon the (?P<dom>[0-3]?\d(?:st|nd|rd|th)|{'|'.join(_ORDINALS)})(?=\s*(?:[,.;(]|$|of (?:this|the) month))")
_ANAPHOR = re.compile(r"\b(?:(?P<next>the following year|the next year|a year later)|(?P<same>(?:later |earlier )?that year|"
                      r"the same year)|(?P<day>the same day|that same day|that day|(?:on )?(?:this|that|the same) date)|"
                      r"(?P<before>the previous day|the day before|a day earlier|the previous year|a year earlier)|"
                      r"(?P<after>the next day|the following day|a day later))\b", re.I)
_LEAD = re.compile(rf"\s*(?:[-•*–]\s*)?(?:(?:{_MONTH_NAME})\s+[0-3]?\d(?:st|nd|rd|th)?|[0-3]?\d\s+(?:{_MONTH_NAME}))"
                   rf",?\s+\d{{4}}\s*:")
_PRECISION = {"date": 3, "gYearMonth": 2, "gYear": 1}
_MONTH_SHIFT = {"last month": -1, "next month": 1}


def relative(text: str, offset: int, published: date | None) -> list[tuple]:
    """Weekdays, "yesterday", "May 15" and the like in ``text`` (a sentence starting at
    ``offset``), as (start, end, value, datatype, approximate, note) read against ``published``."""
    if published is None:
        return []
    out = []
    for m in _RELATIVE.finditer(text):
        future = ahead_of(text, m.start(), m.end())
        if m.group("wd"):
            way = (m.group("dir") or "").lower()
            future = way in ("next", "this coming") or future and way not in ("last", "this past")
            back = (published.weekday() - _WEEKDAYS.index(m.group("wd").lower())) % 7 or (7 if way in ("last", "this past") else 0)
            ahead = (7 - back) % 7 or (7 if way == "next" else 0)
            d, dtype = (published + timedelta(days=ahead) if future else published - timedelta(days=back)), "date"
        elif m.group("rel"):
            d, dtype = _named_span(m.group("rel").lower(), published)
        elif m.group("dom"):
            d, dtype = _day_of_month(m.group("dom").lower(), published, future), "date"
            if d is None:
                continue
        elif m.group("ago"):
            d, dtype = _ago(_NUMBER_WORDS.get(m.group("ago").lower()) or int(m.group("ago")), m.group("unit").lower(), published)
        else:
            month = MONTHS[(m.group("month") or m.group("month2")).lower().rstrip(".")]
            day = int(m.group("day") or m.group("day2"))
            try:
                d = date(published.year, month, day)
            except ValueError:
                continue
            if future and d < published:
                d = date(published.year + 1, month, day)
            elif not future and d > published:
                d = date(published.year - 1, month, day)
            dtype = "date"
        value = d.isoformat() if dtype == "date" else d.strftime("%Y-%m") if dtype == "gYearMonth" else str(d.year)
        out.append((offset + m.start(), offset + m.end(), value, dtype, True,
                    f"'{m.group(0).strip()}' read against the publication date {published.isoformat()}"))
    return out


def _day_of_month(word: str, published: date, future: bool) -> date | None:
    """"the 2nd" / "the thirteenth": that day of the publication's month, or of the month before
    when it is still to come (of the month after when the clause speaks of the future)."""
    n = int(word[:-2]) if word[:1].isdigit() else _ORDINALS.index(word) + 1
    months = published.year * 12 + published.month - 1
    for shift in ((0, 1) if future else (0, -1)):
        m = months + shift
        try:
            d = date(m // 12, m % 12 + 1, n)
        except ValueError:
            continue
        if (d >= published) if future else (d <= published):
            return d
    return None


def _named_span(rel: str, published: date) -> tuple[date, str]:
    """"yesterday", "last week", "over the weekend" ...: the day, or the month of the week."""
    if "weekend" in rel:
        return published - timedelta(days=(published.weekday() - 5) % 7 or 7), "gYearMonth"
    rel = rel.replace("late ", "").replace("early ", "")
    d = {"yesterday": published - timedelta(days=1), "last week": published - timedelta(days=7),
         "next week": published + timedelta(days=7)}.get(rel, published)
    if rel in _MONTH_SHIFT:
        months = published.year * 12 + published.month - 1 + _MONTH_SHIFT[rel]
        d = date(months // 12, months % 12 + 1, 1)
    return d, "date" if rel in ("yesterday", "today", "this morning", "this afternoon", "this evening", "tonight") else "gYearMonth"


def _ago(n: int, unit: str, published: date) -> tuple[date, str]:
    """"three days ago" a day, "two weeks ago" / "three months ago" a month, "two years ago" a year."""
    if unit == "year":
        return date(published.year - n, 1, 1), "gYear"
    if unit == "month":
        months = published.year * 12 + published.month - 1 - n
        return date(months // 12, months % 12 + 1, 1), "gYearMonth"
    d = published - timedelta(days=n * (7 if unit == "week" else 1))
    return d, "date" if unit == "day" else "gYearMonth"


def anaphoric(text: str, offset: int, stamps: list[tuple], prior: tuple | None) -> list[tuple]:
    """Dates that point back ("the following year", "later that year", "the same day", "the
    previous day", "a day later", "a year earlier"), read against the date told just before them: in the sentence (``stamps``) or before it (``prior``:
    value and datatype)."""
    out = []
    for m in _ANAPHOR.finditer(text):
        at = offset + m.start()
        before = [x for x in stamps if x[1] <= at]
        value, dtype = max(before, key=lambda x: x[0])[2:4] if before else prior or (None, None)
        shift = -1 if m.group("before") else 1 if m.group("after") else 0
        by_day = m.group("day") or shift and "day" in m.group(0).lower()
        if not value or by_day and dtype != "date":
            continue
        year = int(str(value)[:4])
        if by_day:
            new = ((date.fromisoformat(str(value)) + timedelta(days=shift)).isoformat(), "date")
        else:
            new = (str(year + (1 if m.group("next") else shift)), "gYear")
        out.append((at, offset + m.end(), *new, True, f"'{m.group(0)}' read against {value}"))
    return out


def lead_date(text: str) -> int:
    """Where a line led by a full date and a colon ("- July 10, 2025: The Commission published")
    starts its text, or 0: such a line is a dated entry of a timeline."""
    m = _LEAD.match(text)
    return m.end() if m else 0


def pick(stamps: list[tuple], at: int, published: date | None, to_come: bool = False) -> dict:
    """The date of an event at ``at``: the stamp nearest it (the finer of two that sit together or
    overlap: "in January this year" is January, "on Jan. 10" the day); without one, the month of
    publication, approximate, unless the act is still ``to_come`` ("X will revoke the waiver"):
    then no date (the month of publication would put it in the past)."""
    if not stamps:
        if published is None:
            return {}
        if to_come:
            return {"note": f"the text gives no date; still to come after the publication date ({published.isoformat()})"}
        return {"date": published.strftime("%Y-%m"), "datatype": "gYearMonth", "approximate": True,
                "note": f"the text gives no date; the month of publication ({published.isoformat()})"}
    stamps = sorted(stamps, key=lambda x: abs(x[0] - at))
    best = stamps[0]
    for other in stamps[1:]:
        if abs(other[0] - best[1]) <= 2 or abs(best[0] - other[1]) <= 2 or other[0] < best[1] and best[0] < other[1]:
            if _PRECISION.get(other[3], 0) > _PRECISION.get(best[3], 0):
                best = other
    out = {"date": best[2], "datatype": best[3], "approximate": bool(best[4])}
    if best[5]:
        out["note"] = best[5]
    return out


def timeline_entry(sentence: str, cues: list) -> list:
    """A line led by a full date and a colon is a dated entry: its first happening (or, with none,
    a milestone) spans from the date on."""
    lead = lead_date(sentence)
    if not lead:
        return cues
    at = len(sentence) - len(sentence.lstrip(" -•*–"))
    done = [c for c in cues if c.form != "base"]     # "Deadline for firms to register": a milestone
    first = done[0] if done else Cue("Milestone", "phrase", at, lead, sentence[at:lead])
    return [Cue(first.type, first.form, at, first.end, sentence[at:first.end])] + [c for c in cues if c is not first]
