"""Multiples and shares said in words.

``kg.curation.propose.amounts`` gathers the figures written around a number; this finds those
with no number written at all, or only a word for one:

- shares: "a third of", "two-thirds of", "half of the", "one in five" (``value`` of ``of``, as
  "3/13"), and a change by a share: "fell by a third", "cut by half", "by two-thirds";
- multiples: "twice as", "up to twice their fees" (``max``), a verb of multiplying ("doubled",
  "tripled", "quadrupled", "halved" as 0.5) and "double the" / "triple its" before what it
  multiplies; "nearly doubled" is approximate, "more than doubled" a minimum.

Not multiples: "double-digit", "double standard", "a double" (the noun), "triple-A", "doubled down", "the two halves", "by a third party".
"""
from __future__ import annotations

import re

from kg.curation.propose.rules_numbers import SPELLED, _value
from kg.curation.propose.text import Sentence

_N = rf"(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?|{SPELLED}"
PARTS = {"half": 2, "third": 3, "thirds": 3, "quarter": 4, "quarters": 4, "fifth": 5, "fifths": 5}
# what may follow a change by a share ("fell by a third, ...", "cut by half in 2024"), not a noun ("by a third party")
_AFTER_CHANGE = (r"\s*(?:[,.;:)]|$)|\s+(?:in|to|from|since|over|on|at|and|but|while|as|after|before|compared|this|"
                 r"last|between|during|through|year-on-year|within)\b")
_PART = r"(?:(?P<{n}>a|one|two|three|four)[\s-]+(?P<{p}>thirds?|quarters?|fifths?)|(?P<{h}>half))"
# "a third of", "two-thirds of", "half of the", "one in five": a fraction (``value`` of ``of``), as "3/13"
_SHARE = re.compile(rf"(?<!first )(?<!second )(?<!third )(?<!fourth )(?<!last )(?<!latter )(?<!former )(?<!the )"
                    rf"\b{_PART.format(n='n', p='part', h='half')}"
                    rf"\s+of\b(?!\s+(?:19|20)\d\d)|\b(?P<one>one)\s+in\s+(?P<every>{_N})\b"
                    rf"|\bby\s+{_PART.format(n='n2', p='part2', h='half2')}(?![\w-])(?={_AFTER_CHANGE})", re.I)
_TWICE = re.compile(r"\btwice\b(?=\s+(?:as|its|their|the|that|what|a|an|his|her)\b)", re.I)
_TIMES = {"doubl": 2, "tripl": 3, "quadrupl": 4, "halv": 0.5}
_MULTIPLIED = re.compile(r"\b(?P<verb>doubl|tripl|quadrupl|halv)(?:ed|ing|(?<!halv)es)\b(?!\s+down\b)"
                         r"|\b(?P<adj>doubl|tripl)e(?=\s+(?:the|its|their|that|what|his|her)\b)", re.I)
_BOUND = re.compile(r"\b(?:(?P<min>more than|over)|(?P<approx>nearly|almost|roughly|about|around|close to)|"
                    r"(?P<max>up to))\s+$", re.I)


def multiples(s: Sentence) -> list[tuple[re.Match, dict]]:
    """The shares and multiples in words of one sentence, each with its fields."""
    found: list[tuple[re.Match, dict]] = []
    for m in _SHARE.finditer(s.text):
        if m.group("one"):
            found.append((m, {"value": 1, "of": _value(m.group("every")), "unit": "fraction"}))
            continue
        n, part, half = (m.group("n"), m.group("part"), m.group("half")) if m.group("n") or m.group("half") \
            else (m.group("n2"), m.group("part2"), m.group("half2"))
        value = 1 if half or n.lower() in ("a", "one") else _value(n)
        found.append((m, {"value": value, "of": PARTS[(part or "half").lower()], "unit": "fraction"}))
    for m in _TWICE.finditer(s.text):
        before = s.text[max(0, m.start() - 12):m.start()].lower()
        found.append((m, {"max" if re.search(r"up to\s*$", before) else "value": 2, "unit": "times"}))
    for m in _MULTIPLIED.finditer(s.text):
        times = _TIMES[(m.group("verb") or m.group("adj")).lower()]
        bound = _BOUND.search(s.text[max(0, m.start() - 15):m.start()])
        key = "min" if bound and bound.group("min") else "max" if bound and bound.group("max") else "value"
        found.append((m, {key: times, "unit": "times", "approximate": bool(bound and bound.group("approx"))}))
    return found


__all__ = ["PARTS", "multiples"]
