"""Where a document's review stands: "in review" while a proposal waits for a decision,
"reviewed" once none is left ``proposed`` (each accepted or rejected) or once a reviewer marks
the review done (``kg review DOC --done``, the review page's button). A proposal added or put
back to ``proposed`` afterwards (``--add``, ``--edit``, ``--repropose``) opens the review again.

The status is the catalog's ``pk:reviewStatus`` (``pk:InReview`` / ``pk:Reviewed``): rewritten
in ``documents.trig`` in place and atomically (``kg.curation.register.set_review_status``), then
handed to the app's one writer as a SPARQL update (``kg/queries/review_status_set.rq``), so
pages show it at once. Callers hold the data folder's lock.
"""
from __future__ import annotations

from pathlib import Path
from typing import Callable

from rdflib import URIRef

from kg import queries
from kg.curation.register import catalog, set_review_status
from kg.core.namespaces import CATALOG_GRAPH, PK, rebase
from kg.store.terms import render

LABELS = {"InReview": "in review", "Reviewed": "reviewed"}


def pending(review: dict, accepted: set[str]) -> list[str]:
    """Ids of the proposals still waiting for a decision."""
    return [p.id for p in review["proposals"] if p.status == "proposed" and p.id not in accepted]


def wanted(review: dict, accepted: set[str]) -> str:
    return "Reviewed" if review.get("done") or not pending(review, accepted) else "InReview"


def recorded(data_dir: Path, ident: str) -> str | None:
    """The status the catalog file records for the document, as a label ("in review",
    "reviewed"), or None when it records none."""
    status = catalog(Path(data_dir)).get(ident, {}).get("status")
    return LABELS.get(status, status)


def update_text(doc_iri: str, status: str, base_iri: str) -> str:
    """The SPARQL update setting the status in a store whose IRIs are under ``base_iri``."""
    return render(queries.get("review_status_set"), {"doc": URIRef(rebase(doc_iri, base_iri)), "status": PK[status],
                                                     "catalog": URIRef(rebase(CATALOG_GRAPH, base_iri))})


def settle(data_dir: Path, review: dict, accepted: set[str], apply: Callable[[str], None] | None,
           base_iri: str) -> str:
    """Bring the catalog (file, then store) to the status the review calls for; returns its label.
    If the store refuses the change, the file gets its old status back (the two never disagree)."""
    status = wanted(review, accepted)
    before = catalog(Path(data_dir)).get(review["id"], {}).get("status") if apply is not None else None
    if set_review_status(Path(data_dir), review["document"], status) and apply is not None:
        try:
            apply(update_text(review["document"], status, base_iri))
        except Exception:
            if before in LABELS:
                set_review_status(Path(data_dir), review["document"], before)
            raise
    return LABELS[status]
