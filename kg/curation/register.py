"""Registering a new document: its text in the corpus folder, its catalog entry, its (empty)
data file and its proposals, written so that a crash leaves either all or nothing.

Order of writes, all under the data folder's lock: a journal ``review/.pending-<id>.json``
naming every file about to be made; the text as a hidden part file in the corpus folder; the
data file and the proposals; then the catalog entry (the commit point: an atomic replace of
``documents.trig``); then the text renamed into place and the journal removed.
``reconcile`` (run before any review or ingest, and by ``kg ingest``/``kg review``) finishes
or undoes what a killed process left: committed ingests get their text renamed into place,
uncommitted ones have their files removed.
"""
from __future__ import annotations

import json
import os
import re
from pathlib import Path

from rdflib import Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, SKOS, XSD

from kg.core.corpus import sha256_text
from kg.core.namespaces import CATALOG_FILE, CATALOG_GRAPH, DOC_NS, PK, SCHEMA
from kg.curation.records import data_file, new_data_file, review_dir, trig_block
from kg.curation.ingest_errors import CatalogUnwritable, DuplicateDocument
from kg.curation.extract import normalise
from kg.core.storage import atomic_write, clean_temporaries, fsync_dir, note_change, remove

_NUMBERED = re.compile(r"^(\d{3,})_")
SHINGLE = 5
NEAR = 0.5


def catalog(data_dir: Path) -> dict[str, dict]:
    """The catalog's documents: id -> {iri, file, sha256}."""
    path = Path(data_dir) / CATALOG_FILE
    out: dict[str, dict] = {}
    if not path.is_file():
        return out
    ds = Dataset()
    ds.parse(path, format="trig")
    g = ds.graph(URIRef(CATALOG_GRAPH))
    for doc in g.subjects(RDF.type, PK.SourceDocument):
        ident = str(g.value(doc, DCTERMS.identifier) or str(doc).rsplit("/", 1)[-1])
        status = g.value(doc, PK.reviewStatus)
        out[ident] = {"iri": str(doc), "file": str(g.value(doc, PK.fileName) or f"{ident}.txt"),
                      "sha256": str(g.value(doc, PK.sha256) or ""), "title": str(g.value(doc, DCTERMS.title) or ""),
                      "status": str(status).rsplit("#", 1)[-1] if status is not None else None}
    return out


def shingles(text: str) -> set[tuple[str, ...]]:
    words = re.findall(r"\w+", text.casefold())
    return {tuple(words[i:i + SHINGLE]) for i in range(max(0, len(words) - SHINGLE + 1))}


def check_duplicates(text: str, corpus_dir: Path, data_dir: Path) -> list[dict]:
    """Refuse the same text (same SHA-256) twice; list near duplicates (most 5-word runs shared,
    or nearly the same characters) with their similarity."""
    sha = sha256_text(text)
    cat = catalog(data_dir)
    for ident, entry in cat.items():
        if entry["sha256"] == sha:
            raise DuplicateDocument(f"the same text is already document {ident} ({entry['file']})")
    near = []
    mine = shingles(text)
    for path in sorted(Path(corpus_dir).glob("*.txt")):
        other = path.read_text(encoding="utf-8", errors="replace")
        if sha == sha256_text(other) or sha == sha256_text(normalise(other)):
            raise DuplicateDocument(f"the same text is already in the corpus as {path.name}")
        theirs = shingles(other)
        jaccard = len(mine & theirs) / len(mine | theirs) if mine and theirs else 0.0
        ratio = 0.0
        if jaccard < NEAR and abs(len(text) - len(other)) < 0.2 * max(len(text), len(other)):
            from rapidfuzz import fuzz

            ratio = fuzz.ratio(text[:20000], other[:20000]) / 100
        if jaccard >= NEAR or ratio >= 0.9:
            ident = path.stem
            near.append({"id": ident, "iri": cat.get(ident, {}).get("iri", DOC_NS + ident),
                         "similarity": round(max(jaccard, ratio), 3)})
    return near


def next_number(corpus_dir: Path, data_dir: Path) -> int:
    numbers = [int(m.group(1)) for p in [*Path(corpus_dir).glob("*.txt"), *Path(data_dir).glob("*.trig"),
                                         *Path(corpus_dir).glob(".*.part")]
               if (m := _NUMBERED.match(p.name.lstrip(".")))]
    numbers += [int(m.group(1)) for i in catalog(data_dir) if (m := _NUMBERED.match(i))]
    return max(numbers, default=-1) + 1


def catalog_graph(ident: str, file_name: str, text: str, *, title: str, publisher: tuple[str, str | None] | None,
                  published: str | None, url: str | None) -> Graph:
    g = Graph()
    doc = URIRef(DOC_NS + ident)
    number = ident.split("_", 1)[0]
    g.add((doc, RDF.type, PK.SourceDocument))
    g.add((doc, DCTERMS.identifier, Literal(ident)))
    g.add((doc, PK.fileName, Literal(file_name)))
    g.add((doc, DCTERMS.title, Literal(title, lang="en")))
    g.add((doc, SKOS.prefLabel, Literal(f"Document {number}: {title}", lang="en")))
    g.add((doc, DCTERMS.language, Literal("en")))
    g.add((doc, PK.sha256, Literal(sha256_text(text))))
    g.add((doc, PK.charLength, Literal(len(text))))
    g.add((doc, PK.reviewStatus, PK.InReview))
    if published:
        g.add((doc, DCTERMS.date, Literal(published, datatype=XSD.date)))
    if url:
        g.add((doc, DCTERMS.source, URIRef(url)))
    if publisher:
        iri, new_label = publisher
        g.add((doc, SCHEMA.publisher, URIRef(iri)))
        if new_label:
            g.add((URIRef(iri), RDF.type, PK.Publisher))
            g.add((URIRef(iri), SKOS.prefLabel, Literal(new_label, lang="en")))
    return g


