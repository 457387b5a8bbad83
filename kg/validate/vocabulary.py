"""Closed vocabulary and evidence on every statement.

- Every class and property the data uses is declared in ontology/policy-kg.ttl (its own
  terms, and the external terms it lists as allowed), and every pk: term is one it defines.
- Every subject of a document graph, other than anchors and their selectors, carries a
  pk:evidence in that graph.
"""
from __future__ import annotations

from collections import defaultdict

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from kg.core.namespaces import OA, PK, PK_IRI, curie
from kg.validate.problems import Problem, show_term
from kg.validate.datafiles import CATALOG, DataFile

CLASS_TYPES = (OWL.Class, RDFS.Class)
PROPERTY_TYPES = (RDF.Property, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
                  OWL.SymmetricProperty, OWL.TransitiveProperty, OWL.FunctionalProperty)


def declared_terms(ontology: Graph) -> tuple[set[URIRef], set[URIRef], set[URIRef]]:
    """(classes, properties, every pk: term) declared by the vocabulary."""
    classes = {s for t in CLASS_TYPES for s in ontology.subjects(RDF.type, t) if isinstance(s, URIRef)}
    props = {s for t in PROPERTY_TYPES for s in ontology.subjects(RDF.type, t) if isinstance(s, URIRef)}
    props.add(RDF.type)
    own = {s for s in ontology.subjects() if isinstance(s, URIRef) and str(s).startswith(PK_IRI)}
    return classes, props, own


def unknown_term_problems(files: list[DataFile], ontology: Graph, ontology_name: str) -> list[Problem]:
    classes, props, own = declared_terms(ontology)
    # (file, kind of term, term) -> nodes using it
    uses: dict[tuple[str, str, URIRef], list] = defaultdict(list)
    for f in files:
        for s, p, o in f.triples():
            if p not in props:
                uses[(f.name, "property", p)].append(s)
            elif p == RDF.type and o not in classes:
                uses[(f.name, "class", o)].append(s)
            elif isinstance(o, URIRef) and str(o).startswith(PK_IRI) and o not in own:
                uses[(f.name, "term", o)].append(s)
    problems = []
    for (name, what, term), nodes in sorted(uses.items(), key=lambda kv: (kv[0][0], str(kv[0][2]))):
        nodes = sorted(set(nodes), key=str)
        more = f" (also used by {len(nodes) - 1} other nodes)" if len(nodes) > 1 else ""
        problems.append(Problem(name, show_term(nodes[0]),
                                f"unknown {what} {curie(str(term))}: not declared in {ontology_name}{more}",
                                "unknown-term"))
    return problems


def anchors_and_selectors(g: Graph) -> tuple[set, set]:
    anchors = set(g.subjects(OA.hasSource, None)) | set(g.subjects(RDF.type, OA.SpecificResource)) \
        | set(g.subjects(PK.sourceSha256, None)) | set(g.subjects(OA.hasSelector, None))
    selectors = set(g.objects(None, OA.hasSelector)) | set(g.subjects(RDF.type, OA.TextPositionSelector))
    return anchors, selectors


def evidence_problems(files: list[DataFile]) -> list[Problem]:
    problems = []
    for f in files:
        for name, g in f.graphs.items():
            if name == CATALOG:
                continue  # catalog statements need no anchor (data/README.md)
            anchors, selectors = anchors_and_selectors(g)
            for s in sorted(set(g.subjects()) - anchors - selectors, key=str):
                if (s, PK.evidence, None) in g:
                    continue
                preds = sorted({curie(str(p)) for p in g.predicates(s, None)})
                shown = ", ".join(preds[:4]) + (", ..." if len(preds) > 4 else "")
                problems.append(Problem(f.name, show_term(s, g),
                                        f"statement without evidence: states {shown} in graph "
                                        f"{curie(str(name))} but has no pk:evidence anchor there", "evidence"))
    return problems


SHORTCUTS = ((PK.Positive, PK.increases), (PK.Negative, PK.decreases))


def causal_problems(files: list[DataFile]) -> list[Problem]:
    """Graph by graph: a causal link states its cause, effect and polarity (so counting the graphs
    that hold a link counts the documents supporting it), its shortcut triple
    ``cause pk:increases|pk:decreases effect`` sits beside it, and no shortcut lacks its link."""
    problems = []
    for f in files:
        for name, g in f.graphs.items():
            where = f"in graph {curie(str(name))}"
            links = set()
            for link in sorted(set(g.subjects(RDF.type, PK.CausalLink)), key=str):
                node = show_term(link, g)
                missing = [curie(str(p)) for p in (PK.cause, PK.effect, PK.polarity) if (link, p, None) not in g]
                if missing:
                    problems.append(Problem(f.name, node, f"causal link without {', '.join(missing)} {where}: each "
                                            "graph stating a link states its cause, effect and polarity", "causal"))
                    continue
                cause, effect, polarity = g.value(link, PK.cause), g.value(link, PK.effect), g.value(link, PK.polarity)
                links.add((cause, effect, polarity))
                shortcut = dict(SHORTCUTS).get(polarity)
                if shortcut is not None and (cause, shortcut, effect) not in g:
                    problems.append(Problem(f.name, node, f"shortcut triple missing {where}: a {curie(str(polarity))} "
                                            f"link needs {show_term(cause)} {curie(str(shortcut))} {show_term(effect)} "
                                            "beside it", "causal"))
            for polarity, shortcut in SHORTCUTS:
                for cause, effect in g.subject_objects(shortcut):
                    if (cause, effect, polarity) not in links:
                        problems.append(Problem(f.name, show_term(cause, g), f"{curie(str(shortcut))} "
                                                f"{show_term(effect)} {where} has no pk:CausalLink with this cause, "
                                                f"effect and {curie(str(polarity))} polarity beside it", "causal"))
    return problems
