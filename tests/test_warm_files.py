"""Warm-state files are data and signed (``kg.index.lasting``): a value comes back as it went (lists,
tuples, sets, Counters, dicts with any keys, named classes, networkx graphs); a file that was
damaged, replaced, cut short, or written as a pickle that would run code, is not read and its
value is built again; a file signed with the key but naming a class the caller did not name is
refused too. The app never crashes on them and never runs what they hold."""
from __future__ import annotations

import json
import os
import pickle
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
import pytest

from kg.index import lasting, versions, warm
from kg.index.cache import forget, per_generation
from kg.index.labels import index
from kg.store import memory_store

BASE = "https://w3id.org/policy-kg/id/"


class _Ordered(list):
    named: set


@dataclass
class _Part:
    name: str
    tags: set = field(default_factory=set)
    found: dict = field(default_factory=dict)


class _Explode:
    """Unpickling this writes the file named by its argument: proof that a pickle ran code."""

    def __init__(self, path: str) -> None:
        self.path = path

    def __reduce__(self):
        return (Path.write_text, (Path(self.path), "ran"))


def test_values_come_back_as_they_went():
    ordered = _Ordered(["b", "a"])
    ordered.named = {"x", "y"}
    G = nx.MultiDiGraph(note="n")
    G.add_node("a", label="A", kind="Measure")
    G.add_edge("a", "b", "k1", sign=-1, raw=_Part("p", {"t"}, {"c": {"d"}}))
    value = {"list": ["x", ("d", None), 3, 2.5, True], "tuple": ("a", 1), "set": {"s", "t"}, "frozen": frozenset({1}),
             "counter": Counter({"a": 2}), (1, "key"): "a tuple key", "ordered": ordered, "graph": G,
             "part": _Part("q")}
    codec = lasting.Codec((_Ordered, _Part))
    back = codec.loads(codec.dumps(value))
    assert {k: v for k, v in back.items() if k != "graph"} == {k: v for k, v in value.items() if k != "graph"}
    assert type(back["tuple"]) is tuple and type(back["counter"]) is Counter and type(back["ordered"]) is _Ordered
    assert back["ordered"].named == {"x", "y"} and type(back["frozen"]) is frozenset
    H = back["graph"]
    assert type(H) is nx.MultiDiGraph and H.graph == {"note": "n"} and dict(H.nodes(data=True)) == dict(G.nodes(data=True))
    assert list(H.edges(keys=True, data=True)) == list(G.edges(keys=True, data=True))
    with pytest.raises(TypeError, match="cannot hold"):
        lasting.Codec().dumps({"x": _Part("unnamed")})


@pytest.mark.parametrize("form", [{"o": "os.system", "p": ["echo hi"]}, {"q": 1}, {"g": "Graph", "a": 1},
                                  {"d": [["unhashable"], 1]}, {"t": 5}])
def test_foreign_forms_are_refused(form):
    with pytest.raises(lasting.Unreadable):
        lasting.Codec((_Part,)).loads(json.dumps(form).encode())


def _warm_store(folder: Path):
    store = memory_store(BASE)
    store.update(f"""INSERT DATA {{ GRAPH <{BASE}doc/g> {{
        <{BASE}m1> a <https://w3id.org/policy-kg/ns#Measure> ; <http://www.w3.org/2004/02/skos/core#prefLabel> "Zebra rule" .
        <{BASE}m2> a <https://w3id.org/policy-kg/ns#Measure> ; <http://www.w3.org/2004/02/skos/core#prefLabel> "Apple rule" . }} }}""")
    store.keep_warm(folder, "test data")
    return store


@pytest.fixture(autouse=True)
def _test_part(monkeypatch):
    """The values these tests keep are one warm part of their own (``kg.index.versions``)."""
    monkeypatch.setitem(versions.PARTS, "test:values", versions.Part(1, (), ""))


def _key(name: str) -> str:
    return f"test:values:{name}"