def commit(corpus_dir: Path, data_dir: Path, ident: str, text: str, review_json: str, catalog_block: str,
           doc_iri: str):
    """Write everything of one ingest (the caller holds the lock). Returns what undoes it (the
    catalog as it was, the new files removed), for when the store then refuses the entry."""
    corpus_dir, data_dir = Path(corpus_dir), Path(data_dir)
    rdir = review_dir(data_dir)
    rdir.mkdir(parents=True, exist_ok=True)
    final = corpus_dir / f"{ident}.txt"
    part = corpus_dir / f".{ident}.txt.part"
    journal = rdir / f".pending-{ident}.json"
    atomic_write(journal, json.dumps({"id": ident, "files": [str(part), str(data_file(data_dir, ident)),
                                                             str(rdir / f"{ident}.json")],
                                      "part": str(part), "final": str(final)}))
    atomic_write(part, text)
    atomic_write(data_file(data_dir, ident), new_data_file(doc_iri, final.name))
    atomic_write(rdir / f"{ident}.json", review_json)
    cat = data_dir / CATALOG_FILE
    before = cat.read_text(encoding="utf-8")
    atomic_write(cat, before + catalog_block)      # the commit point
    os.replace(part, final)
    fsync_dir(corpus_dir)
    remove(journal)

    def undo() -> None:
        atomic_write(cat, before)
        for path in (final, data_file(data_dir, ident), rdir / f"{ident}.json"):
            remove(path)
    return undo


def reconcile(corpus_dir: Path, data_dir: Path) -> list[str]:
    """Finish or undo ingests a killed process left half done; remove stray temporaries.
    Returns what was done, one line each."""
    done = []
    rdir = review_dir(data_dir)
    updates = Path(data_dir) / "updates"      # the /sparql journal's staged entries (kg.core.journal)
    for p in [*clean_temporaries(Path(data_dir)), *clean_temporaries(rdir if rdir.is_dir() else Path(data_dir)),
              *clean_temporaries(updates if updates.is_dir() else Path(data_dir)), *clean_temporaries(Path(corpus_dir))]:
        done.append(f"removed temporary {p.name}")
    if not rdir.is_dir():
        return done
    cat = catalog(Path(data_dir))
    for journal in sorted(rdir.glob(".pending-*.json")):
        info = json.loads(journal.read_text(encoding="utf-8"))
        if info["id"] in cat:
            if Path(info["part"]).is_file():
                os.replace(info["part"], info["final"])
                fsync_dir(Path(info["final"]).parent)
            done.append(f"finished ingest of {info['id']}")
        else:
            for f in info["files"]:
                remove(Path(f))
            done.append(f"undid unfinished ingest of {info['id']}")
        remove(journal)
        note_change(Path(data_dir))     # data files changed without the store: a running server loads them
    return done


def catalog_block(g: Graph) -> str:
    return trig_block(CATALOG_GRAPH, g)


STATUSES = ("InReview", "Reviewed")


def set_review_status(data_dir: Path, doc_iri: str, status: str) -> bool:
    """Replace the document's ``pk:reviewStatus`` in the catalog file (``InReview`` or
    ``Reviewed``), keeping every other byte; atomic. False when it already has that status.
    The caller holds the data folder's lock. The edit is checked by parsing the new file: it
    must differ from the old one by exactly that statement."""
    if status not in STATUSES:
        raise ValueError(f"review status is one of {', '.join(STATUSES)}, not {status!r}")
    path = Path(data_dir) / CATALOG_FILE
    old_text = path.read_text(encoding="utf-8")
    before = _catalog_graph(old_text)
    doc = URIRef(doc_iri)
    current = set(before.objects(doc, PK.reviewStatus))
    if current == {PK[status]}:
        return False
    ident = doc_iri.rsplit("/", 1)[-1]
    subject = re.compile(r"(?m)^[ \t]*(?:doc:" + re.escape(ident) + "|<" + re.escape(doc_iri) + r">)[ \t]+a[ \t]")
    found = subject.search(old_text)
    value = re.compile(r"pk:reviewStatus\s+(?:pk:\w+|<[^>]*>)")
    hit = value.search(old_text, found.end()) if found else None
    if hit is None:
        raise CatalogUnwritable(f"{path}: no pk:reviewStatus written for document {ident}")
    new_text = old_text[:hit.start()] + f"pk:reviewStatus pk:{status}" + old_text[hit.end():]
    expected = Graph()
    for t in before:
        expected.add(t)
    expected.remove((doc, PK.reviewStatus, None))
    expected.add((doc, PK.reviewStatus, PK[status]))
    from rdflib.compare import isomorphic

    if not isomorphic(_catalog_graph(new_text), expected):
        raise CatalogUnwritable(f"{path}: the review status of document {ident} could not be rewritten in "
                                "place (its catalog entry is written differently than expected)")
    atomic_write(path, new_text)
    return True


def _catalog_graph(text: str) -> Graph:
    ds = Dataset()
    ds.parse(data=text, format="trig")
    out = Graph()
    for t in ds.graph(URIRef(CATALOG_GRAPH)):
        out.add(t)
    return out
