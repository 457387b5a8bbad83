"""Evidence anchors beside the statements that cite them, so support can be checked at a glance.

``document_anchors(store, corpus_dir, doc)`` lists every anchor of one document graph with
the text its offsets select, read from the corpus folder at call time (never stored), and,
for each node of that graph citing the anchor (``pk:evidence``), what the node states there.
``all_anchors`` does it for every document of the catalog. Both return JSON-ready dicts;
``AnchorsError`` names an unknown document.

Shape of ``document_anchors`` (fields may be added, never renamed)::

    {"document": {"iri", "id", "number", "file", "label"},
     "corpus_available": bool,       # False: the corpus folder is missing; every "text" is None
     "hash_matches": bool | None,    # the catalog's pk:sha256 against the file (None: unreadable)
     "anchors": [                    # ordered by start offset, then name
        {"iri", "name",              # name: prefixed (ev:003-5)
         "start", "end",             # code points, end exclusive (None if the selector is missing)
         "text": str | None,         # the corpus text at start:end; None if unreadable or out of range
         "problem": str | None,      # why "text" is None, or a hash mismatch
         "cited_by": [               # nodes of the document graph with pk:evidence to this anchor
            {"iri", "name", "label", "types": [prefixed class names],
             "statements": [{"property": prefixed name,
                             "value": prefixed name or literal text,
                             "is_iri": bool,
                             "label": English label of an IRI value, or None}]}]}],
     "counts": {"anchors", "citing_nodes", "unused"}}

``all_anchors`` returns ``{"documents": [the above, one per catalog document]}``.
"""
from __future__ import annotations

from pathlib import Path

from rdflib import Literal, URIRef

from kg import queries
from kg.core.corpus import Corpus, CorpusError, sha256_text
from kg.core.namespaces import RDF_TYPE, curie
from kg.store import Store

PREF_LABEL = "http://www.w3.org/2004/02/skos/core#prefLabel"


class AnchorsError(Exception):
    """An unknown document, with the identifiers that are known."""


def documents(store: Store) -> list[dict]:
    """The catalog's source documents: iri, id (file stem), number (000...), file, label, sha256."""
    found: dict[str, dict] = {}
    for row in store.select(queries.get("anchors_documents")):
        iri = str(row["doc"])
        d = found.setdefault(iri, {"iri": iri, "id": None, "number": None, "file": None, "label": None,
                                   "sha256": None})
        for key, var in (("id", "ident"), ("file", "file"), ("label", "label"), ("sha256", "sha")):
            if var in row and d[key] is None:
                d[key] = str(row[var])
        if d["id"] is None:
            d["id"] = iri.rstrip("/").rsplit("/", 1)[-1]
        d["number"] = d["id"].split("_", 1)[0]
        if d["file"] is None:
            d["file"] = d["id"] + ".txt"
    return [found[k] for k in sorted(found)]


def resolve_document(store: Store, doc: str) -> dict:
    """A document of the catalog by number (``001``), identifier (``001_ee16a0d438a18aaf``),
    file name, prefixed name (``doc:001_...``) or full IRI."""
    wanted = doc.strip()
    docs = documents(store)
    for d in docs:
        names = {d["iri"], d["id"], d["number"], d["file"], curie(d["iri"], store.base_iri)}
        if wanted in names or wanted.strip("<>") == d["iri"]:
            return d
    known = ", ".join(d["number"] for d in docs) or "none"
    shown = wanted if len(wanted) <= 80 else wanted[:77] + "..."
    raise AnchorsError(f"unknown document {shown!r}: give a document number ({known}), "
                       "its identifier or its IRI")


def _value(term, base: str) -> tuple[str, bool]:
    if isinstance(term, URIRef):
        return curie(str(term), base), True
    if isinstance(term, Literal):
        return str(term), False
    return str(term), False


