"""Values cached per store generation stay right when a write runs while they are read.

Each test plays one interleaving of a reader and a writer, step by step in one thread (the
writer's steps are run at the point where another thread could run them), so the outcome
does not depend on timing:
- the quad count read while a write is under way was kept as the old generation's, then the
  write's net was added again when the count followed it (home and /health drifted);
- a label or a node's types read just before ``advance`` dropped them were stored after the
  drop, and the stale value stuck."""
from __future__ import annotations

import pyoxigraph as ox
import pytest

from kg.index.cache import forget
from kg.index.labels import LabelIndex
from kg.pages.lists import quads
from kg.store.changes import Change
from kg.store.embedded import memory_store

BASE = "https://w3id.org/policy-kg/id/"
X = BASE + "race-node"
G = BASE + "graph-race"


@pytest.fixture()
def store():
    s = memory_store(BASE)
    s.update(f'INSERT DATA {{ GRAPH <{G}> {{ <{X}> skos:prefLabel "Old name"@en ; a pk:Actor . '
             f'<{BASE}other> skos:prefLabel "Other"@en }} }}')
    yield s
    forget(s)


def test_a_count_read_while_a_write_is_under_way_is_not_kept(store):
    assert quads(store) == len(store)
    forget(store)                            # the next count is built, not followed
    quad = ox.Quad(ox.NamedNode(BASE + "a"), ox.NamedNode(BASE + "b"), ox.Literal("c"), ox.NamedNode(G))
    store.begin()                            # a writer starts ...
    store.oxigraph.add(quad)                 # ... and its quad is in the store, not yet counted as a write
    assert quads(store) == len(store)        # a reader counts meanwhile
    store.bump(Change.of([quad], net=1))     # the write ends
    assert quads(store) == len(store), "the write was counted twice"


@pytest.mark.parametrize("write", [
    lambda s: s.update(f'INSERT DATA {{ GRAPH <{G}> {{ <{BASE}n1> skos:prefLabel "N"@en }} }}'),
    lambda s: s.load_file(_ttl(s), graph=G),
])
def test_every_write_of_the_store_is_under_way_while_it_changes_the_data(store, write):
    seen = []

    class Watching:
        """The engine, telling whether the store says a write is under way when data changes."""

        def __init__(self, engine) -> None:
            self.engine = engine

        def __getattr__(self, name):
            attr = getattr(self.engine, name)
            if name in ("update", "load", "extend", "add", "bulk_load"):
                def call(*args, **kwargs):
                    seen.append(store.steady())
                    return attr(*args, **kwargs)
                return call
            return attr

        def __len__(self):
            return len(self.engine)

        def __contains__(self, quad):
            return quad in self.engine

    store.oxigraph = Watching(store.oxigraph)
    write(store)
    assert seen and all(g is None for g in seen), seen
    assert store.steady() == store.generation


def _ttl(store) -> "object":
    import tempfile
    from pathlib import Path

    path = Path(tempfile.mkdtemp()) / "more.ttl"
    path.write_text(f'<{BASE}n2> <http://www.w3.org/2004/02/skos/core#prefLabel> "M"@en .\n', encoding="utf-8")
    return path


def relabel(store) -> None:
    store.update(f'DELETE DATA {{ GRAPH <{G}> {{ <{X}> skos:prefLabel "Old name"@en ; a pk:Actor }} }} ; '
                 f'INSERT DATA {{ GRAPH <{G}> {{ <{X}> skos:prefLabel "New name"@en ; a pk:Measure }} }}')


def test_a_label_read_before_the_index_follows_a_write_does_not_stick(store):
    idx = LabelIndex(store)
    read = idx._stored_label
    at = store.generation

    def racing(key):
        found = read(key)                    # the reader has the old label ...
        relabel(store)                       # ... a writer renames the node and the index follows
        idx.advance(store.changes_since(at))
        return found

    idx._stored_label = racing
    assert idx.label(X) == "Old name"        # what that reader saw
    idx._stored_label = read
    assert idx.label(X) == "New name"


def test_types_read_before_the_index_follows_a_write_do_not_stick(store):
    idx = LabelIndex(store)
    at = store.generation

    class Racing:
        """The store, with a writer stepping in right after the first read of types."""

        def __init__(self) -> None:
            self.done = False

        def __getattr__(self, name):
            return getattr(store, name)

        def values(self, query, **kwargs):
            found = store.values(query, **kwargs)
            if not self.done:
                self.done = True
                relabel(store)
                idx.advance(store.changes_since(at))
            return found

    idx.store = Racing()
    assert [t.rsplit("#", 1)[-1] for t in idx.types(X)] == ["Actor"]    # what that reader saw
    idx.store = store
    assert [t.rsplit("#", 1)[-1] for t in idx.types(X)] == ["Measure"]
