"""Reading the curated TriG files, one ``rdflib.Dataset`` each, so every statement keeps its file.

Also the structural rules of data/README.md: ``documents.trig`` holds the catalog graph,
every other file holds exactly one named graph, the document's, named after the file.
"""
from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Dataset, Graph, URIRef
from rdflib.plugins.parsers.notation3 import BadSyntax

from rdflib.namespace import RDF

from kg.core.namespaces import CATALOG_FILE, CATALOG_GRAPH, DOC_NS, PK, curie
from kg.validate.problems import Problem, show_path

CATALOG = URIRef(CATALOG_GRAPH)     # the catalog graph as the parsed files name it
DEFAULT_GRAPH = URIRef("urn:x-rdflib:default")


@dataclass
class DataFile:
    path: Path
    graphs: dict[URIRef, Graph] = field(default_factory=dict)  # named graphs with statements
    default_triples: int = 0                                    # triples outside any named graph

    @property
    def name(self) -> str:
        return show_path(self.path)

    def triples(self):
        for g in self.graphs.values():
            yield from g


def parse_error(path: Path, exc: Exception) -> Problem:
    """A parse error as a Problem with line and column."""
    line = col = None
    reason = str(exc)
    if isinstance(exc, BadSyntax):
        _uri, _lines, text, pos, why = exc.args
        if isinstance(text, bytes):
            text = text.decode("utf-8", "replace")
        line = text.count("\n", 0, pos) + 1
        col = pos - (text.rfind("\n", 0, pos) + 1) + 1
        reason = why
    elif getattr(exc, "lineno", None):
        line, col = exc.lineno, getattr(exc, "offset", None)
    where = f"line {line}" + (f", column {col}" if col else "") + ": " if line else ""
    return Problem(show_path(path), "", f"does not parse: {where}{reason}", "parse")


def parse_file(path: Path) -> DataFile | Problem:
    ds = Dataset()
    term_log = logging.getLogger("rdflib.term")
    level = term_log.level
    term_log.setLevel(logging.CRITICAL)  # ill-typed literals are reported by the shapes instead
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)  # rdflib's TriG parser uses ConjunctiveGraph
            ds.parse(path, format="trig")
    except (BadSyntax, SyntaxError, ValueError, UnicodeDecodeError) as exc:
        return parse_error(path, exc)
    finally:
        term_log.setLevel(level)
    data = DataFile(path)
    for g in ds.graphs():
        if len(g) == 0:
            continue
        if g.identifier == DEFAULT_GRAPH:
            data.default_triples = len(g)
            continue
        named = Graph(identifier=g.identifier)
        for t in g:
            named.add(t)
        data.graphs[URIRef(g.identifier)] = named
    return data


def load_data(data_dir: Path) -> tuple[list[DataFile], list[Problem]]:
    """Parse every ``*.trig`` file of the folder; files that do not parse become problems."""
    files, problems = [], []
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        return [], [Problem(show_path(data_dir), "", "data folder not found", "structure")]
    paths = sorted(data_dir.glob("*.trig"))
    if not paths:
        problems.append(Problem(show_path(data_dir), "", "no *.trig files in the data folder", "structure"))
    for path in paths:
        result = parse_file(path)
        (problems if isinstance(result, Problem) else files).append(result)
    return files, problems


def document_graph_name(stem: str) -> URIRef:
    return URIRef(DOC_NS + stem)


def structure_problems(files: list[DataFile]) -> list[Problem]:
    """The file and graph layout of data/README.md."""
    problems = []
    seen: dict[URIRef, str] = {}
    has_catalog = False
    for f in files:
        if f.default_triples:
            problems.append(Problem(f.name, "", f"{f.default_triples} statements outside any named graph: "
                                    "put them in the document's graph (or the catalog graph)", "structure"))
        if f.path.name == CATALOG_FILE:
            has_catalog = True
            expected = CATALOG
        else:
            expected = document_graph_name(f.path.stem)
        for g in f.graphs:
            if g in seen:
                problems.append(Problem(f.name, curie(str(g)), f"graph also written in {seen[g]}; "
                                        "each graph lives in one file", "structure"))
            seen.setdefault(g, f.name)
            if g != expected:
                problems.append(Problem(f.name, curie(str(g)), f"this file may only hold the graph "
                                        f"{curie(str(expected))}", "structure"))
    for f in files:  # a document file whose graph is still empty (ingested, nothing accepted yet) holds it too
        if f.path.name != CATALOG_FILE:
            seen.setdefault(document_graph_name(f.path.stem), f.name)
    for f in files:
        catalog = f.graphs.get(CATALOG)
        for doc in sorted(catalog.subjects(RDF.type, PK.SourceDocument) if catalog is not None else [], key=str):
            if doc not in seen:
                problems.append(Problem(f.name, curie(str(doc)), "no data file holds this document's graph "
                                        f"(expected {str(doc)[len(DOC_NS):]}.trig)", "structure"))
    if files and not has_catalog:
        problems.append(Problem(show_path(files[0].path.parent / CATALOG_FILE), "",
                                "catalog file missing: it describes every source document", "structure"))
    return problems
