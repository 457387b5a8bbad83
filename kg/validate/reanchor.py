"""Finding an evidence anchor again by its TextQuoteSelector when its offsets no longer hold.

An anchor written by ``kg review`` carries a TextPositionSelector (start, end) and a
TextQuoteSelector (the exact span, and up to 32 characters of prefix and suffix). When the
document's text changed (re-extracted, edited), the exact span may sit elsewhere: ``locate``
looks for every occurrence of ``exact``, scores each by how many characters of the prefix (read
backwards from the span) and of the suffix (read forwards) still agree, keeps the best scored,
and among those the one nearest to the old start. Two equally good and equally near candidates
make the anchor ambiguous; no occurrence at all makes it lost. Both are errors naming the
document, the statements citing the anchor and the quote.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph, Literal, URIRef

from kg.core.namespaces import OA, curie

MOVED, LOST, AMBIGUOUS = "moved", "lost", "ambiguous"


@dataclass(frozen=True)
class Quote:
    exact: str
    prefix: str = ""
    suffix: str = ""


@dataclass
class Found:
    start: int | None          # the new start (None: lost or ambiguous)
    outcome: str               # MOVED, LOST or AMBIGUOUS
    candidates: int = 0        # occurrences of the exact text


@dataclass
class Move:
    """An anchor whose offsets no longer point at its quote, and where (if anywhere) it went."""
    file: str                  # the data file, as shown in problems
    anchor: URIRef
    graph: URIRef
    document: URIRef
    old: tuple[int, int]
    new: tuple[int, int] | None
    outcome: str
    quote: Quote
    statements: list[str] = field(default_factory=list)   # the nodes citing the anchor (prefixed names)
    sha256: str = ""           # the document's text hash now

    def as_dict(self) -> dict:
        return {"file": self.file, "anchor": curie(str(self.anchor)), "document": curie(str(self.document)),
                "statements": self.statements, "old": list(self.old), "new": list(self.new) if self.new else None,
                "outcome": self.outcome, "exact": self.quote.exact}


def _agree_backwards(a: str, b: str) -> int:
    """How many characters at the end of ``a`` and ``b`` agree."""
    n = 0
    for x, y in zip(reversed(a), reversed(b)):
        if x != y:
            break
        n += 1
    return n


def _agree_forwards(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def occurrences(text: str, exact: str) -> list[int]:
    found, i = [], text.find(exact)
    while i >= 0 and exact:
        found.append(i)
        i = text.find(exact, i + 1)
    return found


def locate(text: str, quote: Quote, old_start: int) -> Found:
    """Where ``quote`` is in ``text`` now (see the module's docstring)."""
    starts = occurrences(text, quote.exact)
    if not starts:
        return Found(None, LOST, 0)
    n = len(quote.exact)

    def score(i: int) -> int:
        before = text[max(0, i - len(quote.prefix)):i]
        after = text[i + n:i + n + len(quote.suffix)]
        return _agree_backwards(quote.prefix, before) + _agree_forwards(quote.suffix, after)

    scored = [(score(i), i) for i in starts]
    best = max(s for s, _ in scored)
    pool = sorted((abs(i - old_start), i) for s, i in scored if s == best)
    if len(pool) > 1 and pool[0][0] == pool[1][0]:
        return Found(None, AMBIGUOUS, len(starts))
    return Found(pool[0][1], MOVED, len(starts))


def quote_of(g: Graph, anchor: URIRef) -> Quote | None:
    """The anchor's TextQuoteSelector, when it has one."""
    for sel in g.objects(anchor, OA.hasSelector):
        exact = g.value(sel, OA.exact)
        if isinstance(exact, Literal) and str(exact):
            return Quote(str(exact), str(g.value(sel, OA.prefix) or ""), str(g.value(sel, OA.suffix) or ""))
    return None


def short_quote(exact: str, limit: int = 80) -> str:
    one_line = " ".join(exact.split())
    return repr(one_line if len(one_line) <= limit else one_line[:limit - 3] + "...")
