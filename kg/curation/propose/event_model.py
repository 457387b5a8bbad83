"""The event model: which cue words of a sentence report a happening, learned from the hand
annotations of real articles (``bench/train_events.py``) on top of the grammar of
``event_grammar``.

Every cue the grammar sees is a candidate; its features (``features``) are general signals, never
the names in an article: the grammar's own verdict and the reason it leaves a cue out, the cue's
class (event type) and form, the classes of the words right before and after it (modal,
negation, "to", auxiliary, determiner, a word of planning, a number; the words themselves were
tried and cross-validated worse, so they are left out), whether the
sentence, the cue's clause or the words right after the cue give a date and of what sort (a day,
a month, a year, relative to publication), whether the sentence speaks of the future, whether
the cue stands in a quotation, the actors the sentence names, other cues of saying in the
sentence, and the sentence's place in the text.

The model (``models/events.json``, a ``kg.curation.propose.linear`` model with labels ``event``
and ``none``) gives each candidate a probability of being an annotated happening. A candidate
the grammar reports stays (unless under the ``floor``); one it leaves out is reported when its
probability reaches the model's ``rescue`` threshold (in the file's ``meta``), unless the reason
is a convention of the annotations (``CONVENTIONS``: an undated saying, an undated milestone or
request, a move that is no market's): cross-validated on tune, letting the model
also drop what the grammar reports lost more recall than it gained precision. Without a model
file the grammar's verdict stands. The probability is kept on the proposal (``probability``, as
the other learned models do), and its confidence takes it into account
(``kg.curation.propose.confidence``). ``recording`` collects every candidate with its features and span (for
training); ``using`` puts another model in place for a while (cross-validation).
"""
from __future__ import annotations

import re
from contextlib import contextmanager
from contextvars import ContextVar

from kg.curation.propose import linear
from kg.curation.propose.rules_numbers import ahead_of
from kg.curation.propose.event_words import OWN_DATE_ONLY, Cue

VERSION = "events-1"
NAME = "events"
_MODAL = {"will", "would", "could", "may", "might", "should", "can", "must", "shall"}
_NEGATION = {"not", "no", "never", "nor", "n't", "cannot"}
_AUX = {"is", "are", "was", "were", "be", "been", "being", "has", "have", "had"}
_DET = {"the", "a", "an", "its", "their", "his", "her", "our", "this", "that", "these", "those"}
_PLAN = {"plans", "plan", "planned", "planning", "expected", "expects", "aims", "aim", "intends", "seeks",
         "wants", "set", "due", "scheduled", "likely", "poised", "ready", "going"}
_SAYING_TYPES = {"Statement"}
_BREAK = re.compile(r"[,;:—–()\"“”]")

# reasons that are the annotation conventions, not the grammar: an undated saying is only a claim,
# a request or a planned milestone is an event only with a date, a market move is one of a market
# (not of a market share); the model never overrides them
CONVENTIONS = {"saying-undated", "needs-date", "no-market"}

_session: ContextVar[dict | None] = ContextVar("event_model_session", default=None)


def _words(s: str) -> list[str]:
    return [w.lower() for w in re.findall(r"[\w’']+", s)]


def _word_class(w: str) -> str:
    if not w:
        return "none"
    if w in _MODAL:
        return "modal"
    if w in _NEGATION:
        return "neg"
    if w in _AUX:
        return "aux"
    if w in _DET:
        return "det"
    if w in _PLAN:
        return "plan"
    if w == "to":
        return "to"
    if w.isdigit():
        return "num"
    return "ly" if w.endswith("ly") else "ed" if w.endswith("ed") else "ing" if w.endswith("ing") else "w"


def _stamp_sort(stamp: tuple) -> str:
    relative = "publication" in str(stamp[5] or "") if len(stamp) > 5 else False
    return f"{stamp[3] or 'none'}{'-rel' if relative else ''}"


