"""Statements found by rules: causal links and attributed claims.

A sentence that names two nodes of the causal layer (measures, pathways, capabilities,
outcomes) around a cue verb ("limit", "curb", "block", "reduce" / "increase", "enable",
"boost", "help") proposes a link from the node before the cue to the node after it, with
the cue's polarity (swapped for a passive "is limited by"); a link the graph already has
is proposed as corroborated (its support grows when accepted), and so is one whose two ends
the document names within a window of sentences (``corroborate``; ``basis`` "co-mention"
says the words between them were not read as a cue). Causal-layer nodes are found
by their names and, since documents rarely use the curators' labels, by their key words: all
content words of a name within the sentence, or most of them including its last word.

Claims (who says what) are ``kg.curation.propose.speakers``.
"""
from __future__ import annotations

import re
from bisect import bisect_left

from kg.curation.propose.concepts import NEGATORS, ConceptFinder, cue
from kg.curation.propose.lexicon import Lexicon
from kg.curation.propose.proposals import Proposal
from kg.curation.propose.text import Sentence, Token, tokens



def _negated(toks: list[Token], i: int) -> bool:
    """A cue with a negator just before it ("does not limit", "never helps", "without boosting")."""
    for t in toks[max(0, i - 3):i]:
        if t.norm in NEGATORS and t.norm != "t" or (t.norm == "t" and t.start >= 1):
            return True
    return False


def _passive(text: str, s: Sentence, t: Token) -> bool:
    return bool(re.search(r"\b(?:is|are|was|were|be|been|being)\s+(?:\w+\s+)?$", text[s.start:t.start])
                and re.match(r"\w*\s+by\b", text[t.start:s.end]))


def links(text: str, sents: list[Sentence], lex: Lexicon, finder: ConceptFinder, window: int = 2,
          min_support: int = 1) -> list[Proposal]:
    """Causal links: two causal-layer nodes around a cue in one sentence (or, when the cue's
    sentence names only one end, the other end in the sentence next to it); a measure whose own
    words hold a cue and the thing it acts on ("block distillation attacks"); negated cues
    ("does not limit") are skipped. A link the graph already has is proposed as corroborated."""
    out: dict[tuple, Proposal] = {}
    per: list[tuple[list[Token], list]] = []
    for s in sents:
        toks = tokens(text, s.start, s.end)
        per.append((toks, finder.matches(toks)))

    def add(c: str, e: str, polarity: str, cue_tok: Token, first: Sentence, last: Sentence,
            known_only: bool = False, basis: str = "cue", distance: int = 0) -> None:
        if c == e or e in finder.measures or (c, e, polarity) in out:
            return
        if known_only and (c, e, polarity) not in lex.link_by_ends:
            return
        if (e, c, polarity) in out:     # the same two ends both ways round: keep the first
            return
        existing = lex.link_by_ends.get((c, e, polarity))
        span = text[first.start:last.end]
        out[(c, e, polarity)] = Proposal("link", first.start, last.end, span, span, first.start, last.end, {
            "cause": c, "effect": e, "polarity": polarity, "cue": cue_tok.text,
            "cause_label": lex.nodes[c].label, "effect_label": lex.nodes[e].label,
            "link": existing.iri if existing else None, "support": existing.support if existing else 0,
            "corroborates": existing is not None, "basis": basis, "distance": distance})

    for k, s in enumerate(sents):
        toks, found = per[k]
        taken = {i for m in found for i in m.used}
        # a measure whose own words hold the cue and name what it acts on
        for m in found:
            if not m.measure:
                continue
            for i in range(m.first, m.last + 1):
                pol = cue(toks[i].text)
                if pol is None or _negated(toks, i):
                    continue
                inner = [n for n in found if not n.measure and n.iri != m.iri and i < n.first <= m.last + 3]
                if inner:
                    add(m.iri, min(inner, key=lambda n: n.first).iri, pol, toks[i], s, s, known_only=True)
                break
        for i, t in enumerate(toks):
            pol = cue(t.text)
            if pol is None or i in taken or _negated(toks, i):
                continue
            before = [m for m in found if m.last < i]
            after = [m for m in found if m.first > i]
            first_s = last_s = s
            if not before and after and k > 0 and sents[k - 1].end >= s.start - 2 and per[k - 1][1]:
                before, first_s = per[k - 1][1][-1:], sents[k - 1]
            if before and not after and k + 1 < len(sents) and per[k + 1][1] and sents[k + 1].start <= s.end + 2:
                after, last_s = per[k + 1][1][:1], sents[k + 1]
            distance = int(first_s is not s or last_s is not s)
            if not before or not after:
                continue
            cause = max(before, key=lambda m: m.last)
            effect = min(after, key=lambda m: m.first)
            if first_s is s and last_s is s and _passive(text, s, t):
                cause, effect = effect, cause
            # a new link needs its two ends and the cue in one sentence, both ends named closely
            add(cause.iri, effect.iri, pol, t, first_s, last_s,
                known_only=first_s is not s or last_s is not s or cause.score < 1 or effect.score < 1
                or effect.first - i > 6 or i - cause.last > 8, distance=distance)
    corroborate(lex, sents, per, add, window, min_support)
    return list(out.values())


def corroborate(lex: Lexicon, sents: list[Sentence], per: list[tuple[list[Token], list]], add, window: int,
                min_support: int) -> None:
    """Links the graph already has (stated by at least ``min_support`` documents) whose two ends
    the document names within ``window`` sentences (0: anywhere), at their closest pair of
    sentences. Within one sentence or two adjacent ones, a cue of the other polarity only
    between them vetoes the link; farther apart, naming both ends is all the evidence (the
    proposal says so: ``basis`` "co-mention", and ``distance`` in sentences)."""
    where: dict[str, list[int]] = {}
    for k, (_, ms) in enumerate(per):
        for m in ms:
            where.setdefault(m.iri, []).append(k)
    for l in lex.links:
        if l.polarity not in ("+", "-") or l.support < min_support or l.cause not in where or l.effect not in where:
            continue
        for dist, lo, hi, at_cause in _closest_pairs(where[l.cause], where[l.effect]):
            if window and dist >= window:
                break
            tok = per[at_cause][0][0]
            if dist <= 1:
                cues = [(t, cue(t.text)) for k in range(lo, hi + 1) for t in per[k][0] if cue(t.text)]
                if any(p != l.polarity for _, p in cues) and not any(p == l.polarity for _, p in cues):
                    continue
                tok = next((t for t, p in cues if p == l.polarity), tok)
            add(l.cause, l.effect, l.polarity, tok, sents[lo], sents[hi], basis="co-mention" if dist > 1 else "cue",
                distance=dist)
            break


def _closest_pairs(causes: list[int], effects: list[int]):
    """The (distance, first, last, cause's sentence) of the sentence pairs naming a link's two ends,
    closest first: every pair at most one sentence apart (a cue there may veto them), then the
    closest pair farther apart, the one ``corroborate`` takes; linear in the occurrences rather
    than their product."""
    eff = set(effects)
    near = sorted({(abs(d), min(a, a + d), max(a, a + d), a) for a in set(causes) for d in (-1, 0, 1) if a + d in eff})
    yield from near
    effects = sorted(eff)
    best = None
    for a in sorted(set(causes)):
        i = bisect_left(effects, a - 1)
        for b in effects[max(0, i - 1):i + 4]:
            if abs(a - b) > 1:
                pair = (abs(a - b), min(a, b), max(a, b), a)
                best = pair if best is None or pair < best else best
    if best is not None:
        yield best


__all__ = ["links"]