def _value(store, name: str, built: list) -> list:
    def build():
        built.append(name)
        return sorted(x for x, in store.values(f"SELECT ?x WHERE {{ ?x a <https://w3id.org/policy-kg/ns#Measure> }}"))
    return per_generation(store, _key(name), build, None, warm.DATA)


def _file(store, key: str, suffix: str) -> Path:
    found = warm.shelf(store).file(key, suffix)
    assert found.is_file(), found
    return found


def test_a_damaged_or_hostile_warm_file_is_built_again(tmp_path: Path):
    store = _warm_store(tmp_path / "warm")
    built: list[str] = []
    cases = ("replaced", "pickle", "unsigned", "signed-foreign")
    first = {c: _value(store, c, built) for c in cases}
    assert built == list(cases) and first["replaced"] == [BASE + "m1", BASE + "m2"]
    forget(store)
    assert {c: _value(store, c, built) for c in cases} == first and built == list(cases)   # read, not built

    marker = tmp_path / "pickle-ran"
    _file(store, _key("replaced"), ".json").write_text(json.dumps([BASE + "forged"]))       # its old signature kept
    _file(store, _key("pickle"), ".json").write_bytes(pickle.dumps(_Explode(str(marker))))
    _file(store, _key("unsigned"), ".json.mac").unlink()
    foreign = _file(store, _key("signed-foreign"), ".json")
    data = json.dumps({"o": "builtins.eval", "p": ["1"]}).encode()
    foreign.write_bytes(data)
    lasting.sign(warm.shelf(store).secret(), foreign, data)   # even with the key, only named classes are made

    forget(store)
    before = dict(warm.counts)
    again = {c: _value(store, c, built) for c in cases}
    assert again == first and built == list(cases) * 2
    assert not marker.exists()
    for c in cases:
        assert warm.counts[f"refused {_key(c)}"] == before.get(f"refused {_key(c)}", 0) + 1, c
    assert oct(os.stat(tmp_path / "warm" / lasting.KEY_FILE).st_mode & 0o777) == "0o600"


def test_a_damaged_label_index_file_is_built_again(tmp_path: Path):
    store = _warm_store(tmp_path / "warm")
    assert index(store).label(BASE + "m2") == "Apple rule"
    path = _file(store, "search:index", ".sqlite")
    path.write_bytes(path.read_bytes()[:4096])            # cut short
    forget(store)
    before = warm.counts["refused search:index"]
    assert index(store).label(BASE + "m2") == "Apple rule"
    assert warm.counts["refused search:index"] == before + 1


def test_a_claims_order_is_read_onto_its_own_claims_list_only(tmp_path: Path):
    """A claims order is kept as positions into the list of claims: read back after a write that
    added a claim (before the first read), the positions no longer fit and the order is built."""
    from kg.pages import claims

    store = _warm_store(tmp_path / "warm")
    claim = "https://w3id.org/policy-kg/ns#Claim"
    store.update(f"INSERT DATA {{ GRAPH <{BASE}doc/g> {{ <{BASE}c1> a <{claim}> ; "
                 f"<http://www.w3.org/2004/02/skos/core#prefLabel> \"B claim\" . }} }}")
    store.keep_warm(tmp_path / "warm", "claims data")
    first = list(claims.order(store, "claim"))
    forget(store)
    before = dict(warm.counts)
    assert list(claims.order(store, "claim")) == first == [BASE + "c1"]
    assert warm.counts["read claims:order:claim"] == before.get("read claims:order:claim", 0) + 1

    forget(store)
    store.update(f"INSERT DATA {{ GRAPH <{BASE}doc/g> {{ <{BASE}c0> a <{claim}> ; "
                 f"<http://www.w3.org/2004/02/skos/core#prefLabel> \"A claim\" . }} }}")
    built = warm.counts["built claims:order:claim"]
    assert list(claims.order(store, "claim")) == [BASE + "c0", BASE + "c1"]
    assert warm.counts["built claims:order:claim"] == built + 1
