"""Policy packages named by their contents: a text seldom names a package ("the company's policy
recommendations"); it lists what the package holds under a verb of recommending ("X called for
stronger export controls, larger enforcement budgets and a ban on ..."). A sentence with such a
verb that names at least two measures of a package (through packages it holds, too) mentions
the package; of several packages, the one holding most of the measures named (all on a tie).
"""
from __future__ import annotations

import re
from bisect import bisect_left, bisect_right

from kg.curation.propose.lexicon import Lexicon
from kg.curation.propose.proposals import Proposal
from kg.curation.propose.text import Sentence

RECOMMEND = re.compile(r"\b(?:call(?:s|ed|ing)?\s+(?:for|on)|urg(?:e|es|ed|ing)|recommend(?:s|ed|ing)?|"
                       r"propos(?:e|es|ed|ing)|advocat(?:e|es|ed|ing)|(?:push|press)(?:es|ed|ing)?\s+for)\b", re.I)
MIN_NAMED = 2


def closure(members: dict[str, set[str]]) -> dict[str, set[str]]:
    """Each package's measures, those of the packages it holds included."""
    out: dict[str, set[str]] = {}

    def walk(p: str, seen: frozenset) -> set[str]:
        got = set()
        for m in members.get(p, ()):
            got.add(m)
            if m in members and m not in seen:
                got |= walk(m, seen | {m})
        return got
    for p in members:
        out[p] = walk(p, frozenset({p}))
    return out


def package_mentions(text: str, sents: list[Sentence], lex: Lexicon, found: list[Proposal],
                     known: set[str]) -> list[Proposal]:
    """Mentions of packages whose measures a sentence recommends (``found``: the mentions so far,
    with their occurrences; ``known``: nodes already proposed)."""
    holds = closure(getattr(lex, "members", {}) or {})
    if not holds:
        return []
    spans = sorted((a, b, m.fields["entity"]) for m in found for a, b in m.fields.get("occurrences", [[m.start, m.end]]))
    starts = [a for a, _, _ in spans]
    out: dict[str, Proposal] = {}
    for s in sents:
        verb = RECOMMEND.search(s.text)
        if not verb:
            continue
        lo, hi = bisect_left(starts, s.start + verb.end()), bisect_right(starts, s.end)
        named = {iri for a, b, iri in spans[lo:hi] if b <= s.end}
        counts = {p: len(named & ms) for p, ms in holds.items() if p not in named}
        best = max(counts.values(), default=0)
        if best < MIN_NAMED:
            continue
        for p in sorted(x for x, c in counts.items() if c == best):
            if p in known:
                continue
            if p in out:
                out[p].fields["occurrences"].append([s.start, s.end])
                continue
            node = lex.nodes[p]
            out[p] = Proposal("mention", s.start, s.end, s.text, s.text, s.start, s.end,
                              {"entity": p, "label": node.label, "matched": "measures recommended",
                               "types": list(node.types), "occurrences": [[s.start, s.end]], "fuzzy": True,
                               "measures": sorted(named & holds[p])})
    return list(out.values())
