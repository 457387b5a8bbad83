"""A small, valid curated data set written into a temporary folder, for validation and build tests.

It describes every corpus document (most with one statement) with the real hashes and lengths (computed from the
corpus at test time) and a handful of statements in our own words; it quotes nothing. The anchors start and end on word boundaries of their documents.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

from graphs import TURTLE_PREFIXES

DOC_A = "000_0196abc190c539be"
DOC_B = "003_1fec6e346c5e7f15"

PREFIXES = TURTLE_PREFIXES


def doc_info(corpus: Path, stem: str) -> tuple[str, int]:
    text = (corpus / f"{stem}.txt").read_bytes().decode("utf-8")
    return hashlib.sha256(text.encode("utf-8")).hexdigest(), len(text)


def catalog(corpus: Path) -> str:
    parts = [PREFIXES, "id:graph-catalog {\n"]
    for stem in sorted(p.stem for p in corpus.glob("*.txt")):
        sha, n = doc_info(corpus, stem)
        parts.append(f"""  doc:{stem} a pk:SourceDocument ;
      dcterms:identifier "{stem}" ; pk:fileName "{stem}.txt" ;
      dcterms:title "Test document {stem[:3]}"@en ;
      pk:sha256 "{sha}" ; pk:charLength {n} .
""")
    parts.append("}\n")
    return "".join(parts)


def anchor(stem: str, n: int, sha: str, start: int, end: int) -> str:
    num = stem[:3]
    return f"""  ev:{num}-{n} a oa:SpecificResource ; oa:hasSource doc:{stem} ; pk:sourceSha256 "{sha}" ;
      oa:hasSelector [ a oa:TextPositionSelector ; oa:start {start} ; oa:end {end} ] .
"""


def doc_a(corpus: Path) -> str:
    sha, _ = doc_info(corpus, DOC_A)
    return PREFIXES + f"""doc:{DOC_A} {{
  id:anthropic a pk:AILab ; skos:prefLabel "Anthropic"@en ; pk:evidence ev:000-1 .
  id:united-states a pk:State ; skos:prefLabel "United States"@en ; pk:evidence ev:000-1 .
  id:china a pk:State ; skos:prefLabel "China"@en ; pk:evidence ev:000-1 .
  id:measure-test-controls a pk:Measure ;
      skos:prefLabel "Test measure on chip sales"@en ;
      pk:status pk:Recommended ; pk:proposedBy id:anthropic ; pk:targets id:china ;
      pk:evidence ev:000-2 .
  id:pathway-test a pk:Pathway ; skos:prefLabel "Test pathway"@en ;
      pk:decreases id:capability-test ; pk:evidence ev:000-2 .
  id:measure-test-controls pk:decreases id:pathway-test .
  id:capability-test a pk:Capability ; skos:prefLabel "Test capability"@en ; pk:evidence ev:000-2 .
  id:link-test-1 a pk:CausalLink ; pk:cause id:measure-test-controls ; pk:effect id:pathway-test ;
      pk:polarity pk:Negative ; pk:mechanism "fixture mechanism"@en ; pk:evidence ev:000-2 .
  id:link-test-2 a pk:CausalLink ; pk:cause id:pathway-test ; pk:effect id:capability-test ;
      pk:polarity pk:Negative ; pk:evidence ev:000-2 .
  id:claim-test a pk:Claim ; skos:prefLabel "Test claim about a lead"@en ;
      pk:claimer id:anthropic ; pk:about id:united-states ; pk:epistemicStatus pk:Forecast ;
      pk:hasFigure id:figure-test ; pk:evidence ev:000-1 .
  id:figure-test a pk:Figure ; pk:quantity "lead in years"@en ; schema:minValue 1 ; schema:maxValue 2 ;
      schema:unitText "years" ; pk:referenceYear "2028"^^xsd:gYear ; pk:evidence ev:000-1 .
  id:event-test a pk:Event ; skos:prefLabel "Test event"@en ; pk:date "2025-08"^^xsd:gYearMonth ;
      pk:dateApproximate true ; pk:agent id:anthropic ; pk:evidence ev:000-2 .
{anchor(DOC_A, 1, sha, 0, 40)}{anchor(DOC_A, 2, sha, 105, 182)}}}
"""


def doc_b(corpus: Path) -> str:
    sha, n = doc_info(corpus, DOC_B)
    return PREFIXES + f"""doc:{DOC_B} {{
  id:anthropic a pk:AILab ; skos:prefLabel "Anthropic"@en ; pk:evidence ev:003-1 .
  id:measure-test-controls a pk:Measure ; pk:status pk:Recommended ; pk:evidence ev:003-1 .
{anchor(DOC_B, 1, sha, n - 28, n)}}}
"""


def word_end(text: str, i: int) -> int:
    """The first end of a word at or after ``i``."""
    while i < len(text) and not (text[i - 1].isalnum() and not text[i].isalnum()):
        i += 1
    return i


def doc_other(corpus: Path, stem: str) -> str:
    """A one-statement graph for each of the other documents."""
    sha, _ = doc_info(corpus, stem)
    text = (corpus / f"{stem}.txt").read_text(encoding="utf-8")
    return PREFIXES + f"""doc:{stem} {{
  id:anthropic a pk:AILab ; skos:prefLabel "Anthropic"@en ; pk:evidence ev:{stem[:3]}-1 .
{anchor(stem, 1, sha, 0, word_end(text, 20))}}}
"""


def write_fixture(folder: Path, corpus: Path) -> Path:
    """Write the valid data set into ``folder`` (created) and return it."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "documents.trig").write_text(catalog(corpus), encoding="utf-8")
    (folder / f"{DOC_A}.trig").write_text(doc_a(corpus), encoding="utf-8")
    (folder / f"{DOC_B}.trig").write_text(doc_b(corpus), encoding="utf-8")
    for path in sorted(corpus.glob("*.txt")):
        if path.stem not in (DOC_A, DOC_B):
            (folder / f"{path.stem}.trig").write_text(doc_other(corpus, path.stem), encoding="utf-8")
    return folder
