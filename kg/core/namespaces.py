"""Namespaces: the project vocabulary as a closed DefinedNamespace, and the prefixes used everywhere.

PK must list exactly the terms that ontology/policy-kg.ttl defines;
tests/test_namespaces.py checks both directions.
"""
from __future__ import annotations

import functools

from rdflib import Namespace, URIRef
from rdflib.namespace import DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, XSD, DefinedNamespace

from kg.core.curies import shorten

PK_IRI = "https://w3id.org/policy-kg/ns#"
DEFAULT_BASE = "https://w3id.org/policy-kg/id/"   # the base the data files are written with
DOC_NS = DEFAULT_BASE + "doc/"                     # a document's graph: DOC_NS + its id
CATALOG_GRAPH = DEFAULT_BASE + "graph-catalog"     # the document catalog's graph ...
CATALOG_FILE = "documents.trig"                   # ... and the data file holding it
RDF_TYPE = str(RDF.type)


class PK(DefinedNamespace):
    """policy-kg vocabulary (ontology/policy-kg.ttl)."""

    _NS = Namespace(PK_IRI)
    _fail = True

    AILab: URIRef  # Class
    AIModel: URIRef  # Class
    Actor: URIRef  # Class
    ActorGroup: URIRef  # Class
    Administration: URIRef  # Class
    Allegation: URIRef  # Concept
    Assertion: URIRef  # Concept
    Capability: URIRef  # Class
    CausalLink: URIRef  # Class
    Chip: URIRef  # Class
    Claim: URIRef  # Class
    Coalition: URIRef  # Class
    Company: URIRef  # Class
    DataCenter: URIRef  # Class
    Enacted: URIRef  # Concept
    EpistemicStatusScheme: URIRef  # ConceptScheme
    Estimate: URIRef  # Concept
    Event: URIRef  # Class
    Expanded: URIRef  # Concept
    Factor: URIRef  # Class
    Figure: URIRef  # Class
    Forecast: URIRef  # Concept
    GovernmentBody: URIRef  # Class
    Hardware: URIRef  # Class
    Hypothetical: URIRef  # Concept
    InReview: URIRef  # Concept
    ManufacturingEquipment: URIRef  # Class
    Measure: URIRef  # Class
    MeasureStatusScheme: URIRef  # ConceptScheme
    Negative: URIRef  # Concept
    Opinion: URIRef  # Concept
    Outcome: URIRef  # Class
    PartiallyRelaxed: URIRef  # Concept
    Pathway: URIRef  # Class
    Person: URIRef  # Class
    Place: URIRef  # Class
    PolarityScheme: URIRef  # ConceptScheme
    PolicyPackage: URIRef  # Class
    Positive: URIRef  # Concept
    Publisher: URIRef  # Class
    ReviewStatusScheme: URIRef  # ConceptScheme
    Reviewed: URIRef  # Concept
    Recommendation: URIRef  # Concept
    Recommended: URIRef  # Concept
    Report: URIRef  # Class
    Role: URIRef  # Class
    Scenario: URIRef  # Class
    Software: URIRef  # Class
    SourceDocument: URIRef  # Class
    State: URIRef  # Class
    Warning: URIRef  # Concept
    about: URIRef  # ObjectProperty
    approximate: URIRef  # DatatypeProperty
    qualifies: URIRef  # ObjectProperty
    sameDayAs: URIRef  # ObjectProperty
    administrationOf: URIRef  # ObjectProperty
    affects: URIRef  # ObjectProperty
    agent: URIRef  # ObjectProperty
    basedIn: URIRef  # ObjectProperty
    cause: URIRef  # ObjectProperty
    charLength: URIRef  # DatatypeProperty
    claimer: URIRef  # ObjectProperty
    concerns: URIRef  # ObjectProperty
    contests: URIRef  # ObjectProperty
    date: URIRef  # DatatypeProperty
    dateApproximate: URIRef  # DatatypeProperty
    dateNote: URIRef  # DatatypeProperty
    decreases: URIRef  # ObjectProperty
    differsFrom: URIRef  # ObjectProperty, SymmetricProperty
    discusses: URIRef  # ObjectProperty
    effect: URIRef  # ObjectProperty
    enactedBy: URIRef  # ObjectProperty
    epistemicStatus: URIRef  # ObjectProperty
    eventType: URIRef  # DatatypeProperty
    evidence: URIRef  # ObjectProperty
    fileName: URIRef  # DatatypeProperty
    hasFigure: URIRef  # ObjectProperty
    hasMeasure: URIRef  # ObjectProperty
    horizon: URIRef  # DatatypeProperty
    increases: URIRef  # ObjectProperty
    isFormer: URIRef  # DatatypeProperty
    ledBy: URIRef  # ObjectProperty
    madeBy: URIRef  # ObjectProperty
    measureInForce: URIRef  # ObjectProperty
    mechanism: URIRef  # DatatypeProperty
    memberOf: URIRef  # ObjectProperty
    modifies: URIRef  # ObjectProperty
    originCountry: URIRef  # ObjectProperty
    participant: URIRef  # ObjectProperty
    polarity: URIRef  # ObjectProperty
    projectedOutcome: URIRef  # ObjectProperty
    proposedBy: URIRef  # ObjectProperty
    quantity: URIRef  # DatatypeProperty
    referenceYear: URIRef  # DatatypeProperty
    relaxes: URIRef  # ObjectProperty
    relays: URIRef  # ObjectProperty
    reviewStatus: URIRef  # ObjectProperty
    roleHolder: URIRef  # ObjectProperty
    roleIn: URIRef  # ObjectProperty
    sha256: URIRef  # DatatypeProperty
    sign: URIRef  # DatatypeProperty
    sourceSha256: URIRef  # DatatypeProperty
    status: URIRef  # ObjectProperty
    supports: URIRef  # ObjectProperty
    targets: URIRef  # ObjectProperty
    tightens: URIRef  # ObjectProperty


