"""Evidence against the corpus: every anchor's offsets fall inside its document, and the
hashes recorded in the data (catalog ``pk:sha256``, anchor ``pk:sourceSha256``) match the
files in the corpus folder. Offsets count Unicode code points, ``end`` exclusive.

An anchor that also has a TextQuoteSelector (every one ``kg review`` writes) is checked by its
quote: when the text at its offsets is no longer the quote, the quote is looked for again
(``reanchor``) and the anchor reported as moved (``kg validate --fix`` rewrites it), or as an
error when the quote is gone or cannot be told apart."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from kg.core.corpus import Corpus, CorpusError, sha256_text
from kg.core.namespaces import OA, PK, curie
from kg.validate.problems import Problem, show_path, show_term
from kg.validate.reanchor import AMBIGUOUS, LOST, Move, locate, quote_of, short_quote
from kg.validate.datafiles import CATALOG, DOC_NS, DataFile

EV_NS = DOC_NS[: -len("doc/")] + "evidence/"


@dataclass
class Catalog:
    file: str = ""                                               # the file holding the catalog graph
    documents: dict[URIRef, dict] = field(default_factory=dict)  # doc IRI -> fileName, sha256, charLength


@dataclass
class AnchorStats:
    documents: int = 0
    anchors: int = 0
    selectors: int = 0
    moves: list[Move] = field(default_factory=list)   # anchors whose quote is elsewhere now (or gone)


def read_catalog(files: list[DataFile]) -> Catalog:
    cat = Catalog()
    for f in files:
        g = f.graphs.get(CATALOG)
        if g is None:
            continue
        cat.file = f.name
        for doc in g.subjects(RDF.type, PK.SourceDocument):
            cat.documents[doc] = {"fileName": g.value(doc, PK.fileName), "sha256": g.value(doc, PK.sha256),
                                  "charLength": g.value(doc, PK.charLength)}
    return cat


def file_name_of(doc: URIRef, cat: Catalog) -> str:
    entry = cat.documents.get(doc)
    if entry and entry["fileName"] is not None:
        return str(entry["fileName"])
    local = str(doc)[len(DOC_NS):] if str(doc).startswith(DOC_NS) else str(doc).rsplit("/", 1)[-1]
    return local + ".txt"


def _int(term) -> int | None:
    if isinstance(term, Literal) and not term.ill_typed and isinstance(term.toPython(), int):
        return term.toPython()
    return None


def _cuts_word(text: str, i: int) -> bool:
    return 0 < i < len(text) and text[i - 1].isalnum() and text[i].isalnum()


def short(h: str) -> str:
    return h[:12] + "..." if len(h) > 12 else h


def anchor_problems(files: list[DataFile], corpus_dir: Path) -> tuple[list[Problem], AnchorStats]:
    corpus = Corpus(corpus_dir)
    cat = read_catalog(files)
    stats = AnchorStats()
    problems: list[Problem] = []
    if not corpus.available:
        return [Problem(show_path(corpus_dir), "", "corpus folder not found (set --corpus or KG_CORPUS)",
                        "corpus")], stats
    texts: dict[URIRef, str | None] = {}

    def text_of(doc: URIRef) -> str | None:
        if doc not in texts:
            try:
                texts[doc] = corpus.text(file_name_of(doc, cat))
            except CorpusError as exc:
                texts[doc] = None
                problems.append(Problem(cat.file or show_path(corpus_dir), curie(str(doc)),
                                        f"document file not readable in the corpus: {exc}", "corpus"))
        return texts[doc]

    # The catalog: each document's file exists, and its hash and length match.
    listed = set()
    for doc, entry in sorted(cat.documents.items()):
        name = file_name_of(doc, cat)
        listed.add(name)
        text = text_of(doc)
        if text is None:
            continue
        stats.documents += 1
        actual = sha256_text(text)
        if entry["sha256"] is not None and str(entry["sha256"]) != actual:
            problems.append(Problem(cat.file, curie(str(doc)),
                                    f"pk:sha256 {short(str(entry['sha256']))} does not match {name} in the corpus "
                                    f"(now {short(actual)}): the document changed; re-check its anchors", "hash"))
        length = _int(entry["charLength"])
        if length is not None and length != len(text):
            problems.append(Problem(cat.file, curie(str(doc)),
                                    f"pk:charLength {length} but {name} has {len(text)} characters", "hash"))
    for path in corpus.files():
        if path.name not in listed and cat.file:
            problems.append(Problem(cat.file, "", f"corpus file {path.name} has no pk:SourceDocument in the catalog",
                                    "corpus"))

    # The anchors of every document graph.
    for f in files:
        for gname, g in f.graphs.items():
            if gname == CATALOG:
                continue
            problems += _graph_anchor_problems(f, gname, g, cat, text_of, stats)
    return problems, stats


def _graph_anchor_problems(f: DataFile, gname: URIRef, g: Graph, cat: Catalog, text_of, stats: AnchorStats):
    problems = []
    described = set(g.subjects(OA.hasSource, None))
    for s, anchor in g.subject_objects(PK.evidence):
        if anchor not in described:
            problems.append(Problem(f.name, show_term(s, g),
                                    f"pk:evidence points at {show_term(anchor, g)}, which is not described "
                                    f"(no oa:hasSource) in graph {curie(str(gname))}", "evidence"))
    used = set(g.objects(None, PK.evidence))
    doc_number = str(gname)[len(DOC_NS):].split("_", 1)[0]
    for anchor in sorted(described, key=str):
        stats.anchors += 1
        node = show_term(anchor, g)
        if anchor not in used:
            problems.append(Problem(f.name, node, "anchor not used: no node of this graph has it as pk:evidence",
                                    "evidence"))
        if str(anchor).startswith(EV_NS) and not str(anchor)[len(EV_NS):].startswith(doc_number + "-"):
            problems.append(Problem(f.name, node, f"anchor named for another document: anchors of "
                                    f"{curie(str(gname))} are named ev:{doc_number}-<n>", "evidence"))
        for source in g.objects(anchor, OA.hasSource):
            if source != gname:
                problems.append(Problem(f.name, node, f"points into {curie(str(source))} but sits in the graph of "
                                        f"{curie(str(gname))}: evidence must come from the graph's own document",
                                        "evidence"))
            text = text_of(source) if isinstance(source, URIRef) else None
            if text is None:
                continue
            name = file_name_of(source, cat)
            actual = sha256_text(text)
            move = _moved(f, gname, g, anchor, source, text, actual)
            if move is not None:
                stats.moves.append(move)
                problems.append(_move_problem(move, name))
            for recorded in g.objects(anchor, PK.sourceSha256):
                if str(recorded) != actual:
                    problems.append(Problem(f.name, node, f"pk:sourceSha256 {short(str(recorded))} does not match "
                                            f"{name} in the corpus (now {short(actual)}): the document changed "
                                            "since the offsets were taken", "hash"))
            for sel in g.objects(anchor, OA.hasSelector):
                stats.selectors += 1
                start, end = _int(g.value(sel, OA.start)), _int(g.value(sel, OA.end))
                if start is None or end is None or move is not None:
                    continue  # missing or mistyped offsets: the shapes; a moved anchor: reported above
                if 0 <= start < end <= len(text) and (_cuts_word(text, start) or _cuts_word(text, end)):
                    problems.append(Problem(f.name, node, f"offsets {start}-{end} cut a word of {name} (the span "
                                            "starts or ends inside a word): the span looks shifted", "offset"))
                if 0 <= start < end and end > len(text):  # start < 0 and start >= end: the shapes
                    problems.append(Problem(f.name, node, f"offsets {start}-{end} fall outside {name} "
                                            f"(length {len(text)} characters; need 0 <= start < end <= length)",
                                            "offset"))
    return problems


def _moved(f: DataFile, gname: URIRef, g: Graph, anchor: URIRef, source: URIRef, text: str, sha: str) -> Move | None:
    """The anchor's move when its offsets no longer hold its quote (None when they do, or when
    it has no quote to look for)."""
    quote = quote_of(g, anchor)
    if quote is None:
        return None
    for sel in g.objects(anchor, OA.hasSelector):
        start, end = _int(g.value(sel, OA.start)), _int(g.value(sel, OA.end))
        if start is None or end is None:
            continue
        if 0 <= start < end <= len(text) and text[start:end] == quote.exact:
            return None
        found = locate(text, quote, start)
        new = (found.start, found.start + len(quote.exact)) if found.start is not None else None
        citing = sorted(show_term(s, g) for s in g.subjects(PK.evidence, anchor))
        return Move(f.name, anchor, gname, source, (start, end), new, found.outcome, quote, citing, sha)
    return None


def _move_problem(move: Move, name: str) -> Problem:
    node, doc = curie(str(move.anchor)), curie(str(move.document))
    quote, (old_start, old_end) = short_quote(move.quote.exact), move.old
    cited = f"cited by {', '.join(move.statements)}" if move.statements else "cited by no statement"
    if move.outcome == LOST:
        return Problem(move.file, node, f"quote not found in {name} (document {doc}, {cited}): {quote} was at "
                       f"{old_start}-{old_end}; the passage was deleted or reworded: anchor it again by hand", "offset")
    if move.outcome == AMBIGUOUS:
        return Problem(move.file, node, f"quote found several times in {name} (document {doc}, {cited}), none "
                       f"nearer to {old_start}-{old_end} nor better placed: {quote}; anchor it again by hand", "offset")
    new_start, new_end = move.new
    return Problem(move.file, node, f"anchor moved: its quote {quote} is now at {new_start}-{new_end} of {name} "
                   f"(was {old_start}-{old_end}; document {doc}, {cited}); kg validate --fix rewrites the offsets",
                   "moved")
