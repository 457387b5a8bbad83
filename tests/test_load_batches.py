"""kg serve --load / kg query --load bulk-load a file a batch at a time (kg.sparql.temporary.BATCH):
the store holds what one bulk load of the whole file would, blank nodes included."""
from __future__ import annotations

from pathlib import Path

import pytest

from kg.sparql import temporary
from kg.sparql.temporary import remove_temporary, temporary_store

EX = "http://example.org/"
G = f"<{EX}g>"


def nquads(path: Path, label: str, extra: int) -> Path:
    """A blank node stated on the first line and again after ``extra`` lines of other quads."""
    lines = [f"_:{label} <{EX}p> \"first\" {G} ."]
    lines += [f"<{EX}s{i}> <{EX}q> \"{i}\" {G} ." for i in range(extra)]
    lines += [f"_:{label} <{EX}p> \"last\" {G} .", f"<{EX}a> <{EX}r> _:{label} {G} ."]
    path.write_text("\n".join(lines) + "\n")
    return path


@pytest.fixture
def small_batches(monkeypatch):
    monkeypatch.setattr(temporary, "BATCH", 3)


def test_a_blank_node_across_batches_stays_one_node(tmp_path, small_batches):
    store = temporary_store([nquads(tmp_path / "one.nq", "b", 7)], EX)
    try:
        rows = store.values(f"SELECT ?b ?v WHERE {{ <{EX}a> <{EX}r> ?b . ?b <{EX}p> ?v }}")
        assert sorted(v for _, v in rows) == ["first", "last"]
        assert len({b for b, _ in rows}) == 1
        assert len(store) == 10
    finally:
        remove_temporary(store)


def test_the_same_label_in_two_files_is_two_nodes(tmp_path, small_batches):
    store = temporary_store([nquads(tmp_path / "one.nq", "b", 1), nquads(tmp_path / "two.nq", "b", 1)], EX)
    try:
        nodes = {b for (b,) in store.values(f"SELECT DISTINCT ?b WHERE {{ ?b <{EX}p> ?v }}")}
        assert len(nodes) == 2
    finally:
        remove_temporary(store)


def test_kg_build_loads_in_batches_and_keeps_blank_nodes(tmp_path, monkeypatch):
    """``kg build``'s loader (kg.store.bulk) hands the quads over ``BATCH`` at a time, too."""
    import pyoxigraph as ox

    from kg.store import bulk
    from kg.store.digests import Digests

    monkeypatch.setattr(bulk, "BATCH", 3)
    store = ox.Store()
    load = bulk.BulkLoad(store, Digests(None))
    load.run([(nquads(tmp_path / "one.nq", "b", 7), None), (nquads(tmp_path / "two.nq", "b", 1), None)], None)
    assert load.quads == 14 and len(store) == 13        # <s0> q "0" is in both files
    rows = list(store.query(f"SELECT ?b ?v WHERE {{ GRAPH ?g {{ <{EX}a> <{EX}r> ?b . ?b <{EX}p> ?v }} }}"))
    assert len({r["b"] for r in rows}) == 2 and len(rows) == 4     # one node per file, both its values
