"""The ``Store`` interface: a graph reached through SPARQL, whose default graph is the union
of all its graphs.

Both implementations (``EmbeddedStore``: Oxigraph in this process; ``RemoteStore``: any
SPARQL 1.1 server) answer a query with pyoxigraph results (``ox.QuerySolutions``,
``ox.QueryBoolean``, or triples); the reading methods here turn those into rdflib terms
(``select``, ``construct``), plain strings (``values``) or a bool (``ask``), so the two give
the same answers to the same query.
"""
from __future__ import annotations

import re
import threading
import uuid
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Mapping

import pyoxigraph as ox
from rdflib import Graph
from rdflib.term import Identifier

from kg.core.namespaces import sparql_prologue
from kg.core.priority import give_way, paced
from kg.core.storage import atomic_write
from kg.store.changes import Change
from kg.store.terms import StoreError, from_ox, render

CHANGES_KEPT = 256   # the writes a store remembers (``changes_since``); older caches are rebuilt


class Solutions:
    """A SELECT answer read in full (a remote store's), iterable like ``ox.QuerySolutions``."""

    def __init__(self, variables, rows) -> None:
        self.variables = variables
        self._rows = rows

    def __iter__(self):
        return iter(self._rows)


SOLUTIONS = (ox.QuerySolutions, Solutions)


@dataclass
class Warmth:
    """Where the caches of a store's data may outlive the process (``kg.index.warm``): the folder,
    what identifies the data (``key``), the generation that data is at, and the stamp file the
    first write rewrites (part of the next ``key``, so a restart after a write does not trust them;
    removed again once the write is settled, ``kg.store.settling``)."""
    folder: Path
    key: str
    generation: int
    stamp: Path | None = None
    written: bool = False
    settling: object | None = None    # ``kg.store.settling.Settling``: removes the stamp once files and store agree


def stamp_of(path: Path) -> str:
    """The text of a store's write stamp ('' before the first write)."""
    try:
        return Path(path).read_text().strip()
    except OSError:
        return ""


