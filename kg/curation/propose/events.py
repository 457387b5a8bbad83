"""Events: dated happenings a text reports (charges, arrests, releases, delays, investigations,
trips, statements and press conferences, meetings and talks, bodies set up, rescissions, agreements,
policy changes, market moves), one proposal per
trigger word of a kind in a sentence.

An event's ``date`` is the date the sentence gives nearest its trigger (the finer one when two
sit together: "in January this year" is January), read against the publication date: a weekday
("on Thursday") is the latest such day on or before it, "yesterday" the day before, "May 15" the
latest May 15 (the next one when the sentence speaks of the future: "set to", "will"). A sentence
without a date dates its event to the month of publication, approximate, with a note saying so.
``participants``: the known actors the sentence names (IRIs); ``participant_labels``: the
candidate entities it names.
"""
from __future__ import annotations

import re
from bisect import bisect_right
from datetime import date, timedelta

from kg.curation.propose.lexicon import Lexicon
from kg.curation.propose.naming import headlines, in_headline
from kg.curation.propose.proposals import Proposal
from kg.curation.propose.rules_numbers import FUTURE, MONTHS
from kg.curation.propose.text import Sentence

TRIGGERS = [
    ("Charge", r"charged|charges|indicted|indictment|unsealed"),
    ("Arrest", r"arrested|detained"),
    ("Rescission", r"rescinded|rescinds|rescission|withdrew|withdrawn|revoked|scrapped"),
    ("Release", r"released|releasing|release|launched|unveiled|previewed"),
    ("Delay", r"delayed|delaying|postponed|postpone"),
    ("Investigation", r"investigating|investigation|investigates|probe|verifying|looking into"),
    ("Trip", r"flew|travelled|traveled|transported|visited"),
    ("Resignation", r"resigned"),
    ("Meeting", r"met with|meeting with|meeting|talks"),
    ("Establishment", r"(?:has|have|had|was|were) been (?:established|set up|formed)|(?:was|were) (?:established|set up|formed)"),
    ("Agreement", r"reached an agreement|agreement|signed"),
    ("PolicyChange", r"lifted|imposed|introduced|issued|tightened|banned|announced"),
    ("EntryIntoForce", r"(?:come|came|comes|take|took|takes) into effect|take effect|took effect|kicks? in|kicked in"),
    ("MarketMove", r"plummeting|plummeted|plunged|tumbled|soared|surged"),
    ("Statement", r"said in a statement|in a statement|press conference|press briefing|told reporters"),
    ("Publication", r"published"),
]
_TRIGGER = re.compile(r"\b(?:" + "|".join(f"(?P<{k}>{v})" for k, v in TRIGGERS) + r")\b", re.I)
_WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
_RELATIVE = re.compile(r"\b(?:on\s+)?(?P<wd>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b|"
                       r"\b(?P<rel>yesterday|today|last week|earlier this week|this week|earlier this month)\b|"
                       r"\b(?P<month>January|February|March|April|May|June|July|August|September|October|November|"
                       r"December)\s+(?P<day>[0-3]?\d)(?:st|nd|rd|th)?\b(?!,?\s+\d{4})")
_PRECISION = {"date": 3, "gYearMonth": 2, "gYear": 1}


def events(text: str, sents: list[Sentence], published: date | None, dates: list[Proposal],
           named: list[Proposal], lex: Lexicon) -> list[Proposal]:
    out: list[Proposal] = []
    heads = headlines(text)
    starts = [s.start for s in sents]
    by_sentence: dict[int, list[Proposal]] = {}     # sentence index -> what it names (once each)
    for p in named:
        for i in {bisect_right(starts, o[0]) - 1 for o in p.fields.get("occurrences") or [[p.start]]}:
            by_sentence.setdefault(i, []).append(p)
    day_stamps: dict[int, list] = {}
    for d in dates:
        day_stamps.setdefault(bisect_right(starts, d.start) - 1, []).append(d)
    for k, s in enumerate(sents):
        if in_headline(heads, s.start):
            continue    # a headline announces what the body reports
        seen: set[str] = set()
        stamps = [(d.start, d.end, d.fields["value"], d.fields.get("datatype"), d.fields.get("approximate", False),
                   d.fields.get("note")) for d in day_stamps.get(k, [])]
        stamps += _relative(s, published)
        for m in _TRIGGER.finditer(s.text):
            kind = m.lastgroup
            if _reduced_passive(s.text, m) and not stamps:
                continue    # "restrictions imposed by other nations": a description, not a happening
            if kind in seen or kind == "Release" and _TRIGGER.search(s.text) and "Delay" in _kinds(s.text):
                continue    # "the release was delayed" is one happening: a delay
            seen.add(kind)
            start, end = s.start + m.start(), s.start + m.end()
            clause = re.split(r"[,;:—(]", s.text[m.end():], maxsplit=1)[0]
            end = min(s.end, end + len(" ".join(clause.split()[:6])) + (1 if clause[:1] == " " else 0))
            fields = {"type": kind, "label": f"{kind}: {text[start:end]}"}
            fields.update(_date(stamps, start, published))
            people = by_sentence.get(k, [])
            fields["participants"] = sorted({p.fields["entity"] for p in people if p.kind == "mention"
                                             and lex.nodes.get(p.fields["entity"]) and lex.nodes[p.fields["entity"]].actor})
            fields["participant_labels"] = [p.fields["label"] for p in people if p.kind == "entity"]
            out.append(Proposal("event", start, end, text[start:end], s.text, s.start, s.end, fields))
    return _retold(out)


