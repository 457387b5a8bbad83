"""Source documents: their metadata, the statements each supports, and their text cut into
segments so that every anchored span can be highlighted (when the corpus folder is present).
"""
from __future__ import annotations

from collections import defaultdict

from rdflib import URIRef

from kg import queries
from kg.core.corpus import Corpus, CorpusError
from kg.core.kinds import kind_of
from kg.core.namespaces import PK, curie
from kg.index.carry import kept_unless
from kg.pages.paging import LIMIT, check, page
from kg.pages.textparts import segments
from kg.index.cache import per_generation
from kg.index.warm import DATA
from kg.index.labels import index
from kg.pages.display import term
from kg.store import Store, valid_iri

_META = {  # property local name -> key in the document dict
    "identifier": "identifier", "fileName": "file", "title": "title", "publisher": "publisher",
    "date": "date", "issued": "date", "created": "date", "sha256": "sha256", "charLength": "length",
    "reviewStatus": "review_status",   # ingested documents: "in review" until a person is done
}


def doc_base(store: Store) -> str:
    return store.base_iri + "doc/"


def doc_id(store: Store, iri: str) -> str:
    base = doc_base(store)
    return iri[len(base):] if iri.startswith(base) else iri


def anchor_id(iri: str) -> str:
    """An HTML id for an evidence anchor IRI: ``ev:003-12`` -> ``ev-003-12``."""
    tail = iri.rstrip("/").rsplit("/", 1)[-1]
    return "ev-" + "".join(c if c.isalnum() or c in "-_" else "-" for c in tail)


def _ordered(store: Store) -> list[str]:
    """Every source document's IRI, in id order (once per generation)."""
    return per_generation(store, "documents:order", lambda: sorted(
        {d for d, in store.values(queries.get("pages_document_list"))}, key=lambda d: (doc_id(store, d), d)),
        kept_unless(lambda c: str(PK.SourceDocument) in c.types()), DATA)


def _forget_graphs(sizes: dict, changes: list) -> dict:
    """The graph sizes still right after ``changes``: those of graphs no change wrote to."""
    touched = {g for c in changes for _, _, _, g in c.quads}
    return {g: n for g, n in sizes.items() if g not in touched}


def _describe(store: Store, iris: list[str]) -> list[dict]:
    """Metadata and statement counts of some documents, in the order given."""
    if not iris:
        return []
    idx = index(store)
    nodes = [URIRef(d) for d in iris]
    sizes: dict[str, int] = per_generation(store, "documents:sizes", dict, _forget_graphs)  # counting a graph scans it
    missing = [n for n in nodes if str(n) not in sizes]
    if missing:
        found = {g: int(n) for g, n in store.values(queries.get("pages_graph_sizes"), nodes=missing)}
        sizes.update({str(m): found.get(str(m), 0) for m in missing})
    docs: dict[str, dict] = {d: {"iri": d, "id": doc_id(store, d), "label": idx.label(d), "short": idx.short(d),
                                 "meta": defaultdict(list)} for d in iris}
    for row in store.select(queries.get("pages_documents"), nodes=nodes):
        doc = docs[str(row["doc"])]
        prop = str(row["p"])
        name = prop.rsplit("/", 1)[-1].rsplit("#", 1)[-1]
        value = term(row["o"], idx)
        doc["meta"][curie(prop, store.base_iri)].append(value)
        if name in _META and _META[name] not in doc:
            doc[_META[name]] = value if "iri" in value else value["value"]
    out = []
    for d in iris:
        doc = docs[d]
        doc["statements"] = sizes.get(d, 0)
        doc["meta"] = [{"property": p, "values": v} for p, v in sorted(doc["meta"].items())]
        out.append(doc)
    return out


def document_meta(store: Store, iris: list[str]) -> list[dict]:
    """Metadata of those of ``iris`` that are source documents (others are left out)."""
    if not iris:
        return []
    known = {d for d, in store.values(queries.get("pages_documents_among"), nodes=[URIRef(i) for i in iris])}
    return _describe(store, [i for i in iris if i in known])


SORTS = ("id", "title", "publisher", "date", "statements")


def _sort_key(doc: dict, sort: str):
    value = doc.get(sort)
    if isinstance(value, dict):
        value = value.get("label") or value.get("value")
    if sort == "statements":
        return (0, value or 0)
    return (value is None or value == "", str(value or "").casefold())


def _sorted(store: Store, sort: str) -> list[str]:
    """Every document's IRI sorted by ``sort`` (missing values last, ties in id order), once per
    generation: sorting by metadata reads every document's catalog entry."""
    def build() -> list[str]:
        described = _describe(store, _ordered(store))
        return [d["iri"] for d in sorted(described, key=lambda d: _sort_key(d, sort))]
    return per_generation(store, f"documents:sorted:{sort}", build)


