"""Graphs compared as graphs: isomorphism, with the statements on each side when they differ; the
project's prefixes as @prefix lines for hand-made TriG."""
from __future__ import annotations

import os
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from kg.core.namespaces import prefixes

GOLDEN = Path(__file__).parent / "golden"
PREFIXES = {p: iri for p, iri in prefixes().items() if p in ("pk", "id", "doc", "ev", "oa")}   # golden files'
# the project's prefixes as Turtle/TriG @prefix lines, for the hand-made graphs of the tests
TURTLE_PREFIXES = "".join(f"@prefix {p}: <{iri}> .\n" for p, iri in prefixes().items())


def assert_isomorphic(expected: Graph, got: Graph, names: tuple[str, str] = ("expected", "got")) -> None:
    """Fail with the N-Triples found on one side only (blank nodes canonicalised)."""
    if isomorphic(expected, got):
        return
    _, only_expected, only_got = graph_diff(to_isomorphic(expected), to_isomorphic(got))
    pytest.fail(f"graphs differ ({len(expected)} vs {len(got)} triples)\n"
                f"-- only in {names[0]}:\n{only_expected.serialize(format='nt').strip()}\n"
                f"-- only in {names[1]}:\n{only_got.serialize(format='nt').strip()}")


def assert_matches_golden(got: Graph, name: str) -> None:
    """Compare with tests/golden/<name>.ttl; KG_UPDATE_GOLDEN=1 rewrites the file instead
    (review the diff before committing it)."""
    path = GOLDEN / f"{name}.ttl"
    if os.environ.get("KG_UPDATE_GOLDEN") == "1":
        out = Graph()
        for prefix, ns in PREFIXES.items():
            out.bind(prefix, ns)
        out += got
        path.write_text(out.serialize(format="turtle"), encoding="utf-8")
    assert path.is_file(), f"{path} is missing: run with KG_UPDATE_GOLDEN=1 once and review it"
    assert_isomorphic(Graph().parse(path, format="turtle"), got, names=(f"golden/{path.name}", "the result"))