def _retold(found: list[Proposal]) -> list[Proposal]:
    """One proposal per happening: an undated event (the month of publication standing in) of a
    type the text also gives in that month, dated or not, is the same happening told again
    ("charged ... on Thursday", later "charged with diverting servers"): it becomes another
    occurrence of the first telling, dated one first."""
    undated = lambda p: "no date" in str(p.fields.get("note") or "")  # noqa: E731
    first: dict[tuple, Proposal] = {}
    for p in sorted(found, key=lambda p: (undated(p), p.start)):
        key = (p.fields["type"], str(p.fields.get("date") or "")[:7])
        if key in first and undated(p):
            first[key].fields.setdefault("occurrences", [[first[key].start, first[key].end]]).append([p.start, p.end])
            continue
        first.setdefault(key, p)
    kept = {id(p) for p in first.values()} | {id(p) for p in found if not undated(p)}
    return [p for p in found if id(p) in kept]


_AUXILIARY = {"is", "are", "was", "were", "be", "been", "being", "has", "have", "had", "it", "they", "he", "she"}


def _reduced_passive(sentence: str, m: re.Match) -> bool:
    """A participle after a noun and before "by", with no auxiliary: it describes the noun (unless
    the sentence dates it: "the rule, introduced by X in January 2025")."""
    before = sentence[:m.start()].split()
    after = sentence[m.end():].split()
    return bool(after and after[0] == "by" and before and before[-1].lower() not in _AUXILIARY
                and m.group(0).endswith("ed"))


def _kinds(sentence: str) -> set[str]:
    return {m.lastgroup for m in _TRIGGER.finditer(sentence)}


def _date(stamps: list[tuple], at: int, published: date | None) -> dict:
    if not stamps:
        if published is None:
            return {}
        return {"date": published.strftime("%Y-%m"), "datatype": "gYearMonth", "approximate": True,
                "note": f"the text gives no date; the month of publication ({published.isoformat()})"}
    stamps = sorted(stamps, key=lambda x: abs(x[0] - at))
    best = stamps[0]
    for other in stamps[1:]:
        if abs(other[0] - best[1]) <= 2 or abs(best[0] - other[1]) <= 2:
            if _PRECISION.get(other[3], 0) > _PRECISION.get(best[3], 0):
                best = other
    out = {"date": best[2], "datatype": best[3], "approximate": bool(best[4])}
    if best[5]:
        out["note"] = best[5]
    return out


def _relative(s: Sentence, published: date | None) -> list[tuple]:
    """Weekdays, "yesterday", "May 15" and the like in ``s``, as dates read against ``published``."""
    if published is None:
        return []
    future = bool(FUTURE.search(s.text))
    out = []
    for m in _RELATIVE.finditer(s.text):
        if m.group("wd"):
            back = (published.weekday() - _WEEKDAYS.index(m.group("wd").lower())) % 7
            d, dtype = (published + timedelta(days=(7 - back) % 7) if future else published - timedelta(days=back)), "date"
        elif m.group("rel"):
            rel = m.group("rel").lower()
            d = {"yesterday": published - timedelta(days=1), "last week": published - timedelta(days=7)}.get(rel, published)
            dtype = "date" if rel in ("yesterday", "today") else "gYearMonth"
        else:
            month, day = MONTHS[m.group("month").lower()], int(m.group("day"))
            try:
                d = date(published.year, month, day)
            except ValueError:
                continue
            if future and d < published:
                d = date(published.year + 1, month, day)
            elif not future and d > published:
                d = date(published.year - 1, month, day)
            dtype = "date"
        value = d.isoformat() if dtype == "date" else d.strftime("%Y-%m")
        out.append((s.start + m.start(), s.start + m.end(), value, dtype, True,
                    f"'{m.group(0).strip()}' read against the publication date {published.isoformat()}"))
    return out
