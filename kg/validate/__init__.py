"""Validating the curated data: ``validate(settings)`` returns a ``Report`` whose problems
each name the file, the node and what is wrong.

Checks, each a plain function of this package:
- ``sources``: every data file parses (line and column when not) and keeps to the file/graph layout;
- ``terms``: every class and property is declared in the vocabulary; every subject of a
  document graph has evidence there;
- ``shacl``: the shapes of ontology/shapes.ttl (datatypes, cardinalities, controlled values);
- ``attribution``: each document graph says who makes each claim and how, and the documents
  agree (differing readings are separate claims joined by ``prov:alternateOf``);
- ``record``: nothing a running server's store refused is left (``.kg-behind.json``), every
  journaled ``/sparql`` update (``updates/*.ru``) parses;
- ``anchors``: offsets inside their document, hashes matching the corpus files; an anchor with a
  quote whose offsets no longer hold it is looked for again (``reanchor``) and reported moved.

``validate(settings, fix=True)`` first rewrites, under the data folder's lock, what can be
fixed (``fix``: moved anchors' offsets and hashes) and tells a running server (``note_change``).
"""
from __future__ import annotations

import time
from functools import lru_cache
from dataclasses import dataclass, field
from pathlib import Path

from rdflib import Graph

from kg.core.settings import Settings
from kg.validate.evidence import AnchorStats, anchor_problems
from kg.validate.attribution import attribution_problems
from kg.validate.problems import PROBLEM_KINDS, Problem, show_path, sort_key
from kg.validate.shacl import ShapesInfo, shacl_problems, shapes_info
from kg.validate.datafiles import DataFile, load_data, structure_problems
from kg.validate.record import record_problems
from kg.validate.vocabulary import causal_problems, evidence_problems, unknown_term_problems


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    files: int = 0
    statements: int = 0
    graphs: int = 0
    anchors: AnchorStats = field(default_factory=AnchorStats)
    shapes: ShapesInfo | None = None
    seconds: float = 0.0
    fixed: list = field(default_factory=list)      # what --fix changed (fix.Fixed)
    unfixed: list[str] = field(default_factory=list)   # what --fix could not change, and why

    @property
    def moved(self) -> list:
        return self.anchors.moves

    @property
    def ok(self) -> bool:
        return not self.problems and not self.unfixed

    def summary(self) -> str:
        shapes = (f", {self.shapes.shapes} shapes ({self.shapes.constraints} constraints)" if self.shapes else "")
        head = "valid" if self.ok else f"{len(self.problems)} problem{'s' * (len(self.problems) != 1)}"
        moved = sum(1 for m in self.moved if m.new is not None)
        found = f" ({moved} moved, found by their quote)" if moved else ""
        fixed = f"; --fix changed {len(self.fixed)} values" if self.fixed else ""
        return (f"{head}: {self.files} data files, {self.graphs} graphs, {self.statements} statements, "
                f"{self.anchors.anchors} anchors{found} in {self.anchors.documents} documents{shapes}, "
                f"{self.seconds:.2f} s{fixed}")

    def as_dict(self) -> dict:
        return {"ok": self.ok, "summary": self.summary(), "files": self.files, "graphs": self.graphs,
                "statements": self.statements, "anchors": self.anchors.anchors,
                "documents": self.anchors.documents,
                "shapes": self.shapes.shapes if self.shapes else 0,
                "constraints": self.shapes.constraints if self.shapes else 0,
                "seconds": round(self.seconds, 3), "problems": [p.as_dict() for p in self.problems],
                "moved": [m.as_dict() for m in self.moved], "fixed": [f.as_dict() for f in self.fixed],
                "unfixed": self.unfixed}


@lru_cache(maxsize=8)
def _parsed(path: str, mtime_ns: int) -> Graph:
    """The vocabulary or the shapes, parsed once per version of the file (only read afterwards)."""
    return Graph().parse(path, format="turtle")


def validate_paths(data_dir: Path, corpus_dir: Path, ontology_dir: Path) -> Report:
    """Run every check over the TriG files of ``data_dir`` against the corpus folder."""
    t0 = time.perf_counter()
    report = Report()
    ontology_path = Path(ontology_dir) / "policy-kg.ttl"
    shapes_path = Path(ontology_dir) / "shapes.ttl"
    problems: list[Problem] = []
    try:
        ontology = _parsed(str(ontology_path), ontology_path.stat().st_mtime_ns)
        shapes = _parsed(str(shapes_path), shapes_path.stat().st_mtime_ns)
    except Exception as exc:  # noqa: BLE001 - any parse failure of our own files is reported
        report.problems = [Problem(show_path(ontology_dir), "", f"vocabulary or shapes unreadable: {exc}", "parse")]
        report.seconds = time.perf_counter() - t0
        return report
    report.shapes = shapes_info(shapes)

    files, parse_problems = load_data(Path(data_dir))
    problems += parse_problems
    report.files = len(files) + len(parse_problems)
    report.graphs = sum(len(f.graphs) for f in files)
    report.statements = sum(len(g) for f in files for g in f.graphs.values())
    problems += structure_problems(files)
    problems += unknown_term_problems(files, ontology, show_path(ontology_path))
    problems += shacl_problems(files, ontology, shapes, ontology_path)
    problems += evidence_problems(files)
    problems += causal_problems(files)
    problems += attribution_problems(files)
    anchor_found, report.anchors = anchor_problems(files, Path(corpus_dir))
    problems += anchor_found
    problems += record_problems(Path(data_dir))
    report.problems = sorted(set(problems), key=sort_key)
    report.seconds = time.perf_counter() - t0
    return report


def validate(settings: Settings, *, fix: bool = False) -> Report:
    data_dir, corpus = Path(settings.data_dir), Path(settings.corpus)
    if not fix or not data_dir.is_dir() or not corpus.is_dir():
        return validate_paths(data_dir, corpus, Path(settings.ontology_dir))
    from kg.core.storage import locked, note_change
    from kg.validate.fix import fix_anchors

    with locked(data_dir):
        fixed, unfixed = fix_anchors(data_dir, corpus)
        if fixed:
            note_change(data_dir)
        report = validate_paths(data_dir, corpus, Path(settings.ontology_dir))
    report.fixed, report.unfixed = fixed, unfixed
    return report


__all__ = ["Problem", "Report", "PROBLEM_KINDS", "DataFile", "validate", "validate_paths", "load_data"]
