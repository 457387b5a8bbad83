"""Statements found by rules: causal links and attributed claims.

A sentence that names two nodes of the causal layer (measures, pathways, capabilities,
outcomes) around a cue verb ("limit", "curb", "block", "reduce" / "increase", "enable",
"boost", "help") proposes a link from the node before the cue to the node after it, with
the cue's polarity (swapped for a passive "is limited by"); a link the graph already has
is proposed as corroborated (its support grows when accepted). Causal-layer nodes are found
by their names and, since documents rarely use the curators' labels, by their key words: all
content words of a name within the sentence, or most of them including its last word.

A claim is a sentence with a speaker and a verb of saying ("X said", "according to X",
"X argues"); the speaker is the nearest actor named before the verb (or after "according
to"), or for "it"/"the company"/"he" the last actor named before.
"""
from __future__ import annotations

import re
from collections import Counter
from math import log

from .lexicon import Lexicon
from .proposals import Proposal
from .text import Sentence, Token, norm_word, tokens

NEGATIVE = ("limit", "curb", "block", "reduc", "restrict", "prevent", "stop", "constrain", "hinder", "slow", "cut",
            "deny", "weaken", "undermin", "erod", "hamper", "shrink", "lower", "decreas", "tackl", "combat",
            "counter", "ban", "thwart", "choke", "narrow", "deter", "clos", "cap", "squeez", "starv", "crack")
POSITIVE = ("increas", "enabl", "boost", "help", "strengthen", "expand", "fuel", "driv", "rais", "accelerat", "allow",
            "provid", "grow", "lift", "improv", "feed", "spur", "widen", "extend", "preserv", "secur", "bolster",
            "sustain", "enhanc", "advanc", "power", "give", "gave", "let", "amplif", "intensif", "speed")
_STOP = {"the", "a", "an", "of", "to", "in", "on", "for", "and", "or", "by", "with", "its", "their", "can", "could",
         "us", "from", "at", "as", "that", "this", "be", "is", "are", "more", "less", "new"}
SAY = {"said": "Assertion", "say": "Assertion", "says": "Assertion", "told": "Assertion", "stated": "Assertion",
       "states": "Assertion", "noted": "Assertion", "notes": "Assertion", "added": "Assertion", "wrote": "Assertion",
       "writes": "Assertion", "reported": "Assertion", "reports": "Assertion", "asserts": "Assertion",
       "asserted": "Assertion", "highlights": "Assertion", "highlighted": "Assertion", "claims": "Assertion",
       "claimed": "Assertion", "argues": "Opinion", "argued": "Opinion", "believes": "Opinion",
       "believed": "Opinion", "thinks": "Opinion", "contends": "Opinion", "suggests": "Opinion", "suggested": "Opinion",
       "warns": "Warning", "warned": "Warning", "cautions": "Warning", "cautioned": "Warning", "urges": "Recommendation",
       "urged": "Recommendation", "recommends": "Recommendation", "recommended": "Recommendation",
       "calls": "Recommendation", "called": "Recommendation", "alleges": "Allegation", "alleged": "Allegation",
       "accused": "Allegation", "accuses": "Allegation", "charged": "Allegation", "predicts": "Forecast",
       "predicted": "Forecast", "expects": "Forecast", "expected": "Forecast", "forecasts": "Forecast",
       "estimates": "Estimate", "estimated": "Estimate", "insists": "Opinion", "insisted": "Opinion"}
_ACCORDING = re.compile(r"\baccording to\b", re.I)
_PRONOUN = {"it", "he", "she", "they", "company", "firm", "lab", "paper", "report", "post", "analysis", "group"}


def stem(word: str) -> str:
    """A light suffix stripper for key-word matching ("restricted", "restrictions" -> "restrict")."""
    w = norm_word(word)
    for suffix in ("ations", "ation", "ings", "ing", "ions", "ion", "ed", "er", "est", "ly", "al", "es", "s"):
        if w.endswith(suffix) and len(w) - len(suffix) >= 4:
            return w[: -len(suffix)]
    return w


class FactorFinder:
    """Finds nodes in a sentence by the key words of their names: most of a name's content
    words (weighted by how rare they are among all names) close together."""

    def __init__(self, lex: Lexicon, causal_only: bool = True) -> None:
        self.lex = lex
        self.causal_only = causal_only
        self.names: list[tuple[str, tuple[str, ...]]] = []
        df: Counter = Counter()
        for n in lex.names:
            node = lex.nodes.get(n.iri)
            if node is None or (causal_only and not node.causal):
                continue
            words = tuple(dict.fromkeys(stem(w) for w in n.norms if w not in _STOP))
            if len(words) >= 2:
                self.names.append((n.iri, words))
                df.update(set(words))
        total = max(1, len(self.names))
        self.idf = {w: log(1 + total / c) for w, c in df.items()}

    def find(self, toks: list[Token], threshold: float = 0.65) -> dict[str, tuple[int, int]]:
        """node IRI -> (first, last) character offsets of the words that named it. Exact names
        come first; key-word matches take only words no better match has taken."""
        scored: list[tuple[float, int, str, int, int]] = []
        for i, j, name in self.lex.find(toks):
            node = self.lex.nodes.get(name.iri)
            if node is not None and (node.causal or not self.causal_only):
                scored.append((2.0, 0, name.iri, i, j - 1))
        where: dict[str, list[int]] = {}
        for i, t in enumerate(toks):
            where.setdefault(stem(t.text), []).append(i)
        for iri, words in self.names:
            present = [w for w in words if w in where]
            if len(present) < 2:
                continue
            weight = sum(self.idf[w] for w in words)
            got = sum(self.idf[w] for w in present)
            if got < threshold * weight:
                continue
            idx = sorted(where[w][0] for w in present)
            if idx[-1] - idx[0] > 2 * len(words) + 4:
                continue
            scored.append((got / weight, -(idx[-1] - idx[0]), iri, idx[0], idx[-1]))
        found: dict[str, tuple[int, int]] = {}
        used: set[int] = set()
        for score, _, iri, a, b in sorted(scored, key=lambda x: (-x[0], -x[1])):
            if iri in found:
                continue
            words = set(range(a, b + 1)) if score >= 2 else {i for i in range(a, b + 1) if stem(toks[i].text) in where}
            if words & used:
                continue
            used |= words
            found[iri] = (toks[a].start, toks[b].end)
        return found


