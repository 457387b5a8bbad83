"""Proposing again: the proposer runs over a document in review once more (the graph may know
more now), read against the publication date the document was ingested with (a relative date
such as "last August" needs it; without it "by 2030" would be read differently). A proposal
already listed at the same span is not added again, rejected ones included (a rejection holds
for its document and span); nor is any a reviewer said never to propose (``review/never.json``).
With ``everything`` the proposals held back under the confidence floor are proposed too, and the
record's count of them (``unlikely``) becomes 0.
"""
from __future__ import annotations

from datetime import date

from kg.core.storage import locked
from kg.curation import learned
from kg.curation.records import never_keys, read_review, write_review


def repropose(service, doc: str, lexicon, published: date | None = None, everything: bool = False) -> list[dict]:
    """The new proposals of ``doc`` (``service``: the ``ReviewService``), added to its review."""
    from kg.curation.propose.proposals import Context
    from kg.curation.propose.confidence import floor, unlikely_note
    from kg.curation.propose.proposer import propose

    ident = service.ident(doc)
    with locked(service.data_dir):
        review = read_review(service.data_dir, ident)
        text = service.text(review)
        if published is None and review.get("published"):
            published = date.fromisoformat(review["published"])
        have = {(p.key(), p.start, p.end) for p in review["proposals"]}
        context = Context(lexicon, published, review["document"], learned.read(service.data_dir))
        fresh = [p for p in propose(text, context, rejected=never_keys(service.data_dir), everything=everything)
                 if (p.key(), p.start, p.end) not in have]
        n = max((int(p.id[1:]) for p in review["proposals"] if p.id[1:].isdigit()), default=0)
        for i, p in enumerate(fresh, n + 1):
            p.id = f"p{i}"
        review["proposals"] += fresh
        if everything:
            review["unlikely"] = unlikely_note([], floor()[0])
        if fresh:
            review.pop("done", None)
        write_review(service.data_dir, ident, review)
        service._settle(review)
        return [p.to_json() for p in fresh]
