"""Who says a claim, chosen by a learned ranker among the candidates the text offers.

The claim rules (``kg.curation.propose.speakers``) find each saying and one speaker for it. For a
sentence with one speaker, this module lists the other actors that could be the claimer
(``candidates``): the actors named outside quotations in the sentence and the two sentences
before, the latest two speakers, the latest sentence subject, the author of a document the text
introduced ("the statement" after "X issued a statement"), the last person and the last
organisation named. Each candidate is described by general features (``features``: the words
that refer to the speaker, pronoun, description head, role or name, and whether the candidate's
kind agrees with them; distance in sentences and in actors; whether it opens its sentence as the
subject, spoke last, stands before or after the verb, with a quotation in between; the rule's
own choice and how the rule found it, as features named ``rule:``). A logistic model
(``kg.curation.propose.linear``) trained on the ``tune`` articles' annotations
(``bench/train_claimers.py``; weights in ``models/claimers.json``) scores each candidate as the
claimer. Another candidate replaces the rules' choice only when it is more probable by more than
the model's ``margin`` (``meta``), chosen by cross-validation over the ``tune`` articles; the
probability of the claimer kept is on the claim (``claimer_probability``).

The committed model's margin is 1.0, so it keeps every choice of the rules: on ``tune`` the rules
choose right in 302 of the 306 sayings with an annotated claim, and no margin that lets the model
replace a choice does better under cross-validation (bench/README.md has the figures).

Without a model file the rules' choice stands; a model file of another feature set than
``FEATURES`` raises (retrain it).
"""
from __future__ import annotations

import re
from contextlib import contextmanager
from dataclasses import replace

from kg.curation.propose.actors import Reader, Said
from kg.curation.propose.linear import check, loaded
from kg.curation.propose.referents import sentence_subject
from kg.curation.propose.saying import HEAD_KINDS, PRONOUN, ROLE_SET, SPEAK_FOR, WORKS, plural
from kg.curation.propose.text import Sentence

FEATURES = "claimers-2"     # the feature set's version: a model trained on another one is not used
_ORGS = {"GovernmentBody", "Company", "AILab", "Publisher", "Administration", "ActorGroup", "Coalition", "Actor"}
_state: dict = {"record": None, "model": None, "alone": None}


def _name(sp: Said) -> str:
    return re.sub(r"^the\s+", "", sp.label.strip(), flags=re.I).lower()


def _same(a: Said, b: Said) -> bool:
    return a.prop is b.prop if a.prop is not None and b.prop is not None else _name(a) == _name(b)


def _verb_at(r: Reader, s: Sentence, verb: str, after: str) -> int:
    """Where the verb of saying starts in the text."""
    if verb == "according to":
        m = re.search(r"\b(?:according to|per|reported by|stated by|revealed by)\b", r.text[s.start:s.end], re.I)
        return s.start + m.start() if m else s.start
    return max(s.start, s.end - len(after) - len(verb))


# documents that speak for themselves in the annotations ("the indictment says"), and those that
# carry an issuer's words ("the statement said": the issuer's)
_SELF_SPEAKING = {"indictment", "complaint", "filing", "filings", "records", "documents", "document", "data", "ruling",
                  "judgment", "order", "affidavit", "lawsuit", "opinion", "decision", "study", "survey", "papers",
                  "petition", "motion", "testimony", "transcript", "warrant", "charges"}
_HEAD_GROUP = {"GovernmentBody": "body", "Company": "firm", "Publisher": "media", "Actor": "other"}


def referring(lead: str) -> tuple[str, str]:
    """The class of what refers to the speaker right before the verb, and its word: a pronoun
    ("pron-person", "pron-it", "pron-they"), a document ("doc-self": one that speaks for itself,
    "doc-issued": one that carries its issuer's words), a description's head ("desc-body",
    "desc-firm", "desc-media", "desc-other", with "-many" when plural), a role ("role-for": one who
    speaks for a body, "role-one", "role-many"), a quotation closing before the verb, a capitalised
    name, else other."""
    words = re.findall(r"[\w’'-]+|[”\"]", lead[-80:])
    if not words:
        return "none", ""
    w = words[-1].lower()
    if w in ("”", "\""):
        return "quote", ""
    if w in PRONOUN:
        return ("pron-person" if w in ("he", "she") else f"pron-{w}"), w
    for word in reversed(words[-3:]):
        lw = word.lower()
        if lw in WORKS:
            return ("doc-self" if lw in _SELF_SPEAKING else "doc-issued"), lw
        single = lw if lw in HEAD_KINDS else lw[:-3] + "y" if lw.endswith("ies") else lw[:-1]
        if single in HEAD_KINDS and single not in WORKS:
            group = next((_HEAD_GROUP[k] for k in sorted(HEAD_KINDS[single]) if k in _HEAD_GROUP), "other")
            return f"desc-{group}" + ("-many" if single != lw else ""), single
        if lw in ROLE_SET:
            return ("role-many" if plural(lw) else "role-for" if lw in SPEAK_FOR else "role-one"), lw
    return ("name" if words[-1][:1].isupper() else "other"), ""


