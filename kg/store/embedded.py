"""The embedded store: Oxigraph in this process, on disk (``disk_store``) or in memory
(``memory_store``, for tests). The SPARQL endpoint's workers open read-only snapshots of the
on-disk folder (``kg.sparql``)."""
from __future__ import annotations

from pathlib import Path
import pyoxigraph as ox
from rdflib import Graph

from kg.store.base import Store
from kg.store.changes import Change, change_of, net_count, parse_data
from kg.store.terms import QuerySyntaxError, StoreError, read_source, to_ox


class EmbeddedStore(Store):
    """Oxigraph in this process; queries run with the default graph as the union of all graphs."""

    def __init__(self, oxigraph: "ox.Store", *, base_iri: str, description: str) -> None:
        super().__init__(base_iri=base_iri, description=description)
        self.oxigraph = oxigraph

    def _query(self, text: str):
        try:
            return self.oxigraph.query(text, use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise QuerySyntaxError(self._own_position(str(exc))) from exc
        except OSError as exc:
            raise StoreError(f"store read failed: {exc}") from exc

    def named_graphs(self) -> list[str]:
        # those holding something, as on a remote store (an emptied graph keeps its name here)
        return sorted(g.value for g in self.oxigraph.named_graphs()
                      if isinstance(g, ox.NamedNode) and next(self.oxigraph.quads_for_pattern(None, None, None, g), None))

    def __len__(self) -> int:
        return len(self.oxigraph)

    # -- writing -------------------------------------------------------------------------
    def load_file(self, path: Path, *, graph: str | None = None,
                  rewrite_base: tuple[str, str] | None = None) -> list[str]:
        """Load one RDF file in one transaction; quads keep their graph, triples go to ``graph``
        (or the default graph). Adds to what is there. Returns ``[]`` (graphs are not tracked)."""
        fmt, data = read_source(path, rewrite_base)
        to_graph = ox.NamedNode(graph) if graph else None
        self.begin()
        try:
            self.oxigraph.load(data, format=fmt, to_graph=to_graph, base_iri=path.resolve().as_uri())
        except SyntaxError as exc:
            raise StoreError(f"{path}: {exc}") from exc
        finally:
            self.bump()
        return []

    def add_graph(self, graph: Graph, named: str) -> None:
        g = ox.NamedNode(named)
        quads = [ox.Quad(to_ox(s), to_ox(p), to_ox(o), g) for s, p, o in graph]
        net, change = net_count([(False, quads)], self.oxigraph.__contains__), None
        self.begin()
        try:
            self.oxigraph.extend(quads)
            change = Change.of(quads, net=net)
        finally:
            self.bump(change)

    def update(self, update: str) -> None:
        parsed, change = parse_data(update, self.prologue), None
        net = net_count(parsed, self.oxigraph.__contains__)
        self.begin()
        try:
            self.oxigraph.update(self.prologue + update)
            change = change_of(parsed, net)
        except SyntaxError as exc:
            raise QuerySyntaxError(self._own_position(str(exc))) from exc
        finally:
            self.bump(change)

    def flush(self) -> None:
        if hasattr(self.oxigraph, "flush"):
            try:
                self.oxigraph.flush()
            except OSError:
                pass


def memory_store(base_iri: str) -> EmbeddedStore:
    return EmbeddedStore(ox.Store(), base_iri=base_iri, description="memory")


def disk_store(path: Path, base_iri: str, *, read_only: bool = False) -> EmbeddedStore:
    try:
        if read_only:
            store = ox.Store.read_only(str(path))
        else:
            path.mkdir(parents=True, exist_ok=True)
            store = ox.Store(str(path))
    except OSError as exc:
        raise StoreError(f"cannot open Oxigraph store at {path}: {exc}") from exc
    return EmbeddedStore(store, base_iri=base_iri, description=f"oxigraph:{path}")
