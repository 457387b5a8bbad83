"""``kg validate``: passes on valid data, and names the file, the node and the problem for
each kind of breakage (offset outside the document, changed corpus file, statement without
evidence, unknown class, unknown property, literal of the wrong datatype, parse error)."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from kg.cli import main
from kg.core.namespaces import PK_IRI, SH
from kg.core.settings import PROJECT_ROOT
from kg.validate import Problem, validate_paths
from kg.validate.shacl import CONSTRAINT_PARAMETERS, operand_shapes
from validate_fixture import DOC_A, DOC_B, write_fixture

ONTOLOGY = PROJECT_ROOT / "ontology"
SHAPES = ONTOLOGY / "shapes.ttl"
DATA = PROJECT_ROOT / "data"


@pytest.fixture()
def fixture_data(tmp_path: Path, corpus_dir: Path) -> Path:
    return write_fixture(tmp_path / "data", corpus_dir)


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture changed: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def problems_of(data: Path, corpus: Path) -> list[Problem]:
    return validate_paths(data, corpus, ONTOLOGY).problems


# ------------------------------------------------------------------ the shapes themselves

def constraints_without_message(shapes: Graph) -> list[str]:
    """Shapes that carry a constraint but no English sh:message (operands of sh:or etc. excepted)."""
    operands = operand_shapes(shapes)
    missing = []
    for shape in {s for p in CONSTRAINT_PARAMETERS if p != SH.sparql for s in shapes.subjects(p, None)} - operands:
        messages = [m for m in shapes.objects(shape, SH.message) if isinstance(m, Literal) and m.language == "en"]
        if not messages:
            path = shapes.value(shape, SH.path)
            missing.append(f"{shape} (path {path})")
    # SPARQL constraints are reported with their own message
    for constraint in shapes.objects(None, SH.sparql):
        if shapes.value(constraint, SH.message) is None:
            missing.append(f"SPARQL constraint {constraint}")
    return missing


def test_every_constraint_has_a_message():
    shapes = Graph().parse(SHAPES)
    assert constraints_without_message(shapes) == []


def test_shapes_are_well_formed_shacl():
    """pyshacl's meta-shapes (SHACL for SHACL) accept the shapes graph; a typo such as a list where
    a single value is required would be refused."""
    import pyshacl

    conforms, _graph, text = pyshacl.validate(Graph(), shacl_graph=Graph().parse(SHAPES), meta_shacl=True)
    assert conforms, text
    broken = Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
        ex:S a sh:NodeShape ; sh:targetClass ex:C ; sh:property [ sh:path ex:p ; sh:minCount "one" ; sh:message "m" ] .
    """, format="turtle")
    from pyshacl.errors import ReportableRuntimeError

    with pytest.raises(ReportableRuntimeError, match="does not validate against the SHACL Shapes SHACL"):
        pyshacl.validate(Graph(), shacl_graph=broken, meta_shacl=True)