def documents(store: Store, *, offset: int = 0, limit: int = LIMIT, sort: str = "id", desc: bool = False) -> dict:
    """One page of the source documents, sorted by ``sort`` (one of ``SORTS``: id, title, publisher,
    date, statements), with the paging facts."""
    check(offset, limit)
    if sort not in SORTS:
        raise ValueError(f"unknown sort {sort!r} (known: {', '.join(SORTS)})")
    ordered = _ordered(store) if sort == "id" else _sorted(store, sort)
    if desc:
        ordered = ordered[::-1]
    return {"documents": _describe(store, ordered[offset:offset + limit]), "sort": sort,
            "dir": "desc" if desc else "asc", "sorts": SORTS, **page(len(ordered), offset, limit)}


def document(store: Store, corpus: Corpus | None, ident: str, *, offset: int = 0, limit: int = LIMIT,
             anchor_offset: int = 0) -> dict | None:
    """One document by its id (the part of its IRI after ``doc/``), or None when unknown. Its
    statements are grouped by subject and paged by subject (``offset``/``limit``, ``subjects``);
    the anchors table is paged too (``anchor_offset``, ``anchors_page``), while the text marks
    every anchor."""
    check(offset, limit)
    check(anchor_offset, limit)
    iri = doc_base(store) + ident
    if not valid_iri(iri) or not store.ask(queries.get("pages_document_exists"), doc=URIRef(iri)):
        return None
    meta = _describe(store, [iri])[0]
    idx = index(store)
    by_subject: dict[str, list[dict]] = defaultdict(list)
    for row in store.select(queries.get("pages_doc_statements"), doc=URIRef(iri)):
        by_subject[str(row["s"])].append((row["p"], row["o"]))
    subjects = sorted(by_subject, key=lambda x: (idx.label(x).casefold(), x))
    statements = [{"subject": term(URIRef(x), idx),
                   "statements": sorted(({"property": term(p, idx), "object": term(o, idx)} for p, o in by_subject[x]),
                                        key=lambda st: st["property"]["label"])}
                  for x in subjects[offset:offset + limit]]
    anchors: dict[str, dict] = {}
    for ev, start, end, node in store.values(queries.get("pages_doc_anchors"), doc=URIRef(iri)):
        a = anchors.setdefault(ev, {"iri": ev, "id": anchor_id(ev), "start": int(start), "end": int(end), "nodes": []})
        if node is not None:
            a["nodes"].append(node)
    ordered = sorted(anchors.values(), key=lambda a: (a["start"], a["end"]))
    text = _text(corpus, meta.get("file"))
    # the anchors table is paged; the text (when there is one) marks every anchor, titled by its nodes
    shown = ordered[anchor_offset:anchor_offset + limit]
    for a in (ordered if text is not None else shown):
        a["nodes"] = [term(URIRef(n), idx) for n in a["nodes"]]
    titles = ({a["id"]: "; ".join(n["label"] for n in a["nodes"]) or a["id"] for a in ordered}
              if text is not None else {})
    kinds = idx.types_of({n["iri"] for a in shown for n in a["nodes"] if "iri" in n})
    for a in shown:  # each node a span supports, in words: its label and kind ("Measure")
        a["supports"] = [{**n, "kind": kind_of(kinds.get(n.get("iri", ""), []), default="")} for n in a["nodes"]]
    for a in shown:  # what each shown anchor says, beside what its nodes state in this document
        a["text"] = text[a["start"]:a["end"]] if text is not None and 0 <= a["start"] < a["end"] <= len(text) else None
        a["statements"] = [{"subject": n, "property": term(p, idx), "object": term(o, idx)}
                           for n in a["nodes"] for p, o in sorted(by_subject.get(n.get("iri", ""), []), key=str)]
    result = {**meta, "statement_groups": statements, "subjects": page(len(subjects), offset, limit),
              "anchors": shown, "anchors_page": page(len(ordered), anchor_offset, limit), "anchor_titles": titles,
              "corpus_available": text is not None, "segments": None, "hash_matches": None}
    if text is not None:
        result["segments"] = segments(text, ordered)
        result["hash_matches"] = (corpus.sha256(meta["file"]) == meta.get("sha256")) if meta.get("sha256") else None
    return result


def _text(corpus: Corpus | None, file_name: str | None) -> str | None:
    if corpus is None or not corpus.available or not file_name:
        return None
    try:
        return corpus.text(file_name)
    except CorpusError:
        return None