def document_anchors(store: Store, corpus_dir: str | Path, doc: str | dict) -> dict:
    """Every anchor of one document graph with its span text and the nodes citing it (see the module)."""
    d = doc if isinstance(doc, dict) else resolve_document(store, doc)
    base = store.base_iri
    graph = URIRef(d["iri"])
    corpus = Corpus(corpus_dir)
    text: str | None = None
    problem: str | None = None
    if not corpus.available:
        problem = f"corpus folder not found: {corpus_dir}"
    else:
        try:
            text = corpus.text(d["file"])
        except CorpusError as exc:
            problem = str(exc)
    actual = sha256_text(text) if text is not None else None
    hash_matches = (actual == d["sha256"]) if actual is not None and d["sha256"] else None

    anchors: dict[str, dict] = {}
    for row in store.select(queries.get("anchors_of_document"), doc=graph):
        iri = str(row["anchor"])
        a = anchors.setdefault(iri, {"iri": iri, "name": curie(iri, base), "start": None, "end": None,
                                     "text": None, "problem": None, "sha": None, "cited_by": {}})
        if "start" in row and "end" in row:
            a["start"], a["end"] = int(row["start"].toPython()), int(row["end"].toPython())
        if "sha" in row:
            a["sha"] = str(row["sha"])
        if "subject" in row:
            a["cited_by"].setdefault(str(row["subject"]), None)

    nodes: dict[str, dict] = {}
    for row in store.select(queries.get("anchors_statements"), doc=graph):
        s = str(row["subject"])
        n = nodes.setdefault(s, {"iri": s, "name": curie(s, base), "label": None, "types": [], "statements": []})
        p, o = str(row["p"]), row["o"]
        if p == RDF_TYPE:
            t = curie(str(o), base)
            if t not in n["types"]:
                n["types"].append(t)
            continue
        if p == PREF_LABEL and n["label"] is None:
            n["label"] = str(o)
        value, is_iri = _value(o, base)
        st = {"property": curie(p, base), "value": value, "is_iri": is_iri,
              "label": str(row["oLabel"]) if is_iri and "oLabel" in row else None}
        if st not in n["statements"]:
            n["statements"].append(st)
    for n in nodes.values():
        n["types"].sort()
        n["statements"].sort(key=lambda st: (st["property"] != "skos:prefLabel", st["property"], st["value"]))

    out = []
    for a in anchors.values():
        if text is None:
            a["problem"] = problem
        elif a["start"] is None:
            a["problem"] = "no text position selector"
        elif not (0 <= a["start"] < a["end"] <= len(text)):
            a["problem"] = f"offsets {a['start']}-{a['end']} outside the document (length {len(text)})"
        else:
            a["text"] = text[a["start"]:a["end"]]
            if a["sha"] and actual and a["sha"] != actual:
                a["problem"] = "the document changed since the offsets were taken (pk:sourceSha256 differs)"
        del a["sha"]
        a["cited_by"] = sorted((nodes.get(s) or {"iri": s, "name": curie(s, base), "label": None, "types": [],
                                                 "statements": []} for s in a["cited_by"]), key=lambda n: n["iri"])
        out.append(a)
    out.sort(key=lambda a: (a["start"] if a["start"] is not None else -1, a["end"] or -1, a["name"]))
    return {"document": {k: d[k] for k in ("iri", "id", "number", "file", "label")},
            "corpus_available": corpus.available, "hash_matches": hash_matches, "anchors": out,
            "counts": {"anchors": len(out), "citing_nodes": len(nodes),
                       "unused": sum(1 for a in out if not a["cited_by"])}}


def all_anchors(store: Store, corpus_dir: str | Path) -> dict:
    """``document_anchors`` for every document of the catalog, in catalog order."""
    return {"documents": [document_anchors(store, corpus_dir, d) for d in documents(store)]}


__all__ = ["AnchorsError", "all_anchors", "document_anchors", "documents", "resolve_document"]
