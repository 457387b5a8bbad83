"""The closed vocabulary class PK lists exactly the terms the ontology file defines."""

import pytest
import rdflib

from kg.core.namespaces import PK, PK_IRI
from kg.core.settings import PROJECT_ROOT

ONTOLOGY = PROJECT_ROOT / "ontology" / "policy-kg.ttl"


def ontology_terms() -> set[str]:
    g = rdflib.Graph().parse(ONTOLOGY)
    return {str(s)[len(PK_IRI):] for s in g.subjects() if str(s).startswith(PK_IRI) and str(s) != PK_IRI}


def test_every_ontology_term_is_in_PK():
    missing = ontology_terms() - set(PK.__annotations__)
    assert not missing, f"defined in {ONTOLOGY.name} but not in kg.core.namespaces.PK: {sorted(missing)}"


def test_every_PK_term_is_defined_in_the_ontology():
    extra = set(PK.__annotations__) - ontology_terms()
    assert not extra, f"in kg.core.namespaces.PK but not defined in {ONTOLOGY.name}: {sorted(extra)}"


def test_PK_is_closed():
    with pytest.raises(AttributeError):
        PK.NoSuchTerm  # noqa: B018
