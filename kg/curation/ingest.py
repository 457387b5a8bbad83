"""Ingest: a file (plain text, Markdown, HTML, PDF) becomes a source document in review.

``ingest(settings, name, data, meta, store=..., apply=...)`` extracts the text
(``extract``), refuses a text already in the corpus and flags near duplicates, runs the
proposer against the graph, and writes the text (corpus folder, with its SHA-256), the
catalog entry (status "in review"), an empty data file and the proposals (``register``).
``apply``, when given, receives the SPARQL update that adds the catalog entry to a live store
(the app's one writer); without it (``kg ingest``) the change counter of the data folder goes
up, so a running server loads the new files (``kg.curation.watch``), and any store picks them up
when next opened (its fingerprint changed). Nothing is written when any check fails.
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable

from kg.core.corpus import sha256_text
from kg.core.namespaces import CATALOG_GRAPH, DEFAULT_BASE, DOC_NS, rebase
from kg.core.settings import Settings
from kg.curation import learned
from kg.curation.ingest_errors import (BadMetadata, CatalogUnwritable, DuplicateDocument, ExtractError, IngestError,
                                       NotSetUp, StoreRefusedIngest, TooLarge, UnsupportedType)
from kg.curation.extract import Extracted, extract
from kg.store.graph_updates import insert_data
from kg.core.storage import locked, note_change
from kg.curation.register import catalog_block, catalog_graph, check_duplicates, commit, next_number, reconcile
from kg.validate.write_shapes import ShapeViolation, refuse_graph

__all__ = ["ingest", "IngestError", "ExtractError", "DuplicateDocument", "BadMetadata", "NotSetUp", "TooLarge",
           "CatalogUnwritable", "UnsupportedType", "IngestResult", "Meta", "reconcile_all"]


@dataclass
class Meta:
    title: str | None = None
    publisher: str | None = None
    published: str | None = None      # YYYY-MM-DD
    url: str | None = None


@dataclass
class IngestResult:
    iri: str
    id: str
    chars: int
    file: str
    kind: str
    proposals: dict = field(default_factory=dict)
    near_duplicates: list = field(default_factory=list)
    unlikely: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        return dict(self.__dict__)


def reconcile_all(settings: Settings) -> list[str]:
    with locked(Path(settings.data_dir)):
        return reconcile(Path(settings.corpus), Path(settings.data_dir))


def _published(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise BadMetadata(f"published: {value!r} is not a date (YYYY-MM-DD)") from exc


def checked_meta(meta: Meta) -> Meta:
    """The metadata checked before anything is read or written: ``url`` an absolute http(s)
    IRI, ``published`` a date (written YYYY-MM-DD), texts without control characters."""
    from kg.curation.values import InvalidValue, iri, text_value

    try:
        url = iri("url", meta.url) if meta.url else None
        title, publisher = (text_value(k, v) if v else None for k, v in (("title", meta.title),
                                                                        ("publisher", meta.publisher)))
    except InvalidValue as exc:
        raise BadMetadata(str(exc)) from None
    published = _published(meta.published)
    return Meta(title=title, publisher=publisher, published=published.isoformat() if published else None, url=url)


def ingest(settings: Settings, name: str, data: bytes, meta: Meta, *, store=None,
           apply: Callable[[str], None] | None = None) -> IngestResult:
    from kg.curation.records import never_keys
    from kg.curation.propose.lexicon import Lexicon
    from kg.curation.propose.proposals import Context, number
    from kg.curation.propose.proposer import propose
    from kg.curation.propose.confidence import floor, unlikely_note

    meta = checked_meta(meta)
    published = _published(meta.published)
    extracted: Extracted = extract(name, data, max_bytes=settings.max_upload_bytes,
                                   max_chars=settings.max_document_chars)
    text = extracted.text
    corpus, data_dir = Path(settings.corpus), Path(settings.data_dir)
    if not corpus.is_dir() or not data_dir.is_dir():
        raise NotSetUp(f"corpus folder {corpus} or data folder {data_dir} not found")
    lexicon = Lexicon.from_store(store) if store is not None else None
    proposals, held = [], []
    if lexicon is not None:
        # The proposer reads only the text, the graph's names and the date, and takes seconds on a
        # long text (18,301 proposals from 717 KB): it runs before the data folder's lock, so other
        # writers (an accept on another document) do not wait for it; the proposers do not read
        # the document's IRI, which is only known under the lock.
        proposals = propose(text, Context(lexicon, published, learned=learned.read(data_dir)),
                            rejected=never_keys(data_dir), everything=bool(settings.all_proposals), unlikely=held)
    with locked(data_dir):
        reconcile(corpus, data_dir)
        try:
            near = check_duplicates(text, corpus, data_dir)
        except DuplicateDocument as exc:
            raise DuplicateDocument(f"{name}: {exc}") from None
        ident = f"{next_number(corpus, data_dir):03d}_{sha256_text(text)[:16]}"
        iri = DOC_NS + ident
        never = never_keys(data_dir)                # "never propose" marks made while the proposer ran
        if never:
            proposals = number([p for p in proposals if p.key() not in never])
        title = (meta.title or extracted.title or _first_line(text) or name).strip()[:300]
        publisher = _publisher(meta.publisher, lexicon)
        g = catalog_graph(ident, f"{ident}.txt", text, title=title, publisher=publisher,
                          published=meta.published, url=meta.url)
        review = {"document": iri, "id": ident, "file": f"{ident}.txt", "sha256": sha256_text(text),
                  "source": name, "kind": extracted.kind, "published": meta.published, "near_duplicates": near,
                  "proposals": [p.to_json() for p in proposals], "accepted": {},
                  "unlikely": unlikely_note(held, floor()[0])}
        try:                        # the catalog entry keeps the shapes (a publisher that is no actor)
            refuse_graph(store, data_dir, g, CATALOG_GRAPH, settings.ontology_dir)
        except ShapeViolation as exc:
            raise BadMetadata(f"{name}: {exc}") from None
        block = rebase(catalog_block(g), settings.base_iri, back=True)
        undo = commit(corpus, data_dir, ident, text, json.dumps(review, ensure_ascii=False, indent=1) + "\n",
                      block, iri)
        if apply is not None:
            try:
                apply(insert_data(CATALOG_GRAPH, g, settings.base_iri))
            except Exception as exc:
                undo()
                raise StoreRefusedIngest(f"{name}: the store refused the catalog entry; nothing was kept: {exc}") \
                    from exc
        else:
            note_change(data_dir)         # a running server loads the new files (kg.curation.watch)
    return IngestResult(iri=rebase(iri, settings.base_iri), id=ident, chars=len(text),
                        file=f"{ident}.txt", kind=extracted.kind,
                        proposals=dict(Counter(p.kind for p in proposals)), near_duplicates=near,
                        unlikely=review["unlikely"])


def _first_line(text: str) -> str:
    line = text.strip().split("\n", 1)[0].strip()
    return line[:120] if line else ""


def _publisher(name: str | None, lexicon) -> tuple[str, str | None] | None:
    if not name:
        return None
    if lexicon is not None:
        from kg.curation.propose.lexicon import make_name

        probe = make_name("", name, "")
        if probe is not None:
            for n in lexicon.by_first.get(probe.norms[0], ()):
                if n.norms == probe.norms:
                    return n.iri, None
    from kg.curation.statements import slug

    return DEFAULT_BASE + "publisher-" + slug(name), name