def _cue(word: str) -> str | None:
    w = word.lower()
    for stem in NEGATIVE:
        if w.startswith(stem) and not w.startswith(("limitless", "closer", "counterpart", "secured", "power")):
            return "-"
    for stem in POSITIVE:
        if w.startswith(stem):
            return "+"
    return None


def links(text: str, sents: list[Sentence], lex: Lexicon, finder: FactorFinder) -> list[Proposal]:
    out: list[Proposal] = []
    seen: set[tuple] = set()
    for s in sents:
        toks = tokens(text, s.start, s.end)
        nodes = finder.find(toks)
        if len(nodes) < 2:
            continue
        for t in toks:
            polarity = _cue(t.text)
            if polarity is None:
                continue
            before = [(iri, span) for iri, span in nodes.items() if span[1] <= t.start]
            after = [(iri, span) for iri, span in nodes.items() if span[0] >= t.end]
            if not before or not after:
                continue
            cause = max(before, key=lambda x: x[1][1])
            effect = min(after, key=lambda x: x[1][0])
            passive = re.search(r"\b(?:is|are|was|were|be|been|being)\s+(?:\w+\s+)?$", text[s.start:t.start]) and \
                re.match(r"\w*\s+by\b", text[t.start:s.end])
            if passive:
                cause, effect = effect, cause
            c, e = cause[0], effect[0]
            if c == e or any(x in _measure_types(lex, e) for x in ("Measure", "PolicyPackage")):
                continue
            key = (c, e, polarity)
            if key in seen:
                continue
            seen.add(key)
            existing = lex.link_by_ends.get(key)
            out.append(Proposal("link", s.start, s.end, s.text, s.text, s.start, s.end, {
                "cause": c, "effect": e, "polarity": polarity, "cue": t.text,
                "cause_label": lex.nodes[c].label, "effect_label": lex.nodes[e].label,
                "link": existing.iri if existing else None, "support": existing.support if existing else 0,
                "corroborates": existing is not None}))
    return out


def _measure_types(lex: Lexicon, iri: str) -> list[str]:
    node = lex.nodes.get(iri)
    return [t.rsplit("#", 1)[-1] for t in node.types] if node else []


def claims(text: str, sents: list[Sentence], lex: Lexicon, mentions: list[Proposal]) -> list[Proposal]:
    actors = sorted(((o[0], o[1], m.fields["entity"]) for m in mentions if _is_actor(lex, m.fields["entity"])
                     for o in m.fields.get("occurrences", [[m.start, m.end]])), key=lambda x: x[0])
    named = sorted(((o[0], o[1], m.fields["entity"]) for m in mentions for o in m.fields.get("occurrences", [])),
                   key=lambda x: x[0])
    out: list[Proposal] = []
    for s in sents:
        toks = tokens(text, s.start, s.end)
        verb, status, claimer = None, None, None
        acc = _ACCORDING.search(s.text)
        if acc:
            after = [a for a in actors if s.start + acc.end() <= a[0] < s.end]
            if after:
                verb, status, claimer = "according to", "Assertion", after[0][2]
        if claimer is None:
            for t in toks:
                if t.text.lower() in SAY:
                    prior = [a for a in actors if s.start <= a[0] and a[1] <= t.start]
                    if prior:
                        claimer = prior[-1][2]
                    elif any(x.norm in _PRONOUN for x in toks if x.end <= t.start):
                        earlier = [a for a in actors if a[1] <= s.start]
                        claimer = earlier[-1][2] if earlier else None
                    if claimer:
                        verb, status = t.text, SAY[t.text.lower()]
                        break
        if claimer is None:
            continue
        about = sorted({iri for a, b, iri in named if s.start <= a < s.end and iri != claimer})
        label = f"{lex.nodes[claimer].label} ({verb}): " + (", ".join(lex.nodes[i].label for i in about[:3]) or "—")
        out.append(Proposal("claim", s.start, s.end, s.text, s.text, s.start, s.end, {
            "claimer": claimer, "claimer_label": lex.nodes[claimer].label, "verb": verb,
            "epistemic_status": status, "about": about, "label": label}))
    return out


def _is_actor(lex: Lexicon, iri: str) -> bool:
    node = lex.nodes.get(iri)
    return bool(node and node.actor)


__all__ = ["FactorFinder", "links", "claims", "norm_word"]
