"""The rule proposer: the graph's own names, patterns for numbers and dates, cue words for
causal links and verbs of saying for claims. It keeps the ``Proposer`` interface of
``kg.review.proposals``, so a statistical model can take its place or add to it
(``propose(text, context, proposers=[...])``).
"""
from __future__ import annotations

from .lexicon import Lexicon
from .proposals import Context, Proposal, Proposer, number
from .rules_names import candidates, keyword_mentions, mentions
from .rules_numbers import dates, figures
from .rules_statements import FactorFinder, claims, links
from .text import sentences, tokens


class RuleProposer:
    name = "rules"

    def __init__(self) -> None:
        self._finders: dict[tuple[int, bool], FactorFinder] = {}

    def finder(self, lex: Lexicon, causal_only: bool = True) -> FactorFinder:
        """The concept matcher for ``lex`` (built once per lexicon): causal-layer nodes for links,
        every node for mentions."""
        key = (id(lex), causal_only)
        if key not in self._finders:
            self._finders = {k: v for k, v in self._finders.items() if k[0] == id(lex)}
            self._finders[key] = FactorFinder(lex, causal_only=causal_only)
        return self._finders[key]

    def propose(self, text: str, context: Context) -> list[Proposal]:
        lex: Lexicon = context.lexicon
        sents = sentences(text)
        toks = tokens(text)
        found, covered = mentions(text, toks, sents, lex)
        found += keyword_mentions(text, sents, lex, self.finder(lex, causal_only=False),
                                  {m.fields['entity'] for m in found})
        out = list(found)
        out += candidates(text, toks, sents, covered, lex)
        out += dates(text, sents, context.published)
        out += figures(text, sents, context.published)
        out += links(text, sents, lex, self.finder(lex))
        out += claims(text, sents, lex, found)
        return out


def propose(text: str, context: Context, proposers: list[Proposer] | None = None,
            rejected: set[tuple] | None = None) -> list[Proposal]:
    """Every proposer's proposals for ``text``, numbered in text order, without those whose
    key (``Proposal.key``) a reviewer has rejected before."""
    out: list[Proposal] = []
    for p in proposers or [RuleProposer()]:
        for prop in p.propose(text, context):
            prop.origin = p.name
            out.append(prop)
    if rejected:
        out = [p for p in out if p.key() not in rejected]
    return number(out)
