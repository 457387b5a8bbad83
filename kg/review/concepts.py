"""Finding known nodes in a sentence by the content words of their names, not only their exact
labels: documents seldom use the curators' wording ("advanced Nvidia chips" for "Nvidia's most
advanced chips", "the US and its allies" for "The United States' allies").

Every label and alias (and, with stricter rules, the definition) of a node becomes a bag of
*concept words*: content words, lemmatised by a small suffix stripper (``lemma``), with a few
general equivalences folded in:

- spelling forms of one thing: "U.S.", "United States", "America", "American" are ``us``;
  "Chinese" is ``china`` (demonyms of the states the graph knows are read from the graph's own
  aliases: a one-word alias that is a demonym form of a state's label, see ``_DEMONYM``);
- verbs of acting against or for something are one class each (``~neg``: limit, curb, block,
  restrict, ban, stop, prevent, combat...; ``~pos``: increase, enable, boost, strengthen...), so
  the measure "Limit foreign access ..." is found in "restrict foreign access ...";
- negators (not, no, without, never) are one class (``~not``): a name that has one ("2028 without
  restrictions") needs one in the text, which tells it from its positive twin.

A name matches a sentence when the words present carry at least ``threshold`` of its weight
(inverse document frequency over all names, so rare words count most), at least two of its
words are present (a one-word name needs its exact label), and they lie close together. The
score is that share of the weight; exact labels score 2. Overlapping matches keep the better
one, except that a measure may contain the thing it acts on ("block distillation attacks" is
both the measure and the pathway), and a name with a negator does not hide its positive twin
(a sentence contrasting "a future with restrictions" and "one without" names both), and a
longer name may hold a shorter one whole ("advanced Nvidia chips" names Nvidia too).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from math import log

from .aliases import COUNTRY_OF
from .lexicon import VARIANT, Lexicon
from .text import Token, norm_word, tokens

NEGATIVE = ("limit", "curb", "block", "reduc", "restrict", "prevent", "stop", "constrain", "hinder", "slow", "cut",
            "deny", "weaken", "undermin", "erod", "hamper", "shrink", "lower", "decreas", "tackl", "combat",
            "counter", "ban", "thwart", "choke", "narrow", "deter", "clos", "cap", "squeez", "starv", "crack",
            "prohibit", "outlaw", "forbid", "tighten", "tighter", "stricter", "loosen")
POSITIVE = ("increas", "enabl", "boost", "help", "strengthen", "expand", "fuel", "driv", "rais", "accelerat", "allow",
            "provid", "grow", "lift", "improv", "feed", "spur", "widen", "extend", "preserv", "secur", "bolster",
            "sustain", "enhanc", "advanc", "power", "give", "gave", "let", "amplif", "intensif", "speed", "support",
            "facilitat", "promot")
# words a cue stem would catch that are not cues
_NOT_CUE = ("limitless", "closer", "closely", "counterpart", "secured", "power", "advanced", "advance", "capab",
            "capital", "capacity", "cutting", "lettering", "letter", "lowercase", "banner", "bank", "provider",
            "provided", "provision", "driver", "supportive", "helpful", "growth", "given", "raised", "stopgap",
            "ban", "capabilit", "deterr", "narrative", "extended", "closing", "slowly", "cutoff")
# nouns made from cue verbs ("restrictions", "controls") are names' words, not cues, in a label
NEGATORS = {"not", "no", "without", "never", "nor", "none", "non", "neither", "t"}
_STOP = {"the", "a", "an", "of", "to", "in", "on", "for", "and", "or", "by", "with", "its", "their", "can", "could",
         "from", "at", "as", "that", "this", "be", "is", "are", "was", "were", "more", "less", "new", "how", "much",
         "who", "whoever", "what", "which", "it", "they", "them", "than", "into", "onto", "so", "such", "other",
         "act", "make", "made", "through", "most", "some", "any", "all", "own", "one", "two", "first", "second",
         "third", "far", "well", "after", "before", "over", "under", "up", "down", "out", "about", "actually",
         "including", "taken", "together", "treated", "party", "whose", "there", "these", "those", "do", "does",
         "did", "has", "have", "had", "will", "would", "should", "may", "might", "must", "s", "also", "against",
         "way", "while", "where", "when", "still", "even", "just", "only", "very", "same", "between", "among"}
_IRREGULAR = {"strength": "strong", "strengthen": "strong", "stronger": "strong", "tighter": "tight",
              "tighten": "tight", "broader": "broad", "broaden": "broad", "wider": "wide", "widen": "wide",
              "larger": "large", "higher": "high", "better": "good", "best": "good", "greater": "great",
              "data": "data", "media": "media", "chinese": "china", "american": "us", "america": "us",
              "gpu": "chip", "accelerator": "chip", "chipmaking": "chip", "semiconductor": "chip",
              "illegal": "illicit", "illegally": "illicit", "unauthorized": "illicit", "unauthorised": "illicit"}
_SUFFIXES = ("ations", "ation", "ments", "ment", "ings", "ing", "ions", "ion", "ers", "er", "ed", "est", "ly", "es",
             "s")


def lemma(word: str) -> str:
    """A word's comparison form: folded, British spellings and plurals mapped (``norm_word``),
    a few irregular forms and demonyms mapped, then one derivational suffix stripped when at
    least four letters remain ("restricted", "restrictions" -> "restrict")."""
    w = norm_word(word.replace(".", "") if "." in word else word)
    if w in COUNTRY_OF:
        return COUNTRY_OF[w]
    if w in _IRREGULAR:
        return _IRREGULAR[w]
    if not w.isalpha():
        return w
    for suffix in _SUFFIXES:
        if w.endswith(suffix) and len(w) - len(suffix) >= 4:
            w = w[: -len(suffix)]
            break
    return _IRREGULAR.get(w, w)


def cue(word: str) -> str | None:
    """``-`` or ``+`` for a verb (or adjective) of acting against or for something, else None."""
    w = word.lower()
    if w.startswith(_NOT_CUE) and w not in ("ban", "bans", "banned", "banning"):
        return None
    for s in NEGATIVE:
        if w.startswith(s):
            return "-"
    for s in POSITIVE:
        if w.startswith(s):
            return "+"
    return None


@dataclass(frozen=True)
class Word:
    """One concept word of a sentence: its class or lemma, and the token it came from."""
    key: str
    first: int      # index of the first token it covers
    last: int       # index of the last token it covers


def concept_words(toks: list[Token], label: bool = False) -> list[Word]:
    """The sentence's concept words: abbreviations such as "U.S." and the pair "United States"
    joined into ``us``, negators as ``~not``, cue verbs as ``~neg``/``~pos`` (in a text their
    lemma is kept too; in a ``label`` only the class, so "limit" there matches "restrict"
    here), stop words dropped."""
    out: list[Word] = []
    i = 0
    while i < len(toks):
        t = toks[i]
        # U.S. / U.K. / E.U.: single capitals joined by dots
        if len(t.text) == 1 and t.text.isupper() and i + 1 < len(toks) and len(toks[i + 1].text) == 1 \
                and toks[i + 1].text.isupper() and toks[i + 1].start == t.end + 1:
            out.append(Word(_IRREGULAR.get(t.text.lower() + toks[i + 1].text.lower(),
                                           t.text.lower() + toks[i + 1].text.lower()), i, i + 1))
            i += 2
            continue
        if t.norm == "united" and i + 1 < len(toks) and toks[i + 1].norm in ("state", "states"):
            out.append(Word("us", i, i + 1))
            i += 2
            continue
        n = t.norm
        if n in NEGATORS:
            if n != "t" or (t.start >= 1 and i > 0 and toks[i - 1].end == t.start - 1):
                out.append(Word("~not", i, i))
            i += 1
            continue
        if n in _STOP:
            i += 1
            continue
        c = cue(t.text)
        if c:
            out.append(Word("~neg" if c == "-" else "~pos", i, i))
        if not (c and label):
            out.append(Word(lemma(t.text), i, i))
        i += 1
    return out


@dataclass
class Bag:
    iri: str
    words: tuple[str, ...]       # distinct concept words, in label order
    exact: tuple[str, ...]       # the label's token norms (for the exact match)
    source: str                  # "label" or "definition"


@dataclass
class Match:
    iri: str
    score: float
    first: int                   # token indexes
    last: int
    used: frozenset[int]
    measure: bool
    anchor: int = -1             # the token of its rarest word (what names it most)
    negated: bool = False        # its name has a negator ("2028 without restrictions")


class ConceptFinder:
    """Finds nodes in a list of tokens by their exact names (score 2) or by the concept words of
    their labels, aliases and definitions (``causal_only``: nodes of the causal layer only)."""

    def __init__(self, lex: Lexicon, causal_only: bool = True, definitions: dict[str, str] | None = None,
                 threshold: float = 0.55, definition_threshold: float = 0.72) -> None:
        self.lex = lex
        self.causal_only = causal_only
        self.threshold = threshold
        self.definition_threshold = definition_threshold
        self.bags: list[Bag] = []
        df: Counter = Counter()
        for n in lex.names:
            node = lex.nodes.get(n.iri)
            if node is None or (causal_only and not node.causal) or n.prop == VARIANT:
                continue
            words = self._bag(tokens(n.label))
            if len(words) >= 2:
                self.bags.append(Bag(n.iri, words, n.norms, "label"))
                df.update(set(words))
        defs = definitions if definitions is not None else getattr(lex, "definitions", {})
        for iri, text in sorted(defs.items()):
            node = lex.nodes.get(iri)
            if node is None or (causal_only and not node.causal):
                continue
            words = tuple(w for w in self._bag(tokens(text)) if not w.startswith("~"))
            if len(words) >= 3:
                self.bags.append(Bag(iri, words, (), "definition"))
                df.update(set(words))
        total = max(1, len(self.bags))
        self.idf = {w: log(1 + total / c) for w, c in df.items()}
        self.measures = {iri for iri, node in lex.nodes.items()
                         if any(t.rsplit("#", 1)[-1] in ("Measure", "PolicyPackage") for t in node.types)}

    @staticmethod
    def _bag(toks: list[Token]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(w.key for w in concept_words(toks, label=True)))

    def matches(self, toks: list[Token]) -> list[Match]:
        """Every node found in ``toks``, overlapping matches resolved (see the module docstring)."""
        scored: list[Match] = []
        for i, j, name in self.lex.find(toks):
            node = self.lex.nodes.get(name.iri)
            if node is not None and (node.causal or not self.causal_only):
                scored.append(Match(name.iri, 2.0, i, j - 1, frozenset(range(i, j)), name.iri in self.measures))
        words = concept_words(toks)
        where: dict[str, list[Word]] = {}
        for w in words:
            where.setdefault(w.key, []).append(w)
        for bag in self.bags:
            m = self._match(bag, where)
            if m is not None:
                scored.append(m)
        return _resolve(scored)

    def _match(self, bag: Bag, where: dict[str, list[Word]]) -> Match | None:
        present = [w for w in bag.words if w in where]
        content = [w for w in present if not w.startswith("~")]
        if len(content) < (3 if bag.source == "definition" else 2):
            return None
        if "~not" in bag.words and "~not" not in present:
            return None
        weight = sum(self.idf[w] for w in bag.words)
        got = sum(self.idf[w] for w in present)
        threshold = self.definition_threshold if bag.source == "definition" else self.threshold
        if got < threshold * weight:
            return None
        # the occurrences closest to the rarest word present
        anchor_word = max(content, key=lambda w: self.idf[w])
        best = None
        limit = 2 * len(bag.words) + (6 if bag.source == "definition" else 4)
        for anchor in where[anchor_word]:
            chosen = [anchor]
            for w in present:
                if w == anchor_word:
                    continue
                chosen.append(min(where[w], key=lambda x: abs(x.first - anchor.first)))
            first = min(c.first for c in chosen)
            last = max(c.last for c in chosen)
            if last - first > limit:
                continue
            if best is None or last - first < best[1] - best[0]:
                best = (first, last, chosen)
        if best is None:
            return None
        first, last, chosen = best
        used = frozenset(i for c in chosen if not c.key.startswith("~") for i in range(c.first, c.last + 1))
        score = got / weight * (0.9 if bag.source == "definition" else 1.0)
        anchor = next(c.first for c in chosen if c.key == anchor_word)
        score += 0.001 * len(present)      # of two equal shares, the name with more words found
        return Match(bag.iri, score, first, last, used, bag.iri in self.measures, anchor, "~not" in bag.words)

    def find(self, toks: list[Token], threshold: float | None = None) -> dict[str, tuple[int, int]]:
        """node IRI -> (first, last) character offsets of the words that named it."""
        return {m.iri: (toks[m.first].start, toks[m.last].end) for m in self.matches(toks)}


def _resolve(scored: list[Match]) -> list[Match]:
    """The best match of each node; a match whose words a better one took is dropped, except
    that measures and other nodes do not take words from each other."""
    found: dict[str, Match] = {}
    used: dict[tuple[bool, bool], set[int]] = {}
    for m in sorted(scored, key=lambda x: (-x.score, x.last - x.first, x.iri)):
        if m.iri in found:
            continue
        taken = used.setdefault((m.measure, m.negated), set())
        clash = m.used & taken
        # a longer name holding a shorter one's words whole ("advanced Nvidia chips" holds
        # "Nvidia") names both
        nested = clash and all(o.used < m.used for o in found.values() if o.used & clash)
        # a better match took some words: this one still stands on its own rarest word and
        # most of its words ("AI safety" beside "Chinese AI labs" sharing "AI")
        if clash and not nested and (m.score >= 2 or m.anchor in clash or len(clash) * 2 > len(m.used)):
            continue
        taken |= m.used
        found[m.iri] = m
    return sorted(found.values(), key=lambda m: (m.first, m.last, m.iri))


_PASSIVE = re.compile(r"\b(?:is|are|was|were|be|been|being)\s+(?:\w+\s+)?$")


__all__ = ["ConceptFinder", "Match", "concept_words", "lemma", "cue", "NEGATIVE", "POSITIVE", "NEGATORS"]