SCHEMA = Namespace("https://schema.org/")
OA = Namespace("http://www.w3.org/ns/oa#")
SH = Namespace("http://www.w3.org/ns/shacl#")


def prefixes(base_iri: str = DEFAULT_BASE) -> dict[str, str]:
    """Prefix name -> namespace IRI, for queries, serialisations and display."""
    return {
        "pk": PK_IRI,
        "id": base_iri,
        "doc": base_iri + "doc/",
        "ev": base_iri + "evidence/",
        "rdf": str(RDF),
        "rdfs": str(RDFS),
        "owl": str(OWL),
        "xsd": str(XSD),
        "skos": str(SKOS),
        "dcterms": str(DCTERMS),
        "prov": str(PROV),
        "schema": str(SCHEMA),
        "oa": str(OA),
        "foaf": str(FOAF),
    }


def rebase(text: str, base_iri: str, *, back: bool = False) -> str:
    """``text`` (an IRI, N-Triples, TriG) with the base the data files are written with
    (``DEFAULT_BASE``) replaced by the configured ``base_iri``; ``back``: the other way, for
    text about to be written to a data file."""
    old, new = (base_iri, DEFAULT_BASE) if back else (DEFAULT_BASE, base_iri)
    return text if old == new else text.replace(old, new)


def sparql_prologue(base_iri: str = DEFAULT_BASE) -> str:
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in prefixes(base_iri).items())


def curie(iri: str, base_iri: str = DEFAULT_BASE) -> str:
    """Shortest prefixed name for an IRI, or the IRI itself."""
    return shorten(iri, _prefixes_of(base_iri)) or iri


@functools.lru_cache(maxsize=16)
def _prefixes_of(base_iri: str) -> dict[str, str]:
    """``prefixes(base_iri)`` made once (never changed: ``curie`` only reads it). Making it per call
    (each rdflib namespace turned into text) was most of a trace's time after a write at 10M quads,
    where a link's evidence names thousands of claims, each shown by its label or CURIE."""
    return prefixes(base_iri)


__all__ = ["PK", "SCHEMA", "OA", "SH", "URIRef", "prefixes", "sparql_prologue", "curie", "PK_IRI", "DEFAULT_BASE",
           "DOC_NS", "CATALOG_GRAPH", "CATALOG_FILE", "RDF_TYPE", "rebase"]
