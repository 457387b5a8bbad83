"""A small hand-made graph for the export and render tests (no curated data needed)."""
from __future__ import annotations

from pathlib import Path

from kg.store.build import ONTOLOGY_GRAPH
from kg.core.namespaces import DEFAULT_BASE
from kg.store import memory_store
from graphs import TURTLE_PREFIXES

ID = DEFAULT_BASE

TRIG = TURTLE_PREFIXES + """

id:graph-catalog {
  doc:001_a a pk:SourceDocument ; dcterms:title "Test hearing" .
  doc:002_b a pk:SourceDocument ; dcterms:title "Test op-ed" .
}
doc:001_a {
  id:m a pk:Measure ; skos:prefLabel "Limit access to test centres"@en ; pk:status pk:Recommended ;
      pk:proposedBy id:lab ; pk:decreases id:p ; pk:evidence ev:001-1 .
  id:lab a pk:AILab ; skos:prefLabel "Lab One"@en ; pk:evidence ev:001-1 .
  id:p a pk:Pathway ; skos:prefLabel "Illicit test compute"@en ; pk:increases id:c ; pk:evidence ev:001-2 .
  id:c a pk:Capability ; skos:prefLabel "Test capability"@en ; pk:evidence ev:001-2 .
  id:link-m-p a pk:CausalLink ; pk:cause id:m ; pk:effect id:p ; pk:polarity pk:Negative ;
      pk:mechanism "fewer ways in" ; pk:evidence ev:001-2 .
  id:link-p-c a pk:CausalLink ; pk:cause id:p ; pk:effect id:c ; pk:polarity pk:Positive ; pk:evidence ev:001-2 .
  ev:001-1 a oa:SpecificResource ; oa:hasSource doc:001_a ; pk:sourceSha256 "aa" ;
      oa:hasSelector [ a oa:TextPositionSelector ; oa:start 10 ; oa:end 50 ] .
  ev:001-2 a oa:SpecificResource ; oa:hasSource doc:001_a ; pk:sourceSha256 "aa" ;
      oa:hasSelector [ a oa:TextPositionSelector ; oa:start 100 ; oa:end 180 ] .
}
doc:002_b {
  id:p pk:increases id:c ; pk:evidence ev:002-1 .
  id:link-p-c a pk:CausalLink ; pk:cause id:p ; pk:effect id:c ; pk:polarity pk:Positive ; pk:evidence ev:002-1 .
  id:claim a pk:Claim ; skos:prefLabel "Doubts the limit works"@en ; pk:claimer id:lab ;
      pk:contests id:link-m-p ; pk:evidence ev:002-1 .
  id:o a pk:Outcome ; skos:prefLabel "Test lead"@en ; pk:evidence ev:002-1 .
  id:c pk:decreases id:o ; pk:evidence ev:002-1 .
  id:link-c-o a pk:CausalLink ; pk:cause id:c ; pk:effect id:o ; pk:polarity pk:Negative ; pk:evidence ev:002-1 .
  ev:002-1 a oa:SpecificResource ; oa:hasSource doc:002_b ; pk:sourceSha256 "bb" ;
      oa:hasSelector [ a oa:TextPositionSelector ; oa:start 5 ; oa:end 60 ] .
}
"""


def fixture_store(tmp: Path):
    from kg.core.settings import PROJECT_ROOT

    store = memory_store(DEFAULT_BASE)
    store.load_file(PROJECT_ROOT / "ontology" / "policy-kg.ttl", graph=ONTOLOGY_GRAPH)
    path = tmp / "fixture.trig"
    path.write_text(TRIG, encoding="utf-8")
    store.load_file(path)
    return store