def _group(c: Said) -> str:
    """The candidate's kind in a few groups; an unnamed one by its words (a document or a role)."""
    kind = c.kind or "none"
    if c.prop is None and kind in ("none", "Actor", "People", "Person"):
        last = (c.head or c.label.split()[-1] if c.label.split() else "").lower()
        if last in WORKS:
            return "words-doc-self" if last in _SELF_SPEAKING else "words-doc-issued"
        if last in ROLE_SET or c.head:
            return "words-role-many" if kind == "People" else "words-role"
        return "words"
    return "person" if kind == "Person" else "people" if kind == "People" else "state" if kind == "State" \
        else "org" if kind in _ORGS else "other"


def candidates(r: Reader, s: Sentence, sp: Said, before: list[int]) -> list[tuple[Said, set[str]]]:
    """The rule's speaker and the other possible claimers of a saying in ``s``, each with the
    ways it was found (``before``: the starts of the sentences before ``s``, nearest last)."""
    out: list[tuple[Said, set[str]]] = []

    def add(c: Said | None, why: str) -> None:
        if c is None:
            return
        for known, whys in out:
            if _same(known, c):
                whys.add(why)
                return
        out.append((c, {why}))
    add(sp, "rule")
    lo = before[-2] if len(before) >= 2 else before[-1] if before else s.start
    for a in r.outside.between(lo, s.end):
        if a[1] <= s.end and not r.qualifier(a):
            add(r.named(a), "here" if a[0] >= s.start else "near")
    for k, said in enumerate(reversed(r.said[-2:])):
        add(said, f"speaker{k}")
    subject = next((x[1] for x in reversed(r.subjects) if x[1] is not None), None)
    add(subject, "subject")
    for author in r.documents.values():
        add(author, "author")
    for kinds, why in (({"Person"}, "last-person"), (_ORGS, "last-org")):
        a = r.outside.last_before(s.start, kinds)
        add(r.named(a) if a is not None else None, why)
    return out


def _bucket(n: int, top: int = 3) -> str:
    return str(n) if n < top else f"{top}+"


def features(r: Reader, s: Sentence, c: Said, whys: set[str], how: str, verb: str, at: int,
             ref: tuple[str, str], starts: list[int], subject: Said | None) -> list[str]:
    """The features of candidate ``c`` for the saying whose verb starts at ``at``; those naming
    the rules' choice start with ``rule:`` (the independent model goes without them)."""
    cls, word = ref
    group = _group(c)
    f = ["bias", f"kind={group}", f"ref={cls}&kind={group}", f"named={c.prop is not None}&ref={cls}"]
    f += [f"why={w}&ref={cls}" for w in whys - {"rule"}] + [f"why={w}&kind={group}" for w in whys - {"rule"}]
    if "rule" in whys:
        f += ["rule:yes", f"rule:how={how}", f"rule:verb={verb.lower()}", f"rule:ref={cls}&kind={group}"]
    if subject is not None and _same(subject, c):
        f.append(f"subject&ref={cls}")
    fits = HEAD_KINDS.get(word)
    if fits and c.kind:
        f.append(f"head-fits={c.kind in fits}")
    if word and word in c.label.lower().replace("’s", " ").split():
        f.append(f"head-in-label&ref={cls}")
    if cls.startswith("pron"):
        hint = r.hint.get(id(c.prop)) if c.prop is not None else None
        f.append(f"pronoun-fits={r.fits(c, word)}")
        if hint in ("f", "m"):
            f.append(f"gender={'agrees' if hint == ('m' if word == 'he' else 'f') else 'differs'}")
    where = c.at if c.at >= 0 else r.text.find(c.label, s.start, s.end) if c.prop is None and c.label else -1
    if where >= 0:      # a speaker of words only is placed where the sentence holds them
        f += _placed(r, where, at, verb, cls, starts)
    else:
        f.append(f"unplaced&ref={cls}")
    spoke = sum(1 for x in r.said[-20:] if _same(x, c))     # among the latest speakers
    f += [f"spoke={_bucket(spoke)}", f"spoke={min(spoke, 1)}&ref={cls}"]
    if r.said and _same(r.said[-1], c):
        f.append(f"last-speaker&ref={cls}")
    return f


