"""Forgiving search: the words of a label and of a query brought to one form, so that spelling,
number and spacing do not stop a match (``kg.index.labels`` tries these after its exact tiers).

* British and American spelling: ``centre``/``center``, ``licence``/``license``,
  ``organise``/``organize``, ``labour``/``labor``, ``modelled``/``modeled`` (``spelling``);
* plural and singular: ``centres``/``centre``, ``policies``/``policy`` (``singular``);
* compounds and spacing: ``datacenter``, ``data center``, ``data-centre`` are one run of
  letters once spaces and hyphens go (``squash``; ``match`` compares a query with runs of
  whole words of a label).

The rules are general (word endings and a short table of irregular words), not a list of
search terms; they are applied alike to labels and queries, so a rule that also rewrites some
unrelated word ("advise" -> "advize") rewrites it on both sides and changes nothing.
"""
from __future__ import annotations

import re

from kg.index.folding import fold

_WORD = re.compile(r"[^\W_]+")
# British spellings no ending rule covers, and their American forms
IRREGULAR = {
    "licence": "license", "defence": "defense", "offence": "offense", "pretence": "pretense",
    "programme": "program", "catalogue": "catalog", "dialogue": "dialog", "analogue": "analog",
    "grey": "gray", "tyre": "tire", "aluminium": "aluminum", "manoeuvre": "maneuver",
    "aeroplane": "airplane", "judgement": "judgment", "ageing": "aging", "enrol": "enroll",
    "fulfil": "fulfill", "sceptical": "skeptical", "plough": "plow", "mould": "mold", "cheque": "check",
}
_OUR_KEPT = {"four", "hour", "pour", "tour", "sour", "your", "flour", "dour", "scour", "detour", "contour",
             "devour", "amour", "velour", "paramour", "troubadour"}
_ENDINGS = (   # (British ending, American ending), longest first; the stem before must have 2 letters
    ("isations", "izations"), ("isation", "ization"), ("ising", "izing"), ("ised", "ized"), ("ises", "izes"),
    ("iser", "izer"), ("ise", "ize"), ("ysing", "yzing"), ("ysed", "yzed"), ("yse", "yze"),
    ("elling", "eling"), ("elled", "eled"), ("eller", "eler"), ("tres", "ters"), ("tre", "ter"),
)
_PLURAL_KEPT = ("ss", "us", "is", "ics")


def spelling(word: str) -> str:
    """The American spelling of a (folded) word: irregular words by the table, then endings."""
    if word in IRREGULAR:
        return IRREGULAR[word]
    if word.endswith("s") and word[:-1] in IRREGULAR:
        return IRREGULAR[word[:-1]] + "s"
    for british, american in _ENDINGS:
        if word.endswith(british) and len(word) - len(british) >= 2:
            return word[: -len(british)] + american
    if word.endswith(("our", "ours")) and len(word) > 5 and word.rstrip("s") not in _OUR_KEPT:
        return word.replace("our", "or") if word.count("our") == 1 else word
    return word


def singular(word: str) -> str:
    """A light plural stemmer: ``policies`` -> ``policy``, ``boxes`` -> ``box``, ``centres`` ->
    ``centre``; words of three letters or fewer and ``-ss``/``-us``/``-is``/``-ics`` stay."""
    if len(word) <= 3 or not word.endswith("s") or word.endswith(_PLURAL_KEPT):
        return word
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("ches", "shes", "xes", "zes", "sses")):
        return word[:-2]
    return word[:-1]


def key(word: str) -> str:
    """The one form of a folded word: singular, then American."""
    return spelling(singular(word))


def keys(text: str) -> list[str]:
    """The words of ``text`` in their one form (folded first: case and accents go)."""
    return [key(w) for w in _WORD.findall(fold(text))]


def squash(words: list[str]) -> str:
    """The words run together: what a compound written as one word, spaced or hyphenated shares."""
    return "".join(words)


def match(query: list[str], label: list[str]) -> int | None:
    """How the query's words (``keys``) match a label's: 0 the whole label, 1 a run of its words
    from the first, 2 a run of whole words elsewhere (spaces and hyphens ignored: ``datacenter``
    is the run ``data center``), 3 every query word begins some label word; None otherwise.
    The last query word may end inside a label word (the query is being typed)."""
    target = squash(query)
    if not target:
        return None
    best = None
    for i in range(len(label)):
        run = ""
        for j in range(i, len(label)):
            before, run = run, run + label[j]
            if run == target or (run.startswith(target) and len(before) < len(target) and len(query[-1]) >= 3
                                 and target.startswith(before)):
                kind = 0 if i == 0 and j == len(label) - 1 and run == target else 1 if i == 0 else 2
                best = kind if best is None else min(best, kind)
                break
            if len(run) >= len(target):
                break
    if best is None and len(query) > 1 and all(any(w.startswith(q) for w in label) for q in query):
        best = 3
    return best


def ranked(q: str, fetch, base_iri: str, seen: set[str] = frozenset()) -> list[tuple[str, str]]:
    """The nodes whose labels match ``q`` by ``match``, as (iri, matched label), best first (kind
    of match, label rank, shorter label, nodes under ``base_iri``). ``fetch(phrases)`` gives the
    label rows (iri, rank, text, keys joined by spaces) whose run-together words hold every phrase
    (``kg.index.labels``: a trigram index over them); asked for the whole run and for the words.
    Nodes in ``seen`` (found by the exact tiers) are skipped before matching."""
    query = keys(q)
    target = squash(query)
    if len(target) < 3:
        return []
    words = [w for w in query if len(w) >= 3] if len(query) > 1 else []
    rows = fetch([target]) + (fetch(words) if words else [])
    best: dict[str, tuple] = {}
    for iri, rank, text, vkey in rows:
        if iri in seen:
            continue
        m = match(query, vkey.split())
        if m is not None and (iri not in best or (m, rank, len(text)) < best[iri][:3]):
            best[iri] = (m, rank, len(text), text)
    order = sorted(best, key=lambda i: (best[i][:3], 0 if i.startswith(base_iri) else 1, best[i][3].casefold(), i))
    return [(iri, best[iri][3]) for iri in order]
