"""The sources slide: each cited document's title, publisher and date, and a short quotation
of every cited span, read from the corpus folder when the deck is built (never stored).

Numbers are the diagram's (``kg.render.style.number_sources``), so "[17]" on a line and on
the sources slide name the same passage.
"""
from __future__ import annotations

from rdflib import URIRef

from kg import queries
from kg.export import subgraph
from kg.core.corpus import Corpus, CorpusError
from kg.core.figure import Source
from kg.render import style
from kg.briefing.model import Line
from kg.briefing.question import short

DC = "http://purl.org/dc/terms/"
SCHEMA = "https://schema.org/"
TITLE = {DC + "title"}
PUBLISHER = {DC + "publisher", SCHEMA + "publisher"}
DATE = {DC + "date", DC + "issued", DC + "created", SCHEMA + "datePublished"}
FILE = {"https://w3id.org/policy-kg/ns#fileName"}


def documents(store, iris: list[str]) -> dict[str, dict]:
    """``{document IRI: {"title", "publisher", "date", "file"}}`` from the catalog (two queries)."""
    out = {i: {"title": None, "publisher": None, "date": None, "file": None} for i in iris}
    if not iris:
        return out
    publishers: dict[str, str] = {}
    for row in store.select(queries.get("pages_documents"), nodes=[URIRef(i) for i in iris]):
        d, p, o = str(row["doc"]), str(row["p"]), row["o"]
        if d not in out:
            continue
        for key, props in (("title", TITLE), ("date", DATE), ("file", FILE)):
            if p in props and out[d][key] is None:
                out[d][key] = str(o)
        if p in PUBLISHER:
            publishers[d] = str(o)
    if publishers:
        info = subgraph.node_info(store, [URIRef(x) for x in set(publishers.values()) if x.startswith("http")])
        for d, who in publishers.items():
            out[d]["publisher"] = info.get(URIRef(who), (who,))[0] if who.startswith("http") else who
    return out


def quotation(corpus: Corpus, file: str | None, src: Source, words: int = 24) -> str:
    """The cited span, cut to ``words`` words, in quotation marks; or why it cannot be read."""
    if src.start is None or src.end is None:
        return "(the whole document: no passage is anchored)"
    if not file:
        return "(passage not available: the catalog names no file for this document)"
    try:
        text = corpus.passage(file, src.start, src.end, context=0).text
    except CorpusError as exc:
        return f"(passage not available: {exc})"
    return f"\u201c{short(text, words)}\u201d"


def quotations(store, corpus_dir, notes: dict[Source, int]) -> tuple[dict[str, dict], dict[int, str]]:
    """The cited documents' catalog entries and ``{number: quotation}`` for every numbered source."""
    groups = style.notes_by_document(notes)
    meta = documents(store, [doc for doc, _, _ in groups])
    corpus = Corpus(corpus_dir) if corpus_dir else None
    quotes: dict[int, str] = {}
    for doc, _, items in groups:
        for num, src in items:
            quotes[num] = quotation(corpus, meta[doc].get("file"), src) if corpus and corpus.available else \
                "(passage not available: the corpus folder is missing; set KG_CORPUS)"
    return meta, quotes


def source_lines(notes: dict[Source, int], meta: dict[str, dict], quotes: dict[int, str]) -> list[Line]:
    """Paragraphs of the sources slide: per document a bold heading, then its numbered quotations."""
    lines: list[Line] = []
    for doc, label, items in style.notes_by_document(notes):
        m = meta.get(doc, {})
        head = f"{m.get('title') or label} \u2014 {m.get('publisher') or 'publisher not stated'}, " \
               f"{m.get('date') or 'date not stated'}"
        lines.append(Line(head, 0, True))
        for num, src in items:
            lines.append(Line(f"[{num}] {quotes.get(num, '')} ({style.passage_text(src)})", 1))
    return lines
