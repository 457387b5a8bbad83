"""``kg trace`` on a hand-made data folder: text, JSON, errors and scenarios."""
from __future__ import annotations

import json

import pytest

from kg.cli import main
from test_trace import trig

LINKS = [("l1", "m", "a", -1, [1]), ("l2", "a", "t", 1, [1, 2]), ("l3", "m", "t", 1, [2, 3])]
LABELS = {"x1": "Twin", "x2": "Twin"}
EXTRA = ("id:graph-catalog { id:s-on a pk:Scenario ; skos:prefLabel \"Measure on\"@en ; pk:measureInForce id:m ."
         " id:s-off a pk:Scenario ; skos:prefLabel \"Nothing on\"@en . }")


@pytest.fixture()
def data_args(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "graph.trig").write_text(trig(LINKS, LABELS, EXTRA), encoding="utf-8")
    return ["--store", "memory", "--data", str(tmp_path / "data"), "--corpus", str(tmp_path)]


def test_text_lists_targets_paths_and_sources(runner, data_args):
    r = runner.invoke(main, ["trace", "M", *data_args])
    assert r.exit_code == 0, r.output
    assert "T [Factor] (id:t): net ±" in r.output
    assert "M -(−)-> A -(+)-> T" in r.output
    assert "source: doc:d2" in r.output


def test_json_with_target_and_support_filter(runner, data_args):
    r = runner.invoke(main, ["trace", "id:m", "--to", "t", "--min-support", "2", "--format", "json", *data_args])
    assert r.exit_code == 0, r.output
    out = json.loads(r.output)
    assert out["measure"]["iri"].endswith("/m")
    assert [(t["label"], t["net"]) for t in out["targets"]] == [("T", "+")]
    assert out["options"]["min_support"] == 2


def test_ambiguous_and_unknown_names_exit_with_candidates(runner, data_args):
    r = runner.invoke(main, ["trace", "twin", *data_args])
    assert r.exit_code == 2, (r.exit_code, r.output, r.exception)
    assert "error: 'twin' names 2 nodes: id:x1 (Twin); id:x2 (Twin)" in r.output
    r = runner.invoke(main, ["trace", "Mm", "--to", "Tt", *data_args])
    assert r.exit_code == 2, (r.exit_code, r.output, r.exception)
    assert "error: no node is labelled 'Mm'" in r.output
    r = runner.invoke(main, ["trace", "M", "--to", "Tt", *data_args])     # the target is resolved too
    assert r.exit_code == 2, (r.exit_code, r.output, r.exception)
    assert "error: no node is labelled 'Tt'" in r.output


def test_scenarios_compare(runner, data_args):
    r = runner.invoke(main, ["trace", "--scenario", "measure on", "--vs", "Nothing on", *data_args])
    assert r.exit_code == 0, r.output
    assert "only in A" in r.output and "<- changes" in r.output
    # --scenario without --vs is a usage error (exit 2 with the message), not a crash (exit 1)
    r = runner.invoke(main, ["trace", "--scenario", "measure on", *data_args])
    assert r.exit_code == 2, (r.exit_code, r.output, r.exception)
    assert isinstance(r.exception, SystemExit)
    assert "Error: --scenario and --vs go together" in r.output


@pytest.mark.parametrize("fmt,marker", [("dot", b"digraph"), ("mermaid", b"flowchart LR"), ("svg", b"<svg")])
def test_diagram_formats(runner, data_args, fmt, marker):
    r = runner.invoke(main, ["trace", "M", "--format", fmt, *data_args])
    assert r.exit_code == 0, r.output
    assert marker in r.stdout_bytes
    if fmt == "dot":
        assert b"dashed" in r.stdout_bytes          # the decreasing link M -> A
