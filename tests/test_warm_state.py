"""Warm state outlives the process (``kg.index.warm``): a restart on an unchanged on-disk store
reads the label index, the sorted keys of the lists, the kind counts and the causal layer from
disk instead of building them, and its pages are the same; a changed data folder, or a write
through the store since the last start, makes them built again (and the pages show the change).

Each "process" is a real Python process opening the store (``open_store``) and running the
app's warm-up (``web.app.warm_up``); it reports what was built and read (``warm.counts``) and
the pages' data."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from kg.core.settings import PROJECT_ROOT
from scratch import scratch_folders

MEASURE = "https://w3id.org/policy-kg/id/measure-dc-access-limits"
NEW_MEASURE = "https://w3id.org/policy-kg/id/measure-warm-state-probe"
LASTING = ["search:index", "trace:causal_graph", "catalog:members:measures", "catalog:events",
           "claims:order:claimer", "catalog:quads", "documents:order", "search:passages"]

PROCESS = """
import json, sys
from kg.core.settings import Settings
from kg.store.build import open_store
from kg.index import warm
from kg.index.passages import search
from kg.pages import claims, home, lists
from kg import trace
from web.app import warm_up

settings = Settings.from_env(env={}, store="oxigraph", store_path=sys.argv[1], data_dir=sys.argv[2])
store = open_store(settings)
warm_up(store, settings)
pages = {"home": home.home(store, settings.data_dir), "measures": lists.kind_list(store, "measures"),
         "claims": claims.table(store), "timeline": lists.timeline(store),
         "trace": trace.trace(store, sys.argv[3]), "search": search(store, None, "export controls")}
counts = dict(warm.counts)
if len(sys.argv) > 4:      # a write through the store, after the warm-up
    store.update(sys.argv[4])
print(json.dumps({"counts": counts, "pages": pages}, default=str))
"""


def _run(store_path: Path, data: Path, update: str | None = None) -> dict:
    args = [sys.executable, "-c", PROCESS, str(store_path), str(data), MEASURE] + ([update] if update else [])
    done = subprocess.run(args, cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=300,
                          env={"PYTHONPATH": str(PROJECT_ROOT), "PATH": "/usr/bin:/bin"})
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout)


def _measure_iris(run: dict) -> set[str]:
    return {m["iri"] for m in run["pages"]["measures"]["items"]}


def test_restart_reads_warm_state_and_rebuilds_after_a_change(tmp_path: Path):
    _, data = scratch_folders(tmp_path)
    store_path = tmp_path / "kg" / "store"

    first = _run(store_path, data)
    for key in LASTING:
        assert first["counts"].get(f"built {key}") == 1, key
        assert first["counts"].get(f"saved {key}") == 1, key
        assert f"read {key}" not in first["counts"], key

    again = _run(store_path, data)       # a restart on the unchanged store
    for key in LASTING:
        assert again["counts"].get(f"read {key}") == 1, key
        assert f"built {key}" not in again["counts"], key
    assert again["pages"] == first["pages"]

    # the data changed: a new measure in a new data file; the store is rebuilt, and so is its warm state
    (data / "zz_warm_probe.trig").write_text(
        "@prefix pk: <https://w3id.org/policy-kg/ns#> .\n@prefix skos: <http://www.w3.org/2004/02/skos/core#> .\n"
        f"<https://w3id.org/policy-kg/id/doc/warm-probe> {{ <{NEW_MEASURE}> a pk:Measure ; "
        "skos:prefLabel \"Aardvark probe measure\"@en . }\n")
    changed = _run(store_path, data)
    for key in LASTING:
        assert changed["counts"].get(f"built {key}") == 1, key
        assert f"read {key}" not in changed["counts"], key
    assert _measure_iris(changed) == _measure_iris(first) | {NEW_MEASURE}
    assert changed["pages"]["home"]["quads"] > first["pages"]["home"]["quads"]


def test_a_write_through_the_store_is_not_hidden_by_the_warm_state(tmp_path: Path):
    """A write through the store that the data folder does not hold (no file, no journal entry,
    as when a server is killed between the store and the file) does not outlive a restart: the
    next start rebuilds the store from the folder (``is_current`` sees the write stamp), and the
    warm state it reads is that of the folder's data, the same pages as before the write."""
    _, data = scratch_folders(tmp_path)
    store_path = tmp_path / "kg" / "store"
    insert = ("INSERT DATA { GRAPH <https://w3id.org/policy-kg/id/doc/warm-probe> { "
              f"<{NEW_MEASURE}> a pk:Measure ; skos:prefLabel \"Aardvark probe measure\"@en . }} }}")
    first = _run(store_path, data, insert)
    assert NEW_MEASURE not in _measure_iris(first)
    after = _run(store_path, data)
    assert NEW_MEASURE not in _measure_iris(after)
    assert after["pages"] == first["pages"]
    later = _run(store_path, data)          # no write since: read again
    assert later["counts"].get("read catalog:members:measures") == 1
    assert later["pages"] == after["pages"]


def test_a_restart_reads_every_part_the_cold_start_saved_home_included(tmp_path: Path):
    """Whatever the cold start's warm-up (and its pages) put on the shelf, a restart on the unchanged
    store reads and does not build: home's data among them, read whole (``kg.pages.home.HOME_KEY``),
    so that the restart's first home page needs neither the label index nor the count of links per
    cause (``catalog:causes``, which a write then builds home from: read too)."""
    _, data = scratch_folders(tmp_path)
    store_path = tmp_path / "kg" / "store"
    first = _run(store_path, data)
    saved = {k.split(" ", 1)[1] for k in first["counts"] if k.startswith("saved ")}
    assert {"home", "catalog:causes", "documents:order"} <= saved
    again = _run(store_path, data)
    for key in saved:
        assert again["counts"].get(f"read {key}") == 1, key
        assert f"built {key}" not in again["counts"], key
    assert again["pages"]["home"] == first["pages"]["home"]


STARTS = """
import json, sys
from kg.core.settings import Settings
from kg.store.build import open_store
from kg.index import warm
from kg.trace.layer import layer_ready
from web.app import create_app

settings = Settings.from_env(env={}, store="oxigraph", store_path=sys.argv[1], data_dir=sys.argv[2], warm_up=1)
store = open_store(settings)
create_app(settings, store)
print(json.dumps({"ready": layer_ready(store), "read": warm.counts["read trace:causal_graph"]}))
"""


def test_a_restart_reads_the_causal_layer_before_the_app_serves(tmp_path: Path):
    """With the causal layer on the shelf, ``create_app`` has read it when it returns (before the server
    answers /health), so the first trace after a restart neither reads it nor goes near; with none on
    the shelf (a cold start), nothing is read before serving (the warm-up builds it)."""
    _, data = scratch_folders(tmp_path)
    store_path = tmp_path / "kg" / "store"

    def start() -> dict:
        done = subprocess.run([sys.executable, "-c", STARTS, str(store_path), str(data)], cwd=PROJECT_ROOT,
                              capture_output=True, text=True, timeout=300,
                              env={"PYTHONPATH": str(PROJECT_ROOT), "PATH": "/usr/bin:/bin"})
        assert done.returncode == 0, done.stderr[-3000:]
        return json.loads(done.stdout.strip().splitlines()[-1])

    assert start()["read"] == 0                      # cold: nothing on the shelf to read
    _run(store_path, data)                           # a start whose warm-up puts the layer on the shelf
    again = start()
    assert again == {"ready": True, "read": 1}
