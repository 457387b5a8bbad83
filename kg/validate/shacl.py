"""Running the SHACL shapes (ontology/shapes.ttl) and naming the file behind each result.

The shapes run once over the union of every data graph plus the vocabulary, so
``sh:targetClass``/``sh:class`` follow ``rdfs:subClassOf`` and a node typed in one
document graph may be referenced from another. Each result is then reported against
every file that holds the offending statement (or, failing that, describes the node).
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyshacl
from rdflib import Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import RDF
from rdflib.term import Node

from kg.core.namespaces import SH
from kg.validate.problems import Problem, show_path, show_term
from kg.validate.datafiles import DataFile

# Constraint parameters of SHACL Core and SHACL-SPARQL, for counting constraints.
CONSTRAINT_PARAMETERS = tuple(SH[n] for n in (
    "class", "datatype", "nodeKind", "minCount", "maxCount", "minExclusive", "minInclusive",
    "maxExclusive", "maxInclusive", "minLength", "maxLength", "pattern", "languageIn", "uniqueLang",
    "equals", "disjoint", "lessThan", "lessThanOrEquals", "not", "and", "or", "xone", "node",
    "qualifiedValueShape", "closed", "hasValue", "in", "sparql"))


DATATYPE_COMPONENTS = (SH.DatatypeConstraintComponent, SH.OrConstraintComponent)


@dataclass
class ShapesInfo:
    node_shapes: int   # declared sh:NodeShape
    shapes: int        # node and property shapes that carry a constraint and its sh:message
    constraints: int   # constraint parameters over those shapes (minCount+maxCount count as two)


def operand_shapes(shapes: Graph) -> set:
    """Shapes that are operands of sh:or/sh:and/sh:xone/sh:not: reported through their parent."""
    found = set()
    for op in (SH["or"], SH["and"], SH.xone):
        for lst in shapes.objects(None, op):
            found.update(Collection(shapes, lst))
    found.update(shapes.objects(None, SH["not"]))
    return found


def shapes_info(shapes: Graph) -> ShapesInfo:
    operands = operand_shapes(shapes)
    constrained = {s for p in CONSTRAINT_PARAMETERS for s in shapes.subjects(p, None)} - operands
    n = sum(1 for p in CONSTRAINT_PARAMETERS for s, _ in shapes.subject_objects(p) if s in constrained)
    return ShapesInfo(len(set(shapes.subjects(RDF.type, SH.NodeShape))), len(constrained), n)


def union_graph(files: list[DataFile], ontology: Graph) -> Graph:
    union = Graph()
    for t in ontology:
        union.add(t)
    for f in files:
        for t in f.triples():
            union.add(t)
    return union


def _files_for(files: list[DataFile], focus: Node, path: Node | None, value: Node | None) -> list[str]:
    if isinstance(path, URIRef) and value is not None:
        hit = [f.name for f in files if any((focus, path, value) in g for g in f.graphs.values())]
        if hit:
            return hit
    hit = [f.name for f in files if any((focus, None, None) in g for g in f.graphs.values())]
    if hit:
        return hit
    return [f.name for f in files if any((None, None, focus) in g for g in f.graphs.values())]


def shacl_problems(files: list[DataFile], ontology: Graph, shapes: Graph, ontology_path: Path) -> list[Problem]:
    data = union_graph(files, ontology)
    conforms, results, _text = pyshacl.validate(
        data, shacl_graph=shapes, inference="none", advanced=False, allow_warnings=True, meta_shacl=False)
    if conforms:
        return []
    problems: set[Problem] = set()
    top = [r for report in results.subjects(RDF.type, SH.ValidationReport) for r in results.objects(report, SH.result)]
    # A value of the wrong datatype also fails the range, pattern and order checks on it:
    # report only the datatype.
    mistyped = {(results.value(r, SH.focusNode), results.value(r, SH.resultPath), results.value(r, SH.value))
                for r in top if results.value(r, SH.sourceConstraintComponent) in DATATYPE_COMPONENTS}
    for result in top:
        focus = results.value(result, SH.focusNode)
        path = results.value(result, SH.resultPath)
        value = results.value(result, SH.value)
        component = results.value(result, SH.sourceConstraintComponent)
        if (focus, path, value) in mistyped and component not in DATATYPE_COMPONENTS:
            continue
        message = str(results.value(result, SH.resultMessage) or "violates a shape")
        if value is not None and value != focus:
            shown = show_term(value, data)
            if isinstance(value, Literal) and value.ill_typed:
                shown += " (not a valid literal of its datatype)"
            message += f" Found: {shown}."
        node = show_term(focus, data)
        where = _files_for(files, focus, path, value) or [show_path(ontology_path)]
        for name in where:
            problems.add(Problem(name, node, message, "shacl"))
    return sorted(problems, key=lambda p: (p.file, p.node, p.message))
