"""``kg validate --fix``: anchors found again by their quote get their new offsets written.

For each document graph whose anchors carry quotes, every anchor is checked against the text
in the corpus: one in place keeps its offsets, one that moved (``reanchor.locate``) gets the new
start and end in its TextPositionSelector, and both get the text's hash as ``pk:sourceSha256``
(the offsets now hold for that text). When every anchor of the document was found so (at least
one, none without a quote, none lost or ambiguous), the catalog's ``pk:sha256`` and
``pk:charLength`` take the new text's too. Files are changed in place (``rewrite``: only those
values, checked by parsing) and replaced atomically; the caller holds the data folder's lock.
Anchors that cannot be found are left alone (``kg validate`` reports them).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from kg.core.corpus import Corpus, CorpusError, sha256_text
from kg.core.namespaces import OA, PK, curie
from kg.validate.reanchor import MOVED, locate, quote_of
from kg.validate.rewrite import Edits, RewriteError, parsed
from kg.validate.datafiles import CATALOG, CATALOG_FILE, DOC_NS


@dataclass
class Fixed:
    file: str
    node: str
    change: str

    def line(self) -> str:
        return f"fixed: {self.file}: {self.node}: {self.change}"

    def as_dict(self) -> dict:
        return {"file": self.file, "node": self.node, "change": self.change}


def fix_anchors(data_dir: Path, corpus_dir: Path) -> tuple[list[Fixed], list[str]]:
    """Rewrite what can be rewritten; returns what was changed and what could not be (messages)."""
    data_dir, corpus = Path(data_dir), Corpus(corpus_dir)
    catalog_path = data_dir / CATALOG_FILE
    catalog = parsed(catalog_path, CATALOG) if catalog_path.is_file() else Graph()
    fixed: list[Fixed] = []
    failed: list[str] = []
    renewed: dict[URIRef, str] = {}            # documents whose every anchor was found: doc -> text
    for path in sorted(data_dir.glob("*.trig")):
        if path.name == CATALOG_FILE:
            continue
        doc = URIRef(DOC_NS + path.stem)
        name = catalog.value(doc, PK.fileName)
        try:
            text = corpus.text(str(name) if name else f"{path.stem}.txt")
        except CorpusError:
            continue                           # reported by kg validate
        try:
            changes, complete = _fix_document(path, doc, text)
        except RewriteError as exc:
            failed.append(str(exc))
            continue
        fixed += changes
        if complete:
            renewed[doc] = text
    if renewed:
        try:
            fixed += _fix_catalog(catalog_path, catalog, renewed)
        except RewriteError as exc:
            failed.append(str(exc))
    return fixed, failed


def _fix_document(path: Path, doc: URIRef, text: str) -> tuple[list[Fixed], bool]:
    g = parsed(path, doc)
    sha = sha256_text(text)
    anchors = sorted(set(g.subjects(OA.hasSource, doc)), key=str)
    edits, expected, fixed = Edits(path), _copy(g), []
    found_all = bool(anchors)
    for anchor in anchors:
        quote, pos = quote_of(g, anchor), _position(g, anchor)
        if quote is None or pos is None:
            found_all = False
            continue
        sel, start, end = pos
        if not (0 <= start < end <= len(text) and text[start:end] == quote.exact):
            found = locate(text, quote, start)
            if found.outcome != MOVED:
                found_all = False
                continue
            start, end = found.start, found.start + len(quote.exact)
            span = edits.find(str(anchor))
            block = _selector_block(edits, span, anchor)
            edits.replace(block, r"oa:start\s+(\d+)", str(start), f"oa:start of {curie(str(anchor))}")
            edits.replace(block, r"oa:end\s+(\d+)", str(end), f"oa:end of {curie(str(anchor))}")
            expected.set((sel, OA.start, Literal(start)))
            expected.set((sel, OA.end, Literal(end)))
            fixed.append(Fixed(edits.path.name, curie(str(anchor)), f"offsets {pos[1]}-{pos[2]} -> {start}-{end}"))
        if str(g.value(anchor, PK.sourceSha256) or sha) != sha:
            edits.replace(edits.find(str(anchor)), r'pk:sourceSha256\s+"([0-9A-Za-z]*)"', sha,
                          f"pk:sourceSha256 of {curie(str(anchor))}")
            expected.set((anchor, PK.sourceSha256, Literal(sha)))
            fixed.append(Fixed(edits.path.name, curie(str(anchor)), f"pk:sourceSha256 -> {sha[:12]}..."))
    if edits.changes:
        edits.apply({doc: expected})
    return fixed, found_all


def _fix_catalog(path: Path, catalog: Graph, renewed: dict[URIRef, str]) -> list[Fixed]:
    edits, expected, fixed = Edits(path), _copy(catalog), []
    for doc, text in sorted(renewed.items()):
        sha, length = sha256_text(text), len(text)
        if (doc, RDF.type, PK.SourceDocument) not in catalog:
            continue
        span = edits.find(str(doc))
        if str(catalog.value(doc, PK.sha256) or sha) != sha:
            edits.replace(span, r'pk:sha256\s+"([0-9A-Za-z]*)"', sha, f"pk:sha256 of {curie(str(doc))}")
            expected.set((doc, PK.sha256, Literal(sha)))
            fixed.append(Fixed(edits.path.name, curie(str(doc)), f"pk:sha256 -> {sha[:12]}..."))
        old_length = catalog.value(doc, PK.charLength)
        if old_length is not None and str(old_length) != str(length):
            edits.replace(span, r"pk:charLength\s+(\d+)", str(length), f"pk:charLength of {curie(str(doc))}")
            expected.set((doc, PK.charLength, Literal(length)))
            fixed.append(Fixed(edits.path.name, curie(str(doc)), f"pk:charLength {old_length} -> {length}"))
    if edits.changes:
        edits.apply({CATALOG: expected})
    return fixed


def _position(g: Graph, anchor: URIRef):
    for sel in g.objects(anchor, OA.hasSelector):
        start, end = g.value(sel, OA.start), g.value(sel, OA.end)
        if isinstance(start, Literal) and isinstance(end, Literal):
            try:
                return sel, int(start), int(end)
            except ValueError:
                return None
    return None


def _selector_block(edits: Edits, span: tuple[int, int], anchor: URIRef) -> tuple[int, int]:
    for m in re.finditer(r"\[[^\[\]]*\]", edits.masked[span[0]:span[1]]):
        if "TextPositionSelector" in m.group():
            return span[0] + m.start(), span[0] + m.end()
    raise RewriteError(f"{edits.path.name}: {curie(str(anchor))} has no [ a oa:TextPositionSelector ... ] written in "
                       "its statement; change its offsets by hand")


def _copy(g: Graph) -> Graph:
    out = Graph()
    for t in g:
        out.add(t)
    return out