def features(sentence: str, cue: Cue, why: str | None, stamps: list[tuple], offset: int, index: int,
             cues: list[tuple[Cue, str | None]], who: tuple[list, list], quoted: bool) -> list[str]:
    """The candidate's features (see the module's description). ``stamps``: the sentence's dates
    (document offsets, value, datatype, ...); ``offset``: where the sentence starts; ``index``:
    the sentence's place in the text; ``cues``: every cue of the sentence with its verdict."""
    low = cue.text.lower()
    before, after = _words(sentence[:cue.start]), _words(sentence[cue.end:])
    p1, p2 = (before[-1] if before else ""), (before[-2] if len(before) > 1 else "")
    n1 = after[0] if after else ""
    verdict = why or "kept"
    out = ["bias", f"why={verdict}", f"type={cue.type}", f"form={cue.form}", f"type+form={cue.type}+{cue.form}",
           f"why+form={verdict}+{cue.form}", f"p1c={_word_class(p1)}", f"p2c={_word_class(p2)}",
           f"n1c={_word_class(n1)}", f"p1c+form={_word_class(p1)}+{cue.form}"]
    near = set(before[-4:])
    for cls, words in (("modal", _MODAL), ("neg", _NEGATION), ("plan", _PLAN)):
        if near & words:
            out.append(f"near={cls}")
    if "will" in near:
        out.append("near=will")
    if low in OWN_DATE_ONLY:
        out.append("saying-verb")
    clause_lo = max([m.end() for m in _BREAK.finditer(sentence, 0, cue.start)], default=0)
    m = _BREAK.search(sentence, cue.end)
    clause_hi = m.start() if m else len(sentence)
    local = [(x[0] - offset, x[1] - offset, x) for x in stamps]
    if not local:
        out.append("date=none")
    for a, b, x in local:
        sort = _stamp_sort(x)
        where = "clause" if clause_lo <= a and b <= clause_hi else "sentence"
        out.append(f"date={where}")
        out.append(f"date-sort={sort}")
        gap = len(sentence[cue.end:a].split()) if a >= cue.end else -len(sentence[b:cue.start].split())
        if 0 <= gap <= 4:
            out.append("date=right-after")
        elif -4 <= gap < 0:
            out.append("date=right-before")
        if sentence[max(0, a - 1):a] == "(":
            out.append("date=bracketed")
        if re.search(r"\bby\s*$", sentence[:a]):
            out.append("date=by")
    if ahead_of(sentence, cue.start, cue.end):
        out.append("ahead")
    if quoted:
        out.append("quoted")
    out.append("sent=" + ("0" if index == 0 else "1-3" if index <= 3 else "4-9" if index <= 9 else "10+"))
    out.append("at=" + ("start" if len(before) <= 2 else "early" if len(before) <= 8 else "late"))
    out.append("actors=" + ("known" if who[0] else "candidate" if who[1] else "none"))
    others = [c for c, w in cues if c is not cue]
    if any(c.type in _SAYING_TYPES for c in others):
        out.append("other-saying")
    if any(w is None for c, w in cues if c is not cue):
        out.append("other-kept")
    if any(c.type == cue.type for c in others):
        out.append("same-type-other")
    if cue.start and cue.text[:1].isupper():
        out.append("capitalised")
    return out


def model() -> linear.Linear | None:
    """The model in use: one ``using`` put in place, else the committed file (checked against
    ``VERSION``), else None."""
    session = _session.get()
    if session is not None and "model" in session:
        return session["model"]
    return linear.check(linear.loaded(NAME), VERSION)


def wanted() -> bool:
    """Whether features are needed: a model decides or a ``recording`` is under way."""
    session = _session.get()
    return model() is not None or session is not None and session.get("rows") is not None


def decide(feats: list[str], why: str | None) -> tuple[bool, float | None]:
    """Whether the candidate is reported, and the model's probability (None without a model)."""
    m = model()
    if m is None:
        return why is None, None
    p = m.probabilities(feats)["event"]
    floor, rescue = float(m.meta.get("floor", 0.0)), float(m.meta.get("rescue", 1.01))
    return (why is None and p >= floor) or why not in CONVENTIONS and p >= rescue, p


def record(row: dict) -> None:
    """Keep a candidate (its features, span, verdict) when a ``recording`` is under way."""
    session = _session.get()
    if session is not None and session.get("rows") is not None:
        session["rows"].append(row)


@contextmanager
def recording(rows: list):
    """Within the block, every candidate of every sentence proposed is appended to ``rows``."""
    token = _session.set({**(_session.get() or {}), "rows": rows})
    try:
        yield rows
    finally:
        _session.reset(token)


@contextmanager
def using(other: linear.Linear | None):
    """Within the block, ``other`` decides instead of the committed model (None: the grammar alone)."""
    token = _session.set({**(_session.get() or {}), "model": other})
    try:
        yield other
    finally:
        _session.reset(token)
