"""A tiny curated graph for the page tests, written in our own words (evidence by offsets
into the real corpus files only), including a hostile label. ``write_fixture(folder)``
writes the TriG files and returns the folder for ``Settings(data_dir=...)``."""
from __future__ import annotations

from pathlib import Path

from graphs import TURTLE_PREFIXES

PREFIXES = TURTLE_PREFIXES

SHA003 = "8b184b6712a350f21c50af0f832e776e9950b419746424631e310aa05f0e6f6b"
SHA000 = "11d7e7dd37fc510fa18616192d5b6aabac6bab8688fc6a632d63b0ed40e5ef03"
HOSTILE = '<script>alert("pwned")</script> & <b>Évil</b> Corp'

CATALOG = PREFIXES + f"""
id:graph-catalog {{
  doc:003_1fec6e346c5e7f15 a pk:SourceDocument ; dcterms:identifier "003" ;
      pk:fileName "003_1fec6e346c5e7f15.txt" ; dcterms:title "Fixture document three" ;
      dcterms:publisher id:fixture-press ; pk:sha256 "{SHA003}" ; pk:charLength 2484 .
  doc:000_0196abc190c539be a pk:SourceDocument ; dcterms:identifier "000" ;
      pk:fileName "000_0196abc190c539be.txt" ; dcterms:title "Fixture document zero" ;
      pk:sha256 "{SHA000}" ; pk:charLength 2156 .
  id:fixture-press a pk:Publisher ; skos:prefLabel "Fixture Press"@en .
}}
"""

DOC003 = PREFIXES + f"""
doc:003_1fec6e346c5e7f15 {{
  id:anthropic a pk:AILab ; skos:prefLabel "Anthropic"@en ; skos:altLabel "Anthropic PBC"@en ;
      pk:evidence ev:003-1 .
  id:critic a pk:Person ; skos:prefLabel "Zoë Critic"@en ; pk:evidence ev:003-2 .
  id:us-gov a pk:GovernmentBody ; skos:prefLabel "Fixture Government"@en ; pk:evidence ev:003-2 .
  id:measure-dc-access-limits a pk:Measure ; skos:prefLabel "Data-centre access limits"@en ;
      skos:altLabel "DC limits"@en ; skos:definition "A fixture measure limiting who may rent sensitive compute."@en ;
      pk:status pk:Recommended ; pk:proposedBy id:anthropic ; pk:targets id:h100 ;
      pk:decreases id:pathway-illicit-compute-access ; pk:evidence ev:003-1 .
  id:pathway-illicit-compute-access a pk:Pathway ; skos:prefLabel "Illicit compute access"@en ;
      pk:increases id:capability-frontier ; pk:evidence ev:003-3 .
  id:capability-frontier a pk:Capability ; skos:prefLabel "Frontier capability"@en ; pk:evidence ev:003-3 .
  id:h100 a pk:Chip ; skos:prefLabel "H100"@en ; pk:madeBy id:nvidia ; pk:evidence ev:003-3 .
  id:nvidia a pk:Company ; skos:prefLabel "Nvidia"@en ; pk:evidence ev:003-3 .
  id:link-dc-limits-illicit-compute a pk:CausalLink ; pk:cause id:measure-dc-access-limits ;
      pk:effect id:pathway-illicit-compute-access ; pk:polarity pk:Negative ;
      pk:mechanism "Fewer rentals reach the buyers the rule names."@en ; pk:evidence ev:003-1 .
  id:link-illicit-frontier a pk:CausalLink ; pk:cause id:pathway-illicit-compute-access ;
      pk:effect id:capability-frontier ; pk:polarity pk:Positive ; pk:evidence ev:003-3 .
  id:claim-limits-work a pk:Claim ; skos:prefLabel "The limits would slow illicit access"@en ;
      pk:claimer id:anthropic ; pk:about id:measure-dc-access-limits ; pk:epistemicStatus pk:Forecast ;
      pk:hasFigure id:figure-limits ; pk:supports id:link-dc-limits-illicit-compute ; pk:evidence ev:003-1 .
  id:figure-limits a pk:Figure ; schema:value 3 ; schema:unitText "years" ; pk:referenceYear "2027"^^xsd:gYear ;
      pk:quantity "delay gained"@en ; pk:evidence ev:003-1 .
  id:claim-limits-leak a pk:Claim ; skos:prefLabel "The limits leak through resellers"@en ;
      pk:claimer id:critic ; pk:about id:measure-dc-access-limits ; pk:epistemicStatus pk:Opinion ;
      pk:contests id:claim-limits-work, id:link-dc-limits-illicit-compute ; pk:evidence ev:003-2 .
  id:event-rule a pk:Event ; skos:prefLabel "Fixture rule published"@en ; pk:date "2025-01-13"^^xsd:date ;
      pk:agent id:us-gov ; pk:affects id:measure-dc-access-limits ; pk:evidence ev:003-2 .
  id:event-early a pk:Event ; skos:prefLabel "Fixture lab statement"@en ; pk:date "2024"^^xsd:gYear ;
      pk:agent id:anthropic ; pk:evidence ev:003-1 .
  id:hostile a pk:Company ; skos:prefLabel {HOSTILE!r}@en ; pk:evidence ev:003-3 .
  ev:003-1 a oa:SpecificResource ; oa:hasSource doc:003_1fec6e346c5e7f15 ; pk:sourceSha256 "{SHA003}" ;
      oa:hasSelector [ a oa:TextPositionSelector ; oa:start 100 ; oa:end 180 ] .
  ev:003-2 a oa:SpecificResource ; oa:hasSource doc:003_1fec6e346c5e7f15 ; pk:sourceSha256 "{SHA003}" ;
      oa:hasSelector [ a oa:TextPositionSelector ; oa:start 150 ; oa:end 260 ] .
  ev:003-3 a oa:SpecificResource ; oa:hasSource doc:003_1fec6e346c5e7f15 ; pk:sourceSha256 "{SHA003}" ;
      oa:hasSelector [ a oa:TextPositionSelector ; oa:start 900 ; oa:end 990 ] .
}}
"""

DOC000 = PREFIXES + f"""
doc:000_0196abc190c539be {{
  id:measure-dc-access-limits a pk:Measure ; pk:status pk:Recommended ; pk:evidence ev:000-1 .
  ev:000-1 a oa:SpecificResource ; oa:hasSource doc:000_0196abc190c539be ; pk:sourceSha256 "{SHA000}" ;
      oa:hasSelector [ a oa:TextPositionSelector ; oa:start 40 ; oa:end 120 ] .
}}
"""


def write_fixture(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "documents.trig").write_text(CATALOG, encoding="utf-8")
    (folder / "003_1fec6e346c5e7f15.trig").write_text(DOC003, encoding="utf-8")
    (folder / "000_0196abc190c539be.trig").write_text(DOC000, encoding="utf-8")
    return folder
