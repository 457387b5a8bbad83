"""A node's kind: the one rule for what a node is shown as (trace nodes, export figures,
colours by kind). Of a node's pk: classes, superclasses of its other classes are dropped
(an AI lab is not shown as a Company); of the rest, the first in ``PREFERENCE``, else the
first by name; ``Other`` when it has none.

``PARENTS`` mirrors the rdfs:subClassOf axioms of ontology/policy-kg.ttl (a test compares them).
"""
from __future__ import annotations

from typing import Iterable

PK_IRI = "https://w3id.org/policy-kg/ns#"

PARENTS: dict[str, str] = {
    "AILab": "Company", "ActorGroup": "Actor", "Administration": "Actor", "Capability": "Factor",
    "Chip": "Hardware", "Coalition": "Actor", "Company": "Actor", "DataCenter": "Hardware",
    "GovernmentBody": "Actor", "ManufacturingEquipment": "Hardware", "Outcome": "Factor", "Pathway": "Factor",
    "Person": "Actor", "PolicyPackage": "Measure", "Publisher": "Actor", "State": "Actor",
}

# where a node has several unrelated classes, the one it is shown as
PREFERENCE = ("Scenario", "PolicyPackage", "Measure", "Pathway", "Capability", "Outcome", "Factor",
              "CausalLink", "Claim", "SourceDocument", "Report", "Event")


def ancestors(kind: str) -> set[str]:
    found = set()
    while kind in PARENTS:
        kind = PARENTS[kind]
        found.add(kind)
    return found


def kind_of(types: Iterable[str], default: str = "Other") -> str:
    """The kind (a pk: class's local name) of a node with these rdf:types (IRIs), or ``default``."""
    local = {t[len(PK_IRI):] for t in types if t.startswith(PK_IRI)}
    specific = local - {a for k in local for a in ancestors(k)}
    for k in PREFERENCE:
        if k in specific:
            return k
    return min(specific) if specific else default
