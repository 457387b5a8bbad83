"""The warm state of a remote store, on a real Virtuoso (a private instance on loopback): a restart
against the unchanged engine reads it; a write by the app, and writes by another client (a new
graph, statements added to an existing graph), make it built again, and the pages show them.

Each "restart" opens the store afresh (``open_store``: the build manifest, the engine's graphs and
their sizes name the data), as ``kg serve`` does, and reads a list page; ``warm.counts`` tells
whether its sorted members were read from disk or built."""
from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from kg.core.settings import Settings
from kg.index import warm
from kg.pages import lists
from kg.store import remote_store
from kg.store.build import open_store
from remote_servers import start
from scratch import scratch_folders

BASE = "https://w3id.org/policy-kg/id/"
KEY = "catalog:members:measures"


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory):
    server = start("virtuoso", tmp_path_factory.mktemp("virtuoso-warm"))
    yield server
    server.stop()


def _restart(settings: Settings) -> tuple[set[str], str]:
    """Open the store as a fresh process would; the measures list's members and whether they were
    ``read`` from the warm state or ``built``."""
    before = dict(warm.counts)
    store = open_store(settings)
    page = lists.kind_list(store, "measures", limit=500)
    members = {m["iri"] for m in page["items"]}
    assert len(members) == page["count"]
    read = warm.counts[f"read {KEY}"] - before.get(f"read {KEY}", 0)
    built = warm.counts[f"built {KEY}"] - before.get(f"built {KEY}", 0)
    assert read + built == 1, (read, built)
    return members, "read" if read else "built"


def _measure(name: str, graph: str) -> str:
    return (f"INSERT DATA {{ GRAPH <{BASE}doc/{graph}> {{ <{BASE}{name}> a <https://w3id.org/policy-kg/ns#Measure> ; "
            f"<http://www.w3.org/2004/02/skos/core#prefLabel> \"Aardvark {name}\"@en . }} }}")


def _other_client(settings: Settings, update: str) -> None:
    """A write sent straight to Virtuoso's update endpoint, not through the app."""
    user, password = settings.store_auth.split(":", 1)
    r = httpx.post(settings.store_update_url, data={"update": update}, auth=httpx.DigestAuth(user, password), timeout=60)
    assert r.status_code == 200, r.text[:500]


def test_remote_warm_state_follows_the_engine(virtuoso, tmp_path: Path):
    _, data = scratch_folders(tmp_path)
    settings = Settings.from_env(env={}, **virtuoso.settings, store_path=str(tmp_path / "kg" / "store"),
                                 data_dir=str(data))
    first, how = _restart(settings)
    assert how == "built" and f"{BASE}measure-dc-access-limits" in first
    again, how = _restart(settings)             # nothing changed: read, the same members
    assert (again, how) == (first, "read")

    app = open_store(settings)                  # a write by the app
    app.update(_measure("warm-app", "warm-app"))
    after_app, how = _restart(settings)
    assert (after_app, how) == (first | {BASE + "warm-app"}, "built")
    assert _restart(settings) == (after_app, "read")

    existing = next(g for g in remote_store(settings).named_graphs() if g.startswith(BASE + "doc/"))
    _other_client(settings, _measure("warm-other-new-graph", "warm-other"))      # another client: a new graph
    in_new, how = _restart(settings)
    assert (in_new, how) == (after_app | {BASE + "warm-other-new-graph"}, "built")

    _other_client(settings, _measure("warm-other-existing", existing[len(BASE + "doc/"):]))   # inside a graph
    in_existing, how = _restart(settings)
    assert (in_existing, how) == (in_new | {BASE + "warm-other-existing"}, "built")
    assert _restart(settings) == (in_existing, "read")
