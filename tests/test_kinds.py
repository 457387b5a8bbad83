"""The one rule for a node's kind, checked against the ontology it mirrors."""
from __future__ import annotations

from pathlib import Path

from rdflib import OWL, RDF, RDFS, Graph

from kg.core.kinds import PARENTS, PK_IRI, kind_of

ONTOLOGY = Path(__file__).resolve().parent.parent / "ontology" / "policy-kg.ttl"


def test_parents_mirror_the_ontology():
    g = Graph().parse(ONTOLOGY)
    axioms = {str(c)[len(PK_IRI):]: str(p)[len(PK_IRI):] for c, p in g.subject_objects(RDFS.subClassOf)
              if str(c).startswith(PK_IRI) and str(p).startswith(PK_IRI)}
    assert PARENTS == axioms
    classes = {str(c)[len(PK_IRI):] for c in g.subjects(RDF.type, OWL.Class) if str(c).startswith(PK_IRI)}
    assert set(PARENTS) | set(PARENTS.values()) <= classes


def test_most_specific_class_wins_then_preference_then_name():
    pk = lambda *names: [PK_IRI + n for n in names]  # noqa: E731
    assert kind_of(pk("Company", "AILab", "Actor")) == "AILab"
    assert kind_of(pk("Measure", "PolicyPackage")) == "PolicyPackage"
    assert kind_of(pk("Report", "SourceDocument")) == "SourceDocument"
    assert kind_of(pk("Software", "AIModel")) == "AIModel"
    assert kind_of(["https://schema.org/Person"]) == "Other"
    assert kind_of([], default="") == ""