def test_message_checker_catches_a_missing_message():
    shapes = Graph().parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
        ex:S a sh:NodeShape ; sh:targetClass ex:C ;
            sh:property [ sh:path ex:p ; sh:minCount 1 ; sh:message "ok"@en ] , [ sh:path ex:q ; sh:maxCount 1 ] ;
            sh:or ( [ sh:path ex:r ; sh:minCount 1 ] [ sh:path ex:s ; sh:minCount 1 ] ) .
    """, format="turtle")
    missing = constraints_without_message(shapes)
    assert len(missing) == 2  # the ex:q property shape and ex:S itself (it holds the sh:or)
    assert any("example.org/q" in m for m in missing)


def test_each_property_shape_holds_one_constraint():
    """One constraint (or one min/max pair) per shape, so its message says exactly what is wrong."""
    shapes = Graph().parse(SHAPES)
    operands = operand_shapes(shapes)
    for shape in set(shapes.objects(None, SH.property)) - operands:
        params = {p for p in CONSTRAINT_PARAMETERS if (shape, p, None) in shapes} - {SH.maxCount}
        assert len(params) <= 1, f"{shapes.value(shape, SH.path)}: {params}"


def test_every_vocabulary_class_is_covered_by_a_shape():
    ontology = Graph().parse(ONTOLOGY / "policy-kg.ttl")
    shapes = Graph().parse(SHAPES)
    targeted = set(shapes.objects(None, SH.targetClass))

    def covered(cls: URIRef, seen=()) -> bool:
        return cls in targeted or any(covered(sup, seen + (cls,)) for sup in ontology.objects(cls, RDFS.subClassOf)
                                      if sup not in seen)

    own = [c for c in ontology.subjects(RDF.type, OWL.Class) if str(c).startswith(PK_IRI)]
    assert len(own) >= 30
    assert [str(c) for c in own if not covered(c)] == []


def test_shape_counts():
    shapes = Graph().parse(SHAPES)
    from kg.validate.shacl import shapes_info
    info = shapes_info(shapes)
    assert info.node_shapes >= 25 and info.shapes >= 100 and info.constraints >= info.shapes


# ------------------------------------------------------------------ valid data

def test_fixture_is_valid(fixture_data: Path, corpus_dir: Path, runner):
    report = validate_paths(fixture_data, corpus_dir, ONTOLOGY)
    assert report.problems == [], [p.line() for p in report.problems]
    assert report.anchors.anchors == 6 and report.anchors.documents == 5
    result = runner.invoke(main, ["validate", "--data", str(fixture_data), "--corpus", str(corpus_dir)])
    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("valid: 6 data files")


def test_shipped_data_is_valid(corpus_dir: Path, runner):
    result = runner.invoke(main, ["validate", "--data", str(DATA), "--corpus", str(corpus_dir)])
    assert result.exit_code == 0, result.output[-5000:]
    assert result.output.startswith("valid: ")


def test_json_report(fixture_data: Path, corpus_dir: Path, runner):
    edit(fixture_data / f"{DOC_A}.trig", "oa:start 105 ; oa:end 182", "oa:start 105 ; oa:end 99999")
    result = runner.invoke(main, ["validate", "--data", str(fixture_data), "--corpus", str(corpus_dir), "--json"])
    assert result.exit_code == 1
    report = json.loads(result.output)
    assert report["ok"] is False and report["statements"] > 100
    assert report["problems"] == [{"file": str(fixture_data / f"{DOC_A}.trig"), "node": "ev:000-2", "kind": "offset",
                                   "message": f"offsets 105-99999 fall outside {DOC_A}.txt (length 2156 characters; "
                                              "need 0 <= start < end <= length)"}]


# ------------------------------------------------------------------ each kind of breakage

BREAKAGES = {
    # name: (file, old, new, expected node, kind, words the message must contain)
    "offset outside the document": (
        DOC_B, "oa:start 2456 ; oa:end 2484", "oa:start 2456 ; oa:end 2485",
        "ev:003-1", "offset", ["2456-2485", "outside", f"{DOC_B}.txt", "length 2484"]),
    "span cuts a word": (
        DOC_A, "oa:start 105 ; oa:end 182", "oa:start 106 ; oa:end 182",
        "ev:000-2", "offset", ["offsets 106-182 cut a word", "shifted"]),
    "causal link incomplete in one graph": (
        DOC_B, "pk:status pk:Recommended ; pk:evidence ev:003-1 .",
        "pk:status pk:Recommended ; pk:evidence ev:003-1 .\n  id:link-test-1 a pk:CausalLink ; pk:evidence ev:003-1 .",
        "id:link-test-1", "causal", ["pk:cause, pk:effect, pk:polarity", f"doc:{DOC_B}"]),
    "negative offset": (
        DOC_A, "oa:start 0 ; oa:end 40", "oa:start -5 ; oa:end 40",
        "[oa:hasSelector of ev:000-1]", "shacl", ["oa:start must not be negative", "-5"]),
    "empty span": (
        DOC_A, "oa:start 105 ; oa:end 182", "oa:start 182 ; oa:end 182",
        "[oa:hasSelector of ev:000-2]", "shacl", ["oa:start must be less than oa:end"]),
    "statement without evidence": (
        DOC_A, 'skos:prefLabel "China"@en ; pk:evidence ev:000-1 .', 'skos:prefLabel "China"@en .',
        "id:china", "evidence", ["statement without evidence", "rdf:type, skos:prefLabel",
                                 f"doc:{DOC_A}", "no pk:evidence"]),
    "evidence anchor not described": (
        DOC_A, 'skos:prefLabel "China"@en ; pk:evidence ev:000-1 .', 'skos:prefLabel "China"@en ; pk:evidence ev:000-7 .',
        "id:china", "evidence", ["ev:000-7", "not described"]),
    "anchor not used": (
        DOC_B, "  ev:003-1 a oa:SpecificResource", "  ev:003-2 a oa:SpecificResource",
        "ev:003-2", "evidence", ["anchor not used"]),
    "anchor named for another document": (
        DOC_B, "  ev:003-1 a oa:SpecificResource", "  ev:001-1 a oa:SpecificResource",
        "ev:001-1", "evidence", [f"anchors of doc:{DOC_B} are named ev:003-<n>"]),
    "unknown class": (
        DOC_A, "id:china a pk:State", "id:china a pk:Country",
        "id:china", "unknown-term", ["unknown class pk:Country", "ontology/policy-kg.ttl"]),
    "unknown external class": (
        DOC_A, "id:china a pk:State", "id:china a schema:Country",
        "id:china", "unknown-term", ["unknown class schema:Country"]),
    "unknown property": (
        DOC_A, "pk:targets id:china", "pk:aimsAt id:china",
        "id:measure-test-controls", "unknown-term", ["unknown property pk:aimsAt", "ontology/policy-kg.ttl"]),
    "unknown concept": (
        DOC_A, "pk:status pk:Recommended ; pk:proposedBy", "pk:status pk:Proposed ; pk:proposedBy",
        "id:measure-test-controls", "unknown-term", ["unknown term pk:Proposed"]),
    "date of the wrong datatype": (
        DOC_A, 'pk:date "2025-08"^^xsd:gYearMonth', 'pk:date "last August"',
        "id:event-test", "shacl", ["pk:date must be a valid xsd:date, xsd:gYearMonth or xsd:gYear", '"last August"']),
    "impossible month": (
        DOC_A, '"2025-08"^^xsd:gYearMonth', '"2025-13"^^xsd:gYearMonth',
        "id:event-test", "shacl", ["month 01-12", '"2025-13"^^xsd:gYearMonth']),
    "offset as a string": (
        DOC_A, "oa:start 105 ;", 'oa:start "105" ;',
        "[oa:hasSelector of ev:000-2]", "shacl", ["oa:start must be an integer", '"105"']),
    "number as a string": (
        DOC_A, "schema:minValue 1 ;", 'schema:minValue "one" ;',
        "id:figure-test", "shacl", ["schema:minValue must be a number", '"one"']),
    "flag not boolean": (
        DOC_A, "pk:dateApproximate true", 'pk:dateApproximate "yes"',
        "id:event-test", "shacl", ["pk:dateApproximate must be an xsd:boolean"]),
    "bad hash": (
        DOC_B, 'pk:sourceSha256 "', 'pk:sourceSha256 "XYZ',
        "ev:003-1", "shacl", ["pk:sourceSha256 must be 64 lowercase hex characters"]),
    "polarity outside its scheme": (
        DOC_A, "pk:polarity pk:Negative ; pk:mechanism", "pk:polarity pk:Forecast ; pk:mechanism",
        "id:link-test-1", "shacl", ["pk:polarity must be pk:Positive or pk:Negative", "pk:Forecast"]),
    "second cause": (
        DOC_A, "pk:cause id:measure-test-controls ;", "pk:cause id:measure-test-controls, id:china ;",
        "id:link-test-1", "shacl", ["exactly one pk:cause"]),
    "missing shortcut": (
        DOC_A, "id:measure-test-controls pk:decreases id:pathway-test .", "",
        "id:link-test-1", "causal", ["shortcut triple missing", "id:measure-test-controls pk:decreases "
                                        "id:pathway-test"]),
    "shortcut without its link": (
        DOC_A, "pk:decreases id:capability-test ;", "pk:increases id:capability-test ;",
        "id:pathway-test", "causal", ["pk:increases id:capability-test", "no pk:CausalLink",
                                         "pk:Positive polarity"]),
    "claim without claimer": (
        DOC_A, "pk:claimer id:anthropic ; pk:about", "pk:about",
        "id:claim-test", "shacl", ["A claim needs a pk:claimer"]),
    "proposer not an actor": (
        DOC_A, "pk:proposedBy id:anthropic", "pk:proposedBy id:figure-test",
        "id:measure-test-controls", "shacl", ["pk:proposedBy must point at a pk:Actor", "id:figure-test"]),
    "anchor into another document": (
        DOC_B, f"oa:hasSource doc:{DOC_B}", f"oa:hasSource doc:{DOC_A}",
        "ev:003-1", "evidence", [f"points into doc:{DOC_A}", f"graph of doc:{DOC_B}"]),
    "graph named wrongly": (
        DOC_B, f"doc:{DOC_B} {{", f"doc:{DOC_A} {{",
        f"doc:{DOC_A}", "structure", [f"may only hold the graph doc:{DOC_B}"]),
}


@pytest.mark.parametrize("name", list(BREAKAGES))
def test_breakage_is_reported_precisely(name: str, fixture_data: Path, corpus_dir: Path, runner):
    stem, old, new, node, kind, words = BREAKAGES[name]
    path = fixture_data / f"{stem}.trig"
    edit(path, old, new)
    problems = [p for p in problems_of(fixture_data, corpus_dir) if p.kind == kind and p.node == node]
    assert problems, [p.line() for p in problems_of(fixture_data, corpus_dir)]
    assert any(p.file == str(path) and all(w in p.message for w in words) for p in problems), \
        [p.line() for p in problems]
    result = runner.invoke(main, ["validate", "--data", str(fixture_data), "--corpus", str(corpus_dir)])
    assert result.exit_code == 1
    assert f"{path}: {node}: " in result.output and f"[{kind}]" in result.output
    assert result.output.strip().splitlines()[-1].split(":")[0].endswith(("problem", "problems"))


def test_datatype_error_is_reported_once(fixture_data: Path, corpus_dir: Path):
    """A string offset also fails the order and range checks; only the datatype is reported."""
    edit(fixture_data / f"{DOC_A}.trig", "oa:start 105 ;", 'oa:start "105" ;')
    problems = problems_of(fixture_data, corpus_dir)
    assert len(problems) == 1, [p.line() for p in problems]


def test_changed_corpus_file(fixture_data: Path, corpus_dir: Path, tmp_path: Path, runner):
    corpus = tmp_path / "corpus"
    shutil.copytree(corpus_dir, corpus)
    doc = corpus / f"{DOC_A}.txt"
    doc.chmod(0o644)
    text = doc.read_text(encoding="utf-8")
    doc.write_text(text[:50] + ("#" if text[50] != "#" else "%") + text[51:], encoding="utf-8")
    problems = [p for p in problems_of(fixture_data, corpus) if p.kind == "hash"]
    by_node = {p.node: p for p in problems}
    assert set(by_node) == {f"doc:{DOC_A}", "ev:000-1", "ev:000-2"}, [p.line() for p in problems]
    assert by_node[f"doc:{DOC_A}"].file == str(fixture_data / "documents.trig")
    assert "pk:sha256" in by_node[f"doc:{DOC_A}"].message and "does not match" in by_node[f"doc:{DOC_A}"].message
    assert by_node["ev:000-1"].file == str(fixture_data / f"{DOC_A}.trig")
    assert "changed since the offsets were taken" in by_node["ev:000-1"].message
    result = runner.invoke(main, ["validate", "--data", str(fixture_data), "--corpus", str(corpus)])
    assert result.exit_code == 1 and f"doc:{DOC_A}: pk:sha256" in result.output


def test_length_change_is_reported(fixture_data: Path, corpus_dir: Path, tmp_path: Path):
    corpus = tmp_path / "corpus"
    shutil.copytree(corpus_dir, corpus)
    doc = corpus / f"{DOC_B}.txt"
    doc.chmod(0o644)
    doc.write_text(doc.read_text(encoding="utf-8")[:-10], encoding="utf-8")
    lines = [p.line() for p in problems_of(fixture_data, corpus)]
    assert any("pk:charLength 2484 but" in line and "2474 characters" in line for line in lines), lines
    assert any("ev:003-1: offsets 2456-2484 fall outside" in line for line in lines), lines


def test_missing_corpus_folder(fixture_data: Path, tmp_path: Path, runner):
    result = runner.invoke(main, ["validate", "--data", str(fixture_data), "--corpus", str(tmp_path / "nowhere")])
    assert result.exit_code == 1
    assert "corpus folder not found" in result.output


def test_parse_error_names_file_and_line(fixture_data: Path, corpus_dir: Path, runner):
    path = fixture_data / f"{DOC_A}.trig"
    edit(path, 'pk:mechanism "fixture mechanism"@en ; pk:evidence ev:000-2 .',
         'pk:mechanism "fixture mechanism"@en ; pk:evidence ev:000-2')
    line = next(i for i, text in enumerate(path.read_text().splitlines(), 1) if "id:link-test-2" in text)
    problems = [p for p in problems_of(fixture_data, corpus_dir) if p.kind == "parse"]
    assert len(problems) == 1
    assert problems[0].file == str(path)
    assert problems[0].message.startswith(f"does not parse: line {line}, column 3:")
    result = runner.invoke(main, ["validate", "--data", str(fixture_data), "--corpus", str(corpus_dir)])
    assert result.exit_code == 1 and f"{path}: does not parse: line {line}" in result.output


def test_document_without_a_graph_file(fixture_data: Path, corpus_dir: Path):
    (fixture_data / "002_c1734acbc6d7b2bc.trig").unlink()
    problems = problems_of(fixture_data, corpus_dir)
    assert [p.line() for p in problems] == [
        f"{fixture_data / 'documents.trig'}: doc:002_c1734acbc6d7b2bc: no data file holds this document's graph "
        "(expected 002_c1734acbc6d7b2bc.trig) [structure]"]


def test_statements_outside_a_graph(fixture_data: Path, corpus_dir: Path):
    path = fixture_data / f"{DOC_B}.trig"
    path.write_text(path.read_text() + 'id:anthropic skos:altLabel "Anthropic PBC"@en .\n')
    problems = [p for p in problems_of(fixture_data, corpus_dir) if p.kind == "structure"]
    assert [p.message for p in problems] == ["1 statements outside any named graph: put them in the document's "
                                             "graph (or the catalog graph)"]


def test_real_process_exit_codes(fixture_data: Path, corpus_dir: Path, tmp_path: Path):
    import subprocess
    import sys

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "kg.cli.run", "validate", "--corpus", str(corpus_dir), *args],
                              capture_output=True, text=True, cwd=PROJECT_ROOT, timeout=120)

    ok = run("--data", str(fixture_data))
    assert ok.returncode == 0 and ok.stdout.startswith("valid: "), ok.stdout + ok.stderr
    edit(fixture_data / f"{DOC_A}.trig", 'id:china a pk:State', 'id:china a pk:Country')
    bad = run("--data", str(fixture_data))
    assert bad.returncode == 1
    assert bad.stdout.splitlines()[0] == (f"{fixture_data / (DOC_A + '.trig')}: id:china: unknown class pk:Country: "
                                          "not declared in ontology/policy-kg.ttl [unknown-term]")
    missing = run("--data", str(tmp_path / "nowhere"))
    assert missing.returncode == 1 and "data folder not found" in missing.stdout