def _placed(r: Reader, where: int, at: int, verb: str, cls: str, starts: list[int]) -> list[str]:
    """The features of a candidate named at ``where`` for the verb at ``at``: sentences and actors
    between, its side of the verb, a quotation between, and whether it stands right before the
    verb, right after it, or right after "according to"."""
    sent = sum(1 for x in starts if x > where)     # sentence starts between the candidate and the verb
    side = "after" if where > at else "before"
    between = r.outside.between(where + 1, at) if where < at else r.outside.between(at, where - 1)
    lo, hi = sorted((where, at))
    f = [f"dist={_bucket(sent)}&ref={cls}", f"side={side}&ref={cls}", f"actors-between={_bucket(len(between))}",
         f"side={side}&dist={_bucket(sent)}"]
    if re.search(r"[“”\"]", r.text[lo:hi]):
        f.append(f"quote-between&side={side}")
    if where < at and at - where < 40 and not re.search(r"[,.;“”\"]", r.text[where:at]):
        f.append(f"adjacent&ref={cls}")
    gap = r.text[at + len(verb):where] if where > at else ""
    if where > at and len(gap) < 30 and not re.search(r"[,.;:“”\"]", gap):
        f.append(f"right-after&verb={'according' if verb == 'according to' else 'other'}")
    return f


def ranked(r: Reader, s: Sentence, found: list[tuple] | None) -> list[tuple] | None:
    """``found`` (the rules' (speaker, verb, how, words after) of sentence ``s``) with the speaker
    the model prefers, for a sentence with one speaker; unchanged without a model."""
    if not found or len(found) != 1 or (_state["record"] is None and model() is None and independent() is None):
        return found
    sp, verb, how, after = found[0]
    at = _verb_at(r, s, verb, after)
    starts = [x[0] for x in r.subjects[-3:]] + [s.start]     # enough for the distances told apart (0-2, 3+)
    ref = ("according", "") if verb == "according to" else referring(r.text[s.start:at])
    cands = candidates(r, s, sp, starts[:-1])
    subject = sentence_subject(r, s)
    rows = [features(r, s, c, whys, how, verb, at, ref, starts, subject) for c, whys in cands]
    if _state["record"] is not None:
        _state["record"].append((r, s, [c for c, _ in cands], rows))
        return found
    best, p = _choice(model(), rows)
    other, _ = _choice(independent(), rows, best)
    chosen = replace(cands[best][0], probability=p, disputed_by=cands[other][0].label if other != best else None)
    return [(chosen, verb, how if best == 0 else "ranked", after)]


def _choice(m, rows: list[list[str]], kept: int = 0) -> tuple[int, float | None]:
    """The candidate ``m`` chooses (``kept`` unless another is more probable by more than the
    model's margin) and its probability; ``kept`` without a model."""
    if m is None:
        return kept, None
    if m.meta.get("margin", 0.0) >= 1.0:     # no probability passes another by more: only the kept one is needed
        return kept, round(probability(m, rows[kept]), 4)
    probs = [probability(m, row) for row in rows]
    best = max(range(len(rows)), key=lambda i: (probs[i], i == kept))
    if probs[best] - probs[kept] <= m.meta.get("margin", 0.0):
        best = kept    # the choice stands unless another is clearly more probable
    return best, round(probs[best], 4)


@contextmanager
def recording(into: list):
    """While inside, ``ranked`` appends each saying's sentence, candidates and features to
    ``into`` and leaves the rules' choice (the training script's view)."""
    _state["record"] = into
    try:
        yield into
    finally:
        _state["record"] = None


@contextmanager
def using(m, alone=None):
    """While inside, ``ranked`` chooses with the model ``m`` and checks with ``alone``
    (cross-validation's fold models; None: no model)."""
    old = _state["model"], _state["alone"]
    _state["model"], _state["alone"] = m or False, alone or False
    try:
        yield
    finally:
        _state["model"], _state["alone"] = old


def model():
    """The committed ranker (read once a process), or None when absent; a model file of another
    feature set than ``FEATURES`` raises (retrain it: ``bench/train_claimers.py``)."""
    if _state["model"] is not None:
        return _state["model"] or None
    return check(loaded("claimers"), FEATURES)


def independent():
    """The committed model that reads no rule (``claimers_alone``), as ``model``."""
    if _state["alone"] is not None:
        return _state["alone"] or None
    return check(loaded("claimers_alone"), FEATURES)


def probability(m, row: list[str]) -> float:
    """The model's probability that the candidate described by ``row`` is the claimer (a model
    trained without the rules' choice, ``meta`` "alone", reads no ``rule:`` feature)."""
    return m.probabilities(alone(row) if m.meta.get("alone") else row)["claimer"]


def alone(row: list[str]) -> list[str]:
    """The features that do not name the rules' choice."""
    return [f for f in row if not f.startswith("rule:")]