class Store:
    """A graph store reached through SPARQL. The default graph is the union of all graphs.

    ``generation`` is a number every write bumps (``load_file``, ``add_graph``, ``update``, and
    the endpoint's writer through ``bump()``): caches of what was read are keyed on it. Each
    bump notes what the write changed when that is known (``kg.store.changes``), so that a
    cache may follow a small write instead of being rebuilt (``changes_since``)."""

    remote = False
    system_graphs: tuple[str, ...] = ()   # graphs the engine keeps for itself (seen by GRAPH ?g), not data
    warmth: Warmth | None = None          # set by ``keep_warm``: caches of this data may be kept on disk

    def __init__(self, *, base_iri: str, description: str) -> None:
        self.base_iri = base_iri
        self.description = description
        self.prologue = sparql_prologue(base_iri)
        self.generation = 0
        self._generation_lock = threading.Lock()
        self._writing = 0                     # writes begun (``begin``) and not yet bumped
        self._changes: deque[tuple[int, Change | None]] = deque(maxlen=CHANGES_KEPT)

    def begin(self) -> None:
        """Note that a write starts: until its ``bump`` the store holds data of no generation
        (part of the write may be visible), so nothing read meanwhile is kept as the current
        generation's (``steady``, ``kg.index.cache.per_generation``)."""
        with self._generation_lock:
            self._writing += 1
            self._stamp()

    def _stamp(self) -> None:
        """The first write after an open (or after the last settled one, ``kg.store.settling``)
        rewrites the store's write stamp (``keep_warm``), before the store changes: a store killed in
        the middle of a write is not taken for the one its sources built (``kg.store.build.is_current``),
        and caches kept on disk no longer match. A write outside the data folder's lock is never settled."""
        warm = self.warmth
        if warm is not None and warm.settling is not None:
            warm.settling.outside_write()
        if warm is not None and warm.stamp is not None and not warm.written:
            warm.written = True      # the data is no longer what the key says
            atomic_write(warm.stamp, uuid.uuid4().hex + "\n")

    def steady(self) -> int | None:
        """The generation, when no write is in progress (None while one is)."""
        with self._generation_lock:
            return None if self._writing else self.generation

    def bump(self, change: Change | None = None) -> int:
        """Note a write (and what it changed, if known): every cache keyed on the old generation
        is stale from now on."""
        with self._generation_lock:
            self._writing = max(0, self._writing - 1)
            self.generation += 1
            self._changes.append((self.generation, change))
            self._stamp()            # a write that did not ``begin`` (none should)
            return self.generation

    def keep_warm(self, folder: Path, key: str, stamp: Path | None = None) -> None:
        """Let the caches of the current generation be kept on disk under ``folder``, for the
        data ``key`` names (its sources' fingerprint, and ``stamp``'s text when there is one)."""
        self.warmth = Warmth(Path(folder), key + (f" {stamp_of(stamp)}" if stamp is not None else ""),
                             self.generation, stamp)

    def files_followed(self) -> None:
        """The data watcher loaded every data file as it is now (``kg.curation.watch``)."""
        warm = self.warmth
        if warm is not None and warm.settling is not None:
            warm.settling.followed()

    def rekey(self, key: str, unstamp: Callable[[Path], None]) -> bool:
        """A settled write (``kg.store.settling``): unless a write is under way (then False), the stamp
        is removed (``unstamp``) and the data is what ``key`` names, at the current generation; caches
        saved from now on are that data's, and the next write stamps the store again."""
        with self._generation_lock:
            warm = self.warmth
            if self._writing or warm is None:
                return False
            if warm.stamp is not None:
                unstamp(warm.stamp)
            self.warmth = Warmth(warm.folder, key + (" " if warm.stamp is not None else ""), self.generation,
                                 warm.stamp, False, warm.settling)
            return True

    def changes_since(self, generation: int, until: int | None = None) -> list[Change] | None:
        """The changes of the writes after ``generation`` up to ``until`` (default: now), oldest
        first; ``None`` when one of them is unknown or no longer remembered."""
        with self._generation_lock:
            now, log = self.generation if until is None else until, list(self._changes)
        wanted = [(g, c) for g, c in log if generation < g <= now]
        if len(wanted) != now - generation or any(c is None for _, c in wanted):
            return None
        return [c for _, c in wanted]

    # -- what an implementation provides ----------------------------------------------------
    def _query(self, text: str):
        """Run a complete query text (prologue included); a pyoxigraph result."""
        raise NotImplementedError

    def named_graphs(self) -> list[str]:
        raise NotImplementedError

    def __len__(self) -> int:
        raise NotImplementedError

    def load_file(self, path: Path, *, graph: str | None = None,
                  rewrite_base: tuple[str, str] | None = None) -> list[str]:
        raise NotImplementedError

    def add_graph(self, graph: Graph, named: str) -> None:
        raise NotImplementedError

    def update(self, update: str) -> None:
        raise NotImplementedError

    def flush(self) -> None:
        pass

    def close(self) -> None:
        pass

    # -- reading -------------------------------------------------------------------------
    def _run(self, query: str, bindings: Mapping[str, object] | None):
        give_way()   # background work (the app's warm-up) waits while requests are answered
        return self._query(self.prologue + render(query, bindings))

    def _own_position(self, message: str) -> str:
        """The parser's ``error at LINE:COL`` counted in the caller's text, not after the prologue."""
        lines = self.prologue.count("\n")
        return re.sub(r"error at (\d+):(\d+)",
                      lambda m: f"error at line {max(1, int(m.group(1)) - lines)}, column {m.group(2)}", message, count=1)

    def select(self, query: str, **bindings: object) -> list[dict[str, Identifier]]:
        result = self._run(query, bindings)
        if not isinstance(result, SOLUTIONS):
            raise StoreError("select() needs a SELECT query")
        names = [v.value for v in result.variables]
        rows = []
        for solution in paced(result):   # the warm-up's long results pause while a request is answered
            row = {}
            for name in names:
                value = solution[name]
                if value is not None:
                    row[name] = from_ox(value)
            rows.append(row)
        return rows

    def values(self, query: str, **bindings: object) -> list[tuple[str | None, ...]]:
        """A SELECT's rows as tuples of plain strings (IRIs, literal lexical forms; None when
        unbound), in the order of the projected variables: for reading many rows fast, where
        building rdflib terms would cost more than the query."""
        result = self._run(query, bindings)
        if not isinstance(result, SOLUTIONS):
            raise StoreError("values() needs a SELECT query")
        names = [v.value for v in result.variables]
        return [tuple(None if (t := solution[n]) is None else t.value for n in names) for solution in paced(result)]

    def ask(self, query: str, **bindings: object) -> bool:
        result = self._run(query, bindings)
        if not isinstance(result, ox.QueryBoolean):
            raise StoreError("ask() needs an ASK query")
        return bool(result)

    def construct(self, query: str, **bindings: object) -> Graph:
        result = self._run(query, bindings)
        if isinstance(result, (*SOLUTIONS, ox.QueryBoolean)):
            raise StoreError("construct() needs a CONSTRUCT or DESCRIBE query")
        graph = Graph()
        for t in result:
            graph.add((from_ox(t.subject), from_ox(t.predicate), from_ox(t.object)))
        return graph
