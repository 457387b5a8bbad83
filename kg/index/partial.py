"""Labels for the pages answered while the label index is being built: read from the store per node.

After a cold start the warm-up builds the label index (``kg.index.labels``: every label of the store,
seconds at 1M quads, minutes at 10M). A page answered meanwhile inside ``provisional()`` does not wait
for it: ``labels.index`` then gives a ``Partial`` index, the same reading side over a label table
that holds only the nodes asked about, each node's labels (and, for a causal link without a label,
its ends) read from the store when first asked for (``search_labels_of.rq``, ``search_links_of.rq``).
A page costs the nodes it shows, and shows the same labels as with the whole index.

Search over a ``Partial`` index finds its candidates with one bounded query (``search_direct.rq``:
labels holding the query's longest word, case set aside, at most ``DIRECT_LIMIT`` nodes), then ranks
them as the index does. Such results are partial (accents, spelling variants and labels past the
limit are not found): ``partial`` says so, and the pages say so. One ``Partial`` index is shared per
store generation while the build lasts; it holds at most ``LOADED_MAX`` nodes before starting afresh.
On a store of fewer than ``LARGE`` quads (the index built in well under a second) pages wait as before.
"""
from __future__ import annotations

import threading
import weakref
from contextlib import contextmanager
from typing import Iterator

from rdflib import Literal, URIRef

from kg import queries
from kg.index.cache import instead_of_waiting, waits
from kg.index.counts import quads
from kg.index.folding import WORD, fold
from kg.index.label_table import INSERT_LINK, empty, row
from kg.index.labels import KEY, LabelIndex
from kg.store import Store

DIRECT_LIMIT = 500      # most nodes one direct search reads (the query stops there)
LOADED_MAX = 100_000    # most nodes a shared partial index holds
LARGE = 100_000         # quads from which pages answer without the label index while it is built
NOTICE = "the search index is being built: results may be incomplete"
_shared: "weakref.WeakKeyDictionary[Store, Partial]" = weakref.WeakKeyDictionary()
_guard = threading.Lock()


class Partial(LabelIndex):
    """A label index holding the nodes asked about, read from the store as they are (see the module)."""

    partial = True

    def __init__(self, store: Store) -> None:
        super().__init__(store, empty(), store.generation)
        self._loaded: set[str] = set()
        self._loading = threading.Lock()

    def load(self, iris) -> None:
        """Read the labels of those of ``iris`` not read yet (500 a query)."""
        with self._loading:
            new = [i for i in dict.fromkeys(map(str, iris)) if i not in self._loaded and not i.startswith("_:")]
            for chunk in (new[i:i + 500] for i in range(0, len(new), 500)):
                nodes = [URIRef(i) for i in chunk]
                rows = [row(r) for r in self.store.values(queries.get("search_labels_of"), nodes=nodes)]
                links = self.store.values(queries.get("search_links_of"), nodes=nodes)
                with self._lock:
                    self._insert(rows)
                    self._db.executemany(INSERT_LINK, links)
                self._loaded.update(chunk)

    def prefetch(self, iris) -> None:
        self.load(iris)

    def _stored_label(self, iri: str) -> str | None:
        self.load([iri])
        return super()._stored_label(iri)

    def _link_label(self, iri: str) -> str | None:
        self.load([iri])
        return super()._link_label(iri)

    def labels(self, iri: object) -> list[tuple[str, str]]:
        self.load([iri])
        return super().labels(iri)

    def short(self, iri: object) -> str:
        self.load([iri])
        return super().short(iri)

    def hits(self, ranked, url=None):
        self.load(iri for iri, _, _ in ranked)
        return super().hits(ranked, url)

    def ranked(self, q: str) -> list[tuple[str, str, int]]:
        """The nodes whose labels hold the query's longest word (one bounded query), ranked as by the index."""
        words = WORD.findall(fold(q))
        if not words:
            return []
        word = max(words, key=len)
        self.load(n for n, in self.store.values(queries.get("search_direct"), word=Literal(word), limit=DIRECT_LIMIT))
        return super().ranked(q)


def large(store: Store) -> bool:
    """Whether the store holds ``LARGE`` quads or more (``kg.index.counts.quads``: counted once per
    generation, read from the warm state at a restart): a smaller store's label index is built in well
    under a second, and pages wait for it."""
    return quads(store) >= LARGE


def partial(store: Store) -> Partial | None:
    """The partial index shared by the pages answered at the store's current generation (None on a
    store not ``large``: waiting for its index costs less)."""
    if not large(store):
        return None
    with _guard:
        found = _shared.get(store)
        if found is None or found.generation != store.generation or len(found._loaded) > LOADED_MAX:
            found = _shared[store] = Partial(store)
        return found


def building(store: Store) -> bool:
    """Whether another caller is building (or reading, or bringing up to date) the label index now."""
    return waits(store, KEY)


@contextmanager
def provisional() -> Iterator[None]:
    """Within this block, ``labels.index(store)`` gives the shared ``Partial`` index while another caller
    builds the label index, instead of waiting for it."""
    with instead_of_waiting(KEY, partial):
        yield
