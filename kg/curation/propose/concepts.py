"""Finding known nodes in a sentence by the content words of their names, not only their exact
labels: documents seldom use the curators' wording ("advanced Nvidia chips" for "Nvidia's most
advanced chips", "the US and its allies" for "The United States' allies").

Every label and alias (and, with stricter rules, the definition) of a node becomes a bag of
*concept words*: content words, lemmatised by a small suffix stripper (``lemma``), with a few
general equivalences folded in:

- spelling forms of one thing: "U.S.", "United States", "America", "American" are ``us``;
  "Chinese" is ``china`` (demonyms of the states the graph knows are read from the graph's own
  aliases: a one-word alias that is a demonym form of a state's label, see ``kg.curation.propose.aliases.DEMONYMS``);
- verbs of acting against or for something are one class each (``~neg``: limit, curb, block,
  restrict, ban, stop, prevent, combat...; ``~pos``: increase, enable, boost, strengthen...), so
  the measure "Limit foreign access ..." is found in "restrict foreign access ...";
- negators (not, no, without, never) are one class (``~not``): a name that has one ("2028 without
  restrictions") needs one in the text, which tells it from its positive twin; "whether X" puts
  X and its negation in play (it counts as a negator), and a negator ending an elliptical clause
  ("one where they restrict access, and another where they do not") denies the words before it
  however far back they are (``kg.curation.propose.words.elliptical``).

A word of a label that is, by itself, the proper name of a node ("Nvidia" in "Nvidia's most
advanced chips") must be in the text: "advanced chips" is not that node. A node whose label is a
proper name (a company, a person) is not looked for by the words of its definition.

A name matches a sentence when the words present carry at least ``threshold`` of its weight
(inverse document frequency over all names, so rare words count most), at least two of its
words are present (a one-word name needs its exact label), and they lie close together. The
score is that share of the weight; exact labels score 2. Overlapping matches keep the better
one, except that a measure may contain the thing it acts on ("block distillation attacks" is
both the measure and the pathway), a factor of the causal layer and a thing do not hide each
other ("use of offshore data centres" names the data centres and the pathway of using them),
a name with a negator does not hide its positive twin
(a sentence contrasting "a future with restrictions" and "one without" names both), and a
longer name may hold a shorter one whole ("advanced Nvidia chips" names Nvidia too).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from math import log

from kg.curation.propose.aliases import COUNTRY_OF, DEMONYMS
from kg.curation.propose.lexicon import VARIANT, Lexicon
from kg.curation.propose.text import NAME_JOINERS, Token, tokens
from kg.curation.propose.words import NEGATIVE, NEGATORS, POSITIVE, Word, concept_words, cue, elliptical, lemma


@dataclass
class Bag:
    iri: str
    words: tuple[str, ...]       # distinct concept words, in label order
    exact: tuple[str, ...]       # the label's token norms (for the exact match)
    source: str                  # "label" or "definition"
    required: frozenset[str] = frozenset()   # proper names in it: the text must have them


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
    thing: bool = False          # not of the causal layer (an actor, a chip, a data centre)


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
        proper = proper_words(lex)
        for n in lex.names:
            node = lex.nodes.get(n.iri)
            if node is None or (causal_only and not node.causal) or n.prop == VARIANT:
                continue
            toks = tokens(n.label)
            words = self._bag(toks)
            if len(words) >= 2:
                required = frozenset(lemma(t.text) for t in toks if t.norm in proper) & set(words)
                self.bags.append(Bag(n.iri, words, n.norms, "label", required))
                df.update(set(words))
        defs = definitions if definitions is not None else getattr(lex, "definitions", {})
        for iri, text in sorted(defs.items()):
            node = lex.nodes.get(iri)
            if node is None or (causal_only and not node.causal):
                continue
            words = tuple(w for w in self._bag(tokens(text)) if not w.startswith("~"))
            if len(words) >= 3:
                df.update(set(words))
                # a proper name (a company, a person) is named by its name, not described
                if not is_proper(node.label):
                    self.bags.append(Bag(iri, words, (), "definition"))
        total = max(1, len(self.bags))
        self.idf = {w: log(1 + total / c) for w, c in df.items()}
        self.measures = {iri for iri, node in lex.nodes.items()
                         if any(t.rsplit("#", 1)[-1] in ("Measure", "PolicyPackage") for t in node.types)}
        # bag indexes by content word: a sentence is compared only with the bags it shares words with
        self.by_word: dict[str, list[int]] = {}
        for k, bag in enumerate(self.bags):
            for w in bag.words:
                if not w.startswith("~"):
                    self.by_word.setdefault(w, []).append(k)

    @staticmethod
    def _bag(toks: list[Token]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(w.key for w in concept_words(toks, label=True)))

    def matches(self, toks: list[Token]) -> list[Match]:
        """Every node found in ``toks``, overlapping matches resolved (see the module docstring)."""
        scored: list[Match] = []
        for i, j, name in self.lex.find(toks):
            node = self.lex.nodes.get(name.iri)
            if node is not None and (node.causal or not self.causal_only):
                scored.append(Match(name.iri, 2.0, i, j - 1, frozenset(range(i, j)), name.iri in self.measures,
                                    thing=not node.causal))
        words = concept_words(toks)
        where: dict[str, list[Word]] = {}
        for w in words:
            where.setdefault(w.key, []).append(w)
        shared: Counter = Counter()
        for w in where:
            shared.update(self.by_word.get(w, ()))
        for k in sorted(shared):
            bag = self.bags[k]
            if shared[k] < (3 if bag.source == "definition" else 2):
                continue       # too few of its content words here (``_match`` needs as many)
            m = self._match(bag, where, toks)
            if m is not None:
                scored.append(m)
        return _resolve(scored)

    def _match(self, bag: Bag, where: dict[str, list[Word]], toks: list[Token] = ()) -> Match | None:
        present = [w for w in bag.words if w in where]
        content = [w for w in present if not w.startswith("~")]
        if len(content) < (3 if bag.source == "definition" else 2):
            return None
        if "~not" in bag.words and "~not" not in present or not bag.required <= set(present):
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
        # a negator ending an elliptical clause denies what came before it, however far
        far_not = [w for w in where.get("~not", ()) if elliptical(toks, w.first)] if "~not" in bag.words else []
        for anchor in where[anchor_word]:
            chosen = [anchor]
            for w in present:
                if w == anchor_word or (w == "~not" and far_not):
                    continue
                chosen.append(min(where[w], key=lambda x: abs(x.first - anchor.first)))
            if far_not and not any(x.first > anchor.first for x in far_not):
                continue
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
        return Match(bag.iri, score, first, last, used, bag.iri in self.measures, anchor, "~not" in bag.words,
                     not self.lex.nodes[bag.iri].causal)

    def find(self, toks: list[Token], threshold: float | None = None) -> dict[str, tuple[int, int]]:
        """node IRI -> (first, last) character offsets of the words that named it."""
        return {m.iri: (toks[m.first].start, toks[m.last].end) for m in self.matches(toks)}


def is_proper(label: str) -> bool:
    """A label written as a proper name: every word of it capitalised (or a code such as H200)."""
    words = [t.text for t in tokens(label) if t.norm not in NAME_JOINERS and t.norm != "s"]
    return bool(words) and all(w[:1].isupper() or w[:1].isdigit() for w in words)


def proper_words(lex: Lexicon) -> set[str]:
    """Norms of the one-word proper names of nodes ("Nvidia", "Anthropic"); states and their
    demonyms left out, since a text often implies its country ("American labs" for "US labs")."""
    out = set()
    for n in lex.names:
        node = lex.nodes.get(n.iri)
        if node is None or len(n.norms) != 1 or not is_proper(n.label) or n.norms[0] in DEMONYMS \
                or n.norms[0] in COUNTRY_OF or any(t.endswith(("#State", "#Coalition")) for t in node.types):
            continue
        out.add(n.norms[0])
    return out


def _resolve(scored: list[Match]) -> list[Match]:
    """The best match of each node; a match whose words a better one took is dropped, except
    that measures and other nodes do not take words from each other."""
    found: dict[str, Match] = {}
    used: dict[tuple[bool, bool], set[int]] = {}
    for m in sorted(scored, key=lambda x: (-x.score, x.last - x.first, x.iri)):
        if m.iri in found:
            continue
        taken = used.setdefault((m.measure, m.negated, m.thing), set())
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


__all__ = ["ConceptFinder", "Match", "concept_words", "lemma", "cue", "NEGATIVE", "POSITIVE", "NEGATORS"]
