"""The rule proposer: the graph's own names, patterns for numbers and dates, cue words for
causal links and verbs of saying for claims. It keeps the ``Proposer`` interface of
``kg.curation.propose.proposals``, so a statistical model can take its place or add to it
(``propose(text, context, proposers=[...])``).
"""
from __future__ import annotations

from dataclasses import dataclass

from kg.curation.propose.fragments import prune
from kg.curation.propose.confidence import floor as calibrated_floor, held_back, rate
from kg.curation.propose.entity_model import EntityModels, judge, spare_named
from kg.curation.propose.events import events
from kg.curation.propose.lexicon import Lexicon
from kg.curation.propose.naming import taught, taught_kinds
from kg.curation.propose.packages import package_mentions
from kg.curation.propose.proposals import Context, Proposal, Proposer, number
from kg.curation.propose.quantities import more_figures, tie
from kg.curation.propose.relays import origins
from kg.curation.propose.rules_names import candidates, keyword_mentions, mentions, with_acronyms
from kg.curation.propose.rules_numbers import dates, figures
from kg.curation.propose.concepts import ConceptFinder
from kg.curation.propose.rules_statements import links
from kg.curation.propose.speakers import claims
from kg.curation.propose.text import sentences, tokens


@dataclass(frozen=True)
class Tuning:
    """The proposer's few numbers. The defaults are the values ``bench/ingest_eval.py --choose``
    picks on all the curated documents (its held-out figures choose them on all but the document
    scored).

    - ``threshold``: the share of a label's concept-word weight a sentence must hold to name it;
    - ``definition_threshold``: the same for a node's definition (above 1: definitions unused);
    - ``link_window``: a link the graph knows is corroborated when the document names its two
      ends within this many sentences (1: one sentence; 0: anywhere in the document);
    - ``link_min_support``: ... and the graph's link is stated by at least this many documents.
    """
    threshold: float = 0.5
    definition_threshold: float = 0.56
    link_window: int = 0
    link_min_support: int = 1


class RuleProposer:
    name = "rules"

    def __init__(self, tuning: Tuning | None = None, entity_models: EntityModels | bool = True) -> None:
        """``entity_models``: the learned entity models (``entity_model``): True for the committed
        ones, False for the rules alone, or given."""
        self.tuning = tuning or Tuning()
        self.entity_models = EntityModels.default() if entity_models is True else entity_models or None
        self._finders: dict[tuple[int, bool], ConceptFinder] = {}

    def finder(self, lex: Lexicon, causal_only: bool = True) -> ConceptFinder:
        """The concept matcher for ``lex`` (built once per lexicon): causal-layer nodes for links,
        every node for mentions."""
        key = (id(lex), causal_only)
        if key not in self._finders:
            self._finders = {k: v for k, v in self._finders.items() if k[0] == id(lex)}
            self._finders[key] = ConceptFinder(lex, causal_only=causal_only, threshold=self.tuning.threshold,
                                              definition_threshold=self.tuning.definition_threshold)
        return self._finders[key]

    def propose(self, text: str, context: Context) -> list[Proposal]:
        lex: Lexicon = context.lexicon
        sents = sentences(text)
        toks = tokens(text)
        doc_lex, acronyms = with_acronyms(text, toks, taught(lex, context.learned))
        found, covered = mentions(text, toks, sents, doc_lex)
        found += keyword_mentions(text, sents, lex, self.finder(lex, causal_only=False),
                                  {m.fields['entity'] for m in found})
        found += package_mentions(text, sents, lex, found, {m.fields['entity'] for m in found})
        out = list(found)
        out += judge(prune(candidates(text, toks, sents, covered, doc_lex, acronyms), text, toks, covered), text,
                     self.entity_models)
        taught_kinds(out, context.learned)
        stated = dates(text, sents, context.published)
        out += stated
        out += events(text, sents, context.published, stated, [p for p in out if p.kind in ("mention", "entity")], lex)
        figs = figures(text, sents, context.published)
        figs += more_figures(text, sents, [(p.start, p.end) for p in figs])
        tie(figs, text, found)
        out += figs
        out += links(text, sents, lex, self.finder(lex), window=self.tuning.link_window,
                     min_support=self.tuning.link_min_support)
        named = [p for p in out if p.kind in ("mention", "entity")]
        out += claims(text, sents, lex, named)
        out += origins(text, sents, doc_lex, named)
        return spare_named(out)


def propose(text: str, context: Context, proposers: list[Proposer] | None = None,
            rejected: set[tuple] | None = None, everything: bool = False,
            unlikely: list[Proposal] | None = None) -> list[Proposal]:
    """Every proposer's proposals for ``text``, numbered in text order, without those whose
    key (``Proposal.key``) a reviewer has rejected before, each with its ``confidence`` and
    ``folded`` (``kg.curation.propose.confidence``). Those of the sorts calibrated as under the
    confidence floor are held back (added to ``unlikely`` when given) unless ``everything``."""
    out: list[Proposal] = []
    for p in proposers or [RuleProposer()]:
        for prop in p.propose(text, context):
            prop.origin = p.name
            out.append(prop)
    if rejected:
        out = [p for p in out if p.key() not in rejected]
    kept, held = held_back(rate(out), frozenset() if everything else calibrated_floor()[1], not everything)
    if unlikely is not None:
        unlikely.extend(held)
    return number(kept)
