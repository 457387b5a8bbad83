"""The store: where the graph lives, and the one way to read it (SPARQL).

``kg.store.build.open_store(settings)`` returns a ``Store``. Core modules call ``select``,
``ask`` and ``construct`` with SPARQL text (kept in ``kg/queries/*.rq``) and ``$name``
placeholders that are filled with safely serialised RDF terms (a list binds to a VALUES
list, an int to a bare integer). Two implementations:

* ``EmbeddedStore`` (``embedded.py``): Oxigraph in this process, on disk or in memory; the
  SPARQL endpoint's workers open read-only snapshots of its folder (``kg.sparql``);
* ``RemoteStore`` (``remote.py``): any SPARQL 1.1 server (``KG_STORE=sparql:QUERY_URL``),
  through the Protocol, Update and the Graph Store Protocol; what differs between engines
  (Virtuoso, Oxigraph server) is in ``engines.py`` and nowhere else.

Results come back as rdflib terms: ``select`` gives a list of dicts, ``construct`` an
``rdflib.Graph``; ``values`` gives plain strings, for reading many rows fast. The default
graph is the union of all graphs.

``Store.generation`` is a number every write bumps (``load_file``, ``add_graph``, ``update``,
and the endpoint's writer through ``bump()``): every cache of something read from the store
(labels, the search index, the causal layer, page counts) is keyed on it.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from kg.store.base import Solutions, Store
from kg.store.embedded import EmbeddedStore, disk_store, memory_store
from kg.store.terms import (FORMATS, InvalidIRI, QuerySyntaxError, StoreError, from_ox, rdf_format, render, to_ox, to_term, valid_iri)

if TYPE_CHECKING:
    from kg.store.remote import RemoteStore


def remote_store(settings) -> "RemoteStore":
    """The remote store the settings name (``store`` = ``sparql:QUERY_URL``)."""
    from kg.store.remote import open_remote

    return open_remote(settings.store[len("sparql:"):], base_iri=settings.base_iri,
                       update_url=settings.store_update_url, gsp_url=settings.store_gsp_url,
                       auth=settings.store_auth)


def __getattr__(name: str):
    if name in ("RemoteStore", "StoreTimeout"):
        from kg.store import remote

        return getattr(remote, name)
    raise AttributeError(f"module 'kg.store' has no attribute {name!r}")


__all__ = ["EmbeddedStore", "FORMATS", "InvalidIRI", "QuerySyntaxError", "RemoteStore", "Solutions", "Store",
           "StoreError", "StoreTimeout", "disk_store", "from_ox", "memory_store", "rdf_format",
           "remote_store", "render", "to_ox", "to_term", "valid_iri"]
