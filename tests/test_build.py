"""``kg build``: counts by class and per document graph; the on-disk store is reused while
nothing changed and rebuilt when a data file changes; a broken data file fails the build
cleanly and leaves the previous store in place."""
from __future__ import annotations

import gc
import json
from collections import Counter
from pathlib import Path

import pytest
from rdflib import Dataset
from rdflib.namespace import RDF

from kg.store.build import FINGERPRINT_FILE, counts, is_current, open_store
from kg.cli import main
from kg.core.settings import PROJECT_ROOT, Settings
from kg.store import disk_store
from validate_fixture import DOC_A, DOC_B, write_fixture

DATA = PROJECT_ROOT / "data"


@pytest.fixture()
def fixture_data(tmp_path: Path, corpus_dir: Path) -> Path:
    return write_fixture(tmp_path / "data", corpus_dir)


def disk_settings(tmp_path: Path, data: Path, corpus: Path) -> Settings:
    return Settings.from_env(env={}, store="oxigraph", store_path=str(tmp_path / "kg" / "store"),
                             data_dir=str(data), corpus=str(corpus))


def expected_counts(data: Path) -> tuple[dict[str, int], Counter]:
    """Quads per named graph and entities per pk: class, computed with rdflib from the TriG files."""
    per_graph: dict[str, int] = {}
    typed: dict[str, set] = {}
    for path in sorted(data.glob("*.trig")):
        ds = Dataset()
        ds.parse(path, format="trig")
        for s, p, o, g in ds.quads((None, None, None, None)):
            per_graph[str(g)] = per_graph.get(str(g), 0) + 1
            if p == RDF.type and str(o).startswith("https://w3id.org/policy-kg/ns#"):
                typed.setdefault("pk:" + str(o).rsplit("#", 1)[1], set()).add(s)
    return per_graph, Counter({k: len(v) for k, v in typed.items()})


def test_build_json_counts_by_class_and_graph(fixture_data: Path, corpus_dir: Path, runner):
    result = runner.invoke(main, ["build", "--store", "memory", "--json", "--data", str(fixture_data)])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    per_graph, per_class = expected_counts(fixture_data)
    graphs = {g["graph"]: g for g in out["graphs"]}
    assert graphs[f"doc:{DOC_A}"] == {"graph": f"doc:{DOC_A}", "quads": per_graph[f"https://w3id.org/policy-kg/id/doc/{DOC_A}"], "anchors": 2}
    assert graphs[f"doc:{DOC_B}"]["anchors"] == 1
    assert graphs["id:graph-catalog"]["anchors"] == 0
    classes = {c["class"]: c["count"] for c in out["classes"]}
    assert classes["pk:SourceDocument"] == 5 and classes["pk:CausalLink"] == 2 and classes["pk:State"] == 2
    for cls, n in per_class.items():
        assert classes[cls] == n, cls
    assert out["quads"] == sum(g["quads"] for g in out["graphs"])


def test_build_json_on_shipped_data(runner):
    result = runner.invoke(main, ["build", "--store", "memory", "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.stdout)
    per_graph, per_class = expected_counts(DATA)
    graphs = {g["graph"]: g for g in out["graphs"]}
    for path in DATA.glob("*.trig"):
        if path.name != "documents.trig":
            g = graphs[f"doc:{path.stem}"]
            assert g["quads"] == per_graph[f"https://w3id.org/policy-kg/id/doc/{path.stem}"] and g["anchors"] > 0
    classes = {c["class"]: c["count"] for c in out["classes"]}
    assert classes == dict(per_class)


def test_text_output(fixture_data: Path, runner):
    result = runner.invoke(main, ["build", "--store", "memory", "--data", str(fixture_data)])
    assert result.exit_code == 0
    assert result.stdout.startswith("quads: ")
    assert "entities by class:" in result.stdout and f"doc:{DOC_A}" in result.stdout


def test_disk_store_reused_until_data_changes(fixture_data: Path, corpus_dir: Path, tmp_path: Path):
    settings = disk_settings(tmp_path, fixture_data, corpus_dir)
    log: list[str] = []
    store = open_store(settings, progress=log.append)
    first = len(store)
    assert any(m.startswith("building store") for m in log)
    marker = Path(settings.store_path) / FINGERPRINT_FILE
    stamp = marker.stat().st_mtime_ns
    del store
    gc.collect()

    log.clear()
    store = open_store(settings, progress=log.append)
    assert log == [] and len(store) == first and marker.stat().st_mtime_ns == stamp
    del store
    gc.collect()

    path = fixture_data / f"{DOC_B}.trig"
    path.write_text(path.read_text().replace('pk:evidence ev:003-1 .\n  id:measure',
                                             'skos:altLabel "Anthropic PBC"@en ; pk:evidence ev:003-1 .\n  id:measure', 1))
    assert not is_current(settings)
    store = open_store(settings, progress=log.append)
    assert any(m.startswith("building store") for m in log)
    assert len(store) == first + 1 and is_current(settings)
    assert store.ask('ASK { GRAPH ?g { id:anthropic skos:altLabel "Anthropic PBC"@en } }')


def test_broken_data_file_keeps_the_old_store(fixture_data: Path, corpus_dir: Path, tmp_path: Path, runner):
    settings = disk_settings(tmp_path, fixture_data, corpus_dir)
    args = ["build", "--data", str(fixture_data), "--store-path", settings.store_path, "--store", "oxigraph"]
    result = runner.invoke(main, args)
    assert result.exit_code == 0, result.output
    marker = Path(settings.store_path) / FINGERPRINT_FILE
    old_fingerprint = marker.read_text()
    old_counts = counts(open_store(settings.replace(store="oxigraph"), read_only=True))
    gc.collect()

    path = fixture_data / f"{DOC_A}.trig"
    text = path.read_text()
    broken = text.replace('pk:mechanism "fixture mechanism"@en ; pk:evidence ev:000-2 .',
                          'pk:mechanism "fixture mechanism"@en ; pk:evidence ev:000-2', 1)
    assert broken != text
    path.write_text(broken)
    line = next(i for i, t in enumerate(broken.splitlines(), 1) if "id:link-test-2" in t)

    result = runner.invoke(main, args)
    assert result.exit_code == 1
    assert f"error: {path}: Parser error at line {line}" in result.stderr
    assert "Traceback" not in result.output
    # the previous store is untouched and nothing half-written is left beside it
    assert marker.read_text() == old_fingerprint
    assert [p.name for p in Path(settings.store_path).parent.iterdir() if p.name != "warm"] == ["store"]
    reopened = disk_store(Path(settings.store_path), settings.base_iri, read_only=True)
    assert counts(reopened) == old_counts


def test_broken_data_file_in_memory_build(fixture_data: Path, runner):
    path = fixture_data / f"{DOC_B}.trig"
    path.write_text(path.read_text().replace("oa:start", "oa:start oa:start", 1))
    result = runner.invoke(main, ["build", "--store", "memory", "--data", str(fixture_data)])
    assert result.exit_code == 1
    assert f"error: {path}: Parser error at line" in result.stderr
